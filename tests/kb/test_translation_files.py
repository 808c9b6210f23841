"""Editors send articles to translators as XLIFF 2.1 (or PO) and import what comes back."""

import copy

import pytest
from lxml import etree

from kb import translation_status
from kb.exchange import richtext, service
from kb.exchange.files import FileRejected
from kb.exchange.xliff import SCHEMA_PATH
from kb.models import ArticlePage
from kb.translation_status import Status
from portal.demo import loader
from tests.factories import publish
from tests.kb.exchange import (
    X,
    export_xliff,
    fresh,
    import_file,
    parse,
    serialize,
    set_target,
    target_of,
    text_fields,
)

LANGUAGES = ("de", "fr", "es")


@pytest.fixture
def demo(db):
    loader.load()
    return list(ArticlePage.objects.order_by("path"))


def schema():
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))


def status(page, language):
    return translation_status.status_of(fresh(page), language)


def rich_unit(root, page=None):
    """The id of the first unit (of ``page``) whose English text has an inline code."""
    where = f"x:file[@id='a{page.pk}']" if page else "x:file"
    return root.xpath(f"//{where}/x:unit[x:segment/x:source/x:pc]/@id", namespaces=X)[0]


@pytest.mark.parametrize("language", LANGUAGES)
def test_untouched_round_trip_changes_nothing(demo, language):
    before = {page.pk: text_fields(page, language) for page in demo}
    revisions = {page.pk: page.revisions.count() for page in demo}
    exported = export_xliff(demo, language)
    plan = import_file(exported.content, language, publish=True)
    assert plan.changed_articles == []
    assert plan.segment_changes == 0
    for page in demo:
        assert text_fields(page, language) == before[page.pk], page.title
        assert fresh(page).revisions.count() == revisions[page.pk]


@pytest.mark.parametrize("language", LANGUAGES)
def test_round_trip_gives_exactly_the_changed_fields(demo, language):
    first, second, untouched = demo[0], demo[1], demo[2]
    before = {page.pk: text_fields(page, language) for page in (first, second, untouched)}
    english = {page.pk: text_fields(page, "en") for page in (first, second)}
    root = parse(export_xliff([first, second, untouched], language).content)

    set_target(root, f"a{first.pk}.title", "Ein neuer Titel")
    unit = rich_unit(root, second)
    page_id, key = int(unit.split(".")[0][1:]), unit.split(".", 1)[1]
    target = target_of(root, unit)
    target.text = "Neu: " + (target.text or "")
    import_file(serialize(root), language, publish=True)

    after_first = text_fields(first, language)
    assert after_first["title"] == "Ein neuer Titel"
    assert {k: v for k, v in after_first.items() if k != "title"} == {
        k: v for k, v in before[first.pk].items() if k != "title"
    }
    assert text_fields(untouched, language) == before[untouched.pk]
    # Only the edited paragraph of the body changed, the others are byte for byte the same.
    changed_page = ArticlePage.objects.get(pk=page_id)
    index, _name, number = key.split(".")[1:]
    old_blocks = before[page_id]["body"]
    new_blocks = text_fields(changed_page, language)["body"]
    for position, ((_t, old), (_t2, new)) in enumerate(zip(old_blocks, new_blocks, strict=True)):
        if position != int(index):
            assert old == new
            continue
        assert old["heading"] == new["heading"]
        old_parts = richtext.split(old["content"])
        new_parts = richtext.split(new["content"])
        assert old_parts.skeleton == new_parts.skeleton
        for j, (a, b) in enumerate(zip(old_parts.segments, new_parts.segments, strict=True)):
            if j == int(number):
                assert b.text.startswith("Neu: ") and b.codes == a.codes
            else:
                assert a.html == b.html
    for page in (first, second):
        assert text_fields(page, "en") == english[page.pk]
        assert status(page, language) == Status.CURRENT


def test_export_is_valid_xliff_21_with_source_translation_codes_and_notes(demo):
    exported = export_xliff(demo[:5], "de")
    root = parse(exported.content)
    xsd = schema()
    assert xsd.validate(root.getroottree()), xsd.error_log
    assert root.get("version") == "2.1" and root.get("trgLang") == "de"
    assert len(root.findall("x:file", X)) == 5
    first = demo[0]
    notes = root.xpath(f"//x:file[@id='a{first.pk}']/x:notes/x:note/text()", namespaces=X)
    assert any(note.endswith(first.url) for note in notes)
    title = root.xpath(f"//x:unit[@id='a{first.pk}.title']/x:segment", namespaces=X)[0]
    assert title.findtext("x:source", namespaces=X) == first.title_en
    assert title.findtext("x:target", namespaces=X) == first.title_de
    # Inline markup is XLIFF codes with the HTML kept aside, never raw HTML to edit.
    unit = root.xpath(f"//x:unit[@id='{rich_unit(root)}']", namespaces=X)[0]
    source = unit.find("x:segment/x:source", X)
    assert "<" not in "".join(source.itertext())
    data = {d.get("id"): d.text for d in unit.findall("x:originalData/x:data", X)}
    pc = source.find("x:pc", X)
    assert data[pc.get("dataRefStart")].startswith("<")
    assert data[pc.get("dataRefEnd")].startswith("</")
    # Every unit of every article is in the file.
    assert len(root.findall(".//x:unit", X)) == sum(len(p.units) for p in exported.plans)


