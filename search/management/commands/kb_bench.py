import json
import random
import resource
import time
import uuid
from pathlib import Path

import numpy as np
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search import query_vectors
from search.answers import direct_answer
from search.backends import get_engine
from search.documents import Passage, overview_text
from search.embedding_cache import text_hash
from search.evaluation import (
    cleanup_on_terminate,
    corpus_passages,
    engine_names,
    read_jsonl,
    read_queries,
    synthetic,
)
from search.models import EmbeddingCache

CORPORA = ("banking77-corpus.jsonl", "xquad-en-corpus.jsonl")
QUERIES = ("banking77-dev-queries.jsonl", "xquad-en-queries.jsonl")
COLD_CORPUS = "xquad-es-corpus.jsonl"


class Command(BaseCommand):
    help = (
        "Benchmark search: latency p50/p95 and queries/s at several index sizes, indexing "
        "throughput with a cold and a warm embedding cache, peak memory."
    )

    def add_arguments(self, parser):
        default_dir = Path(settings.BASE_DIR).parent / "shared" / "eval"
        parser.add_argument("--eval-dir", default=str(default_dir), help="Where the eval sets are.")
        parser.add_argument(
            "--engine",
            action="append",
            help="Search engine name (default: SEARCH_ENGINE); repeat to compare engines in "
            "one run, one after the other on the same passages and queries.",
        )
        parser.add_argument("--sizes", default="1000,10000", help="Index sizes in passages.")
        parser.add_argument("--queries", type=int, default=300, help="Queries per size.")
        parser.add_argument("--cold", type=int, default=60, help="Passages embedded from scratch.")
        parser.add_argument("--json", action="store_true")

    def handle(
        self, *args, eval_dir, engine=None, sizes="1000,10000", queries=300, cold=60, **options
    ):
        eval_dir = Path(eval_dir)
        try:
            sizes = [int(size) for size in sizes.split(",")]
            base = [p for name in CORPORA for p in corpus_passages(read_jsonl(eval_dir / name), "")]
            questions = [q.query for name in QUERIES for q in read_queries(eval_dir / name)]
            cold_source = corpus_passages(read_jsonl(eval_dir / COLD_CORPUS), "")
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(f"Cannot read the evaluation sets in {eval_dir}: {exc}") from exc
        random.Random(7).shuffle(questions)
        reports = {}
        for name in engine_names(engine):
            try:
                search_engine = get_engine(name)
            except Exception as exc:
                raise CommandError(f"Cannot use search engine {name!r}: {exc}") from exc
            reports[name] = self._bench(
                search_engine, base, questions[:queries], cold_source[:cold], sizes
            )
        if options["json"]:
            only = len(reports) == 1
            self.stdout.write(json.dumps(next(iter(reports.values())) if only else reports))
            return
        for report in reports.values():
            self._print(report)
        if len(reports) > 1:
            first, *others = reports.values()
            for size in first["search"]:
                for other in others:
                    ratio = other["search"][size]["p95_ms"] / first["search"][size]["p95_ms"]
                    self.stdout.write(
                        f"{int(size):>6} passages: p95 of {other['engine']} is {ratio:.2f}× "
                        f"that of {first['engine']}"
                    )

    def _bench(self, search_engine, base, questions, cold_passages, sizes):
        report = {"engine": search_engine.name, "indexing": {}, "search": {}}
        namespaces = []
        # Every query is embedded: the engines are measured, not the query-vector cache
        # (one engine's run would fill it for the next).
        with cleanup_on_terminate(), query_vectors.bypassed():
            try:
                report["indexing"] = self._indexing(search_engine, cold_passages, namespaces)
                for size in sizes:
                    namespace = f"bench-{uuid.uuid4().hex[:10]}"
                    namespaces.append(namespace)
                    passages = synthetic(base, size, namespace)
                    embedded = texts_embedded(search_engine)
                    started = time.perf_counter()
                    for start in range(0, len(passages), 500):
                        search_engine.index(passages[start : start + 500])
                    seconds = time.perf_counter() - started
                    report["indexing"][f"index_{size}_passages_per_s"] = round(size / seconds, 1)
                    report["indexing"][f"index_{size}_texts_embedded"] = (
                        texts_embedded(search_engine) - embedded
                    )
                    report["search"][str(size)] = measure(search_engine, namespace, questions)
            finally:
                for namespace in namespaces:
                    search_engine.delete_namespace(namespace)
        # Of the whole process so far: with several engines, the largest of them and before.
        report["peak_memory_mb"] = round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
        )
        return report

    def _print(self, report):
        self.stdout.write(f"== {report['engine']}")
        for size, figures in report["search"].items():
            self.stdout.write(
                f"{int(size):>6} passages: p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, "
                f"{figures['queries_per_s']} queries/s ({figures['queries']} queries); "
                f"direct answer adds p50 {figures['answer_p50_ms']} ms, "
                f"p95 {figures['answer_p95_ms']} ms ({figures['answered']} answered)"
            )
        for name, value in report["indexing"].items():
            self.stdout.write(f"indexing {name.replace('_', ' ')}: {value}")
        self.stdout.write(f"peak memory: {report['peak_memory_mb']} MB")

    def _indexing(self, search_engine, passages, namespaces):
        """Throughput embedding from scratch, then the same passages again from the cache."""
        figures = {}
        for label in ("cold", "warm"):
            namespace = f"bench-{uuid.uuid4().hex[:10]}"
            namespaces.append(namespace)
            batch = [Passage(**{**p.__dict__, "namespace": namespace}) for p in passages]
            if label == "cold":
                forget(search_engine, batch)
            embedded = texts_embedded(search_engine)
            started = time.perf_counter()
            search_engine.index(batch)
            figures[f"{label}_passages_per_s"] = round(
                len(batch) / (time.perf_counter() - started), 1
            )
            figures[f"{label}_texts_embedded"] = texts_embedded(search_engine) - embedded
        return figures


