"""Editors see which translations are missing and which are outdated."""

import pytest
from django.contrib.auth.models import Group, User

from kb import translation_status
from kb.groups import ensure_groups
from kb.models import ArticlePage
from kb.translation_status import Status
from tests.factories import publish, sections

DENIED = "Sorry, you do not have permission to access this area."


def assert_sent_to_dashboard_with_denial(response):
    """Wagtail refuses a permission it does not grant: back to the dashboard, with a notice."""
    assert response.redirect_chain == [("/admin/", 302)]
    assert DENIED in response.content.decode()


def statuses(page):
    page = ArticlePage.objects.get(pk=page.pk)
    return translation_status.statuses([page])[page.pk]


def edit_and_publish(page, **fields):
    page = ArticlePage.objects.get(pk=page.pk)
    for name, value in fields.items():
        setattr(page, name, value)
    return publish(page)


def test_new_article_status_per_language(help_center):
    assert statuses(help_center.faq) == {
        "en": Status.SOURCE,
        "de": Status.CURRENT,
        "fr": Status.CURRENT,
        "es": Status.CURRENT,
    }
    assert statuses(help_center.german_only) == {
        "en": Status.SOURCE,
        "de": Status.CURRENT,
        "fr": Status.MISSING,
        "es": Status.MISSING,
    }


def test_source_change_outdates_translations_until_updated(help_center):
    faq = edit_and_publish(help_center.faq, summary_en="How returns work, step by step.")
    assert statuses(faq) == {
        "en": Status.SOURCE,
        "de": Status.OUTDATED,
        "fr": Status.OUTDATED,
        "es": Status.OUTDATED,
    }
    faq = edit_and_publish(faq, summary_de="So funktionieren Rücksendungen, Schritt für Schritt.")
    assert statuses(faq)["de"] == Status.CURRENT
    assert statuses(faq)["fr"] == Status.OUTDATED
    # A later source change outdates German again.
    faq = edit_and_publish(faq, body_en=sections(("How long do I have?", "45 days now.")))
    assert statuses(faq)["de"] == Status.OUTDATED


def test_changing_source_and_translation_together_keeps_the_translation_current(help_center):
    faq = edit_and_publish(
        help_center.faq, title_en="Returning something", title_de="Etwas zurücksenden"
    )
    assert statuses(faq)["de"] == Status.CURRENT
    assert statuses(faq)["fr"] == Status.OUTDATED


def test_slug_change_does_not_outdate_translations(help_center):
    faq = edit_and_publish(help_center.faq, slug_en="returns-faq")
    assert statuses(faq)["de"] == Status.CURRENT


def test_saving_a_draft_does_not_change_the_status(help_center):
    faq = ArticlePage.objects.get(pk=help_center.faq.pk)
    faq.summary_en = "Draft wording nobody has published yet."
    faq.save_revision()
    assert statuses(faq)["de"] == Status.CURRENT


def test_filling_a_missing_translation_makes_it_current(help_center):
    page = edit_and_publish(
        help_center.german_only,
        title_fr="Délais de livraison",
        slug_fr="delais-de-livraison",
        summary_fr="Quand votre colis arrive.",
        body_fr=sections(("Livraison standard", "3 à 5 jours ouvrés.")),
    )
    assert statuses(page)["fr"] == Status.CURRENT
    assert statuses(page)["es"] == Status.MISSING


def test_report_lists_outdated_and_missing_translations_per_language(client, help_center, editor):
    edit_and_publish(help_center.faq, summary_en="Changed source text.")
    client.force_login(editor)
    html = client.get(
        "/admin/reports/translations/", {"language": "fr", "status": "needs_work"}
    ).content.decode()
    assert "Returning an item" in html and "Delivery times" in html
    html = client.get(
        "/admin/reports/translations/", {"language": "de", "status": "missing"}
    ).content.decode()
    assert "Delivery times" not in html and "Returning an item" not in html
    html = client.get(
        "/admin/reports/translations/", {"language": "de", "status": "outdated"}
    ).content.decode()
    assert "Returning an item" in html and "Delivery times" not in html


