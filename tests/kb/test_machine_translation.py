"""Machine-translation drafts from DeepL, tested against a local server speaking its protocol."""

import pytest
from django.utils import translation
from wagtail.models import Site

from kb import translation_status
from kb.exchange import machine
from kb.exchange.machine.deepl import DeepLTranslator
from kb.models_exchange import Glossary, GlossaryTerm, MachineTranslationSettings
from kb.translation_status import Status
from tests.factories import publish
from tests.kb.deepl_server import FakeDeepL
from tests.kb.exchange import fresh


@pytest.fixture
def deepl(settings):
    with FakeDeepL() as server:
        settings.DEEPL_API_KEY = server.api_key
        settings.DEEPL_API_URL = server.url
        yield server


def article_with_markup(help_center):
    faq = fresh(help_center.faq)
    faq.body_en = [
        ("section", {"heading": "How long?", "content": "<p>30 <b>days</b> from delivery.</p>"}),
        (
            "section",
            {
                "heading": "Are returns free?",
                "content": '<p>Yes, see <a href="/en/returns/">our parcel rules</a>.</p>',
            },
        ),
    ]
    faq.body_de = []
    faq.summary_de = ""
    return publish(faq)


def test_a_missing_translation_is_filled_as_a_machine_draft(deepl, help_center, editor, client):
    faq = article_with_markup(help_center)
    assert translation_status.status_of(faq, "de") == Status.MISSING
    client.force_login(editor)
    response = client.post(f"/admin/translations/{faq.pk}/de/machine/", follow=True)
    html = response.content.decode()
    assert "machine-translated into Deutsch as a draft for you to review" in html
    # Only segments without a translation went to DeepL, with their inline codes as XML.
    sent = deepl.translated_texts()
    assert '30 <pc id="1">days</pc> from delivery.' in sent
    assert "Artikel zurücksenden" not in " ".join(sent)  # the German title stays
    draft = fresh(faq).get_latest_revision_as_object()
    assert draft.title_de == "Artikel zurücksenden"
    assert (
        draft.body_de.raw_data[0]["value"]["content"] == "<p>[DE] 30 <b>days</b> from delivery.</p>"
    )
    assert '<a href="/en/returns/">' in draft.body_de.raw_data[1]["value"]["content"]
    # Shoppers still see the published page; editors see the draft marked in the report.
    assert fresh(faq).summary_de == ""
    report = client.get("/admin/reports/translations/", {"language": "de"}).content.decode()
    assert "Machine-translated" in report
    # An editor reviews and publishes: the mark goes, the translation is up to date.
    fresh(faq).get_latest_revision().publish(user=editor)
    assert translation_status.status_of(fresh(faq), "de") == Status.CURRENT
    report = client.get("/admin/reports/translations/", {"language": "de"}).content.decode()
    assert "Machine-translated" not in report


def test_an_outdated_article_sends_only_what_changed(deepl, help_center):
    faq = fresh(help_center.faq)
    faq.summary_en = "How returns work, step by step."
    faq = publish(faq)
    result = machine.translate_article(faq, "de")
    assert deepl.translated_texts() == ["How returns work, step by step."]
    # Title, summary, two headings, two paragraphs: five come from the current translation.
    assert (result.sent, result.reused, result.total) == (1, 5, 6)


def test_the_glossary_is_sent_and_made_again_when_it_changes(deepl, help_center):
    faq = article_with_markup(help_center)
    glossary = Glossary.objects.create(target_language="de")
    GlossaryTerm.objects.create(glossary=glossary, source="parcel", target="Paket")
    machine.translate_article(faq, "de")
    glossary.refresh_from_db()
    assert glossary.provider_glossary_id in deepl.glossaries
    content = fresh(faq).get_latest_revision_as_object().body_de.raw_data[1]["value"]["content"]
    assert "our Paket rules" in content
    first_id = glossary.provider_glossary_id

    GlossaryTerm.objects.create(glossary=glossary, source="delivery", target="Lieferung")
    faq = fresh(faq)
    machine.translate_article(faq, "de")
    glossary.refresh_from_db()
    assert glossary.provider_glossary_id != first_id
    assert first_id not in deepl.glossaries  # the old one was deleted
    translate_calls = [body for m, path, body in deepl.requests if path == "/v2/translate"]
    assert translate_calls[-1]["glossary_id"] == glossary.provider_glossary_id
    assert translate_calls[-1]["source_lang"] == "EN"


def test_published_machine_translation_is_labelled_for_shoppers(deepl, help_center, client):
    settings = MachineTranslationSettings.for_site(Site.objects.get(is_default_site=True))
    settings.publish_machine_translations = True
    settings.save()
    faq = article_with_markup(help_center)
    result = machine.translate_article(faq, "de")
    assert result.published
    with translation.override("de"):
        url = fresh(faq).get_url()
    html = client.get(url).content.decode()
    assert "[DE] 30 <b>days</b>" in html
    assert "Dieser Artikel wurde maschinell übersetzt und noch nicht geprüft." in html
    # An editor's publish is the review.
    publish(fresh(faq))
    assert "maschinell übersetzt" not in client.get(url).content.decode()


def test_without_the_setting_shoppers_never_see_the_machine_draft(deepl, help_center, client):
    faq = article_with_markup(help_center)
    assert not machine.translate_article(faq, "de").published
    with translation.override("de"):
        html = client.get(fresh(faq).get_url()).content.decode()
    assert "[DE]" not in html


@pytest.mark.parametrize(
    "setup, message",
    [
        (lambda s: setattr(s, "api_key", "another-key"), "DeepL refused the API key (403)"),
        (lambda s: setattr(s, "quota_left", 5), "character quota is used up (456)"),
    ],
)
def test_provider_errors_are_told_and_change_nothing(deepl, help_center, setup, message):
    faq = article_with_markup(help_center)
    revisions = faq.revisions.count()
    setup(deepl)
    with pytest.raises(
        machine.MachineTranslationError, match=message.replace("(", r"\(").replace(")", r"\)")
    ):
        machine.translate_article(faq, "de")
    assert fresh(faq).revisions.count() == revisions


def test_an_unreachable_provider_is_told(help_center, settings):
    settings.DEEPL_API_KEY = "key"
    translator = DeepLTranslator("key", "http://127.0.0.1:9", timeout=2)
    faq = article_with_markup(help_center)
    with pytest.raises(machine.MachineTranslationError, match="DeepL could not be reached"):
        machine.translate_article(faq, "de", translator=translator)
