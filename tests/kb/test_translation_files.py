"""Editors send articles to translators as XLIFF 2.1 (or PO) and import what comes back:
a small help center's articles, and files a translator or an attacker got wrong."""

import pytest
from lxml import etree

from kb.exchange import service
from kb.exchange.files import FileRejected
from kb.translation_status import Status
from tests.factories import publish
from tests.kb.exchange import (
    X,
    fresh,
    import_file,
    parse,
    serialize,
    set_target,
    status,
    target_of,
)


def test_import_is_up_to_date_against_the_english_it_was_made_from(help_center):
    faq = fresh(help_center.faq)
    faq.summary_en = "How returns work, step by step."
    faq = publish(faq)
    root = parse(service.export([faq], "de").content)
    set_target(root, f"a{faq.pk}.summary", "So funktionieren Rücksendungen, Schritt für Schritt.")
    content = serialize(root)

    # The English changes again while the file is at the translator's.
    faq.title_en = "Returning an item you bought"
    faq = publish(faq)
    plan = service.read("de.xlf", content, "de")
    (article,) = plan.articles
    assert article.outdated_segments == [f"a{faq.pk}.title"]
    service.importing.apply(plan, publish=True)
    assert fresh(faq).summary_de == "So funktionieren Rücksendungen, Schritt für Schritt."
    assert status(faq, "de") == Status.OUTDATED  # made from the English before the new title

    root = parse(service.export([fresh(faq)], "de").content)
    set_target(root, f"a{faq.pk}.title", "Einen gekauften Artikel zurücksenden")
    import_file(serialize(root), "de")
    assert status(faq, "de") == Status.CURRENT


def test_a_segment_the_translator_did_not_confirm_keeps_the_article_outdated(help_center):
    faq = fresh(help_center.faq)
    faq.summary_en = "How returns work, step by step."
    faq.title_en = "Returning an item you bought"
    faq = publish(faq)
    root = parse(service.export([faq], "de").content)
    # The translator updates the title and leaves the summary as it was exported (state
    # "initial", the old German text).
    set_target(root, f"a{faq.pk}.title", "Einen gekauften Artikel zurücksenden")
    plan = service.read("de.xlf", serialize(root), "de")
    (article,) = plan.articles
    assert article.unconfirmed_segments == [f"a{faq.pk}.summary"]
    service.importing.apply(plan, publish=True)
    assert fresh(faq).title_de == "Einen gekauften Artikel zurücksenden"
    assert status(faq, "de") == Status.OUTDATED
    # The next export holds just the summary to translate.
    (next_plan,) = service.export([fresh(faq)], "de").plans
    assert [unit.key for unit in next_plan.to_translate] == ["summary"]


def test_a_draft_import_changes_nothing_shoppers_see_until_published(help_center, client):
    faq = fresh(help_center.faq)
    root = parse(service.export([faq], "de").content)
    set_target(root, f"a{faq.pk}.summary", "Alles über Rücksendungen.")
    import_file(serialize(root), "de", publish=False)
    assert fresh(faq).summary_de == "So funktionieren Rücksendungen."
    assert fresh(faq).get_latest_revision_as_object().summary_de == "Alles über Rücksendungen."
    assert "Alles über Rücksendungen." not in client.get(fresh(faq).get_url()).content.decode()
    fresh(faq).get_latest_revision().publish()
    assert fresh(faq).summary_de == "Alles über Rücksendungen."
    assert status(faq, "de") == Status.CURRENT


def test_a_translation_with_another_structure_gets_the_english_one(help_center):
    """French has one section where English has two: import builds the French body on the
    English sections."""
    faq = fresh(help_center.faq)
    exported = service.export([faq], "fr")
    root = parse(exported.content)
    assert target_of(root, f"a{faq.pk}.title").text == "Retourner un article"
    for unit in root.xpath("//x:unit[starts-with(@name, 'body.')]", namespaces=X):
        segment = unit.find("x:segment", X)
        assert segment.find("x:target", X) is None
        etree.SubElement(segment, f"{{{X['x']}}}target").text = "FR " + segment.findtext(
            "x:source", namespaces=X
        )
    import_file(serialize(root), "fr")
    body = fresh(faq).body_fr.raw_data
    assert [block["value"]["heading"] for block in body] == [
        "FR How long do I have to return an item?",
        "FR Are returns free?",
    ]
    assert body[1]["value"]["content"] == "<p>FR Yes, within the EU &amp; the UK.</p>"
    assert status(faq, "fr") == Status.CURRENT


def test_po_round_trip(help_center):
    import polib

    faq = fresh(help_center.faq)
    exported = service.export([faq], "de", fmt="po")
    po = polib.pofile(exported.content.decode())
    assert po.metadata["Language"] == "de"
    entry = next(e for e in po if e.msgctxt == f"a{faq.pk}.body.1.content.0")
    assert entry.msgid == "Yes, within the EU &amp; the UK."
    assert entry.msgstr == "Ja, innerhalb der EU."
    entry.msgstr = "Ja, innerhalb der EU &amp; im Vereinigten Königreich."
    import_file(str(po).encode(), "de", filename="de.po")
    content = fresh(faq).body_de.raw_data[1]["value"]["content"]
    assert content == "<p>Ja, innerhalb der EU &amp; im Vereinigten Königreich.</p>"
    assert fresh(faq).title_de == "Artikel zurücksenden"