def test_report_exports_csv(client, help_center, editor):
    client.force_login(editor)
    response = client.get("/admin/reports/translations/", {"export": "csv"})
    rows = b"".join(response.streaming_content).decode().splitlines()
    assert rows[0] == "title,url,kind,Deutsch,français,español"
    assert "Delivery times,/en/shipping/delivery-times/,shipping,Up to date,Missing,Missing" in rows


def test_article_listing_shows_status_columns(client, help_center, editor):
    client.force_login(editor)
    html = client.get("/admin/articles/").content.decode()
    assert "Delivery times" in html
    assert html.count("Missing") >= 2


def test_editor_marks_a_translation_as_up_to_date(client, help_center, editor):
    faq = edit_and_publish(help_center.faq, summary_en="Typo fixed in English only.")
    client.force_login(editor)
    response = client.post(f"/admin/translations/{faq.pk}/de/mark-current/", {"next": "/admin/"})
    assert response.status_code == 302
    assert statuses(faq)["de"] == Status.CURRENT
    assert statuses(faq)["fr"] == Status.OUTDATED


def test_support_lead_reads_reports_but_cannot_edit(client, help_center, support_lead):
    faq = edit_and_publish(help_center.faq, summary_en="Changed.")
    client.force_login(support_lead)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/reports/translations/").status_code == 200
    assert_sent_to_dashboard_with_denial(client.get(f"/admin/pages/{faq.pk}/edit/", follow=True))
    client.post(f"/admin/translations/{faq.pk}/de/mark-current/")
    assert statuses(faq)["de"] == Status.OUTDATED


def test_editor_can_edit_and_publish(client, help_center, editor):
    client.force_login(editor)
    assert client.get(f"/admin/pages/{help_center.faq.pk}/edit/").status_code == 200
    perms = help_center.faq.permissions_for_user(editor)
    assert perms.can_edit() and perms.can_publish()
    assert not help_center.faq.permissions_for_user(
        User.objects.create_user("nobody", password="pw")
    ).can_edit()


def test_groups_are_created_once(db):
    ensure_groups()
    ensure_groups()
    assert Group.objects.filter(name="Editors").count() == 1
    assert Group.objects.filter(name="Support leads").count() == 1


def test_editor_markup_changes_do_not_read_as_text_changes(help_center):
    """The rich-text editor adds block ids and data-block-key attributes on first save."""
    faq = ArticlePage.objects.get(pk=help_center.faq.pk)
    for language in ("en", "de"):
        field = f"body_{language}"
        blocks = []
        for index, block in enumerate(getattr(faq, field).raw_data):
            value = dict(block["value"])
            value["content"] = value["content"].replace("<p>", f'<p data-block-key="k{index}">')
            blocks.append({"type": block["type"], "value": value, "id": f"id-{language}-{index}"})
        setattr(faq, field, blocks)
    faq = publish(faq)
    assert statuses(faq)["de"] == Status.CURRENT
    faq = edit_and_publish(faq, summary_en="Now a real change.")
    assert statuses(faq)["de"] == Status.OUTDATED


def test_an_article_needs_a_section_in_the_source_language(help_center):
    from django.core.exceptions import ValidationError

    faq = ArticlePage.objects.get(pk=help_center.faq.pk)
    faq.body_en = []
    with pytest.raises(ValidationError) as error:
        faq.full_clean()
    assert "body_en" in error.value.message_dict


def test_report_button_posts_with_csrf_protection(client, help_center, editor):
    edit_and_publish(help_center.faq, summary_en="Changed source text.")
    client.force_login(editor)
    html = client.get("/admin/reports/translations/", {"language": "de"}).content.decode()
    assert 'data-action="w-action#post"' in html
    assert f"/admin/translations/{help_center.faq.pk}/de/mark-current/?next=" in html
    assert "<form" not in html.split('class="listing')[1].split("</table>")[0]


@pytest.mark.parametrize(
    ("mode", "title"), [("en", "Returning an item"), ("de", "Artikel zurücksenden")]
)
def test_editors_preview_each_language(help_center, mode, title):
    page = ArticlePage.objects.get(pk=help_center.faq.pk)
    assert [code for code, _name in page.preview_modes] == ["en", "de", "fr", "es"]
    response = page.make_preview_request(preview_mode=mode)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{mode}"' in html and title in html
