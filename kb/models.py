"""Help-center content: one home page per site, categories below it, articles below those.

Text fields are translated per language by django-modeltranslation (see kb/translation.py);
translation status per language lives in kb.translation_status."""

import html

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.text import Truncator, slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page

from .blocks import ArticleBodyBlock


class ArticleKind(models.TextChoices):
    FAQ = "faq", _("FAQ")
    HOWTO = "howto", _("How-to guide")
    RETURNS_POLICY = "returns_policy", _("Returns policy")
    SHIPPING = "shipping", _("Shipping and delivery")
    PRIVACY_POLICY = "privacy_policy", _("Privacy policy")


class CategoryIcon(models.TextChoices):
    ORDERS = "orders", _("Orders")
    RETURNS = "returns", _("Returns")
    SHIPPING = "shipping", _("Shipping")
    PAYMENT = "payment", _("Payment")
    ACCOUNT = "account", _("Account")
    PRIVACY = "privacy", _("Privacy")
    CARE = "care", _("Product care")
    GENERAL = "general", _("General")


class TranslatedPage(Page):
    """Shared behaviour of page types whose text is translated per language."""

    #: Fields that must be filled for a language to count as translated.
    required_translated_fields = ("title",)

    class Meta:
        abstract = True

    # Editors preview a page in each language from the editor's preview panel.
    @property
    def preview_modes(self):
        return [(code, name) for code, name in settings.LANGUAGES]

    @property
    def default_preview_mode(self):
        return settings.SOURCE_LANGUAGE

    def serve_preview(self, request, mode_name):
        language = mode_name if mode_name in dict(settings.LANGUAGES) else settings.SOURCE_LANGUAGE
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = super().serve_preview(request, mode_name)
            if hasattr(response, "render"):
                response.render()  # inside the language, not after it
        return response

    def is_translated(self, language=None):
        from .translation_status import is_translated

        return is_translated(self, language or get_language())

    @cached_property
    def translated_languages(self):
        return [code for code, _name in settings.LANGUAGES if self.is_translated(code)]


