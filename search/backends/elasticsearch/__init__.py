"""The Elasticsearch engine: a search cluster, with the embedded engine as its fallback."""

from ..base import SearchUnavailable
from .engine import ElasticsearchEngine

SearchEngine = ElasticsearchEngine

__all__ = ["ElasticsearchEngine", "SearchEngine", "SearchUnavailable"]
