"""Daily roll-ups of shopper activity, so insights for any period add up a few rows per day
instead of counting millions of searches and visit steps (see portal.insights.rollups).

A day is a calendar day in ``settings.TIME_ZONE``. Rows hold counts only, except
``DailyQueryFigures``, which keeps the (already redacted) normalised query text and is
therefore deleted after ``RETENTION_SEARCH_DAYS`` like the searches themselves.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyFigures(models.Model):
    """One day in one language; ``language`` "" is every language together (a visit in two
    languages counts once there)."""

    day = models.DateField()
    language = models.CharField(max_length=10, blank=True)
    searches = models.PositiveIntegerField(default=0)
    zero_result_searches = models.PositiveIntegerField(default=0)
    page_searches = models.PositiveIntegerField(default=0)
    clicked_page_searches = models.PositiveIntegerField(default=0)
    tickets = models.PositiveIntegerField(default=0)
    tickets_after_search = models.PositiveIntegerField(default=0)
    visits = models.PositiveIntegerField(default=0, help_text=_("Visits with a step that day."))
    continued_visits = models.PositiveIntegerField(
        default=0, help_text=_("Of those, visits that also had a step the day before.")
    )
    computed_at = models.DateTimeField()
    # The newest search, click and visit-step ids when computed: new activity shows as a
    # different marker.
    marker = models.CharField(max_length=100, blank=True)

    class Meta:
        db_table = "portal_dailyfigures"  # the table it had in the portal app
        verbose_name = _("daily insights figures")
        verbose_name_plural = _("daily insights figures")
        default_permissions = ()
        permissions = [("view_insights", _("Can view insights"))]
        constraints = [
            models.UniqueConstraint(fields=["day", "language"], name="insights_day_unique")
        ]

    def __str__(self):
        return f"{self.day} {self.language or 'all'}"


class DailyContactVisit(models.Model):
    """A visit that opened the contact form on that day, in that language (a visit past
    midnight has a row for each day)."""

    day = models.DateField()
    language = models.CharField(max_length=10)
    visit_key = models.CharField(max_length=32)
    deflected = models.BooleanField(
        help_text=_(
            "A suggested article was opened after one of the day's contact-form openings, "
            "and the visit sent no ticket."
        )
    )

    class Meta:
        db_table = "portal_dailycontactvisit"  # the table it had in the portal app
        verbose_name = _("daily contact-form visit")
        verbose_name_plural = _("daily contact-form visits")
        default_permissions = ()
        indexes = [
            models.Index(
                fields=["day", "language", "visit_key", "deflected"],
                name="insights_contact_day_idx",
            )
        ]

    def __str__(self):
        return f"{self.day} {self.language} {self.visit_key}"


class DailyQueryFigures(models.Model):
    """How one normalised query fared on one day in one language."""

    day = models.DateField()
    language = models.CharField(max_length=10)
    normalized_query = models.CharField(max_length=500)
    # Where the searches ran (SearchLog.Source); "" on days rolled up before it was kept.
    source = models.CharField(max_length=10, blank=True)
    searches = models.PositiveIntegerField(default=0)
    zero_result_searches = models.PositiveIntegerField(default=0)
    page_searches = models.PositiveIntegerField(default=0)
    clicked_page_searches = models.PositiveIntegerField(default=0)
    unclicked_page_searches = models.PositiveIntegerField(
        default=0, help_text=_("Search-page searches with results and no result opened.")
    )

    class Meta:
        db_table = "portal_dailyqueryfigures"  # the table it had in the portal app
        verbose_name = _("daily query figures")
        verbose_name_plural = _("daily query figures")
        default_permissions = ()
        indexes = [models.Index(fields=["day", "language"], name="insights_query_day_idx")]

    def __str__(self):
        return f"{self.day} {self.language} {self.normalized_query}"


class DailySourceTickets(models.Model):
    """Tickets of one day in one language sent from one source (Ticket.source)."""

    day = models.DateField()
    language = models.CharField(max_length=10)
    source = models.CharField(max_length=10)
    tickets = models.PositiveIntegerField(default=0)
    tickets_after_search = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("daily tickets per source")
        verbose_name_plural = _("daily tickets per source")
        default_permissions = ()
        indexes = [models.Index(fields=["day", "source"], name="insights_source_day_idx")]

    def __str__(self):
        return f"{self.day} {self.language} {self.source}: {self.tickets}"


class DailyArticleViews(models.Model):
    day = models.DateField()
    language = models.CharField(max_length=10)
    article_id = models.PositiveBigIntegerField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "portal_dailyarticleviews"  # the table it had in the portal app
        verbose_name = _("daily article views")
        verbose_name_plural = _("daily article views")
        default_permissions = ()
        indexes = [models.Index(fields=["day", "language"], name="insights_article_day_idx")]

    def __str__(self):
        return f"{self.day} {self.language} {self.article_id}: {self.views}"