# Bad files: a clear message that says where, and nothing saved.


def rejected(content, language="de", filename="de.xlf"):
    with pytest.raises(FileRejected) as caught:
        service.read(filename, content, language)
    return [str(problem) for problem in caught.value.problems]


@pytest.fixture
def exported_faq(help_center):
    faq = fresh(help_center.faq)
    return faq, parse(service.export([faq], "de").content)


def test_malformed_xml_is_refused_with_its_line(exported_faq):
    _faq, root = exported_faq
    content = serialize(root).replace(b"</unit>", b"</unti>", 1)
    (problem,) = rejected(content)
    assert problem.startswith("line ") and "not well-formed" in problem


def test_wrong_language_is_refused(exported_faq):
    _faq, root = exported_faq
    problems = rejected(serialize(root), language="fr")
    assert any("translation into 'de', not into 'fr'" in p for p in problems)


def test_tampered_inline_codes_are_refused(help_center):
    faq = fresh(help_center.faq)
    faq.body_de = [
        ("section", {"heading": "Wie lange?", "content": "<p>30 <b>Tage</b>.</p>"}),
        (
            "section",
            {"heading": "Kostenlos?", "content": '<p>Ja, <a href="/eu/">in der EU</a>.</p>'},
        ),
    ]
    faq.body_en = [
        ("section", {"heading": "How long?", "content": "<p>30 <b>days</b>.</p>"}),
        ("section", {"heading": "Free?", "content": '<p>Yes, <a href="/eu/">in the EU</a>.</p>'}),
    ]
    faq = publish(faq)
    root = parse(service.export([faq], "de").content)
    first = target_of(root, f"a{faq.pk}.body.0.content.0")
    first.text, first[:] = "30 Tage.", []  # the bold code is gone
    second = target_of(root, f"a{faq.pk}.body.1.content.0")
    second.text = "Ja, "
    second[:] = []
    extra = etree.SubElement(second, f"{{{X['x']}}}pc", id="7")
    extra.text = "in der EU"
    problems = rejected(serialize(root))
    assert any(
        f"unit a{faq.pk}.body.0.content.0" in p and "inline code 1 of the source is missing" in p
        for p in problems
    )
    assert any(
        f"unit a{faq.pk}.body.1.content.0" in p and "inline code 7 is not in the source" in p
        for p in problems
    )
    # Raw HTML in a translation is not XLIFF: the schema check names it.
    root = parse(service.export([faq], "de").content)
    target = target_of(root, f"a{faq.pk}.body.0.content.0")
    etree.SubElement(target, f"{{{X['x']}}}b").text = "fett"
    problems = rejected(serialize(root))
    assert problems and all("Not valid XLIFF 2.1" in p for p in problems)
    assert any("'{urn:oasis:names:tc:xliff:document:2.0}b'" in p for p in problems)
    assert fresh(faq).revisions.count() == faq.revisions.count()


def test_missing_segment_and_empty_translation_are_refused(exported_faq):
    faq, root = exported_faq
    unit = root.xpath(f"//x:unit[@id='a{faq.pk}.summary']", namespaces=X)[0]
    unit.getparent().remove(unit)
    set_target(root, f"a{faq.pk}.title", "  ")
    problems = rejected(serialize(root))
    assert f"line 3, unit a{faq.pk}.summary: This segment is missing from the file." in problems
    assert any(
        p.endswith(f"unit a{faq.pk}.title: This segment has no translation.") for p in problems
    )


def test_a_50_mb_file_is_refused_before_it_is_parsed(exported_faq):
    _faq, root = exported_faq
    content = serialize(root).replace(
        b"</xliff>", b"<!--" + b" " * (50 * 1024 * 1024) + b"--></xliff>"
    )
    (problem,) = rejected(content)
    problem = problem.replace("\xa0", " ")
    assert "50.0 MB" in problem and "at most 10.0 MB" in problem


def test_archives_and_zip_bombs_are_refused(exported_faq, tmp_path):
    import zipfile

    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("de.xlf", b"\0" * (200 * 1024 * 1024))
    assert bomb.stat().st_size < 1024 * 1024
    (problem,) = rejected(bomb.read_bytes(), filename="de.xlf")
    assert "ZIP archive" in problem and "upload the .xlf or .po file itself" in problem


def test_entities_and_dtds_are_refused(exported_faq):
    _faq, root = exported_faq
    laughs = b'<?xml version="1.0"?><!DOCTYPE xliff [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;">]>'
    content = laughs + serialize(root).split(b"?>", 1)[1].replace(b"<source>", b"<source>&b;", 1)
    (problem,) = rejected(content)
    assert "DTD" in problem


def test_an_unknown_article_is_named(exported_faq):
    faq, root = exported_faq
    content = serialize(root).replace(f'hc:page="{faq.pk}"'.encode(), b'hc:page="99999"')
    problems = rejected(content)
    assert any("There is no article with id 99999" in p for p in problems)


def test_annotations_a_cat_tool_adds_are_kept_as_text(exported_faq):
    faq, root = exported_faq
    set_target(root, f"a{faq.pk}.summary", "So funktionieren ")
    target = target_of(root, f"a{faq.pk}.summary")
    term = etree.SubElement(target, f"{{{X['x']}}}mrk", id="m1", type="term")
    term.text = "Retouren"
    term.tail = "."
    import_file(serialize(root), "de")
    assert fresh(faq).summary_de == "So funktionieren Retouren."