def texts_embedded(search_engine):
    embedder = getattr(search_engine, "embedder", None)
    return getattr(embedder, "texts_embedded", 0)


def forget(search_engine, passages):
    """Drop the cached embeddings of these passages and their articles' overviews."""
    embedder = getattr(search_engine, "embedder", None)
    if embedder is None:
        return
    texts = [p.embedding_text for p in passages]
    by_article = {}
    for passage in passages:
        by_article.setdefault(passage.parent_id, []).append(passage)
    texts += [overview_text(group) for group in by_article.values()]
    hashes = [
        text_hash(prefix + text)
        for text in texts
        for prefix in {embedder.query_prefix, embedder.passage_prefix}
    ]
    EmbeddingCache.objects.filter(embedder=embedder.name, text_hash__in=hashes).delete()


#: Searches run before measuring: caches fill, and a cluster's JVM compiles its hot code.
WARM_UP = 20


def measure(search_engine, namespace, questions):
    for question in questions[:WARM_UP]:
        search_engine.search(question, "en", namespace=namespace)
    latencies, answer_ms, answered = [], [], 0
    embedder = getattr(search_engine, "embedder", None)
    started = time.perf_counter()
    for question in questions:
        results = search_engine.search(question, "en", namespace=namespace)
        latencies.append(results.took_ms)
        # What the answer box adds to the search (search.answers), shown or not.
        answer_started = time.perf_counter()
        answered += direct_answer(question, "en", results, embedder) is not None
        answer_ms.append((time.perf_counter() - answer_started) * 1000)
    seconds = time.perf_counter() - started
    return {
        "p50_ms": round(float(np.percentile(latencies, 50)), 2),
        "p95_ms": round(float(np.percentile(latencies, 95)), 2),
        "queries_per_s": round(len(questions) / seconds, 1),
        "queries": len(questions),
        "answer_p50_ms": round(float(np.percentile(answer_ms, 50)), 3),
        "answer_p95_ms": round(float(np.percentile(answer_ms, 95)), 3),
        "answered": answered,
    }
