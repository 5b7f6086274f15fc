"""The analyst's questions: who opposes whom, allies, relations, paths, timeline, stats.

Every function takes the graph first (as networkx algorithms do), does no I/O
and answers with values that carry their evidence: a :class:`Finding` names
the other entity, the relation as read from the entity asked about, its dates
and the ``{source, quote}`` evidence of every fact in its chain.

**as of a date.** ``as_of`` follows the dates' precision and gives a fact the
benefit of the doubt the precision leaves:

* an event (a lawsuit, a withdrawal, an accusation...) counts once it may have
  happened: from the first day its date allows (``2015-05`` counts from
  2015-05-01; ``2016`` from 2016-01-01). It does not stop counting.
* a state (membership, office, ownership) counts from the first day its start
  allows until the last day its end allows: a membership that ended in
  ``2016-04`` still counts on 2016-04-30 and is over on 2016-05-01.
* an unknown start means the source does not say since when: the fact counts
  on every date before its end (it cannot be ruled out). An undated fact
  counts at every date; its findings have empty ``dates``.

>>> from graph import load, to_networkx
>>> G = to_networkx(load("data"))
>>> sorted({f.other for f in opponents(G, "Alibaba")})[:4]
['gucci', 'kering', 'lee_sporn', 'longchamp']
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

import networkx as nx

from ..model.dates import PartialDate, dates_of, in_effect, parse_as_of
from .names import resolve

__all__ = [
    "Finding",
    "Link",
    "TimelineEntry",
    "allies",
    "edge_in_effect",
    "edge_link",
    "make_finding",
    "opponents",
    "path",
    "relations",
    "stats",
    "timeline",
    "to_dataframe",
]

Direction = Literal["out", "in", "both"]


@dataclass(frozen=True)
class Link:
    """One edge of the graph, read from ``source`` to ``target``."""

    source: str
    target: str
    key: str
    type: str
    label: str
    kind: str
    stance: str
    via: str | None
    dates: dict[str, PartialDate]
    evidence: tuple[tuple[str, str], ...]

    def to_dict(self, G: nx.MultiDiGraph) -> dict[str, Any]:
        return {
            "from": {"id": self.source, "name": G.nodes[self.source]["name"]},
            "to": {"id": self.target, "name": G.nodes[self.target]["name"]},
            "relation": {"id": self.key, "type": self.type, "label": self.label, "kind": self.kind},
            "stance": self.stance,
            "via": {"id": self.via, "name": G.nodes[self.via]["name"]} if self.via else None,
            "dates": {k: str(v) for k, v in self.dates.items()},
            "evidence": [{"source": s, "quote": q} for s, q in self.evidence],
        }


@dataclass(frozen=True)
class Finding:
    """An answer about ``entity``: the ``other`` entity and the facts that relate them."""

    entity: str
    entity_name: str
    other: str
    other_name: str
    relation: str
    type: str
    label: str
    direction: Direction
    stance: str
    dates: dict[str, PartialDate]
    chain: tuple[Link, ...]
    via: str | None = None
    via_name: str | None = None

    @property
    def evidence(self) -> list[dict[str, str]]:
        """The evidence of every link in the chain, without repeats."""
        seen: list[tuple[str, str]] = []
        for link in self.chain:
            for e in link.evidence:
                if e not in seen:
                    seen.append(e)
        return [{"source": s, "quote": q} for s, q in seen]

    def to_dict(self, G: nx.MultiDiGraph | None = None) -> dict[str, Any]:
        """The JSON form documented in README."""
        out: dict[str, Any] = {
            "entity": {"id": self.entity, "name": self.entity_name},
            "other": {"id": self.other, "name": self.other_name},
            "relation": {"id": self.relation, "type": self.type, "label": self.label, "direction": self.direction},
            "stance": self.stance,
            "via": {"id": self.via, "name": self.via_name} if self.via else None,
            "dates": {k: str(v) for k, v in self.dates.items()},
            "evidence": self.evidence,
        }
        if G is not None and len(self.chain) > 1:
            out["chain"] = [link.to_dict(G) for link in self.chain]
        return out


def edge_link(G: nx.MultiDiGraph, u: str, v: str, key: str, d: dict[str, Any], reverse: bool) -> Link:
    """The edge u->v as a link, read backwards (v->u, inverse label) if ``reverse``."""
    kind = d["kind"]
    via = d.get("fact")
    if kind == "role":
        label = f"{d['label']} in" if reverse else d["label"]
        fact = G.nodes[u]
        dates, evidence = dates_of(fact), fact.get("evidence", [])
    else:
        label = d["inverse_label"] if reverse and d.get("directed", True) else d["label"]
        dates, evidence = dates_of(d), d.get("evidence", [])
    source, target = (v, u) if reverse else (u, v)
    return Link(
        source=source,
        target=target,
        key=key,
        type=d["type"],
        label=label,
        kind=kind,
        stance=d["stance"],
        via=via,
        dates=dates,
        evidence=tuple((e["source"], e["quote"]) for e in evidence),
    )


def edge_in_effect(G: nx.MultiDiGraph, u: str, d: dict[str, Any], as_of: dt.date | None) -> bool:
    if d["kind"] == "role":  # a role holds when its fact does
        return in_effect(G.nodes[u], as_of)
    return in_effect(d, as_of)


def _incident(
    G: nx.MultiDiGraph, node: str, as_of: dt.date | None, kinds: Iterable[str]
) -> Iterator[tuple[Link, Direction]]:
    """Every edge at ``node`` in effect, read from ``node``."""
    kinds = set(kinds)
    for u, v, k, d in G.out_edges(node, keys=True, data=True):
        if d["kind"] in kinds and u != v and edge_in_effect(G, u, d, as_of):
            yield edge_link(G, u, v, k, d, reverse=False), "out" if d.get("directed", True) else "both"
    for u, v, k, d in G.in_edges(node, keys=True, data=True):
        if d["kind"] in kinds and u != v and edge_in_effect(G, u, d, as_of):
            yield edge_link(G, u, v, k, d, reverse=True), "in" if d.get("directed", True) else "both"


def make_finding(G: nx.MultiDiGraph, node: str, link: Link, direction: Direction) -> Finding:
    return Finding(
        entity=node,
        entity_name=G.nodes[node]["name"],
        other=link.target,
        other_name=G.nodes[link.target]["name"],
        relation=link.key,
        type=link.type,
        label=link.label,
        direction=direction,
        stance=link.stance,
        dates=link.dates,
        chain=(link,),
        via=link.via,
        via_name=G.nodes[link.via]["name"] if link.via else None,
    )


def _with_stance(G: nx.MultiDiGraph, node: str, day: dt.date | None, stance: str) -> list[Finding]:
    """The relations (curated or derived from facts) at ``node`` with this stance, in effect on ``day``."""
    return [
        make_finding(G, node, link, direction)
        for link, direction in _incident(G, node, day, ("relation", "derived"))
        if link.stance == stance
    ]


def _sorted(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.other_name.casefold(), f.other, _first(f.dates), f.relation))


def opponents(G: nx.MultiDiGraph, name: str, as_of: str | dt.date | None = None) -> list[Finding]:
    """Every entity in opposition to ``name``, in either direction, with evidence.

    Opposition is any relation whose schema stance is ``oppose``: curated ones
    (an objection) and those derived from n-ary facts (plaintiffs against
    defendants, a withdrawal in protest of someone, a public accusation).
    Ownership, membership and the like are not opposition.

    >>> from graph import load, to_networkx
    >>> G = to_networkx(load("data"))
    >>> [(f.other, f.label, f.direction) for f in opponents(G, "Longchamp")]
    [('alibaba', 'objected to', 'out')]
    """
    node = resolve(G, name)
    return _sorted(_with_stance(G, node, parse_as_of(as_of), "oppose"))


def allies(G: nx.MultiDiGraph, name: str, as_of: str | dt.date | None = None) -> list[Finding]:
    """Every entity in support of ``name`` or supported by it, with evidence.

    Support is a relation with stance ``support`` (declared support,
    co-plaintiffs, joint work) or a shared stance the schema declares: two who
    withdrew in protest of the same party (``shared_object_stance``) are
    allies through both facts, and the finding's ``chain`` holds both.

    >>> from graph import load, to_networkx
    >>> G = to_networkx(load("data"))
    >>> [(f.other, f.type) for f in allies(G, "Michael Kors")]
    [('iacc_members_supporting_kors', 'expressed_support_for'), ('gucci', 'shared:protested_against')]
    """
    node = resolve(G, name)
    day = parse_as_of(as_of)
    found = _with_stance(G, node, day, "support")
    for u, target, k, d in G.out_edges(node, keys=True, data=True):
        if d.get("shared_object_stance") != "support" or not edge_in_effect(G, u, d, day):
            continue
        mine = edge_link(G, u, target, k, d, reverse=False)
        for other, _, k2, d2 in G.in_edges(target, keys=True, data=True):
            if other in (node, target) or d2["type"] != d["type"] or not edge_in_effect(G, other, d2, day):
                continue
            theirs = edge_link(G, other, target, k2, d2, reverse=False)
            later = max((mine, theirs), key=lambda link: _first(link.dates))
            found.append(
                Finding(
                    entity=node,
                    entity_name=G.nodes[node]["name"],
                    other=other,
                    other_name=G.nodes[other]["name"],
                    relation=f"{mine.key}+{theirs.key}",
                    type=f"shared:{d['type']}",
                    label=f"also {d['label']} {G.nodes[target]['name']}",
                    direction="both",
                    stance="support",
                    dates=later.dates,
                    chain=(mine, theirs),
                    via=target,
                    via_name=G.nodes[target]["name"],
                )
            )
    return _sorted(found)


def _first(dates: dict[str, PartialDate]) -> dt.date:
    d = dates.get("date") or dates.get("start")
    return d.first_day() if d else dt.date.min


def relations(
    G: nx.MultiDiGraph, name: str, as_of: str | dt.date | None = None, type: str | None = None
) -> list[Finding]:
    """Every fact about ``name`` in both directions: curated relations, the
    edges derived from n-ary facts, and its roles in those facts (``plaintiff
    in`` a lawsuit; for a fact, its participants). ``type`` keeps one relation
    type or role.

    >>> from graph import load, to_networkx
    >>> G = to_networkx(load("data"))
    >>> [(f.label, f.other) for f in relations(G, "Kering", type="plaintiff")]
    [('plaintiff in', 'lawsuit_kering_2015_11')]
    """
    node = resolve(G, name)
    day = parse_as_of(as_of)
    found = [
        make_finding(G, node, link, direction)
        for link, direction in _incident(G, node, day, ("relation", "derived", "role"))
        if type is None or link.type == type
    ]
    return _sorted(found)


def path(
    G: nx.MultiDiGraph, a: str, b: str, as_of: str | dt.date | None = None, limit: int = 10
) -> list[list[list[Finding]]]:
    """The shortest chains of facts linking ``a`` and ``b`` (at most ``limit``).

    Each chain is a list of steps; each step lists every fact that links one
    entity to the next (read from the earlier one), with its evidence. Facts
    are steps of their own: a lawsuit links its plaintiff and its defendant
    through its role edges as well as through the derived ``sued`` edge.

    >>> from graph import load, to_networkx
    >>> G = to_networkx(load("data"))
    >>> [[s[0].other for s in p] for p in path(G, "Longchamp", "Taobao")]
    [['alibaba', 'taobao']]
    """
    source, target = resolve(G, a), resolve(G, b)
    day = parse_as_of(as_of)
    H = nx.Graph()
    H.add_nodes_from(G.nodes)
    for u, v, d in G.edges(data=True):
        if u != v and edge_in_effect(G, u, d, day):
            H.add_edge(u, v)
    if source == target:
        return []
    try:
        routes = nx.all_shortest_paths(H, source, target)
        chains: list[list[list[Finding]]] = []
        for route in routes:
            steps = []
            for x, y in itertools.pairwise(route):
                step = _step(G, x, y, day)
                steps.append(step)
            chains.append(steps)
            if len(chains) >= limit:
                break
    except nx.NetworkXNoPath:
        return []
    return chains


def _step(G: nx.MultiDiGraph, x: str, y: str, day: dt.date | None) -> list[Finding]:
    found = []
    for k, d in (G.get_edge_data(x, y) or {}).items():
        if edge_in_effect(G, x, d, day):
            link = edge_link(G, x, y, k, d, reverse=False)
            found.append(make_finding(G, x, link, "out" if d.get("directed", True) else "both"))
    for k, d in (G.get_edge_data(y, x) or {}).items():
        if edge_in_effect(G, y, d, day):
            link = edge_link(G, y, x, k, d, reverse=True)
            found.append(make_finding(G, x, link, "in" if d.get("directed", True) else "both"))
    return sorted(found, key=lambda f: (f.stance != "oppose", f.relation))


@dataclass(frozen=True)
class TimelineEntry:
    """A dated moment: a fact happening, or a state starting or ending."""

    date: PartialDate
    moment: Literal["date", "start", "end"]
    what: str
    record: str
    kind: str
    type: str
    stance: str
    involves: tuple[str, ...]
    evidence: list[dict[str, str]] = field(default_factory=list)
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": str(self.date),
            "precision": self.date.precision,
            "moment": self.moment,
            "what": self.what,
            "record": self.record,
            "kind": self.kind,
            "type": self.type,
            "stance": self.stance,
            "involves": list(self.involves),
            "note": self.note,
            "evidence": self.evidence,
        }


def timeline(G: nx.MultiDiGraph, name: str | None = None) -> list[TimelineEntry]:
    """The dated facts in order (of the first day each date allows), precision kept.

    With ``name``, only the facts that entity takes part in. Edges derived from
    an n-ary fact are not repeated: the fact itself is listed.

    >>> from graph import load, to_networkx
    >>> G = to_networkx(load("data"))
    >>> [(str(e.date), e.record) for e in timeline(G, "Kering")][:2]
    [('2015-11', 'lawsuit_kering_2015_11'), ('2015-11-06', 'remark_jack_ma_rather_lose')]
    """
    node = resolve(G, name) if name is not None else None
    entries: list[TimelineEntry] = []
    for n, d in G.nodes(data=True):
        involves = tuple(sorted({v for _, v in G.out_edges(n)})) if d["kind"] == "fact" else ()
        if node is not None and node != n and node not in involves:
            continue
        for moment, date in dates_of(d).items():
            entries.append(
                TimelineEntry(
                    date=date,
                    moment=moment,  # type: ignore[arg-type]
                    what=f"{d['type_label']}: {d['name']}" + _moment_suffix(moment, "event"),
                    record=n,
                    kind=d["kind"],
                    type=d["type"],
                    stance="neutral",
                    involves=involves,
                    evidence=list(d.get("evidence", [])),
                    note=str(d.get("date_note", "")),
                )
            )
    for u, v, k, d in G.edges(keys=True, data=True):
        if d["kind"] != "relation" or (node is not None and node not in (u, v)):
            continue
        for moment, date in dates_of(d).items():
            entries.append(
                TimelineEntry(
                    date=date,
                    moment=moment,  # type: ignore[arg-type]
                    what=f"{G.nodes[u]['name']} {d['label']} {G.nodes[v]['name']}"
                    + _moment_suffix(moment, d.get("temporal", "event")),
                    record=k,
                    kind="relation",
                    type=d["type"],
                    stance=d["stance"],
                    involves=(u, v),
                    evidence=list(d.get("evidence", [])),
                    note=str(d.get("date_note", "")),
                )
            )
    return sorted(entries, key=lambda e: (e.date.first_day(), e.date.last_day(), e.moment != "start", e.record))


def _moment_suffix(moment: str, temporal: str) -> str:
    if moment == "start":
        return " (begins)" if temporal == "state" else " (starts)"
    if moment == "end":
        return " (ends)"
    return ""


def stats(G: nx.MultiDiGraph) -> dict[str, Any]:
    """Counts by type and stance, the sources, and the date range.

    >>> from graph import load, to_networkx
    >>> stats(to_networkx(load("data")))["edges_by_stance"]["oppose"]
    11
    """
    nodes = Counter(d["type"] for _, d in G.nodes(data=True))
    kinds = Counter(d["kind"] for *_, d in G.edges(data=True))
    stances = Counter(d["stance"] for *_, d in G.edges(data=True) if d["kind"] != "role")
    types = Counter(d["type"] for *_, d in G.edges(data=True) if d["kind"] != "role")
    dates = [x for _, d in G.nodes(data=True) for x in dates_of(d).values()]
    dates += [x for *_, d in G.edges(data=True) if d["kind"] == "relation" for x in dates_of(d).values()]
    undated = sum(1 for _, d in G.nodes(data=True) if d["kind"] == "fact" and not dates_of(d))
    undated += sum(1 for *_, d in G.edges(data=True) if d["kind"] == "relation" and not dates_of(d))
    first = min(dates, key=lambda x: x.first_day()) if dates else None
    last = max(dates, key=lambda x: x.last_day()) if dates else None
    evidence = sum(len(d.get("evidence", [])) for _, d in G.nodes(data=True))
    evidence += sum(len(d.get("evidence", [])) for *_, d in G.edges(data=True) if d["kind"] == "relation")
    return {
        "entities": sum(1 for _, d in G.nodes(data=True) if d["kind"] == "entity"),
        "facts": sum(1 for _, d in G.nodes(data=True) if d["kind"] == "fact"),
        "nodes_by_type": dict(sorted(nodes.items())),
        "edges_by_kind": dict(sorted(kinds.items())),
        "edges_by_stance": {s: stances.get(s, 0) for s in ("oppose", "support", "neutral")},
        "edges_by_type": dict(sorted(types.items())),
        "sources": {
            sid: {"title": s["title"], "published": str(s["published"]) if s.get("published") else None}
            for sid, s in G.graph.get("sources", {}).items()
        },
        "evidence_quotes": evidence,
        "date_range": [str(first), str(last)] if first and last else None,
        "undated_facts": undated,
    }


def to_dataframe(results: Iterable[Finding | TimelineEntry]) -> Any:
    """Results as a pandas DataFrame, one row per finding (evidence joined).

    Needs pandas (``pip install pandas``).
    """
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("to_dataframe needs pandas: pip install pandas") from exc
    rows = []
    for r in results:
        if isinstance(r, TimelineEntry):
            row = r.to_dict()
            row["involves"] = ", ".join(r.involves)
        else:
            row = {
                "entity": r.entity,
                "other": r.other,
                "other_name": r.other_name,
                "relation": r.relation,
                "type": r.type,
                "label": r.label,
                "direction": r.direction,
                "stance": r.stance,
                "via": r.via,
                "date": str(r.dates["date"]) if "date" in r.dates else None,
                "start": str(r.dates["start"]) if "start" in r.dates else None,
                "end": str(r.dates["end"]) if "end" in r.dates else None,
            }
        row["evidence"] = "\n".join(f"[{e['source']}] {e['quote']}" for e in r.evidence)
        rows.append(row)
    return pd.DataFrame(rows)
