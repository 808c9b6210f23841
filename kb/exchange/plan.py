"""What goes to a translator (or a machine) for one article and language.

Each English segment gets, when one exists, a translation to start from:

- ``final``: the current translation, made from this very English text: nothing to do;
- ``memory``: the translation memory's translation of the same English text;
- ``changed``: the current translation, but the English text changed since it was made (the
  unit carries the English text it was made from, so the translator sees what changed);
- ``new``: nothing to start from.

``final`` and ``memory`` segments are *reused*: only the others need a translator.
"""

from dataclasses import dataclass, field

from django.conf import settings

from .. import translation_status
from ..models_status import TranslationState
from . import memory
from .richtext import Inline
from .segments import Segment, source_segments, translation_segments

FINAL, MEMORY, CHANGED, NEW = "final", "memory", "changed", "new"
REVISIONS_SEARCHED = 100


@dataclass
class UnitPlan:
    segment: Segment
    target: str | None = None
    origin: str = NEW
    previous_source: str | None = None

    @property
    def key(self):
        return self.segment.key

    @property
    def reused(self):
        return self.origin in (FINAL, MEMORY)


@dataclass
class ArticlePlan:
    page: object
    language: str
    source_digest: str
    units: list = field(default_factory=list)

    @property
    def reused(self):
        return sum(1 for unit in self.units if unit.reused)

    @property
    def to_translate(self):
        return [unit for unit in self.units if not unit.reused]


def english_when_translated(page, language):
    """The English text ``page``'s ``language`` translation was made from, as an article
    object from its revisions; None when no revision has it."""
    state = TranslationState.objects.filter(page_id=page.pk, language=language).first()
    if state is None:
        return None
    if translation_status.digest(page, settings.SOURCE_LANGUAGE) == state.source_digest:
        return page
    for revision in page.revisions.order_by("-created_at", "-pk")[:REVISIONS_SEARCHED]:
        try:
            old = revision.as_object()
        except Exception:  # a revision of an older page model that no longer loads
            continue
        if translation_status.digest(old, settings.SOURCE_LANGUAGE) == state.source_digest:
            return old
    return None


def plan_article(page, language, use_memory=True):
    status = translation_status.status_of(page, language)
    sources = source_segments(page)
    own = (
        translation_segments(page, language) if status != translation_status.Status.MISSING else {}
    )
    old_english = {}
    if status == translation_status.Status.OUTDATED:
        previous = english_when_translated(page, language)
        if previous is not None:
            old_english = {s.key: s.source.markup for s in source_segments(previous)}
    remembered = (
        memory.lookup(language, [segment.source.markup for segment in sources])
        if use_memory
        else {}
    )
    plan = ArticlePlan(
        page=page,
        language=language,
        source_digest=translation_status.digest(page, settings.SOURCE_LANGUAGE),
    )
    for segment in sources:
        markup = segment.source.markup
        current: Inline | None = own.get(segment.key)
        previous = old_english.get(segment.key)
        unit = UnitPlan(segment=segment)
        unchanged = status == translation_status.Status.CURRENT or previous == markup
        if current is not None and unchanged:
            unit.target, unit.origin = current.markup, FINAL
        elif markup in remembered:
            unit.target, unit.origin = remembered[markup], MEMORY
        elif current is not None:
            unit.target, unit.origin = current.markup, CHANGED
        if unit.origin != FINAL and previous is not None and previous != markup:
            unit.previous_source = previous
        plan.units.append(unit)
    return plan


def plan_articles(pages, language, use_memory=True):
    return [plan_article(page, language, use_memory=use_memory) for page in pages]


def share_reused(plans):
    total = sum(len(plan.units) for plan in plans)
    reused = sum(plan.reused for plan in plans)
    return reused, total
