import json
import uuid

from django.core.management.base import BaseCommand, CommandError

from search import query_vectors
from search.backends import create_engine
from search.backends.base import MODES, SearchUnavailable
from search.evaluation import (
    cleanup_on_terminate,
    corpus_passages,
    engine_names,
    read_jsonl,
    read_queries,
    summarize,
)


class Command(BaseCommand):
    help = (
        "Measure search quality on an evaluation set: index the corpus into a throwaway "
        "namespace, run the queries, print MRR@10, Recall@1/5, nDCG@10 and latency. "
        "Repeat --engine to compare engines side by side."
    )

    def add_arguments(self, parser):
        parser.add_argument("--corpus", required=True, help="JSON Lines: id, language, title, body")
        parser.add_argument(
            "--queries", required=True, help="JSON Lines: id, language, query, relevant"
        )
        parser.add_argument(
            "--engine",
            action="append",
            help="Search engine name (default: SEARCH_ENGINE); repeat to compare engines.",
        )
        parser.add_argument("--mode", choices=MODES, default="hybrid")
        parser.add_argument(
            "--json",
            action="store_true",
            help="Print one JSON object (with several engines: one per engine name).",
        )
        parser.add_argument("--limit", type=int, help="Only the first N queries.")

    def handle(self, *args, corpus, queries, engine=None, mode="hybrid", limit=None, **options):
        try:
            documents = read_jsonl(corpus)
            eval_queries = read_queries(queries)[:limit]
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(f"Cannot read the evaluation set: {exc}") from exc
        reports = {}
        for name in engine_names(engine):
            try:
                # Measured on its own: an engine with a fallback must not hide its failures.
                search_engine = create_engine(name, fallback=False)
            except Exception as exc:
                raise CommandError(f"Cannot use search engine {name!r}: {exc}") from exc
            try:
                # Latency is the model's and the engine's, not the query cache's.
                with cleanup_on_terminate(), query_vectors.bypassed():
                    report = self.evaluate(search_engine, documents, eval_queries, mode, options)
            except SearchUnavailable as exc:
                raise CommandError(f"{name}: {exc}") from exc
            reports[name] = report
            if not options["json"]:
                self.stdout.write(
                    f"{report['engine']:<11} {report['queries']} queries, {mode}: "
                    f"MRR@10 {report['mrr@10']:.4f}  R@1 {report['recall@1']:.4f}  "
                    f"R@5 {report['recall@5']:.4f}  nDCG@10 {report['ndcg@10']:.4f}  "
                    f"latency p50 {report['latency_ms']['p50']} ms, "
                    f"p95 {report['latency_ms']['p95']} ms"
                )
        if options["json"]:
            only = len(reports) == 1
            self.stdout.write(json.dumps(next(iter(reports.values())) if only else reports))

    def evaluate(self, search_engine, documents, eval_queries, mode, options):
        namespace = f"eval-{uuid.uuid4().hex[:12]}"
        try:
            passages = corpus_passages(documents, namespace)
            if not options["json"]:
                self.stdout.write(
                    f"{search_engine.name}: indexing {len(documents)} documents "
                    f"({len(passages)} passages)…"
                )
            for start in range(0, len(passages), 256):
                search_engine.index(passages[start : start + 256])
            rankings, latencies = [], []
            for query in eval_queries:
                results = search_engine.search(
                    query.query, query.language, size=10, namespace=namespace, mode=mode
                )
                rankings.append([hit.parent_id for hit in results.hits])
                latencies.append(results.took_ms)
        finally:
            try:
                search_engine.delete_namespace(namespace)
            except Exception as exc:  # noqa: BLE001 — must not hide the run's own error
                self.stderr.write(f"Could not delete the throwaway namespace {namespace}: {exc}")
        report = summarize(rankings, eval_queries, latencies)
        report.update(
            engine=search_engine.name, mode=mode, degraded=not search_engine.health()["dense"]
        )
        return report
