"""Print the load benchmark's figures from the shoppers' records (scripts/load-bench).

python scripts/load/summary.py RECORDS.json SECONDS [--json]
"""

import json
import sys


def percentile(values, share):
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1)


def summarise(records, seconds):
    groups = {"all": records, "search": [r for r in records if r[0].startswith("search")]}
    for kind in ("search hit", "search miss", "page"):
        groups[kind] = [r for r in records if r[0] == kind]
    figures = {}
    for name, group in groups.items():
        latencies = [r[1] for r in group]
        figures[name] = {
            "requests": len(group),
            "errors": sum(1 for r in group if not r[2]),
            "over_5s": sum(1 for r in group if r[1] > 5000),
            "p50_ms": percentile(latencies, 0.50),
            "p95_ms": percentile(latencies, 0.95),
            "per_s": round(len(group) / seconds, 1),
        }
    looked_up = figures["search hit"]["requests"] + figures["search miss"]["requests"]
    figures["query_cache_hit_rate"] = (
        round(figures["search hit"]["requests"] / looked_up, 3) if looked_up else None
    )
    return figures


def main(argv):
    records = json.load(open(argv[1], encoding="utf-8"))
    figures = summarise(records, float(argv[2]))
    if "--json" in argv:
        print(json.dumps(figures))
        return
    for name in ("all", "search", "search hit", "search miss", "page"):
        f = figures[name]
        print(
            f"{name:<12} {f['requests']:>7} requests  {f['per_s']:>6}/s  p50 {f['p50_ms']} ms  "
            f"p95 {f['p95_ms']} ms  errors {f['errors']}  over 5 s {f['over_5s']}"
        )
    print(f"query-vector cache hit rate: {figures['query_cache_hit_rate']}")


if __name__ == "__main__":
    main(sys.argv)
