"""The OpenSearch engine: a search cluster, with the embedded engine as its fallback."""

from ..base import SearchUnavailable
from .engine import OpenSearchEngine

SearchEngine = OpenSearchEngine

__all__ = ["OpenSearchEngine", "SearchEngine", "SearchUnavailable"]
