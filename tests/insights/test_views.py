"""Who sees the insights pages, what the filters accept, and what the CSV files hold."""

import csv
import io

import pytest
from django.contrib.auth.models import User

from tests.insights.events import event, search, ticket

pytestmark = pytest.mark.django_db

PAGES = ["", "helpfulness/", "searches/", "gaps/", "tickets/", "translations/"]
MARCH = {"start": "2026-03-01", "end": "2026-03-10"}


def read_csv(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


@pytest.mark.parametrize("page", PAGES)
def test_support_leads_see_every_page_and_editors_get_403(client, users, page):
    editor, lead = users
    client.force_login(lead)
    assert client.get(f"/admin/insights/{page}").status_code == 200
    client.force_login(editor)
    assert client.get(f"/admin/insights/{page}").status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(client, db):
    response = client.get("/admin/insights/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_superusers_see_insights_and_the_menu(client, db):
    admin = User.objects.create_superuser("admin", "admin@example.com", "pw-admin-123")
    client.force_login(admin)
    html = client.get("/admin/").content.decode()
    assert "/admin/insights/" in html


def test_the_menu_shows_insights_to_leads_only(client, users):
    editor, lead = users
    client.force_login(lead)
    assert "/admin/insights/helpfulness/" in client.get("/admin/").content.decode()
    client.force_login(editor)
    assert "/admin/insights/" not in client.get("/admin/").content.decode()


def test_overview_shows_figures_charts_and_their_tables(client, users):
    _editor, lead = users
    search("2026-03-02 10:00", clicked=True)
    search("2026-03-03 10:00", results=0)
    client.force_login(lead)
    html = client.get("/admin/insights/", MARCH).content.decode()
    assert 'data-figure="searches"' in html
    assert "50.0 %" in html  # zero-result rate: 1 of 2
    assert html.count("<svg") >= 4 and "<title" in html and "<desc" in html
    assert "Numbers: Searches per day" in html
    # The definitions are on the page.
    assert "after which the shopper opened at least one result" in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "2026-03-10", "end": "2026-03-01"}, "is before the first day"),
        ({"start": "2024-01-01", "end": "2026-03-01"}, "Choose at most 366 days"),
        ({"start": "yesterday"}, "Enter the first day as a date"),
        ({"language": "xx"}, "Select a valid choice"),
    ],
)
def test_bad_filters_get_a_message_not_an_error(client, users, params, message):
    _editor, lead = users
    client.force_login(lead)
    response = client.get("/admin/insights/searches/", params)
    assert response.status_code == 200
    assert message in response.content.decode()
    csv_response = client.get("/admin/insights/searches/", {**params, "format": "csv"})
    assert csv_response.status_code == 400
    assert message in csv_response.content.decode()


def test_top_searches_csv(client, users):
    _editor, lead = users
    search("2026-03-02 10:00", query="Return  label", clicked=True)
    search("2026-03-02 11:00", query="return label")
    search("2026-03-02 12:00", query="=cmd|' /C calc'!A0", results=0)
    search("2026-03-02 12:00", query="rücksendung", language="de")
    client.force_login(lead)
    response = client.get("/admin/insights/searches/", {**MARCH, "format": "csv", "table": "top"})
    assert response["Content-Disposition"] == (
        'attachment; filename="insights-searches-top-2026-03-01_2026-03-10.csv"'
    )
    rows = read_csv(response)
    assert rows[0] == [
        "Query",
        "Language",
        "Searches",
        "Zero-result rate",
        "Search-page searches",
        "Search success rate",
    ]
    assert rows[1] == ["return label", "en", "2", "0.0", "2", "0.5"]
    # A query that a spreadsheet would run as a formula is exported as text.
    assert ["'=cmd|' /c calc'!a0", "en", "1", "1.0", "1", "0.0"] in rows
    german = read_csv(
        client.get("/admin/insights/searches/", {**MARCH, "language": "de", "format": "csv"})
    )
    assert german[0][0] == "Figure"  # the page's first table: its key figures
    assert german[1][:3] == ["Searches", "1", "0"]


def test_key_figures_and_daily_csv(client, users):
    _editor, lead = users
    search("2026-03-02 10:00", clicked=True)
    event("contact_view", "2026-03-02 10:05")
    ticket("2026-03-02 10:10")
    client.force_login(lead)
    figures = read_csv(client.get("/admin/insights/", {**MARCH, "format": "csv"}))
    values = {row[0]: row[1:4] for row in figures[1:]}
    assert values["Searches"] == ["1", "0", "—"]
    assert values["Search success rate"] == ["1.0", "", "—"]
    assert values["Tickets after a search"] == ["1", "0", "—"]
    assert values["Self-service ratio"] == ["1.0", "", "—"]
    daily = read_csv(client.get("/admin/insights/", {**MARCH, "format": "csv", "table": "daily"}))
    assert daily[0][0] == "Day" and len(daily) == 11
    assert daily[2] == ["2026-03-02", "1", "1", "1", "1.0", "1", "0", "0.0", "1"]
    assert client.get("/admin/insights/", {"format": "csv", "table": "nope"}).status_code == 400


