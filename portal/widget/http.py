"""What every widget API view shares: the origin allowlist answered with CORS headers, the
token that stands in for the visitor cookies, JSON bodies and clear JSON errors.

Our own small decorator rather than django-cors-headers: the allowlist is a per-site Wagtail
setting read at request time, the rules hold for these views only, and every refusal must be
a JSON answer the widget (or the shop's developer) can read."""

import functools
import json

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.decorators.csrf import csrf_exempt

from portal.sitesearch import inputs
from portal.sitesearch.api import BadRequest
from portal.visits import visitors

from . import origins, tokens

MAX_BODY_BYTES = 64 * 1024
PREFLIGHT_SECONDS = 600


def json_response(payload, status=200):
    return JsonResponse(payload, status=status, json_dumps_params={"ensure_ascii": False})


def error(message, status=400, **details):
    return json_response({"error": message, "details": details}, status=status)


def with_cors(response, origin):
    response["Access-Control-Allow-Origin"] = origin
    response["Access-Control-Expose-Headers"] = "Server-Timing"
    patch_vary_headers(response, ["Origin"])
    return response


def _preflight(methods):
    response = HttpResponse(status=204)
    response["Access-Control-Allow-Methods"] = ", ".join(sorted(methods))
    response["Access-Control-Allow-Headers"] = f"Content-Type, {tokens.HEADER}"
    response["Access-Control-Max-Age"] = str(PREFLIGHT_SECONDS)
    return response


def read_json(request):
    """The request's JSON object body. Raises BadRequest."""
    if request.content_type != "application/json":
        raise BadRequest("Send the body as JSON (Content-Type: application/json).", 415)
    if len(request.body) > MAX_BODY_BYTES:
        raise BadRequest("The body is too large.", 413)
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise BadRequest("The body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise BadRequest("The body must be a JSON object.")
    return data


def text_value(value):
    """A JSON value as the text a form field gets: numbers as written, anything else "" """
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def form_errors(form):
    """{field: its messages in one line}, for the ``details`` of a 400."""
    return {name: " ".join(str(message) for message in errs) for name, errs in form.errors.items()}


def ui_language(request):
    """The help-center language for the widget's texts: ``lang`` of the query, else the
    source language."""
    language = inputs.normalize_language(request.GET.get("lang", ""))
    return language if inputs.known_language(language) else settings.SOURCE_LANGUAGE


def content_language(request):
    """The language to show articles in: ``lang`` of the query if the help center has it,
    else the source language (a shop page in Dutch still gets English answers). Raises
    BadRequest when ``lang`` is missing or not a language tag at all."""
    language = inputs.normalize_language(request.GET.get("lang", ""))
    if language is None:
        raise BadRequest(
            "Parameter 'lang' must be a language code such as 'en' or 'de-DE'.", lang="invalid"
        )
    return language if inputs.known_language(language) else settings.SOURCE_LANGUAGE


def widget_api(*methods, token=True):
    """A view of the widget API, answering ``methods`` (and their CORS preflight) for
    listed origins only. With ``token``, the request must carry a token issued to its
    origin; the view then sees the token's visitor and visit as if from the cookies.
    CSRF: these views take no cookies at all, so the token (sent in a header, which no
    other origin's page may send without a preflight we refuse) replaces the CSRF token;
    the site's CSRF middleware stays on for every other view."""

    def decorator(view):
        @csrf_exempt
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            origin = origins.allowed_origin(request)
            if origin is None:
                # No CORS headers: the browser keeps this answer from the page.
                return error(
                    "This origin may not use the help widget. A help-center administrator "
                    "can add it under Settings → Storefront widget.",
                    status=403,
                    origin=request.headers.get("Origin", "") or "missing",
                )
            if request.method == "OPTIONS":
                return with_cors(_preflight(methods), origin)
            if request.method not in methods:
                response = error(f"Use {' or '.join(methods)}.", status=405)
                response["Allow"] = ", ".join(methods)
                return with_cors(response, origin)
            if token:
                ids = tokens.read(tokens.from_request(request), origin)
                if ids is None:
                    return with_cors(
                        error(
                            "The widget token is missing, expired or of another origin: "
                            "ask /api/v1/widget/session for a new one.",
                            status=401,
                        ),
                        origin,
                    )
                visitors.adopt(request, *ids)
            request.widget_origin = origin
            try:
                with translation.override(ui_language(request)):
                    response = view(request, *args, **kwargs)
            except BadRequest as exc:
                response = error(exc.message, exc.status, **exc.details)
            return with_cors(response, origin)

        return wrapped

    return decorator
