"""The hand-off of a new ticket to an outside helpdesk: signed JSON over HTTPS."""

import hashlib
import hmac
import json
import time

import requests
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder

from . import DeliveryError

WEBHOOK_TIMEOUT = 10  # seconds


def webhook_url():
    return getattr(settings, "HELPDESK_WEBHOOK_URL", "") or ""


def post_webhook(ticket):
    """POST the ticket as JSON to HELPDESK_WEBHOOK_URL, signed with HELPDESK_WEBHOOK_SECRET.

    Headers: ``X-Helpdesk-Timestamp`` is the time of sending in Unix seconds;
    ``X-Helpdesk-Signature`` is ``sha256=`` followed by the hex HMAC-SHA256, keyed with the
    secret (UTF-8), of the timestamp, a full stop and the raw request body. To verify::

        expected = hmac.new(secret.encode(), timestamp.encode() + b"." + body, "sha256")
        ok = hmac.compare_digest("sha256=" + expected.hexdigest(), signature)

    and reject timestamps more than a few minutes old. A 2xx answer counts as delivered;
    anything else, a redirect included, is retried."""
    url = webhook_url()
    secret = getattr(settings, "HELPDESK_WEBHOOK_SECRET", "") or ""
    if not url:
        raise DeliveryError("HELPDESK_WEBHOOK_URL is not set")
    if not secret:
        raise DeliveryError("HELPDESK_WEBHOOK_SECRET is not set; webhooks are always signed")
    body = json.dumps(
        {"event": "ticket.created", "ticket": ticket.as_data()},
        cls=DjangoJSONEncoder,
        ensure_ascii=False,
    ).encode()
    timestamp = str(int(time.time()))
    response = requests.post(
        url,
        data=body,
        headers={
            "Content-Type": "application/json",
            "X-Helpdesk-Timestamp": timestamp,
            "X-Helpdesk-Signature": "sha256=" + sign(secret, timestamp, body),
        },
        timeout=WEBHOOK_TIMEOUT,
        allow_redirects=False,
    )
    if not 200 <= response.status_code < 300:
        raise DeliveryError(f"Webhook answered HTTP {response.status_code}")


def sign(secret, timestamp, body):
    """The hex HMAC-SHA256 of ``<timestamp>.<body>`` keyed with the secret."""
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
