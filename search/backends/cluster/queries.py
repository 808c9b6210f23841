"""Query bodies the cluster dialects share: full text over the analysed fields, filters,
suggestions. The k-NN bodies differ per dialect (``ClusterEngine.knn_body``)."""

from ...fusion import TITLE_WEIGHT
from ..embedded.fulltext import LEXICAL_LIMIT

#: Articles taken from the full-text side, as many as the embedded engine's.
LEXICAL_CANDIDATES = LEXICAL_LIMIT
#: Passages taken from it (with what a hit shows) where no dense score picks one.
LEXICAL_PASSAGES = 50

#: What article candidates bring back: which article they are, from the ``article_key``'s
#: doc values and not from ``_source`` (fetching and parsing the stored source of 200
#: candidates was half of a k-NN request's time on the node). Passages bring what a hit
#: shows (``SHOWN_FIELDS``), a few dozen of them, not hundreds.
KEYS_ONLY = {"_source": False, "docvalue_fields": ["article_key"]}
SHOWN_FIELDS = [
    "doc_type", "language", "parent_id", "passage_id", "heading", "text", "url", "title",
    "category", "kind",
]  # fmt: skip
SUGGESTION_FIELDS = ["doc_type", "parent_id", "title", "heading", "url", "category", "language"]

#: Typos in a search: one edit in words of 5 to 9 letters, two from 10 (a transposition is
#: one edit). Each fuzzy word costs the node an automaton per field: in kb_eval on
#: xquad-de, fuzzy matching of every word in every field made the node's full-text time
#: twice the model's time to embed the query.
_FUZZY = {"fuzziness": "AUTO:5,10", "prefix_length": 1, "max_expansions": 20}
#: Shortest word matched with typos.
FUZZY_MIN_CHARS = 5
#: Typos in suggestions (a few titles and headings, cheap): from three letters.
_FUZZY_SUGGESTIONS = {**_FUZZY, "fuzziness": "AUTO"}
#: Typos a content word of the query may have and still count as held (coverage, below):
#: one from four letters, two from eight, as the embedded engine corrects (search.typos).
_FUZZY_COVERAGE = {**_FUZZY, "fuzziness": "AUTO:4,8"}


def filter_clauses(filters):
    clauses = []
    if filters.get("live") is not None:
        clauses.append({"term": {"live": bool(filters["live"])}})
    for name in ("kind", "category_id"):
        if name in filters:
            clauses.append({"terms": {name: sorted(filters[name])}})
    return clauses


def of_type(doc_type, clauses):
    return [{"term": {"doc_type": doc_type}}, *clauses]


def _matching(terms, words, fields, weights=None):
    """Should-clauses: the stems and the folded words over ``fields`` (``weights``: boost
    per field), and the long words with typos allowed, at half weight, over the last field
    (the article's body, the passage's text)."""
    weights = weights or {}

    def boosted(suffix):
        return [f"{name}_{suffix}^{weights.get(name, 1):g}" for name in fields]

    clauses = []
    if terms:
        clauses.append(
            {"multi_match": {"query": terms, "type": "most_fields", "fields": boosted("terms")}}
        )
    if words:
        clauses.append(
            {"multi_match": {"query": words, "type": "most_fields", "fields": boosted("words")}}
        )
        long_words = " ".join(word for word in words.split() if len(word) >= FUZZY_MIN_CHARS)
        if long_words:
            clauses.append(
                {"match": {f"{fields[-1]}_words": {"query": long_words, "boost": 0.5, **_FUZZY}}}
            )
    return clauses


def lexical_articles(terms, words, clauses):
    """BM25 over whole articles, the title weighted as in the embedded engine."""
    return {
        "size": LEXICAL_CANDIDATES,
        **KEYS_ONLY,
        "query": {
            "bool": {
                "filter": of_type("article", clauses),
                "should": _matching(terms, words, ("title", "body"), {"title": TITLE_WEIGHT}),
                "minimum_should_match": 1,
            }
        },
    }


def coverage(content, article_keys, clauses):
    """Which content words of the query each of the given articles holds (the relevance
    cut-off's coverage, search.backends.base.fused_ranking).

    ``content``: (stems, folded word) of each content word; each is matched by a query named
    ``w<position>``, so that a hit's ``matched_queries`` say which of them the article holds.
    Fuzzy matching is what makes this dear (in kb_bench at 10,000 passages it tripled the
    full-text request), so it is asked for only when the cut-off needs it, for the articles
    full text found."""
    should = [
        {"bool": {**_holding(stems, word), "_name": f"w{position}"}}
        for position, (stems, word) in enumerate(content)
    ]
    return {
        "size": len(article_keys),
        **KEYS_ONLY,
        "query": {
            "bool": {
                "filter": [*of_type("article", clauses), {"terms": {"article_key": article_keys}}],
                "should": should,
            }
        },
    }


def holders(content):
    """How many articles hold each content word of the query (``content`` as for
    ``coverage``): a count per word, ``w<position>``, and of all, in one request of no hits."""
    return {
        "size": 0,
        "track_total_hits": True,
        "query": {"bool": {"filter": of_type("article", [])}},
        "aggs": {
            "held": {
                "filters": {
                    "filters": {
                        f"w{position}": {"bool": _holding(stems, word)}
                        for position, (stems, word) in enumerate(content)
                    }
                }
            }
        },
    }


def _holding(stems, word):
    """A bool query's clauses matching an article that holds a word: its stems, the word with
    the typos the embedded engine corrects, or a word it begins (the embedded engine
    completes one). One query per word: a name given to several clauses names only one."""
    clauses = []
    if stems:
        clauses.append(
            {
                "multi_match": {
                    "query": stems,
                    "type": "most_fields",
                    "fields": ["title_terms", "body_terms"],
                }
            }
        )
    fields = ["title_words", "body_words"]
    clauses.append(
        {"multi_match": {"query": word, "type": "most_fields", "fields": fields, **_FUZZY_COVERAGE}}
    )
    clauses.append({"multi_match": {"query": word, "type": "bool_prefix", "fields": fields}})
    return {"should": clauses, "minimum_should_match": 1}


def lexical_passages(terms, words, clauses):
    """The passages that match best: the passage shown for an article only full text found."""
    return {
        "size": LEXICAL_PASSAGES,
        "_source": SHOWN_FIELDS,
        "query": {
            "bool": {
                "filter": of_type("passage", clauses),
                "should": _matching(terms, words, ("heading", "text")),
                "minimum_should_match": 1,
            }
        },
    }


def suggestions(words, size, misspelt=False):
    """Titles and headings whose words start with the typed ones (the last one completed),
    or, ``misspelt``, match them with typos allowed."""
    if misspelt:
        query = {"match": {"suggest": {"query": words, "operator": "and", **_FUZZY_SUGGESTIONS}}}
    else:
        query = {"match_bool_prefix": {"suggest": {"query": words, "operator": "and"}}}
    return {
        "size": size,
        "_source": SUGGESTION_FIELDS,
        "query": {
            "bool": {
                "filter": [{"term": {"live": True}}, {"exists": {"field": "suggest"}}],
                "must": [query],
            }
        },
    }
