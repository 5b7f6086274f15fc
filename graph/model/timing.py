"""When a record holds, as the sources tell it: each date an interval of days, and answers that say yes, no or possibly.

An article published some day in the first half of May 2016 that says "last
Wednesday" names one day, but not which: an interval of days. :class:`Span`
is such an interval, with the reason for each bound; :class:`DateSpec` is
what the curator wrote for one date (a value at its precision, bounds, a
relative expression, order against other records); :class:`Timing` is a
record's spans once the loader has computed them, and answers as of a day
with a :class:`Certainty`.

>>> import datetime as dt
>>> left = Span(dt.date(2016, 4, 1), dt.date(2016, 5, 10))
>>> t = Timing("event", date=left)
>>> [t.certainty(dt.date(2016, m, d)).value for m, d in ((3, 31), (4, 20), (5, 10))]
['no', 'possible', 'certain']
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from .dates import Certainty, PartialDate

__all__ = ["POINTS", "Certainty", "DateSpec", "PickledByFields", "Span", "Timing", "enclosing"]

POINTS = ("date", "start", "end")
"""The dates of a record: an event's ``date``, a state's ``start`` and ``end``."""


class PickledByFields:
    """Pickled as a call of its class with its fields' values, in order: a frozen slotted dataclass is read
    back by its own ``__init__`` (whose ``__post_init__``, where there is one, normalises idempotently), not
    by ``dataclasses``' ``__setstate__``, which looks the fields up again for every object: that search was
    half of reading a model file, and the constructor is 1.7 times as fast again as setting the slots one
    by one (200,000 spans: 0.26 s against 0.45 s)."""

    __slots__ = ()

    def __reduce__(self) -> tuple[Any, ...]:
        names: tuple[str, ...] = type(self).__slots__  # the dataclass's fields, in order
        return (type(self), tuple(getattr(self, name) for name in names))


@dataclass(frozen=True, slots=True)
class Span(PickledByFields):
    """The days one date may be: from ``earliest`` to ``latest`` (``None``: unbounded), each bound with its reason."""

    earliest: dt.date | None = None
    latest: dt.date | None = None
    why_earliest: str = ""
    why_latest: str = ""

    @classmethod
    def of(cls, value: PartialDate, why: str = "") -> Span:
        """The days a partial date names (2016-05: May 1 to May 31)."""
        return cls(value.first_day(), value.last_day(), why, why)

    @property
    def empty(self) -> bool:
        return self.earliest is not None and self.latest is not None and self.earliest > self.latest

    @property
    def bounded(self) -> bool:
        return self.earliest is not None and self.latest is not None

    @property
    def exact(self) -> bool:
        """Whether the span is one day."""
        return self.earliest is not None and self.earliest == self.latest

    def contains(self, day: dt.date) -> bool:
        return (self.earliest is None or self.earliest <= day) and (self.latest is None or day <= self.latest)

    def meet(self, other: Span) -> Span:
        """The days both spans allow, each bound with the reason of the tighter one (ties keep ``self``'s)."""
        lo, why_lo = self.earliest, self.why_earliest
        if other.earliest is not None and (lo is None or other.earliest > lo):
            lo, why_lo = other.earliest, other.why_earliest
        hi, why_hi = self.latest, self.why_latest
        if other.latest is not None and (hi is None or other.latest < hi):
            hi, why_hi = other.latest, other.why_latest
        return Span(lo, hi, why_lo, why_hi)

    def value(self) -> PartialDate | None:
        """The narrowest calendar day, month or year that holds the whole span (None if unbounded or over years).

        >>> Span(dt.date(2016, 5, 2), dt.date(2016, 5, 8)).value()
        PartialDate('2016-05')
        """
        lo, hi = self.earliest, self.latest
        if lo is None or hi is None or lo.year != hi.year:
            return None
        if lo == hi:
            return PartialDate(lo.year, lo.month, lo.day)
        if lo.month == hi.month:
            return PartialDate(lo.year, lo.month)
        return PartialDate(lo.year)

    def precise(self) -> PartialDate | None:
        """The calendar day, month or year the span is exactly (None if it is not one)."""
        v = self.value()
        return v if v is not None and (v.first_day(), v.last_day()) == (self.earliest, self.latest) else None

    def edtf(self) -> str:
        """The span as an EDTF (ISO 8601-2) literal: a date at its precision, or one day of a range.

        >>> Span(dt.date(2016, 5, 1), dt.date(2016, 5, 31)).edtf()
        '2016-05'
        >>> Span(dt.date(2016, 4, 20), dt.date(2016, 5, 10)).edtf()
        '[2016-04-20..2016-05-10]'
        >>> Span(None, dt.date(2016, 5, 10)).edtf(), Span().edtf()
        ('[..2016-05-10]', '')
        """
        exact = self.precise()
        if exact is not None:
            return str(exact)
        if self.earliest is None and self.latest is None:
            return ""
        lo = self.earliest.isoformat() if self.earliest else ""
        hi = self.latest.isoformat() if self.latest else ""
        return f"[{lo}..{hi}]"

    def __str__(self) -> str:
        """The span for people: ``2016-05``, ``between 2016-04-20 and 2016-05-10``, ``by 2016-05-10``, ``unknown``."""
        exact = self.precise()
        if exact is not None:
            return str(exact)
        lo, hi = self.earliest, self.latest
        if lo and hi:
            return f"between {lo.isoformat()} and {hi.isoformat()}"
        if hi:
            return f"by {hi.isoformat()}"
        if lo:
            return f"on or after {lo.isoformat()}"
        return "unknown"


@dataclass(frozen=True, slots=True)
class DateSpec(PickledByFields):
    """One date as the curator wrote it (the loader computes its :class:`Span`).

    ``value`` is the date at the precision the source gives; ``earliest`` and
    ``latest`` narrow it (at any precision: ``latest: 2016-05`` is May 31);
    ``relative`` is an expression of the schema's time vocabulary, read against
    the publication of ``source``; ``after`` and ``before`` name other records
    (an id is its date or start; ``id.end`` its end); ``note`` says why.
    The order constraints are sets: kept sorted, each once, so that a date
    read back from RDF (where triples have no order) is the same value.

    >>> DateSpec(after=("b", "a", "b")).after
    ('a', 'b')
    """

    value: PartialDate | None = None
    earliest: PartialDate | None = None
    latest: PartialDate | None = None
    relative: str = ""
    source: str = ""
    after: tuple[str, ...] = ()
    before: tuple[str, ...] = ()
    note: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "after", tuple(sorted(set(self.after))))
        object.__setattr__(self, "before", tuple(sorted(set(self.before))))

    @property
    def plain(self) -> bool:
        """Whether only a value is given (written as a bare date)."""
        return self == DateSpec(self.value)

    def given(self) -> Span:
        """The span the value and the explicit bounds allow, before relative dates and order."""
        span = Span.of(self.value, "as the source dates it") if self.value else Span()
        why = "as curated"
        if self.earliest is not None:
            span = span.meet(Span(self.earliest.first_day(), None, why))
        if self.latest is not None:
            span = span.meet(Span(None, self.latest.last_day(), "", why))
        return span


