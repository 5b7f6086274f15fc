"""Dates with their real precision.

A source that says "last May" gives a month, not a day. :class:`PartialDate`
keeps the precision (``year``, ``month`` or ``day``) and answers the two
questions the rest of the code asks: where the period it names starts and ends.

>>> d = PartialDate.parse("2016-04")
>>> d.precision, str(d), d.first_day(), d.last_day()
('month', '2016-04', datetime.date(2016, 4, 1), datetime.date(2016, 4, 30))
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re
from dataclasses import dataclass
from typing import Any, Literal

from ..errors import UsageError

__all__ = ["Certainty", "PartialDate", "Precision", "dates_of", "effect_window", "in_effect", "parse_as_of"]

Precision = Literal["year", "month", "day"]

# [0-9], not \d: `\d` would take full-width digits and other scripts' digits for a year
_PATTERN = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
_EXPECTED = "expected a date (YYYY, YYYY-MM or YYYY-MM-DD)"


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (an int is a year).

        Raises :class:`ValueError` with a message fit for a user.

        >>> PartialDate.parse(2016).precision
        'year'
        >>> PartialDate.parse("2016-02-30")
        Traceback (most recent call last):
        ...
        ValueError: impossible date '2016-02-30': day is out of range for month
        """
        if isinstance(value, bool):
            raise ValueError(f"{_EXPECTED}, found true/false")
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, int):
            value = str(value)
        if isinstance(value, float):
            raise ValueError(f"{_EXPECTED}, found the number {value!r}")
        if isinstance(value, dict):
            raise ValueError(f"{_EXPECTED}, found a mapping")
        if isinstance(value, list | tuple):
            raise ValueError(f"{_EXPECTED}, found a list")
        if not isinstance(value, str):
            raise ValueError(f"{_EXPECTED}, found {type(value).__name__}")
        m = _PATTERN.fullmatch(value.strip())
        if not m:
            raise ValueError(f"malformed date {value!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")
        year = int(m.group(1))
        month = int(m.group(2)) if m.group(2) else None
        day = int(m.group(3)) if m.group(3) else None
        if year < 1:
            raise ValueError(f"impossible date {value!r}: year 0000 does not exist")
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"impossible date {value!r}: month must be 01 to 12")
        if day is not None:
            try:
                dt.date(year, month or 1, day)
            except ValueError as exc:
                raise ValueError(f"impossible date {value!r}: {exc}") from None
        return cls(year, month, day)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    def first_day(self) -> dt.date:
        """The first day of the period this date names."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        """The last day of the period this date names."""
        if self.day is not None:
            return dt.date(self.year, self.month or 1, self.day)
        if self.month is not None:
            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return dt.date(self.year, 12, 31)

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    @property
    def xsd_datatype(self) -> str:
        """The XML Schema datatype local name for this precision."""
        return {"day": "date", "month": "gYearMonth", "year": "gYear"}[self.precision]


def _repr(self: PartialDate) -> str:
    return f"PartialDate('{self}')"


PartialDate.__repr__ = _repr  # type: ignore[method-assign, assignment]


class Certainty(enum.Enum):
    """Whether a record is in effect on a day: certainly, possibly (its interval straddles the day) or not.

    Truthy unless ``NO``, so that ``if certainty:`` keeps what may be in effect.
    """

    NO = "no"
    POSSIBLE = "possible"
    CERTAIN = "certain"

    def __bool__(self) -> bool:
        return self is not Certainty.NO

    def __and__(self, other: Certainty) -> Certainty:
        """Both at once: the weaker of the two (a chain is as certain as its least certain link)."""
        order = (Certainty.NO, Certainty.POSSIBLE, Certainty.CERTAIN)
        return min(self, other, key=order.index)


# -- temporal rules: when a fact counts ------------------------------------------------


def parse_as_of(value: str | dt.date | None) -> dt.date | None:
    """An as-of date: a ``datetime.date`` or ``YYYY-MM-DD`` text.

    >>> parse_as_of("2016-05-01")
    datetime.date(2016, 5, 1)
    """
    if value is None or isinstance(value, dt.date):
        return value
    try:
        d = PartialDate.parse(value)
    except ValueError as exc:
        raise UsageError(f"--as-of: {exc}") from None
    if d.precision != "day":
        raise UsageError(f"--as-of needs a day (YYYY-MM-DD), got '{value}'")
    return d.first_day()


def dates_of(d: dict[str, Any]) -> dict[str, PartialDate]:
    """The dates among a node's or an edge's attributes (``date``, ``start``, ``end``)."""
    return {k: d[k] for k in ("date", "start", "end") if isinstance(d.get(k), PartialDate)}


def effect_window(attrs: dict[str, Any]) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day on which a node or edge may count (``None``: unbounded).

    With the loader's ``timing``, its window; otherwise (a graph built by hand)
    an event counts from the first day its date allows, for ever, and a state
    from the first day its start allows to the last day its end allows.

    >>> effect_window({"temporal": "state", "start": PartialDate.parse("2016-04"), "end": PartialDate.parse("2017")})
    (datetime.date(2016, 4, 1), datetime.date(2017, 12, 31))
    """
    timing = attrs.get("timing")
    if timing is not None:
        first, last = timing.window()
        return first, last
    begins = attrs.get("date") or attrs.get("start")
    end = attrs.get("end")
    first = begins.first_day() if isinstance(begins, PartialDate) else None
    last = end.last_day() if attrs.get("temporal") == "state" and isinstance(end, PartialDate) else None
    return first, last


def in_effect(attrs: dict[str, Any], as_of: dt.date | None) -> Certainty:
    """Whether a node or edge with these attributes counts as of ``as_of``: certainly, possibly or not.

    The answer is truthy unless it is ``Certainty.NO``. Without the loader's
    ``timing`` (a graph built by hand), a day inside the dates' window is
    certain and any other is not.

    >>> in_effect({"temporal": "state", "end": PartialDate.parse("2016-04")}, dt.date(2016, 4, 30))
    <Certainty.CERTAIN: 'certain'>
    >>> bool(in_effect({"temporal": "state", "end": PartialDate.parse("2016-04")}, dt.date(2016, 5, 1)))
    False
    """
    timing = attrs.get("timing")
    if timing is not None:
        result: Certainty = timing.certainty(as_of)
        return result
    if as_of is None:
        return Certainty.CERTAIN
    first, last = effect_window(attrs)
    inside = (first is None or first <= as_of) and (last is None or as_of <= last)
    return Certainty.CERTAIN if inside else Certainty.NO
