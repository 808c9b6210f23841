"""A shopper finds no good answer, contacts support, and the ticket carries what they tried."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail

from portal.support import forms as contact_forms
from portal.support.models import Ticket
from tests.browser.conftest import sign_in
from tests.factories import build_help_center

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

JOURNEYS = {
    "en": {
        "query": "my parcel arrived wet and soggy",
        "contact": "Contact support",
        "subject": "Parcel arrived soaked",
        "message": "How long do I have to return an item that arrived damaged?",
        "suggested": "Returning an item",
        "sent": "Thank you, we have your request",
        "answer": "We will answer within 24 hours.",
        "mail": "We received your request",
    },
    "de": {
        "query": "mein Paket kam nass und aufgeweicht an",
        "contact": "Support kontaktieren",
        "subject": "Paket durchnässt angekommen",
        "message": "Wie lange kann ich einen beschädigten Artikel zurücksenden?",
        "suggested": "Artikel zurücksenden",
        "sent": "Vielen Dank",
        "answer": "innerhalb von 24 Stunden",
        "mail": "Wir haben Ihre Anfrage erhalten",
    },
}


@pytest.fixture
def site(live_server, monkeypatch):
    monkeypatch.setattr(contact_forms, "MIN_FILL_SECONDS", 0)
    build_help_center()
    User.objects.create_superuser("lead", "lead@example.com", "pw-lead-123")
    mail.outbox.clear()
    return live_server.url


@pytest.mark.parametrize("language", ["en", "de"])
def test_from_a_failed_search_to_a_ticket_with_its_timeline(site, browser, axe_audit, language):
    journey = JOURNEYS[language]
    context = browser.new_context(locale=language)
    page = context.new_page()

    page.goto(f"{site}/{language}/search/?q={journey['query']}")
    page.locator(".search-help a").click()
    assert re.search(rf"/{language}/contact/\?from=", page.url)
    # The form shows what the shopper already searched for.
    assert journey["query"] in page.locator(".context-box").inner_text()
    assert axe_audit(page) == []

    page.fill("#id_name", "Jana Novak")
    page.fill("#id_email", "jana@example.com")
    page.select_option("#id_topic", "returns")
    page.fill("#id_subject", journey["subject"])
    page.locator("#id_message").press_sequentially(journey["message"], delay=5)
    suggestions = page.locator("[data-suggestions]")
    suggestions.wait_for(state="visible", timeout=10_000)
    assert journey["suggested"] in suggestions.inner_text()
    assert axe_audit(page) == []

    page.get_by_role("button", name=re.compile("Send|Anfrage senden|Senden")).click()
    page.wait_for_url(re.compile(rf"/{language}/contact/sent/HC-"))
    body = page.locator("main").inner_text()
    ticket = Ticket.objects.get(language=language)
    assert journey["sent"] in body and ticket.reference in body and journey["answer"] in body
    assert axe_audit(page) == []

    message = next(m for m in mail.outbox if ticket.reference in m.subject)
    assert journey["mail"] in message.subject
    assert message.to == ["jana@example.com"]

    kinds = [entry["kind"] for entry in ticket.timeline]
    assert "search" in kinds and "contact_view" in kinds and "suggestion_shown" in kinds

    admin = browser.new_context(locale="en")
    lead = admin.new_page()
    sign_in(lead, site, "lead", "pw-lead-123")
    lead.goto(f"{site}/admin/tickets/inspect/{ticket.pk}/")
    timeline = lead.locator("main").inner_text()
    assert ticket.reference in timeline
    assert journey["query"] in timeline
    admin.close()
    context.close()
