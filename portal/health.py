import os

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from search import query_vectors, result_cache
from search.backends import get_engine


def _database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"ok": True, "vendor": connection.vendor}
    except Exception as exc:  # noqa: BLE001 — reported, not raised
        return {"ok": False, "error": exc.__class__.__name__}


def _search():
    try:
        state = get_engine().health()
    except Exception as exc:  # noqa: BLE001 — reported, not raised
        state = {"ok": False, "degraded": True, "error": exc.__class__.__name__}
    # Lookups of the process that answers, since it started (each worker counts its own).
    state["query_cache"] = {"process": os.getpid(), **query_vectors.stats()}
    state["results_cache"] = {"process": os.getpid(), **result_cache.stats()}
    return state


@never_cache
def health(request):
    """State of the portal's dependencies for load balancers and operators.

    503 when the database or search cannot answer at all; 200 with ``"degraded": true``
    while search answers from full text only (the embedding model is unavailable)."""
    checks = {"database": _database(), "search": _search()}
    ok = all(check["ok"] for check in checks.values())
    degraded = any(check.get("degraded") for check in checks.values())
    return JsonResponse(
        {"ok": ok, "degraded": degraded, "checks": checks}, status=200 if ok else 503
    )
