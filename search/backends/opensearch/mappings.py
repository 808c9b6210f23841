"""Index settings and mappings: one index per namespace and language, behind an alias.

Text fields use the language's own analyzer where OpenSearch has one (stemming and stop
words of that language) and the standard analyzer otherwise, each with a ``folded``
sub-field (lower case, accents folded) so "rucksendung" still meets "Rücksendung". Titles
and section headings also go into a ``search_as_you_type`` field for suggestions.
"""

import re

#: Language codes (the part before any region) with a built-in analyzer of that language.
LANGUAGE_ANALYZERS = {
    "ar": "arabic",
    "hy": "armenian",
    "eu": "basque",
    "bn": "bengali",
    "pt-br": "brazilian",
    "bg": "bulgarian",
    "ca": "catalan",
    "zh": "cjk",
    "ja": "cjk",
    "ko": "cjk",
    "cs": "czech",
    "da": "danish",
    "nl": "dutch",
    "en": "english",
    "et": "estonian",
    "fi": "finnish",
    "fr": "french",
    "gl": "galician",
    "de": "german",
    "el": "greek",
    "hi": "hindi",
    "hu": "hungarian",
    "id": "indonesian",
    "ga": "irish",
    "it": "italian",
    "lv": "latvian",
    "lt": "lithuanian",
    "nb": "norwegian",
    "no": "norwegian",
    "fa": "persian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "ckb": "sorani",
    "es": "spanish",
    "sv": "swedish",
    "tr": "turkish",
    "th": "thai",
}

_UNSAFE = re.compile(r"[^a-z0-9_-]+")


def analyzer_for(language):
    language = (language or "").lower()
    return (
        LANGUAGE_ANALYZERS.get(language)
        or LANGUAGE_ANALYZERS.get(language.split("-")[0])
        or "standard"
    )


def safe(part):
    """A namespace or language as it may appear in an index name."""
    return _UNSAFE.sub("_", str(part).lower()).strip("_-") or "_"


def index_body(language, dimension, shards=1, replicas=0):
    """Settings and mappings of a new index for ``language``; ``dimension`` of the vectors
    (None when no embedding model is available: the vector field is added later)."""
    analyzer = analyzer_for(language)

    def text(**extra):
        return {
            "type": "text",
            "analyzer": analyzer,
            "fields": {"folded": {"type": "text", "analyzer": "folded"}},
            **extra,
        }

    properties = {
        "doc_type": {"type": "keyword"},  # "article" or "passage"
        "namespace": {"type": "keyword"},
        "language": {"type": "keyword"},
        "parent_id": {"type": "keyword"},
        "article_key": {"type": "keyword"},  # language:parent_id
        "passage_id": {"type": "keyword"},
        "position": {"type": "integer"},
        "kind": {"type": "keyword"},
        "category_id": {"type": "keyword"},
        "live": {"type": "boolean"},
        "url": {"type": "keyword", "index": False},
        "category": text(),
        "title": text(),
        "heading": text(),
        "body": text(),  # an article's headings and passages
        "text": text(),  # a passage's text
        "suggest": {"type": "search_as_you_type", "analyzer": "folded"},
        "embedder": {"type": "keyword"},
    }
    if dimension:
        properties["vector"] = vector_mapping(dimension)
    return {
        "settings": {
            "index": {
                "number_of_shards": shards,
                "number_of_replicas": replicas,
                "knn": True,
            },
            "analysis": {
                "analyzer": {
                    "folded": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["lowercase", "asciifolding"],
                    }
                }
            },
        },
        "mappings": {"dynamic": "strict", "properties": properties},
    }


def vector_mapping(dimension):
    # The Lucene HNSW engine: it ships inside the k-NN plugin on every platform.
    return {
        "type": "knn_vector",
        "dimension": int(dimension),
        "space_type": "cosinesimil",
        "method": {"name": "hnsw", "engine": "lucene"},
    }
