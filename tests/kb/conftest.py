import pytest
from django.contrib.auth.models import User

from kb.groups import ensure_groups


def _member(username, group):
    user = User.objects.create_user(username, password="pw")
    user.groups.add(group)
    return user


@pytest.fixture
def editor(db):
    """A member of the Editors group, as the translation pages' tests sign in."""
    editors, _leads = ensure_groups()
    return _member("editor", editors)


@pytest.fixture
def support_lead(db):
    """A member of the Support leads group: reads reports, edits nothing."""
    _editors, leads = ensure_groups()
    return _member("lead", leads)
