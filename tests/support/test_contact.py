"""Contact support: the form knows the visit, refuses bad input clearly, never loses a ticket."""

import re
import time

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from portal.support import forms as contact_forms
from portal.support.models import SupportSettings, Ticket
from portal.visits.models import VisitEvent

ARTICLE_DE = "/de/ruecksendungen/artikel-zuruecksenden/"


@pytest.fixture(autouse=True)
def _no_waiting(monkeypatch):
    """The minimum fill time is tested on its own; elsewhere a form is 'old enough'."""
    cache.clear()
    monkeypatch.setattr(contact_forms, "MIN_FILL_SECONDS", 0)


def form_data(client, url="/en/contact/", **overrides):
    html = client.get(url).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    data = {
        "name": "Jana Novak",
        "email": "jana@example.com",
        "topic": "returns",
        "order_number": "ll-204817",
        "subject": "Return label",
        "message": "I cannot print the return label for my linen duvet cover.",
        "include_context": "on",
        "homepage": "",
        "token": token,
    }
    data.update(overrides)
    return data


def test_ticket_carries_the_visit_and_shows_reference_and_response_time(client, help_center):
    client.get(ARTICLE_DE)
    client.post(ARTICLE_DE, {"helpful": "no", "reason": "missing"})
    response = client.get(f"/de/contact/?article={help_center.faq.pk}&from=vote")
    html = response.content.decode()
    assert "Artikel zurücksenden" in html  # the visit's context is shown before sending
    settings = SupportSettings.load()
    settings.returns_hours = 48
    settings.save()

    data = form_data(client, f"/de/contact/?article={help_center.faq.pk}&from=vote")
    data["article"] = str(help_center.faq.pk)
    response = client.post("/de/contact/", data)
    ticket = Ticket.objects.get()
    assert response["Location"] == f"/de/contact/sent/{ticket.reference}/"
    assert re.fullmatch(r"HC-[0-9A-HJKMNP-TV-Z]{6}", ticket.reference)
    assert (ticket.language, ticket.topic, ticket.order_number) == ("de", "returns", "LL-204817")
    assert ticket.article_id == help_center.faq.pk
    assert ticket.response_time_hours == 48
    kinds = [entry["kind"] for entry in ticket.timeline]
    assert kinds[:2] == ["article_view", "vote"]
    assert ticket.timeline[0]["article"] == "Artikel zurücksenden"

    sent = client.get(response["Location"]).content.decode()
    assert ticket.reference in sent
    assert "innerhalb von 2 Tagen" in sent
    assert VisitEvent.objects.filter(kind=VisitEvent.Kind.TICKET).count() == 1


def test_acknowledgement_email_is_sent_in_the_shoppers_language(
    client, help_center, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/de/contact/", form_data(client, "/de/contact/"))
    ticket = Ticket.objects.get()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["jana@example.com"]
    assert ticket.reference in message.subject and ticket.reference in message.body


def test_searches_are_attached_redacted(client, help_center):
    client.get("/en/search/", {"q": "refund for order LL-204817 to jana@example.com"})
    client.post("/en/contact/", form_data(client))
    search = next(e for e in Ticket.objects.get().timeline if e["kind"] == "search")
    assert search["query"] == "refund for order [order] to [email]"


def test_shopper_may_leave_the_context_out(client, help_center):
    client.get(ARTICLE_DE)
    data = form_data(client, "/de/contact/")
    del data["include_context"]
    client.post("/de/contact/", data)
    assert Ticket.objects.get().timeline == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-address", "Please enter a complete e-mail address"),
        ("order_number", "12-34", "Order numbers look like LL-204817."),
        ("topic", "lottery", "Please choose one of the topics in the list."),
        ("name", "", "Please tell us your name."),
        ("subject", "", "Please add a subject."),
        ("message", "   ", "Please describe your question."),
    ],
)
def test_invalid_fields_get_clear_messages_and_nothing_is_lost(
    client, help_center, field, value, message
):
    data = form_data(client, **{field: value})
    response = client.post("/en/contact/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "I cannot print the return label" in html or field == "message"
    assert not Ticket.objects.exists()


def test_oversized_message_is_refused_with_the_limit(client, help_center):
    response = client.post("/en/contact/", form_data(client, message="word " * 1200))
    assert response.status_code == 400
    assert "5000" in response.content.decode()
    assert not Ticket.objects.exists()


def test_markup_is_stored_as_text_and_shown_escaped(client, help_center, admin_client):
    script = '<script>alert("x")</script><b>bold</b>'
    client.post("/en/contact/", form_data(client, name=script, subject=script, message=script))
    ticket = Ticket.objects.get()
    assert ticket.message == script
    html = admin_client.get(f"/admin/tickets/inspect/{ticket.pk}/").content.decode()
    assert "&lt;script&gt;alert" in html and '<script>alert("x")' not in html


def test_double_click_and_replay_create_one_ticket(client, help_center):
    data = form_data(client)
    first = client.post("/en/contact/", data)
    second = client.post("/en/contact/", data)
    assert Ticket.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_honeypot_and_minimum_fill_time(client, help_center, monkeypatch):
    response = client.post("/en/contact/", form_data(client, homepage="http://spam.example"))
    assert response.status_code == 400 and "leave this field empty" in response.content.decode()
    monkeypatch.setattr(contact_forms, "MIN_FILL_SECONDS", 3)
    data = form_data(client)
    response = client.post("/en/contact/", data)
    assert response.status_code == 400 and "very quick" in response.content.decode()
    data["token"] = contact_forms.signing.dumps(
        {"n": "abc", "t": int(time.time()) - 10}, salt=contact_forms.TOKEN_SALT
    )
    assert client.post("/en/contact/", data).status_code == 302


def test_forged_token_is_refused(client, help_center):
    response = client.post("/en/contact/", form_data(client, token="forged"))
    assert response.status_code == 400
    assert not Ticket.objects.exists()


def test_flood_from_one_visitor_is_limited_with_a_clear_message(client, help_center):
    for _ in range(5):
        assert client.post("/en/contact/", form_data(client)).status_code == 302
    response = client.post("/en/contact/", form_data(client))
    assert response.status_code == 429
    assert "several requests in a short time" in response.content.decode()
    assert Ticket.objects.count() == 5


def test_confirmation_page_is_only_for_the_visit_that_sent_it(client, help_center):
    client.post("/en/contact/", form_data(client))
    ticket = Ticket.objects.get()
    assert Client().get(f"/en/contact/sent/{ticket.reference}/").status_code == 404


def test_contact_is_linked_from_every_page_footer(client, help_center):
    html = client.get("/fr/").content.decode()
    assert 'href="/fr/contact/?from=footer"' in html
