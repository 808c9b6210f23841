"""The origins (scheme, host and port) allowed to use a site's widget API."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEFAULT_PORTS = {"http": 80, "https": 443}


def normalize(value):
    """``value`` as a browser sends it in the Origin header ("https://shop.example.com",
    "http://127.0.0.1:8001"); raises ValueError with a message for anything else."""
    text = value.strip()
    parts = urlsplit(text)
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ValueError(
            _("“%(value)s” is not an origin like https://shop.example.com.") % {"value": text}
        )
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise ValueError(
            _("“%(value)s” has more than scheme, host and port: write %(origin)s.")
            % {"value": text, "origin": f"{parts.scheme}://{parts.netloc.split('@')[-1]}"}
        )
    try:
        port = parts.port
    except ValueError as exc:
        raise ValueError(_("“%(value)s” has an invalid port.") % {"value": text}) from exc
    host = parts.hostname.lower()
    if ":" in host:  # IPv6
        host = f"[{host}]"
    if port and port != DEFAULT_PORTS[parts.scheme]:
        return f"{parts.scheme}://{host}:{port}"
    return f"{parts.scheme}://{host}"


def _lines(text):
    """The non-blank lines of ``text`` without # comments."""
    for line in (text or "").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            yield line


def parse(text):
    """The origins of ``text``, one a line (a line that is not one is left out)."""
    origins = []
    for line in _lines(text):
        try:
            origins.append(normalize(line))
        except ValueError:
            continue
    return origins


def validate(text):
    """Model field validator: every line must be an origin."""
    problems = []
    for line in _lines(text):
        try:
            normalize(line)
        except ValueError as exc:
            problems.append(str(exc))
    if problems:
        raise ValidationError(problems)


def request_origin(request):
    """The Origin header normalised, or None when it is missing or not an origin."""
    value = request.headers.get("Origin", "")
    if not value or value == "null":
        return None
    try:
        return normalize(value)
    except ValueError:
        return None


def allowed_origin(request):
    """The request's origin if the site's widget settings list it, else None."""
    from .models import WidgetSettings

    origin = request_origin(request)
    if origin is None:
        return None
    return origin if origin in WidgetSettings.for_request(request).origins() else None
