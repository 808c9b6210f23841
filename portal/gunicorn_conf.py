"""Gunicorn settings of the production web server (``scripts/serve``; README "Deploying").

Workers, request threads and model threads come from the cores (portal/serving.py) unless
``WEB_WORKERS``, ``WEB_THREADS`` or ``SEARCH_EMBEDDER_THREADS`` say otherwise. The app is
not preloaded: each worker loads the model after the fork (OpenMP's threads do not survive a
fork), and a worker that dies is replaced by the master without dropping the listening
socket, so requests wait for the new worker instead of failing.
"""

import logging
import os

from portal import serving

_plan = serving.from_environment()

bind = os.environ.get("WEB_BIND", "127.0.0.1:8000").split(",")
workers = _plan.workers
threads = _plan.request_threads
worker_class = "gthread"
# A request taking longer than this (a hung dependency) restarts its worker.
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
preload_app = False
accesslog = os.environ.get("WEB_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# Behind the TLS proxy on the same host: trust its X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("WEB_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# The workers read the model threads from the settings, which read the environment.
os.environ["SEARCH_EMBEDDER_THREADS"] = str(_plan.model_threads)


def when_ready(server):
    server.log.info("Serving on %s: %s", ", ".join(bind), _plan.describe())


def post_worker_init(worker):
    """Load the search model before the worker takes requests: the first shopper's search
    after a (re)start is then as fast as the others."""
    from search.backends import get_engine

    try:
        engine = get_engine()
        engine.search("warm up", "en", size=1)
    except Exception as exc:  # noqa: BLE001 — a worker serves even when search cannot
        logging.getLogger("portal.serving").warning("Search not warmed up: %s", exc)
