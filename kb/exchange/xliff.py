"""XLIFF 2.1 files of articles to translate, and reading them back.

One ``<file>`` per article, one ``<unit>`` per segment (kb.exchange.segments). Inline codes are
``<pc>``/``<ph>`` with their HTML in the unit's ``<originalData>``, so CAT tools show the tags
without letting them be edited; on import the tags come from the English article, never from
the file. Extension attributes in our own namespace carry what import checks: the article's id
and English digest (``hc:page``, ``hc:source``) and each segment's English digest
(``hc:source``).

Uploaded files are parsed without DTDs, entities or network access, limited in size, and
validated against the XLIFF 2.1 core schema before anything else is read.
"""

import functools
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone
from lxml import etree

from . import richtext
from .files import FileProblem, FileRejected, check_upload
from .plan import CHANGED, FINAL, MEMORY
from .segments import unit_id

NS = "urn:oasis:names:tc:xliff:document:2.0"
HC = "urn:lumen-loom:help-center:translation"
VERSION = "2.1"
SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "xliff_core_2.1.xsd"
STATES = {FINAL: "final", MEMORY: "translated", CHANGED: "initial"}
MAX_SCHEMA_ERRORS = 20


def _q(name, namespace=NS):
    return f"{{{namespace}}}{name}"


@functools.cache
def _schema():
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))


# Writing


def write(plans, language, source_language, base_url=""):
    """The XLIFF 2.1 document (bytes) of ``plans`` (kb.exchange.plan.ArticlePlan)."""
    root = etree.Element(
        _q("xliff"),
        nsmap={None: NS, "hc": HC},
        attrib={"version": VERSION, "srcLang": source_language, "trgLang": language},
    )
    root.set(_q("exported", HC), timezone.now().replace(microsecond=0).isoformat())
    for plan in plans:
        page = plan.page
        file_element = etree.SubElement(
            root,
            _q("file"),
            attrib={"id": f"a{page.pk}", "original": base_url + (page.url or "")},
        )
        file_element.set(_q("page", HC), str(page.pk))
        file_element.set(_q("source", HC), plan.source_digest)
        notes = etree.SubElement(file_element, _q("notes"))
        _note(notes, "title", page.title)
        _note(notes, "url", base_url + (page.url or ""))
        for unit in plan.units:
            _write_unit(file_element, page, unit)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _note(parent, category, text, applies_to=None):
    note = etree.SubElement(parent, _q("note"), attrib={"category": category})
    if applies_to:
        note.set("appliesTo", applies_to)
    note.text = text


def _write_unit(file_element, page, unit):
    segment = unit.segment
    element = etree.SubElement(
        file_element,
        _q("unit"),
        attrib={"id": unit_id(page.pk, segment.key), "name": segment.key},
    )
    element.set(_q("source", HC), segment.digest)
    notes = etree.SubElement(element, _q("notes"))
    _note(notes, "location", segment.label)
    if unit.previous_source is not None:
        _note(
            notes,
            "changed",
            "The English text changed since the last translation. It was: "
            + richtext.plain_text(unit.previous_source),
            applies_to="source",
        )
    if unit.origin == MEMORY:
        _note(notes, "memory", "Filled in from the translation memory.", applies_to="target")
    codes = segment.source.codes
    if codes:
        original = etree.SubElement(element, _q("originalData"))
        for code in segment.source.code_ids():
            start, end = codes[code]
            etree.SubElement(original, _q("data"), attrib={"id": f"d{code}"}).text = start
            if end is not None:
                etree.SubElement(original, _q("data"), attrib={"id": f"d{code}e"}).text = end
    segment_element = etree.SubElement(element, _q("segment"))
    if unit.target is not None:
        segment_element.set("state", STATES[unit.origin])
    source = etree.SubElement(segment_element, _q("source"))
    _fill(source, segment.source.markup, codes)
    if unit.target is not None:
        _fill(etree.SubElement(segment_element, _q("target")), unit.target, codes)


def _fill(element, markup, codes):
    """Copy inline ``markup`` into an XLIFF element, with data references for its codes."""
    markup_root = richtext.parse_markup(markup)
    element.text = markup_root.text
    for child in markup_root:
        element.append(_xliff_code(child, codes))


def _xliff_code(child, codes):
    code = child.get("id")
    copy = etree.Element(_q(child.tag), attrib={"id": code})
    if code in codes:
        if child.tag == "pc":
            copy.set("dataRefStart", f"d{code}")
            copy.set("dataRefEnd", f"d{code}e")
        else:
            copy.set("dataRef", f"d{code}")
    copy.text, copy.tail = child.text, child.tail
    for grandchild in child:
        copy.append(_xliff_code(grandchild, codes))
    return copy


