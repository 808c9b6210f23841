"""The answer box in a real headless Chromium: quoted, cited, voted on, accessible."""

import re

import pytest

from tests.factories import build_help_center

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def site(live_server, settings):
    # Three articles: search is less sure of one than among a real help center's dozens.
    settings.SEARCH_ANSWER_MIN_SCORE = 0.05
    build_help_center()
    return live_server.url


def test_answer_box_cites_the_section_and_takes_a_vote(site, page, axe_audit):
    from portal.sitesearch.models import AnswerFeedback

    page.goto(f"{site}/en/search/?q=How+long+do+I+have+to+return+an+item%3F")
    box = page.get_by_role("region", name="Answer from the help center")
    assert box.locator("blockquote").inner_text().strip() == "30 days from delivery."
    assert axe_audit(page) == []

    box.get_by_role("button", name="Yes").click()
    page.get_by_text("Thanks for letting us know!").wait_for()
    assert page.evaluate("document.activeElement.textContent").strip() == (
        "Thanks for letting us know!"
    )
    assert list(AnswerFeedback.objects.values_list("helpful", flat=True)) == [True]

    box.get_by_role(
        "link", name="Returning an item › How long do I have to return an item?"
    ).click()
    page.wait_for_url(
        re.compile(
            re.escape(f"{site}/en/returns/returning-an-item/#how-long-do-i-have-to-return-an-item")
        )
    )
    # The browser scrolled to the quoted section (and highlights the text fragment).
    section = page.locator("#how-long-do-i-have-to-return-an-item")
    assert section.is_visible()
    assert page.evaluate(
        "() => { const r = document.querySelector('#how-long-do-i-have-to-return-an-item')"
        ".getBoundingClientRect(); return r.top < window.innerHeight && r.bottom > 0; }"
    )


def test_contact_form_quotes_the_answer_while_the_shopper_writes(site, page, axe_audit):
    page.goto(f"{site}/en/contact/")
    page.fill('[name="subject"]', "How long do I have to return an item?")
    answer = page.get_by_role("figure", name="Answer from the help center")
    answer.wait_for()
    assert answer.locator("blockquote").inner_text().strip() == "30 days from delivery."
    link = answer.get_by_role(
        "link", name="Returning an item › How long do I have to return an item?"
    )
    assert link.get_attribute("href").startswith(
        "/en/returns/returning-an-item/#how-long-do-i-have-to-return-an-item:~:text="
    )
    assert "Answer from the help center" in page.locator("[data-suggestions-status]").inner_text()
    assert axe_audit(page) == []
