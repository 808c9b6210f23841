"""The same translation units as gettext PO files, for translators who prefer them (polib).

Each unit is one entry: ``msgctxt`` is the unit id (``a12.body.0.content.1``), ``msgid`` the
English segment and ``msgstr`` its translation, both as inline markup (XML-escaped text with
``<pc id="1">…</pc>`` and ``<ph id="2"/>`` codes, exactly as in XLIFF). A segment whose
English text changed since the last translation is ``fuzzy`` and carries the English it was
translated from as ``#| msgid``. The header names the English text of each article
(``X-Help-Center-Articles``), so import can tell when it changed since the export.
"""

import polib
from django.utils import timezone

from .files import FileProblem, FileRejected, check_upload, decode
from .plan import CHANGED, MEMORY
from .segments import source_digest, unit_id
from .xliff import FileArticle, FileUnit, TranslationFile

ARTICLES_HEADER = "X-Help-Center-Articles"


def write(plans, language, source_language, base_url=""):
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "help-center",
        "Language": language,
        "X-Source-Language": source_language,
        "POT-Creation-Date": timezone.now().strftime("%Y-%m-%d %H:%M%z"),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        ARTICLES_HEADER: " ".join(f"{plan.page.pk}={plan.source_digest}" for plan in plans),
    }
    for plan in plans:
        url = base_url + (plan.page.url or "")
        for unit in plan.units:
            entry = polib.POEntry(
                msgctxt=unit_id(plan.page.pk, unit.key),
                msgid=unit.segment.source.markup,
                msgstr=unit.target or "",
                comment=unit.segment.label,
                occurrences=[(url, "")],
            )
            if unit.origin == CHANGED:
                entry.flags.append("fuzzy")
            if unit.origin == MEMORY:
                entry.comment += "\nFilled in from the translation memory."
            if unit.previous_source is not None:
                entry.previous_msgid = unit.previous_source
            po.append(entry)
    return str(po).encode("utf-8")


def read(data, expected_language=None, source_language="en"):
    check_upload(data)
    text = decode(data)
    try:
        po = polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError) as error:
        raise FileRejected([FileProblem(f"The file is not a valid PO file: {error}")]) from None
    language = (po.metadata.get("Language") or "").strip().lower()
    problems = []
    if not language:
        problems.append(FileProblem("The PO header names no Language."))
    elif expected_language and language != expected_language:
        problems.append(
            FileProblem(f"The file is a translation into {language!r}, not {expected_language!r}.")
        )
    digests = {}
    for item in (po.metadata.get(ARTICLES_HEADER) or "").split():
        page_id, _sep, digest = item.partition("=")
        if page_id.isdigit():
            digests[int(page_id)] = digest
    if not digests:
        problems.append(FileProblem(f"The PO header {ARTICLES_HEADER} of the export is missing."))
    if problems:
        raise FileRejected(problems)
    articles = {
        page_id: FileArticle(f"a{page_id}", page_id, digest, 1)
        for page_id, digest in digests.items()
    }
    lines = _entry_lines(text)
    for index, entry in enumerate(po):
        page_id, _dot, key = (entry.msgctxt or "").partition(".")
        page_id = int(page_id[1:]) if page_id[1:].isdigit() else None
        line = lines[index] if index < len(lines) else None
        if page_id not in articles or not key:
            problems.append(
                FileProblem(
                    "This entry's msgctxt is not a unit of the exported articles.",
                    line=line,
                    unit=entry.msgctxt,
                )
            )
            continue
        articles[page_id].units.append(
            FileUnit(
                unit_id=entry.msgctxt,
                key=key,
                source_digest=source_digest(entry.msgid),
                target=entry.msgstr or None,
                line=line,
                confirmed="fuzzy" not in entry.flags,
            )
        )
    if problems:
        raise FileRejected(problems)
    return TranslationFile(
        source_language=po.metadata.get("X-Source-Language", source_language),
        target_language=language,
        articles=list(articles.values()),
    )


def _entry_lines(text):
    """Line numbers of each entry's msgctxt, in order, for error messages."""
    return [
        number for number, line in enumerate(text.splitlines(), 1) if line.startswith("msgctxt ")
    ]
