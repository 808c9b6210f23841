"""Removes personal data from text shoppers type before it is stored (queries, tickets)."""

import functools
import re

from django.conf import settings

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Letter-prefixed references ("LL-204817", other shops' order numbers); the shop's own
# format (ORDER_NUMBER_PATTERN) is removed first, whatever it looks like.
ORDER_REFERENCE = re.compile(r"\b[A-Z]{2,4}-?\d{5,}\b", re.IGNORECASE)
# Phone numbers start with + (international) or 0 (national) and have 7+ digits, with
# spaces, dots, dashes or brackets between them.
PHONE = re.compile(r"(?<![\w+])(?:\+|\b0)[\d\s().-]{5,}\d\b")
# Any other run of 6+ digits is most likely an order, invoice or customer number.
LONG_NUMBER = re.compile(r"\b\d{6,}\b")


def _phone(match):
    text = match.group(0)
    return "[phone]" if sum(ch.isdigit() for ch in text) >= 7 else text


@functools.lru_cache(maxsize=8)
def _shop_order_number(pattern):
    """ORDER_NUMBER_PATTERN (anchored, for the contact form) as a pattern found in text."""
    body = pattern.removeprefix("^").removesuffix("$")
    try:
        return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)
    except re.error:
        return None


def redact(text):
    """Replace e-mail addresses, the shop's order numbers (ORDER_NUMBER_PATTERN) and
    other order-like or long numbers, and phone numbers."""
    if not text:
        return text
    text = EMAIL.sub("[email]", text)
    shop_order_number = _shop_order_number(settings.ORDER_NUMBER_PATTERN)
    if shop_order_number is not None:
        text = shop_order_number.sub("[order]", text)
    text = ORDER_REFERENCE.sub("[order]", text)
    text = PHONE.sub(_phone, text)
    return LONG_NUMBER.sub("[order]", text)
