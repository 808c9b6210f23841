"""Search engines behind one interface; ``get_engine()`` picks one from settings.

``SEARCH_ENGINE`` is a short name ("embedded", the default, "opensearch" or "elasticsearch")
or a dotted path to a module with a ``SearchEngine`` attribute or to an engine class, as
Wagtail's search backends are chosen. ``SEARCH_ENGINES[name]`` holds the options passed to
the engine's constructor (filled from the environment in settings). Engines hold in-process
state, so ``get_engine`` keeps one instance per name and process.
"""

import threading

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from .base import SearchEngine

ENGINES = {
    "embedded": "search.backends.embedded",
    "opensearch": "search.backends.opensearch",
    "elasticsearch": "search.backends.elasticsearch",
}

_engines = {}
_lock = threading.Lock()


def get_engine(name=None):
    name = name or getattr(settings, "SEARCH_ENGINE", "embedded")
    with _lock:
        if name not in _engines:
            _engines[name] = create_engine(name)
        return _engines[name]


def engine_options(name):
    """The options settings give the engine ``name`` (``SEARCH_ENGINES``)."""
    return dict(getattr(settings, "SEARCH_ENGINES", {}).get(name) or {})


def create_engine(name=None, **overrides):
    """A new engine instance with its options from settings, ``overrides`` winning."""
    name = name or getattr(settings, "SEARCH_ENGINE", "embedded")
    return import_engine(name)(**{**engine_options(name), **overrides})


def import_engine(name):
    """The engine class for a short name or a dotted path."""
    path = ENGINES.get(name, name)
    try:
        module = __import__(path, fromlist=["SearchEngine"])
        engine_class = module.SearchEngine
    except (ImportError, AttributeError, ValueError, TypeError):
        try:
            engine_class = import_string(path)
        except ImportError as exc:
            raise ImproperlyConfigured(
                f"SEARCH_ENGINE = {name!r} is not a search engine. Use one of "
                f"{', '.join(repr(n) for n in ENGINES)}, or a dotted path to a module with a "
                f"SearchEngine attribute or to a search.backends.SearchEngine subclass ({exc})."
            ) from exc
    if not (isinstance(engine_class, type) and issubclass(engine_class, SearchEngine)):
        raise ImproperlyConfigured(
            f"SEARCH_ENGINE = {name!r} gave {engine_class!r}, which is not a "
            "search.backends.SearchEngine subclass."
        )
    return engine_class


__all__ = ["SearchEngine", "create_engine", "engine_options", "get_engine", "import_engine"]
