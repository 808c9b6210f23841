"""Which fields are translated per language (django-modeltranslation).

Wagtail's own page fields (title, slug, seo_title, search_description) are translated by
wagtail-modeltranslation, which adds them to every registered page type."""

from modeltranslation.translator import TranslationOptions, register

from .models import ArticlePage, CategoryPage, HelpCenterHomePage


@register(HelpCenterHomePage)
class HelpCenterHomePageTR(TranslationOptions):
    fields = ("intro",)


@register(CategoryPage)
class CategoryPageTR(TranslationOptions):
    fields = ("description",)


@register(ArticlePage)
class ArticlePageTR(TranslationOptions):
    fields = ("summary", "body")
