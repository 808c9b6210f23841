"""Removes personal data from text shoppers type before it is stored (queries, tickets)."""

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Order numbers of the shop ("LL-204817") and other long reference-like digit runs.
ORDER_NUMBER = re.compile(r"\b[A-Z]{2,4}-?\d{5,}\b|\b\d{6,}\b", re.IGNORECASE)
# Phone numbers: an optional +, then 7+ digits with spaces, dots, dashes or brackets.
PHONE = re.compile(r"(?<![\w])\+?\(?\d[\d\s().-]{5,}\d(?![\w])")

REPLACEMENTS = [
    (EMAIL, "[email]"),
    (ORDER_NUMBER, "[order]"),
    (PHONE, "[phone]"),
]


def redact(text):
    """Replace e-mail addresses, order numbers and phone numbers by placeholders."""
    if not text:
        return text
    for pattern, placeholder in REPLACEMENTS:
        text = pattern.sub(
            lambda match, p=placeholder: p if _enough_digits(match, p) else match.group(0), text
        )
    return text


def _enough_digits(match, placeholder):
    if placeholder != "[phone]":
        return True
    return sum(ch.isdigit() for ch in match.group(0)) >= 7
