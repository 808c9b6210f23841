"""System checks: a wrong SEARCH_ENGINE, SEARCH_EMBEDDER or engine option (a cluster URL
that is not one) stops ``manage.py check`` and start-up with the fix, instead of failing at
the first search."""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@checks.register()
def check_search_settings(app_configs=None, **kwargs):
    from .embedders import get_embedder

    errors = []
    for number, (setting, load) in enumerate(
        (("SEARCH_ENGINE", import_engine_from_settings), ("SEARCH_EMBEDDER", get_embedder)), 1
    ):
        try:
            load()
        except ImproperlyConfigured as exc:
            errors.append(checks.Error(str(exc), obj=setting, id=f"search.E00{number}"))
    if not errors:
        from .backends import create_engine

        for problem in create_engine().configuration_errors():
            errors.append(checks.Error(problem, obj="SEARCH_ENGINES", id="search.E003"))
    return errors


def import_engine_from_settings():
    from django.conf import settings

    from .backends import import_engine

    return import_engine(getattr(settings, "SEARCH_ENGINE", "embedded"))
