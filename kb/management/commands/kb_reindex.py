import sys

from django.core.management.base import BaseCommand, CommandError

from kb.indexing import article_passages
from kb.models import ArticlePage


class Command(BaseCommand):
    help = "Rebuild the search index from every live article, in every translated language."

    def add_arguments(self, parser):
        parser.add_argument("--engine", help="Search engine name (default: SEARCH_ENGINE setting).")
        parser.add_argument("--batch-size", type=int, default=64)

    def handle(self, *args, engine=None, batch_size=64, **options):
        from search.backends import get_engine
        from search.backends.base import SearchUnavailable

        try:
            search_engine = get_engine(engine)
        except Exception as exc:
            raise CommandError(f"Cannot use search engine {engine or 'default'!r}: {exc}") from exc
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
        self.stdout.write(
            self.style.SUCCESS(f"Indexed {len(passages)} passages from {total} articles.")
        )

    def _progress(self, label, done, total, width=30):
        filled = int(width * done / total) if total else width
        bar = "█" * filled + "·" * (width - filled)
        end = "\n" if done >= total else ""
        stream = self.stdout if sys.stdout.isatty() else None
        if stream is not None or done >= total:
            self.stdout.write(f"\r{label:<16} {bar} {done}/{total}", ending=end)
