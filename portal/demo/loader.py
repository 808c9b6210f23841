"""Builds the demo help center from portal/demo/content/*.json (schema in portal/demo/README.md)."""

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from kb.models import ArticlePage, CategoryPage, HelpCenterHomePage, RelatedArticle

CONTENT_DIR = Path(__file__).resolve().parent / "content"

HOME = {
    "title": {
        "en": "Help center",
        "de": "Hilfe-Center",
        "fr": "Centre d'aide",
        "es": "Centro de ayuda",
    },
    "slug": {"en": "help", "de": "hilfe", "fr": "aide", "es": "ayuda"},
    "intro": {
        "en": "Answers about orders, returns, delivery, payment and caring for what you bought.",
        "de": "Antworten zu Bestellungen, Rücksendungen, Lieferung, Zahlung und Pflege Ihrer Produkte.",
        "fr": "Des réponses sur les commandes, les retours, la livraison, le paiement et l'entretien de vos articles.",
        "es": "Respuestas sobre pedidos, devoluciones, envíos, pagos y el cuidado de tus productos.",
    },
}


@dataclass
class LoadReport:
    created: list = field(default_factory=list)
    kept: list = field(default_factory=list)
    updated: list = field(default_factory=list)


def languages():
    return [code for code, _name in settings.LANGUAGES]


def read_categories(content_dir=CONTENT_DIR):
    files = sorted(Path(content_dir).glob("*.json"))
    if not files:
        raise FileNotFoundError(f"No demo content found in {content_dir}.")
    categories = [json.loads(path.read_text(encoding="utf-8")) for path in files]
    return sorted(categories, key=lambda category: category["order"])


def _set_translated(page, name, values):
    for code in languages():
        if code in values:
            setattr(page, build_localized_fieldname(name, code), values[code])


def _body(sections):
    return [
        ("section", {"heading": section["heading"], "content": RichText(section["html"])})
        for section in sections
    ]


def _publish(page):
    page.save_revision().publish()


def ensure_home(report):
    site = Site.objects.filter(is_default_site=True).first()
    home = HelpCenterHomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = HelpCenterHomePage()
        _set_translated(home, "title", HOME["title"])
        _set_translated(home, "slug", HOME["slug"])
        _set_translated(home, "intro", HOME["intro"])
        root.add_child(instance=home)
        _publish(home)
        report.created.append(home)
    else:
        report.kept.append(home)
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name=settings.WAGTAIL_SITE_NAME,
        )
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = settings.WAGTAIL_SITE_NAME
        site.save()
        # Wagtail's placeholder "Welcome" page has no place in the help center.
        if type(old_root.specific) is Page and not old_root.get_children().exists():
            old_root.delete()
    return home


def _find_child(model, parent, slug_en):
    return model.objects.child_of(parent).filter(slug_en=slug_en).first()


def ensure_category(home, data, report, refresh=False):
    page = _find_child(CategoryPage, home, data["slug"]["en"])
    created = page is None
    if not created and not refresh:
        report.kept.append(page)
        return page
    page = page or CategoryPage(icon=data["icon"])
    page.icon = data["icon"]
    _set_translated(page, "title", data["title"])
    _set_translated(page, "slug", data["slug"])
    _set_translated(page, "description", data["description"])
    if created:
        home.add_child(instance=page)
        report.created.append(page)
    else:
        report.updated.append(page)
    _publish(page)
    return page


def ensure_article(category, data, report, refresh=False):
    translations = data["translations"]
    page = _find_child(ArticlePage, category, translations["en"]["slug"])
    created = page is None
    if not created and not refresh:
        report.kept.append(page)
        return page
    page = page or ArticlePage()
    page.kind = data["kind"]
    page.promoted = bool(data.get("promoted"))
    page.last_reviewed = date.fromisoformat(data["last_reviewed"])
    for code in languages():
        text = translations.get(code)
        if not text:
            continue
        for name in ("title", "slug", "summary", "seo_title", "search_description"):
            setattr(page, build_localized_fieldname(name, code), text.get(name, ""))
        setattr(page, build_localized_fieldname("body", code), _body(text["sections"]))
    if created:
        category.add_child(instance=page)
        report.created.append(page)
    else:
        report.updated.append(page)
    _publish(page)
    return page


def link_related(articles_by_key, categories):
    for category in categories:
        for data in category["articles"]:
            page = articles_by_key[data["key"]]
            wanted = [
                articles_by_key[key] for key in data.get("related", []) if key in articles_by_key
            ]
            current = [link.article_id for link in page.related_links.all()]
            if current == [article.pk for article in wanted]:
                continue
            RelatedArticle.objects.filter(page=page).delete()
            for order, article in enumerate(wanted):
                RelatedArticle.objects.create(page=page, article=article, sort_order=order)


@transaction.atomic
def load(content_dir=CONTENT_DIR, refresh=False):
    categories = read_categories(content_dir)
    report = LoadReport()
    home = ensure_home(report)
    articles_by_key = {}
    for data in categories:
        category = ensure_category(home, data, report, refresh=refresh)
        for article in data["articles"]:
            articles_by_key[article["key"]] = ensure_article(category, article, report, refresh)
    link_related(articles_by_key, categories)
    allow_demo_shop()
    return report


def allow_demo_shop():
    """Let the demo shop (manage.py widget_demo_shop) embed the help widget."""
    from portal.widget.models import WidgetSettings

    from .shop.server import DEMO_ORIGINS

    settings = WidgetSettings.for_site(Site.objects.get(is_default_site=True))
    if any([settings.allow(origin) for origin in DEMO_ORIGINS]):
        settings.save()
