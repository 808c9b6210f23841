"""Background tasks of the search subsystem, and the one question every caller of a task
asks: does it run in a worker, or right now inside this request?"""

from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend

from .backends import get_engine


def runs_in_background(a_task):
    """True when ``a_task.enqueue()`` hands the work to a worker; False when the task
    backend runs it at once (development, tests, a site without ``db_worker``)."""
    return not isinstance(a_task.get_backend(), ImmediateBackend)


@task()
def sync_search_cluster(engine_name):
    """Replay the writes a search cluster missed while it was unreachable."""
    engine = get_engine(engine_name)
    sync = getattr(engine, "sync_pending", None)
    return sync() if sync else 0
