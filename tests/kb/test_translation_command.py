"""kb_translations: the same export and import from scripts."""

import io

import pytest
from django.core.management import CommandError, call_command

from kb import translation_status
from kb.models_exchange import TranslationMemoryEntry
from kb.translation_status import Status
from tests.factories import publish
from tests.kb.exchange import fresh, parse, serialize, set_target


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("kb_translations", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def outdated(help_center):
    faq = fresh(help_center.faq)
    faq.summary_en = "How returns work, step by step."
    return publish(faq)


def test_export_then_import_by_command(outdated, tmp_path):
    path = tmp_path / "de.xlf"
    _out, err = run("export", "--language", "de", "-o", str(path))
    assert "1 articles, 6 segments, 5 already translated (83 % reused), 1 to translate." in err
    root = parse(path.read_bytes())
    set_target(root, f"a{outdated.pk}.summary", "Rücksendungen Schritt für Schritt.")
    path.write_bytes(serialize(root))

    out, _err = run("import", str(path), "--language", "de", "--dry-run")
    assert (
        "Summary: 'So funktionieren Rücksendungen.' -> 'Rücksendungen Schritt für Schritt.'" in out
    )
    assert "Dry run: nothing saved." in out
    assert fresh(outdated).summary_de == "So funktionieren Rücksendungen."

    out, _err = run("import", str(path), "--language", "de", "--publish")
    assert "1 articles published." in out
    assert fresh(outdated).summary_de == "Rücksendungen Schritt für Schritt."
    assert translation_status.status_of(fresh(outdated), "de") == Status.CURRENT


def test_import_of_a_bad_file_names_the_problem_and_fails(outdated, tmp_path):
    path = tmp_path / "de.xlf"
    run("export", "--language", "de", "-o", str(path))
    path.write_bytes(path.read_bytes().replace(b"</file>", b""))
    with pytest.raises(CommandError, match="Nothing was imported."):
        call_command(
            "kb_translations",
            "import",
            str(path),
            "--language",
            "de",
            stderr=(err := io.StringIO()),
        )
    assert "not well-formed XML" in err.getvalue() and "line " in err.getvalue()


def test_export_of_chosen_articles_as_po_and_unknown_ids(help_center, tmp_path):
    path = tmp_path / "fr.po"
    run(
        "export",
        "--language",
        "fr",
        "--format",
        "po",
        "--article",
        str(help_center.faq.pk),
        "-o",
        str(path),
    )
    assert f'msgctxt "a{help_center.faq.pk}.title"' in path.read_text()
    with pytest.raises(CommandError, match="No article with id 99999"):
        run("export", "--language", "fr", "--article", "99999")
    with pytest.raises(CommandError, match="Unknown language 'xx'"):
        run("export", "--language", "xx")


def test_memory_command_learns_every_up_to_date_translation(help_center):
    TranslationMemoryEntry.objects.all().delete()
    out, _err = run("memory")
    assert "Learned the up-to-date translations of 2 articles." in out
    entry = TranslationMemoryEntry.objects.get(language="de", source="Delivery times")
    assert entry.target == "Lieferzeiten"
    assert not TranslationMemoryEntry.objects.filter(language="fr", source="Delivery times")
