"""The embedded engine beside a search cluster, as one piece every cluster dialect uses.

Every write goes to both. When the cluster is down, too slow or refuses a search, the
embedded index answers; writes the cluster missed are queued (``PendingSync``) and replayed
from the embedded index once the cluster answers again. After an outage the cluster is left
alone for ``RETRY_SECONDS``, so shoppers do not each wait for a dead node.
"""

import logging
import time

from django.utils import timezone

from ...models import IndexedDocument, PendingSync
from ...tasks import runs_in_background, sync_search_cluster
from ..base import SearchUnavailable
from ..embedded.engine import EmbeddedSearchEngine
from ..embedded.indexer import group_articles, stored_passages

logger = logging.getLogger(__name__)

#: Seconds the cluster is left alone after it failed, before it is tried again.
RETRY_SECONDS = 10
#: Seconds between checks for queued writes to replay.
SYNC_CHECK_SECONDS = 10


class NodeUnavailable(Exception):
    """The cluster is being left alone after a failure."""


class Fallback:
    def __init__(self, cluster, enabled=True):
        self.cluster = cluster
        self.embedded = EmbeddedSearchEngine(embedder=cluster._embedder) if enabled else None
        self._down_until = 0.0
        self.last_error = None
        self._next_sync_check = 0.0

    @property
    def sync_key(self):
        """Which cluster and prefix the queued writes are for."""
        return f"{self.cluster.name}:{self.cluster.prefix}"

    # -- the state of the cluster ---------------------------------------------------------

    def usable(self):
        return time.monotonic() >= self._down_until

    def check_usable(self):
        if not self.usable():
            raise NodeUnavailable(f"left alone after a failure: {self.last_error}")

    def failed(self, exc):
        self.last_error = f"{exc.__class__.__name__}: {exc}"[:500]
        if self.cluster.is_outage(exc):
            self._down_until = time.monotonic() + RETRY_SECONDS
            logger.warning("Search cluster unavailable: %s", self.last_error)
        else:
            logger.error("Search cluster refused a request: %s", self.last_error)

    def answered(self):
        self._down_until = 0.0
        self.last_error = None

    def call(self, cluster_call, fallback_call):
        """``cluster_call()``, or ``fallback_call()`` when the cluster cannot answer."""
        if self.usable():
            try:
                result = cluster_call()
            except self.cluster.node_errors as exc:
                self.failed(exc)
            else:
                self.answered()
                self._maybe_sync()
                return result
        if self.embedded is None:
            raise SearchUnavailable(self.last_error or "The search cluster is unavailable.")
        return fallback_call()

    # -- missed writes --------------------------------------------------------------------

    def pending(self):
        return PendingSync.objects.filter(engine=self.sync_key)

    def queue(self, keys, exc):
        """Remember writes the cluster missed (articles, or ``""`` for a whole namespace)."""
        self.failed(exc)
        if self.embedded is None:
            raise SearchUnavailable(f"The search cluster failed: {exc}") from exc
        logger.warning("Search cluster write failed, queued for later: %s", exc)
        for namespace, parent_id in sorted(keys):
            PendingSync.objects.update_or_create(
                engine=self.sync_key,
                namespace=namespace,
                parent_id=parent_id,
                defaults={"last_error": str(exc)[:2000]},
            )

    def replay(self, limit=200):
        """Replay queued writes from the embedded index; returns how many were done."""
        if self.embedded is None or not self.usable():
            return 0
        done = 0
        for row in list(self.pending().order_by("queued_at")[:limit]):
            try:
                self._replay(row)
            except self.cluster.node_errors as exc:
                # To the back of the queue: one write the cluster refuses must not hold up
                # the others. After an outage, stop and try again later.
                self.pending().filter(pk=row.pk).update(
                    attempts=row.attempts + 1,
                    last_error=str(exc)[:2000],
                    queued_at=timezone.now(),
                )
                self.failed(exc)
                if self.cluster.is_outage(exc):
                    break
                continue
            # Not if the same write was queued again meanwhile (its queued_at moved).
            self.pending().filter(pk=row.pk, queued_at=row.queued_at).delete()
            done += 1
        return done

    def _replay(self, row):
        documents = IndexedDocument.objects.filter(namespace=row.namespace)
        if row.parent_id:
            documents = documents.filter(parent_id=row.parent_id)
        passages = []
        for document in documents.order_by("language", "parent_id"):
            passages.extend(stored_passages(document))
        if row.parent_id:
            self.cluster.delete_articles(row.namespace, [row.parent_id])
            if passages:
                self.cluster.write(group_articles(passages))
        else:
            self.cluster.rebuild_indices(passages, row.namespace, 256, None)

    def _maybe_sync(self):
        now = time.monotonic()
        if self.embedded is None or now < self._next_sync_check:
            return
        self._next_sync_check = now + SYNC_CHECK_SECONDS
        if self.pending().exists():
            if not runs_in_background(sync_search_cluster):
                return  # not inside a shopper's request: index() and kb_reindex replay
            try:
                sync_search_cluster.enqueue(self.cluster.name)
            except Exception:  # noqa: BLE001 — retried at the next check
                logger.warning("Could not queue the search cluster sync", exc_info=True)
