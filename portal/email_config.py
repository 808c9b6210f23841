"""Django e-mail settings from the environment.

EMAIL_URL chooses everything at once::

    smtp://user:password@mail.example.com:587?tls=true&timeout=10   STARTTLS
    smtps://user:password@mail.example.com                          implicit TLS (port 465)
    console://                                                      print messages
    locmem://                                                       keep them in memory

User and password are percent-decoded (write ``@`` as ``%40``). Without EMAIL_URL the separate
EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, EMAIL_USE_SSL and
EMAIL_TIMEOUT variables are read; without EMAIL_HOST either, messages go to the console.
"""

import math
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
SMTP_SCHEMES = {"smtp": 25, "smtps": 465}
URL_OPTIONS = {"tls", "timeout"}
DEFAULT_TIMEOUT = 10  # seconds; Django's own default waits forever for a silent server
TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


def email_settings(environ):
    """The EMAIL_* settings for this environment, as a dict to merge into settings."""
    url = environ.get("EMAIL_URL", "").strip()
    if url:
        return _from_url(url)
    if environ.get("EMAIL_HOST", "").strip():
        return _from_variables(environ)
    return {"EMAIL_BACKEND": BACKENDS["console"]}


def _from_url(url):
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in BACKENDS:
        return {"EMAIL_BACKEND": BACKENDS[scheme]}
    if scheme not in SMTP_SCHEMES:
        raise ImproperlyConfigured(
            f"EMAIL_URL has the unknown scheme {parts.scheme!r}: use smtp://user:password@host:port "
            "(add ?tls=true for STARTTLS), smtps:// for implicit TLS, console:// or locmem://."
        )
    if not parts.hostname:
        raise ImproperlyConfigured(
            "EMAIL_URL names no mail server: write it as smtp://user:password@host:port."
        )
    try:
        port = parts.port
    except ValueError as exc:
        raise ImproperlyConfigured(
            "EMAIL_URL has an invalid port: write it as smtp://user:password@host:587."
        ) from exc
    options = {name: values[-1] for name, values in parse_qs(parts.query, True).items()}
    unknown = sorted(set(options) - URL_OPTIONS)
    if unknown:
        raise ImproperlyConfigured(
            f"EMAIL_URL has unknown options {', '.join(unknown)}: only ?tls=true and "
            "?timeout=<seconds> are understood."
        )
    use_ssl = scheme == "smtps"
    use_tls = _bool("EMAIL_URL option tls", options.get("tls", ""))
    if use_ssl and use_tls:
        raise ImproperlyConfigured(
            "EMAIL_URL asks for both implicit TLS (smtps://) and STARTTLS (?tls=true): "
            "use smtps:// alone for port 465, or smtp://…?tls=true for port 587."
        )
    return {
        "EMAIL_BACKEND": SMTP_BACKEND,
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port or SMTP_SCHEMES[scheme],
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_USE_SSL": use_ssl,
        "EMAIL_TIMEOUT": _timeout("EMAIL_URL option timeout", options.get("timeout")),
    }


def _from_variables(environ):
    use_tls = _bool("EMAIL_USE_TLS", environ.get("EMAIL_USE_TLS", ""))
    use_ssl = _bool("EMAIL_USE_SSL", environ.get("EMAIL_USE_SSL", ""))
    if use_tls and use_ssl:
        raise ImproperlyConfigured(
            "EMAIL_USE_TLS and EMAIL_USE_SSL are both true: set EMAIL_USE_SSL for implicit "
            "TLS (port 465) or EMAIL_USE_TLS for STARTTLS (port 587), not both."
        )
    port = environ.get("EMAIL_PORT", "").strip() or ("465" if use_ssl else "25")
    if not port.isdigit():
        raise ImproperlyConfigured(f"EMAIL_PORT={port!r} is not a port number, e.g. 587.")
    return {
        "EMAIL_BACKEND": SMTP_BACKEND,
        "EMAIL_HOST": environ["EMAIL_HOST"].strip(),
        "EMAIL_PORT": int(port),
        "EMAIL_HOST_USER": environ.get("EMAIL_HOST_USER", ""),
        "EMAIL_HOST_PASSWORD": environ.get("EMAIL_HOST_PASSWORD", ""),
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_USE_SSL": use_ssl,
        "EMAIL_TIMEOUT": _timeout("EMAIL_TIMEOUT", environ.get("EMAIL_TIMEOUT")),
    }


def _bool(name, value):
    lowered = value.strip().lower()
    if lowered in TRUE:
        return True
    if lowered in FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean: use true or false.")


def _timeout(name, value):
    if value is None or not value.strip():
        return DEFAULT_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if not (seconds > 0 and math.isfinite(seconds)):
        raise ImproperlyConfigured(f"{name}={value!r} is not a number of seconds, e.g. 10.")
    return int(seconds) if seconds.is_integer() else seconds
