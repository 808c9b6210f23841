import pytest
from wagtail.models import Site

from portal.support import forms as contact_forms
from portal.widget.models import WidgetSettings

SHOP = "https://shop.example.com"


def allow(*origins):
    settings = WidgetSettings.for_site(Site.objects.get(is_default_site=True))
    settings.allowed_origins = "\n".join(origins)
    settings.save()


@pytest.fixture
def shop(help_center, client, monkeypatch):
    """A listed shop origin and a widget client speaking from it."""
    monkeypatch.setattr(contact_forms, "MIN_FILL_SECONDS", 0)
    allow(SHOP)
    return WidgetClient(client, SHOP)


class WidgetClient:
    """Requests as the widget script sends them from a shop page of ``origin``."""

    def __init__(self, client, origin):
        self.client, self.origin = client, origin
        self.token = None

    def session(self, **params):
        response = self.client.get(
            "/api/v1/widget/session", {"lang": "en", **params}, headers={"Origin": self.origin}
        )
        if response.status_code == 200:
            self.token = response.json()["token"]
        return response

    def get(self, path, **params):
        if self.token is None:
            self.session()
        params = {"lang": "en", "token": self.token, **params}
        return self.client.get(f"/api/v1/widget/{path}", params, headers={"Origin": self.origin})

    def post(self, path, body, lang="en", **headers):
        if self.token is None:
            self.session()
        return self.client.post(
            f"/api/v1/widget/{path}?lang={lang}",
            body,
            content_type="application/json",
            headers={"Origin": self.origin, "X-Help-Widget-Token": self.token, **headers},
        )
