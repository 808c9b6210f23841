import pytest

from search.backends.embedded import EmbeddedSearchEngine

from .corpus import shop_passages

SHOP = "test-shop"


@pytest.fixture(scope="session")
def shop_namespace(django_db_setup, django_db_blocker):
    """The shop corpus, indexed once per session (embedding it is the slow part)."""
    with django_db_blocker.unblock():
        engine = EmbeddedSearchEngine()
        engine.delete_namespace(SHOP)
        engine.index(shop_passages(SHOP))
    yield SHOP
    with django_db_blocker.unblock():
        engine.delete_namespace(SHOP)


@pytest.fixture
def embedded_engine(db, shop_namespace):
    """A fresh engine (its own snapshots) over the shared model and database."""
    return EmbeddedSearchEngine()
