"""Translation status in the Wagtail admin: a report per language and a column for listings."""

import datetime

import django_filters
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.admin.widgets.button import HeaderButton

from . import translation_status
from .models import ArticleKind, ArticlePage
from .translation_status import Status


def language_choices():
    return [
        (code, get_language_info(code)["name_local"])
        for code in translation_status.target_languages()
    ]


class TranslationStatusColumn(Column):
    """One language's status as a coloured tag, with "Mark as up to date" when outdated."""

    cell_template_name = "kb/admin/translation_status_cell.html"

    def __init__(self, language, **kwargs):
        self.language = language
        super().__init__(
            f"status_{language}",
            label=get_language_info(language)["name_local"],
            accessor=lambda page: translation_status_of(page, language),
            **kwargs,
        )

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        context["language"] = self.language
        context["status"] = context["raw_value"]
        context["machine_draft"] = self.language in machine_drafts_of(instance)
        context["can_edit"] = bool(
            request and instance.permissions_for_user(request.user).can_edit()
        )
        # Filtering reloads only the results part; come back to the whole report.
        context["next_url"] = (
            request.get_full_path().replace("/results/", "/", 1) if request else ""
        )
        return context


def machine_drafts_of(page):
    """Languages of ``page`` whose latest draft or live text is an unreviewed machine
    translation."""
    cached = getattr(page, "_machine_drafts", None)
    if cached is None:
        from .models_exchange import TranslationDraft

        cached = set(
            TranslationDraft.objects.filter(
                page_id=page.pk, origin=TranslationDraft.Origin.MACHINE
            ).values_list("language", flat=True)
        )
        page._machine_drafts = cached
    return cached


def translation_status_of(page, language):
    cached = getattr(page, "_translation_statuses", None)
    if cached is None:
        cached = translation_status.statuses([page])[page.pk]
        page._translation_statuses = cached
    return cached[language]


def attach_statuses(pages):
    pages = list(pages)
    for page_pk, statuses in translation_status.statuses(pages).items():
        for page in pages:
            if page.pk == page_pk:
                page._translation_statuses = statuses
                for code, status in statuses.items():
                    setattr(page, f"status_{code}", status.label)
    return pages


def status_columns():
    return [TranslationStatusColumn(code) for code in translation_status.target_languages()]


class TranslationStatusFilterSet(WagtailFilterSet):
    language = django_filters.ChoiceFilter(
        label=gettext_lazy("Language"),
        choices=language_choices,
        empty_label=gettext_lazy("All languages"),
        method="filter_language",
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Translation"),
        choices=[
            ("needs_work", gettext_lazy("Missing or outdated")),
            (Status.MISSING, Status.MISSING.label),
            (Status.OUTDATED, Status.OUTDATED.label),
            (Status.CURRENT, Status.CURRENT.label),
        ],
        empty_label=gettext_lazy("Any status"),
        method="filter_status",
    )
    kind = django_filters.ChoiceFilter(
        label=gettext_lazy("Kind"),
        choices=ArticleKind.choices,
        empty_label=gettext_lazy("Any kind"),
    )

    class Meta:
        model = ArticlePage
        fields = ["language", "status", "kind"]

    def filter_language(self, queryset, name, value):
        return queryset  # read by filter_status

    def filter_status(self, queryset, name, value):
        language = self.form.cleaned_data.get("language")
        languages = [language] if language else translation_status.target_languages()
        wanted = {Status.MISSING, Status.OUTDATED} if value == "needs_work" else {value}
        statuses = translation_status.statuses(queryset)
        keep = [
            pk
            for pk, by_language in statuses.items()
            if any(by_language[code] in wanted for code in languages)
        ]
        return queryset.filter(pk__in=keep)


class TranslationReportView(ReportView):
    page_title = gettext_lazy("Translation status")
    header_icon = "globe"
    index_url_name = "kb_translation_report"
    index_results_url_name = "kb_translation_report_results"
    filterset_class = TranslationStatusFilterSet
    permission_required = "view"
    model = ArticlePage
    paginate_by = 50

    @property
    def columns(self):
        return [
            TitleColumn(
                "title",
                label=_("Article"),
                get_url=lambda page: page.url,
            ),
            Column("category", label=_("Category"), accessor=lambda page: page.get_parent().title),
            Column("kind", label=_("Kind"), accessor="get_kind_display"),
            *status_columns(),
        ]

    @property
    def list_export(self):
        return [
            "title",
            "url",
            "kind",
            *[f"status_{c}" for c in translation_status.target_languages()],
        ]

    @property
    def export_headings(self):
        return {
            f"status_{code}": get_language_info(code)["name_local"]
            for code in translation_status.target_languages()
        }

    @property
    def header_buttons(self):
        language = self.request.GET.get("language", "")
        query = f"?language={language}" if language else ""
        return [
            HeaderButton(
                _("Export for translation"),
                url=reverse("kb_translation_export") + query,
                icon_name="download",
            ),
            HeaderButton(
                _("Import translations"),
                url=reverse("kb_translation_import") + query,
                icon_name="upload",
            ),
        ]

    def get_filename(self):
        return f"translation-status-{datetime.date.today():%Y-%m-%d}"

    def user_has_permission(self, permission):
        return self.request.user.has_perm("kb.view_articlepage")

    def get_queryset(self):
        return ArticlePage.objects.all().order_by("path")

    def decorate_paginated_queryset(self, object_list):
        return attach_statuses(object_list)


class ArticleListingViewSet(PageListingViewSet):
    """All articles in one flat list, with each language's translation status."""

    model = ArticlePage
    icon = "doc-full"
    menu_label = gettext_lazy("Articles")
    menu_order = 150
    add_to_admin_menu = True
    name = "articles"

    columns = [*PageListingViewSet.index_view_class.base_columns, *status_columns()]


@require_POST
def mark_translation_current(request, page_id, language):
    page = get_object_or_404(ArticlePage, pk=page_id)
    if language not in dict(settings.LANGUAGES) or language == settings.SOURCE_LANGUAGE:
        messages.error(request, _("Unknown language."))
    elif not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    elif not page.is_translated(language):
        messages.error(request, _("There is no translation to confirm yet."))
    else:
        translation_status.mark_current(page, language)
        messages.success(
            request,
            _("“%(title)s” in %(language)s is marked as up to date.")
            % {"title": page.title, "language": get_language_info(language)["name_local"]},
        )
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "kb_translation_report"
    return redirect(next_url)
