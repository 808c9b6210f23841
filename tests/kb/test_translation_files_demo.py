"""Translation files of the whole demo help center: round trips, XLIFF 2.1 validity, CAT
tools, outdated articles and the translation memory."""

import copy

import pytest
from django.db import transaction
from lxml import etree

from kb.exchange import richtext, service
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
    schema,
    serialize,
    set_target,
    status,
    target_of,
    text_fields,
)

LANGUAGES = ("de", "fr", "es")


@pytest.fixture(scope="module")
def _demo_loaded(django_db_setup, django_db_blocker):
    """The demo help center, loaded once for the module (it takes seconds) in a transaction
    rolled back after its last test; each test runs in a savepoint inside it. So no test
    here may use ``transactional_db`` or ``live_server``: put those in another module."""
    with django_db_blocker.unblock(), transaction.atomic():
        loader.load()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(_demo_loaded, db):
    return list(ArticlePage.objects.order_by("path"))


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
