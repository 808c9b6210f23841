from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.cache import cache_page
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from kb.sitemaps import ArticleSitemap
from portal.sitesearch import api
from portal.widget.script import widget_js

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path(
        "sitemap.xml",
        cache_page(600)(sitemap),
        {"sitemaps": {"pages": ArticleSitemap}},
        name="sitemap",
    ),
    path("", include("portal.health_urls")),
    path("api/v1/search", api.search, name="api_search"),
    path("api/v1/articles/<int:article_id>", api.article, name="api_article"),
    path("api/v1/widget/", include("portal.widget.urls")),
    path("widget.js", widget_js, name="widget_js"),
]

urlpatterns += i18n_patterns(
    path("", include("portal.sitesearch.urls")),
    path("", include("portal.support.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler500 = "portal.errors.server_error"
