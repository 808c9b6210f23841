"""The load benchmark's request mix and figures (scripts/load-bench)."""

import importlib.util
import json
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from portal.demo.management.commands.load_bench_data import zipf_exponent


def eval_files(directory):
    """Small evaluation sets in the layout of ../shared/eval: questions in en/de/es, some
    too long for the search box."""
    names = {"banking77": "en", "xquad-en": "en", "xquad-de": "de", "xquad-es": "es"}
    for name, language in names.items():
        corpus = [
            {
                "id": f"{name}-{n}",
                "language": language,
                "title": f"Entry {n}",
                "body": f"Text {n} of {name}.",
            }
            for n in range(3)
        ]
        queries = [
            {
                "id": f"{name}-q{n}",
                "language": language,
                "relevant": [f"{name}-0"],
                "query": f"question {n} of {name}" + (" very long" * 30 if n % 50 == 0 else ""),
            }
            for n in range(700)
        ]
        suffix = "-dev-queries" if name == "banking77" else "-queries"
        for rows, file in ((corpus, f"{name}-corpus.jsonl"), (queries, f"{name}{suffix}.jsonl")):
            (directory / file).write_text("".join(json.dumps(row) + "\n" for row in rows))
    return directory


def _summary_module():
    path = Path(settings.BASE_DIR) / "scripts" / "load" / "summary.py"
    spec = importlib.util.spec_from_file_location("load_summary", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_20_most_common_searches_are_half_of_all(tmp_path, db):
    s = zipf_exponent(2000)
    weights = [rank**-s for rank in range(1, 2001)]
    assert abs(sum(weights[:20]) / sum(weights) - 0.5) < 0.001

    out = tmp_path / "mix.json"
    call_command(
        "load_bench_data",
        "--throwaway",
        "--passages",
        "0",
        "--requests",
        "5000",
        "--eval-dir",
        str(eval_files(tmp_path)),
        "--out",
        str(out),
    )
    mix = json.loads(out.read_text())["requests"]
    searches = [item for item in mix if "q" in item]
    assert {item["lang"] for item in searches} == {"en", "de", "es"}
    assert all(len(item["q"]) <= 200 for item in searches)  # what the search box accepts
    counts = {}
    for item in searches:
        counts[item["q"]] = counts.get(item["q"], 0) + 1
    top = sum(sorted(counts.values(), reverse=True)[:20]) / len(searches)
    assert 0.45 < top < 0.55
    assert 0.15 < (len(mix) - len(searches)) / len(mix) < 0.25  # article page views


def test_the_command_refuses_a_database_it_was_not_told_is_throwaway(tmp_path, db):
    import pytest
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="throwaway"):
        call_command("load_bench_data", "--out", str(tmp_path / "mix.json"))


def test_figures_separate_cache_hits_misses_and_pages():
    summary = _summary_module().summarise(
        [
            ("search hit", 10, True),
            ("search hit", 12, True),
            ("search miss", 80, True),
            ("page", 30, True),
            ("page", 6000, False),
        ],
        seconds=2,
    )
    assert summary["search"]["requests"] == 3 and summary["search hit"]["p95_ms"] == 12
    assert summary["all"]["errors"] == 1 and summary["all"]["over_5s"] == 1
    assert summary["query_cache_hit_rate"] == round(2 / 3, 3)
    assert summary["all"]["per_s"] == 2.5
