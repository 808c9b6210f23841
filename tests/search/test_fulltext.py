"""BM25 of the embedded engine's full-text side against SQLite FTS5's own ``bm25()``.

On one namespace and language, with nothing else indexed, both count the same statistics,
so the scores must agree: FTS5 is the reference the parameters were taken from.
"""

import collections
import sqlite3

import numpy as np
import pytest

from search.backends.embedded.fulltext import TermIndex, bm25_ranking
from search.fusion import TITLE_WEIGHT
from search.text import analyzer

ARTICLES = {
    1: ("Returns", "Send your parcel back within thirty days with the return label."),
    2: ("Refunds", "Your refund reaches your account within five days of the return."),
    3: ("Shipping", "We ship every order within two days; express shipping takes one day."),
    4: ("Payment", "Pay by card or invoice. A declined card can be tried again."),
    5: ("Vouchers", "A voucher pays part of your order; the rest is paid by card."),
    6: ("Account", "Change your password or e-mail address in your account."),
}


def terms(text):
    return analyzer("en").terms(text)


def fts5_scores(query_terms):
    """{article: score} from FTS5's bm25() over the same stemmed terms, title weighted."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(title, body)")
    for key, (title, body) in ARTICLES.items():
        db.execute(
            "INSERT INTO t(rowid, title, body) VALUES (?, ?, ?)",
            (key, " ".join(terms(title)), " ".join(terms(body))),
        )
    match = " OR ".join(f'"{term}"' for term in query_terms)
    rows = db.execute(
        f"SELECT rowid, -bm25(t, {TITLE_WEIGHT}, 1.0) FROM t WHERE t MATCH ?", (match,)
    ).fetchall()
    return dict(rows)


def our_scores(query_terms, mask=None):
    rows = []
    for key, (title, body) in ARTICLES.items():
        frequencies = collections.Counter(terms(body))
        for term in terms(title):
            frequencies[term] += TITLE_WEIGHT
        rows.append((key, len(terms(title)) + len(terms(body)), frequencies))
    index_of = {key: i for i, key in enumerate(ARTICLES)}
    ids = np.array(list(ARTICLES))
    mask = np.ones(len(ids), dtype=bool) if mask is None else mask
    ranking = bm25_ranking([("en", TermIndex.build(rows, index_of), ids, mask)], query_terms)
    return {int(ids[i]): score for (_side, i), score in ranking}


@pytest.mark.parametrize(
    "query",
    ["return label", "declined card refund", "shipping days", "password account e-mail"],
)
def test_scores_equal_fts5_bm25(query):
    query_terms = list(dict.fromkeys(terms(query)))
    ours, reference = our_scores(query_terms), fts5_scores(query_terms)
    assert set(ours) == set(reference)
    # Terms in half the articles or more weigh 1e-6 in FTS5 and are left out of our sums.
    for article, score in reference.items():
        assert ours[article] == pytest.approx(score, rel=1e-9, abs=1e-5)
    weighed = [article for article in reference if reference[article] > 1e-5]
    assert list(ours)[: len(weighed)] == sorted(
        weighed, key=lambda article: (-reference[article], article)
    )


def test_words_in_half_the_articles_only_match():
    # "your" is in four of six articles: FTS5 weighs it 1e-6; it finds them all the same,
    # scored 0, after those a weighed word finds, the shortest first.
    ours = our_scores(terms("your password"))
    assert list(ours)[0] == 6 and ours[6] > 0
    rest = list(ours)[1:]
    assert set(rest) == {1, 2, 5} and all(ours[article] == 0 for article in rest)
    lengths = {key: len(terms(t)) + len(terms(b)) for key, (t, b) in ARTICLES.items()}
    assert [lengths[article] for article in rest] == sorted(lengths[article] for article in rest)


def test_filters_hide_articles_without_changing_scores():
    query_terms = terms("card voucher")
    everything = our_scores(query_terms)
    mask = np.array([key != 5 for key in ARTICLES])
    filtered = our_scores(query_terms, mask)
    assert 5 in everything and 5 not in filtered
    assert filtered == {key: score for key, score in everything.items() if key != 5}
