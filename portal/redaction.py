"""Removes personal data from text shoppers type before it is stored (queries, tickets)."""

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# The shop's order numbers ("LL-204817") and similar letter-prefixed references.
ORDER_REFERENCE = re.compile(r"\b[A-Z]{2,4}-?\d{5,}\b", re.IGNORECASE)
# Phone numbers start with + (international) or 0 (national) and have 7+ digits, with
# spaces, dots, dashes or brackets between them.
PHONE = re.compile(r"(?<![\w+])(?:\+|\b0)[\d\s().-]{5,}\d\b")
# Any other run of 6+ digits is most likely an order, invoice or customer number.
LONG_NUMBER = re.compile(r"\b\d{6,}\b")


def _phone(match):
    text = match.group(0)
    return "[phone]" if sum(ch.isdigit() for ch in text) >= 7 else text


def redact(text):
    """Replace e-mail addresses, order and other long numbers, and phone numbers."""
    if not text:
        return text
    text = EMAIL.sub("[email]", text)
    text = ORDER_REFERENCE.sub("[order]", text)
    text = PHONE.sub(_phone, text)
    return LONG_NUMBER.sub("[order]", text)