def test_tickets_page_lists_articles_read_before_a_ticket(client, users, articles):
    _editor, lead = users
    faq = articles.faq
    event("article_view", "2026-03-02 10:00", visit="a", article_id=faq.pk)
    event("article_view", "2026-03-02 10:01", visit="a", article_id=faq.pk)  # read twice
    ticket("2026-03-02 10:10", visit="a")
    event("article_view", "2026-03-02 10:00", visit="b", article_id=faq.pk)
    ticket("2026-03-02 10:10", visit="b")
    ticket("2026-03-02 10:10", visit="c")
    event("article_view", "2026-03-02 10:20", visit="c", article_id=faq.pk)  # after the ticket
    client.force_login(lead)
    rows = read_csv(
        client.get("/admin/insights/tickets/", {**MARCH, "format": "csv", "table": "articles"})
    )
    assert rows[0] == ["Article", "Tickets", "Views", "Tickets per 100 views"]
    assert rows[1] == [faq.title, "2", "4", "50.0"]


def test_helpfulness_csv_has_reasons_and_comments(client, users, articles):
    from tests.insights.events import vote

    _editor, lead = users
    vote(articles.faq, False, "2026-03-03 10:00", reason="outdated", comment="Old prices.")
    vote(articles.faq, True, "2026-03-04 10:00")
    client.force_login(lead)
    rows = read_csv(client.get("/admin/insights/helpfulness/", {**MARCH, "format": "csv"}))
    header = rows[0]
    assert header[:6] == ["Article", "Views", "Yes", "No", "Helpfulness rate", "Wilson lower bound"]
    assert "Outdated" in header and header[-1] == "Latest comments"
    faq = rows[1]
    assert faq[:5] == [articles.faq.title, "0", "1", "1", "0.5"]
    assert faq[header.index("Outdated")] == "1"
    assert faq[-1] == "2026-03-03 (en): Old prices."


def test_translation_coverage_links_to_the_report(client, users, articles):
    _editor, lead = users
    client.force_login(lead)
    html = client.get("/admin/insights/translations/").content.decode()
    assert "/admin/reports/translations/?language=de" in html
    rows = read_csv(client.get("/admin/insights/translations/", {"format": "csv"}))
    assert rows[0] == [
        "Language",
        "Code",
        "Articles",
        "Missing",
        "Outdated",
        "Up to date",
        "Share up to date",
    ]
    # The two articles are written in English only.
    assert rows[1:] == [
        ["Deutsch", "de", "2", "2", "0", "0", "0.0"],
        ["français", "fr", "2", "2", "0", "0", "0.0"],
        ["español", "es", "2", "2", "0", "0", "0.0"],
    ]
    german = read_csv(
        client.get("/admin/insights/translations/", {"format": "csv", "language": "de"})
    )
    assert [row[1] for row in german[1:]] == ["de"]


def test_the_source_filter_shows_the_widgets_searches_and_tickets(client, users):
    _editor, lead = users
    search("2026-03-02 10:00", query="return label", source="page", visit="p")
    search("2026-03-02 11:00", query="sizes", source="widget", visit="w", results=0)
    search("2026-03-02 11:05", query="size chart", source="widget", visit="w")
    ticket("2026-03-02 11:10", visit="w", source="widget")
    ticket("2026-03-02 12:00", visit="p")
    client.force_login(lead)

    every = client.get("/admin/insights/searches/", MARCH).content.decode()
    assert "return label" in every and "size chart" in every
    widget = client.get("/admin/insights/searches/", {**MARCH, "source": "widget"})
    html = widget.content.decode()
    assert "size chart" in html and "return label" not in html
    assert "Searches and tickets from: Storefront widget" in html
    rows = read_csv(
        client.get(
            "/admin/insights/", {**MARCH, "source": "widget", "format": "csv", "table": "figures"}
        )
    )
    values = {row[0]: row[1] for row in rows[1:]}
    assert values["Searches"] == "2" and values["Tickets"] == "1"
    assert values["Zero-result rate"] == "0.5"
    pages = read_csv(
        client.get(
            "/admin/insights/", {**MARCH, "source": "page", "format": "csv", "table": "figures"}
        )
    )
    assert {row[0]: row[1] for row in pages[1:]}["Tickets"] == "1"
    assert client.get("/admin/insights/", {**MARCH, "source": "fax"}).status_code == 200
