"""The daily insights task: roll up the last days, embed new queries with poor results for
the content-gap groups, and delete query texts past the search retention period."""

import datetime
import logging

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from . import gaps, rollups
from .periods import Period

logger = logging.getLogger(__name__)

RECENT_DAYS = 3  # rolled up again each run: late clicks of yesterday's searches


def refresh(days=RECENT_DAYS, today=None, embed=True):
    today = today or timezone.localdate()
    rolled = rollups.rebuild(today - datetime.timedelta(days=days - 1), today)
    embedded = gaps.embed_poor_queries(Period.default(today=today)) if embed else 0
    retention = getattr(settings, "RETENTION_SEARCH_DAYS", 90)
    purged = rollups.purge(today - datetime.timedelta(days=retention))
    return {"days": rolled, "queries_embedded": embedded, "query_rows_purged": purged}


@task()
def embed_gap_queries(first_day, last_day, language=""):
    """Embed the queries with poor results of one period (ISO dates), for content gaps."""
    period = Period(
        datetime.date.fromisoformat(first_day), datetime.date.fromisoformat(last_day), language
    )
    return gaps.embed_poor_queries(period)


@task()
def refresh_insights(days=RECENT_DAYS):
    report = refresh(days)
    logger.info("Insights refreshed: %s", report)
    return report
