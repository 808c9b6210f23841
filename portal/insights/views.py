"""The insights pages in the Wagtail admin. Every page takes the same filters (``start``,
``end``, ``language``) and exports each of its tables with ``?format=csv&table=<name>``."""

from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permission_policies.pages import PagePermissionPolicy

from portal.feedback.models import VoteReason

from . import answers, charts, figures, gaps, helpfulness, searches, tickets, translations
from .forms import PeriodForm
from .periods import languages, sources
from .tables import (
    CHANGE,
    COUNT,
    DECIMAL,
    LINK,
    LIST,
    RATE,
    Column,
    Table,
    csv_response,
    format_change,
    format_count,
    format_decimal,
    format_rate,
)

PERMISSION = "insights.view_insights"
GAPS_SHOWN = 100


def can_view_insights(user):
    return user.is_active and (user.is_superuser or user.has_perm(PERMISSION))


class InsightsView(WagtailAdminTemplateMixin, TemplateView):
    """A page of insights: the filters, the tabs, the figures and tables of ``get_tables``."""

    name = ""  # URL name suffix and tab
    page_title = gettext_lazy("Insights")
    header_icon = "view"
    help_text = ""

    def dispatch(self, request, *args, **kwargs):
        if not can_view_insights(request.user):
            # A plain 403 (Wagtail would turn PermissionDenied into a redirect home).
            return TemplateResponse(
                request,
                "insights/forbidden.html",
                {"page_title": _("Insights"), "header_icon": self.header_icon},
                status=403,
            )
        self.form = PeriodForm(request.GET or None)
        self.period = self.form.period()
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv":
            return self.export(request.GET.get("table", ""))
        return super().get(request, *args, **kwargs)

    def export(self, name):
        if self.form.is_bound and not self.form.is_valid():
            messages = [str(error) for errors in self.form.errors.values() for error in errors]
            return HttpResponse(
                "\n".join(messages), status=400, content_type="text/plain; charset=utf-8"
            )
        tables = self.get_tables()
        table = next((t for t in tables if t.name == name), None) if name else tables[0]
        if table is None:
            return HttpResponse(
                _("There is no table “%(name)s” on this page.") % {"name": name},
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        return csv_response(table, f"insights-{self.name}-{table.name}-{self.period.slug()}")

    def get_tables(self):
        return []

    def export_params(self):
        """Parameters besides the filters that the CSV files keep (e.g. the order)."""
        return {}

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items]
        if self.name != "overview":
            items.append({"url": reverse("insights_overview"), "label": _("Insights")})
        items.append({"url": "", "label": self.get_page_title()})
        return items

    def query(self, **extra):
        """The filters as a query string, with ``extra`` parameters."""
        params = {}
        if self.form.is_bound and self.form.is_valid():
            data = self.form.cleaned_data
            params = {"start": data["start"].isoformat(), "end": data["end"].isoformat()}
            for name in ("language", "source"):
                if data.get(name):
                    params[name] = data[name]
        params.update(extra)
        return urlencode(params)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tables = self.get_tables()
        for table in tables:
            table.csv_url = f"?{self.query(format='csv', table=table.name, **self.export_params())}"
        query = self.query()
        context.update(
            form=self.form,
            period=self.period,
            previous=self.period.previous(),
            tables=[table for table in tables if table.name != "figures"],
            figures=next((table.rows for table in tables if table.name == "figures"), None),
            tabs=[
                {
                    "label": label,
                    "url": f"{reverse(f'insights_{name}')}{'?' + query if query else ''}",
                    "current": name == self.name,
                }
                for name, label in TABS
            ],
            help_text=self.help_text,
            language_name=dict(languages()).get(self.period.language, ""),
            source_name=dict(sources()).get(self.period.source, ""),
            showing_default=self.form.is_bound and not self.form.is_valid(),
        )
        return context


