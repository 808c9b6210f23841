import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.decorators.cache import cache_page
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from kb import readable
from kb.sitemaps import ArticleSitemap, MarkdownSitemap
from portal.sitesearch import api
from portal.widget.script import widget_js

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path(
        "sitemap.xml",
        cache_page(600)(sitemap),
        {"sitemaps": {"pages": ArticleSitemap, "markdown": MarkdownSitemap}},
        name="sitemap",
    ),
    path("", include("portal.health_urls")),
    path("api/v1/search", api.search, name="api_search"),
    path("llms.txt", readable.llms_txt, name="llms_txt"),
    path("api/v1/articles/<int:article_id>", api.article, name="api_article"),
    path("api/v1/widget/", include("portal.widget.urls")),
    path("widget.js", widget_js, name="widget_js"),
]

urlpatterns += i18n_patterns(
    path("", include("portal.sitesearch.urls")),
    path("", include("portal.support.urls")),
    re_path(
        rf"^(?P<page_path>(?:[\w\-]+/)+){re.escape(readable.MARKDOWN_NAME)}$",
        readable.article_markdown_view,
        name="article_markdown",
    ),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler500 = "portal.errors.server_error"
