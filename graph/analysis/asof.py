"""As of a day: whether a fact is certainly in effect, certainly not, or possibly, and why.

Every analyst question follows one rule, the model's
(:meth:`graph.model.timing.Timing.certainty`, through
:func:`graph.model.dates.in_effect`): each date of a fact is an interval of
days, and a fact is *certainly* in effect on a day when every day its
intervals allow puts the day inside (an event: from its date on; a state:
from its start to its end), *not* in effect when none does, and *possibly*
otherwise. A planned or announced fact is at most possible. Without a day
("at any time") a fact is certain, unless it is planned: then nothing says it
happened at all.

:class:`When` is what the reports show of one fact: its dates as the sources
give them, the days they may be, how certain it is on the day asked, and, when
only possibly, why (the dates that straddle the day).

>>> import datetime as dt
>>> from graph.model.timing import Span, Timing
>>> left = {"timing": Timing("state", start=Span(None, dt.date(2016, 4, 30)),
...                          end=Span(dt.date(2016, 4, 1), dt.date(2016, 5, 8)))}
>>> w = When.of(left, dt.date(2016, 5, 1))
>>> w.certainty.value, w.why
('possible', 'ended between 2016-04-01 and 2016-05-08')
>>> When.of(left, dt.date(2016, 5, 9)).certainty.value
'no'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

import networkx as nx

from ..model.dates import Certainty, PartialDate, dates_of, in_effect
from ..model.timing import POINTS, Span

__all__ = ["When", "certainty", "keep", "known_until", "past_the_sources", "strongest"]

_ORDER = (Certainty.NO, Certainty.POSSIBLE, Certainty.CERTAIN)


def certainty(attrs: dict[str, Any], day: dt.date | None) -> Certainty:
    """Whether a node or edge is in effect on ``day``; at any time (``None``), certain unless planned."""
    found = in_effect(attrs, day)
    timing = attrs.get("timing")
    if day is None and found is Certainty.CERTAIN and timing is not None and timing.planned:
        return Certainty.POSSIBLE
    return found


def keep(found: Certainty, certain: bool) -> bool:
    """Whether an answer keeps a fact this certain: any that may be in effect, or only the certain ones."""
    return found is Certainty.CERTAIN if certain else bool(found)


def strongest(found: list[Certainty]) -> Certainty:
    """The most certain of several ways to the same thing (``NO`` if there are none).

    >>> strongest([Certainty.POSSIBLE, Certainty.CERTAIN]).value, strongest([]).value
    ('certain', 'no')
    """
    return max(found, key=_ORDER.index, default=Certainty.NO)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _on(span: Span) -> str:
    """A span after a verb: ``in 2016-04``, ``on 2016-05-18``, ``between … and …``, ``by …``, ``on an unknown day``."""
    text = str(span)
    if text == "unknown":
        return "on an unknown day"
    if span.precise() is not None:
        return f"on {text}" if span.exact else f"in {text}"
    return text


@dataclass(frozen=True)
class When:
    """A fact's dates for the reports, and how certain it is on the day asked (``day``; None: at any time).

    ``dates`` are the dates as written (at the source's precision); ``spans``
    the days each may be; ``dated`` the dates the sources give, as a value, bounds,
    a relative date or an order (the others are bounded only by what is around
    them, such as the source's publication);
    ``why`` says why the fact is only possibly in effect ("" when certain).
    """

    kind: str
    dates: dict[str, PartialDate] = field(default_factory=dict)
    spans: dict[str, Span] = field(default_factory=dict)
    dated: tuple[str, ...] = ()
    planned: bool = False
    day: dt.date | None = None
    certainty: Certainty = Certainty.CERTAIN
    why: str = ""

    @classmethod
    def of(cls, attrs: dict[str, Any], day: dt.date | None) -> When:
        """The dates and certainty of a node's or an edge's attributes on ``day``."""
        timing = attrs.get("timing")
        dates = dates_of(attrs)
        if timing is not None:
            kind: str = timing.kind
            spans = {p: timing.spans[p] for p in POINTS if p in timing.spans}
            planned = bool(timing.planned)
        else:  # a graph built by hand: the dates as written
            kind = "state" if attrs.get("temporal") == "state" or {"start", "end"} & set(dates) else "event"
            spans = {p: Span.of(v) for p, v in dates.items()}
            planned = False
        given = set(attrs.get("specs") or ()) | set(dates)  # as curated, or a value (a graph read back from RDF)
        dated = tuple(p for p in POINTS if p in given and p in spans)
        found = certainty(attrs, day)
        when = cls(kind, dates, spans, dated, planned, day, found)
        return replace(when, why=when.reason()) if found is Certainty.POSSIBLE else when

    @property
    def begins(self) -> Span:
        """The span of the day it starts to hold (its date or its start)."""
        return self.spans.get("date") or self.spans.get("start") or Span()

    def first(self) -> dt.date:
        """The first day it may start to hold, for sorting (``date.min`` when unbounded)."""
        return self.begins.earliest or dt.date.min

    def text(self) -> str:
        """The dates the sources give: ``2015-05``, ``by 2016-05-08``, ``2016-04 – …`` (a state), ``undated``."""  # noqa: RUF002
        if not self.dated:
            return "undated"
        if self.kind == "event":
            return str(self.spans["date"])
        start = str(self.spans["start"]) if "start" in self.dated else "?"
        end = str(self.spans["end"]) if "end" in self.dated else "…"
        return f"{start} – {end}"

    def reason(self) -> str:
        """Why it is only possibly in effect on the day: the dates that straddle it, or its being planned."""
        parts = ["planned as of its source" + ("" if self.day else f" ({self.text()})")] if self.planned else []
        day = self.day
        if day is None:
            return "; ".join(parts)
        if self.kind == "event":
            date = self.spans.get("date", Span())
            if date.latest is None or date.latest > day:
                parts.append(f"happened {_on(date)}")
        elif self.kind == "state":
            start, end = self.spans.get("start", Span()), self.spans.get("end", Span())
            if start.latest is None or start.latest > day:
                parts.append(f"began {_on(start)}")
            if end.earliest is None or end.earliest < day:
                if end.latest is None:
                    parts.append(f"ended {_on(end)}, if at all")
                else:
                    parts.append(f"ended {_on(end)}")
        return "; ".join(parts)

    def weakest(self, other: When) -> When:
        """Both at once (a finding resting on two facts): the weaker certainty, both reasons."""
        why = "; ".join(dict.fromkeys(w for w in (self.why, other.why) if w))
        return replace(self, certainty=self.certainty & other.certainty, why=why)

    def to_dict(self) -> dict[str, Any]:
        """``certainty``, ``why`` and each date's ``bounds`` (earliest and latest day, ISO; null: unbounded)."""
        return {
            "certainty": self.certainty.value,
            "why": self.why or None,
            "planned": self.planned,
            "bounds": {p: {"earliest": _iso(s.earliest), "latest": _iso(s.latest)} for p, s in self.spans.items()},
        }


def known_until(G: nx.MultiDiGraph) -> dt.date | None:
    """The last day any source may have been published: what they say reaches no further (None: not known).

    >>> from graph import load, to_networkx
    >>> known_until(to_networkx(load("data")))
    datetime.date(2016, 8, 4)
    """
    lasts: list[dt.date] = []
    for s in G.graph.get("sources", {}).values():
        publication, published = s.get("publication"), s.get("published")
        if publication is not None and publication.latest is not None:
            lasts.append(publication.latest)
        elif isinstance(published, PartialDate):
            lasts.append(published.last_day())
        else:
            return None
    return max(lasts, default=None)


def past_the_sources(G: nx.MultiDiGraph, day: dt.date | None) -> str:
    """A note when ``day`` is after every source's publication ("" otherwise)."""
    last = known_until(G)
    if day is None or last is None or day <= last:
        return ""
    return (
        f"note: {day.isoformat()} is after {last.isoformat()}, the last day any source may have been published: "
        "nothing later is known, so what the sources report as holding is only possibly still so"
    )
