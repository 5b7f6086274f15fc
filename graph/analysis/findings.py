"""The analyst's questions: who opposes whom, allies, relations, paths, timeline, stats.

Every function takes the graph first (as networkx algorithms do), does no I/O
and answers with values that carry their evidence: a :class:`Finding` names
the other entity, the relation as read from the entity asked about, its dates
and the ``{source, quote}`` evidence of every fact in its chain.

**as of a date.** ``as_of`` asks about one day, by the rule of
:mod:`graph.analysis.asof`: each fact is certainly in effect that day,
certainly not (left out), or possibly (kept, with ``certainty`` ``POSSIBLE``
and the reason in ``when.why``); ``certain=True`` keeps only the certain ones.
Without ``as_of`` the answer is "at any time": every fact, certain unless
planned.

**who says so.** Each link carries its record's ``attribution``
(:mod:`graph.analysis.claims`), shown in the answers; ``stated=True`` keeps only
what sources state in their own voice.

>>> from graph import load, to_networkx
>>> G = to_networkx(load("data"))
>>> sorted({f.other for f in opponents(G, "Alibaba")})[:4]
['alibaba_accusers', 'balenciaga_america', 'balenciaga_sa', 'bottega_veneta_inc']
>>> sorted({f.other for f in opponents(G, "Alibaba") if f.via == "withdrawal_gucci_iacc"})
['gucci']
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

import networkx as nx

from ..model.claims import Attribution
from ..model.dates import Certainty, PartialDate, in_effect, parse_as_of
from ..model.timing import POINTS, Span
from .asof import When, keep, known_until, strongest
from .chronicle import TimelineEntry, timeline
from .claims import OWN_VOICE, attributed, attribution_dict, edge_attribution, names_of, stated_ok
from .names import resolve
from .routes import shortest_routes

__all__ = [
    "Finding",
    "Link",
    "TimelineEntry",
    "allies",
    "chain_certainty",
    "edge_in_effect",
    "edge_link",
    "in_effect",
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
    """One edge of the graph, read from ``source`` to ``target``, with its dates and certainty on the day asked."""

    source: str
    target: str
    key: str
    type: str
    label: str
    kind: str
    stance: str
    via: str | None
    when: When
    evidence: tuple[tuple[str, str], ...]
    attribution: Attribution = OWN_VOICE

    @property
    def dates(self) -> dict[str, PartialDate]:
        return self.when.dates

    def to_dict(self, G: nx.MultiDiGraph) -> dict[str, Any]:
        return {
            "from": {"id": self.source, "name": G.nodes[self.source]["name"]},
            "to": {"id": self.target, "name": G.nodes[self.target]["name"]},
            "relation": {"id": self.key, "type": self.type, "label": self.label, "kind": self.kind},
            "stance": self.stance,
            "via": {"id": self.via, "name": G.nodes[self.via]["name"]} if self.via else None,
            "dates": {k: str(v) for k, v in self.dates.items()},
            **self.when.to_dict(),
            "attribution": attribution_dict(self.attribution, names_of(G, self.attribution)),
            "evidence": [{"source": s, "quote": q} for s, q in self.evidence],
        }


@dataclass(frozen=True)
class Finding:
    """An answer about ``entity``: the ``other`` entity and the facts that relate them.

    ``when`` holds the dates and how certain the finding is on the day asked
    (a finding resting on several facts is as certain as the least certain).
    """

    entity: str
    entity_name: str
    other: str
    other_name: str
    relation: str
    type: str
    label: str
    direction: Direction
    stance: str
    when: When
    chain: tuple[Link, ...]
    via: str | None = None
    via_name: str | None = None

    @property
    def dates(self) -> dict[str, PartialDate]:
        """The dates as written, at the source's precision."""
        return self.when.dates

    @property
    def certainty(self) -> Certainty:
        return self.when.certainty

    @property
    def attribution(self) -> Attribution:
        """Who says so: the first link's that a source does not state in public in its own voice, else the first's."""
        first = self.chain[0].attribution if self.chain else OWN_VOICE
        return next((link.attribution for link in self.chain if attributed(link.attribution)), first)

    @property
    def attributed(self) -> bool:
        """Whether it rests on a claim a source attributes to someone or that was made in private."""
        return any(attributed(link.attribution) for link in self.chain)

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
            **self.when.to_dict(),
            "attribution": {
                **attribution_dict(self.attribution, names_of(G, self.attribution)),
                "own_voice": all(link.attribution.own_voice for link in self.chain),
                "attributed": self.attributed,
            },
            "evidence": self.evidence,
        }
        if G is not None and len(self.chain) > 1:
            out["chain"] = [link.to_dict(G) for link in self.chain]
        return out


