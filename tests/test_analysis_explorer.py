"""The answers the explorer is given (graph/analysis/explorer.py): the camps of every day, the timeline's rows."""

from __future__ import annotations

import datetime as dt
import itertools

import networkx as nx

from graph.analysis import camps, timeline
from graph.analysis.explorer import camp_periods, explorer_answers, timeline_rows


def _lookup(found: dict, day: dt.date) -> dict:
    at = found["periods"][0]
    for p in found["periods"]:
        if p["from"] is None or p["from"] <= day.isoformat():
            at = p
    return at


def _side(result) -> dict[str, list[int]]:
    return {m: [i, j] for i, part in enumerate(result.parts) for j, c in enumerate(part.camps) for m in c.members}


def test_the_camps_of_any_day_are_those_of_its_period(G: nx.MultiDiGraph) -> None:
    found = camp_periods(G)
    assert found["all"]["side"] == _side(camps(G))
    froms = [p["from"] for p in found["periods"]]
    assert froms[0] is None and froms[1:] == sorted(froms[1:]) and len(froms) > 3
    # each period's first day and the day before it, and every fortnight from before the first to after the last
    days = [dt.date.fromisoformat(f) - dt.timedelta(days=k) for f in froms[1:] for k in (0, 1)]
    days += [dt.date(2013, 6, 1) + dt.timedelta(days=14 * i) for i in range(85)]
    for d in days:
        result, answer = camps(G, d), _lookup(found, d)
        assert answer["side"] == _side(result), d
        assert answer["contested"] == sorted(f.relation for p in result.parts for f in p.frustrated), d
    # consecutive periods differ: a period is where the answer changes
    periods = found["periods"]
    assert all({**a, "from": None} != {**b, "from": None} for a, b in itertools.pairwise(periods))


def test_too_many_periods_give_the_camps_at_any_time_only(G: nx.MultiDiGraph) -> None:
    found = camp_periods(G, limit=2)
    assert found["periods"] == [] and found["all"]["side"] == _side(camps(G))


def test_the_timeline_rows_are_the_timeline(G: nx.MultiDiGraph) -> None:
    rows = timeline_rows(G)
    entries = timeline(G)
    assert [(r[0], r[1], r[2]) for r in rows] == [(e.record, e.moment, str(e.span)) for e in entries]
    assert [r[5] for r in rows] == [e.order == "unknown" for e in entries]
    assert [r[6] for r in rows] == [e.planned for e in entries] and {len(r) for r in rows} == {7}


def test_a_graph_too_large_gets_no_camps_but_its_timeline(G: nx.MultiDiGraph) -> None:
    small = explorer_answers(G)
    assert small["camps"] == camp_periods(G) and small["timeline"] == timeline_rows(G)
    large = explorer_answers(G, camp_limit=G.number_of_nodes() - 1)
    assert large["camps"] is None and large["timeline"] == small["timeline"]
