"""The connection to the search cluster, from settings."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEFAULT_URL = "http://127.0.0.1:59200"


def option(options, name, default=None):
    """An engine option, else the ``OPENSEARCH_<NAME>`` setting, else ``default``."""
    if name in options and options[name] is not None:
        return options[name]
    return getattr(settings, f"OPENSEARCH_{name.upper()}", default)


def connect(options):
    """An ``OpenSearch`` client for the engine's options and settings."""
    try:
        from opensearchpy import OpenSearch
    except ImportError as exc:  # pragma: no cover — a dependency of the project
        raise ImproperlyConfigured(
            "The opensearch engine needs the opensearch-py package: pip install -e ."
        ) from exc
    url = option(options, "url", DEFAULT_URL)
    if not url:
        raise ImproperlyConfigured("OPENSEARCH_URL is empty: set the cluster's address.")
    kwargs = {
        "hosts": [url],
        "timeout": float(option(options, "index_timeout", 30)),
        "max_retries": 0,
        "retry_on_timeout": False,
    }
    username, password = option(options, "username"), option(options, "password")
    if username:
        kwargs["http_auth"] = (username, password or "")
    ca_certs = option(options, "ca_certs")
    if ca_certs:
        kwargs["ca_certs"] = ca_certs
        kwargs["verify_certs"] = True
    return OpenSearch(**kwargs)
