import math

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.settings.base import _tuning
from search.backends.base import RESCUED_MOST, Query, Ranking, SearchEngine, fused_ranking
from search.backends.embedding import UsesEmbedder
from search.embedders.base import Embedder
from search.fusion import DEFAULT_WEIGHTS, FusionWeights, dense_article_scores, fuse
from search.typos import Vocabulary


def test_fusion_lets_strong_words_lift_a_close_second():
    dense = {"a": 0.90, "b": 0.89, "c": 0.70}
    assert [key for key, _ in fuse(dense, {})] == ["a", "b", "c"]
    assert [key for key, _ in fuse(dense, {"b": 12.0, "c": 1.0})][:2] == ["b", "a"]


def test_fusion_with_one_side_only_ranks_by_that_side():
    assert fuse({}, {"x": 1.0, "y": 3.0}) == [("y", 1.0), ("x", 1 / 3)]
    assert fuse({}, {}) == []


def test_article_dense_score_mixes_best_passage_and_overview():
    scores = dense_article_scores(
        [0.8, math.nan, 0.6], [0.6, 0.5, math.nan], FusionWeights(best_passage=0.5)
    )
    assert [round(float(s), 3) for s in scores] == [0.7, 0.5, 0.6]


def test_vocabulary_corrects_typos_and_completes_prefixes():
    vocabulary = Vocabulary({"password": 3, "passport": 1, "return": 5, "reset": 2, "item": 4})
    assert vocabulary.corrections("pasword") == ["password"]
    assert vocabulary.corrections("retrun") == ["return"]  # swapped letters
    assert vocabulary.corrections("resett") == ["reset"]
    assert vocabulary.corrections("itme") == ["item"]
    assert vocabulary.corrections("zzqx") == [] and vocabulary.corrections("password") == []
    assert vocabulary.completions("pass") == ["password", "passport"]


class Model:
    """An embedder's calibration, as fused_ranking reads it (the e5 figures)."""

    answer_floor = 0.035
    answer_window = 0.04
    answer_share = 0.6
    lexical_window = 0.02
    level_prior = -0.005


def cut(dense, lexical=None, cutoff=None, coverage=None, coverage_of=None):
    ranked, best, _relevance = fused_ranking(
        dense,
        lexical or {},
        DEFAULT_WEIGHTS,
        None,
        0.0,
        Model(),
        lambda key: key[0],
        cutoff,
        coverage_of or (None if coverage is None else lambda: coverage),
    )
    return [key for key, _score in ranked], best


def test_an_article_that_stands_out_is_kept_with_its_close_neighbours():
    dense = {("en", "a"): 0.10, ("en", "b"): 0.08, ("en", "c"): 0.01, ("en", "d"): 0.0}
    assert cut(dense)[0] == [("en", "a"), ("en", "b")]
    assert cut(dense, cutoff=float("-inf"))[0] == list(dense)  # everything, best first


def test_coverage_is_asked_for_only_when_the_model_is_unsure():
    # The cluster engines fetch it in a request of its own, fuzzy and dear.
    asked = []

    def coverage_of():
        asked.append(True)
        return {}

    cut({("en", "a"): 0.10, ("en", "b"): 0.0}, {("en", "a"): 3.0}, coverage_of=coverage_of)
    assert not asked
    cut({("en", "a"): 0.02, ("en", "b"): 0.021}, {("en", "a"): 3.0}, coverage_of=coverage_of)
    assert asked


def test_nothing_stands_out_nothing_is_returned():
    dense = {("en", k): 0.02 + i / 1000 for i, k in enumerate("abcdef")}
    assert cut(dense)[0] == []
    assert cut(dense, cutoff=-1.0)[0]  # an operator's lower floor shows them


def test_full_text_holding_every_word_answers_what_the_model_cannot_read():
    dense = {("en", "a"): 0.02, ("en", "b"): 0.021, ("en", "c"): 0.019}
    lexical = {("en", "a"): 5.0, ("en", "c"): 1.0}
    coverage = {("en", "a"): (2, 2), ("en", "c"): (1, 2)}
    assert cut(dense, lexical, coverage=coverage)[0] == [("en", "a")]
    # Half the words is no answer, unless the model ranks that article first too.
    assert cut(dense, lexical, coverage={("en", "a"): (1, 2)})[0] == []
    assert cut(dense, lexical, coverage={("en", "a"): (1, 1)})[0] == []


