"""What administrators see of the widget: its setting, and tickets by source."""

from wagtail.models import Site

from portal.widget.models import WidgetSettings
from tests.factories import make_ticket


def test_admins_list_the_allowed_origins_and_wrong_lines_are_explained(admin_client, help_center):
    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/widget/widgetsettings/{site.pk}/"
    assert "allowed origins" in admin_client.get(url).content.decode().lower()
    wrong = admin_client.post(url, {"allowed_origins": "https://shop.example.com/checkout"})
    assert wrong.status_code == 200
    assert "write https://shop.example.com" in wrong.content.decode()
    assert WidgetSettings.for_site(site).origins() == set()
    saved = admin_client.post(url, {"allowed_origins": "https://shop.example.com\n"})
    assert saved.status_code == 302
    assert WidgetSettings.for_site(site).origins() == {"https://shop.example.com"}


def test_support_leads_filter_tickets_by_source(admin_client, db):
    make_ticket(email="web@example.com", subject="From the contact page")
    make_ticket(email="shop@example.com", subject="From the shop", source="widget")
    html = admin_client.get("/admin/tickets/", {"source": "widget"}).content.decode()
    assert "From the shop" in html and "From the contact page" not in html
