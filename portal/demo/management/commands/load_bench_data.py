import json
import random
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.sitesearch.inputs import MAX_QUERY_LENGTH
from search.backends import get_engine
from search.evaluation import corpus_passages, read_jsonl, read_queries, synthetic

CORPORA = (
    "banking77-corpus.jsonl",
    "xquad-en-corpus.jsonl",
    "xquad-de-corpus.jsonl",
    "xquad-es-corpus.jsonl",
)
QUERIES = (
    "banking77-dev-queries.jsonl",
    "xquad-en-queries.jsonl",
    "xquad-de-queries.jsonl",
    "xquad-es-queries.jsonl",
)
TAG = "load-bench:"
#: Distinct queries of the mix, and the share of all searches the 20 most common make up.
DISTINCT = 2000
TOP_20_SHARE = 0.5


def zipf_exponent(distinct, top=20, share=TOP_20_SHARE):
    """The exponent s of weights 1/rank**s under which the ``top`` ranks make ``share``."""
    low, high = 0.0, 3.0
    for _ in range(60):
        s = (low + high) / 2
        weights = [rank**-s for rank in range(1, distinct + 1)]
        if sum(weights[:top]) / sum(weights) < share:
            low = s
        else:
            high = s
    return (low + high) / 2


class Command(BaseCommand):
    help = (
        "Prepare a throwaway site for the load benchmark (scripts/load-bench): add the "
        "evaluation corpora's passages to the site's search index, copied under distinct "
        "article ids until the index holds --passages passages, and write the request mix "
        "(searches in en/de/es with a Zipf repeat distribution, and article page views). "
        "The added articles exist only in the index: use a throwaway database."
    )

    def add_arguments(self, parser):
        default_dir = Path(settings.BASE_DIR).parent / "shared" / "eval"
        parser.add_argument("--eval-dir", default=str(default_dir))
        parser.add_argument("--passages", type=int, default=10_000)
        parser.add_argument("--requests", type=int, default=50_000, help="Length of the mix.")
        parser.add_argument(
            "--page-share", type=float, default=0.2, help="Share of article page views."
        )
        parser.add_argument("--seed", type=int, default=13)
        parser.add_argument("--out", required=True, help="Where to write the mix (JSON).")
        parser.add_argument(
            "--throwaway",
            action="store_true",
            help="Confirm that the database is a throwaway one (required).",
        )

    def handle(self, *args, eval_dir, passages, requests, page_share, seed, out, **options):
        if not options["throwaway"]:
            raise CommandError(
                "This adds thousands of made-up articles to the site's search index. Run it "
                "only on a throwaway database, with --throwaway (scripts/load-bench does)."
            )
        if passages < 0 or requests < 1 or not 0 <= page_share < 1:
            raise CommandError("--passages ≥ 0, --requests ≥ 1 and 0 ≤ --page-share < 1.")
        eval_dir = Path(eval_dir)
        try:
            base = [p for name in CORPORA for p in corpus_passages(read_jsonl(eval_dir / name), "")]
            questions = [q for name in QUERIES for q in read_queries(eval_dir / name)]
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(f"Cannot read the evaluation sets in {eval_dir}: {exc}") from exc
        engine = get_engine()
        added = synthetic(base, passages, "site", tag=TAG, url="/")
        for start in range(0, len(added), 500):
            engine.index(added[start : start + 500])
            self.stdout.write(f"indexed {min(start + 500, len(added))}/{len(added)} passages")

        rng = random.Random(seed)
        rng.shuffle(questions)
        # What a shopper can type in the search box (longer ones are refused with a 400).
        pool = [q for q in questions if len(q.query) <= MAX_QUERY_LENGTH][:DISTINCT]
        s = zipf_exponent(len(pool))
        weights = [rank**-s for rank in range(1, len(pool) + 1)]
        drawn = iter(rng.choices(pool, weights, k=requests))
        mix = []
        for _ in range(requests):
            query = next(drawn)
            if rng.random() < page_share:
                mix.append({"page": rng.randrange(1_000_000)})  # the n-th article, modulo
            else:
                mix.append({"q": query.query, "lang": query.language})
        Path(out).write_text(json.dumps({"zipf_exponent": s, "requests": mix}))
        searches = [item for item in mix if "q" in item]
        top = Counter(item["q"] for item in searches)
        share = sum(count for _, count in top.most_common(20)) / max(len(searches), 1)
        self.stdout.write(
            f"Mix of {len(mix)} requests in {out}: {len(searches)} searches "
            f"({len(top)} distinct; the 20 most common are {share:.0%}), "
            f"{len(mix) - len(searches)} page views."
        )
