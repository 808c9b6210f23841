"""The ``SearchEngine`` base class: what every engine offers and what each one implements.

The public methods clean the input, time the search and fall back to other languages;
engines override the hook methods (``_rank``, ``_languages``, ``index``, ``delete``, …).
"""

import dataclasses
import time
import uuid
from dataclasses import dataclass, field

from django.conf import settings

from .. import query_vectors, result_cache
from ..documents import SearchResults
from ..fusion import fuse
from ..text import clean_query, words

MODES = ("hybrid", "lexical", "dense")
MAX_SIZE = 100
MAX_OFFSET = 10_000
FILTERS = ("category_id", "kind", "live")
#: Articles per language the dense side brings, best first, besides those full text found.
#: A language's level (``fused_ranking``) is their mean, so every engine takes as many:
#: with 50 a side, the Elasticsearch engine's relevances were 0.009 under the embedded
#: engine's at 10,000 passages, and three times as many searches tried other languages.
DENSE_CANDIDATES = 200
#: Articles a language needs for a word none of them holds to tell a question is not for
#: the help center (``SearchEngine._unless_unknown``). In one of a handful of articles most
#: of a shopper's words are in none: "my card was refused at checkout" (the word "refused")
#: in the tests' five. Chosen, not measured: the demo has 38 per language.
UNKNOWN_WORDS_MIN_ARTICLES = 20
#: How many articles' worth of weight pulls a language's level towards the empty passage's
#: (see ``fused_ranking``): with 5, a language of 38 articles has nearly its own mean, one
#: of a single article mostly the prior. Chosen with the model's answer_floor (embedders).
LEVEL_PRIOR_ARTICLES = 5
#: Without dense scores (the model is down), the full-text matches kept: those scoring at
#: least this share of the best one.
LEXICAL_SHARE = 0.2
#: Most articles a search returns when only full text vouches for them (the model is unsure:
#: a misspelt question, say; ``fused_ranking``): "retrun an itme" matched 18 articles of the
#: demo holding "return" and "item". Five cost no relevant article on the shared sets or the
#: demo's questions (kb_eval).
RESCUED_MOST = 5


class SearchUnavailable(RuntimeError):
    """The engine cannot answer or write now (a search cluster is down, say)."""


@dataclass
class Query:
    """A cleaned query; engines keep what they derive from it (its vector) here."""

    text: str
    words: list = field(default_factory=list)
    vector: object = None
    vector_cache: str = ""  # "hit" or "miss" once the vector is known (search.query_vectors)
    embed_ms: float = 0.0  # time spent getting the vector, from the cache or the model

    @classmethod
    def parse(cls, raw):
        text = clean_query(raw)
        return cls(text=text, words=words(text))


@dataclass
class Ranking:
    """What ``_rank`` returns for one pool of languages.

    Hits are made only for the page shown, and only of the ranking the search answers with
    (a search that tries the other languages ranks twice): ``make_hits`` turns a slice of
    ``ranked`` into ``SearchHit``s (snippets highlighted, a cluster's texts fetched).
    """

    ranked: list = field(default_factory=list)  # the first ``limit`` (key, score), best first
    total: int = 0
    best_relevance: float | None = None  # relevance of the best hit; None without dense
    degraded: bool = False
    make_hits: object = None  # callable([(key, score), ...]) -> [SearchHit, ...]
    #: callable() -> (content words of the query no article holds, content words, articles)
    #: in the languages ranked
    unknown_words: object = None

    def hits(self, start, stop):
        shown = self.ranked[start:stop]
        return list(self.make_hits(shown)) if shown and self.make_hits else []


