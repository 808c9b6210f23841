from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import ArticleListingViewSet, TranslationReportView, mark_translation_current
from .exchange import views as exchange_views
from .models_exchange import Glossary


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
        path(
            "translations/export/",
            exchange_views.ExportView.as_view(),
            name="kb_translation_export",
        ),
        path(
            "translations/import/",
            exchange_views.ImportView.as_view(),
            name="kb_translation_import",
        ),
        path(
            "translations/import/<int:pk>/",
            exchange_views.ImportPreviewView.as_view(),
            name="kb_translation_import_preview",
        ),
        path(
            "translations/<int:page_id>/<str:language>/machine/",
            exchange_views.machine_translate,
            name="kb_translation_machine",
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


class GlossaryViewSet(SnippetViewSet):
    """Terms machine translation keeps, per language (Settings → Glossaries)."""

    model = Glossary
    icon = "list-ul"
    menu_label = _("Glossaries")
    add_to_settings_menu = True
    list_display = ["__str__", "target_language"]


register_snippet(GlossaryViewSet)
