"""Splitting articles into passages, cleaning queries, snippets: no database, no model."""

import pytest

from search.documents import PASSAGE_MAX_CHARS, Passage, overview_text, split_text
from search.snippets import highlight, matcher
from search.text import analyzer, clean_query, content_words, stop_words, words


def test_lines_and_paragraphs_become_separate_passages():
    body = "Can I use my new card?\nPlease assist me with activation.\n\nHow do I activate it?"
    assert split_text("Activate my card", body) == [
        "Can I use my new card?",
        "Please assist me with activation.",
        "How do I activate it?",
    ]


def test_long_text_is_packed_by_sentences_within_the_size_limit():
    body = " ".join(f"Parcel {n} leaves our warehouse within one working day." for n in range(20))
    passages = split_text("Delivery", body)
    assert len(passages) > 1
    assert all(len(p) <= PASSAGE_MAX_CHARS for p in passages)
    assert all(p.endswith("day.") for p in passages)  # never cut inside a sentence
    assert " ".join(passages) == body


def test_a_sentence_longer_than_a_passage_is_wrapped_at_a_word():
    body = " ".join(f"word{n}" for n in range(300))
    passages = split_text("T", body)
    assert all(len(p) <= PASSAGE_MAX_CHARS and not p.startswith(" ") for p in passages)
    assert " ".join(passages) == body


def test_a_first_line_repeating_the_heading_is_dropped():
    assert split_text("Returns", "Refunds\nWe refund within 14 days.", heading="Refunds") == [
        "We refund within 14 days."
    ]
    assert split_text("Returns", "") == []


def test_the_model_sees_each_passage_with_its_context():
    passage = Passage(
        id="1",
        parent_id="a",
        language="en",
        title="Returning an item",
        category="Orders",
        heading="Refunds",
        text="We refund within 14 days.",
    )
    assert (
        passage.embedding_text == "Orders › Returning an item › Refunds\nWe refund within 14 days."
    )
    assert (
        overview_text([passage]) == "Orders › Returning an item\nRefunds\nWe refund within 14 days."
    )
    assert overview_text([passage], max_chars=36).endswith("Refunds")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (None, ""),
        ("  a\x00b\tc \n", "a b c"),
        (b"caf\xc3\xa9 \xff", "café"),
        ("\ud800x", "x"),
        ("x\udcff\ufffd", "x"),
        ("a\u200bb", "a b"),
        ("x" * 300, "x" * 256),
        ("ab " * 200, ("ab " * 85).strip()),
    ],
)
def test_queries_are_cleaned_and_clipped(raw, clean):
    assert clean_query(raw) == clean


def test_words_are_folded_and_stemmed_per_language():
    assert words("Rücksendung_Etikett, 14 Tage!") == ["rucksendung", "etikett", "14", "tage"]
    assert analyzer("de").terms("Rücksendungen") == analyzer("de").terms("Rücksendung")
    assert analyzer("en").terms("refunds refunded") == ["refund", "refund"]
    assert analyzer("xx").terms("Unknown Language") == ["unknown", "language"]


def test_snippets_escape_the_text_and_mark_matches():
    html = highlight("Use <b>code</b> & save", lambda word: word == "code")
    assert html == "Use &lt;b&gt;<mark>code</mark>&lt;/b&gt; &amp; save"


def test_long_snippets_are_cut_around_the_first_match():
    text = "filler " * 80 + "the refund arrives " + "filler " * 80
    html = highlight(text, lambda word: word == "refund")
    assert html.startswith("…") and html.endswith("…")
    assert "<mark>refund</mark>" in html and len(html) < 320


def test_snippets_skip_stop_words_unless_the_query_is_only_stop_words():
    text = "Der Standardversand dauert 3–5 Werktage."
    marked = highlight(text, matcher(words("wie lange dauert der Versand"), ["de"]))
    assert "<mark>dauert</mark>" in marked and "<mark>Standardversand</mark>" not in marked
    assert "<mark>Der</mark>" not in marked
    assert "<mark>Der</mark>" in highlight(text, matcher(words("der"), ["de"]))


def test_stop_words_come_per_language():
    assert {"der", "die", "und"} <= stop_words("de")
    assert {"the", "and", "how"} <= stop_words("en-GB")
    assert {"de", "la", "comment"} <= stop_words("fr") and "commande" not in stop_words("fr")
    assert {"de", "el", "como"} <= stop_words("es") and "estado" not in stop_words("es")
    assert stop_words("xx") == frozenset() and stop_words("../de") == frozenset()
    assert content_words(["to", "be", "or", "not"], ["en"]) == ["to", "be", "or", "not"]
