"""The filters on every insights page: a date range and a language."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .periods import DEFAULT_DAYS, MAX_DAYS, Period, languages, sources


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter the first day as a date, e.g. 2026-01-31.")},
    )
    end = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter the last day as a date, e.g. 2026-01-31.")},
    )
    language = forms.ChoiceField(label=_("Language"), required=False)
    source = forms.ChoiceField(
        label=_("Source"),
        required=False,
        help_text=_("Of searches and tickets: the search page, the API or the storefront widget."),
    )

    def __init__(self, data=None, *, today=None, **kwargs):
        self.today = today or timezone.localdate()
        super().__init__(data, **kwargs)
        self.fields["language"].choices = [("", _("All languages")), *languages()]
        self.fields["source"].choices = [("", _("All sources")), *sources()]
        default = Period.default(today=self.today)
        self.fields["start"].initial = default.first_day
        self.fields["end"].initial = default.last_day

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if "start" in self.errors or "end" in self.errors:
            return data
        if start is None and end is None:
            end = self.today
        if end is None:
            end = min(start + datetime.timedelta(days=DEFAULT_DAYS - 1), self.today)
            end = max(end, start)
        if start is None:
            start = end - datetime.timedelta(days=DEFAULT_DAYS - 1)
        if end < start:
            raise forms.ValidationError(
                _("The last day (%(end)s) is before the first day (%(start)s)."),
                params={"start": start.isoformat(), "end": end.isoformat()},
                code="reversed",
            )
        if (end - start).days + 1 > MAX_DAYS:
            raise forms.ValidationError(
                _("Choose at most %(max)d days (you chose %(days)d)."),
                params={"max": MAX_DAYS, "days": (end - start).days + 1},
                code="too_long",
            )
        data["start"], data["end"] = start, end
        # Show the dates in use, also where one was left out.
        self.data = self.data.copy()
        self.data["start"], self.data["end"] = start.isoformat(), end.isoformat()
        return data

    def period(self):
        """The chosen period, or the last 30 days if the form is not valid."""
        if self.is_bound and self.is_valid():
            data = self.cleaned_data
            return Period(
                data["start"], data["end"], data.get("language") or "", data.get("source") or ""
            )
        return Period.default(today=self.today)