def _attrs(G: nx.MultiDiGraph, u: str, d: dict[str, Any]) -> dict[str, Any]:
    """The attributes that date an edge: its own, or for a role its fact's (a role holds when its fact does)."""
    return G.nodes[u] if d["kind"] == "role" else d


def edge_in_effect(G: nx.MultiDiGraph, u: str, d: dict[str, Any], as_of: dt.date | None) -> Certainty:
    """Whether the edge from ``u`` with attributes ``d`` is in effect on ``as_of``: certainly, possibly or not.

    Truthy unless not; at any time (``None``), certain unless planned. (:func:`in_effect`, the model's rule for
    one node's or edge's attributes, is re-exported here beside it.)
    """
    return When.of(_attrs(G, u, d), as_of).certainty


def edge_link(
    G: nx.MultiDiGraph, u: str, v: str, key: str, d: dict[str, Any], reverse: bool, day: dt.date | None = None
) -> Link:
    """The edge u->v as a link, read backwards (v->u, inverse label) if ``reverse``, as of ``day``."""
    kind = d["kind"]
    via = d.get("fact")
    if kind == "role":
        label = f"{d['label']} in" if reverse else d["label"]
        evidence = G.nodes[u].get("evidence", [])
    else:
        label = d["inverse_label"] if reverse and d.get("directed", True) else d["label"]
        evidence = d.get("evidence", [])
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
        when=When.of(_attrs(G, u, d), day),
        evidence=tuple((e["source"], e["quote"]) for e in evidence),
        attribution=edge_attribution(G, u, d),
    )


def _kept(link: Link, certain: bool, stated: bool) -> bool:
    """Whether an answer keeps a link: in effect as ``certain`` asks, and in a source's own voice if ``stated``."""
    return keep(link.when.certainty, certain) and stated_ok(link.attribution, stated)


def _incident(
    G: nx.MultiDiGraph, node: str, as_of: dt.date | None, kinds: Iterable[str], certain: bool, stated: bool = False
) -> Iterator[tuple[Link, Direction]]:
    """Every edge at ``node`` that may be (or, with ``certain``, is certainly) in effect, read from ``node``."""
    kinds = set(kinds)
    for u, v, k, d in G.out_edges(node, keys=True, data=True):
        if d["kind"] in kinds and u != v:
            link = edge_link(G, u, v, k, d, reverse=False, day=as_of)
            if _kept(link, certain, stated):
                yield link, "out" if d.get("directed", True) else "both"
    for u, v, k, d in G.in_edges(node, keys=True, data=True):
        if d["kind"] in kinds and u != v:
            link = edge_link(G, u, v, k, d, reverse=True, day=as_of)
            if _kept(link, certain, stated):
                yield link, "in" if d.get("directed", True) else "both"


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
        when=link.when,
        chain=(link,),
        via=link.via,
        via_name=G.nodes[link.via]["name"] if link.via else None,
    )


def _with_stance(
    G: nx.MultiDiGraph, node: str, day: dt.date | None, stance: str, certain: bool, stated: bool
) -> list[Finding]:
    """The relations (curated or derived from facts) at ``node`` with this stance, in effect on ``day``."""
    return [
        make_finding(G, node, link, direction)
        for link, direction in _incident(G, node, day, ("relation", "derived"), certain, stated)
        if link.stance == stance
    ]


def _sorted(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.other_name.casefold(), f.other, f.when.first(), f.relation))


def opponents(
    G: nx.MultiDiGraph, name: str, as_of: str | dt.date | None = None, certain: bool = False, stated: bool = False
) -> list[Finding]:
    """Every entity in opposition to ``name``, in either direction, with evidence.

    Opposition is any relation whose schema stance is ``oppose``: curated ones
    (an objection) and those derived from n-ary facts (plaintiffs against
    defendants, a withdrawal in protest of someone, a public accusation).
    Ownership, membership and the like are not opposition. ``as_of``,
    ``certain`` and ``stated``: see the module's docstring.

    >>> from graph import load, to_networkx
    >>> G = to_networkx(load("data"))
    >>> [(f.other, f.label, f.direction) for f in opponents(G, "Longchamp")]
    [('alibaba', 'objected to', 'out')]
    >>> [(f.other, f.certainty.value) for f in opponents(G, "Longchamp", as_of="2016-05-01")]
    [('alibaba', 'possible')]
    >>> opponents(G, "Longchamp", as_of="2016-05-01", certain=True)
    []
    """
    node = resolve(G, name)
    return _sorted(_with_stance(G, node, parse_as_of(as_of), "oppose", certain, stated))


