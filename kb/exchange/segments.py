"""An article's translatable text as segments, and a translation's segments put back into it.

Keys name a segment by its place in the English article: ``title``, ``summary``,
``seo_title``, ``search_description``, ``body.2.heading`` (the third section's heading),
``body.2.content.0`` (its first paragraph or list item), ``body.3.text.1`` (a notice's
second paragraph). A translation's body is read along the same places when it has the same
blocks as the English body; otherwise it has no segments there and gets a new body built on
the English one when it is imported.
"""

import copy
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.utils.text import slugify
from modeltranslation.utils import build_localized_fieldname

from . import richtext
from .richtext import Inline

PLAIN_FIELDS = ("title", "summary", "seo_title", "search_description")
#: Rich-text values of each body block type.
RICH_TEXT_VALUES = {"section": "content", "notice": "text"}
PLAIN_BLOCK_VALUES = {"section": ("heading",)}
MAX_LENGTHS = {"title": 255, "seo_title": 255, "summary": 300, "heading": 200}


@dataclass(frozen=True)
class Segment:
    key: str
    source: Inline

    @property
    def digest(self):
        return source_digest(self.source.markup)

    @property
    def label(self):
        return label_of(self.key)


def unit_id(page_id, key):
    """The id of a segment's unit in translation files: unique in the whole help center."""
    return f"a{page_id}.{key}"


def source_digest(markup):
    return hashlib.sha256(markup.encode("utf-8")).hexdigest()[:16]


def label_of(key):
    parts = key.split(".")
    if parts[0] != "body":
        return parts[0].replace("_", " ").capitalize()
    number = int(parts[1]) + 1
    if parts[2] == "heading":
        return f"Section {number}: heading"
    return f"Section {number}: paragraph {int(parts[3]) + 1}"


def _value(page, name, language):
    return getattr(page, build_localized_fieldname(name, language), None)


def body_blocks(page, language):
    value = _value(page, "body", language)
    raw = getattr(value, "raw_data", None)
    return [dict(block) for block in raw] if raw is not None else list(value or [])


def _aligned(source_blocks, blocks):
    return len(source_blocks) == len(blocks) and all(
        a.get("type") == b.get("type") for a, b in zip(source_blocks, blocks, strict=True)
    )


def article_segments(page, language, source_blocks=None):
    """{key: Inline} of ``page``'s text in ``language``, in the order of the article.

    For a translation, body segments exist only where its body lines up with the English
    one (``source_blocks``), so that each key means the same place in both."""
    result = {}
    for name in PLAIN_FIELDS:
        text = (_value(page, name, language) or "").strip()
        if text:
            result[name] = Inline.plain(text)
    blocks = body_blocks(page, language)
    if source_blocks is not None and not _aligned(source_blocks, blocks):
        return result
    for index, block in enumerate(blocks):
        value = block.get("value") or {}
        block_type = block.get("type")
        for name in PLAIN_BLOCK_VALUES.get(block_type, ()):
            text = (value.get(name) or "").strip()
            if text:
                result[f"body.{index}.{name}"] = Inline.plain(text)
        rich_name = RICH_TEXT_VALUES.get(block_type)
        if rich_name is None:
            continue
        parts = richtext.split(_html(value.get(rich_name)))
        if source_blocks is not None:
            source_parts = richtext.split(_html(source_blocks[index]["value"].get(rich_name)))
            if len(source_parts.segments) != len(parts.segments):
                continue
        for number, segment in enumerate(parts.segments):
            result[f"body.{index}.{rich_name}.{number}"] = segment
    return result


def _html(value):
    return getattr(value, "source", value) or ""


def source_segments(page):
    return [
        Segment(key, inline)
        for key, inline in article_segments(page, settings.SOURCE_LANGUAGE).items()
    ]


def translation_segments(page, language):
    """{key: Inline} of the current ``language`` text at the English segments' places."""
    source_blocks = body_blocks(page, settings.SOURCE_LANGUAGE)
    return article_segments(page, language, source_blocks=source_blocks)


def apply(page, language, translations, sources):
    """Write translated segments into ``page`` (not saved).

    ``translations`` maps keys to inline markup; ``sources`` maps keys to the English
    Inline whose codes the markup uses. Segments not in ``translations`` keep their current
    text. Returns the names of the fields whose text changed. Raises InlineCodeError."""
    changed = []
    for name in PLAIN_FIELDS:
        if name not in translations:
            continue
        text = richtext.plain_text(translations[name])
        if text != (_value(page, name, language) or ""):
            setattr(page, build_localized_fieldname(name, language), text)
            changed.append(name)
    if name_changed := _apply_body(page, language, translations, sources):
        changed.append(name_changed)
    if "title" in changed and not (_value(page, "slug", language) or "").strip():
        slug = slugify(_value(page, "title", language), allow_unicode=True)[:255]
        setattr(page, build_localized_fieldname("slug", language), slug)
    return changed


def _apply_body(page, language, translations, sources):
    if not any(key.startswith("body.") for key in translations):
        return None
    source_blocks = body_blocks(page, settings.SOURCE_LANGUAGE)
    current = body_blocks(page, language)
    aligned = _aligned(source_blocks, current)
    base = current if aligned else [_without_id(block) for block in source_blocks]
    blocks = []
    for index, block in enumerate(base):
        block = copy.deepcopy(block)
        value = block.setdefault("value", {})
        for name in PLAIN_BLOCK_VALUES.get(block.get("type"), ()):
            key = f"body.{index}.{name}"
            if key in translations:
                value[name] = richtext.plain_text(translations[key])
        rich_name = RICH_TEXT_VALUES.get(block.get("type"))
        if rich_name:
            value[rich_name] = _translated_rich_text(
                index, rich_name, value, source_blocks[index]["value"], translations, sources
            )
        blocks.append(block)
    if aligned and _texts(blocks) == _texts(current):
        return None
    setattr(page, build_localized_fieldname("body", language), blocks)
    return "body"


def _translated_rich_text(index, rich_name, value, source_value, translations, sources):
    own = richtext.split(_html(value.get(rich_name)))
    english = richtext.split(_html(source_value.get(rich_name)))
    parts = own if len(own.segments) == len(english.segments) else english
    pieces = []
    for number, segment in enumerate(parts.segments):
        key = f"body.{index}.{rich_name}.{number}"
        unchanged = parts is own and translations.get(key) == segment.markup
        if key in translations and not unchanged:
            pieces.append(richtext.to_html(translations[key], sources[key].codes))
        else:
            # Kept byte for byte, whatever way its HTML was written.
            pieces.append(segment.html)
    return parts.join(pieces)


def _without_id(block):
    return {key: value for key, value in block.items() if key != "id"}


def _texts(blocks):
    return [
        {
            name: _html(item)
            for name, item in (block.get("value") or {}).items()
            if isinstance(item, str) or hasattr(item, "source")
        }
        for block in blocks
    ]


def max_length(key):
    name = key.split(".")[2] if key.startswith("body.") else key
    return MAX_LENGTHS.get(name)
