"""Turning what the node answered into scores per article and into ``SearchHit``s."""

import numpy as np

from ...documents import SearchHit, Suggestion
from ...fusion import dense_article_scores
from ...snippets import highlight


def key_of(hit):
    """(language, parent_id) of the article a hit belongs to: from its source, or from the
    ``article_key`` doc values a keys-only request asks for (``queries.KEYS_ONLY``)."""
    source = hit.get("_source")
    if source:
        return (source["language"], source["parent_id"])
    language, parent_id = hit["fields"]["article_key"][0].split(":", 1)
    return (language, parent_id)


class Candidates:
    """The articles the four sides of a search found, with their scores."""

    def __init__(self, cosine):
        self.cosine = cosine  # node score -> cosine similarity
        self.articles = {}  # key -> (index, id) of any document of the article
        self.lexical = {}  # key -> BM25 of the article
        self.lexical_passage = {}  # key -> best passage hit by BM25
        self.best_passage = {}  # key -> (cosine, hit) of its best passage by k-NN
        self.overview = {}  # key -> cosine of its overview
        self.shown = {}  # (index, id) -> source of passages that came with their text
        # The lowest cosines k-NN brought (not the exact scores of what it missed).
        self.lowest_passage = self.lowest_overview = np.inf

    def add_lexical(self, articles, passages):
        for hit in articles:
            key = key_of(hit)
            self.lexical[key] = max(float(hit["_score"]), 1e-9)
            self.articles.setdefault(key, ref(hit))
        for hit in passages:
            self._keep(hit)
            self.lexical_passage.setdefault(key_of(hit), hit)
            self.articles.setdefault(key_of(hit), ref(hit))

    def coverage(self, hits, content_words):
        """{key: (content words of the query it holds, content words)} from the hits of
        ``queries.coverage``."""
        coverage = dict.fromkeys(self.lexical, (0, content_words))
        for hit in hits:
            named = {name for name in hit.get("matched_queries") or () if name[:1] == "w"}
            coverage[key_of(hit)] = (len(named), content_words)
        return coverage

    def add_dense(self, passages, overviews, wanted=None):
        """k-NN hits; ``wanted``: only for those articles (exact scores of the missed)."""
        for hit in passages:
            self._keep(hit)
            key, cosine = key_of(hit), self.cosine(hit["_score"])
            if wanted is None:
                self.lowest_passage = min(self.lowest_passage, cosine)
            if (wanted is None or key in wanted) and key not in self.best_passage:
                self.best_passage[key] = (cosine, hit)
                self.articles.setdefault(key, ref(hit))
        for hit in overviews:
            key, cosine = key_of(hit), self.cosine(hit["_score"])
            if wanted is None:
                self.lowest_overview = min(self.lowest_overview, cosine)
            if wanted is None or key in wanted:
                self.overview.setdefault(key, cosine)
                self.articles.setdefault(key, ref(hit))

    def _keep(self, hit):
        """Remember a passage that came with what a hit shows (``SHOWN_FIELDS``)."""
        if "doc_type" in hit.get("_source", ()):
            self.shown.setdefault(ref(hit), hit["_source"])

    def dense(self, weights, most):
        """{key: dense score} as ``search.fusion`` mixes best passage and overview: of the
        articles k-NN found, the best ``most`` of each language, as the embedded engine
        takes them, and every article full text found.

        An article k-NN found on one side only (its passage, say, but not its overview
        among the nearest) gets an estimate for the other: its cosine on the side found,
        moved by the mean difference of the two sides over the articles found on both, and
        no higher than the lowest cosine k-NN brought for the missing side (its own was not
        among them). Over the demo's three other languages, the lowest k-NN cosine alone made
        a cluster's levels about 0.01 higher than the embedded engine's, the lowest of all
        (exact scores included) 0.01 lower.
        """
        keys = list(dict.fromkeys([*self.best_passage, *self.overview]))
        if not keys:
            return {}
        passages = {key: cosine for key, (cosine, _hit) in self.best_passage.items()}
        both = [key for key in keys if key in passages and key in self.overview]
        gap = float(np.mean([passages[k] - self.overview[k] for k in both])) if both else 0.0

        def passage_of(key):
            if key in passages:
                return passages[key]
            return min(self.overview[key] + gap, self.lowest_passage)

        def overview_of(key):
            if key in self.overview:
                return self.overview[key]
            return min(passages[key] - gap, self.lowest_overview)

        passage_cos = [passage_of(key) for key in keys]
        overview_cos = [overview_of(key) for key in keys]
        scores = dense_article_scores(passage_cos, overview_cos, weights)
        dense, taken = {}, {}
        for number in np.argsort(-np.nan_to_num(scores, nan=-np.inf), kind="stable"):
            key, score = keys[number], scores[number]
            if np.isnan(score):
                continue
            language = key[0]
            if taken.get(language, 0) < most or key in self.lexical:
                dense[key] = float(score)
            taken[language] = taken.get(language, 0) + 1
        return dense

    def document_of(self, key):
        """(index, id) of the document a hit shows: its best passage, by k-NN, else by full
        text, else (full text found only the article as a whole) the article."""
        best = self.best_passage.get(key)
        if best is not None:
            return ref(best[1])
        if key in self.lexical_passage:
            return ref(self.lexical_passage[key])
        index, _doc_id = self.articles[key]
        return index, f"a:{key[1]}"

    def hit(self, key, score, source, matches, relevance=None):
        """The hit of an article, showing ``source`` (of ``document_of(key)``)."""
        return SearchHit(
            parent_id=source["parent_id"],
            passage_id=source.get("passage_id", ""),
            language=source["language"],
            title=source["title"],
            url=source.get("url", ""),
            kind=str(source.get("kind", "")),
            category=source.get("category", ""),
            heading=source.get("heading", ""),
            score=round(float(score), 6),
            snippet=highlight(source.get("text") or source.get("title", ""), matches),
            text=source.get("text", ""),
            relevance=relevance,
        )


def ref(hit):
    return hit["_index"], hit["_id"]


def suggestions_of(hits, language, size):
    """Titles before headings, then by score; one suggestion per article."""
    hits = sorted(hits, key=lambda hit: (hit["_source"]["doc_type"] != "article", -hit["_score"]))
    suggestions, seen = [], set()
    for hit in hits:
        source = hit["_source"]
        if source["parent_id"] in seen:
            continue
        seen.add(source["parent_id"])
        suggestions.append(
            Suggestion(
                title=source["title"],
                heading=source.get("heading", "") if source["doc_type"] == "passage" else "",
                url=source.get("url", ""),
                category=source.get("category", ""),
                language=source.get("language", language),
                parent_id=source["parent_id"],
            )
        )
    return suggestions[:size]