@dataclass(frozen=True, slots=True)
class Timing(PickledByFields):
    """A record's dates as computed intervals, and whether it is in effect on a day.

    ``kind`` is ``event`` (in effect from its ``date`` on), ``state`` (from its
    ``start`` to its ``end``) or ``timeless`` (an entity with no dates: always).
    ``planned``: expected as of its sources, never shown as certainly done.
    """

    kind: Literal["event", "state", "timeless"]
    date: Span | None = None
    start: Span | None = None
    end: Span | None = None
    planned: bool = False
    negated: bool = False
    """The source denies it (a mode that negates): never in effect, whatever its dates."""
    spans: dict[str, Span] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        found = {"date": self.date, "start": self.start, "end": self.end}
        self.spans.update({k: v for k, v in found.items() if v is not None})

    def certainty(self, day: dt.date | None) -> Certainty:
        """Whether the record is in effect on ``day`` (``None``: at any time: certainly, unless planned).

        An event counts from its date on; a state from its start to its end.
        Certain when every day its spans allow puts ``day`` inside, not in
        effect when none does, possible otherwise. A planned record is at most
        possible; a denied one is never in effect.
        """
        if self.negated:
            return Certainty.NO
        if day is None:  # at any time: certain, unless nothing says the planned thing happened
            return Certainty.POSSIBLE if self.planned else Certainty.CERTAIN
        if self.kind == "timeless":
            return Certainty.CERTAIN
        begin = self.date if self.kind == "event" else self.start
        end = self.end if self.kind == "state" else None
        begin = begin or Span()
        if begin.earliest is not None and day < begin.earliest:
            return Certainty.NO
        if end is not None and end.latest is not None and day > end.latest:
            return Certainty.NO
        begun = begin.latest is not None and begin.latest <= day
        lasting = self.kind == "event" or (end is not None and end.earliest is not None and day <= end.earliest)
        if begun and lasting and not self.planned:
            return Certainty.CERTAIN
        return Certainty.POSSIBLE

    def window(self) -> tuple[dt.date | None, dt.date | None]:
        """The first and last day on which the record may be in effect (``None``: unbounded)."""
        begin = self.date if self.kind == "event" else self.start
        end = self.end if self.kind == "state" else None
        return (begin.earliest if begin else None), (end.latest if end else None)

    def certain_window(self) -> tuple[dt.date | None, dt.date | None] | None:
        """The days on which the record is certainly in effect, or None if there are none.

        The upper end is ``None`` when it lasts for ever (an event); the lower
        end is never ``None`` (an unbounded start is never certainly begun).
        """
        if self.negated:
            return None
        if self.kind == "timeless":
            return (dt.date.min, None)
        if self.planned:
            return None
        begin = self.date if self.kind == "event" else self.start
        if begin is None or begin.latest is None:
            return None
        if self.kind == "event":
            return (begin.latest, None)
        last = self.end.earliest if self.end else None
        if last is None or last < begin.latest:
            return None
        return (begin.latest, last)


def enclosing(spans: list[Span]) -> Span:
    """The smallest span holding all of ``spans``."""
    los = [s.earliest for s in spans]
    his = [s.latest for s in spans]
    lo = None if not los or None in los else min(d for d in los if d is not None)
    hi = None if not his or None in his else max(d for d in his if d is not None)
    return Span(lo, hi)
