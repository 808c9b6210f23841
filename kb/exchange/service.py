"""Export and import as the admin and the ``kb_translations`` command use them."""

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from .. import translation_status
from ..models import ArticlePage
from . import importing, plan, po, xliff
from .files import FileProblem, FileRejected

FORMATS = {
    "xliff": (xliff, "xlf", "application/xliff+xml"),
    "po": (po, "po", "text/x-gettext-translation"),
}
NEEDS_WORK = {translation_status.Status.MISSING, translation_status.Status.OUTDATED}


@dataclass
class Export:
    content: bytes
    filename: str
    content_type: str
    plans: list

    @property
    def reused(self):
        return plan.share_reused(self.plans)


def articles_needing_work(language, queryset=None):
    """Articles whose ``language`` translation is missing or outdated, in tree order."""
    check_language(language)
    pages = list((queryset if queryset is not None else ArticlePage.objects.all()).order_by("path"))
    statuses = translation_status.statuses(pages)
    return [page for page in pages if statuses[page.pk][language] in NEEDS_WORK]


def check_language(language):
    if language not in translation_status.target_languages():
        choices = ", ".join(translation_status.target_languages())
        raise FileRejected([FileProblem(f"Unknown language {language!r}: use one of {choices}.")])


def export(pages, language, fmt="xliff", use_memory=True):
    check_language(language)
    module, extension, content_type = FORMATS[fmt]
    plans = plan.plan_articles(pages, language, use_memory=use_memory)
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    content = module.write(plans, language, settings.SOURCE_LANGUAGE, base_url=base_url)
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    filename = f"help-center-{settings.SOURCE_LANGUAGE}-{language}-{stamp}.{extension}"
    return Export(content=content, filename=filename, content_type=content_type, plans=plans)


def format_of(filename, data):
    name = (filename or "").lower()
    if name.endswith((".po", ".pot")):
        return "po"
    if name.endswith((".xlf", ".xliff", ".xml")):
        return "xliff"
    return "xliff" if data.lstrip()[:1] == b"<" else "po"


def read(filename, data, language):
    """A checked ImportPlan of an uploaded file; FileRejected says what is wrong and where."""
    check_language(language)
    module = FORMATS[format_of(filename, data)][0]
    translation_file = module.read(
        data, expected_language=language, source_language=settings.SOURCE_LANGUAGE
    )
    return importing.prepare(translation_file, language)
