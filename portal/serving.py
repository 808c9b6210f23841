"""How many web workers, request threads and model threads the production server runs.

The query's embedding is most of a search's time, and the model runs its matrix products on
OpenMP threads. On shared cores:

- All processes of the machine together run at most one model thread per core: before each
  embedding a worker takes a core slot per thread (search.embedders.slots), so two workers
  embedding at once share the cores instead of running twice as many threads.
- Each embedding takes only the model threads that have a free core at that moment, and an
  idle model thread soon sleeps (search.embedders.cores and .e5).

So every worker may use two model threads (twice as fast on idle cores), and there are as
many workers as cores: Python runs one thread at a time per process, and a second process
serves a cached search or a page while the first embeds.
"""

import os
from dataclasses import dataclass

from search.embedders.cores import process_cores

#: Model threads per worker by default: two embed a query in about half the time of one.
MODEL_THREADS = 2
#: Request threads per worker: requests that wait (on the database, a search cluster, a slow
#: client) do not hold up the others.
REQUEST_THREADS = 4


class PlanError(ValueError):
    """A worker, thread or core count that cannot be served."""


def _count(name, value):
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number < 1:
        raise PlanError(f"{name}={value!r} must be a whole number of 1 or more.")
    return number


@dataclass(frozen=True)
class Plan:
    cores: int
    workers: int
    request_threads: int
    model_threads: int

    def describe(self):
        return (
            f"{self.workers} web worker(s) × {self.request_threads} request threads, "
            f"up to {self.model_threads} model thread(s) each and {self.cores} in all, "
            f"on {self.cores} core(s)"
        )


def plan(cores=None, workers=None, request_threads=None, model_threads=None):
    """The serving plan for ``cores``; any of the counts may be given (from the
    environment: ``WEB_WORKERS``, ``WEB_THREADS``, ``SEARCH_EMBEDDER_THREADS``).

    By default one worker per core, each with ``REQUEST_THREADS`` request threads and up to
    ``MODEL_THREADS`` model threads (never more than the cores).
    """
    cores = _count("cores", cores) or process_cores()
    workers = _count("WEB_WORKERS", workers) or cores
    model_threads = min(_count("SEARCH_EMBEDDER_THREADS", model_threads) or MODEL_THREADS, cores)
    request_threads = _count("WEB_THREADS", request_threads) or REQUEST_THREADS
    return Plan(cores, workers, request_threads, model_threads)


def from_environment(environ=None):
    environ = os.environ if environ is None else environ
    return plan(
        workers=environ.get("WEB_WORKERS"),
        request_threads=environ.get("WEB_THREADS"),
        model_threads=environ.get("SEARCH_EMBEDDER_THREADS"),
    )
