"""The answer box above the results: quoted sentences, a citation, a vote, insights."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from portal.sitesearch.models import AnswerFeedback, SearchLog
from tests.factories import make_ticket
from tests.search.behaviour import NONSENSE

QUESTION = "How long do I have to return an item?"


@pytest.fixture(autouse=True)
def _answers_for_a_small_help_center(settings):
    # The test help center has three articles, so search is less sure of any of them than
    # of one among a real help center's dozens: the model's threshold would hide answers.
    settings.SEARCH_ANSWER_MIN_SCORE = 0.05
    cache.clear()


def test_api_answers_a_question_with_the_quoted_sentence_and_its_section(client, help_center):
    payload = client.get("/api/v1/search", {"q": QUESTION, "lang": "en"}).json()
    answer = payload["answer"]
    assert answer["sentences"] == ["30 days from delivery."]
    assert answer["article_id"] == help_center.faq.pk
    assert answer["title"] == "Returning an item"
    assert answer["section"] == "How long do I have to return an item?"
    assert answer["anchor"] == "how-long-do-i-have-to-return-an-item"
    assert answer["url"].startswith(
        "http://testserver/en/returns/returning-an-item/#how-long-do-i-have-to-return-an-item"
        ":~:text=30%20days%20from%20delivery."
    )
    assert answer["language"] == "en" and answer["fallback"] is False
    assert answer["score"] >= 0.05
    log = SearchLog.objects.get()
    assert (log.answer_article_id, log.answer_score) == (help_center.faq.pk, answer["score"])


def test_the_cited_section_exists_on_the_article_page(client, help_center):
    answer = client.get("/api/v1/search", {"q": QUESTION, "lang": "en"}).json()["answer"]
    page = client.get("/en/returns/returning-an-item/").content.decode()
    assert f'id="{answer["anchor"]}"' in page
    assert answer["sentences"][0] in page


@pytest.mark.parametrize("query", ["returns", dict(NONSENSE)["en"], "Do you sell bicycles?"])
def test_no_answer_for_a_word_to_look_up_or_nonsense(client, help_center, query):
    assert client.get("/api/v1/search", {"q": query, "lang": "en"}).json()["answer"] is None


def test_no_answer_when_switched_off(client, help_center, settings):
    settings.SEARCH_ANSWER_MIN_SCORE = float("inf")
    assert client.get("/api/v1/search", {"q": QUESTION, "lang": "en"}).json()["answer"] is None
    html = client.get("/en/search/", {"q": QUESTION}).content.decode()
    assert 'class="answer-box"' not in html


def test_search_page_shows_the_answer_box_above_the_results_in_the_shoppers_language(
    client, help_center
):
    html = client.get("/de/search/", {"q": "Wie lange kann ich zurücksenden?"}).content.decode()
    box = html.split('class="answer-box"')[1].split("</section>")[0]
    assert html.index('class="answer-box"') < html.index('class="search-results"')
    assert "Antwort aus dem Hilfe-Center" in box
    assert "<p>30 Tage ab Lieferung.</p>" in box
    assert (
        'href="/de/ruecksendungen/artikel-zuruecksenden/#wie-lange-kann-ich-zurucksenden:~:text='
        in box
    )
    assert "War diese Antwort hilfreich?" in box


def test_a_fallback_answer_is_labelled_with_its_language(client, help_center):
    # "Delivery times" is written in English and German only.
    html = client.get("/fr/search/", {"q": "standard delivery how many days?"}).content.decode()
    box = html.split('class="answer-box"')[1].split("</section>")[0]
    assert "Réponse du centre d'aide" in box
    assert 'lang="en">\n    <p>3 to 5 business days.</p>' in box
    assert "Cette réponse n'est pas encore disponible dans votre langue." in box, box


def test_answer_vote_is_recorded_once_per_search_and_counted_in_insights(client, help_center):
    client.get("/en/search/", {"q": QUESTION})
    log = SearchLog.objects.get()
    url = f"/en/search/{log.pk}/answer/"
    response = client.post(url, {"helpful": "no"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response.json()["state"] == "thanks_no"
    assert "contact support" in response.json()["html"]
    response = client.post(url, {"helpful": "yes"})  # without JavaScript: a thanks page
    assert response.status_code == 200
    assert "Thanks for your feedback" in response.content.decode()
    assert list(AnswerFeedback.objects.values_list("search_id", "helpful")) == [(log.pk, True)]

    make_ticket(visit_key=log.visit_key)  # the same visit wrote to support afterwards
    admin = get_user_model().objects.create_superuser("admin", "a@example.com", "pw-admin-123")
    client.force_login(admin)
    day = log.created_at.date().isoformat()
    csv = client.get(
        "/admin/insights/searches/", {"start": day, "end": day, "format": "csv", "table": "answers"}
    ).content.decode()
    assert "Returning an item,1,1,0,1.0,1,1.0" in csv


@pytest.mark.parametrize("helpful", ["", "maybe"])
def test_bad_answer_votes_get_a_clear_400(client, help_center, helpful):
    client.get("/en/search/", {"q": QUESTION})
    log = SearchLog.objects.get()
    response = client.post(f"/en/search/{log.pk}/answer/", {"helpful": helpful})
    assert response.status_code == 400
    assert "could not be saved" in response.content.decode()
    assert not AnswerFeedback.objects.exists()


def test_another_visit_cannot_vote_on_a_search(client, help_center):
    from django.test import Client

    client.get("/en/search/", {"q": QUESTION})
    log = SearchLog.objects.get()
    response = Client().post(f"/en/search/{log.pk}/answer/", {"helpful": "yes"})
    assert response.status_code == 400 and not AnswerFeedback.objects.exists()
    assert client.get(f"/en/search/{log.pk}/answer/").status_code == 405


def test_contact_form_suggestions_carry_the_answer(client, help_center):
    payload = client.get("/en/contact/suggestions/", {"q": QUESTION}).json()
    assert payload["answer"]["sentences"] == ["30 days from delivery."]
    assert payload["suggestions"][0]["title"] == "Returning an item"
