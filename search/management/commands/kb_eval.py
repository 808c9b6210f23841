import json
import uuid

from django.core.management.base import BaseCommand, CommandError

from search import answers, query_vectors
from search.answer_evaluation import answer_report, judge
from search.backends import create_engine
from search.backends.base import MODES, SearchUnavailable
from search.evaluation import (
    cleanup_on_terminate,
    corpus_passages,
    cutoff_report,
    engine_names,
    read_corpus,
    read_queries,
    read_unanswerable,
    summarize,
    zero_result_report,
)


class Command(BaseCommand):
    help = (
        "Measure search quality on an evaluation set: index the corpus into a throwaway "
        "namespace, run the queries, print MRR@10, Recall@1/5, nDCG@10 and latency, and what "
        "the relevance cut-off does: per language, the share of questions whose relevant "
        "article survives it and (--unanswerable) the share of unanswerable questions that "
        "find nothing. Repeat --engine to compare engines side by side."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--corpus",
            required=True,
            help="JSON Lines: id, language, title, body; or 'demo' for the demo help center",
        )
        parser.add_argument("--queries", help="JSON Lines: id, language, query, relevant")
        parser.add_argument(
            "--unanswerable",
            help="JSON Lines: id, language, query, of questions the corpus does not answer "
            "(search/eval/demo-unanswerable.jsonl for --corpus demo)",
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
        parser.add_argument(
            "--answers",
            action="store_true",
            help="Also measure direct answers: precision (shown answers quoting a gold "
            "answer span, or citing a relevant article where the set has no spans), "
            "coverage and their curve over the threshold, per language.",
        )

    def handle(
        self,
        *args,
        corpus,
        queries=None,
        unanswerable=None,
        engine=None,
        mode="hybrid",
        limit=None,
        **options,
    ):
        if not queries and not unanswerable:
            raise CommandError("Give --queries, --unanswerable or both.")
        try:
            documents = read_corpus(corpus)
            eval_queries = read_queries(queries)[:limit] if queries else []
            nothing = read_unanswerable(unanswerable)[:limit] if unanswerable else []
        except (OSError, ValueError, KeyError, TypeError) as exc:
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
                    report = self.evaluate(
                        search_engine, documents, eval_queries, nothing, mode, options
                    )
            except SearchUnavailable as exc:
                raise CommandError(f"{name}: {exc}") from exc
            reports[name] = report
            if not options["json"]:
                self.print_report(report, mode)
        if options["json"]:
            only = len(reports) == 1
            self.stdout.write(json.dumps(next(iter(reports.values())) if only else reports))

    def print_report(self, report, mode):
        if report.get("queries"):
            self.stdout.write(
                f"{report['engine']:<11} {report['queries']} queries, {mode}: "
                f"MRR@10 {report['mrr@10']:.4f}  R@1 {report['recall@1']:.4f}  "
                f"R@5 {report['recall@5']:.4f}  nDCG@10 {report['ndcg@10']:.4f}  "
                f"latency p50 {report['latency_ms']['p50']} ms, "
                f"p95 {report['latency_ms']['p95']} ms"
            )
            for language, figures in report["cutoff"].items():
                survival = figures["survival"]
                self.stdout.write(
                    f"{'':<11} {language}: relevant article survives the cut-off "
                    f"{'-' if survival is None else f'{survival:.4f}'}, "
                    f"MRR@10 without the cut-off {figures['mrr@10_uncut']:.4f}, "
                    f"results per question median {figures['results']['median']:g}, "
                    f"p90 {figures['results']['p90']:g}"
                )
        for language, figures in report.get("answers", {}).items():
            self.stdout.write(
                f"{'':<11} answers {language}: precision {_figure(figures['precision'])}, "
                f"coverage {figures['coverage']:.4f} "
                f"({figures['shown']} of {figures['questions']}); lowest threshold for "
                f"precision >= 0.9: {figures['lowest_threshold_for_target']}"
            )
            curve = "  ".join(
                f"{p['threshold']:.2f} {_figure(p['precision'], 2)}/{p['coverage']:.2f}"
                for p in figures["curve"]
            )
            self.stdout.write(f"{'':<11}   threshold precision/coverage: {curve}")
        for language, share in report.get("zero_results", {}).items():
            self.stdout.write(
                f"{report['engine']:<11} {language}: unanswerable questions with no result "
                f"{share:.4f}"
            )

    def evaluate(self, search_engine, documents, eval_queries, nothing, mode, options):
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

            judged = []

            totals = []

            def run(questions, judge_answers=False, count=False):
                rankings, latencies = [], []
                for query in questions:
                    results = search_engine.search(
                        query.query,
                        query.language,
                        size=10,
                        namespace=namespace,
                        mode=mode,
                    )
                    rankings.append([hit.parent_id for hit in results.hits])
                    latencies.append(results.took_ms)
                    if count:
                        totals.append(results.total)
                    if judge_answers:
                        judged.append(judge(query, results, query.answers))
                return rankings, latencies

            # As shoppers search: with the fallback to other languages, where unanswerable
            # questions must find nothing either.
            rankings, latencies = run(eval_queries, judge_answers=options["answers"], count=True)
            empty = run(nothing)[0]
            search_engine.relevance_cutoff = float("-inf")
            try:
                uncut = run(eval_queries)[0]
            finally:
                search_engine.relevance_cutoff = None
        finally:
            try:
                search_engine.delete_namespace(namespace)
            except Exception as exc:  # noqa: BLE001 — must not hide the run's own error
                self.stderr.write(f"Could not delete the throwaway namespace {namespace}: {exc}")
        report = summarize(rankings, eval_queries, latencies) if eval_queries else {}
        if eval_queries:
            report["cutoff"] = cutoff_report(rankings, uncut, eval_queries, totals)
        if nothing:
            report["zero_results"] = zero_result_report(empty, nothing)
        if judged:
            threshold = answers.threshold(search_engine.embedder)
            report["answers"] = answer_report(
                judged, float("inf") if threshold is None else threshold
            )
        report.update(
            engine=search_engine.name, mode=mode, degraded=not search_engine.health()["dense"]
        )
        return report


def _figure(value, digits=4):
    return "-" if value is None else f"{value:.{digits}f}"
