"""Computing every record's dates as intervals: the sources' publications, relative dates, statuses and order.

Each date of each record is a *point*, a day not known exactly: its span
starts from what the curator wrote (a value at its precision, bounds, a
relative date read against a source's publication) and is narrowed by
constraints of the form "this point is on or before that one":

- a state starts on or before it ends;
- ``after:`` / ``before:`` another record;
- a fact that a source reports as done happened on or before the source's
  publication; a planned one on or after it; a ``current`` state ends on or
  after it, a ``former`` one on or before it (:data:`graph.schema.time.STATUS_RULES`);
- each source's publication is itself a point, so order can narrow it too.

Constraints "a ≤ b" over intervals are solved exactly by two passes over a
topological order of the points (the earliest bounds forward, the latest
bounds backward): afterwards every day left in a span is the day of that point
in some assignment that meets every constraint (:func:`propagate`). A cycle of
constraints, or a span left empty, is a data error naming every record in it.

>>> import datetime as dt
>>> spans = {"a": Span(dt.date(2016, 4, 1), dt.date(2016, 4, 30)), "b": Span(None, dt.date(2016, 4, 10))}
>>> out = propagate(spans, [Constraint("a", "b")])
>>> str(out.spans["a"]), str(out.spans["b"])
('between 2016-04-01 and 2016-04-10', 'between 2016-04-01 and 2016-04-10')
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from .timing import Span

__all__ = ["Constraint", "Propagated", "propagate"]

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Constraint(Generic[K]):
    """``before`` is on or before ``after``; each side named for the reasons a bound gives (``on or after X``)."""

    before: K
    after: K
    before_label: str = ""
    after_label: str = ""


@dataclass
class Propagated(Generic[K]):
    """The narrowed spans; the cycles (each the points on it); the points left empty, with what emptied them."""

    spans: dict[K, Span]
    cycles: list[list[K]] = field(default_factory=list)
    empty: dict[K, tuple[list[K], list[K]]] = field(default_factory=dict)
    """Point -> (the chain its earliest bound came along, the chain its latest bound came along)."""


def propagate(spans: dict[K, Span], constraints: Iterable[Constraint[K]]) -> Propagated[K]:
    """Narrow ``spans`` under ``constraints`` to the fixed point (points missing from ``spans`` are unbounded).

    Reports every cycle (a strongly connected set of points, which the
    constraints would force to one day) and leaves the spans of the points on
    cycles as they were given.
    """
    cons = list(constraints)
    out: dict[K, Span] = dict(spans)
    succ: dict[K, list[Constraint[K]]] = {}
    pred: dict[K, list[Constraint[K]]] = {}
    for c in cons:
        out.setdefault(c.before, Span())
        out.setdefault(c.after, Span())
        succ.setdefault(c.before, []).append(c)
        pred.setdefault(c.after, []).append(c)
    cycles = _cycles(list(out), succ)
    on_cycle = {k for cyc in cycles for k in cyc}
    order = _topological(list(out), succ, on_cycle)
    came_lo: dict[K, K] = {}
    came_hi: dict[K, K] = {}
    for k in order:  # earliest bounds flow forward
        lo = out[k].earliest
        if lo is None:
            continue
        for c in succ.get(k, ()):
            if c.after in on_cycle:
                continue
            target = out[c.after]
            if target.earliest is None or target.earliest < lo:
                why = f"on or after {c.before_label or k}" + (
                    f" ({out[k].why_earliest})" if out[k].why_earliest else ""
                )
                out[c.after] = Span(lo, target.latest, why, target.why_latest)
                came_lo[c.after] = k
    for k in reversed(order):  # latest bounds flow backward
        hi = out[k].latest
        if hi is None:
            continue
        for c in pred.get(k, ()):
            if c.before in on_cycle:
                continue
            source = out[c.before]
            if source.latest is None or source.latest > hi:
                why = f"on or before {c.after_label or k}" + (f" ({out[k].why_latest})" if out[k].why_latest else "")
                out[c.before] = Span(source.earliest, hi, source.why_earliest, why)
                came_hi[c.before] = k
    empty = {k: (_chain(k, came_lo), _chain(k, came_hi)) for k in order if out[k].empty}
    return Propagated(out, cycles, empty)


def _chain(k: K, came: dict[K, K]) -> list[K]:
    chain = [k]
    while chain[-1] in came:
        chain.append(came[chain[-1]])
    return chain


def _topological(nodes: list[K], succ: dict[K, list[Constraint[K]]], skip: set[K]) -> list[K]:
    """The points not on a cycle, each after every point constrained to be on or before it (Kahn's algorithm)."""
    indegree = dict.fromkeys((n for n in nodes if n not in skip), 0)
    for n in indegree:
        for c in succ.get(n, ()):
            if c.after in indegree:
                indegree[c.after] += 1
    ready = [n for n, d in indegree.items() if d == 0]
    order: list[K] = []
    while ready:
        n = ready.pop()
        order.append(n)
        for c in succ.get(n, ()):
            if c.after in indegree:
                indegree[c.after] -= 1
                if indegree[c.after] == 0:
                    ready.append(c.after)
    return order


def _cycles(nodes: list[K], succ: dict[K, list[Constraint[K]]]) -> list[list[K]]:
    """The strongly connected sets of more than one point (Tarjan's algorithm, without recursion)."""
    index: dict[K, int] = {}
    low: dict[K, int] = {}
    stack: list[K] = []
    on_stack: set[K] = set()
    found: list[list[K]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work: list[tuple[K, int]] = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            edges = succ.get(node, [])
            if i < len(edges):
                work.append((node, i + 1))
                nxt = edges[i].after
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    k = stack.pop()
                    on_stack.discard(k)
                    component.append(k)
                    if k == node:
                        break
                if len(component) > 1:
                    found.append(component[::-1])
    return found
