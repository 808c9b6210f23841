"""Background tasks of the search subsystem."""

from django_tasks import task


@task()
def sync_search_cluster(engine_name):
    """Replay the writes a search cluster missed while it was unreachable."""
    from .backends import get_engine

    engine = get_engine(engine_name)
    sync = getattr(engine, "sync_pending", None)
    return sync() if sync else 0
