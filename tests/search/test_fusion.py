import math

from search.fusion import FusionWeights, dense_article_scores, fuse
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
