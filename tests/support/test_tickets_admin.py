"""Support leads read tickets and their timelines in the admin; editors do not."""

import pytest
from django.contrib.auth.models import User

from kb.groups import ensure_groups
from portal.support.models import SupportSettings, Ticket

DENIED = "Sorry, you do not have permission to access this area."


def assert_sent_to_dashboard_with_denial(response):
    """Wagtail refuses a permission it does not grant: back to the dashboard, with a notice."""
    assert response.redirect_chain == [("/admin/", 302)]
    assert DENIED in response.content.decode()


def make_ticket(**fields):
    values = dict(
        language="de",
        topic="shipping",
        name="Jana",
        email="jana@example.com",
        subject="Paket beschädigt",
        message="Die Vase ist zerbrochen.",
        response_time_hours=24,
        visit_key="v",
        submission_token=f"token-{fields.get('subject', 'x')}",
        timeline=[
            {
                "at": "2026-11-20T10:00:00+00:00",
                "kind": "search",
                "label": "Search",
                "language": "de",
                "query": "vase kaputt",
                "result_count": 0,
                "results": [],
            }
        ],
    )
    values.update(fields)
    return Ticket.objects.create(**values)


@pytest.fixture
def users(db):
    editors, leads = ensure_groups()
    editor = User.objects.create_user("editor", password="pw")
    editor.groups.add(editors)
    lead = User.objects.create_user("lead", password="pw")
    lead.groups.add(leads)
    return editor, lead


def test_support_lead_lists_filters_and_reads_tickets(client, users):
    _editor, lead = users
    shipping = make_ticket()
    make_ticket(topic="payment", language="en", subject="Card declined")
    client.force_login(lead)
    html = client.get("/admin/tickets/", {"topic": "shipping"}).content.decode()
    assert shipping.reference in html and "Card declined" not in html
    html = client.get("/admin/tickets/", {"language": "en"}).content.decode()
    assert "Card declined" in html and "Paket beschädigt" not in html
    detail = client.get(f"/admin/tickets/inspect/{shipping.pk}/").content.decode()
    assert "vase kaputt" in detail and "Die Vase ist zerbrochen." in detail


def test_support_lead_changes_the_status_only(client, users):
    _editor, lead = users
    ticket = make_ticket()
    client.force_login(lead)
    response = client.post(
        f"/admin/tickets/edit/{ticket.pk}/", {"status": "solved", "email": "x@y.z"}
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == "solved" and ticket.email == "jana@example.com"
    assert_sent_to_dashboard_with_denial(client.get("/admin/tickets/new/", follow=True))


def test_editors_do_not_see_tickets(client, users):
    editor, _lead = users
    make_ticket()
    client.force_login(editor)
    response = client.get("/admin/tickets/", follow=True)
    assert_sent_to_dashboard_with_denial(response)
    assert "Paket beschädigt" not in response.content.decode()


def test_support_leads_set_response_times(client, users):
    _editor, lead = users
    client.force_login(lead)
    response = client.get("/admin/settings/support/supportsettings/", follow=True)
    assert response.status_code == 200
    url = response.redirect_chain[-1][0]
    data = {
        f"{topic}_hours": 24
        for topic in ["orders", "returns", "shipping", "payment", "account", "privacy", "other"]
    }
    data["privacy_hours"] = 96
    assert client.post(url, data).status_code == 302
    assert SupportSettings.load().response_time_hours("privacy") == 96


def test_tickets_export_as_csv(client, users):
    _editor, lead = users
    ticket = make_ticket()
    client.force_login(lead)
    response = client.get("/admin/tickets/", {"export": "csv"})
    body = b"".join(response.streaming_content).decode()
    assert ticket.reference in body and "Paket beschädigt" in body
