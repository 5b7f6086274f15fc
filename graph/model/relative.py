"""Relative dates computed from a source's publication: "last Wednesday" in an article of early May 2016.

Each rule of the schema's time vocabulary (:data:`graph.schema.time.RELATIVE_RULES`)
maps a publication day to the days the expression may name; over a
publication *interval* the result is the smallest span holding every day any
publication day in it gives. Every rule is monotone in the publication day
(a later publication never gives an earlier day), so the span runs from
what the first publication day gives to what the last one gives.

>>> import datetime as dt
>>> from graph.schema import load_schema
>>> expr = load_schema().time.find("last Wednesday")
>>> str(resolve(expr, Span(dt.date(2016, 5, 12), dt.date(2016, 5, 12))))
'between 2016-05-04 and 2016-05-11'
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable

from ..schema import RelativeDate
from .timing import Span

__all__ = ["RULES", "resolve"]

Rule = Callable[[dt.date, dict[str, int]], tuple[dt.date, dt.date]]

_DAY = dt.timedelta(days=1)


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.isoweekday() - 1)


def _weekday_before(day: dt.date, p: dict[str, int]) -> tuple[dt.date, dt.date]:
    """That weekday of the previous ISO week, or the latest such weekday before ``day``."""
    previous_week = _week_start(day) - dt.timedelta(days=7) + dt.timedelta(days=p["weekday"] - 1)
    back = (day.isoweekday() - p["weekday"]) % 7 or 7
    latest = day - dt.timedelta(days=back)
    return min(previous_week, latest), max(previous_week, latest)


def _weekday_on_or_before(day: dt.date, p: dict[str, int]) -> tuple[dt.date, dt.date]:
    """The latest such weekday on or before ``day``."""
    d = day - dt.timedelta(days=(day.isoweekday() - p["weekday"]) % 7)
    return d, d


def _weekday_after(day: dt.date, p: dict[str, int]) -> tuple[dt.date, dt.date]:
    """The first such weekday after ``day``."""
    d = day + dt.timedelta(days=(p["weekday"] - day.isoweekday()) % 7 or 7)
    return d, d


def _weekend_before(day: dt.date, p: dict[str, int]) -> tuple[dt.date, dt.date]:
    saturday = _week_start(day) - dt.timedelta(days=2)
    return saturday, saturday + _DAY


def _week_before(day: dt.date, p: dict[str, int]) -> tuple[dt.date, dt.date]:
    monday = _week_start(day) - dt.timedelta(days=7)
    return monday, monday + dt.timedelta(days=6)


def _month(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _latest_month_before(day: dt.date, p: dict[str, int]) -> tuple[dt.date, dt.date]:
    year = day.year if p["month"] < day.month else day.year - 1
    return _month(year, p["month"])


def _month_of_year(day: dt.date, p: dict[str, int]) -> tuple[dt.date, dt.date]:
    lo, hi = _month(day.year, p["month"])
    return lo, min(hi, day)


def _day_of_previous_year(day: dt.date, p: dict[str, int]) -> tuple[dt.date, dt.date]:
    d = dt.date(day.year - 1, p["month"], p["day"])
    return d, d


def _month_of_previous_year(day: dt.date, p: dict[str, int]) -> tuple[dt.date, dt.date]:
    return _month(day.year - 1, p["month"])


def _start_of_year(day: dt.date, p: dict[str, int]) -> tuple[dt.date, dt.date]:
    months = max(1, min(12, p["months"]))
    return dt.date(day.year, 1, 1), min(_month(day.year, months)[1], day)


def _same_year(day: dt.date, p: dict[str, int]) -> tuple[dt.date, dt.date]:
    return dt.date(day.year, 1, 1), day


def _previous_year(day: dt.date, p: dict[str, int]) -> tuple[dt.date, dt.date]:
    return dt.date(day.year - 1, 1, 1), dt.date(day.year - 1, 12, 31)


RULES: dict[str, Rule] = {
    "weekday_before": _weekday_before,
    "weekday_on_or_before": _weekday_on_or_before,
    "weekday_after": _weekday_after,
    "weekend_before": _weekend_before,
    "week_before": _week_before,
    "latest_month_before": _latest_month_before,
    "month_of_year": _month_of_year,
    "day_of_previous_year": _day_of_previous_year,
    "month_of_previous_year": _month_of_previous_year,
    "start_of_year": _start_of_year,
    "same_year": _same_year,
    "previous_year": _previous_year,
}
"""Each relative rule: publication day, parameters -> the first and last day the expression may name."""


def resolve(expr: RelativeDate, publication: Span) -> Span:
    """The days ``expr`` may name for a publication somewhere in ``publication`` (a bounded span).

    Raises ValueError when the publication is unbounded or the rule gives no day
    (a month of the publication's year that comes after it).
    """
    if publication.earliest is None or publication.latest is None:
        raise ValueError("the source's publication date is not bounded on both sides")
    rule = RULES[expr.rule]
    lo, _ = rule(publication.earliest, expr.params)
    _, hi = rule(publication.latest, expr.params)
    if lo > hi:
        raise ValueError(f"'{expr.text}' names no day before a publication {publication}")
    why = f"'{expr.text}', relative to a publication {publication}"
    return Span(lo, hi, why, why)
