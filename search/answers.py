"""Direct answers: the sentences of the help center that answer a question, quoted verbatim.

An answer comes from the first result's best passage (the one the model found closest to
the question): the run of one to three whole sentences of it (search.sentences) holding
most of the question's content words, the shortest run first, widened by its neighbours
(the next one first) up to three sentences within ``ANSWER_CHARS``. Its score is how sure
search is of that article (its relevance, see search.backends.base.fused_ranking) plus a
share for the question's words the sentences and their heading hold; an answer is shown only at or above the model's ``answer_threshold`` (calibrated by
``kb_eval --answers`` for precision ≥ 0.9; setting SEARCH_ANSWER_MIN_SCORE), so that no
answer is given rather than a wrong one. Nothing is generated: the sentences are the
passage's own text.
"""

import re
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.utils.text import slugify

from .sentences import is_whole, sentences
from .text import analyzer, base_language, evidence_words, words

#: Most sentences an answer quotes.
MAX_SENTENCES = 3
#: An answer takes the sentences around it (the next first) while it stays this short,
#: in characters: the words that answer a question are often next to those it asks with.
ANSWER_CHARS = 400
#: Score given for holding every content word of the question (a share of it for some).
COVERAGE_WEIGHT = 0.1
#: Words that open a question, per language (folded); a search that ends with a question
#: mark, opens with one of these or has at least ``QUESTION_WORDS`` words is a question.
QUESTION_OPENERS = {
    "en": "how what when where why who whom whose which can could do does did is are was "
    "were will would should shall may might have has am",
    "de": "wie was wann wo woher wohin warum weshalb wieso wer wen wem wessen welche welcher "
    "welches welchen kann konnen muss mussen darf durfen gibt ist sind wird werden habe "
    "hat haben soll sollte mochte",
    "fr": "comment quand ou pourquoi qui que quoi quel quelle quels quelles combien est "
    "puis peut peuvent dois doit faut",
    "es": "como que cuando donde por quien quienes cual cuales cuanto cuanta cuantos "
    "cuantas puedo puede pueden se hay es son debo tengo",
}
QUESTION_WORDS = 4
#: Words of the first and last sentence that a citation link's text fragment names.
FRAGMENT_WORDS = 4
_QUESTION_MARK = re.compile(r"[?？؟]\s*$")


@dataclass
class Answer:
    sentences: list  # verbatim, in the passage's order
    parent_id: str
    passage_id: str
    title: str
    url: str  # the article, at the section the sentences are in
    heading: str
    anchor: str  # id of the section on the article page, "" for the article's summary
    language: str
    fallback: bool  # in another language than the one asked for
    score: float
    coverage: float  # share of the question's content words the sentences hold
    generated: object = None  # search.generative.Generated, when a chat model rewrote it

    @property
    def text(self):
        """The sentences as one text; Chinese and Japanese put no space between them."""
        text = ""
        for sentence in self.sentences:
            text += sentence if not text or text[-1] in "。！？" else f" {sentence}"
        return text

    @property
    def link(self):
        """``url`` with a text fragment that has the browser scroll to the quoted sentences
        and highlight them on arrival (``#section:~:text=start,end``, the WICG text
        fragments every current browser follows; an older one still opens the section)."""
        first = self.sentences[0].split()
        last = self.sentences[-1].split()
        if len(self.sentences) == 1 and len(first) <= 2 * FRAGMENT_WORDS:
            directive = _fragment(first)
        else:
            directive = f"{_fragment(first[:FRAGMENT_WORDS])},{_fragment(last[-FRAGMENT_WORDS:])}"
        base, _hash, anchor = self.url.partition("#")
        return f"{base}#{anchor}:~:text={directive}"


def is_question(query, language):
    """Whether a search reads as a question (rather than a word or two to look up)."""
    query_words = words(query)
    if not query_words:
        return False
    if _QUESTION_MARK.search(query) or len(query_words) >= QUESTION_WORDS:
        return True
    openers = set(QUESTION_OPENERS.get(base_language(language), "").split())
    return len(query_words) >= 2 and query_words[0] in openers


