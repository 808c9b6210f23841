"""Search indexing in the background: an article is re-indexed by a task queued when the
transaction that published, changed, moved or removed it commits."""

import logging

from django.db import transaction
from django_tasks import task

from kb.indexing import index_article

logger = logging.getLogger(__name__)


@task()
def index_articles(page_ids):
    """Re-index these articles (publish, edit, unpublish, move, delete)."""
    for page_id in page_ids:
        count = index_article(page_id)
        logger.info("Indexed article %s: %s passages", page_id, count)


def on_commit_index(page_ids):
    """Queue re-indexing of ``page_ids`` once the current transaction commits."""
    page_ids = sorted({int(pk) for pk in page_ids})
    if page_ids:
        transaction.on_commit(lambda: index_articles.enqueue(page_ids))
