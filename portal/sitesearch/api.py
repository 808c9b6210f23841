"""Public JSON API for embedding help-center search and articles in the shop (documented in
README): public content only, so open to every origin."""

from django.conf import settings
from django.http import JsonResponse
from django.utils import translation
from django.views.decorators.http import require_GET

from kb.serializers import article_data, live_article

from . import inputs, serializers, service
from .models import SearchLog


def _error(message, status=400, **details):
    response = JsonResponse({"error": message, "details": details}, status=status)
    response["Access-Control-Allow-Origin"] = "*"
    return response


class BadRequest(Exception):
    """A parameter is missing or not valid: answered with 400 and ``details``."""

    def __init__(self, message, status=400, **details):
        super().__init__(message)
        self.message, self.status, self.details = message, status, details


def _json(payload, status=200):
    return JsonResponse(payload, status=status, json_dumps_params={"ensure_ascii": False})


@require_GET
def search(request):
    try:
        payload, results = search_payload(request, SearchLog.Source.API)
    except BadRequest as exc:
        return _error(exc.message, exc.status, **exc.details)
    response = _json(payload)
    response["Access-Control-Allow-Origin"] = "*"
    response["Server-Timing"] = server_timing(results)
    return response


def search_payload(request, source):
    """Run the search of ``request.GET`` (q, lang, category, kind, page, size) and log it
    with ``source``: (the API's answer, the engine's results). Raises BadRequest."""
    language = inputs.normalize_language(request.GET.get("lang", ""))
    if language is None:
        raise BadRequest("Parameter 'lang' must be a language code such as 'en' or 'de-DE'.")
    search_request = inputs.parse(request.GET, language, max_size=50)
    if not search_request.query:
        raise BadRequest("Parameter 'q' must contain a search text.", q="is empty")
    if search_request.errors:
        raise BadRequest(
            "Some parameters are not valid.",
            **{name: str(message) for name, message in search_request.errors.items()},
        )
    with translation.override(language if inputs.known_language(language) else None):
        outcome = service.run_search(request, search_request, source=source)
    if outcome.failed:
        raise BadRequest("Search is temporarily unavailable. Please try again shortly.", 503)
    results = outcome.results
    payload = {
        "query": search_request.query,
        "language": language,
        "page": search_request.page,
        "size": search_request.size,
        "total": results.total,
        "fallback": results.fallback,
        "degraded": results.degraded,
        "took_ms": round(results.took_ms, 2),
        "search_id": outcome.log.pk if outcome.log else None,
        "answer": serializers.answer_data(
            outcome.answer,
            outcome.answer and request.build_absolute_uri(outcome.answer.link),
            request.build_absolute_uri,
        ),
        "results": [
            serializers.hit_data(hit, request.build_absolute_uri(hit.url)) for hit in results.hits
        ],
    }
    return payload, results


def article_language(params):
    """The help-center language of ``params["lang"]`` ("de-DE" -> "de"). Raises BadRequest."""
    language = inputs.normalize_language(params.get("lang", ""))
    if not inputs.known_language(language):
        raise BadRequest(
            "Parameter 'lang' must be one of the help center's languages: "
            + ", ".join(code for code, _name in settings.LANGUAGES)
            + ".",
            lang="is missing or not a language of the help center",
        )
    return language


def article_or_404(article_id):
    page = live_article(article_id)
    if page is None:
        raise BadRequest("There is no published article with this id.", 404, id="not found")
    return page


@require_GET
def article(request, article_id):
    """``GET /api/v1/articles/<id>?lang=de``: one article as ``kb.serializers.article_data``."""
    try:
        language = article_language(request.GET)
        page = article_or_404(article_id)
    except BadRequest as exc:
        return _error(exc.message, exc.status, **exc.details)
    response = _json(article_data(page, language, request))
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=60"
    return response


def server_timing(results):
    """Where the search's time went, for browsers' developer tools and load benchmarks:
    ``search`` in all, ``embed`` the query's vector, from the cache ("hit") or the model;
    ``results;desc="cached"`` when the results of the same search were kept."""
    timing = f"search;dur={results.took_ms:.1f}"
    if results.cached:
        timing += ', results;desc="cached"'
    if results.query_vector:
        timing += f', embed;dur={results.embed_ms:.1f};desc="{results.query_vector}"'
    return timing