def figure_rows(key_figures):
    units = {figures.RATE: "pp", figures.COUNT: "%", figures.RATIO: "%"}
    rows = []
    for figure in key_figures:
        display = {
            figures.COUNT: format_count,
            figures.RATE: format_rate,
            figures.RATIO: lambda value: format_decimal(value, 1),
        }[figure.kind]
        rows.append(
            {
                "key": figure.key,
                "label": figure.label,
                "value": figure.value,
                "previous": figure.previous,
                "value_text": display(figure.value),
                "previous_text": display(figure.previous),
                "change": figure.change,
                "change_text": format_change(figure.change, units[figure.kind]),
                "direction": _direction(figure.change),
                "definition": figure.definition,
                "detail": figure.detail,
            }
        )
    return rows


def _direction(change):
    """Which way a change goes: "up", "down", or "" when it reads ±0.0."""
    if change is None or round(change, 1) == 0:
        return ""
    return "up" if change > 0 else "down"


def figures_table(rows):
    return Table(
        "figures",
        _("Key figures"),
        [
            Column("label", _("Figure")),
            Column("value", _("This period"), DECIMAL, places=4),
            Column("previous", _("Previous period"), DECIMAL, places=4),
            Column("change_text", _("Change"), CHANGE),
            Column("definition", _("Definition")),
        ],
        rows,
    )


class OverviewView(InsightsView):
    name = "overview"
    template_name = "insights/overview.html"
    page_title = gettext_lazy("Insights")
    help_text = gettext_lazy(
        "Each figure is compared with the same number of days right before the period. "
        "Counts change in per cent, rates in percentage points (pp)."
    )

    def get_tables(self):
        if not hasattr(self, "_tables"):
            self.figure_rows = figure_rows(figures.key_figures(self.period))
            self.daily = figures.daily_trends(self.period)
            self._tables = [
                figures_table(self.figure_rows),
                Table(
                    "daily",
                    _("Daily trends"),
                    [
                        Column("day", _("Day")),
                        Column("searches", _("Searches"), COUNT),
                        Column("page_searches", _("Search-page searches"), COUNT),
                        Column("clicked_page_searches", _("With a result opened"), COUNT),
                        Column("success_rate", _("Search success rate"), RATE),
                        Column("contact_visits", _("Contact-form visits"), COUNT),
                        Column("deflected", _("Deflected contacts"), COUNT),
                        Column("deflection_rate", _("Deflection rate"), RATE),
                        Column("tickets", _("Tickets"), COUNT),
                    ],
                    [{**row, "day": row["day"].isoformat()} for row in self.daily],
                ),
            ]
        return self._tables

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["charts"] = charts.trend_charts(self.daily)
        return context


class HelpfulnessView(InsightsView):
    name = "helpfulness"
    template_name = "insights/tables_page.html"
    page_title = gettext_lazy("Article helpfulness")
    help_text = gettext_lazy(
        "Votes last cast in the period (a changed vote counts once, with its latest answer). "
        "Helpfulness rate: yes / all votes. Articles are ranked by the lower bound of the 95 % "
        "Wilson interval of that rate, so three votes do not beat three hundred; “least "
        "helpful first” ranks by the upper bound, lowest first. Views: times the article was "
        "read in the period. Reasons are those given with “no” votes."
    )

    def get_tables(self):
        order = self.request.GET.get("order")
        if order not in dict(helpfulness.ORDERS):
            order = helpfulness.MOST_HELPFUL
        self.order = order
        can_edit = _can_edit_pages(self.request.user)
        rows = []
        for article in helpfulness.articles(self.period, order):
            rows.append(
                {
                    "title": article.title,
                    "url": article.edit_url if can_edit else article.live_url,
                    "views": article.views,
                    "yes": article.yes,
                    "no": article.no,
                    "rate": article.rate,
                    "lower_bound": article.lower_bound,
                    **{f"reason_{key}": count for key, count in article.reasons.items()},
                    "comments": [
                        f"{timezone.localtime(comment['updated_at']):%Y-%m-%d} "
                        f"({comment['language']}): "
                        f"{comment['comment']}"
                        for comment in article.comments
                    ],
                }
            )
        return [
            Table(
                "articles",
                _("Articles by helpfulness"),
                [
                    Column("title", _("Article"), LINK, url_key="url"),
                    Column("views", _("Views"), COUNT),
                    Column("yes", _("Yes"), COUNT),
                    Column("no", _("No"), COUNT),
                    Column("rate", _("Helpfulness rate"), RATE),
                    Column("lower_bound", _("Wilson lower bound"), RATE),
                    *[
                        Column(f"reason_{value}", label, COUNT)
                        for value, label in VoteReason.choices
                    ],
                    Column("comments", _("Latest comments"), LIST),
                ],
                rows,
                empty_text=_("No article was read or voted on in this period."),
            )
        ]

    def export_params(self):
        return {"order": self.order}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["orders"] = [
            {"label": label, "url": f"?{self.query(order=value)}", "current": value == self.order}
            for value, label in helpfulness.ORDERS
        ]
        return context


