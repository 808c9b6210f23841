"""The daily insights task: roll up the last days, embed new queries with poor results for
the content-gap groups, and delete query texts past the search retention period."""

import datetime
import logging

from django.utils import timezone
from django_tasks import task

from portal.visits import retention

from . import gaps, rollups
from .periods import Period

logger = logging.getLogger(__name__)

RECENT_DAYS = 3  # rolled up again each run: late clicks of yesterday's searches


def refresh(days=RECENT_DAYS, today=None, embed=True):
    today = today or timezone.localdate()
    rolled = rollups.rebuild(today - datetime.timedelta(days=days - 1), today)
    embedded = gaps.embed_poor_queries(Period.default(today=today)) if embed else 0
    keep_days = retention.retention_days("RETENTION_SEARCH_DAYS")
    purged = gaps.purge_query_texts(today - datetime.timedelta(days=keep_days))
    return {"days": rolled, "queries_embedded": embedded, "query_rows_purged": purged}


@task()
def refresh_insights(days=RECENT_DAYS):
    report = refresh(days)
    logger.info("Insights refreshed: %s", report)
    return report