def allies(
    G: nx.MultiDiGraph, name: str, as_of: str | dt.date | None = None, certain: bool = False, stated: bool = False
) -> list[Finding]:
    """Every entity in support of ``name`` or supported by it, with evidence.

    Support is a relation with stance ``support`` (declared support,
    co-plaintiffs, joint work) or a shared stance the schema declares: two who
    withdrew in protest of the same party (``shared_object_stance``) are
    allies through both facts, and the finding's ``chain`` holds both (it is
    as certain as the less certain of the two).

    >>> from graph import load, to_networkx
    >>> G = to_networkx(load("data"))
    >>> [(f.other, f.type) for f in allies(G, "Michael Kors")]
    [('iacc_members_supporting_kors', 'expressed_support_for'), ('gucci', 'shared:protested_against')]
    """
    node = resolve(G, name)
    day = parse_as_of(as_of)
    found = _with_stance(G, node, day, "support", certain, stated)
    for u, target, k, d in G.out_edges(node, keys=True, data=True):
        if d.get("shared_object_stance") != "support":
            continue
        mine = edge_link(G, u, target, k, d, reverse=False, day=day)
        if not _kept(mine, certain, stated):
            continue
        for other, _, k2, d2 in G.in_edges(target, keys=True, data=True):
            if other in (node, target) or d2["type"] != d["type"]:
                continue
            theirs = edge_link(G, other, target, k2, d2, reverse=False, day=day)
            if not _kept(theirs, certain, stated):
                continue
            later = max((mine, theirs), key=lambda link: (link.when.first(), link.when.begins.latest or dt.date.max))
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
                    when=later.when.weakest(mine.when if later is theirs else theirs.when),
                    chain=(mine, theirs),
                    via=target,
                    via_name=G.nodes[target]["name"],
                )
            )
    return _sorted(found)


def relations(
    G: nx.MultiDiGraph,
    name: str,
    as_of: str | dt.date | None = None,
    type: str | None = None,
    certain: bool = False,
    stated: bool = False,
) -> list[Finding]:
    """Every fact about ``name`` in both directions: curated relations, the
    edges derived from n-ary facts, and its roles in those facts (``plaintiff
    in`` a lawsuit; for a fact, its participants). ``type`` keeps one relation
    type or role.

    >>> from graph import load, to_networkx
    >>> G = to_networkx(load("data"))
    >>> [(f.label, f.other) for f in relations(G, "Kering", type="plaintiff")]
    [('plaintiff in', 'lawsuit_sdny_15cv3784'), ('plaintiff in', 'lawsuit_kering_2015_11')]
    """
    node = resolve(G, name)
    day = parse_as_of(as_of)
    found = [
        make_finding(G, node, link, direction)
        for link, direction in _incident(G, node, day, ("relation", "derived", "role"), certain, stated)
        if type is None or link.type == type
    ]
    return _sorted(found)


def path(
    G: nx.MultiDiGraph,
    a: str,
    b: str,
    as_of: str | dt.date | None = None,
    limit: int = 10,
    certain: bool = False,
    stated: bool = False,
) -> list[list[list[Finding]]]:
    """The shortest chains of facts linking ``a`` and ``b`` (at most ``limit``).

    Each chain is a list of steps; each step lists every fact that links one
    entity to the next (read from the earlier one), with its evidence. Facts
    are steps of their own: a lawsuit links its plaintiff and its defendant
    through its role edges as well as through the derived ``sued`` edge. As of
    a day, a chain is as certain as its weakest step (:func:`chain_certainty`);
    ``certain`` walks only the facts certainly in effect, ``stated`` only what
    sources state in their own voice.

    >>> from graph import load, to_networkx
    >>> G = to_networkx(load("data"))
    >>> [[s[0].other for s in p] for p in path(G, "Longchamp", "Taobao")]
    [['alibaba', 'taobao']]
    >>> [chain_certainty(p).value for p in path(G, "Longchamp", "Taobao", as_of="2016-06-01")]
    ['possible']
    """
    source, target = resolve(G, a), resolve(G, b)
    day = parse_as_of(as_of)

    def kept(u: str, d: dict[str, Any]) -> bool:
        return keep(edge_in_effect(G, u, d, day), certain) and stated_ok(edge_attribution(G, u, d), stated)

    routes = itertools.islice(shortest_routes(G, source, target, kept), limit)
    return [[_step(G, x, y, day, certain, stated) for x, y in itertools.pairwise(route)] for route in routes]


def chain_certainty(chain: list[list[Finding]]) -> Certainty:
    """How certain a chain is: as its weakest step, each step as its most certain fact.

    >>> chain_certainty([])
    <Certainty.CERTAIN: 'certain'>
    """
    found = Certainty.CERTAIN
    for step in chain:
        found = found & strongest([f.certainty for f in step])
    return found


