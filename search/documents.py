"""What the site feeds into search (passages) and what search gives back (hits).

A passage is a piece of one article in one language, small enough to be matched on its own;
results are grouped by article (``parent_id``) and show the article's best passage.
"""

import re
from dataclasses import dataclass, field

from django.utils.safestring import SafeString

#: Longest passage text, in characters, that ``split_text`` produces. Shorter passages match
#: questions more precisely; 400 scored better than 600 or 1,000 on the evaluation sets.
PASSAGE_MAX_CHARS = 400
#: Longest article overview (context and passage texts) embedded for the article as a whole.
OVERVIEW_MAX_CHARS = 2000

_SENTENCE_END = re.compile(r"(?<=[.!?…。！？;])\s+")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_SPACES = re.compile(r"[^\S\n]+")


@dataclass(kw_only=True)
class Passage:
    """A piece of an article in one language, as the site hands it to the search engine."""

    id: str  # unique within the namespace
    parent_id: str  # the article; results are grouped by it
    language: str
    title: str  # the article's title
    category: str = ""  # the category's title, context only
    heading: str = ""  # the section heading, may be empty
    text: str  # plain text
    kind: str = ""
    category_id: str = ""
    url: str = ""
    live: bool = True
    namespace: str = "site"

    @property
    def context(self):
        """Where the passage sits: category › title › heading."""
        return " › ".join(part for part in (self.category, self.title, self.heading) if part)

    @property
    def embedding_text(self):
        """The passage with its context, as the embedding model sees it."""
        return f"{self.context}\n{self.text}" if self.context else self.text


@dataclass
class SearchHit:
    """One article in the results, represented by its best passage."""

    parent_id: str
    passage_id: str
    language: str
    title: str
    url: str
    kind: str
    category: str
    heading: str
    score: float
    snippet: SafeString  # the passage text, escaped, with <mark> around matched terms
    text: str = ""  # the passage text, plain (what a direct answer quotes from)
    relevance: float | None = None  # the article's (search.backends.base.fused_ranking);
    # None without dense scores


@dataclass
class SearchResults:
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0  # matching articles, across all pages
    took_ms: float = 0.0  # time spent in the engine, query embedding included
    fallback: bool = False  # the hits are in other languages than the one asked for
    degraded: bool = False  # only full-text search answered (the embedding model is down)
    query_vector: str = ""  # "hit": the query's vector came from the cache, "miss": the model
    embed_ms: float = 0.0  # of took_ms, the time getting the query's vector
    best_relevance: float | None = None  # the highest of the candidates' relevances
    # (search.backends.base.fused_ranking); None without dense scores
    cached: bool = False  # answered from search.result_cache, without ranking again

    def __iter__(self):
        return iter(self.hits)

    def __len__(self):
        return len(self.hits)


@dataclass
class Suggestion:
    """A title or section heading offered while the shopper types."""

    title: str  # the article's title
    heading: str  # the matching section heading, or "" when the title matched
    url: str
    category: str
    language: str
    parent_id: str


def overview_text(passages, max_chars=OVERVIEW_MAX_CHARS):
    """What the model embeds for a whole article: its context line, then its headings and
    passage texts in order, clipped at a word."""
    first = passages[0]
    lines = [" › ".join(part for part in (first.category, first.title) if part)]
    heading = ""
    for passage in passages:
        if passage.heading and passage.heading != heading:
            heading = passage.heading
            lines.append(heading)
        lines.append(passage.text)
    text = "\n".join(line for line in lines if line)
    if len(text) > max_chars:
        text = text[: max_chars + 1].rsplit(None, 1)[0]
    return text


def split_text(title, body, heading="", *, max_chars=PASSAGE_MAX_CHARS):
    """Cut the plain text of one article section into passage texts.

    Paragraphs and lines are kept apart (each line of a list or an FAQ entry matches on its
    own); sentences of a long line are packed into passages of at most ``max_chars``, and a
    sentence longer than that is wrapped at a word boundary. A first line that only repeats
    the title or heading is dropped: both travel with every passage as its context.
    """
    lines = []
    for paragraph in _PARAGRAPH_BREAK.split(body or ""):
        for line in paragraph.split("\n"):
            line = _SPACES.sub(" ", line).strip()
            if line:
                lines.append(line)
    if lines and lines[0].casefold() in {title.casefold().strip(), heading.casefold().strip()}:
        lines = lines[1:]
    passages = []
    for line in lines:
        for chunk in _pack(_sentences(line, max_chars), max_chars):
            if chunk not in passages:
                passages.append(chunk)
    return passages


def split_sections(title, sections):
    """``(heading, passage text)`` pairs of a whole article, from its ``(heading, plain
    text)`` sections in order (the summary first, without a heading), each section cut by
    ``split_text``: how the site indexes an article (``kb.indexing``), and so how kb_eval
    cuts a corpus document."""
    return [
        (heading, chunk)
        for heading, text in sections
        for chunk in split_text(title, text, heading=heading)
    ]


def _sentences(line, max_chars):
    for sentence in _SENTENCE_END.split(line):
        while len(sentence) > max_chars:
            cut = sentence.rfind(" ", 0, max_chars + 1)
            cut = cut if cut > max_chars // 2 else max_chars
            yield sentence[:cut].strip()
            sentence = sentence[cut:].strip()
        if sentence:
            yield sentence


def _pack(sentences, max_chars):
    chunk = ""
    for sentence in sentences:
        if chunk and len(chunk) + 1 + len(sentence) > max_chars:
            yield chunk
            chunk = sentence
        else:
            chunk = f"{chunk} {sentence}" if chunk else sentence
    if chunk:
        yield chunk
