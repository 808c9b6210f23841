from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User

from kb.groups import ensure_groups
from tests.factories import ArticleFactory, CategoryFactory, HomeFactory, ensure_tree_root


@pytest.fixture
def users(db):
    editors, leads = ensure_groups()
    editor = User.objects.create_user("editor", password="pw-editor-123")
    editor.groups.add(editors)
    lead = User.objects.create_user("lead", password="pw-lead-123")
    lead.groups.add(leads)
    return editor, lead


@pytest.fixture
def articles(db):
    """Two live articles in one category, in English only (other languages missing)."""
    home = HomeFactory(parent=ensure_tree_root())
    category = CategoryFactory(parent=home, title="Returns", icon="returns")
    return SimpleNamespace(
        category=category,
        faq=ArticleFactory(parent=category, title="Returning an item"),
        other=ArticleFactory(parent=category, title="Refund times"),
    )
