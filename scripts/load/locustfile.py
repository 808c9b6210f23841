"""Shoppers for the load benchmark (scripts/load-bench), run by locust.

Each simulated shopper takes the next request of the mix (LOAD_MIX, written by
``manage.py load_bench_data``) and sends it without pause: a search on the JSON API, or a view
of an article page (the n-th URL of the site's sitemap). Every response is recorded with its
latency and, for searches, whether the query's vector came from the cache (the API's
``Server-Timing`` header); the summary goes to LOAD_SUMMARY when the run ends.
"""

import itertools
import json
import os
import re
import threading
import xml.etree.ElementTree as ET

from locust import FastHttpUser, events, task

MIX = json.loads(open(os.environ["LOAD_MIX"], encoding="utf-8").read())["requests"]
_next = itertools.count()
_lock = threading.Lock()
_records = []  # (kind, latency ms, ok)
_pages = []
_VECTOR = re.compile(r'embed;[^,]*desc="(\w+)"')


@events.test_start.add_listener
def _read_sitemap(environment, **kwargs):
    import urllib.request

    with urllib.request.urlopen(f"{environment.host}/sitemap.xml", timeout=30) as response:
        tree = ET.fromstring(response.read())
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    for location in tree.iterfind(".//s:url/s:loc", namespace):
        path = re.sub(r"^https?://[^/]+", "", location.text or "")
        if path.count("/") > 3:  # articles, not the home or category pages
            _pages.append(path)
    if not _pages:
        raise RuntimeError("The sitemap lists no article pages.")


@events.test_stop.add_listener
def _write_summary(environment, **kwargs):
    path = os.environ.get("LOAD_SUMMARY")
    if path:
        with _lock, open(path, "w", encoding="utf-8") as out:
            json.dump(_records, out)


class Shopper(FastHttpUser):
    def _record(self, kind, response):
        ok = response.status_code == 200
        with _lock:
            _records.append((kind, response.request_meta["response_time"], ok))
        if not ok:
            response.failure(f"HTTP {response.status_code}")

    @task
    def next_request(self):
        item = MIX[next(_next) % len(MIX)]
        if "page" in item:
            path = _pages[item["page"] % len(_pages)]
            with self.client.get(path, name="article page", catch_response=True) as response:
                self._record("page", response)
            return
        with self.client.get(
            "/api/v1/search",
            params={"q": item["q"], "lang": item["lang"]},
            name="search",
            catch_response=True,
        ) as response:
            match = _VECTOR.search(response.headers.get("Server-Timing", "") or "")
            self._record(f"search {match.group(1)}" if match else "search", response)
