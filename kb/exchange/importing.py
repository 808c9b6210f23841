"""A translation file checked against the articles as they are now, shown as changes, then
saved as draft revisions or published.

Nothing is saved unless the whole file passes: every article exists, every segment the file
should hold is there with a translation, inline codes match the English segment's, lengths fit.
A segment whose English text changed since the export is left out and named in the preview;
the article then stays *Outdated*, because the file was made from the older English text.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from .. import translation_status
from ..models import ArticlePage
from ..models_exchange import TranslationDraft
from ..models_status import TranslationState
from . import memory, richtext, segments
from .files import FileProblem, FileRejected


@dataclass
class SegmentChange:
    key: str
    label: str
    before: str
    after: str


@dataclass
class ArticleImport:
    page: ArticlePage
    base: ArticlePage  # the latest revision, with the translation applied
    source_digest: str  # the English text the file was made from
    changed_fields: list
    changes: list = field(default_factory=list)
    outdated_segments: list = field(default_factory=list)  # English changed since export
    #: Segments the translator left as they were exported and did not confirm.
    unconfirmed_segments: list = field(default_factory=list)
    pairs: list = field(default_factory=list)  # (English markup, translated markup)

    @property
    def complete(self):
        """Every segment of the English text the file was made from is translated."""
        return not self.outdated_segments and not self.unconfirmed_segments

    def made_from(self, language):
        """The English digest the translation counts as made from once this is published:
        the file's when complete, else the one it had (so it stays outdated)."""
        if self.complete:
            return self.source_digest
        state = TranslationState.objects.filter(page_id=self.page.pk, language=language).first()
        return state.source_digest if state else ""


@dataclass
class ImportPlan:
    language: str
    articles: list

    @property
    def changed_articles(self):
        return [article for article in self.articles if article.changed_fields]

    @property
    def segment_changes(self):
        return sum(len(article.changes) for article in self.articles)


def prepare(translation_file, language):
    """Check ``translation_file`` (xliff.TranslationFile or po's) for ``language``; FileRejected
    lists every problem."""
    problems, articles, seen_pages = [], [], set()
    for file_article in translation_file.articles:
        if file_article.page_id in seen_pages:
            problems.append(
                FileProblem(
                    "This article appears twice in the file.",
                    line=file_article.line,
                    unit=file_article.file_id,
                )
            )
            continue
        seen_pages.add(file_article.page_id)
        article = _prepare_article(file_article, language, problems)
        if article is not None:
            articles.append(article)
    if problems:
        raise FileRejected(problems)
    return ImportPlan(language=language, articles=articles)


def _prepare_article(file_article, language, problems):
    page = ArticlePage.objects.filter(pk=file_article.page_id).first()
    if page is None:
        problems.append(
            FileProblem(
                f"There is no article with id {file_article.page_id} (deleted since the export?).",
                line=file_article.line,
                unit=file_article.file_id,
            )
        )
        return None
    sources = {segment.key: segment for segment in segments.source_segments(page)}
    english_unchanged = file_article.source_digest == translation_status.digest(
        page, settings.SOURCE_LANGUAGE
    )
    base = page.get_latest_revision_as_object()
    before = segments.translation_segments(base, language)
    translations, outdated, unconfirmed, pairs, seen = {}, [], [], [], set()
    count_before = len(problems)
    for unit in file_article.units:
        if unit.unit_id in seen:
            problems.append(
                FileProblem("This unit appears twice.", line=unit.line, unit=unit.unit_id)
            )
            continue
        seen.add(unit.unit_id)
        segment = sources.get(unit.key)
        if segment is None or segment.digest != unit.source_digest:
            outdated.append(unit.unit_id)
            continue
        if not unit.confirmed and unit.key in before and unit.target == before[unit.key].markup:
            unconfirmed.append(unit.unit_id)
            continue
        problem = _check_unit(unit, segment)
        if problem:
            problems.append(FileProblem(problem, line=unit.line, unit=unit.unit_id))
            continue
        translations[unit.key] = unit.target
        pairs.append((segment.source.markup, unit.target))
    if english_unchanged:
        for key in sources:
            if segments.unit_id(page.pk, key) not in seen:
                problems.append(
                    FileProblem(
                        "This segment is missing from the file.",
                        line=file_article.line,
                        unit=segments.unit_id(page.pk, key),
                    )
                )
    if len(problems) > count_before:
        return None
    english = {key: segment.source for key, segment in sources.items()}
    changed_fields = segments.apply(base, language, translations, english)
    try:
        base.full_clean()
    except ValidationError as error:
        problems.append(
            FileProblem(
                "The translated article is not valid: " + "; ".join(error.messages),
                line=file_article.line,
                unit=file_article.file_id,
            )
        )
        return None
    changes = [
        SegmentChange(
            key=key,
            label=segments.label_of(key),
            before=before[key].text if key in before else "",
            after=richtext.plain_text(markup),
        )
        for key, markup in translations.items()
        if key not in before or before[key].markup != markup
    ]
    return ArticleImport(
        page=page,
        base=base,
        source_digest=file_article.source_digest,
        changed_fields=changed_fields,
        changes=changes,
        outdated_segments=outdated,
        unconfirmed_segments=unconfirmed,
        pairs=pairs,
    )


def _check_unit(unit, segment):
    if unit.target is None:
        return "This segment has no translation."
    try:
        richtext.to_html(unit.target, segment.source.codes)
    except richtext.InlineCodeError as error:
        return f"The inline codes do not match the English text: {error}."
    if not richtext.plain_text(unit.target).strip():
        return "This segment has no translation."
    limit = segments.max_length(segment.key)
    length = len(richtext.plain_text(unit.target))
    if limit and length > limit:
        return f"The translation is {length} characters long; at most {limit} fit here."
    return None


def apply(plan, user=None, publish=False):
    """Save every article of ``plan``: a draft revision each, published when ``publish``.
    Returns the number of articles saved."""
    saved = 0
    with transaction.atomic():
        for article in plan.articles:
            if article.changed_fields:
                _save(article, plan.language, user, publish)
                saved += 1
            elif publish and article.complete:
                # Nothing to change: the translation was confirmed as it is.
                _confirm(article, plan.language)
            if publish:
                memory.remember(plan.language, article.pairs, page=article.page)
    return saved


def _save(article, language, user, publish):
    revision = article.base.save_revision(user=user, log_action=True)
    TranslationDraft.objects.update_or_create(
        page=article.page,
        language=language,
        defaults={
            "revision": revision,
            "origin": TranslationDraft.Origin.FILE,
            "source_digest": article.made_from(language),
            "content_digest": translation_status.digest(article.base, language),
            "provider": "",
            "live": False,
        },
    )
    if publish:
        revision.publish(user=user)


def _confirm(article, language):
    TranslationState.objects.update_or_create(
        page_id=article.page.pk,
        language=language,
        defaults={
            "content_digest": translation_status.digest(article.page, language),
            "source_digest": article.source_digest,
        },
    )
