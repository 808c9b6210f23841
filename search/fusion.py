"""Hybrid ranking: one score per article from its full-text and embedding scores.

Engine-neutral: an engine hands in scores keyed by article and gets a ranking back.

How an article's scores are made (tuned on the evaluation sets in shared/eval, the same for
every set and language; see ``manage.py kb_eval``):

* dense: ``best_passage`` × the cosine of its best passage + the rest × the cosine of its
  overview (title and text of the whole article). Best passage alone finds the precise
  answer; the overview adds what the article as a whole is about.
* lexical: BM25 of the whole article (title weighted ``TITLE_WEIGHT``) over every word,
  stemmed, with FTS5's parameters and the statistics of the namespace and languages
  searched (``backends/embedded/fulltext.py``).
* fused: dense min-max normalised over the articles of the pool, lexical divided by the best
  lexical score, mixed ``1 - lexical`` : ``lexical``.

Measured with ``kb_eval`` (MRR@10, banking77-dev / xquad-en / -de / -es; dense alone is the
same on both databases):

=============  ======================================  ======================================
               SQLite                                  PostgreSQL
=============  ======================================  ======================================
dense alone    0.8466 / 0.9610 / 0.9635 / 0.9574       0.8466 / 0.9610 / 0.9635 / 0.9574
lexical alone  0.7161 / 0.9606 / 0.9281 / 0.9520       0.7141 / 0.9601 / 0.9282 / 0.9512
fused          0.8501 / 0.9821 / 0.9738 / 0.9702       0.8501 / 0.9821 / 0.9742 / 0.9701
=============  ======================================  ======================================

With the relevance cut-off (search/README.md), fused on SQLite: 0.8463 / 0.9816 / 0.9721 /
0.9708, against 0.8507 / 0.9816 / 0.9738 / 0.9708 without it in the same run.
"""

from dataclasses import dataclass

import numpy as np

#: Weight of the title column against the text column in full-text scoring. A title says
#: in a few words what the article answers: 3, 4 and 6 all scored better than 2 on banking77
#: (0.8497-0.8501 against 0.8485 fused) and the same on XQuAD; 4 is the middle of that range.
TITLE_WEIGHT = 4.0


@dataclass(frozen=True)
class FusionWeights:
    lexical: float = 0.1  # share of the normalised full-text score in the final score
    best_passage: float = 0.5  # share of the best passage in an article's dense score


DEFAULT_WEIGHTS = FusionWeights()


def dense_article_scores(best_passage, overview, weights=DEFAULT_WEIGHTS):
    """Per-article dense scores from the best-passage and overview cosines (NaN = missing).

    An article with only one of the two gets that one.
    """
    best_passage = np.asarray(best_passage, dtype=np.float32)
    overview = np.asarray(overview, dtype=np.float32)
    mixed = weights.best_passage * best_passage + (1 - weights.best_passage) * overview
    mixed = np.where(np.isnan(best_passage), overview, mixed)
    return np.where(np.isnan(overview), best_passage, mixed)


def fuse(dense, lexical, weights=DEFAULT_WEIGHTS, dense_min=None):
    """Rank articles by fused score: ``[(key, score), ...]``, best first.

    ``dense`` maps articles to their dense scores, ``lexical`` the articles the full-text
    search matched to their (positive) scores; an article missing from one side scores 0
    there. Dense scores are normalised from ``dense_min`` (the lowest dense score in the
    whole pool searched; default: the lowest given) to the highest given.
    """
    keys = list(dict.fromkeys([*dense, *lexical]))
    if not keys:
        return []
    dense_norm = _min_max(dense, dense_min)
    best_lexical = max(lexical.values(), default=0.0)
    # With one side missing altogether (embedding model down, or one mode asked for), the
    # other side is the whole score.
    share = weights.lexical if dense and best_lexical > 0 else (0.0 if dense else 1.0)
    scores = {}
    for key in keys:
        lexical_norm = lexical.get(key, 0.0) / best_lexical if best_lexical > 0 else 0.0
        scores[key] = (1 - share) * dense_norm.get(key, 0.0) + share * lexical_norm
    return sorted(scores.items(), key=lambda item: -item[1])


def _min_max(scores, low=None):
    if not scores:
        return {}
    values = np.fromiter(scores.values(), dtype=np.float64, count=len(scores))
    high = float(values.max())
    low = float(values.min()) if low is None else min(float(low), float(values.min()))
    if high - low < 1e-9:
        return dict.fromkeys(scores, 1.0)
    return {key: (value - low) / (high - low) for key, value in scores.items()}
