"""Deliveries: the shopper's acknowledgement e-mail and the helpdesk webhook for a new ticket.

- ``retries``: the policy: scheduling, claiming, back-off, giving up;
- ``email``: the acknowledgement e-mail;
- ``webhook``: the signed JSON hand-off to an outside helpdesk.

The ticket is stored first. Each delivery is its own record, attempted by a task once the
ticket's transaction has committed. A failed attempt waits (``BACKOFF``) and is tried again,
up to ``MAX_ATTEMPTS`` times over about two and a half days, then the delivery is marked failed.

Retries run two ways, so they work with every task backend:

- a backend that can defer tasks (``django_tasks_db.DatabaseBackend``) gets a task to run at
  ``next_attempt_at``;
- ``retry_due_deliveries()`` (``manage.py kb_deliveries``, e.g. from cron every few minutes)
  attempts every pending delivery that is due; this is the only retry path with the
  ImmediateBackend, and a safety net for lost tasks otherwise.

An attempt first claims the delivery with one conditional UPDATE (``locked_until``), so two
workers, or a task and the command, never send the same delivery twice; this works on SQLite
and PostgreSQL alike. Deliveries are at least once: a receiver that times out after storing a
ticket may get it again and should deduplicate by the ticket reference.
"""


class DeliveryError(Exception):
    """A failed attempt, with a short description that is safe to store."""
