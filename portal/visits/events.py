"""Records the steps of a visit (``VisitEvent``) and reads a visit's steps back."""

from django.utils import timezone
from django.utils.translation import get_language

from . import visitors
from .models import VisitEvent

TIMELINE_HOURS = 24


def record(request, kind, **fields):
    fields.setdefault("language", get_language() or "")
    return VisitEvent.objects.create(visit_key=visitors.visit_key(request), kind=kind, **fields)


def of_visit(request, since_hours=TIMELINE_HOURS):
    """This visit's steps of the last ``since_hours``, oldest first."""
    since = timezone.now() - timezone.timedelta(hours=since_hours)
    return VisitEvent.objects.filter(
        visit_key=visitors.visit_key(request), created_at__gte=since
    ).order_by("created_at", "pk")
