"""An editor exports an outdated article, imports the translated file with its preview and
publishes it, in a real browser."""

import re

import pytest
from django.contrib.auth.models import User

from kb import translation_status
from kb.groups import ensure_groups
from kb.models import ArticlePage
from kb.translation_status import Status
from tests.browser.conftest import sign_in
from tests.factories import build_help_center, publish
from tests.kb.exchange import parse, serialize, set_target

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def site(live_server):
    help_center = build_help_center()
    faq = ArticlePage.objects.get(pk=help_center.faq.pk)
    faq.summary_en = "How returns work, step by step."
    publish(faq)
    editors, _leads = ensure_groups()
    User.objects.create_user("editor", password="pw-editor-123").groups.add(editors)
    return live_server.url, faq


def test_editor_exports_imports_with_preview_and_publishes(site, page, axe_audit, tmp_path):
    url, faq = site
    sign_in(page, url, "editor", "pw-editor-123", next_path="/admin/reports/translations/")
    page.goto(f"{url}/admin/reports/translations/?language=de")
    assert page.get_by_role("button", name="Translate with machine translation").first.is_visible()
    page.get_by_role("link", name="Export for translation").click()
    page.wait_for_url(re.compile(r"/admin/translations/export/\?language=de$"))
    summary = page.locator("[data-export-summary]").inner_text()
    assert "1 article is missing or outdated in Deutsch" in summary and "83 % reused" in summary
    assert axe_audit(page) == []

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlf")
    root = parse(open(download.path(), "rb").read())
    set_target(root, f"a{faq.pk}.summary", "So funktionieren Rücksendungen, Schritt für Schritt.")
    translated = tmp_path / "de.xlf"
    translated.write_bytes(serialize(root))

    page.goto(f"{url}/admin/reports/translations/?language=de")
    page.get_by_role("link", name="Import translations").click()
    page.get_by_label("Translated file").set_input_files(str(translated))
    assert axe_audit(page) == []
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_url(re.compile(r"/admin/translations/import/\d+/$"))
    row = page.get_by_role("row", name=re.compile("Summary"))
    assert row.locator("td").first.inner_text() == "So funktionieren Rücksendungen."
    # Changed words are marked: the one with a new comma, and the words added.
    assert row.locator("del").inner_text() == "Rücksendungen."
    assert row.locator("ins").inner_text() == "Rücksendungen, Schritt für Schritt."
    assert axe_audit(page) == []
    faq.refresh_from_db()
    assert faq.summary_de == "So funktionieren Rücksendungen."

    page.get_by_role("button", name="Publish").click()
    page.wait_for_url(re.compile(r"/admin/reports/translations/\?language=de$"))
    assert "1 articles published in Deutsch." in page.locator(".messages").inner_text()
    faq.refresh_from_db()
    assert faq.summary_de == "So funktionieren Rücksendungen, Schritt für Schritt."
    assert translation_status.status_of(faq, "de") == Status.CURRENT

    page.goto(f"{url}/de/ruecksendungen/artikel-zuruecksenden/")
    assert "Schritt für Schritt." in page.locator("article").inner_text()


def test_a_broken_file_is_explained_in_the_browser(site, page, axe_audit, tmp_path):
    url, _faq = site
    sign_in(page, url, "editor", "pw-editor-123", next_path="/admin/translations/import/")
    broken = tmp_path / "broken.xlf"
    broken.write_bytes(b'<?xml version="1.0"?>\n<xliff version="2.1">\n<file>\n</xliff>')
    page.get_by_label("Language of the translation").select_option("de")
    page.get_by_label("Translated file").set_input_files(str(broken))
    page.get_by_role("button", name="Check the file").click()
    alert = page.locator("[data-import-problems]")
    assert "broken.xlf cannot be imported; nothing was changed." in alert.inner_text()
    assert "line 4" in alert.inner_text()
    assert axe_audit(page) == []