# Reading


def _key(identifier, page_id):
    prefix = f"a{page_id}."
    return identifier[len(prefix) :] if identifier.startswith(prefix) else ""


@dataclass
class FileUnit:
    unit_id: str
    key: str
    source_digest: str
    target: str | None
    line: int
    #: False while the translator has not confirmed the segment (XLIFF state "initial",
    #: a fuzzy PO entry).
    confirmed: bool = True


@dataclass
class FileArticle:
    file_id: str
    page_id: int | None
    source_digest: str
    line: int
    units: list = field(default_factory=list)


@dataclass
class TranslationFile:
    source_language: str
    target_language: str
    articles: list


def _parser():
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_pis=True,
    )


def read(data, expected_language=None, source_language="en"):
    """Parse and check an uploaded XLIFF file; FileRejected lists every problem found."""
    check_upload(data)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        raise FileRejected(
            [FileProblem(f"The file is not well-formed XML: {error.msg}", line=error.lineno)]
        ) from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise FileRejected(
            [FileProblem("The file declares a DTD (<!DOCTYPE …>); translation files must not.")]
        )
    if root.tag != _q("xliff"):
        raise FileRejected(
            [
                FileProblem(
                    f"This is not an XLIFF 2 file: its root element is {root.tag!r}, not "
                    f"<xliff> in the namespace {NS}.",
                    line=root.sourceline,
                )
            ]
        )
    if not root.get("version", "").startswith("2."):
        raise FileRejected(
            [FileProblem(f"XLIFF version {root.get('version')!r} is not 2.x.", line=1)]
        )
    schema = _schema()
    if not schema.validate(tree):
        problems = [
            FileProblem(f"Not valid XLIFF 2.1: {entry.message}", line=entry.line)
            for entry in list(schema.error_log)[:MAX_SCHEMA_ERRORS]
        ]
        raise FileRejected(problems)
    problems = _check_languages(root, expected_language, source_language)
    if problems:
        raise FileRejected(problems)
    articles = []
    for file_element in root.iterchildren(_q("file")):
        article, file_problems = _read_article(file_element)
        articles.append(article)
        problems.extend(file_problems)
    if problems:
        raise FileRejected(problems)
    return TranslationFile(
        source_language=root.get("srcLang"),
        target_language=root.get("trgLang"),
        articles=articles,
    )


def _check_languages(root, expected_language, source_language):
    problems = []
    if root.get("srcLang", "").lower() != source_language:
        problems.append(
            FileProblem(
                f"The file's source language is {root.get('srcLang')!r}; articles are "
                f"translated from {source_language!r}.",
                line=root.sourceline,
            )
        )
    target = (root.get("trgLang") or "").lower()
    if not target:
        problems.append(FileProblem("The file names no target language (trgLang).", line=1))
    elif expected_language and target != expected_language:
        problems.append(
            FileProblem(
                f"The file is a translation into {target!r}, not into {expected_language!r}.",
                line=root.sourceline,
            )
        )
    return problems


def _read_article(file_element):
    problems = []
    page_id = file_element.get(_q("page", HC)) or ""
    article = FileArticle(
        file_id=file_element.get("id"),
        page_id=int(page_id) if page_id.isdigit() else None,
        source_digest=file_element.get(_q("source", HC), ""),
        line=file_element.sourceline,
    )
    if article.page_id is None:
        problems.append(
            FileProblem(
                "This <file> does not say which article it holds (the hc:page attribute of "
                "the export is missing).",
                line=file_element.sourceline,
                unit=article.file_id,
            )
        )
    for unit in file_element.iter(_q("unit")):
        segments = list(unit.iterchildren(_q("segment")))
        if len(segments) != 1:
            problems.append(
                FileProblem(
                    "A unit must keep the single segment it was exported with.",
                    line=unit.sourceline,
                    unit=unit.get("id"),
                )
            )
            continue
        target = segments[0].find(_q("target"))
        markup = None
        if target is not None:
            try:
                markup = richtext.markup_of_element(target)
            except richtext.InlineCodeError as error:
                problems.append(
                    FileProblem(str(error), line=target.sourceline, unit=unit.get("id"))
                )
                continue
        article.units.append(
            FileUnit(
                unit_id=unit.get("id"),
                key=_key(unit.get("id"), article.page_id),
                source_digest=unit.get(_q("source", HC), ""),
                target=markup,
                line=(target if target is not None else unit).sourceline,
                confirmed=segments[0].get("state") != "initial",
            )
        )
    return article, problems
