"""The widget API as the widget script uses it from a shop's page on another origin."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from portal.feedback.models import ArticleVote
from portal.sitesearch.models import SearchLog
from portal.support.models import Ticket, TicketSource
from portal.visits.models import VisitEvent
from portal.widget import tokens

from .conftest import SHOP, WidgetClient, allow

CONTACT = {
    "name": "Jana Novak",
    "email": "jana@example.com",
    "topic": "returns",
    "order_number": "LL-204817",
    "subject": "Wrong size",
    "message": "The shoes are too small. Can I exchange them?",
    "homepage": "",
}


def test_a_listed_origin_gets_a_token_and_texts_in_its_language(shop):
    response = shop.session(lang="de-DE")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == SHOP
    assert "Origin" in response["Vary"]
    data = response.json()
    assert data["language"] == "de"
    with translation.override("de"):
        assert data["strings"]["contact"] == gettext("Contact support") != "Contact support"
    assert "Set-Cookie" not in response  # the widget takes no cookies


def test_an_origin_that_is_not_listed_is_refused(shop, client):
    stranger = WidgetClient(client, "https://evil.example.net")
    response = stranger.session()
    assert response.status_code == 403
    assert "Access-Control-Allow-Origin" not in response
    assert "Storefront widget" in response.json()["error"]
    # Nor can it use a token issued to the listed shop.
    stranger.token = shop.session().json()["token"]
    assert stranger.get("search", q="return").status_code == 403


def test_a_request_without_origin_is_refused(shop, client):
    assert client.get("/api/v1/widget/session", {"lang": "en"}).status_code == 403


def test_preflight_allows_the_token_header_for_listed_origins_only(shop, client):
    response = client.options(
        "/api/v1/widget/contact",
        headers={
            "Origin": SHOP,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type,x-help-widget-token",
        },
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == SHOP
    assert "POST" in response["Access-Control-Allow-Methods"]
    assert tokens.HEADER in response["Access-Control-Allow-Headers"]
    refused = client.options(
        "/api/v1/widget/contact",
        headers={"Origin": "https://evil.example.net", "Access-Control-Request-Method": "POST"},
    )
    assert refused.status_code == 403 and "Access-Control-Allow-Origin" not in refused


def test_a_token_is_needed_and_must_be_genuine(shop):
    shop.session()
    shop.token = shop.token[:-3] + "xyz"
    response = shop.get("search", q="return")
    assert response.status_code == 401
    assert "session" in response.json()["error"]


def test_widget_search_is_logged_with_its_source(shop):
    response = shop.get("search", q="wie schicke ich etwas zurück", lang="de")
    assert response.status_code == 200
    payload = response.json()
    assert payload["results"][0]["title"] == "Artikel zurücksenden"
    assert SearchLog.objects.get(pk=payload["search_id"]).source == SearchLog.Source.WIDGET


def test_widget_search_and_contact_suggestions_carry_the_direct_answer(shop, settings):
    settings.SEARCH_ANSWER_MIN_SCORE = 0.05  # three articles: less sure than among dozens
    question = "How long do I have to return an item?"
    answer = shop.get("search", q=question, lang="en").json()["answer"]
    assert answer["sentences"] == ["30 days from delivery."]
    assert answer["url"].startswith("http://testserver/en/returns/returning-an-item/#")
    suggested = shop.get("contact/suggestions", q=question).json()["answer"]
    assert suggested["sentences"] == ["30 days from delivery."]


@pytest.mark.parametrize(
    ("params", "field"),
    [({"q": ""}, "q"), ({"q": "return", "size": "500"}, "size"), ({"q": "x", "kind": "?"}, "kind")],
)
def test_bad_search_parameters_get_400_json(shop, params, field):
    response = shop.get("search", **params)
    assert response.status_code == 400
    assert field in response.json()["details"]
    assert response["Access-Control-Allow-Origin"] == SHOP


def test_an_article_in_a_language_with_the_fallback_flag(shop, help_center):
    german = shop.get(f"articles/{help_center.faq.pk}", lang="de").json()
    assert german["title"] == "Artikel zurücksenden"
    assert german["language"] == "de" and german["fallback"] is False
    assert "30 Tage ab Lieferung" in german["body_html"]
    assert german["url"].endswith("/de/ruecksendungen/artikel-zuruecksenden/")
    assert german["category"]["title"] == "Rücksendungen"
    french = shop.get(f"articles/{help_center.german_only.pk}", lang="fr").json()
    assert french["language"] == "en" and french["fallback"] is True
    assert french["title"] == "Delivery times"


def test_the_public_article_api(client, help_center):
    response = client.get(f"/api/v1/articles/{help_center.faq.pk}", {"lang": "es"})
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json()["title"] == "Devolver un artículo"
    assert client.get(f"/api/v1/articles/{help_center.faq.pk}", {"lang": "xx"}).status_code == 400
    missing = client.get("/api/v1/articles/999999", {"lang": "en"})
    assert missing.status_code == 404 and "no published article" in missing.json()["error"]


def test_a_shop_page_in_another_language_gets_the_articles_in_english(shop, help_center):
    article = shop.get(f"articles/{help_center.faq.pk}", lang="nl-NL").json()
    assert article["title"] == "Returning an item" and article["language"] == "en"
    assert shop.get("suggested", lang="nl").status_code == 200
    bad = shop.get(f"articles/{help_center.faq.pk}", lang="<script>")
    assert bad.status_code == 400 and "lang" in bad.json()["details"]


def test_suggested_articles_for_the_shop_page(shop, help_center):
    by_topic = shop.get("suggested", topic="shipping").json()["articles"]
    assert [a["title"] for a in by_topic] == ["Delivery times"]
    by_hint = shop.get("suggested", hint="Rücksendung", lang="de").json()["articles"]
    assert by_hint[0]["title"] == "Artikel zurücksenden"
    assert shop.get("suggested", topic="shoes").status_code == 400


def test_voting_from_the_widget_then_changing_the_vote(shop, help_center):
    path = f"articles/{help_center.faq.pk}/vote"
    assert shop.post(path, {"helpful": False}).json()["state"] == "why"
    answer = shop.post(path, {"helpful": False, "reason": "unclear", "comment": "Which label?"})
    assert answer.json()["state"] == "thanks_no"
    vote = ArticleVote.objects.get(article=help_center.faq)
    assert (vote.helpful, vote.reason, vote.comment) == (False, "unclear", "Which label?")
    assert shop.get(f"articles/{help_center.faq.pk}").json()["vote"]["reason"] == "unclear"
    assert shop.post(path, {"helpful": True}).json()["state"] == "thanks"
    assert ArticleVote.objects.get(article=help_center.faq).helpful is True


@pytest.mark.parametrize(
    ("body", "status"),
    [({"helpful": "maybe"}, 400), ({"helpful": False, "reason": "bored"}, 400)],
)
def test_bad_votes_get_400_json(shop, help_center, body, status):
    response = shop.post(f"articles/{help_center.faq.pk}/vote", body)
    assert response.status_code == status
    assert response.json()["details"]


def test_writes_need_json_and_the_token_header(shop, help_center):
    path = f"/api/v1/widget/articles/{help_center.faq.pk}/vote?lang=en"
    shop.session()
    form = shop.client.post(
        path,
        {"helpful": "yes"},
        headers={"Origin": SHOP, "X-Help-Widget-Token": shop.token},
    )
    assert form.status_code == 415
    no_header = shop.client.post(
        path + f"&token={shop.token}",
        {"helpful": True},
        content_type="application/json",
        headers={"Origin": SHOP},
    )
    assert no_header.status_code == 401
    broken = shop.client.post(
        path,
        "{not json",
        content_type="application/json",
        headers={"Origin": SHOP, "X-Help-Widget-Token": shop.token},
    )
    assert broken.status_code == 400 and "JSON" in broken.json()["error"]


def test_a_ticket_from_the_widget_carries_the_visit_and_its_source(shop, help_center):
    shop.get("search", q="return an item")
    shop.get(f"articles/{help_center.faq.pk}")
    form = shop.get("contact", article=str(help_center.faq.pk)).json()
    names = [field["name"] for field in form["fields"]]
    assert names[:3] == ["name", "email", "topic"]
    assert "return an item" in form["attached_html"]
    response = shop.post(
        "contact",
        {**CONTACT, "token": form["token"], "article": help_center.faq.pk, "page_url": SHOP},
        lang="de",
    )
    assert response.status_code == 201, response.content
    ticket = Ticket.objects.get(reference=response.json()["reference"])
    assert ticket.source == TicketSource.WIDGET
    assert ticket.language == "de" and ticket.entry_page == SHOP
    assert ticket.article == help_center.faq
    kinds = [step["kind"] for step in ticket.timeline]
    assert kinds[:2] == ["search", "article_view"]
    assert "innerhalb von 24 Stunden" in response.json()["message"]
    # The same form sent again (a double click) finds the same ticket.
    again = shop.post("contact", {**CONTACT, "token": form["token"]}, lang="de")
    assert again.json()["reference"] == ticket.reference
    assert Ticket.objects.count() == 1


def test_articles_suggested_while_writing_count_for_deflection(shop, help_center):
    answer = shop.get("contact/suggestions", q="How long do I have to return an item?").json()
    assert answer["suggestions"][0]["title"] == "Returning an item"
    shop.get(f"articles/{help_center.faq.pk}", **{"from": "suggestion"})
    kinds = list(VisitEvent.objects.values_list("kind", flat=True))
    assert VisitEvent.Kind.SUGGESTION_SHOWN in kinds and VisitEvent.Kind.SUGGESTION_OPENED in kinds
    assert shop.get("contact/suggestions", q="short").json() == {"suggestions": [], "answer": None}


def test_contact_errors_are_explained_and_nothing_is_stored(shop):
    token = shop.get("contact").json()["token"]
    response = shop.post(
        "contact", {**CONTACT, "email": "jana@", "order_number": "12", "token": token}
    )
    assert response.status_code == 400
    details = response.json()["details"]
    assert "complete e-mail address" in details["email"]
    assert "LL-204817" in details["order_number"]
    assert response.json()["token"]  # a fresh form token to send it again
    assert Ticket.objects.count() == 0


def test_spam_protection_of_the_contact_page_applies(shop):
    token = shop.get("contact").json()["token"]
    trapped = shop.post("contact", {**CONTACT, "homepage": "http://spam", "token": token})
    assert trapped.status_code == 400 and "homepage" in trapped.json()["details"]
    forged = shop.post("contact", {**CONTACT, "token": "forged"})
    assert "expired" in forged.json()["details"]["token"]
    assert Ticket.objects.count() == 0


def test_tickets_from_the_widget_are_rate_limited(shop):
    for number in range(6):
        token = shop.get("contact").json()["token"]
        response = shop.post("contact", {**CONTACT, "subject": f"Request {number}", "token": token})
    assert response.status_code == 429
    assert "several requests" in response.json()["error"]
    assert Ticket.objects.count() == 5


def test_the_token_keeps_the_visitor_and_the_visit(shop):
    shop.session()
    first = tokens.read(shop.token, SHOP)
    shop.session(token=shop.token)
    assert tokens.read(shop.token, SHOP) == first


def test_allowed_origins_are_validated(help_center):
    from django.core.exceptions import ValidationError

    from portal.widget.models import WidgetSettings

    settings = WidgetSettings(allowed_origins="https://shop.example.com/cart\nftp://x")
    with pytest.raises(ValidationError) as error:
        settings.full_clean(exclude=["site"])
    assert "https://shop.example.com" in str(error.value)
    allow("HTTPS://Shop.Example.com:443")
    from wagtail.models import Site

    saved = WidgetSettings.for_site(Site.objects.get(is_default_site=True))
    assert saved.origins() == {"https://shop.example.com"}


def test_the_widget_script_is_served_compressed(client):
    response = client.get("/widget.js", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Content-Encoding"] == "gzip"
    assert len(response.content) <= 30 * 1024
