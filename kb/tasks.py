import logging

from django_tasks import task

from kb.indexing import index_article

logger = logging.getLogger(__name__)


@task()
def index_articles(page_ids):
    """Re-index these articles (publish, edit, unpublish, move, delete)."""
    for page_id in page_ids:
        count = index_article(page_id)
        logger.info("Indexed article %s: %s passages", page_id, count)
