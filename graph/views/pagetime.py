"""What the HTML page knows of time: each item's dates for its as-of rule, their text, and the slider's days.

The page answers "in effect on this day?" in the browser, for every node and
edge, each time the day changes. It must answer exactly as the command line
does (:meth:`graph.model.timing.Timing.certainty`), so it gets what that rule
reads (:func:`page_time`: the kind, each date's earliest and latest day,
whether the record is planned, and whether its source denies it), and applies the same comparisons to them
(``certainty`` in ``templates/graph.html.j2``; the browser tests hold the two
to the same answers). The text it shows for a date is the command line's
(:func:`date_texts`: ``str(Span)``), and its slider runs from the earliest day
any date names to where the sources end (:func:`slider_days`,
:func:`sources_end`), further only for what they expected, which it marks.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import networkx as nx

from ..model.dates import PartialDate, effect_window
from ..model.timing import POINTS, Span

__all__ = ["date_texts", "page_time", "published", "slider_days", "sources_end"]


def _day(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def page_time(attrs: dict[str, Any]) -> dict[str, Any] | None:
    """What the page's ``certainty`` reads to answer as of a day, exactly as :meth:`Timing.certainty` does.

    Each date's earliest and latest day (``None``: unbounded), whether it is
    planned, whether it is denied (``negated``: never in effect), and the kind
    where the dates do not say it (a ``date`` alone is an event's, a
    ``start`` or an ``end`` a state's: the page infers these, which keeps a
    large page smaller); ``None`` for what is in effect at
    every date (a timeless entity). A graph built without the loader's
    ``timing`` gets its window (the rule of :func:`graph.model.dates.in_effect`
    for such a graph: certain inside, not outside).

    >>> from graph.model.timing import Timing
    >>> page_time({"timing": Timing("event", date=Span(dt.date(2016, 4, 1), dt.date(2016, 5, 8)), planned=True)})
    {'date': ['2016-04-01', '2016-05-08'], 'planned': True}
    >>> page_time({"timing": Timing("state")})
    {'kind': 'state'}
    >>> page_time({"timing": Timing("timeless", negated=True)})
    {'kind': 'timeless', 'negated': True}
    >>> page_time({"temporal": "state", "end": PartialDate.parse("2016-04")})
    {'kind': 'window', 'window': [None, '2016-04-30']}
    """
    timing = attrs.get("timing")
    if timing is None:
        window = [_day(d) for d in effect_window(attrs)]
        return None if window == [None, None] else {"kind": "window", "window": window}
    if timing.kind == "timeless" and not timing.planned and not timing.negated:
        return None
    time: dict[str, Any] = {point: [_day(span.earliest), _day(span.latest)] for point, span in timing.spans.items()}
    implied = "event" if set(time) == {"date"} else "state" if time and set(time) <= {"start", "end"} else None
    if timing.kind != implied:
        time["kind"] = timing.kind
    if timing.planned:
        time["planned"] = True
    if timing.negated:
        time["negated"] = True
    return time


def date_texts(attrs: dict[str, Any]) -> dict[str, str]:
    """Each date as the command line writes it: its span, with its bounds; without the loader's timing, as given.

    >>> from graph.model.timing import Timing
    >>> date_texts({"timing": Timing("state", start=Span(None, dt.date(2016, 5, 8)), end=Span())})
    {'start': 'by 2016-05-08', 'end': 'unknown'}
    """
    timing = attrs.get("timing")
    if timing is not None:
        return {k: str(span) for k, span in timing.spans.items()}
    return {k: str(attrs[k]) for k in POINTS if isinstance(attrs.get(k), PartialDate)}


def _bounds(attrs: dict[str, Any]) -> list[dt.date]:
    """Every day a node's or an edge's dates name as a bound."""
    timing = attrs.get("timing")
    if timing is not None:
        return [d for span in timing.spans.values() for d in (span.earliest, span.latest) if d is not None]
    return [b for x in attrs.values() if isinstance(x, PartialDate) for b in (x.first_day(), x.last_day())]


def _publications(G: nx.MultiDiGraph) -> list[Span]:
    return [s["publication"] for s in G.graph.get("sources", {}).values() if isinstance(s.get("publication"), Span)]


def sources_end(G: nx.MultiDiGraph) -> dt.date | None:
    """The last day the sources may have been published (the latest of their publications): nothing is known past it.

    ``None`` when no source's publication is bounded.

    >>> from graph import load, to_networkx
    >>> sources_end(to_networkx(load("data")))  # the court's order, filed 2016-08-04
    datetime.date(2016, 8, 4)
    """
    return max((span.latest for span in _publications(G) if span.latest is not None), default=None)


def slider_days(G: nx.MultiDiGraph) -> tuple[dt.date, dt.date]:
    """The as-of slider's first and last day: the earliest and the latest day any date or publication names.

    It ends where the sources end, unless a date lies past it (what the sources
    expected: a planned event); the page marks the part past the end as unknown.

    >>> from graph import load, to_networkx
    >>> slider_days(to_networkx(load("data")))  # from the court's action No. 14 cv 5119 (2014) to its order
    (datetime.date(2014, 1, 1), datetime.date(2016, 8, 4))
    """
    days = [b for _, d in G.nodes(data=True) for b in _bounds(d)]
    days += [b for *_, d in G.edges(data=True) for b in _bounds(d)]
    days += [b for span in _publications(G) for b in (span.earliest, span.latest) if b is not None]
    if not days:
        today = dt.date(2000, 1, 1)
        return today, today
    return min(days), max(days)


def published(source: dict[str, Any]) -> str:
    """When a source was published, as the command line writes a date (``between 2016-04-01 and 2016-05-12``)."""
    span = source.get("publication")
    if isinstance(span, Span) and (span.earliest or span.latest):
        return str(span)
    return str(source["published"]) if source.get("published") else ""
