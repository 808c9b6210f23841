from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import ArticleListingViewSet, TranslationReportView, mark_translation_current


@hooks.register("register_admin_urls")
def register_translation_urls():
    return [
        path(
            "reports/translations/",
            TranslationReportView.as_view(),
            name="kb_translation_report",
        ),
        path(
            "reports/translations/results/",
            TranslationReportView.as_view(results_only=True),
            name="kb_translation_report_results",
        ),
        path(
            "translations/<int:page_id>/<str:language>/mark-current/",
            mark_translation_current,
            name="kb_translation_mark_current",
        ),
    ]


class TranslationReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("kb.view_articlepage")


@hooks.register("register_reports_menu_item")
def register_translation_report_menu_item():
    return TranslationReportMenuItem(
        _("Translation status"), reverse("kb_translation_report"), icon_name="globe", order=50
    )


@hooks.register("register_admin_viewset")
def register_article_listing():
    return ArticleListingViewSet()
