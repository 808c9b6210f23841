"""The embedded engine: everything in the site's own database and process."""

from .engine import EmbeddedSearchEngine

SearchEngine = EmbeddedSearchEngine

__all__ = ["EmbeddedSearchEngine", "SearchEngine"]