class SearchEngine:
    name = "base"
    #: Overrides the SEARCH_MIN_RELEVANCE setting for this engine; ``float("-inf")``
    #: returns every match, as kb_eval does to measure what the cut-off removes.
    relevance_cutoff = None

    def __init__(self, **options):
        self.options = options
        # Tells this engine's entries in result_cache from another instance's.
        self._results_token = uuid.uuid4().hex

    # -- indexing -------------------------------------------------------------------------

    def index(self, passages):
        """Add or replace passages. Every (namespace, language, parent) present in
        ``passages`` is replaced as a whole: its passages not in the batch are removed."""
        raise NotImplementedError

    def delete(self, parent_ids, namespace="site"):
        """Remove articles, in every language."""
        raise NotImplementedError

    def delete_namespace(self, namespace):
        raise NotImplementedError

    def rebuild(self, passages, namespace="site", batch_size=64, progress=None):
        """Make ``namespace`` hold exactly ``passages``, indexing whole articles in batches
        of about ``batch_size`` passages; ``progress(done, total)`` after each batch."""
        passages = [p for p in passages if p.namespace == namespace]
        self.delete_namespace(namespace)
        for done, batch in article_batches(passages, batch_size):
            self.index(batch)
            if progress:
                progress(done, len(passages))

    # -- searching ------------------------------------------------------------------------

    def search(
        self,
        query,
        language,
        filters=None,
        size=10,
        offset=0,
        namespace="site",
        fallback=True,
        mode="hybrid",
    ):
        """Articles for ``query`` in ``language``, best first; other languages' articles
        (``fallback=True`` on the results) when the language has no good answer."""
        started = time.perf_counter()
        if mode not in MODES:
            raise ValueError(f"Unknown search mode {mode!r}: use one of {', '.join(MODES)}.")
        filters = normalize_filters(filters)
        size = max(0, min(int(size), MAX_SIZE))
        offset = max(0, min(int(offset), MAX_OFFSET))
        language = (language or "").strip().lower()
        parsed = Query.parse(query)
        if not parsed.words or size == 0:
            return SearchResults(took_ms=_ms(started), degraded=not self._dense_available())
        limit = offset + size
        cache_key = self._results_key(
            namespace, language, parsed, filters, offset, size, mode, fallback
        )
        cached = result_cache.get(cache_key)
        if cached is not None:
            return dataclasses.replace(
                cached,
                took_ms=_ms(started),
                query_vector=query_vectors.HIT if cached.query_vector else "",
                embed_ms=0.0,
            )
        ranking = self._unless_unknown(
            self._rank(parsed, [language], namespace, filters, mode, limit), parsed
        )
        used_fallback = False
        if fallback and self._weak(ranking):
            others = sorted(self._languages(namespace) - {language})
            if others:
                other = self._rank(parsed, others, namespace, filters, mode, limit)
                if self._better(other, ranking):
                    ranking, used_fallback = other, True
        results = SearchResults(
            hits=ranking.hits(offset, limit),
            total=ranking.total,
            took_ms=_ms(started),
            fallback=used_fallback,
            degraded=ranking.degraded,
            query_vector=parsed.vector_cache,
            embed_ms=parsed.embed_ms,
            best_relevance=ranking.best_relevance if ranking.total else None,
        )
        result_cache.put(cache_key, results)
        return results

    def suggest(self, prefix, language, size=5, namespace="site"):
        """Titles and section headings that complete what the shopper is typing."""
        raise NotImplementedError

    def health(self):
        """State for operators: ``{"ok": bool, "degraded": bool, ...}``."""
        raise NotImplementedError

    def configuration_errors(self):
        """What is wrong with the engine's options, as messages for ``manage.py check``."""
        return []

    # -- hooks ----------------------------------------------------------------------------

    def _rank(self, query, languages, namespace, filters, mode, limit):
        """Rank the articles of ``languages`` in ``namespace``; returns a ``Ranking``."""
        raise NotImplementedError

    def _languages(self, namespace):
        """Languages that have articles in ``namespace``."""
        raise NotImplementedError

    def _dense_available(self):
        return True

    def _results_key(self, namespace, language, query, filters, *rest):
        """This search's key in ``result_cache`` (None: not to be kept)."""
        return result_cache.key(
            self._index_version(namespace),
            self._results_token,
            namespace,
            language,
            query.text,
            tuple(
                sorted(
                    (k, tuple(sorted(v)) if isinstance(v, set) else v) for k, v in filters.items()
                )
            ),
            *rest,
            self._cutoff(),
        )

    def _index_version(self, namespace):
        """What changes whenever a search of ``namespace`` could rank differently (an
        article indexed, the model gone or back), or None when the engine cannot tell
        cheaply: then its searches are not kept in ``result_cache``."""
        return None

    def _cutoff(self):
        """The relevance under which nothing is an answer: ``relevance_cutoff`` if set on
        the engine, else the ``SEARCH_MIN_RELEVANCE`` setting, else (None) the model's."""
        if self.relevance_cutoff is not None:
            return self.relevance_cutoff
        return getattr(settings, "SEARCH_MIN_RELEVANCE", None)

    def _weak_answer(self):
        """Best relevance under which an answer counts as weak."""
        return 0.0

    def _answer_floor(self, query):
        """The relevance under which nothing is an answer to ``query`` (None: the model's
        ``answer_floor``)."""
        return self._cutoff()

    def _unknown_word_floor(self, query):
        """Best relevance ``query`` needs when words of it no article holds (None: no bar)."""
        return None

    def _unless_unknown(self, ranking, query):
        """Nothing, when more than a third of the question's content words are in no article
        of the shopper's language (a typo of a word held counts as held) and the model is not
        sure of its best article: a shop selling linen has no article with "wine" in it, and
        "Do you sell wine?" is not for it, however close "Do you sell" comes to its articles.
        A long question with one unknown word among many ("I am worried about the amount of
        my cheque …") keeps its answer. Only in the shopper's language (in another one, the
        words of a question are seldom there at all), and only with
        ``UNKNOWN_WORDS_MIN_ARTICLES`` articles or more in it. The best relevance is kept,
        for the other languages' answer to be measured by."""
        floor = self._unknown_word_floor(query)
        if (
            floor is None
            or not ranking.total
            or ranking.best_relevance is None
            or ranking.best_relevance >= floor
            or ranking.unknown_words is None
        ):
            return ranking
        unknown, content, articles = ranking.unknown_words()
        if 3 * unknown <= content or articles < UNKNOWN_WORDS_MIN_ARTICLES:
            return ranking
        return Ranking(best_relevance=ranking.best_relevance, degraded=ranking.degraded)

    def _weak(self, ranking):
        """Whether to look in other languages: nothing here passed the cut-off, or the best
        of it is weak (the other languages' answer is taken if better, ``_better``)."""
        if not ranking.total:
            return True
        if ranking.best_relevance is None:
            return False
        return ranking.best_relevance < self._weak_answer()

    def _fallback_margin(self):
        """How much more relevant the other languages' best must be to be taken."""
        return 0.0

    def _better(self, other, ranking):
        if not other.total:
            return False
        if other.best_relevance is None or ranking.best_relevance is None:
            return not ranking.total
        # Also when nothing here passed the cut-off: another language's answer as weak as
        # this language's non-answers is none either.
        return other.best_relevance >= ranking.best_relevance + self._fallback_margin()