class SearchesView(InsightsView):
    name = "searches"
    template_name = "insights/tables_page.html"
    page_title = gettext_lazy("Searches")
    help_text = gettext_lazy(
        "Queries are compared in lower case with single spaces. Success rate: share of "
        "search-page searches with a result opened; zero-result rate: share of all searches "
        "that found nothing. Direct answers: the sentences quoted above the results, their "
        "votes, and how often the same visit sent a ticket afterwards (from the search log, "
        "so only as far back as searches are kept)."
    )

    def get_tables(self):
        key = {"searches", "success_rate", "zero_result_rate"}
        rows = [row for row in figure_rows(figures.key_figures(self.period)) if row["key"] in key]
        return [
            figures_table(rows),
            Table(
                "top",
                _("Top searches"),
                [
                    Column("normalized_query", _("Query")),
                    Column("language", _("Language")),
                    Column("searches", _("Searches"), COUNT),
                    Column("zero_result_rate", _("Zero-result rate"), RATE),
                    Column("page_searches", _("Search-page searches"), COUNT),
                    Column("success_rate", _("Search success rate"), RATE),
                ],
                searches.top_searches(self.period),
                empty_text=_("No searches in this period."),
            ),
            self.answers_table(),
        ]

    def answers_table(self):
        rows = answers.answer_rows(self.period)
        if rows:
            rows.append({"title": _("All articles"), **answers.answer_totals(rows)})
        return Table(
            "answers",
            _("Direct answers"),
            [
                Column("title", _("Article quoted")),
                Column("shown", _("Answers shown"), COUNT),
                Column("helpful", _("Helpful"), COUNT),
                Column("not_helpful", _("Not helpful"), COUNT),
                Column("helpful_rate", _("Helpful rate"), RATE),
                Column("followed_by_ticket", _("Followed by a ticket"), COUNT),
                Column("ticket_rate", _("Ticket rate"), RATE),
            ],
            rows,
            empty_text=_("No direct answers were shown in this period."),
        )


