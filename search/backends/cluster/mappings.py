"""Index settings and mappings shared by the cluster dialects.

One index per namespace and language, behind an alias. Text arrives analysed (see
``analysis``), so every searchable field uses the ``whitespace`` analyzer, which every
distribution has; display fields are stored, not indexed. ``_meta`` records the layout's
version, checked by ``health()``: an index made by an older layout is reported with the fix
(``kb_reindex``) instead of answering wrongly.
"""

import re

from .analysis import TEXT_FIELDS

#: Version of the layout below; bumped when an index must be rebuilt to match it.
SCHEMA_VERSION = 2

_UNSAFE = re.compile(r"[^a-z0-9_-]+")


def safe(part):
    """A namespace or language as it may appear in an index name."""
    return _UNSAFE.sub("_", str(part).lower()).strip("_-") or "_"


def article_key(language, parent_id):
    """The ``article_key`` of an article's documents: one article in one language."""
    return f"{language}:{parent_id}"


def index_body(dialect, dimension, shards=1, replicas=0):
    """Settings and mappings of a new index; ``dimension`` of the vectors (None when no
    embedding model is available: the vector field is added later)."""
    analysed = {"type": "text", "analyzer": "whitespace"}
    stored = {"type": "text", "index": False}
    properties = {
        "doc_type": {"type": "keyword"},  # "article" or "passage"
        "namespace": {"type": "keyword"},
        "language": {"type": "keyword"},
        "parent_id": {"type": "keyword"},
        "article_key": {"type": "keyword"},  # article_key()
        "passage_id": {"type": "keyword"},
        "position": {"type": "integer"},
        "kind": {"type": "keyword"},
        "category_id": {"type": "keyword"},
        "live": {"type": "boolean"},
        "url": {"type": "keyword", "index": False},
        "category": stored,
        "suggest": analysed,  # folded words of a title or heading, completed by prefix
        "embedder": {"type": "keyword"},
    }
    for name in TEXT_FIELDS:
        properties[name] = stored
        properties[f"{name}_terms"] = analysed
        properties[f"{name}_words"] = analysed
    if dimension:
        properties["vector"] = dialect.vector_mapping(dimension)
    return {
        "settings": {
            "index": {
                "number_of_shards": shards,
                "number_of_replicas": replicas,
                **dialect.index_settings(),
            }
        },
        "mappings": {
            "dynamic": "strict",
            "_meta": {"schema": SCHEMA_VERSION, "analysis": "client"},
            "properties": properties,
        },
    }


def mapping_problem(mapping, dialect, dimension):
    """What is wrong with an index's mapping for this layout and model, or None."""
    meta = mapping.get("_meta") or {}
    if meta.get("schema") != SCHEMA_VERSION:
        return "was made by another version of the index layout"
    vector = (mapping.get("properties") or {}).get("vector")
    if vector is not None and dimension:
        size = dialect.vector_dimension(vector)
        if size != dimension:
            return f"holds vectors of {size} dimensions; the embedding model makes {dimension}"
    return None
