"""The analyst's answers the HTML explorer shows: the camps on every day, and the timeline.

The page (:mod:`graph.views.html`) does not compute them: the views layer
never imports the analysis layer. The build (:mod:`graph.pipeline`) asks here
and hands the page plain JSON, so that what the page shows is what the
command line answers (``camps --as-of DAY --json``, ``timeline --json``).

The camps change only on the days a signed tie's certainty may change: the
first and the last day of each of its dates, and the day after each. Between
two such days the answer is the same, so the page gets one answer per stretch
of days (``periods``, each from its first day on), the answer at any time
(``all``), and finds the one for any day it is shown.

>>> from graph import load, to_networkx
>>> G = to_networkx(load("data"))
>>> found = camp_periods(G)
>>> found["all"]["leaders"]
[['gucci_america', 'alibaba']]
>>> found["periods"][0]["from"], found["all"]["side"]["kering"]
(None, [0, 0])
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import networkx as nx

from .balance import Camps, camps
from .chronicle import timeline

__all__ = ["CAMP_NODE_LIMIT", "PERIOD_LIMIT", "camp_periods", "explorer_answers", "timeline_rows"]

PERIOD_LIMIT = 400
"""Above this many stretches of days, the page gets the camps at any time only (each takes a split of the graph)."""
CAMP_NODE_LIMIT = 200
"""Above this many nodes the page gets no camps: a split of a large signed graph takes seconds to minutes
(:mod:`.balance`: a block past its exact limit is solved by local search), once per stretch of days.
The limit is on the graph's size, not on a time, so that the same graph always gives the same page."""


def _answer(result: Camps) -> dict[str, Any]:
    """One day's camps as the page reads them: each entity's part and camp, the leaders, the contested ties."""
    side: dict[str, list[int]] = {}
    leaders: list[list[str]] = []
    contested: list[str] = []
    for i, part in enumerate(result.parts):
        leaders.append([c.leader for c in part.camps])
        for j, camp in enumerate(part.camps):
            for member in camp.members:
                side[member] = [i, j]
        contested += [f.relation for f in part.frustrated]
    return {"side": side, "leaders": leaders, "contested": sorted(contested)}


def _turns(G: nx.MultiDiGraph) -> list[dt.date]:
    """The days on which a signed tie's certainty may change: each bound of its dates, and the day after."""
    days: set[dt.date] = set()
    for *_, d in G.edges(data=True):
        if d["kind"] == "role" or d.get("balance") not in ("positive", "negative"):
            continue
        timing = d.get("timing")
        if timing is None:
            continue
        for span in timing.spans.values():
            for bound in (span.earliest, span.latest):
                if bound is not None:
                    days.update((bound, bound + dt.timedelta(days=1)))
    return sorted(days)


def camp_periods(G: nx.MultiDiGraph, limit: int = PERIOD_LIMIT) -> dict[str, Any]:
    """The camps at any time (``all``) and on every day (``periods``: from a day, ``None`` for the first, on).

    ``periods`` is empty when there would be more than ``limit`` stretches of days.
    """
    turns = _turns(G)
    splits: dict[tuple[Any, ...], tuple[dict[str, int], set[str]]] = {}  # many days split the same ties
    out: dict[str, Any] = {"all": _answer(camps(G, prove=False, splits=splits)), "periods": []}
    if len(turns) + 1 > limit:
        return out
    starts: list[dt.date | None] = [None, *turns]
    previous: dict[str, Any] | None = None
    for start in starts:
        # before the first turn every day gives the same answer: the day before it stands for them
        day = turns[0] - dt.timedelta(days=1) if start is None and turns else start
        answer = _answer(camps(G, day, prove=False, splits=splits)) if day is not None else out["all"]
        if answer != previous:
            out["periods"].append({"from": start.isoformat() if start else None, **answer})
            previous = answer
    return out


def timeline_rows(G: nx.MultiDiGraph) -> list[list[Any]]:
    """The timeline in the command line's order, one row per moment, as the page reads it.

    A row: record id, moment (``date``, ``start``, ``end``), its date as the
    command line writes it, earliest and latest day (``None``: unbounded),
    whether it may have come before the row above (``unknown``), and planned.
    What a row reads and whom it involves the page finds in the graph it draws,
    by the timeline's own rule (a fact: its type and name, the ends of its
    edges; a relation: its sentence, its two ends), which keeps a large page small.

    >>> from graph import load, to_networkx
    >>> timeline_rows(to_networkx(load("data")))[3]
    ['lawsuit_sdny_14cv5119', 'date', '2014', '2014-01-01', '2014-12-31', True, False]
    """
    rows = []
    for e in timeline(G):
        d = e.to_dict()
        rows.append([e.record, e.moment, d["date"], d["earliest"], d["latest"], e.order == "unknown", e.planned])
    return rows


def explorer_answers(G: nx.MultiDiGraph, camp_limit: int = CAMP_NODE_LIMIT) -> dict[str, Any]:
    """Everything the explorer shows that the analysis answers: ``camps`` and ``timeline``.

    ``camps`` is ``None`` for a graph of more than ``camp_limit`` nodes (see :data:`CAMP_NODE_LIMIT`).
    """
    found = camp_periods(G) if G.number_of_nodes() <= camp_limit else None
    return {"camps": found, "camp_limit": camp_limit, "timeline": timeline_rows(G)}
