"""How long shoppers' data is kept, and the purge that enforces it (``manage.py kb_purge``).

Every app that keeps something about shoppers registers a ``Rule`` from its
``AppConfig.ready()``: what it keeps, the setting that says for how many days, and how it is
purged. The settings (README, "Privacy"):

- ``RETENTION_SEARCH_DAYS``: searches, their clicks, visit steps and the query texts of the
  insights roll-ups;
- ``RETENTION_TICKET_DAYS``: tickets, with their timelines and deliveries;
- ``RETENTION_VOTER_KEY_DAYS``: votes are kept for the statistics, but the key that ties a
  vote to a browser is dropped, so an old vote can no longer be linked to anyone.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone


@dataclass(frozen=True)
class Rule:
    what: str  # plural noun for reports: "searches"
    setting: str  # the number of days: "RETENTION_SEARCH_DAYS"
    # Purges what is older than the cut-off (a datetime) and returns how many rows it
    # purged; with dry_run=True only counts them.
    purge: Callable[[datetime.datetime, bool], int]
    verb: str = "delete"  # what the purge does, for reports: "delete", "anonymise"
    done: str = "deleted"  # the same in the past tense


@dataclass(frozen=True)
class Outcome:
    rule: Rule
    count: int

    def describe(self, dry_run=False):
        action = f"Would {self.rule.verb}" if dry_run else self.rule.done.capitalize()
        days = retention_days(self.rule.setting)
        return f"{action} {self.count} {self.rule.what} older than {days} days"


_rules: dict[str, Rule] = {}


def register(rule):
    """Add (or replace, by ``what``) a retention rule."""
    _rules[rule.what] = rule


def rules():
    return list(_rules.values())


def retention_days(setting):
    return int(getattr(settings, setting))


def cutoff(setting, now=None):
    """The moment before which data kept under ``setting`` is purged."""
    return (now or timezone.now()) - datetime.timedelta(days=retention_days(setting))


def deleting(model, timestamp="created_at"):
    """A ``Rule.purge`` that deletes the rows of ``model`` whose ``timestamp`` field is
    before the cut-off."""

    def purge(moment, dry_run):
        rows = model.objects.filter(**{f"{timestamp}__lt": moment})
        count = rows.count()
        if not dry_run:
            rows.delete()
        return count

    return purge


@transaction.atomic
def purge(now=None, dry_run=False):
    """Apply every rule, in the order the apps registered them; a list of Outcomes."""
    now = now or timezone.now()
    return [Outcome(rule, rule.purge(cutoff(rule.setting, now), dry_run)) for rule in rules()]