def threshold(embedder):
    """The score an answer needs: SEARCH_ANSWER_MIN_SCORE, else the model's calibration;
    None when answers are switched off (or there is no model)."""
    value = getattr(settings, "SEARCH_ANSWER_MIN_SCORE", None)
    if value is None:
        return getattr(embedder, "answer_threshold", None)
    return None if value == float("inf") else value


def best_answer(query, language, results):
    """The answer of the first result to ``query`` and its score, at any score; None when
    there is nothing to quote (no result, no dense scores, no whole sentence)."""
    if not results.hits:
        return None
    hit = results.hits[0]
    if not hit.passage_id or not hit.text or hit.relevance is None:
        return None
    languages = sorted({base_language(language), base_language(hit.language)} - {""})
    question = _question_words(query, languages)
    # The section's heading (the article's title for its summary) is the sentences'
    # context, as the model saw them: an FAQ's question is there, its answer in the text.
    context = _held(hit.heading or hit.title, question, languages)
    quoted, coverage = _quote(hit.text, hit.language, question, languages, context)
    if not quoted:
        return None
    anchor = slugify(hit.heading) if hit.heading else ""
    return Answer(
        sentences=quoted,
        parent_id=str(hit.parent_id),
        passage_id=hit.passage_id,
        title=hit.title,
        url=f"{hit.url}#{anchor}" if anchor and "#" not in hit.url else hit.url,
        heading=hit.heading,
        anchor=anchor,
        language=hit.language,
        fallback=results.fallback,
        score=round(hit.relevance + COVERAGE_WEIGHT * coverage, 4),
        coverage=round(coverage, 4),
    )


def direct_answer(query, language, results, embedder, minimum=None):
    """The answer to show above ``results`` for ``query``, or None: not a question, nothing
    to quote, or a score under ``minimum`` (default: ``threshold(embedder)``)."""
    minimum = threshold(embedder) if minimum is None else minimum
    if minimum is None or not is_question(query, language):
        return None
    answer = best_answer(query, language, results)
    if answer is None or answer.score < minimum:
        return None
    return answer


def _fragment(text_words):
    # Text fragments reserve "-", "," and "&"; quote() escapes the latter two, not "-".
    return quote(" ".join(text_words), safe="").replace("-", "%2D")


def _question_words(query, languages):
    """Per content word of the question, its stems in ``languages``."""
    return [
        {analyzer(language).stem(word) for language in languages}
        for word in evidence_words(query, languages)
    ]


def _quote(text, language, question, languages, context):
    """(the sentences to quote, the share of the question's words they and their
    ``context`` hold)."""
    found = sentences(text, language)
    whole = [is_whole(sentence, language) for sentence in found]
    held = [_held(sentence, question, languages) for sentence in found]
    best, best_key = None, None
    for start in range(len(found)):
        covered = set()
        for stop in range(start, min(start + MAX_SENTENCES, len(found))):
            if not whole[stop]:
                break
            covered |= held[stop]
            # Most words held, then the fewest sentences, then the earliest.
            key = (len(covered), -(stop - start), -start)
            if best_key is None or key > best_key:
                best, best_key = (start, stop), key
    if best is None:
        return [], 0.0
    start, stop = best
    length = sum(len(sentence) + 1 for sentence in found[start : stop + 1])
    while stop - start + 1 < MAX_SENTENCES:
        if (
            stop + 1 < len(found)
            and whole[stop + 1]
            and length + len(found[stop + 1]) <= ANSWER_CHARS
        ):
            stop += 1
            length += len(found[stop]) + 1
        elif start > 0 and whole[start - 1] and length + len(found[start - 1]) <= ANSWER_CHARS:
            start -= 1
            length += len(found[start]) + 1
        else:
            break
    covered = context.union(*held[start : stop + 1])
    return found[start : stop + 1], (len(covered) / len(question) if question else 0.0)


def _held(sentence, question, languages):
    """The positions of the question's words that ``sentence`` holds (by stem)."""
    stems = {analyzer(language).stem(word) for word in words(sentence) for language in languages}
    return {position for position, word_stems in enumerate(question) if word_stems & stems}