def article_batches(passages, batch_size):
    """(passages done, batch) with every article's passages in the same batch."""
    articles = {}
    for passage in passages:
        key = (passage.namespace, passage.language, str(passage.parent_id))
        articles.setdefault(key, []).append(passage)
    batch, done = [], 0
    for article in articles.values():
        batch.extend(article)
        if len(batch) >= batch_size:
            done += len(batch)
            yield done, batch
            batch = []
    if batch:
        yield done + len(batch), batch


def normalize_filters(filters):
    """``{"category_id": {...}, "kind": {...}, "live": True|False|None}`` from what callers pass.

    ``live`` defaults to True: shoppers only see live articles.
    """
    filters = dict(filters or {})
    unknown = sorted(set(filters) - set(FILTERS))
    if unknown:
        raise ValueError(
            f"Unknown search filter {', '.join(map(repr, unknown))}: use {', '.join(FILTERS)}."
        )
    normalized = {"live": filters.get("live", True)}
    for name in ("category_id", "kind"):
        value = filters.get(name)
        if value is None or value == "":
            continue
        values = [value] if isinstance(value, str | int) else list(value)
        normalized[name] = {str(v) for v in values}
    return normalized


def _ms(started):
    return (time.perf_counter() - started) * 1000


def fused_ranking(
    dense, lexical, weights, dense_min, null, embedder, language_of, cutoff=None, coverage_of=None
):
    """``([(key, score), ...] best first, best relevance, {key: relevance})`` from the dense
    and full-text scores of the articles, as every engine ranks them (see search.fusion),
    with the weak ones cut off.

    An article's relevance is how far its dense score stands above the level of its
    language: the mean score of that language's candidates, pulled towards the model's
    ``level_prior`` above ``null`` (the query against an empty passage) as though
    ``LEVEL_PRIOR_ARTICLES`` more articles scored there, so that a language with a handful
    of articles still has a level. Nothing is an answer when the best relevance is under
    ``cutoff`` (default: the model's ``answer_floor``; ``float("-inf")`` keeps
    everything), unless full text found it (``_full_text_answers``; ``coverage_of()``:
    {key: (content words of the query it holds, content words)} of the full-text matches,
    asked for only then): a misspelt question the model
    cannot read, say; then its strong matches holding every content word are, at most
    ``RESCUED_MOST`` of them. Otherwise the articles whose
    relevance is within the model's ``answer_window`` of the best are, that window widened
    by up to ``lexical_window`` for full-text evidence, never wider than ``answer_share`` of
    the best relevance. Without dense scores, the articles whose full-text score reaches
    ``LEXICAL_SHARE`` of the best are kept. ``language_of(key)`` names an article's
    language. The best relevance is None without dense scores, and the relevances empty.
    """
    keep_all = cutoff == float("-inf")
    ranked = fuse(dense, lexical, weights, dense_min)
    if not dense:
        best_lexical = max(lexical.values(), default=0.0)
        if not keep_all:
            ranked = [
                (k, s) for k, s in ranked if lexical.get(k, 0.0) >= LEXICAL_SHARE * best_lexical
            ]
        return ranked, None, {}
    scores = {key: score - null for key, score in dense.items()}
    totals = {}
    for key, score in scores.items():
        total = totals.setdefault(language_of(key), [0.0, 0])
        total[0] += score
        total[1] += 1
    prior = LEVEL_PRIOR_ARTICLES * embedder.level_prior
    levels = {
        language: (total + prior) / (count + LEVEL_PRIOR_ARTICLES)
        for language, (total, count) in totals.items()
    }
    relevance = {key: score - levels[language_of(key)] for key, score in scores.items()}
    best_relevance = max(relevance.values())
    if keep_all:
        return ranked, best_relevance, relevance
    if best_relevance < (embedder.answer_floor if cutoff is None else cutoff):
        coverage = coverage_of() if coverage_of is not None and lexical else {}
        complete = _full_text_answers(lexical, scores, coverage)
        if not complete:
            return [], best_relevance, relevance
        # The model is unsure; full text found the answer: the matches holding every
        # content word with at least half the best one's full-text score, as fused, and
        # no more than RESCUED_MOST of them.
        strongest = max(lexical[key] for key in complete)
        rescued = [
            (key, score)
            for key, score in ranked
            if key in complete and lexical[key] >= strongest / 2
        ]
        return rescued[:RESCUED_MOST], best_relevance, relevance
    best_lexical = max(lexical.values(), default=0.0)
    widen = embedder.lexical_window / best_lexical if best_lexical > 0 else 0.0
    widest = embedder.answer_share * best_relevance

    def window(key):
        return min(embedder.answer_window + widen * lexical.get(key, 0.0), widest)

    ranked = [
        (key, score)
        for key, score in ranked
        if key in relevance and relevance[key] >= best_relevance - window(key)
    ]
    return ranked, best_relevance, relevance


def _full_text_answers(lexical, scores, coverage):
    """The full-text matches holding every content word of the question (a word no article
    holds, one the help center does not use, says the question is not for it), when they
    answer a question the model is unsure of: there are two or more such words, or the best
    of those matches is the model's best article too. Empty otherwise."""
    complete = {key for key in lexical if _holds_all(coverage.get(key, (0, 0)))}
    if not complete:
        return set()
    best_match = max(complete, key=lexical.get)
    if coverage[best_match][1] >= 2 or best_match == max(scores, key=scores.get):
        return complete
    return set()


def _holds_all(coverage):
    held, words = coverage
    return words > 0 and held == words
