"""Query bodies the cluster dialects share: full text over the analysed fields, filters,
suggestions. The k-NN bodies differ per dialect (``ClusterEngine.knn_body``)."""

from ...fusion import TITLE_WEIGHT

#: Articles (and passages) taken from the full-text side.
LEXICAL_CANDIDATES = 200

PASSAGE_FIELDS = [
    "doc_type", "namespace", "language", "parent_id", "passage_id", "heading", "text", "url",
    "title", "category", "kind",
]  # fmt: skip
ARTICLE_FIELDS = ["doc_type", "language", "parent_id", "title", "category", "kind", "url"]
SUGGESTION_FIELDS = ["doc_type", "parent_id", "title", "heading", "url", "category", "language"]

_FUZZY = {"fuzziness": "AUTO", "prefix_length": 1, "max_expansions": 20}


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
    """Should-clauses: the stems, the folded words, and the words with typos allowed (at
    half weight), each over ``fields`` (``weights``: boost per field)."""
    weights = weights or {}

    def boosted(suffix):
        return [f"{name}_{suffix}^{weights.get(name, 1):g}" for name in fields]

    clauses = []
    if terms:
        clauses.append(
            {"multi_match": {"query": terms, "type": "most_fields", "fields": boosted("terms")}}
        )
    if words:
        clauses += [
            {"multi_match": {"query": words, "type": "most_fields", "fields": boosted("words")}},
            {
                "multi_match": {
                    "query": words,
                    "type": "most_fields",
                    "fields": boosted("words"),
                    "boost": 0.5,
                    **_FUZZY,
                }
            },
        ]
    return clauses


def lexical_articles(terms, words, clauses):
    """BM25 over whole articles, the title weighted as in the embedded engine."""
    return {
        "size": LEXICAL_CANDIDATES,
        "_source": ARTICLE_FIELDS,
        "query": {
            "bool": {
                "filter": of_type("article", clauses),
                "should": _matching(terms, words, ("title", "body"), {"title": TITLE_WEIGHT}),
                "minimum_should_match": 1,
            }
        },
    }


def lexical_passages(terms, words, clauses):
    """The passages that match best: the passage shown for an article only full text found."""
    return {
        "size": LEXICAL_CANDIDATES,
        "_source": PASSAGE_FIELDS,
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
        query = {"match": {"suggest": {"query": words, "operator": "and", **_FUZZY}}}
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
