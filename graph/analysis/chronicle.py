"""The timeline: every dated moment in an order the sources allow, and where they do not say which came first.

A moment is one date of a fact as the sources give it (an event's date, a
state's start or its end), an interval of days: ``2015-05``, ``between
2016-04-01 and 2016-05-08``, ``by 2015-11-06``. The moments are listed in a
topological order of what the sources say of their order (a record's
``after:`` and ``before:``, a state's start before its end), ties broken by
the earliest day, then the latest day, then the record's id. Since each
interval is already narrowed by that order, the list is also sorted by the
earliest day, and a moment whose interval ends before another's begins comes
first.

Two moments *cannot be ordered* when their intervals overlap and nothing the
sources say orders them: each entry says whether it comes certainly no earlier
than the one before it (``order``: ``after``) or may have come first
(``unknown``). The dates the sources do not give (an undated fact, bounded
only by the publication of its source) are not moments, but the order still
runs through them. The order a source's publication puts between what it
reports done and what it reports planned is not read here (the graph does not
carry it): their intervals, which it narrowed, tell them apart but for days
both may be.

>>> from graph import load, to_networkx
>>> G = to_networkx(load("data"))
>>> [(str(e.span), e.record, e.order) for e in timeline(G, "Gucci")]  # doctest: +NORMALIZE_WHITESPACE
[('2015-05', 'lawsuit_manhattan_2015_05', None),
 ('between 2016-04-01 and 2016-05-08', 'withdrawal_gucci_iacc', 'after'),
 ('between 2016-04-01 and 2016-05-08', 'gucci-member_of-iacc', 'after'),
 ('between 2016-04-01 and 2016-05-18', 'accusation_gucci_kors_largest_marketplace', 'unknown')]
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

import networkx as nx

from ..model.dates import PartialDate
from ..model.timing import POINTS, Span
from .asof import When
from .names import resolve

__all__ = ["Moment", "TimelineEntry", "moments", "timeline"]

Point = tuple[str, str]
"""A record id and one of its dates (``date``, ``start``, ``end``)."""

Order = Literal["after", "unknown"]

Record = tuple[str, dict[str, Any], tuple[str, ...], str]
"""A node or a curated relation: its id, its attributes, the entities it involves, and how it reads."""


@dataclass(frozen=True)
class TimelineEntry:
    """A dated moment: a fact happening, or a state starting or ending.

    ``span`` holds the days it may be; ``date`` is the record's date at a
    calendar precision (as the source gives it, or the narrowest day, month or
    year holding its span; None when no year does); ``order`` says whether it
    comes certainly no earlier than the entry before it (``after``), may have
    come first (``unknown``), or is the first (None).
    """

    span: Span
    date: PartialDate | None
    moment: Literal["date", "start", "end"]
    what: str
    record: str
    kind: str
    type: str
    stance: str
    involves: tuple[str, ...]
    evidence: list[dict[str, str]] = field(default_factory=list)
    note: str = ""
    planned: bool = False
    order: Order | None = None

    def to_dict(self) -> dict[str, Any]:
        exact = self.span.precise()
        return {
            "date": str(self.span),
            "earliest": self.span.earliest.isoformat() if self.span.earliest else None,
            "latest": self.span.latest.isoformat() if self.span.latest else None,
            "precision": exact.precision if exact else None,
            "moment": self.moment,
            "what": self.what,
            "record": self.record,
            "kind": self.kind,
            "type": self.type,
            "stance": self.stance,
            "involves": list(self.involves),
            "planned": self.planned,
            "order": self.order,
            "note": self.note,
            "evidence": self.evidence,
        }


@dataclass(frozen=True)
class Moment:
    """One date of a record, as the ordering sees it (``shown``: a date the sources give)."""

    point: Point
    span: Span
    shown: bool

    def key(self) -> tuple[dt.date, dt.date, str, int]:
        """Earliest day, latest day (unbounded: the extremes), record id, then date before start before end."""
        s = self.span
        return (s.earliest or dt.date.min, s.latest or dt.date.max, self.point[0], POINTS.index(self.point[1]))


def _records(G: nx.MultiDiGraph) -> Iterator[Record]:
    """Every node and curated relation: its id, attributes, the entities it involves, and how it reads."""
    for n, d in G.nodes(data=True):
        involves = tuple(sorted({v for _, v in G.out_edges(n)})) if d["kind"] == "fact" else ()
        yield n, d, involves, f"{d['type_label']}: {d['name']}"
    for u, v, k, d in G.edges(keys=True, data=True):
        if d["kind"] == "relation":
            yield k, d, (u, v), f"{G.nodes[u]['name']} {d['label']} {G.nodes[v]['name']}"


def _reference(ref: str, kinds: dict[str, str]) -> Point | None:
    """The point an ``after:`` or ``before:`` names: a record (its date or start), or ``id.start`` and the like."""
    kind = kinds.get(ref)
    if kind in ("event", "state"):
        return (ref, "date" if kind == "event" else "start")
    base, _, name = ref.rpartition(".")
    if base in kinds and name in POINTS:
        return (base, name)
    return None


def moments(G: nx.MultiDiGraph) -> tuple[dict[Point, Moment], dict[Point, set[Point]]]:
    """Every date of every record, and what the sources say of their order (point -> the points on or after it)."""
    records = list(_records(G))
    return _moments(records, {rid: When.of(d, None) for rid, d, *_ in records})


def _moments(records: list[Record], whens: dict[str, When]) -> tuple[dict[Point, Moment], dict[Point, set[Point]]]:
    kinds = {rid: w.kind for rid, w in whens.items()}
    found = {(rid, p): Moment((rid, p), span, p in w.dated) for rid, w in whens.items() for p, span in w.spans.items()}
    later: dict[Point, set[Point]] = {k: set() for k in found}
    for rid, d, *_ in records:
        if kinds[rid] == "state":
            later[(rid, "start")].add((rid, "end"))
        for p, spec in (d.get("specs") or {}).items():
            if (rid, p) not in found:
                continue
            for ref in spec.after:
                target = _reference(ref, kinds)
                if target in found:
                    later[target].add((rid, p))
            for ref in spec.before:
                target = _reference(ref, kinds)
                if target in found:
                    later[(rid, p)].add(target)
    return found, later


def _ordered(found: dict[Point, Moment], later: dict[Point, set[Point]]) -> list[Point]:
    """A topological order of the points, ties by :meth:`Moment.key` (Kahn's algorithm on a heap).

    A cycle (which the loader refuses; a graph built by hand may have one) is
    broken by listing what is left in key order.
    """
    indegree = dict.fromkeys(found, 0)
    for k in found:
        for m in later[k]:
            indegree[m] += 1
    heap = [(found[k].key(), k) for k, n in indegree.items() if n == 0]
    heapq.heapify(heap)
    out: list[Point] = []
    while heap:
        _, k = heapq.heappop(heap)
        out.append(k)
        for m in later[k]:
            indegree[m] -= 1
            if indegree[m] == 0:
                heapq.heappush(heap, (found[m].key(), m))
    if len(out) < len(found):
        done = set(out)
        out += sorted((k for k in found if k not in done), key=lambda k: found[k].key())
    return out


def _certainly_before(
    a: Point, b: Point, found: dict[Point, Moment], later: dict[Point, set[Point]], at: dict[Point, int]
) -> bool:
    """Whether ``a`` is on or before ``b`` in every case: ``a``'s days end by ``b``'s first, or an order leads there.

    Spans and order mixed need no search: the spans are narrowed by the order,
    so a chain through a span ends as a span test. A path of order alone runs
    between the two in the topological order, so the search stays there.
    """
    lo, hi = found[a].span.latest, found[b].span.earliest
    if lo is not None and hi is not None and lo <= hi:
        return True
    stack, seen = [a], {a}
    while stack:
        for m in later[stack.pop()]:
            if m == b:
                return True
            if m not in seen and at[m] < at[b]:
                seen.add(m)
                stack.append(m)
    return False


def timeline(G: nx.MultiDiGraph, name: str | None = None) -> list[TimelineEntry]:
    """The dated moments in an order the sources allow, each with the days it may be and whether it is ordered.

    With ``name``, only the facts that entity takes part in (still in the
    order of the whole graph). Edges derived from an n-ary fact are not
    repeated: the fact itself is listed.

    >>> from graph import load, to_networkx
    >>> G = to_networkx(load("data"))
    >>> [(str(e.span), e.record, e.order) for e in timeline(G, "Kering")][:2]
    [('by 2015-11-06', 'remark_jack_ma_rather_lose', None), ('2015-05', 'lawsuit_sdny_15cv3784', 'unknown')]
    """
    node = resolve(G, name) if name is not None else None
    records = list(_records(G))
    whens = {rid: When.of(d, None) for rid, d, *_ in records}
    found, later = _moments(records, whens)
    order = _ordered(found, later)
    at = {k: i for i, k in enumerate(order)}
    described = {rid: (d, involves, what) for rid, d, involves, what in records}
    entries: list[TimelineEntry] = []
    previous: Point | None = None
    for k in order:
        rid, moment = k
        d, involves, what = described[rid]
        if not found[k].shown or (node is not None and node != rid and node not in involves):
            continue
        relation = d["kind"] == "relation"
        when = whens[rid]
        entries.append(
            TimelineEntry(
                span=found[k].span,
                date=when.dates.get(moment),
                moment=moment,  # type: ignore[arg-type]
                what=what + _moment_suffix(moment, d.get("temporal", "event") if relation else "event"),
                record=rid,
                kind=d["kind"],
                type=d["type"],
                stance=d["stance"] if relation else "neutral",
                involves=involves,
                evidence=list(d.get("evidence", [])),
                note=str(d.get("date_note", "")),
                planned=when.planned,
                order=None if previous is None else _order(previous, k, found, later, at),
            )
        )
        previous = k
    return entries


def _order(
    previous: Point, k: Point, found: dict[Point, Moment], later: dict[Point, set[Point]], at: dict[Point, int]
) -> Order:
    return "after" if _certainly_before(previous, k, found, later, at) else "unknown"


def _moment_suffix(moment: str, temporal: str) -> str:
    if moment == "start":
        return " (begins)" if temporal == "state" else " (starts)"
    if moment == "end":
        return " (ends)"
    return ""
