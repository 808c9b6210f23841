"""A database made before the models moved to their apps migrates without losing anything.

The test migrates the test database back to where the portal app still held every model
(portal 0005), writes shopper data with the models of that time, migrates forward and reads
it with today's models; it runs on SQLite and PostgreSQL like the rest of the suite."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.factories import build_help_center

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [
    ("portal", "0005_support_leads_view_insights"),
    ("visits", None),
    ("sitesearch", None),
    ("feedback", None),
    ("support", None),
    ("insights", None),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def test_old_layout_migrates_and_keeps_every_record(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = build_help_center().faq
    old = _migrate(BEFORE).loader.project_state([BEFORE[0]]).apps
    Group = old.get_model("auth", "Group")
    Permission = old.get_model("auth", "Permission")
    ContentType = old.get_model("contenttypes", "ContentType")
    ticket_type, _created = ContentType.objects.get_or_create(app_label="portal", model="ticket")
    view_ticket, _created = Permission.objects.get_or_create(
        content_type=ticket_type, codename="view_ticket", defaults={"name": "Can view ticket"}
    )
    leads = Group.objects.create(name="Support leads (before)")
    leads.permissions.add(view_ticket)

    SearchLog = old.get_model("portal", "SearchLog")
    search = SearchLog.objects.create(
        language="de",
        query="wie schicke ich etwas zurück",
        normalized_query="wie schicke ich etwas zurück",
        result_count=2,
        top_results=[article.pk],
        latency_ms=12.5,
        visitor_key="visitor",
        visit_key="visit",
    )
    old.get_model("portal", "SearchClick").objects.create(
        search=search, article_id=article.pk, position=1
    )
    old.get_model("portal", "VisitEvent").objects.create(
        visit_key="visit", kind="search", language="de", search=search
    )
    old.get_model("portal", "ArticleVote").objects.create(
        article_id=article.pk,
        language="de",
        helpful=False,
        reason="unclear",
        comment="Zu kurz",
        voter_key="voter",
    )
    ticket = old.get_model("portal", "Ticket").objects.create(
        reference="HC-ABC123",
        language="de",
        topic="returns",
        name="Jana",
        email="jana@example.com",
        order_number="LL-204817",
        subject="Rücksendung",
        message="Wie schicke ich etwas zurück?",
        article_id=article.pk,
        response_time_hours=24,
        timeline=[{"kind": "search", "query": "wie schicke ich etwas zurück"}],
        visit_key="visit",
        submission_token="token",
    )
    old.get_model("portal", "Delivery").objects.create(
        ticket=ticket, channel="email", status="pending", next_attempt_at=timezone.now()
    )
    old.get_model("portal", "DailyFigures").objects.create(
        day=timezone.localdate(), language="", searches=1, computed_at=timezone.now()
    )

    _migrate(_latest())

    from django.contrib.auth.models import Group as CurrentGroup

    from portal.feedback.models import ArticleVote
    from portal.insights.models import DailyFigures
    from portal.sitesearch.models import SearchClick
    from portal.sitesearch.models import SearchLog as CurrentSearchLog
    from portal.support.models import Delivery, Ticket
    from portal.visits.models import VisitEvent

    moved_search = CurrentSearchLog.objects.get()
    assert moved_search.query == "wie schicke ich etwas zurück"
    assert SearchClick.objects.get().search == moved_search
    assert VisitEvent.objects.get().search == moved_search
    vote = ArticleVote.objects.get()
    assert (vote.article.pk, vote.reason, vote.comment) == (article.pk, "unclear", "Zu kurz")
    moved_ticket = Ticket.objects.get()
    assert moved_ticket.reference == "HC-ABC123" and moved_ticket.article.pk == article.pk
    assert moved_ticket.timeline == [{"kind": "search", "query": "wie schicke ich etwas zurück"}]
    assert Delivery.objects.get().ticket == moved_ticket
    assert DailyFigures.objects.get().searches == 1
    group = CurrentGroup.objects.get(name="Support leads (before)")
    # The permission followed its model: a support lead still reads tickets.
    assert [p.content_type.app_label for p in group.permissions.all()] == ["support"]
    assert group.permissions.get().codename == "view_ticket"