class ContentGapsView(InsightsView):
    name = "gaps"
    template_name = "insights/gaps.html"
    page_title = gettext_lazy("Content gaps")
    help_text = gettext_lazy(
        "Searches with poor results: those that found nothing, and those on the search page "
        "that found something but had no result opened. Queries with the same meaning are "
        "grouped (per language, by the search embedder); a group is named after its most "
        "frequent query."
    )

    def get_tables(self):
        self.report = gaps.content_gaps(self.period)
        can_add = _can_add_articles(self.request.user)
        create_url = reverse("wagtailadmin_pages:choose_parent", args=["kb", "articlepage"])
        rows = [
            {
                "label": gap.label,
                "language": gap.language,
                "poor_searches": gap.poor_searches,
                "zero_result_searches": gap.zero_result_searches,
                "unclicked_page_searches": gap.unclicked_page_searches,
                "searches": gap.searches,
                "queries": len(gap.queries),
                "examples": gap.examples,
                "create": _("Create an article") if can_add else "",
                "create_url": create_url if can_add else "",
            }
            for gap in self.report.gaps
        ]
        return [
            Table(
                "gaps",
                _("Searches with no or poor results, grouped by meaning"),
                [
                    Column("label", _("Most frequent query")),
                    Column("language", _("Language")),
                    Column("poor_searches", _("Poor searches"), COUNT),
                    Column("zero_result_searches", _("No results"), COUNT),
                    Column("unclicked_page_searches", _("No result opened"), COUNT),
                    Column("searches", _("All searches"), COUNT),
                    Column("queries", _("Different queries"), COUNT),
                    Column("examples", _("Examples"), LIST),
                    Column("create", _("Action"), LINK, url_key="create_url", csv=False),
                ],
                rows,
                empty_text=_("No search had poor results in this period."),
                page_limit=GAPS_SHOWN,
            )
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["report"] = self.report
        return context


def _can_add_articles(user):
    return PagePermissionPolicy().user_has_permission(user, "add")


def _can_edit_pages(user):
    """Editors get links to the editor; support leads to the article on the site."""
    return PagePermissionPolicy().user_has_permission(user, "change")


class TicketsView(InsightsView):
    name = "tickets"
    template_name = "insights/tables_page.html"
    page_title = gettext_lazy("Deflection and tickets")
    help_text = gettext_lazy(
        "A deflected contact is a visit that opened the contact form, then a suggested "
        "article, and sent no ticket. Articles read before a ticket: tickets of the period "
        "whose visit read the article before the ticket was sent."
    )

    def get_tables(self):
        key = {
            "contact_visits",
            "deflected",
            "deflection_rate",
            "tickets",
            "tickets_after_search",
            "self_service_ratio",
        }
        rows = [row for row in figure_rows(figures.key_figures(self.period)) if row["key"] in key]
        can_edit = _can_edit_pages(self.request.user)
        return [
            figures_table(rows),
            Table(
                "articles",
                _("Articles most often read before a ticket"),
                [
                    Column("title", _("Article"), LINK, url_key="url"),
                    Column("tickets", _("Tickets"), COUNT),
                    Column("views", _("Views"), COUNT),
                    Column("tickets_per_100_views", _("Tickets per 100 views"), DECIMAL),
                ],
                [
                    {**row, "url": row["edit_url"] if can_edit else row["live_url"]}
                    for row in tickets.articles_before_tickets(self.period)
                ],
                empty_text=_("No ticket in this period followed an article."),
            ),
        ]


class TranslationsView(InsightsView):
    name = "translations"
    template_name = "insights/tables_page.html"
    page_title = gettext_lazy("Translation coverage")
    help_text = gettext_lazy(
        "The articles' translations as they are now (the dates do not apply). Missing: a "
        "required field is empty in that language. Outdated: translated from an older "
        "version of the source text. Up to date: translated from the source as it is now."
    )

    def get_tables(self):
        return [
            Table(
                "coverage",
                _("Translation coverage"),
                [
                    Column("name", _("Language"), LINK, url_key="report_url"),
                    Column("language", _("Code")),
                    Column("articles", _("Articles"), COUNT),
                    Column("missing", _("Missing"), COUNT),
                    Column("outdated", _("Outdated"), COUNT),
                    Column("current", _("Up to date"), COUNT),
                    Column("current_rate", _("Share up to date"), RATE),
                    Column("needs_work", _("To do"), LINK, url_key="needs_work_url", csv=False),
                ],
                [
                    {
                        **row,
                        "needs_work": (
                            _("Missing or outdated articles")
                            if row["missing"] or row["outdated"]
                            else ""
                        ),
                    }
                    for row in translations.coverage(self.period.language)
                ],
            )
        ]


TABS = [
    ("overview", gettext_lazy("Overview")),
    ("helpfulness", gettext_lazy("Helpfulness")),
    ("searches", gettext_lazy("Searches")),
    ("gaps", gettext_lazy("Content gaps")),
    ("tickets", gettext_lazy("Deflection and tickets")),
    ("translations", gettext_lazy("Translations")),
]
VIEWS = [
    OverviewView,
    HelpfulnessView,
    SearchesView,
    ContentGapsView,
    TicketsView,
    TranslationsView,
]