class HelpCenterHomePage(TranslatedPage):
    intro = models.CharField(
        _("introduction"),
        max_length=255,
        blank=True,
        help_text=_(
            "One sentence under the heading, e.g. 'Answers about orders, returns and more.'"
        ),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["kb.CategoryPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1
    template = "pages/help_center_home_page.html"

    class Meta:
        verbose_name = _("help center home")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["categories"] = CategoryPage.objects.child_of(self).live().public().specific()
        context["promoted_articles"] = (
            ArticlePage.objects.descendant_of(self)
            .live()
            .public()
            .filter(promoted=True)
            .select_related("owner")
            .order_by("path")[:6]
        )
        return context


class CategoryPage(TranslatedPage):
    description = models.TextField(_("description"), max_length=400, blank=True)
    icon = models.CharField(
        _("icon"), max_length=20, choices=CategoryIcon.choices, default=CategoryIcon.GENERAL
    )

    content_panels = Page.content_panels + [FieldPanel("description"), FieldPanel("icon")]
    parent_page_types = ["kb.HelpCenterHomePage"]
    subpage_types = ["kb.ArticlePage"]
    template = "pages/category_page.html"

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = ArticlePage.objects.child_of(self).live().public().specific()
        return context

    @cached_property
    def article_count(self):
        return ArticlePage.objects.child_of(self).live().public().count()


class ArticlePage(TranslatedPage):
    kind = models.CharField(
        _("kind"), max_length=20, choices=ArticleKind.choices, default=ArticleKind.FAQ
    )
    summary = models.TextField(
        _("summary"),
        max_length=300,
        help_text=_("One or two sentences shown in listings and search results."),
    )
    body = StreamField(
        ArticleBodyBlock(),
        verbose_name=_("body"),
        help_text=_(
            "Organise the article in sections with headings. On FAQ articles each section is "
            "one question and its answer."
        ),
    )
    last_reviewed = models.DateField(
        _("last reviewed"),
        default=timezone.localdate,
        help_text=_("When someone last checked that this article is still correct."),
    )
    promoted = models.BooleanField(
        _("promoted"), default=False, help_text=_("Show on the help center home page.")
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("related_links", label=_("Related articles"), max_num=6),
    ]
    promote_panels = Page.promote_panels + [
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("promoted"), FieldPanel("last_reviewed")],
            heading=_("Article"),
        )
    ]
    parent_page_types = ["kb.CategoryPage"]
    subpage_types = []
    required_translated_fields = ("title", "summary", "body")
    template = "pages/article_page.html"

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def clean(self):
        super().clean()
        source_field = build_localized_fieldname("body", settings.SOURCE_LANGUAGE)
        source_body = getattr(self, source_field)
        if not any(block.block_type == "section" for block in source_body or ()):
            raise ValidationError({source_field: _("Add at least one section with a heading.")})

    def get_context(self, request, *args, **kwargs):
        from .caching import FRAGMENT_SECONDS, content_version

        context = super().get_context(request, *args, **kwargs)
        context["content_version"] = content_version(request)
        context["fragment_seconds"] = FRAGMENT_SECONDS
        context["structured_data"] = lambda: self.structured_data(request)  # when not cached
        return context

    @property
    def is_machine_translated(self):
        """The text shoppers read in the active language is an unreviewed machine translation
        (published so only when MachineTranslationSettings allow it)."""
        from .exchange.workflow import machine_translated_languages

        return get_language() in machine_translated_languages(self)

    @property
    def category(self):
        return self.get_parent().specific

    def sections(self):
        """(heading, plain text) pairs of the body, in order."""
        return [
            (
                block.value["heading"],
                html.unescape(strip_tags(block.value["content"].source)).strip(),
            )
            for block in self.body or ()
            if block.block_type == "section"
        ]

    def related_articles(self):
        pages = [link.article for link in self.related_links.select_related("article")]
        return [page for page in pages if page is not None and page.live]

    def structured_data(self, request=None):
        """schema.org data for the kind of article: an FAQ's sections as an FAQPage, a
        how-to guide's as the steps of a HowTo, an article titled with a question as a
        QAPage answering it; None for the others."""
        sections = [(heading, text) for heading, text in self.sections() if heading and text]
        if not sections:
            return None
        context = {"@context": "https://schema.org"}
        url = self.get_url(request) or ""
        if request is not None:
            url = request.build_absolute_uri(url)
        if self.kind == ArticleKind.FAQ:
            return {
                **context,
                "@type": "FAQPage",
                "mainEntity": [
                    {
                        "@type": "Question",
                        "name": question,
                        "acceptedAnswer": {"@type": "Answer", "text": answer},
                    }
                    for question, answer in sections
                ],
            }
        if self.kind == ArticleKind.HOWTO:
            return {
                **context,
                "@type": "HowTo",
                "name": self.title,
                "description": self.summary,
                "step": [
                    {
                        "@type": "HowToStep",
                        "position": position,
                        "name": heading,
                        "text": text,
                        "url": f"{url}#{slugify(heading)}" if slugify(heading) else url,
                    }
                    for position, (heading, text) in enumerate(sections, 1)
                ],
            }
        if self.title.rstrip().endswith(("?", "？", "؟")):
            return {
                **context,
                "@type": "QAPage",
                "mainEntity": {
                    "@type": "Question",
                    "name": self.title,
                    "text": self.summary,
                    "answerCount": 1,
                    "acceptedAnswer": {
                        "@type": "Answer",
                        "text": "\n\n".join(f"{heading}\n{text}" for heading, text in sections),
                        "url": url,
                    },
                },
            }
        return None

    @property
    def short_summary(self):
        return Truncator(self.summary).chars(180)


class RelatedArticle(Orderable):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="related_links")
    article = models.ForeignKey(
        ArticlePage, on_delete=models.CASCADE, related_name="+", verbose_name=_("article")
    )

    panels = [PageChooserPanel("article", "kb.ArticlePage")]

    class Meta(Orderable.Meta):
        verbose_name = _("related article")


from .models_exchange import (  # noqa: E402,F401  (registers the models)
    Glossary,
    GlossaryTerm,
    MachineTranslationSettings,
    TranslationDraft,
    TranslationImport,
    TranslationMemoryEntry,
)
from .models_status import TranslationState  # noqa: E402,F401  (registers the model)
