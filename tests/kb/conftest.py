import pytest
from django.contrib.auth.models import User

from kb.groups import ensure_groups


@pytest.fixture
def editor(db):
    """A member of the Editors group, as the translation pages' tests sign in."""
    editors, _leads = ensure_groups()
    user = User.objects.create_user("editor", password="pw")
    user.groups.add(editors)
    return user
