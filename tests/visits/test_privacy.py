"""What the portal stores about shoppers: redacted text, pseudonymous keys, no IP address."""

import pytest
from django.test import RequestFactory

from portal.visits import visitors
from portal.visits.redaction import redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("where is my order LL-204817", "where is my order [order]"),
        ("order ll204817 missing", "order [order] missing"),
        ("mail jane.doe+shop@example.co.uk please", "mail [email] please"),
        ("call me on +49 (0)341 123 4567", "call me on [phone]"),
        ("0341-1234567 is my number", "[phone] is my number"),
        ("invoice 123456789", "invoice [order]"),
        ("return 2 items within 30 days", "return 2 items within 30 days"),
        ("linen size 240x220 from 2026", "linen size 240x220 from 2026"),
        ("", ""),
    ],
)
def test_redaction(text, expected):
    assert redact(text) == expected


def test_log_key_rotates_daily_and_hides_the_visitor_id(settings):
    import datetime

    request = RequestFactory().get("/")
    first = visitors.log_key(request, datetime.date(2026, 11, 1))
    again = visitors.log_key(request, datetime.date(2026, 11, 1))
    next_day = visitors.log_key(request, datetime.date(2026, 11, 2))
    assert first == again
    assert first != next_day
    assert visitors.visitor_id(request) not in first


def test_visitor_cookie_is_signed_and_tampering_starts_a_new_visitor():
    request = RequestFactory().get("/")
    original = visitors.visitor_id(request)
    from django.core import signing

    signed = signing.dumps(original, salt=visitors.SALT)
    returning = RequestFactory().get("/", headers={"cookie": f"{visitors.VISITOR_COOKIE}={signed}"})
    assert visitors.visitor_id(returning) == original
    forged = RequestFactory().get("/", headers={"cookie": f"{visitors.VISITOR_COOKIE}={original}"})
    assert visitors.visitor_id(forged) != original
