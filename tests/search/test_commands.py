"""The operator commands kb_eval and kb_bench, on tiny sets."""

import json
import os
import signal

import pytest
from django.core.management import CommandError, call_command

from search.backends.embedded import EmbeddedSearchEngine
from search.evaluation import corpus_passages, read_corpus
from search.models import IndexedDocument

CORPUS = [
    {
        "id": "refund",
        "language": "en",
        "title": "Refund not showing up",
        "body": "Where is my refund?\nThe refund has not arrived in my account.",
    },
    {
        "id": "card",
        "language": "en",
        "title": "Activate my card",
        "body": "How do I activate my new card?\nMy card needs activation.",
    },
    {
        "id": "pin",
        "language": "en",
        "title": "Change PIN",
        "body": "How can I change my PIN?\nI want a new PIN number.",
    },
]
QUERIES = [
    {"id": "q1", "language": "en", "query": "my refund is missing", "relevant": ["refund"]},
    {
        "id": "q2",
        "language": "en",
        "query": "activating the card I just received",
        "relevant": ["card"],
    },
    {
        "id": "q3",
        "language": "de",
        "query": "Wie ändere ich meine Geheimzahl?",
        "relevant": ["pin"],
    },
]


def write(path, rows):
    path.write_text("\n".join(json.dumps(row) for row in rows), encoding="utf-8")
    return path


@pytest.fixture
def eval_files(tmp_path):
    return write(tmp_path / "c.jsonl", CORPUS), write(tmp_path / "q.jsonl", QUERIES)


@pytest.mark.django_db
def test_kb_eval_reports_metrics_and_cleans_up(eval_files, capsys):
    corpus, queries = eval_files
    call_command("kb_eval", corpus=str(corpus), queries=str(queries), json=True)
    report = json.loads(capsys.readouterr().out)
    assert report["queries"] == 3
    assert report["mrr@10"] == 1.0 and report["recall@1"] == 1.0  # the German query crosses over
    assert set(report["latency_ms"]) == {"p50", "p95"} and report["latency_ms"]["p95"] > 0
    assert {"recall@5", "ndcg@10"} <= set(report)
    assert report["cutoff"]["en"] == {
        "survival": 1.0,
        "mrr@10_uncut": 1.0,
        "results": {"median": 1.0, "p90": 1.0},  # a precise question, a precise answer
    }
    assert not IndexedDocument.objects.filter(namespace__startswith="eval-").exists()


@pytest.mark.django_db
def test_kb_eval_reports_what_the_cut_off_keeps_and_drops(eval_files, tmp_path, capsys):
    corpus, queries = eval_files
    nothing = write(
        tmp_path / "none.jsonl",
        [
            {"id": "n1", "language": "en", "query": "purple elephant quantum banana"},
            {"id": "n2", "language": "de", "query": "lila Elefant Quanten Banane"},
        ],
    )
    call_command("kb_eval", corpus=str(corpus), queries=str(queries), unanswerable=str(nothing))
    out = capsys.readouterr().out
    assert "en: relevant article survives the cut-off 1.0000" in out
    assert "en: unanswerable questions with no result 1.0000" in out
    assert "de: unanswerable questions with no result 1.0000" in out


@pytest.mark.django_db
def test_kb_eval_measures_direct_answers_by_their_spans(tmp_path, capsys):
    corpus = write(tmp_path / "c.jsonl", CORPUS)
    queries = write(
        tmp_path / "q.jsonl",
        [
            {**QUERIES[0], "query": "Where is my refund?", "answers": ["refund"]},
            {**QUERIES[1], "answers": ["a span nowhere in the corpus"]},
        ],
    )
    call_command("kb_eval", corpus=str(corpus), queries=str(queries), answers=True, json=True)
    report = json.loads(capsys.readouterr().out)["answers"]["en"]
    assert report["questions"] == 2
    curve = {point["threshold"]: point for point in report["curve"]}
    # At the lowest threshold both questions get an answer; only the first quotes its span.
    assert curve[0.0] == {"threshold": 0.0, "precision": 0.5, "coverage": 1.0}
    assert [p["coverage"] for p in report["curve"]] == sorted(
        (p["coverage"] for p in report["curve"]), reverse=True
    )
    call_command("kb_eval", corpus=str(corpus), queries=str(queries), answers=True)
    out = capsys.readouterr().out
    assert "answers en: precision" in out and "threshold precision/coverage: 0.00 0.50/1.00" in out