def test_the_schema_rejects_what_xliff_21_does_not_allow(demo):
    root = parse(export_xliff(demo[:1], "de").content)
    broken = copy.deepcopy(root)
    segment = broken.find(".//x:segment", X)
    segment.set("state", "done")  # not a state of XLIFF 2
    assert not schema().validate(broken.getroottree())
    broken = copy.deepcopy(root)
    unit = broken.find(".//x:unit", X)
    unit.append(etree.Element(f"{{{X['x']}}}source"))  # a source outside a segment
    assert not schema().validate(broken.getroottree())


def test_a_cat_tool_library_opens_edits_and_saves_the_file(demo):
    from translate.storage.xliff2 import Xliff2File

    page = demo[0]
    store = Xliff2File.parsestring(export_xliff([page], "fr").content)
    units = {unit.getid(): unit for unit in store.units}
    assert store.gettargetlanguage() == "fr"
    title = units[f"a{page.pk}.title"]
    assert title.source == page.title_en and title.target == page.title_fr
    assert len(units) == len(service.plan.plan_article(page, "fr").units)
    title.target = "Suivre sa commande, pas à pas"
    saved = bytes(store)
    import_file(saved, "fr", publish=True)
    assert fresh(page).title_fr == "Suivre sa commande, pas à pas"
    assert status(page, "fr") == Status.CURRENT


def test_outdated_article_sends_only_its_changed_sentence(demo):
    page = fresh(demo[3])
    old = richtext.split(page.body_en.raw_data[0]["value"]["content"]).segments[0]
    blocks = [dict(block) for block in page.body_en.raw_data]
    blocks[0] = {
        **blocks[0],
        "value": {
            **blocks[0]["value"],
            "content": blocks[0]["value"]["content"].replace(old.html, "A new first sentence."),
        },
    }
    page.body_en = blocks
    publish(page)
    assert status(page, "de") == Status.OUTDATED

    exported = service.export(service.articles_needing_work("de"), "de")
    assert [plan.page.pk for plan in exported.plans] == [page.pk]
    (plan,) = exported.plans
    to_translate = plan.to_translate
    assert [unit.key for unit in to_translate] == ["body.0.content.0"]
    reused, total = exported.reused
    assert reused == total - 1 and total > 10
    root = parse(exported.content)
    unit = root.xpath(f"//x:unit[@id='a{page.pk}.body.0.content.0']", namespaces=X)[0]
    assert unit.find("x:segment", X).get("state") == "initial"
    note = unit.xpath("x:notes/x:note[@category='changed']/text()", namespaces=X)[0]
    assert old.text in note
    final = root.xpath("//x:segment[@state='final']", namespaces=X)
    assert len(final) == total - 1


def test_translation_memory_fills_a_new_article_with_known_sentences(demo):
    known = fresh(demo[0])
    copy_of = ArticlePage(
        title="Tracking, again",
        slug="tracking-again",
        summary=known.summary_en,
        body=known.body_en.raw_data,
    )
    known.get_parent().add_child(instance=copy_of)
    publish(copy_of)
    assert status(copy_of, "es") == Status.MISSING
    exported = service.export([copy_of], "es")
    (plan,) = exported.plans
    by_key = {unit.key: unit for unit in plan.units}
    assert by_key["title"].target is None
    assert by_key["summary"].origin == "memory"
    assert by_key["summary"].target == richtext.Inline.plain(known.summary_es).markup
    reused, total = exported.reused
    assert reused == total - 1  # all but the new title
    root = parse(exported.content)
    assert root.xpath("//x:segment[@state='translated']", namespaces=X)
    # The translator only adds the title; the article is then complete and up to date.
    set_title = root.xpath(f"//x:unit[@id='a{copy_of.pk}.title']/x:segment", namespaces=X)[0]
    etree.SubElement(set_title, f"{{{X['x']}}}target").text = "Seguimiento, otra vez"
    import_file(serialize(root), "es", publish=True)
    assert status(copy_of, "es") == Status.CURRENT
    assert (
        fresh(copy_of).body_es.raw_data[0]["value"]["heading"]
        == (known.body_es.raw_data[0]["value"]["heading"])
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
