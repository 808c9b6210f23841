"""Direct answers: whole sentences, quoted verbatim, shown only when search is sure."""

from types import SimpleNamespace

import pytest

from search.answers import best_answer, direct_answer, is_question, threshold
from search.documents import SearchHit, SearchResults
from search.sentences import is_whole, sentences


@pytest.mark.parametrize(
    "language, text, expected",
    [
        (
            "de",
            "Der Versand dauert z. B. 3 Tage. Am 3. Dezember schließen wir. Kosten: 4.90 €!",
            [
                "Der Versand dauert z. B. 3 Tage.",
                "Am 3. Dezember schließen wir.",
                "Kosten: 4.90 €!",
            ],
        ),
        (
            "fr",
            "Retournez un article, p. ex. une robe. M. Dupont vous répond. Voir www.exemple.fr.",
            [
                "Retournez un article, p. ex. une robe.",
                "M. Dupont vous répond.",
                "Voir www.exemple.fr.",
            ],
        ),
        (
            "es",
            "¿Puedo devolver un artículo? Sí, en 30 días. Escríbanos a ayuda@tienda.es. Gracias.",
            [
                "¿Puedo devolver un artículo?",
                "Sí, en 30 días.",
                "Escríbanos a ayuda@tienda.es.",
                "Gracias.",
            ],
        ),
        (
            "zh",
            "您可以在30天内退货。退款将在5个工作日内到账！有问题吗？请联系我们",
            ["您可以在30天内退货。", "退款将在5个工作日内到账！", "有问题吗？", "请联系我们"],
        ),
        (
            "ar",
            "يمكنك إرجاع المنتج خلال 30 يومًا. هل لديك سؤال؟ اتصل بنا.",
            ["يمكنك إرجاع المنتج خلال 30 يومًا.", "هل لديك سؤال؟", "اتصل بنا."],
        ),
        (
            "en",
            "We ship to the EU, the U.K. and Norway, e.g. Oslo. J. Smith packs orders etc. and more.",
            [
                "We ship to the EU, the U.K. and Norway, e.g. Oslo.",
                "J. Smith packs orders etc. and more.",
            ],
        ),
    ],
)
def test_sentences_split_where_a_reader_would(language, text, expected):
    assert sentences(text, language) == expected


def test_a_piece_of_a_sentence_is_not_whole():
    assert is_whole("Returns are free within the EU.")
    assert is_whole("Free shipping over 50 €")  # a list item
    assert not is_whole("and the refund follows within five days.")
    assert not is_whole("; express costs more.")
    assert not is_whole("A" * 200)  # a long line cut at a word, without its end


@pytest.mark.parametrize(
    "query, language, question",
    [
        ("how long does delivery take", "en", True),
        ("returns?", "en", True),
        ("wie lange dauert der Versand", "de", True),
        ("comment retourner", "fr", True),
        ("¿cuánto cuesta?", "es", True),
        ("returns", "en", False),
        ("delivery time", "en", False),
        ("Versand", "de", False),
    ],
)
def test_only_question_like_searches_get_an_answer(query, language, question):
    assert is_question(query, language) is question


def _results(text, heading="Are returns free?", relevance=0.2, language="en", fallback=False):
    hit = SearchHit(
        parent_id="7",
        passage_id="7:en:1",
        language=language,
        title="Returning an item",
        url="/en/returns/returning-an-item/",
        kind="returns",
        category="Returns",
        heading=heading,
        score=1.0,
        snippet="",
        text=text,
        relevance=relevance,
    )
    return SearchResults(hits=[hit], total=1, best_relevance=relevance, fallback=fallback)


EMBEDDER = SimpleNamespace(answer_threshold=0.17)


def test_the_answer_quotes_whole_sentences_with_the_question_words_and_cites_the_section():
    text = (
        "Returns are free within the EU and the UK. "
        "Print the label in your account and drop the parcel at a post office. "
        "Refunds reach your card within 5 days of our checking the parcel. "
        "We also offer exchanges."
    )
    answer = direct_answer("are returns free in the UK?", "en", _results(text), EMBEDDER)
    # The sentence with the question's words, then its neighbours within 400 characters.
    assert answer.sentences == [
        "Returns are free within the EU and the UK.",
        "Print the label in your account and drop the parcel at a post office.",
        "Refunds reach your card within 5 days of our checking the parcel.",
    ]
    assert all(sentence in text for sentence in answer.sentences)  # verbatim
    assert answer.anchor == "are-returns-free"
    assert answer.url == "/en/returns/returning-an-item/#are-returns-free"
    assert answer.link.startswith(
        "/en/returns/returning-an-item/#are-returns-free:~:text=Returns%20are"
    )
    assert answer.coverage == 1.0


def test_the_answer_is_scored_by_the_relevance_of_the_article_it_quotes():
    results = _results("Returns are free within the EU and the UK.", relevance=0.01)
    results.best_relevance = 0.3  # another candidate, not the one shown first
    assert best_answer("are returns free?", "en", results).score < 0.17
    assert direct_answer("are returns free?", "en", results, EMBEDDER) is None


def test_a_long_passage_is_quoted_around_the_sentence_that_answers():
    filler = "Our shop sells linen, wool and ceramics made in Europe by small workshops. " * 4
    text = filler + "Returns are free within the EU. " + filler
    answer = best_answer("are returns free?", "en", _results(text))
    assert "Returns are free within the EU." in answer.sentences
    assert len(answer.text) <= 400 and len(answer.sentences) <= 3


def test_no_answer_when_search_is_unsure_not_a_question_or_switched_off(settings):
    text = "Returns are free within the EU and the UK."
    assert (
        direct_answer("are returns free?", "en", _results(text, relevance=0.01), EMBEDDER) is None
    )
    assert direct_answer("returns", "en", _results(text), EMBEDDER) is None
    settings.SEARCH_ANSWER_MIN_SCORE = float("inf")
    assert threshold(EMBEDDER) is None
    assert direct_answer("are returns free?", "en", _results(text), EMBEDDER) is None
    settings.SEARCH_ANSWER_MIN_SCORE = 0.5
    assert direct_answer("are returns free?", "en", _results(text), EMBEDDER) is None
    # Full text only (the model is down): no relevance to be sure with.
    assert best_answer("are returns free?", "en", _results(text, relevance=None)) is None


def test_no_half_sentences_from_a_passage_cut_inside_a_long_sentence():
    piece = "and returns are free within the EU, the UK and Switzerland for thirty days"
    assert best_answer("are returns free?", "en", _results(piece)) is None


def test_a_list_or_table_line_is_quoted_whole():
    line = "Express | 1–2 business days | 9.95 €"
    answer = best_answer("how much is express delivery?", "en", _results(line, heading="Costs"))
    assert answer.sentences == [line]


def test_very_long_questions_and_other_scripts_do_not_break_answers():
    text = "您可以在30天内退货。退款将在5个工作日内到账！"
    answer = best_answer("退货" * 500, "zh", _results(text, heading="退货", language="zh"))
    assert answer is not None and answer.text in text
    assert answer.anchor == ""  # slugify keeps no letter of "退货": the article itself
    assert answer.url == "/en/returns/returning-an-item/"
