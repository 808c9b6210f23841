"""Public JSON API for embedding help-center search in the shop (documented in README)."""

from django.http import JsonResponse
from django.utils import translation
from django.views.decorators.http import require_GET

from . import inputs, serializers, service
from .models import SearchLog


def _error(message, status=400, **details):
    response = JsonResponse({"error": message, "details": details}, status=status)
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def search(request):
    language = inputs.normalize_language(request.GET.get("lang", ""))
    if language is None:
        return _error("Parameter 'lang' must be a language code such as 'en' or 'de-DE'.")
    search_request = inputs.parse(request.GET, language, max_size=50)
    if not search_request.query:
        return _error("Parameter 'q' must contain a search text.", q="is empty")
    if search_request.errors:
        return _error(
            "Some parameters are not valid.",
            **{name: str(message) for name, message in search_request.errors.items()},
        )
    with translation.override(language if inputs.known_language(language) else None):
        outcome = service.run_search(request, search_request, source=SearchLog.Source.API)
    if outcome.failed:
        return _error("Search is temporarily unavailable. Please try again shortly.", status=503)
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
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    response["Server-Timing"] = server_timing(results)
    return response


def server_timing(results):
    """Where the search's time went, for browsers' developer tools and load benchmarks:
    ``search`` in all, ``embed`` the query's vector, from the cache ("hit") or the model."""
    timing = f"search;dur={results.took_ms:.1f}"
    if results.query_vector:
        timing += f', embed;dur={results.embed_ms:.1f};desc="{results.query_vector}"'
    return timing
