"""When and how often a delivery is attempted (see the package docstring)."""

import logging
import smtplib
from collections import Counter
from datetime import timedelta
from functools import partial

import requests
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import Truncator
from django_tasks import task

from portal.support.models import Delivery

from . import DeliveryError, email, webhook

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
# The wait after the 1st, 2nd, … failed attempt; the last one repeats.
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
    timedelta(hours=12),
)
# Longer than any attempt can take (SMTP and webhook time out after seconds); a worker that
# died mid-attempt leaves a lock that expires after this.
LOCK_DURATION = timedelta(minutes=10)
# A task may run this much before the delivery is due: the web and worker clocks may differ.
CLOCK_LEEWAY = timedelta(seconds=30)
ERROR_LENGTH = 300

Status = Delivery.Status
Channel = Delivery.Channel


# Scheduling and retrying


def schedule_ticket_deliveries(ticket):
    """Create the ticket's deliveries and queue their first attempts for after the commit.

    Call it in the transaction that stores the ticket: nothing is sent if that rolls back,
    and nothing that goes wrong while sending can undo the ticket."""
    channels = [Channel.EMAIL]
    if webhook.webhook_url():
        channels.append(Channel.WEBHOOK)
    now = timezone.now()
    deliveries = Delivery.objects.bulk_create(
        Delivery(ticket=ticket, channel=channel, next_attempt_at=now) for channel in channels
    )
    for delivery in deliveries:
        transaction.on_commit(partial(enqueue_attempt, delivery.pk), robust=True)
    return deliveries


def enqueue_attempt(delivery_id, run_after=None):
    """Queue a task to attempt the delivery, at ``run_after`` if the backend can defer.

    Without deferral support a later attempt is left to ``retry_due_deliveries()``."""
    attempt_task = deliver
    if run_after is not None:
        if not attempt_task.get_backend().supports_defer:
            return None
        attempt_task = attempt_task.using(run_after=run_after)
    try:
        return attempt_task.enqueue(delivery_id)
    except Exception:
        logger.exception("Could not queue delivery %s; kb_deliveries will retry it.", delivery_id)
        return None


@task()
def deliver(delivery_id):
    """Attempt one delivery if it is due; returns its status, or None if it was not due."""
    return attempt(delivery_id, leeway=CLOCK_LEEWAY)


def retry_due_deliveries(now=None):
    """Attempt every pending delivery that is due; returns a Counter of the outcomes
    (sent, pending = will be retried, failed = gave up, skipped = another worker had it).

    ``now`` pretends the clock shows that time (tests); otherwise each attempt reads the clock."""
    due_by = now or timezone.now()
    due = (
        Delivery.objects.filter(status=Status.PENDING, next_attempt_at__lte=due_by)
        .filter(_unlocked(due_by))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)
    )
    outcomes = Counter()
    for delivery_id in list(due):
        outcomes[attempt(delivery_id, now=now) or "skipped"] += 1
    return outcomes


def retry_now(delivery_id, now=None):
    """Attempt a pending or failed delivery at once (the admin's "Retry now").

    A failed delivery gets one more attempt and stays failed if that fails too. Returns the
    new status, or None if the delivery was already sent or is being attempted."""
    now = now or timezone.now()
    made_due = (
        Delivery.objects.filter(pk=delivery_id, status__in=[Status.PENDING, Status.FAILED])
        .filter(_unlocked(now))
        .update(status=Status.PENDING, next_attempt_at=now, updated_at=now)
    )
    return attempt(delivery_id, now=now) if made_due else None


def retry_delay(attempts):
    """How long to wait after this many failed attempts (1 → 1 min, … 6 and more → 12 h)."""
    return BACKOFF[min(max(attempts, 1), len(BACKOFF)) - 1]


def attempt(delivery_id, now=None, leeway=timedelta()):
    """Claim the delivery if it is due, send it, and record the outcome.

    Returns the delivery's new status, or None if it was not due, already sent, or claimed
    by another worker."""
    now = now or timezone.now()
    if not _claim(delivery_id, now, leeway):
        return None
    delivery = Delivery.objects.select_related("ticket").get(pk=delivery_id)
    try:
        SENDERS[delivery.channel](delivery.ticket)
    except Exception as exc:
        return _record_failure(delivery, describe_error(exc), now)
    delivery.status = Status.SENT
    delivery.sent_at = now
    delivery.next_attempt_at = None
    delivery.locked_until = None
    delivery.last_error = ""
    delivery.save()
    return delivery.status


def _unlocked(now):
    return Q(locked_until__isnull=True) | Q(locked_until__lte=now)


def _claim(delivery_id, now, leeway=timedelta()):
    # The lock, not the due time, is what keeps two workers from sending the same delivery.
    claimed = (
        Delivery.objects.filter(
            pk=delivery_id, status=Status.PENDING, next_attempt_at__lte=now + leeway
        )
        .filter(_unlocked(now))
        .update(locked_until=now + LOCK_DURATION, attempts=F("attempts") + 1, updated_at=now)
    )
    return claimed == 1


def _record_failure(delivery, error, now):
    logger.warning(
        "Delivery %s (%s, ticket %s) failed, attempt %s: %s",
        delivery.pk,
        delivery.channel,
        delivery.ticket.reference,
        delivery.attempts,
        error,
    )
    delivery.last_error = error
    delivery.locked_until = None
    if delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = Status.FAILED
        delivery.next_attempt_at = None
    else:
        delivery.next_attempt_at = now + retry_delay(delivery.attempts)
    delivery.save()
    if delivery.status == Status.PENDING:
        enqueue_attempt(delivery.pk, run_after=delivery.next_attempt_at)
    return delivery.status


def describe_error(exc):
    """A short description of a failure, without URLs or credentials."""
    if isinstance(exc, DeliveryError):
        text = str(exc)
    elif isinstance(exc, requests.RequestException):
        # Their messages repeat the URL, which may carry a token.
        text = f"Webhook request failed ({type(exc).__name__})"
    elif isinstance(exc, smtplib.SMTPResponseException):
        reply = exc.smtp_error
        reply = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
        text = f"SMTP {exc.smtp_code}: {reply}"
    else:
        text = f"{type(exc).__name__}: {exc}"
    return Truncator(" ".join(text.split())).chars(ERROR_LENGTH)


SENDERS = {Channel.EMAIL: email.send_acknowledgement, Channel.WEBHOOK: webhook.post_webhook}
