"""What the portal stores about shoppers: redacted text, pseudonymous keys, no IP address."""

import pytest
from django.test import RequestFactory

from portal import visitors
from portal.redaction import redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("where is my order LL-204817", "where is my order [order]"),
        ("order ll204817 missing", "order [order] missing"),
        ("mail jane.doe+shop@example.co.uk please", "mail [email] please"),
        ("call me on +49 (0)341 123 4567", "call me on [phone]"),
        ("0341-1234567 is my number", "[phone] is my number"),
        ("invoice 123456789", "invoice [order]"),
        ("return 2 items within 30 days", "return 2 items within 30 days"),
        ("linen size 240x220 from 2026", "linen size 240x220 from 2026"),
        ("", ""),
    ],
)
def test_redaction(text, expected):
    assert redact(text) == expected


def test_log_key_rotates_daily_and_hides_the_visitor_id(settings):
    import datetime

    request = RequestFactory().get("/")
    first = visitors.log_key(request, datetime.date(2026, 11, 1))
    again = visitors.log_key(request, datetime.date(2026, 11, 1))
    next_day = visitors.log_key(request, datetime.date(2026, 11, 2))
    assert first == again
    assert first != next_day
    assert visitors.visitor_id(request) not in first


def test_visitor_cookie_is_signed_and_tampering_starts_a_new_visitor():
    request = RequestFactory().get("/")
    original = visitors.visitor_id(request)
    from django.core import signing

    signed = signing.dumps(original, salt=visitors.SALT)
    returning = RequestFactory().get("/", headers={"cookie": f"{visitors.VISITOR_COOKIE}={signed}"})
    assert visitors.visitor_id(returning) == original
    forged = RequestFactory().get("/", headers={"cookie": f"{visitors.VISITOR_COOKIE}={original}"})
    assert visitors.visitor_id(forged) != original


def _ticket(email="jana@example.com", **fields):
    from portal.models import Ticket

    defaults = dict(
        language="en",
        topic="returns",
        name="Jana",
        email=email,
        subject="Label",
        message="Help",
        response_time_hours=24,
        visit_key="v",
        submission_token=f"t-{email}-{fields}",
    )
    defaults.update(fields)
    return Ticket.objects.create(**defaults)


def test_purge_keeps_what_is_within_retention(db, help_center, settings):
    from django.core.management import call_command
    from django.utils import timezone

    from portal.models import ArticleVote, SearchLog, Ticket, VisitEvent

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


def test_export_and_erase_everything_for_one_address(db, capsys):
    import json

    from django.core.management import call_command

    from portal.models import Ticket

    _ticket("Jana@Example.com", subject="First")
    _ticket("jana@example.com", subject="Second", submission_token="other")
    _ticket("someone@example.com")
    call_command("kb_personal_data", "export", "jana@example.com")
    data = json.loads(capsys.readouterr().out)
    assert sorted(t["subject"] for t in data["tickets"]) == ["First", "Second"]
    call_command("kb_personal_data", "erase", "jana@example.com", "--yes")
    assert list(Ticket.objects.values_list("email", flat=True)) == ["someone@example.com"]


def test_personal_data_command_refuses_a_non_address(db):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="not an e-mail address"):
        call_command("kb_personal_data", "export", "nobody")
