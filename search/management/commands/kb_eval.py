import json
import uuid

from django.core.management.base import BaseCommand, CommandError

from search.backends import get_engine
from search.backends.base import MODES
from search.evaluation import corpus_passages, read_jsonl, read_queries, summarize


class Command(BaseCommand):
    help = (
        "Measure search quality on an evaluation set: index the corpus into a throwaway "
        "namespace, run the queries, print MRR@10, Recall@1/5, nDCG@10 and latency."
    )

    def add_arguments(self, parser):
        parser.add_argument("--corpus", required=True, help="JSON Lines: id, language, title, body")
        parser.add_argument(
            "--queries", required=True, help="JSON Lines: id, language, query, relevant"
        )
        parser.add_argument("--engine", help="Search engine name (default: SEARCH_ENGINE).")
        parser.add_argument("--mode", choices=MODES, default="hybrid")
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")
        parser.add_argument("--limit", type=int, help="Only the first N queries.")

    def handle(self, *args, corpus, queries, engine=None, mode="hybrid", limit=None, **options):
        try:
            documents = read_jsonl(corpus)
            eval_queries = read_queries(queries)[:limit]
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(f"Cannot read the evaluation set: {exc}") from exc
        search_engine = get_engine(engine)
        namespace = f"eval-{uuid.uuid4().hex[:12]}"
        quiet = options["json"]
        try:
            passages = corpus_passages(documents, namespace)
            if not quiet:
                self.stdout.write(
                    f"Indexing {len(documents)} documents ({len(passages)} passages)…"
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
            search_engine.delete_namespace(namespace)
        report = summarize(rankings, eval_queries, latencies)
        report.update(
            engine=search_engine.name, mode=mode, degraded=not search_engine.health()["dense"]
        )
        if quiet:
            self.stdout.write(json.dumps(report))
            return
        self.stdout.write(
            f"{report['queries']} queries, {mode}: MRR@10 {report['mrr@10']:.4f}  "
            f"R@1 {report['recall@1']:.4f}  R@5 {report['recall@5']:.4f}  "
            f"nDCG@10 {report['ndcg@10']:.4f}  latency p50 {report['latency_ms']['p50']} ms, "
            f"p95 {report['latency_ms']['p95']} ms"
        )
