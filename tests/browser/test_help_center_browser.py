"""The help center in a real headless Chromium: reading, switching language, accessibility."""

import pytest

from tests.factories import build_help_center

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def site(live_server):
    build_help_center()
    return live_server.url


def test_home_and_article_in_two_languages_with_switcher(site, page, axe_audit):
    page.goto(f"{site}/en/")
    assert page.locator("h1").inner_text() == "Help center"
    assert page.locator("html").get_attribute("lang") == "en"
    assert axe_audit(page) == []

    page.get_by_role("link", name="Returns").first.click()
    page.get_by_role("link", name="Returning an item").click()
    assert page.url == f"{site}/en/returns/returning-an-item/"
    assert page.locator("h1").inner_text() == "Returning an item"
    assert axe_audit(page) == []

    page.get_by_role("navigation", name="Language").get_by_role("link", name="Deutsch").click()
    assert page.url == f"{site}/de/ruecksendungen/artikel-zuruecksenden/"
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator("h1").inner_text() == "Artikel zurücksenden"
    assert axe_audit(page) == []

    page.goto(f"{site}/de/")
    assert page.locator("h1").inner_text() == "Hilfe-Center"
    assert axe_audit(page) == []


def test_fallback_page_is_accessible_and_labelled(site, page, axe_audit):
    page.goto(f"{site}/fr/livraison/delivery-times/")
    assert page.locator("article").get_attribute("lang") == "en"
    assert page.get_by_role("note").first.is_visible()
    assert axe_audit(page) == []


def test_keyboard_user_can_skip_to_content(site, page):
    page.goto(f"{site}/en/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    assert page.locator(".skip-link").is_visible()


def test_phone_layout_has_no_horizontal_scrolling(site, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    phone = context.new_page()
    for path in ["/en/", "/de/ruecksendungen/artikel-zuruecksenden/"]:
        phone.goto(site + path)
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()
