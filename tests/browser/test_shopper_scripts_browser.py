"""The shopper-facing scripts in a real headless Chromium: search-as-you-type suggestions
(suggest.js) and the "Was this helpful?" widget that swaps itself in place (feedback.js)."""

import pytest

from portal.feedback.models import ArticleVote
from tests.factories import build_help_center

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ARTICLE_PATH = "/en/returns/returning-an-item/"
# Set on window before a vote; a full page reload would lose it.
NO_RELOAD = "window.__noReload = 'same document'"
SAME_DOCUMENT = "window.__noReload === 'same document'"


@pytest.fixture
def site(live_server):
    build_help_center()
    return live_server.url


@pytest.fixture
def article_page(site, page):
    page.goto(site + ARTICLE_PATH)
    return page


def type_in_search(page, text):
    """Type into the search box (a combobox once suggest.js has run); return the list."""
    box = page.get_by_role("combobox")
    box.press_sequentially(text, delay=40)
    listbox = page.get_by_role("listbox")
    listbox.wait_for(state="visible", timeout=10_000)
    return box, listbox


def suggested_titles(listbox):
    return listbox.locator(".suggestions__title").all_inner_texts()


def feedback(page):
    return page.locator("section[data-feedback]")


def feedback_heading(page):
    return feedback(page).get_by_role("heading", level=2)


# -- search-as-you-type -------------------------------------------------------------------


def test_suggestions_offer_the_article_and_the_keyboard_opens_it(site, page):
    page.goto(f"{site}/en/")
    box, listbox = type_in_search(page, "Retur")
    assert "Returning an item" in suggested_titles(listbox)
    assert box.get_attribute("aria-expanded") == "true"

    # Arrow down to "Returning an item" and press Enter.
    options = listbox.get_by_role("option")
    target = [t.strip() for t in suggested_titles(listbox)].index("Returning an item")
    for _ in range(target + 1):
        box.press("ArrowDown")
    highlighted = options.nth(target)
    assert highlighted.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == highlighted.get_attribute("id")
    box.press("Enter")

    page.wait_for_url(f"{site}{ARTICLE_PATH}")
    assert page.locator("h1").inner_text() == "Returning an item"


def test_escape_closes_the_suggestions(site, page):
    page.goto(f"{site}/en/")
    box, listbox = type_in_search(page, "Retur")
    assert "Returning an item" in suggested_titles(listbox)

    box.press("Escape")
    assert listbox.is_hidden()
    assert box.get_attribute("aria-expanded") == "false"
    assert page.url == f"{site}/en/"  # nothing was opened


def test_german_page_suggests_german_titles(site, page):
    page.goto(f"{site}/de/")
    _box, listbox = type_in_search(page, "Liefer")
    titles = suggested_titles(listbox)
    assert "Lieferzeiten" in titles
    assert "Delivery times" not in titles
    option = listbox.get_by_role("option").nth(titles.index("Lieferzeiten"))
    assert option.get_attribute("lang") is None  # same language as the page

    option.click()
    page.wait_for_url(f"{site}/de/versand/lieferzeiten/")
    assert page.locator("h1").inner_text() == "Lieferzeiten"


# -- "Was this helpful?" ------------------------------------------------------------------


def test_yes_thanks_in_place_and_stores_a_helpful_vote(article_page):
    page = article_page
    assert feedback_heading(page).inner_text() == "Was this article helpful?"
    page.evaluate(NO_RELOAD)

    feedback(page).get_by_role("button", name="Yes").click()

    heading = feedback_heading(page)
    heading.filter(has_text="Thanks for letting us know!").wait_for()
    assert "Glad this article helped." in feedback(page).inner_text()
    assert page.evaluate(SAME_DOCUMENT), "the page was reloaded"
    assert page.url.endswith(ARTICLE_PATH)  # not the no-JS ?feedback=thanks redirect
    assert page.evaluate("document.activeElement.id") == "feedback-heading"

    vote = ArticleVote.objects.get()
    assert (vote.article.slug, vote.language, vote.helpful, vote.reason) == (
        "returning-an-item",
        "en",
        True,
        "",
    )


def test_no_asks_why_then_thanks_and_stores_the_reason(article_page):
    page = article_page
    page.evaluate(NO_RELOAD)

    feedback(page).get_by_role("button", name="No").click()
    feedback_heading(page).filter(has_text="Sorry this didn’t help. What was wrong?").wait_for()
    assert feedback(page).get_by_role("group", name="What was wrong?").is_visible()
    vote = ArticleVote.objects.get()
    assert (vote.helpful, vote.reason) == (False, "")

    feedback(page).get_by_label("Outdated").check()
    feedback(page).get_by_label("Anything else we should know?").fill("The fee changed.")
    feedback(page).get_by_role("button", name="Send feedback").click()

    feedback_heading(page).filter(has_text="Thank you, we will improve this article.").wait_for()
    assert feedback(page).get_by_role("link", name="Contact support").is_visible()
    assert page.evaluate(SAME_DOCUMENT), "the page was reloaded"
    assert page.url.endswith(ARTICLE_PATH)

    vote = ArticleVote.objects.get()
    assert (vote.helpful, vote.reason, vote.comment) == (False, "outdated", "The fee changed.")


def test_voting_again_replaces_the_first_vote(article_page):
    page = article_page
    feedback(page).get_by_role("button", name="Yes").click()
    feedback_heading(page).filter(has_text="Thanks for letting us know!").wait_for()
    assert ArticleVote.objects.get().helpful is True

    page.reload()
    assert "You said this article helped. You can change your answer." in (
        feedback(page).inner_text()
    )
    assert feedback(page).get_by_role("button", name="Yes").get_attribute("aria-pressed") == "true"
    feedback(page).get_by_role("button", name="No").click()
    feedback(page).get_by_label("Hard to understand").check()
    feedback(page).get_by_role("button", name="Send feedback").click()
    feedback_heading(page).filter(has_text="Thank you, we will improve this article.").wait_for()

    vote = ArticleVote.objects.get()  # still one row: the second answer replaced the first
    assert (vote.helpful, vote.reason) == (False, "unclear")
