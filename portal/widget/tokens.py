"""The widget's signed token: it carries the visitor and visit ids that the help center's
own pages keep in cookies (a shop page on another site cannot send those), and the origin
it was issued to. Nothing else authenticates a widget request, so a page of another origin
can neither read nor write anything on a shopper's behalf."""

from django.core import signing

from portal.visits import visitors

SALT = "portal.widget.token"
HEADER = "X-Help-Widget-Token"
TOKEN_SECONDS = 30 * 60  # how long a token is accepted
RENEW_AFTER_SECONDS = 10 * 60  # the widget asks for a fresh one after this


def issue(origin, visitor, visit):
    return signing.dumps({"o": origin, "v": visitor, "s": visit}, salt=SALT)


def read(value, origin, max_age=TOKEN_SECONDS):
    """(visitor id, visit id) of a token issued to ``origin`` within ``max_age`` seconds,
    or None when it is missing, forged, too old or issued to another origin."""
    if not value:
        return None
    try:
        data = signing.loads(value, salt=SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("o") != origin:
        return None
    visitor, visit = data.get("v"), data.get("s")
    if not (isinstance(visitor, str) and isinstance(visit, str)):
        return None
    return visitor, visit


def renew(previous, origin):
    """A token for ``origin`` that keeps the visitor of ``previous`` (a token of up to a
    year ago, like the visitor cookie) and its visit if it is recent (like the 30-minute
    visit cookie); new ids otherwise."""
    old = read(previous, origin, max_age=visitors.VISITOR_MAX_AGE)
    recent = read(previous, origin, max_age=visitors.VISIT_MAX_AGE)
    visitor = old[0] if old else visitors.new_id()
    visit = recent[1] if recent else visitors.new_id()
    return issue(origin, visitor, visit), old is None


def from_request(request):
    """The token a request carries: the header, or for reads the ``token`` parameter, so
    that they are simple requests that need no CORS preflight. Writes must send the
    header, which no page may send from another origin unless our preflight allows it."""
    if request.method == "GET":
        return request.headers.get(HEADER) or request.GET.get("token", "")
    return request.headers.get(HEADER, "")
