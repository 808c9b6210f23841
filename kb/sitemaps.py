from django.conf import settings
from django.contrib.sitemaps import Sitemap
from wagtail.models import Page, Site


class ArticleSitemap(Sitemap):
    """Every live help-center page in every language it is translated into, each URL with
    its hreflang alternates (``<xhtml:link>``) and an x-default pointing at the source
    language. Pages not translated into a language are left out in that language."""

    i18n = True
    alternates = True
    x_default = False  # added below: Django's own x-default strips the language prefix

    def items(self):
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            return []
        return list(
            Page.objects.descendant_of(site.root_page, inclusive=True)
            .live()
            .public()
            .specific()
            .order_by("path")
        )

    def get_languages_for_item(self, item):
        translated = getattr(item, "translated_languages", None)
        if translated is None:
            return [code for code, _name in settings.LANGUAGES]
        return translated

    def location(self, item):
        # The sitemap framework activates each language in turn; the page path follows it.
        return item.get_url_parts()[2]

    def lastmod(self, item):
        return item.last_published_at

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        source = settings.SOURCE_LANGUAGE
        for url in urls:
            for alternate in list(url["alternates"]):
                if alternate["lang_code"] == source:
                    url["alternates"].append(
                        {"location": alternate["location"], "lang_code": "x-default"}
                    )
        return urls


class MarkdownSitemap(ArticleSitemap):
    """The Markdown copy of every live article, in each language it is translated into
    (kb.readable)."""

    alternates = False

    def items(self):
        from .models import ArticlePage

        return [page for page in super().items() if isinstance(page, ArticlePage)]

    def location(self, item):
        from .readable import MARKDOWN_NAME

        return f"{super().location(item)}{MARKDOWN_NAME}"

    def _urls(self, page, protocol, domain):
        return Sitemap._urls(self, page, protocol, domain)