def test_full_text_alone_vouches_for_a_few_articles_only():
    # "retrun an itme": the model cannot read it, and a dozen articles hold "return" and
    # "item"; the shopper gets the strongest few, not a dozen.
    dense = {("en", str(i)): 0.02 - i / 10_000 for i in range(12)}
    lexical = {key: 5.0 - int(key[1]) / 10 for key in dense}
    coverage = dict.fromkeys(dense, (2, 2))
    found = cut(dense, lexical, coverage=coverage)[0]
    assert found == [("en", str(i)) for i in range(RESCUED_MOST)]


def test_each_language_is_measured_against_its_own_level():
    # German scores run higher across the board: its best is above the English answer but
    # does not stand out from the other German articles.
    dense = {("de", str(i)): 0.075 + i / 10_000 for i in range(20)}
    dense |= {("en", "a"): 0.07, ("en", "b"): 0.0, ("en", "c"): -0.01}
    assert cut(dense)[0] == [("en", "a")]


@pytest.mark.parametrize(
    "name, bound, off",
    [("SEARCH_MIN_RELEVANCE", 1, float("-inf")), ("SEARCH_ANSWER_MIN_SCORE", 2, float("inf"))],
)
def test_search_tuning_settings_are_checked(monkeypatch, name, bound, off):
    def read(value):
        monkeypatch.setenv(name, value)
        return _tuning(name, bound, off, 0.1, "for nothing")

    assert read("") is None and read(" OFF ") == off
    assert read("0.02") == 0.02
    for bad in ("high", "5", "nan"):
        with pytest.raises(ImproperlyConfigured, match=name):
            read(bad)


class Margined(SearchEngine):
    def _fallback_margin(self):
        return 0.02


@pytest.mark.parametrize(
    ("own", "other", "taken"),
    [
        (Ranking(total=3, best_relevance=0.05), Ranking(total=2, best_relevance=0.08), True),
        # As weak as the shopper's language: the best of three languages, by chance.
        (Ranking(total=3, best_relevance=0.05), Ranking(total=2, best_relevance=0.06), False),
        (Ranking(total=0, best_relevance=0.03), Ranking(total=1, best_relevance=0.04), False),
        (Ranking(total=0, best_relevance=0.03), Ranking(total=1, best_relevance=0.05), True),
        (Ranking(), Ranking(total=1, best_relevance=0.04), True),  # no article in the language
        (Ranking(total=3, best_relevance=0.01), Ranking(), False),
    ],
)
def test_other_languages_answer_only_when_clearly_more_relevant(own, other, taken):
    assert Margined()._better(other, own) is taken


class Calibrated(UsesEmbedder, SearchEngine):
    _embedder = Embedder()  # the calibration only: nothing is embedded


SHORT = "Why has my withdrawal not posted?"
STORY = (
    "Hello, I just checked my card transactions and saw that I was charged twice for a "
    "restaurant visit I did earlier this week. Is it possible to remove one of them and get "
    "my money back?"
)


@pytest.mark.parametrize("setting", [None, 0.05])
def test_a_question_told_as_a_story_needs_less_relevance(settings, setting):
    settings.SEARCH_MIN_RELEVANCE = setting
    engine, short, story = Calibrated(), Query.parse(SHORT), Query.parse(STORY)
    floor = Model.answer_floor if setting is None else setting
    assert engine._answer_floor(short) == floor
    assert len(story.words) == 36
    assert engine._answer_floor(story) == pytest.approx(floor * (20 / 36) ** 0.2)
    # The same evidence answers the story and not the short question: one article standing
    # 0.94 of the floor above the level of six (see fused_ranking; null 0, prior -0.005).
    relevance = 0.94 * floor
    dense = {("en", str(n)): 0.0 for n in range(2, 7)}
    dense["en", "1"] = (11 * relevance + 5 * Model.level_prior) / 10
    assert cut(dense, cutoff=float("-inf"))[1] == pytest.approx(relevance)
    assert cut(dense, cutoff=engine._answer_floor(short))[0] == []
    assert cut(dense, cutoff=engine._answer_floor(story))[0] == [("en", "1")]
    # The bar for words no article holds comes down with it.
    assert engine._unknown_word_floor(story) < engine._unknown_word_floor(short)
    # Padding a question lowers its bar no further than 40 words do.
    padded = Query.parse(STORY + " Thanks a lot, have a nice day!" * 8)
    assert engine._answer_floor(padded) == pytest.approx(floor * (20 / 40) ** 0.2)


@pytest.mark.parametrize("setting", [float("-inf"), 0.0])
def test_an_operators_floor_at_or_under_zero_stays_as_set(settings, setting):
    settings.SEARCH_MIN_RELEVANCE = setting
    assert Calibrated()._answer_floor(Query.parse(STORY)) == setting
