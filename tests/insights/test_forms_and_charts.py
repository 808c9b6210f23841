"""The period filters and the server-drawn charts."""

import datetime

from django.utils import translation

from portal.insights.charts import Chart, count_axis_top
from portal.insights.forms import PeriodForm
from portal.insights.periods import Period

TODAY = datetime.date(2026, 3, 31)


def period(data):
    form = PeriodForm(data, today=TODAY)
    return form, form.period()


def test_default_is_the_last_30_days_in_every_language():
    form, chosen = period(None)
    assert chosen == Period(datetime.date(2026, 3, 2), TODAY, "")
    assert chosen.previous() == Period(datetime.date(2026, 1, 31), datetime.date(2026, 3, 1))


def test_one_given_end_fills_in_the_other():
    _form, chosen = period({"start": "2026-03-10"})
    assert (chosen.first_day, chosen.last_day) == (datetime.date(2026, 3, 10), TODAY)
    _form, chosen = period({"end": "2026-02-10", "language": "de"})
    assert chosen == Period(datetime.date(2026, 1, 12), datetime.date(2026, 2, 10), "de")


def test_one_day_and_a_whole_leap_year_are_allowed_but_no_more():
    form, chosen = period({"start": "2026-03-05", "end": "2026-03-05"})
    assert form.is_valid() and chosen.days == 1
    assert PeriodForm({"start": "2024-01-01", "end": "2024-12-31"}, today=TODAY).is_valid()
    form = PeriodForm({"start": "2024-01-01", "end": "2025-01-01"}, today=TODAY)
    assert not form.is_valid()
    assert "Choose at most 366 days (you chose 367)." in form.non_field_errors()


def test_reversed_dates_are_explained():
    form = PeriodForm({"start": "2026-03-10", "end": "2026-03-01"}, today=TODAY)
    assert not form.is_valid()
    assert form.non_field_errors() == [
        "The last day (2026-03-01) is before the first day (2026-03-10)."
    ]
    assert form.period() == Period.default(today=TODAY)


def test_count_axes_have_whole_round_steps():
    assert [count_axis_top(v) for v in (0, 3, 5, 21, 99, 333, 1000, 12345)] == [
        4,
        4,
        8,
        40,
        100,
        400,
        1000,
        20000,
    ]


def test_chart_lines_break_where_a_rate_has_no_data():
    days = [datetime.date(2026, 3, day) for day in range(1, 7)]
    chart = Chart(
        "rate", "Rate", list(zip(days, [0.5, 0.25, None, 1.0, None, 0.0], strict=True)), True
    )
    assert chart.segments == ["M56.0 102.0 L169.6 147.0"]
    assert chart.dots == [("396.8", "12.0"), ("624.0", "192.0")]
    assert chart.y_ticks[0] == ("192.0", "0.0 %") and chart.y_ticks[-1] == ("12.0", "100.0 %")
    assert "Lowest 0.0 % on" in chart.description and "highest 100.0 % on" in chart.description
    assert chart.rows[2] == (days[2], "—")


def test_chart_coordinates_ignore_the_language():
    days = [datetime.date(2026, 3, day) for day in range(1, 4)]
    with translation.override("de"):
        chart = Chart("searches", "Suchen", list(zip(days, [1200, 3400, 2500], strict=True)))
        assert chart.segments[0] == "M56.0 138.0 L340.0 39.0 L624.0 79.5"
        assert chart.y_ticks[-1][1] == "4.000"
