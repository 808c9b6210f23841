"""`/widget.js`: the script shops embed, at a stable address on the help center's origin."""

import hashlib
from pathlib import Path

from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import condition, require_GET

SCRIPT = "widget/widget.js"
MAX_AGE = 300  # shops get a new version within minutes


def _source():
    path = finders.find(SCRIPT)
    if not path:
        raise Http404("The widget script is missing from the static files.")
    return Path(path).read_bytes()


def _etag(request):
    return hashlib.sha256(_source()).hexdigest()[:32]


@require_GET
@gzip_page
@condition(etag_func=_etag)
def widget_js(request):
    response = HttpResponse(_source(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    # Shops load it from their own pages: let them, whatever policy the site sets.
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response
