"""Page factories and a small multilingual help center used across the tests."""

import hashlib
from types import SimpleNamespace

import factory
import wagtail_factories
from django.conf import settings
from wagtail.models import Collection, Locale, Page, Site
from wagtail.rich_text import RichText

from kb.models import ArticleKind, ArticlePage, CategoryPage, HelpCenterHomePage

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def sections(*pairs):
    return [
        ("section", {"heading": heading, "content": RichText(f"<p>{text}</p>")})
        for heading, text in pairs
    ]


def localized(field, values):
    """{"en": "x", "de": "y"} -> {"field_en": "x", "field_de": "y"}"""
    return {f"{field}_{code}": value for code, value in values.items()}


class HomeFactory(wagtail_factories.PageFactory):
    title = "Help center"
    slug = "help"

    class Meta:
        model = HelpCenterHomePage


class CategoryFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Category {n}")
    icon = "returns"

    class Meta:
        model = CategoryPage


class ArticleFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Article {n}")
    summary = "A short summary."
    kind = ArticleKind.HOWTO
    body = factory.LazyFunction(lambda: sections(("Section", "Text.")))

    class Meta:
        model = ArticlePage


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def ensure_tree_root():
    """Wagtail's root page and collection, locale and default site, which migrations create
    but a flush of a transactional (live-server) test removes."""
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    if not Site.objects.filter(is_default_site=True).exists():
        Site.objects.create(hostname="localhost", root_page=root, is_default_site=True)
    return root


def make_home():
    root = ensure_tree_root()
    home = HomeFactory(
        parent=root,
        **localized(
            "title",
            {
                "en": "Help center",
                "de": "Hilfe-Center",
                "fr": "Centre d'aide",
                "es": "Centro de ayuda",
            },
        ),
        **localized("slug", {"en": "help", "de": "hilfe", "fr": "aide", "es": "ayuda"}),
        **localized(
            "intro",
            {
                "en": "Answers for shoppers.",
                "de": "Antworten für Kunden.",
                "fr": "Des réponses.",
                "es": "Respuestas.",
            },
        ),
    )
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    return publish(home)


def build_help_center():
    home = make_home()
    returns = publish(
        CategoryFactory(
            parent=home,
            icon="returns",
            **localized(
                "title",
                {"en": "Returns", "de": "Rücksendungen", "fr": "Retours", "es": "Devoluciones"},
            ),
            **localized(
                "slug",
                {"en": "returns", "de": "ruecksendungen", "fr": "retours", "es": "devoluciones"},
            ),
        )
    )
    shipping = publish(
        CategoryFactory(
            parent=home,
            icon="shipping",
            **localized(
                "title", {"en": "Shipping", "de": "Versand", "fr": "Livraison", "es": "Envíos"}
            ),
            **localized(
                "slug", {"en": "shipping", "de": "versand", "fr": "livraison", "es": "envios"}
            ),
        )
    )
    faq = publish(
        ArticleFactory(
            parent=returns,
            kind=ArticleKind.FAQ,
            promoted=True,
            **localized(
                "title",
                {
                    "en": "Returning an item",
                    "de": "Artikel zurücksenden",
                    "fr": "Retourner un article",
                    "es": "Devolver un artículo",
                },
            ),
            **localized(
                "slug",
                {
                    "en": "returning-an-item",
                    "de": "artikel-zuruecksenden",
                    "fr": "retourner-un-article",
                    "es": "devolver-un-articulo",
                },
            ),
            **localized(
                "summary",
                {
                    "en": "How returns work.",
                    "de": "So funktionieren Rücksendungen.",
                    "fr": "Comment fonctionnent les retours.",
                    "es": "Cómo funcionan las devoluciones.",
                },
            ),
            body_en=sections(
                ("How long do I have to return an item?", "30 days from delivery."),
                ("Are returns free?", "Yes, within the EU & the UK."),
            ),
            body_de=sections(
                ("Wie lange kann ich zurücksenden?", "30 Tage ab Lieferung."),
                ("Ist die Rücksendung kostenlos?", "Ja, innerhalb der EU."),
            ),
            body_fr=sections(
                ("Combien de temps pour retourner un article ?", "30 jours après la livraison.")
            ),
            body_es=sections(
                ("¿Cuánto tiempo tengo para devolver un artículo?", "30 días desde la entrega.")
            ),
        )
    )
    german_only = publish(
        ArticleFactory(
            parent=shipping,
            kind=ArticleKind.SHIPPING,
            **localized("title", {"en": "Delivery times", "de": "Lieferzeiten"}),
            **localized("slug", {"en": "delivery-times", "de": "lieferzeiten"}),
            **localized(
                "summary", {"en": "When your parcel arrives.", "de": "Wann Ihr Paket ankommt."}
            ),
            body_en=sections(("Standard delivery", "3 to 5 business days.")),
            body_de=sections(("Standardversand", "3 bis 5 Werktage.")),
        )
    )
    return SimpleNamespace(
        home=home, returns=returns, shipping=shipping, faq=faq, german_only=german_only
    )


def make_ticket(email="jana@example.com", **fields):
    """A ticket as the contact form stores it, without going through the form."""
    from portal.support.models import Ticket

    defaults = dict(
        language="en",
        topic="returns",
        name="Jana",
        email=email,
        subject="Label",
        message="Help",
        response_time_hours=24,
        visit_key="v",
        # Unique per ticket, within the column's 64 characters.
        submission_token=f"t-{hashlib.sha256(f'{email}-{fields}'.encode()).hexdigest()[:60]}",
    )
    defaults.update(fields)
    return Ticket.objects.create(**defaults)