def test_kb_eval_needs_questions(eval_files):
    with pytest.raises(CommandError, match="--queries, --unanswerable"):
        call_command("kb_eval", corpus=str(eval_files[0]))


def test_demo_corpus_has_every_article_in_every_language():
    documents = read_corpus("demo")
    assert len({d["id"] for d in documents}) == 38
    assert {d["language"] for d in documents} == {"en", "de", "fr", "es"}
    assert all(d["title"] and d["body"] for d in documents)


def test_demo_corpus_is_cut_into_passages_as_the_site_indexes_it():
    # kb.indexing: the summary, then each section apart with its heading, under the
    # category's title, so that kb_eval --corpus demo measures what shoppers search.
    document = next(
        d for d in read_corpus("demo") if d["id"] == "track-order" and d["language"] == "de"
    )
    passages = corpus_passages([document], "eval")
    headings = [heading for heading, _text in document["sections"][1:]]
    assert {p.heading for p in passages} == {"", *headings}
    assert {p.category for p in passages} == {"Bestellungen"}
    assert passages[0].embedding_text.startswith(f"Bestellungen › {document['title']}\n")


@pytest.mark.django_db
def test_kb_eval_terminated_midway_still_deletes_its_namespace(eval_files, monkeypatch):
    # A killed run must not leave its corpus in the database for good. SIGTERM arrives during
    # the first search, after the corpus was indexed.
    corpus, queries = eval_files
    search = EmbeddedSearchEngine.search
    indexed = []

    def terminated(self, *args, **kwargs):
        indexed.append(IndexedDocument.objects.filter(namespace__startswith="eval-").count())
        os.kill(os.getpid(), signal.SIGTERM)
        return search(self, *args, **kwargs)

    monkeypatch.setattr(EmbeddedSearchEngine, "search", terminated)
    outside = []  # the handler in place before the run: must not be called, and come back

    def handler(signum, frame):
        outside.append(signum)

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        with pytest.raises(SystemExit) as exit_:
            call_command("kb_eval", corpus=str(corpus), queries=str(queries), engine="embedded")
        assert signal.getsignal(signal.SIGTERM) is handler
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert exit_.value.code == 128 + signal.SIGTERM
    assert not outside
    assert indexed[0] > 0
    assert not IndexedDocument.objects.filter(namespace__startswith="eval-").exists()


@pytest.mark.django_db
def test_kb_eval_lexical_mode_has_no_dense_help(eval_files, capsys):
    corpus, queries = eval_files
    call_command("kb_eval", corpus=str(corpus), queries=str(queries), mode="lexical", json=True)
    report = json.loads(capsys.readouterr().out)
    assert (
        report["mode"] == "lexical" and report["recall@1"] < 1.0
    )  # the German query finds nothing


def bench_files(tmp_path):
    """A tiny copy of the evaluation sets kb_bench reads."""
    write(tmp_path / "banking77-corpus.jsonl", CORPUS)
    write(tmp_path / "xquad-en-corpus.jsonl", CORPUS)
    write(
        tmp_path / "xquad-es-corpus.jsonl",
        [{**row, "language": "es", "id": "es-" + row["id"]} for row in CORPUS[:1]],
    )
    write(tmp_path / "banking77-dev-queries.jsonl", QUERIES)
    write(tmp_path / "xquad-en-queries.jsonl", QUERIES)
    return tmp_path


@pytest.mark.django_db
def test_kb_bench_measures_latency_throughput_and_memory(tmp_path, capsys):
    bench_files(tmp_path)
    call_command("kb_bench", eval_dir=str(tmp_path), sizes="10,40", queries=5, cold=2, json=True)
    report = json.loads(capsys.readouterr().out)
    assert set(report["search"]) == {"10", "40"}
    assert report["search"]["40"]["p95_ms"] > 0 and report["search"]["40"]["queries_per_s"] > 0
    assert (
        report["indexing"]["cold_texts_embedded"] > 0 == report["indexing"]["warm_texts_embedded"]
    )
    assert report["peak_memory_mb"] > 0
    assert not IndexedDocument.objects.filter(namespace__startswith="bench-").exists()
