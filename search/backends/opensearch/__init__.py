"""The OpenSearch engine: a search cluster, with the embedded engine as its fallback."""

from .engine import OpenSearchEngine, SearchUnavailable

SearchEngine = OpenSearchEngine

__all__ = ["OpenSearchEngine", "SearchEngine", "SearchUnavailable"]
