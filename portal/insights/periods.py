"""The period and language every insights figure is computed for.

A period is a run of whole days in ``settings.TIME_ZONE``, both ends included: from 00:00 of
the first day to the end of the last (queries use ``start <= t < end``, ``end`` being 00:00
after the last day). The previous period is the same number of days right before it.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language_info

DEFAULT_DAYS = 30
MAX_DAYS = 366


def languages():
    """[(code, name)] of the help center's languages, named in their own language."""
    return [(code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]


def sources():
    """[(value, label)] of where searches and tickets come from; the search page and the
    contact page are both "the help center's own pages"."""
    from django.utils.translation import gettext_lazy as _

    return [("page", _("Help-center pages")), ("api", _("API")), ("widget", _("Storefront widget"))]


@dataclass(frozen=True)
class Period:
    first_day: datetime.date
    last_day: datetime.date
    language: str = ""  # "" means every language
    source: str = ""  # of searches and tickets (SearchLog/Ticket source); "" means all

    @classmethod
    def default(cls, language="", today=None, source=""):
        today = today or timezone.localdate()
        return cls(today - datetime.timedelta(days=DEFAULT_DAYS - 1), today, language, source)

    @property
    def days(self):
        return (self.last_day - self.first_day).days + 1

    @property
    def start(self):
        return midnight(self.first_day)

    @property
    def end(self):
        """00:00 of the day after the last day (excluded)."""
        return midnight(self.last_day + datetime.timedelta(days=1))

    def previous(self):
        length = datetime.timedelta(days=self.days)
        return Period(self.first_day - length, self.last_day - length, self.language, self.source)

    def day_list(self):
        return [self.first_day + datetime.timedelta(days=n) for n in range(self.days)]

    def within(self, field="created_at", language_field="language"):
        """A Q selecting records of this period (and language, if one is chosen)."""
        condition = Q(**{f"{field}__gte": self.start, f"{field}__lt": self.end})
        if self.language and language_field:
            condition &= Q(**{language_field: self.language})
        return condition

    def slug(self):
        """For file names: 2026-01-01_2026-01-30[_de][_widget]."""
        parts = [f"{self.first_day:%Y-%m-%d}", f"{self.last_day:%Y-%m-%d}"]
        return "_".join([*parts, *filter(None, [self.language, self.source])])


def midnight(day):
    """00:00 of ``day`` in ``settings.TIME_ZONE``."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_default_timezone())
