"""Records the steps of a visit (portal.models.VisitEvent) and reads them back as the
timeline a ticket carries."""

from django.utils import timezone
from django.utils.translation import get_language

from portal import visitors
from portal.models import VisitEvent

TIMELINE_HOURS = 24


def record(request, kind, **fields):
    fields.setdefault("language", get_language() or "")
    return VisitEvent.objects.create(visit_key=visitors.visit_key(request), kind=kind, **fields)


def events(request, since_hours=TIMELINE_HOURS):
    since = timezone.now() - timezone.timedelta(hours=since_hours)
    return VisitEvent.objects.filter(
        visit_key=visitors.visit_key(request), created_at__gte=since
    ).order_by("created_at", "pk")
