import sys

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from wagtail.models import PageLogEntry

from kb.indexing import article_passages, index_article
from kb.models import ArticlePage
from search.backends import get_engine
from search.backends.base import SearchUnavailable


class Command(BaseCommand):
    help = "Rebuild the search index from every live article, in every translated language."

    def add_arguments(self, parser):
        parser.add_argument("--engine", help="Search engine name (default: SEARCH_ENGINE setting).")
        parser.add_argument("--batch-size", type=int, default=64)
        parser.add_argument(
            "--pending",
            action="store_true",
            help="Only replay the writes a search cluster missed while it was unreachable.",
        )

    def handle(self, *args, engine=None, batch_size=64, pending=False, **options):
        try:
            search_engine = get_engine(engine)
        except Exception as exc:
            raise CommandError(f"Cannot use search engine {engine or 'default'!r}: {exc}") from exc
        if pending:
            sync = getattr(search_engine, "sync_pending", None)
            done = sync(limit=10_000) if sync else 0
            self.stdout.write(self.style.SUCCESS(f"Replayed {done} queued writes."))
            return
        started = timezone.now()
        articles = list(ArticlePage.objects.live().public().specific().order_by("path"))
        total = len(articles)
        passages = []
        for done, page in enumerate(articles, 1):
            passages.extend(article_passages(page))
            self._progress("Reading articles", done, total)
        rebuild = getattr(search_engine, "rebuild", None)
        if rebuild is not None:
            try:
                rebuild(
                    passages,
                    batch_size=batch_size,
                    progress=lambda d, t: self._progress("Indexing", d, t),
                )
            except SearchUnavailable as exc:
                raise CommandError(str(exc)) from exc
        else:
            search_engine.delete_namespace("site")
            for start in range(0, len(passages), batch_size):
                search_engine.index(passages[start : start + batch_size])
                self._progress("Indexing", min(start + batch_size, len(passages)), len(passages))
        caught_up = self._catch_up(search_engine, started)
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {len(passages)} passages from {total} articles"
                + (f"; {caught_up} changed meanwhile and were indexed again." if caught_up else ".")
            )
        )

    def _catch_up(self, search_engine, started):
        """Re-index articles published, unpublished, moved or deleted while the rebuild ran:
        the rebuild wrote them as they were when it read them."""
        changed = (
            PageLogEntry.objects.filter(
                timestamp__gte=started,
                content_type=ContentType.objects.get_for_model(ArticlePage),
            )
            .values_list("page_id", flat=True)
            .distinct()
        )
        page_ids = sorted(set(changed))
        for page_id in page_ids:
            index_article(page_id, engine=search_engine)
        return len(page_ids)

    def _progress(self, label, done, total, width=30):
        filled = int(width * done / total) if total else width
        bar = "█" * filled + "·" * (width - filled)
        end = "\n" if done >= total else ""
        stream = self.stdout if sys.stdout.isatty() else None
        if stream is not None or done >= total:
            self.stdout.write(f"\r{label:<16} {bar} {done}/{total}", ending=end)
