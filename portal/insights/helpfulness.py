"""Articles by helpfulness, ranked fairly for few votes.

An article's helpfulness is yes / (yes + no) over the votes last cast in the period. Articles
are ranked by the lower bound of the 95 % Wilson score interval of that share: the share the
article reaches at least, given how many votes it has. Three "yes" of three (bound 0.44)
rank below 280 of 300 (0.90). "Least helpful first" ranks by the upper bound, lowest first:
the articles that are poor even in the best case.
"""

import math
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, Sum, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kb.models import ArticlePage
from portal.feedback.models import ArticleVote, VoteReason

from . import rollups
from .models import DailyArticleViews

Z = 1.96  # 95 %
LATEST_COMMENTS = 3
MOST_HELPFUL, LEAST_HELPFUL = "most", "least"
ORDERS = [(MOST_HELPFUL, _("Most helpful first")), (LEAST_HELPFUL, _("Least helpful first"))]


def wilson_interval(yes, total, z=Z):
    """(lower, upper) bounds of the Wilson score interval of yes/total; (None, None) if no
    votes."""
    if not total:
        return None, None
    share = yes / total
    z2 = z * z
    centre = share + z2 / (2 * total)
    margin = z * math.sqrt(share * (1 - share) / total + z2 / (4 * total * total))
    denominator = 1 + z2 / total
    return max(0.0, (centre - margin) / denominator), min(1.0, (centre + margin) / denominator)


@dataclass
class ArticleHelpfulness:
    article_id: int
    title: str
    edit_url: str
    live_url: str
    views: int = 0
    yes: int = 0
    no: int = 0
    reasons: dict = field(default_factory=dict)
    comments: list = field(default_factory=list)

    @property
    def votes(self):
        return self.yes + self.no

    @property
    def rate(self):
        return self.yes / self.votes if self.votes else None

    @property
    def lower_bound(self):
        return wilson_interval(self.yes, self.votes)[0]

    @property
    def upper_bound(self):
        return wilson_interval(self.yes, self.votes)[1]


def _votes(period):
    return ArticleVote.objects.filter(period.within("updated_at"))


def articles(period, order=MOST_HELPFUL):
    """Every article with a view or a vote in the period, ranked."""
    reason_counts = {
        f"reason_{value}": Count("pk", filter=Q(helpful=False, reason=value))
        for value in VoteReason.values
    }
    votes = {
        row["article_id"]: row
        for row in _votes(period)
        .values("article_id")
        .annotate(
            yes=Count("pk", filter=Q(helpful=True)),
            no=Count("pk", filter=Q(helpful=False)),
            **reason_counts,
        )
        .order_by()
    }
    rollups.ensure(period.day_list())
    views = DailyArticleViews.objects.filter(day__gte=period.first_day, day__lte=period.last_day)
    if period.language:
        views = views.filter(language=period.language)
    views = {
        row["article_id"]: row["views"]
        for row in views.values("article_id").annotate(views=Sum("views")).order_by()
    }
    ids = set(votes) | set(views)
    pages = {page.pk: page for page in ArticlePage.objects.filter(pk__in=ids)}
    comments = latest_comments(period, ids)
    rows = []
    for article_id in ids:
        page = pages.get(article_id)
        counts = votes.get(article_id, {})
        rows.append(
            ArticleHelpfulness(
                article_id=article_id,
                title=page.title if page else _("Deleted article %(id)s") % {"id": article_id},
                edit_url=_edit_url(page),
                live_url=(page.get_url() or "") if page else "",
                views=views.get(article_id, 0),
                yes=counts.get("yes", 0),
                no=counts.get("no", 0),
                reasons={value: counts.get(f"reason_{value}", 0) for value in VoteReason.values},
                comments=comments.get(article_id, []),
            )
        )
    return rank(rows, order)


def rank(rows, order=MOST_HELPFUL):
    """Articles with votes first, by their Wilson bound; then the others by views."""

    def most_helpful(row):
        return (row.votes == 0, -(row.lower_bound or 0), -row.yes, -row.views, str(row.title))

    def least_helpful(row):
        bound = row.upper_bound if row.votes else 1
        return (row.votes == 0, bound, -row.no, -row.views, str(row.title))

    return sorted(rows, key=least_helpful if order == LEAST_HELPFUL else most_helpful)


def latest_comments(period, article_ids, limit=LATEST_COMMENTS):
    """{article_id: [{"comment", "updated_at", "language", "reason"}, …]}, newest first."""
    rows = (
        _votes(period)
        .filter(article_id__in=article_ids)
        .exclude(comment="")
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("article_id")],
                order_by=[F("updated_at").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=limit)
        .values("article_id", "comment", "updated_at", "language", "reason")
        .order_by("article_id", "rank")
    )
    comments = {}
    for row in rows:
        comments.setdefault(row.pop("article_id"), []).append(row)
    return comments


def _edit_url(page):
    if page is None:
        return ""
    return reverse("wagtailadmin_pages:edit", args=[page.pk])
