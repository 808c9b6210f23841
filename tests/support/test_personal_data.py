"""A shopper's data request: export or erase everything stored for an e-mail address."""

import pytest

from tests.factories import make_ticket as _ticket


def test_export_and_erase_everything_for_one_address(db, capsys):
    import json

    from django.core.management import call_command

    from portal.support.models import Ticket

    _ticket("Jana@Example.com", subject="First")
    _ticket("jana@example.com", subject="Second", submission_token="other")
    _ticket("someone@example.com")
    call_command("kb_personal_data", "export", "jana@example.com")
    data = json.loads(capsys.readouterr().out)
    assert sorted(t["subject"] for t in data["tickets"]) == ["First", "Second"]
    call_command("kb_personal_data", "erase", "jana@example.com", "--yes")
    assert list(Ticket.objects.values_list("email", flat=True)) == ["someone@example.com"]


def test_personal_data_command_refuses_a_non_address(db):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="not an e-mail address"):
        call_command("kb_personal_data", "export", "nobody")
