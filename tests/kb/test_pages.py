"""Shoppers read the help center in their language: every page type, every language."""

import json
import re

import pytest
from django.utils import translation
from django.utils.html import escape

LANGUAGES = ["en", "de", "fr", "es"]


def url_in(page, language):
    with translation.override(language):
        return page.get_url()


def html_lang(response):
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_name", ["home", "returns", "faq"])
def test_every_page_type_renders_in_every_language(client, help_center, page_name, language):
    page = getattr(help_center, page_name)
    url = url_in(page, language)
    assert url.startswith(f"/{language}/")
    response = client.get(url)
    assert response.status_code == 200
    assert html_lang(response) == language
    with translation.override(language):
        page.refresh_from_db()
        assert escape(page.title) in response.content.decode()


def test_translated_slugs(help_center):
    assert url_in(help_center.faq, "en") == "/en/returns/returning-an-item/"
    assert url_in(help_center.faq, "de") == "/de/ruecksendungen/artikel-zuruecksenden/"
    assert url_in(help_center.faq, "fr") == "/fr/retours/retourner-un-article/"
    assert url_in(help_center.faq, "es") == "/es/devoluciones/devolver-un-articulo/"


def test_language_switcher_keeps_the_shopper_on_the_same_article(client, help_center):
    response = client.get("/de/ruecksendungen/artikel-zuruecksenden/")
    html = response.content.decode()
    switcher = html[html.index('class="language-switcher"') :]
    switcher = switcher[: switcher.index("</nav>")]
    assert 'href="/en/returns/returning-an-item/"' in switcher
    assert 'href="/fr/retours/retourner-un-article/"' in switcher
    assert 'href="/es/devoluciones/devolver-un-articulo/"' in switcher
    assert re.search(
        r'href="/de/ruecksendungen/artikel-zuruecksenden/"[^>]*aria-current="true"', switcher
    )
    french = client.get("/fr/retours/retourner-un-article/")
    assert "Retourner un article" in french.content.decode()


def test_hreflang_and_canonical_on_a_translated_article(client, help_center):
    html = client.get("/de/ruecksendungen/artikel-zuruecksenden/").content.decode()
    assert (
        '<link rel="canonical" href="http://testserver/de/ruecksendungen/artikel-zuruecksenden/">'
        in html
    )
    for language, path in [
        ("en", "/en/returns/returning-an-item/"),
        ("de", "/de/ruecksendungen/artikel-zuruecksenden/"),
        ("fr", "/fr/retours/retourner-un-article/"),
        ("es", "/es/devoluciones/devolver-un-articulo/"),
        ("x-default", "/en/returns/returning-an-item/"),
    ]:
        assert (
            f'<link rel="alternate" hreflang="{language}" href="http://testserver{path}">' in html
        )


def test_untranslated_article_falls_back_to_english_with_a_note(client, help_center):
    # "Delivery times" exists in English and German only.
    response = client.get(url_in(help_center.german_only, "fr"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html_lang(response) == "fr"
    assert "Delivery times" in html  # never an empty title
    assert "3 to 5 business days." in html
    assert 'class="article" lang="en"' in html  # screen readers switch to English
    assert 'role="note"' in html
    # Not offered to search engines as a French page.
    assert '<link rel="canonical" href="http://testserver/en/shipping/delivery-times/">' in html
    assert 'rel="alternate" hreflang="fr"' not in html
    assert 'hreflang="de" href="http://testserver/de/versand/lieferzeiten/"' in html
    # The German version is a translation of its own: no note.
    german = client.get("/de/versand/lieferzeiten/").content.decode()
    assert "Lieferzeiten" in german and 'role="note"' not in german


def test_category_listing_labels_untranslated_articles(client, help_center):
    html = client.get(url_in(help_center.shipping, "es")).content.decode()
    assert "Delivery times" in html
    assert 'lang="en">Delivery times' in html


def test_faq_articles_carry_faq_structured_data(client, help_center):
    html = client.get("/en/returns/returning-an-item/").content.decode()
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(match.group(1))
    assert data["@type"] == "FAQPage"
    questions = [(q["name"], q["acceptedAnswer"]["text"]) for q in data["mainEntity"]]
    assert questions == [
        ("How long do I have to return an item?", "30 days from delivery."),
        ("Are returns free?", "Yes, within the EU & the UK."),
    ]
    # Not on other kinds of article.
    other = client.get("/en/shipping/delivery-times/").content.decode()
    assert "application/ld+json" not in other


def test_root_redirects_by_accept_language(client, help_center):
    assert client.get("/", headers={"accept-language": "de-DE,de;q=0.9"})["Location"] == "/de/"
    assert client.get("/", headers={"accept-language": "fr-CH, fr;q=0.9"})["Location"] == "/fr/"
    assert client.get("/", headers={"accept-language": "ja"})["Location"] == "/en/"


def test_unknown_pages_get_a_friendly_404_in_the_language(client, help_center):
    response = client.get("/de/gibt-es-nicht/")
    assert response.status_code == 404
    assert html_lang(response) == "de"
    assert 'href="/de/"' in response.content.decode()


def test_home_lists_categories_and_promoted_articles(client, help_center):
    html = client.get("/de/").content.decode()
    assert "Rücksendungen" in html and "Versand" in html
    assert 'href="/de/ruecksendungen/artikel-zuruecksenden/"' in html


def test_health(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    payload = response.json()
    assert payload["checks"]["database"]["ok"] is True
    assert payload["checks"]["search"]["ok"] is True and payload["degraded"] is False
