"""Editors export, import (with a preview) and machine-translate in the Wagtail admin."""

import pytest
from django.contrib.auth.models import User

from kb import translation_status
from kb.groups import ensure_groups
from kb.models_exchange import TranslationImport
from kb.translation_status import Status
from tests.factories import publish
from tests.kb.exchange import fresh, parse, serialize, set_target


@pytest.fixture
def signed_in(client, editor):
    client.force_login(editor)
    return client


def outdated_faq(help_center):
    faq = fresh(help_center.faq)
    faq.summary_en = "How returns work, step by step."
    return publish(faq)


def download(client, **data):
    response = client.post(
        "/admin/translations/export/",
        {"language": "de", "articles": "needs_work", "file_format": "xliff", "use_memory": "on"}
        | data,
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    return response


def test_report_links_to_export_and_import(signed_in, help_center):
    html = signed_in.get("/admin/reports/translations/", {"language": "de"}).content.decode()
    assert 'href="/admin/translations/export/?language=de"' in html
    assert 'href="/admin/translations/import/?language=de"' in html


def test_export_page_says_how_much_is_reused_and_downloads_the_file(signed_in, help_center):
    faq = outdated_faq(help_center)
    html = signed_in.get("/admin/translations/export/", {"language": "de"}).content.decode()
    assert "1 article is missing or outdated in Deutsch" in html
    response = download(signed_in)
    assert response["Content-Disposition"].startswith('attachment; filename="help-center-en-de-')
    assert response["Content-Type"] == "application/xliff+xml"
    root = parse(response.content)
    assert [f.get("id") for f in root] == [f"a{faq.pk}"]
    assert response["X-Segments-Reused"] == str(int(response["X-Segments"]) - 1)


def test_export_of_selected_articles_as_po(signed_in, help_center):
    response = download(
        signed_in,
        articles="selected",
        selection=[help_center.german_only.pk],
        file_format="po",
        language="fr",
    )
    assert b'msgctxt "a%d.title"' % help_center.german_only.pk in response.content
    html = download(signed_in, articles="selected").content.decode()
    assert "Select at least one article." in html


def test_import_shows_a_preview_then_publishes(signed_in, help_center):
    faq = outdated_faq(help_center)
    root = parse(download(signed_in).content)
    set_target(root, f"a{faq.pk}.summary", "So funktionieren Rücksendungen, Schritt für Schritt.")
    upload = _upload(serialize(root))
    response = signed_in.post("/admin/translations/import/", {"language": "de", "file": upload})
    assert response.status_code == 302
    preview_url = response["Location"]
    html = signed_in.get(preview_url).content.decode()
    assert "So funktionieren Rücksendungen." in html  # now
    assert (
        "So funktionieren <del>Rücksendungen.</del> <ins>Rücksendungen, Schritt für Schritt.</ins>"
        in html
    )
    # Nothing changed yet.
    assert fresh(faq).summary_de == "So funktionieren Rücksendungen."
    response = signed_in.post(preview_url, {"action": "publish"}, follow=True)
    assert "1 articles published in Deutsch." in response.content.decode()
    assert fresh(faq).summary_de == "So funktionieren Rücksendungen, Schritt für Schritt."
    assert translation_status.status_of(fresh(faq), "de") == Status.CURRENT
    # A second confirmation does not import again.
    response = signed_in.post(preview_url, {"action": "publish"}, follow=True)
    assert "This file was imported already." in response.content.decode()


def test_import_as_draft_keeps_the_live_text(signed_in, help_center):
    faq = outdated_faq(help_center)
    root = parse(download(signed_in).content)
    set_target(root, f"a{faq.pk}.summary", "Entwurf.")
    response = signed_in.post(
        "/admin/translations/import/", {"language": "de", "file": _upload(serialize(root))}
    )
    signed_in.post(response["Location"], {"action": "draft"})
    assert fresh(faq).summary_de == "So funktionieren Rücksendungen."
    assert fresh(faq).get_latest_revision_as_object().summary_de == "Entwurf."
    assert translation_status.status_of(fresh(faq), "de") == Status.OUTDATED


def test_a_bad_file_is_explained_and_changes_nothing(signed_in, help_center):
    faq = outdated_faq(help_center)
    content = serialize(parse(download(signed_in).content)).replace(b"<target>", b"<target><b>", 1)
    revisions = faq.revisions.count()
    response = signed_in.post(
        "/admin/translations/import/", {"language": "de", "file": _upload(content)}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "cannot be imported; nothing was changed." in html
    assert "not well-formed" in html and "line " in html
    assert TranslationImport.objects.count() == 0
    assert fresh(faq).revisions.count() == revisions


def test_a_file_in_another_language_is_refused(signed_in, help_center):
    outdated_faq(help_center)
    content = download(signed_in).content
    response = signed_in.post(
        "/admin/translations/import/", {"language": "es", "file": _upload(content)}
    )
    assert "The file is a translation into &#x27;de&#x27;, not into &#x27;es&#x27;." in (
        response.content.decode()
    )


def test_a_50_mb_upload_is_refused(signed_in, help_center):
    response = signed_in.post(
        "/admin/translations/import/",
        {"language": "de", "file": _upload(b"<" + b" " * (50 * 1024 * 1024), "big.xlf")},
    )
    assert response.status_code == 200
    html = response.content.decode().replace("\xa0", " ")
    assert "The file is 50.0 MB; translation files may be at most 10.0 MB." in html


def test_machine_translation_without_a_key_says_it_is_not_configured(
    signed_in, help_center, settings
):
    settings.DEEPL_API_KEY = ""
    faq = outdated_faq(help_center)
    response = signed_in.post(f"/admin/translations/{faq.pk}/de/machine/", follow=True)
    assert response.status_code == 200
    assert "Machine translation is not configured: set DEEPL_API_KEY" in response.content.decode()


def test_support_leads_cannot_import_changes(client, help_center):
    _editors, leads = ensure_groups()
    lead = User.objects.create_user("lead", password="pw")
    lead.groups.add(leads)
    faq = outdated_faq(help_center)
    client.force_login(lead)
    root = parse(
        client.post(
            "/admin/translations/export/",
            {"language": "de", "articles": "needs_work", "file_format": "xliff"},
        ).content
    )
    set_target(root, f"a{faq.pk}.summary", "Geändert.")
    response = client.post(
        "/admin/translations/import/", {"language": "de", "file": _upload(serialize(root))}
    )
    response = client.post(response["Location"], {"action": "publish"})
    assert "You may not publish these articles, so nothing was saved" in response.content.decode()
    assert fresh(faq).summary_de == "So funktionieren Rücksendungen."


def _upload(content, name="de.xlf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/xliff+xml")


def test_editors_edit_a_glossary_in_the_admin(signed_in):
    from kb.models_exchange import Glossary

    assert signed_in.get("/admin/snippets/kb/glossary/add/").status_code == 200
    response = signed_in.post(
        "/admin/snippets/kb/glossary/add/",
        {
            "target_language": "de",
            "terms-TOTAL_FORMS": "2",
            "terms-INITIAL_FORMS": "0",
            "terms-MIN_NUM_FORMS": "0",
            "terms-MAX_NUM_FORMS": "1000",
            "terms-0-source": "parcel",
            "terms-0-target": "Paket",
            "terms-0-ORDER": "1",
            "terms-1-source": "voucher",
            "terms-1-target": "Gutschein",
            "terms-1-ORDER": "2",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    glossary = Glossary.objects.get(target_language="de")
    assert glossary.entries() == [("parcel", "Paket"), ("voucher", "Gutschein")]
    listing = signed_in.get("/admin/snippets/kb/glossary/").content.decode()
    assert "English → German" in listing
