"""A support lead opens the insights overview in a real browser: the charts are drawn."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from kb.groups import ensure_groups
from tests.browser.conftest import sign_in
from tests.factories import ensure_tree_root
from tests.insights.events import event, search, ticket

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CHARTS = ["searches", "success_rate", "deflection_rate", "tickets"]


@pytest.fixture
def site(live_server):
    ensure_tree_root()
    _editors, leads = ensure_groups()
    User.objects.create_user("lead", password="pw-lead-123").groups.add(leads)
    today = timezone.localdate()
    for days_ago in (3, 2, 1):
        day = (today - datetime.timedelta(days=days_ago)).isoformat()
        visit = f"visit-{days_ago}"
        search(f"{day} 10:00", visit=visit, clicked=True)
        search(f"{day} 10:01", visit=visit, results=0)
        event("contact_view", f"{day} 10:02", visit=visit)
        event("suggestion_opened", f"{day} 10:03", visit=visit)
        event("contact_view", f"{day} 11:00", visit=f"{visit}-b")
        ticket(f"{day} 11:05", visit=f"{visit}-b")
    return live_server.url


def test_support_lead_sees_the_trend_charts(site, browser, axe_audit):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    sign_in(page, site, "lead", "pw-lead-123", next_path="/admin/insights/")

    for key in CHARTS:
        chart = page.locator(f'figure[data-chart="{key}"]')
        svg = chart.locator("svg[role=img]")
        assert svg.get_attribute("aria-labelledby")
        assert chart.locator("svg title").text_content().strip()
        line = chart.locator("path.insights-chart__line").first
        assert len(line.get_attribute("d")) > 10
        box = line.bounding_box()
        # Counts have a value every day; rates only on the three days with activity.
        assert box and box["width"] > (200 if key in ("searches", "tickets") else 20)
        stroke = line.evaluate("path => getComputedStyle(path).stroke")
        assert stroke not in ("", "none")
        # The numbers are there for screen readers and anyone who opens them.
        table = chart.locator("details table")
        assert table.locator("tbody tr").count() == 30
        chart.locator("summary").click()
        assert table.is_visible()

    figure = page.locator('[data-figure="searches"] .insights-figure__value')
    assert figure.inner_text() == "6"
    assert axe_audit(page) == []
    context.close()
