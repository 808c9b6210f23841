import os

import pytest
from django.conf import settings
from django.core.cache import caches
from django.utils import translation

from tests.factories import build_help_center

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require(condition, what):
    """Skip when a component the test needs is missing — except in CI, where it fails."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{what} is required in CI (CI=true) but is not available.")
    pytest.skip(f"{what} is not available")


@pytest.fixture(autouse=True)
def _reset_language():
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _forget_query_vectors():
    """Each test embeds its own queries: a vector cached by an earlier test would hide a
    model failure the test sets up."""
    caches["search"].clear()
    yield


@pytest.fixture(scope="session")
def _embedded_help_center(django_db_setup, django_db_blocker):
    """Embed the test help center's passages once per session. Each test builds its own
    help center in a transaction that is rolled back; the embedding cache rows made here
    are committed, so those tests find every vector in the cache instead of running the
    model again."""
    from django.db import transaction
    from django.test import TestCase

    from search.models import EmbeddingCache

    with django_db_blocker.unblock():
        with transaction.atomic():
            with TestCase.captureOnCommitCallbacks(execute=True):
                build_help_center()
            rows = list(EmbeddingCache.objects.all())
            transaction.set_rollback(True)
        EmbeddingCache.objects.bulk_create(rows, ignore_conflicts=True)


@pytest.fixture
def help_center(db, _embedded_help_center, django_capture_on_commit_callbacks):
    """A small help center: home, two categories, articles in every language, one article
    translated only into German (French and Spanish fall back to English). Publishing
    indexes the articles once the transaction commits, as it does on the site."""
    with django_capture_on_commit_callbacks(execute=True):
        return build_help_center()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for a commit (search indexing, deliveries) inside the test."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
