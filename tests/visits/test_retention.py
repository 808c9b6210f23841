"""Shoppers' data is kept only as long as configured (manage.py kb_purge)."""

from tests.factories import make_ticket as _ticket


def test_purge_keeps_what_is_within_retention(db, help_center, settings):
    from django.core.management import call_command
    from django.utils import timezone

    from portal.feedback.models import ArticleVote
    from portal.sitesearch.models import SearchLog
    from portal.support.models import Ticket
    from portal.visits.models import VisitEvent

    settings.RETENTION_SEARCH_DAYS = 90
    settings.RETENTION_TICKET_DAYS = 730
    settings.RETENTION_VOTER_KEY_DAYS = 365
    now = timezone.now()
    common = dict(language="en", result_count=1, latency_ms=5, visitor_key="k", visit_key="v")
    old_search = SearchLog.objects.create(query="old", normalized_query="old", **common)
    new_search = SearchLog.objects.create(query="new", normalized_query="new", **common)
    SearchLog.objects.filter(pk=old_search.pk).update(created_at=now - timezone.timedelta(days=91))
    old_event = VisitEvent.objects.create(visit_key="v", kind="search")
    VisitEvent.objects.filter(pk=old_event.pk).update(created_at=now - timezone.timedelta(days=91))
    VisitEvent.objects.create(visit_key="v", kind="search")
    old_ticket, new_ticket = _ticket("old@example.com"), _ticket("new@example.com")
    Ticket.objects.filter(pk=old_ticket.pk).update(created_at=now - timezone.timedelta(days=731))
    vote = ArticleVote.objects.create(
        article=help_center.faq, language="en", helpful=True, voter_key="abc", visit_key="v"
    )
    ArticleVote.objects.filter(pk=vote.pk).update(updated_at=now - timezone.timedelta(days=400))

    call_command("kb_purge", "--dry-run")
    assert SearchLog.objects.count() == 2  # a dry run changes nothing

    call_command("kb_purge")
    assert list(SearchLog.objects.values_list("pk", flat=True)) == [new_search.pk]
    assert VisitEvent.objects.count() == 1
    assert list(Ticket.objects.values_list("pk", flat=True)) == [new_ticket.pk]
    vote.refresh_from_db()
    assert vote.helpful is True and vote.voter_key == f"purged-{vote.pk}" and vote.visit_key == ""
