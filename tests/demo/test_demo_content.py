"""The demo help center: complete in every language, loadable twice without harm."""

from django.core.management import call_command
from django.utils import translation

from kb import translation_status
from kb.models import ArticleKind, ArticlePage, CategoryPage
from kb.translation_status import Status


def test_demo_help_center_is_complete_and_idempotent(client, db):
    call_command("load_initial_data")
    categories = CategoryPage.objects.live()
    articles = ArticlePage.objects.live().specific()
    assert categories.count() >= 6
    assert articles.count() >= 30
    assert set(articles.values_list("kind", flat=True)) == set(ArticleKind.values)

    statuses = translation_status.statuses(articles)
    assert all(
        status in (Status.SOURCE, Status.CURRENT)
        for by_language in statuses.values()
        for status in by_language.values()
    ), "every demo article is translated into every language"

    call_command("load_initial_data")
    assert ArticlePage.objects.count() == articles.count()
    assert CategoryPage.objects.count() == categories.count()

    # Every demo page renders in every language, under its translated URL.
    seen_urls = set()
    for page in [*categories, *articles]:
        for language in ("en", "de", "fr", "es"):
            with translation.override(language):
                url = page.get_url()
                title = page.title
            assert url not in seen_urls
            seen_urls.add(url)
            response = client.get(url)
            assert response.status_code == 200, url
            assert title.replace("'", "&#x27;") in response.content.decode()


def test_editor_changes_survive_a_second_load(db):
    call_command("load_initial_data")
    article = ArticlePage.objects.live().first()
    article.title_de = "Von einer Redakteurin geändert"
    article.save_revision().publish()
    call_command("load_initial_data")
    article.refresh_from_db()
    assert article.title_de == "Von einer Redakteurin geändert"


def test_the_demo_shop_may_embed_the_widget_and_an_admins_origins_are_kept(client, db):
    from wagtail.models import Site

    from portal.widget.models import WidgetSettings

    call_command("load_initial_data")
    settings = WidgetSettings.for_site(Site.objects.get(is_default_site=True))
    settings.allowed_origins += "\nhttps://shop.example.com"
    settings.save()
    call_command("load_initial_data")
    settings = WidgetSettings.for_site(Site.objects.get(is_default_site=True))
    assert settings.allowed_origins.splitlines() == [
        "http://127.0.0.1:8001",
        "http://localhost:8001",
        "https://shop.example.com",
    ]
    session = client.get("/api/v1/widget/session", headers={"Origin": "http://127.0.0.1:8001"})
    assert session.status_code == 200
