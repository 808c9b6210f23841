"""Rendered fragments of help-center pages in the cache, until the content changes.

An article page's own content (title, summary, sections, breadcrumbs, related articles) is
the same for every shopper in a language, so templates cache it with Wagtail's
``{% wagtailpagecache %}`` (skipped in previews). Those fragments show other pages too (the
breadcrumb's category, related articles), so their key also holds a content version that
any publish, unpublish, move or deletion of a page changes: a shopper never sees a title an
editor has changed or an article that was withdrawn. What belongs to one shopper (their
vote, the CSRF token of the forms) stays outside the fragments.
"""

import uuid

from django.apps import apps
from django.core.cache import cache
from wagtail.url_routing import RouteResult

KEY = "kb:content-version"
#: Paths that are never Wagtail pages: no route is looked up for them.
NOT_PAGES = (
    "/api/",
    "/healthz",
    "/admin/",
    "/static/",
    "/documents/",
    "/sitemap.xml",
    "/llms.txt",
)
#: Seconds a fragment is kept (a new content version makes it unused at once).
FRAGMENT_SECONDS = 24 * 3600


def content_version(request=None):
    """The current content version; read once per request (kept on ``request``)."""
    version = getattr(request, "_kb_content_version", None)
    if version is not None:
        return version
    version = cache.get(KEY)
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(KEY, version, timeout=None):
            version = cache.get(KEY, version)
    if request is not None:
        request._kb_content_version = version
    return version


def content_changed():
    cache.set(KEY, uuid.uuid4().hex, timeout=None)


class CachedPageRoutes:
    """Finding the page for a URL walks the page tree one level at a time, each level in
    every language (wagtail-modeltranslation), which made most of an article view's time
    (about 28 ms of 50). This middleware remembers which page a path led to until the
    content changes, and hands Wagtail that page (``request._wagtail_route_for_request``,
    Wagtail's own per-request route cache), fetched in one query. Only plain routes of GET
    and HEAD requests are kept; everything Wagtail checks when serving a page (privacy,
    hooks) still runs on every request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or request.path.startswith(NOT_PAGES):
            return self.get_response(request)
        try:
            key = f"kb:route:{content_version(request)}:{request.get_host()}:{request.path}"
            known = cache.get(key)
        except Exception:  # noqa: BLE001 — the cache is down: Wagtail routes as usual
            key = known = None
        if known is not None:
            page = _page(*known)
            if page is not None:
                request._wagtail_route_for_request = RouteResult(page, [], {})
        response = self.get_response(request)
        route = getattr(request, "_wagtail_route_for_request", None)
        if key and known is None and route is not None and response.status_code == 200:
            page, args, kwargs = route
            if not args and not kwargs:
                try:
                    cache.set(key, (page._meta.label_lower, page.pk), timeout=FRAGMENT_SECONDS)
                except Exception:  # noqa: BLE001, S110 — the page was served; next time again
                    pass
        return response


def _page(model_label, pk):
    try:
        model = apps.get_model(model_label)
    except LookupError:
        return None
    return model.objects.live().filter(pk=pk).first()
