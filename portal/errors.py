"""Error pages that need nothing that may be down: no database, no context processors."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader

#: Seconds a client is asked to wait before trying again while the database is unavailable.
RETRY_AFTER = 30


def _database_unavailable():
    error = sys.exc_info()[1]
    return isinstance(error, OperationalError | InterfaceError)


def server_error(request):
    """The 500 handler: while the database cannot be reached (down, restarting, locked),
    shoppers get a 503 saying the help center is briefly unavailable, API clients a JSON
    error, and both a ``Retry-After``; any other failure is the plain 500 page."""
    if not _database_unavailable():
        return HttpResponse(loader.render_to_string("500.html"), status=500)
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {
                "error": "The help center is briefly unavailable. Please try again shortly.",
                "details": {},
            },
            status=503,
        )
        response["Access-Control-Allow-Origin"] = "*"
    else:
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response
