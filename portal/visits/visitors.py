"""Anonymous visitor and visit keys, without IP addresses or accounts.

- The visitor id is a random value in a signed cookie (one year). It lets a shopper change
  their own vote and ties a visit's searches to a contact request. It is never stored as is.
- A visit is a random id in a second cookie that expires after 30 minutes without activity.
- Logs store only a *rotating* pseudonym: a keyed hash of the visitor id and the day, so
  one day's searches cannot be linked to another day's.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core import signing
from django.utils import timezone

VISITOR_COOKIE = "hc_visitor"
VISIT_COOKIE = "hc_visit"
VISITOR_MAX_AGE = 365 * 24 * 3600
VISIT_MAX_AGE = 30 * 60
SALT = "portal.visitors"  # unchanged since the module moved: cookies already set stay valid


def new_id():
    return secrets.token_urlsafe(16)


def visitor_id(request):
    """The visitor's id; created (and set on the response by the middleware) if missing."""
    if not hasattr(request, "_visitor_id"):
        raw = request.COOKIES.get(VISITOR_COOKIE)
        value = None
        if raw:
            try:
                value = signing.loads(raw, salt=SALT)
            except signing.BadSignature:
                value = None
        request._visitor_new = value is None
        request._visitor_id = value or new_id()
    return request._visitor_id


def known_visitor(request):
    """Whether the request comes from a visitor seen before (by cookie or widget token)."""
    return VISITOR_COOKIE in request.COOKIES or not getattr(request, "_visitor_cookies", True)


def visit_id(request):
    if not hasattr(request, "_visit_id"):
        raw = request.COOKIES.get(VISIT_COOKIE, "")
        valid = 16 <= len(raw) <= 32 and raw.replace("-", "").replace("_", "").isalnum()
        request._visit_id = raw if valid else new_id()
    return request._visit_id


def log_key(request, day=None):
    """A pseudonym for logs: the same for one visitor on one day, different the next day."""
    day = day or timezone.localdate()
    message = f"{visitor_id(request)}:{day.isoformat()}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:24]


def visit_key(request):
    message = visit_id(request).encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:24]


def adopt(request, visitor, visit):
    """Use ``visitor`` and ``visit`` ids carried by something other than the cookies (the
    storefront widget's signed token): no cookie is set on the response."""
    request._visitor_id, request._visitor_new = visitor, False
    request._visit_id = visit
    request._visitor_cookies = False


class VisitorMiddleware:
    """Sets the visitor and visit cookies on responses of requests that used them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not getattr(request, "_visitor_cookies", True):
            return response
        secure = not settings.DEBUG and request.is_secure()
        if getattr(request, "_visitor_new", False):
            response.set_cookie(
                VISITOR_COOKIE,
                signing.dumps(request._visitor_id, salt=SALT),
                max_age=VISITOR_MAX_AGE,
                httponly=True,
                samesite="Lax",
                secure=secure,
            )
        if hasattr(request, "_visit_id"):
            # Sliding expiry: every request that uses the visit extends it.
            response.set_cookie(
                VISIT_COOKIE,
                request._visit_id,
                max_age=VISIT_MAX_AGE,
                httponly=True,
                samesite="Lax",
                secure=secure,
            )
        return response
