"""Translation files from the command line: the same export and import as the admin."""

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from kb.exchange import files, importing, memory, service
from kb.exchange.files import FileRejected
from kb.models import ArticlePage


class Command(BaseCommand):
    help = (
        "export: write the articles whose translation is missing or outdated (or --article "
        "ones) as XLIFF 2.1 or PO; import: check a translated file, show what it changes and "
        "save it as drafts (or --publish); memory: fill the translation memory from every "
        "up-to-date translation."
    )

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        export = commands.add_parser("export", help="write a translation file")
        export.add_argument("--language", required=True)
        export.add_argument("--format", choices=sorted(service.FORMATS), default="xliff")
        export.add_argument(
            "--article",
            type=int,
            action="append",
            help="article id (repeat); default: all articles missing or outdated in the language",
        )
        export.add_argument("--output", "-o", help="file to write (default: standard output)")
        export.add_argument("--no-memory", action="store_true", help="do not fill from memory")

        imported = commands.add_parser("import", help="read a translated file")
        imported.add_argument("file")
        imported.add_argument("--language", required=True)
        imported.add_argument("--publish", action="store_true", help="publish, not only draft")
        imported.add_argument("--dry-run", action="store_true", help="check and show, save nothing")
        imported.add_argument("--user", help="user name the revisions are saved as")

        commands.add_parser("memory", help="learn every up-to-date translation")

    def handle(self, *args, action, **options):
        return getattr(self, f"handle_{action}")(**options)

    def handle_export(self, language, format, article, output, no_memory, **options):
        if article:
            pages = list(ArticlePage.objects.filter(pk__in=article).order_by("path"))
            missing = sorted(set(article) - {page.pk for page in pages})
            if missing:
                raise CommandError(f"No article with id {', '.join(map(str, missing))}.")
        try:
            if not article:
                pages = service.articles_needing_work(language)
            result = service.export(pages, language, fmt=format, use_memory=not no_memory)
        except FileRejected as error:
            raise CommandError(str(error)) from None
        if output:
            Path(output).write_bytes(result.content)
        else:
            sys.stdout.buffer.write(result.content)
            sys.stdout.flush()
        reused, total = result.reused
        share = f"{100 * reused / total:.0f} %" if total else "—"
        self.stderr.write(
            f"{len(pages)} articles, {total} segments, {reused} already translated "
            f"({share} reused), {total - reused} to translate."
        )

    def handle_import(self, file, language, publish, dry_run, user, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file.")
        if path.stat().st_size > files.max_bytes():
            raise CommandError(
                f"{file}: {path.stat().st_size} bytes, more than the "
                f"{files.max_bytes()} bytes TRANSLATION_FILE_MAX_BYTES allows."
            )
        try:
            plan = service.read(path.name, path.read_bytes(), language)
        except FileRejected as error:
            for problem in error.problems:
                self.stderr.write(f"{file}: {problem}")
            raise CommandError("Nothing was imported.") from None
        for article in plan.articles:
            self.stdout.write(f"{article.page.title} (id {article.page.pk}):")
            for change in article.changes:
                self.stdout.write(f"  {change.label}: {change.before!r} -> {change.after!r}")
            for unit in article.outdated_segments:
                self.stdout.write(f"  {unit}: left out, the English text changed since export")
            if not article.changes:
                self.stdout.write("  no changes")
        if dry_run:
            self.stdout.write("Dry run: nothing saved.")
            return
        account = None
        if user:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(f"No user {user!r}.")
        saved = importing.apply(plan, user=account, publish=publish)
        self.stdout.write(f"{saved} articles {'published' if publish else 'saved as drafts'}.")

    def handle_memory(self, **options):
        count = memory.learn_all(ArticlePage.objects.all())
        self.stdout.write(f"Learned the up-to-date translations of {count} articles.")
