"""Retrieval evaluation: reading the JSON Lines sets and the metrics (see shared/eval)."""

import contextlib
import json
import math
import signal
import sys
from dataclasses import dataclass

import numpy as np
from django.conf import settings

from .documents import Passage, split_sections


@dataclass
class EvalQuery:
    id: str
    language: str
    query: str
    relevant: set
    answers: tuple = ()  # gold answer spans, where the set has them (XQuAD)


def read_jsonl(path):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def read_corpus(path):
    """Corpus documents from a JSON Lines file, or the demo help center's for ``demo``."""
    if path == "demo":
        from portal.demo.corpus import documents

        return documents()
    return read_jsonl(path)


def read_unanswerable(path):
    """Questions the corpus has no answer for: JSON Lines of id, language, query."""
    return [EvalQuery(row["id"], row["language"], row["query"], set()) for row in read_jsonl(path)]


def corpus_passages(documents, namespace):
    """Passages of corpus documents: each title and body through ``split_text``, or, for a
    document with ``sections`` ([heading, text] pairs) and a ``category``, each section
    apart with its heading and the category as context, as the site indexes an article
    (``split_sections``)."""
    passages = []
    for document in documents:
        title = document.get("title", "")
        sections = document.get("sections") or [["", document.get("body", "")]]
        chunks = split_sections(title, sections)
        for number, (heading, text) in enumerate(chunks or [("", title)]):
            passages.append(
                Passage(
                    id=f"{document['id']}#{number}",
                    parent_id=str(document["id"]),
                    language=document["language"],
                    title=title,
                    category=document.get("category", ""),
                    heading=heading,
                    text=text,
                    namespace=namespace,
                )
            )
    return passages


def synthetic(base, size, namespace, tag="", **fields):
    """``size`` passages: the eval corpora's passages, repeated under distinct article ids
    (``tag`` in front of each id); ``fields`` set on every passage."""
    passages = []
    copy = 0
    while len(passages) < size:
        for passage in base:
            if len(passages) == size:
                break
            passages.append(
                Passage(
                    **{
                        **passage.__dict__,
                        "id": f"{tag}{copy}:{passage.id}",
                        "parent_id": f"{tag}{copy}:{passage.parent_id}",
                        "namespace": namespace,
                        **fields,
                    }
                )
            )
        copy += 1
    return passages


@contextlib.contextmanager
def cleanup_on_terminate():
    """Let a terminated run (SIGTERM, as from ``kill`` or a CI timeout) unwind like an
    interrupted one, so that it deletes its throwaway namespaces instead of leaving their
    documents, vectors and cluster indices behind for good."""
    previous = signal.getsignal(signal.SIGTERM)

    def terminate(signum, frame):
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second one must not stop the cleanup
        sys.exit(128 + signum)

    try:
        signal.signal(signal.SIGTERM, terminate)
    except ValueError:  # not the main thread: nothing to install
        yield
        return
    try:
        yield
    finally:
        # None: a handler installed outside Python, which cannot be put back from here.
        signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)


def engine_names(engine):
    """The engines a command's repeatable ``--engine`` names, in order, without repeats;
    the ``SEARCH_ENGINE`` setting when none is given."""
    if isinstance(engine, str):  # call_command(..., engine="name")
        engine = [engine]
    return list(dict.fromkeys(engine or [settings.SEARCH_ENGINE]))


def read_queries(path):
    return [
        EvalQuery(
            row["id"],
            row["language"],
            row["query"],
            set(map(str, row["relevant"])),
            tuple(row.get("answers") or ()),
        )
        for row in read_jsonl(path)
    ]


def reciprocal_rank(ranked, relevant, k=10):
    for position, parent_id in enumerate(ranked[:k], 1):
        if parent_id in relevant:
            return 1.0 / position
    return 0.0


def recall(ranked, relevant, k):
    return len(relevant & set(ranked[:k])) / len(relevant) if relevant else 0.0


def ndcg(ranked, relevant, k=10):
    gain = sum(1 / math.log2(i + 2) for i, p in enumerate(ranked[:k]) if p in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), k)))
    return gain / ideal if ideal else 0.0


def by_language(queries):
    languages = {}
    for position, query in enumerate(queries):
        languages.setdefault(query.language, []).append(position)
    return dict(sorted(languages.items()))


def cutoff_report(rankings, uncut, queries, totals):
    """Per language: of the questions whose relevant article is in the first ten without
    the relevance cut-off, the share for which it still is with it; MRR@10 without it; and
    how many results the questions got (``totals``: each search's ``total``)."""
    report = {}
    for language, positions in by_language(queries).items():
        counts = np.asarray([totals[i] for i in positions])
        found = [i for i in positions if recall(uncut[i], queries[i].relevant, 10) > 0]
        kept = [i for i in found if recall(rankings[i], queries[i].relevant, 10) > 0]
        report[language] = {
            "survival": round(len(kept) / len(found), 4) if found else None,
            "mrr@10_uncut": round(
                sum(reciprocal_rank(uncut[i], queries[i].relevant) for i in positions)
                / len(positions),
                4,
            ),
            "results": {
                "median": float(np.median(counts)),
                "p90": float(np.percentile(counts, 90)),
            },
        }
    return report


def zero_result_report(rankings, queries):
    """Per language: the share of (unanswerable) questions that got no result at all."""
    return {
        language: round(sum(1 for i in positions if not rankings[i]) / len(positions), 4)
        for language, positions in by_language(queries).items()
    }


def summarize(rankings, queries, latencies_ms):
    """The report of kb_eval: mean metrics over queries and latency percentiles."""
    count = len(queries)

    def mean(metric):
        return (
            round(
                sum(metric(r, q.relevant) for r, q in zip(rankings, queries, strict=True)) / count,
                4,
            )
            if count
            else 0.0
        )

    latencies = np.asarray(latencies_ms or [0.0])
    return {
        "mrr@10": mean(reciprocal_rank),
        "recall@1": mean(lambda r, rel: recall(r, rel, 1)),
        "recall@5": mean(lambda r, rel: recall(r, rel, 5)),
        "ndcg@10": mean(ndcg),
        "latency_ms": {
            "p50": round(float(np.percentile(latencies, 50)), 2),
            "p95": round(float(np.percentile(latencies, 95)), 2),
        },
        "queries": count,
    }
