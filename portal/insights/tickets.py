"""Articles most often read before a ticket: for each article, the tickets of the period
whose visit had read it before the ticket was sent (a ticket counts once per article however
often it was read). A language filter applies to the ticket's language."""

from django.db import connection
from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from kb.models import ArticlePage
from portal.support.models import Ticket
from portal.visits.models import VisitEvent

from . import rollups
from .models import DailyArticleViews

LIMIT = 50


def _tickets_per_article(period, limit):
    ticket, event = Ticket._meta.db_table, VisitEvent._meta.db_table
    language = "AND t.language = %s" if period.language else ""
    # CROSS JOIN makes SQLite start from the period's tickets and find each visit's article
    # views by the (visit_key, kind, created_at) index, whatever statistics it has;
    # PostgreSQL plans it like an inner join.
    sql = f"""
        SELECT e.article_id, COUNT(DISTINCT t.id) AS tickets
        FROM {ticket} t
        CROSS JOIN {event} e
        WHERE t.created_at >= %s AND t.created_at < %s {language}
          AND e.visit_key = t.visit_key
          AND e.kind = %s
          AND e.created_at < t.created_at
          AND e.article_id IS NOT NULL
        GROUP BY e.article_id
        ORDER BY tickets DESC, e.article_id
        LIMIT %s
    """
    params = [period.start, period.end]
    if period.language:
        params.append(period.language)
    params += [VisitEvent.Kind.ARTICLE_VIEW, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def articles_before_tickets(period, limit=LIMIT):
    counts = _tickets_per_article(period, limit)
    ids = [article_id for article_id, _tickets in counts]
    rollups.ensure(period.day_list())
    views = DailyArticleViews.objects.filter(
        article_id__in=ids, day__gte=period.first_day, day__lte=period.last_day
    )
    if period.language:
        views = views.filter(language=period.language)
    views = {
        row["article_id"]: row["views"]
        for row in views.values("article_id").annotate(views=Sum("views")).order_by()
    }
    pages = {page.pk: page for page in ArticlePage.objects.filter(pk__in=ids)}
    rows = []
    for article_id, tickets in counts:
        page = pages.get(article_id)
        article_views = views.get(article_id, 0)
        rows.append(
            {
                "article_id": article_id,
                "title": page.title if page else _("Deleted article %(id)s") % {"id": article_id},
                "edit_url": reverse("wagtailadmin_pages:edit", args=[article_id]) if page else "",
                "live_url": (page.get_url() or "") if page else "",
                "tickets": tickets,
                "views": article_views,
                "tickets_per_100_views": tickets * 100 / article_views if article_views else None,
            }
        )
    return rows