def _step(G: nx.MultiDiGraph, x: str, y: str, day: dt.date | None, certain: bool, stated: bool) -> list[Finding]:
    found = []
    for k, d in (G.get_edge_data(x, y) or {}).items():
        link = edge_link(G, x, y, k, d, reverse=False, day=day)
        if _kept(link, certain, stated):
            found.append(make_finding(G, x, link, "out" if d.get("directed", True) else "both"))
    for k, d in (G.get_edge_data(y, x) or {}).items():
        link = edge_link(G, y, x, k, d, reverse=True, day=day)
        if _kept(link, certain, stated):
            found.append(make_finding(G, x, link, "in" if d.get("directed", True) else "both"))
    return sorted(found, key=lambda f: (f.stance != "oppose", f.certainty is not Certainty.CERTAIN, f.relation))


def stats(G: nx.MultiDiGraph) -> dict[str, Any]:
    """Counts by type and stance, the sources and their publication, and the range of the dates they give.

    ``date_range`` runs from the first to the last day any date the sources
    give may be; ``known_until`` is the last day any source may have been
    published (past it nothing is known); ``undated_facts`` counts the facts
    and relations the sources give no date for.

    >>> from graph import load, to_networkx
    >>> s = stats(to_networkx(load("data")))
    >>> s["edges_by_stance"]["oppose"], s["date_range"], s["known_until"]
    (83, ['2014-01-01', '2016-05-20'], '2016-08-04')
    """
    memo = getattr(G, "memo", None)  # a model file's graph holds the answer computed when it was written
    found = memo("stats") if callable(memo) else None
    return found if found is not None else compute_stats(G)


def compute_stats(G: nx.MultiDiGraph) -> dict[str, Any]:
    """:func:`stats`, computed from every node and edge of ``G``."""
    nodes = Counter(d["type"] for _, d in G.nodes(data=True))
    kinds = Counter(d["kind"] for *_, d in G.edges(data=True))
    stances = Counter(d["stance"] for *_, d in G.edges(data=True) if d["kind"] != "role")
    types = Counter(d["type"] for *_, d in G.edges(data=True) if d["kind"] != "role")
    days: list[dt.date] = []
    undated = 0
    records = [(d["kind"], d) for _, d in G.nodes(data=True)]
    records += [("relation", d) for *_, d in G.edges(data=True) if d["kind"] == "relation"]
    for kind, d in records:
        when = When.of(d, None)
        spans = [when.spans[p] for p in when.dated]
        days += [day for s in spans for day in (s.earliest, s.latest) if day is not None]
        undated += kind in ("fact", "relation") and not when.dated
    evidence = sum(len(d.get("evidence", [])) for _, d in G.nodes(data=True))
    evidence += sum(len(d.get("evidence", [])) for *_, d in G.edges(data=True) if d["kind"] == "relation")
    last = known_until(G)
    return {
        "entities": sum(1 for _, d in G.nodes(data=True) if d["kind"] == "entity"),
        "facts": sum(1 for _, d in G.nodes(data=True) if d["kind"] == "fact"),
        "nodes_by_type": dict(sorted(nodes.items())),
        "edges_by_kind": dict(sorted(kinds.items())),
        "edges_by_stance": {s: stances.get(s, 0) for s in ("oppose", "support", "neutral")},
        "edges_by_type": dict(sorted(types.items())),
        "sources": {sid: _source(s) for sid, s in G.graph.get("sources", {}).items()},
        "evidence_quotes": evidence,
        "date_range": [min(days).isoformat(), max(days).isoformat()] if days else None,
        "known_until": last.isoformat() if last else None,
        "undated_facts": undated,
    }


def _source(s: dict[str, Any]) -> dict[str, Any]:
    """A source in ``stats``: its title, its publication as people read it and its bounds."""
    publication = s.get("publication")
    if publication is None and isinstance(s.get("published"), PartialDate):
        publication = Span.of(s["published"])
    shown = str(publication) if publication is not None else "unknown"
    return {
        "title": s["title"],
        "published": None if shown == "unknown" else shown,
        "publication": {
            "earliest": publication.earliest.isoformat() if publication and publication.earliest else None,
            "latest": publication.latest.isoformat() if publication and publication.latest else None,
        },
    }


def to_dataframe(results: Iterable[Finding | TimelineEntry]) -> Any:
    """Results as a pandas DataFrame, one row per finding (evidence joined).

    ``date``, ``start`` and ``end`` are the dates the sources give, as people
    read them (``2015-05``, ``between 2016-04-01 and 2016-05-08``); with
    ``certainty`` and ``why`` on the day asked.

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
                **{p: str(r.when.spans[p]) if p in r.when.dated else None for p in POINTS},
                "certainty": r.certainty.value,
                "why": r.when.why or None,
                "attribution": r.attribution.describe() or None,
            }
        row["evidence"] = "\n".join(f"[{e['source']}] {e['quote']}" for e in r.evidence)
        rows.append(row)
    return pd.DataFrame(rows)
