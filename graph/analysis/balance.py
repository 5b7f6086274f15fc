"""Camps: the factions of the dispute, by structural balance.

The signed graph has a tie for every relation whose schema ``balance`` is
``positive`` (support, ownership, membership, office...) or ``negative``
(opposition). Structural balance (Harary) splits each connected part of it
into two camps so that positive ties fall within camps and negative ties
between them; the ties that no split can satisfy are the **frustration**,
reported as the contested ties.

networkx has no such partition; this is a small exact one. The frustration of
a signed graph is the sum of its blocks' (biconnected components'): a block
can be flipped as a whole at the cut vertex it shares, so each block is solved
on its own and the solutions are glued together. A block of up to
:data:`EXACT_LIMIT` entities is solved exactly by enumeration; a larger one by
local search from several deterministic starts, which is exact when it
frustrates no more ties than there are tie-disjoint unbalanced cycles
(:func:`unbalanced_cycles`, a lower bound, sought in blocks of up to
:data:`PROOF_LIMIT` ties); the result says whether it is.

As of a day, a tie counts when it may be in effect (the rule of
:mod:`graph.analysis.asof`); each part lists the ties that are only possibly
in effect (``possible``), and ``certain=True`` splits on the certain ties
alone. Without a day the camps are "at any time": every tie of every date.
A claim that several sources give (``same_as``) is one tie, in effect as they all
allow (:mod:`graph.model.sameclaim`). Each part lists the ties that rest only on someone else's word or on a claim
made in private (``attributed``: between the same two, with the same sign, no
source says so in public in its own voice); ``stated=True`` splits on what
sources state in their own voice alone.

>>> from graph import load, to_networkx
>>> G = to_networkx(load("data"))
>>> result = camps(G)
>>> [c.leader for c in result.parts[0].camps]
['gucci_america', 'alibaba']
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from ..model.dates import Certainty, parse_as_of
from .asof import keep
from .claims import stated_ok
from .findings import Finding, edge_link, make_finding

__all__ = [
    "EXACT_LIMIT",
    "PROOF_LIMIT",
    "Camp",
    "Camps",
    "Part",
    "SignedTie",
    "camps",
    "min_frustration",
    "unbalanced_cycles",
]

EXACT_LIMIT = 16
PROOF_LIMIT = 400
"""A block of more ties is split by local search without the lower bound that could prove it minimal: the
greedy search for unbalanced cycles costs a search per tie per cycle (40 s for the 907 ties of a generated
graph of 600 relations, against 0.5 s for the split itself)."""

SignedTie = tuple[str, str, int]  # (u, v, +1 or -1)


@dataclass(frozen=True)
class Camp:
    """One side of a split: its members, named after the best-connected one."""

    leader: str
    leader_name: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class Part:
    """A connected part of the signed graph, split in two camps; ``possible``: its ties only possibly in effect;
    ``attributed``: those resting only on someone else's word or on private claims."""

    camps: tuple[Camp, Camp]
    frustrated: tuple[Finding, ...]
    ties: int
    exact: bool
    possible: tuple[Finding, ...] = ()
    attributed: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class Camps:
    """The camps of every connected part, largest first, and who is in none, as of ``as_of`` (None: at any time)."""

    parts: tuple[Part, ...]
    unaligned: tuple[str, ...]
    as_of: dt.date | None = None
    certain: bool = False
    stated: bool = False

    def to_dict(self, G: nx.MultiDiGraph) -> dict[str, Any]:
        def names(ids: Iterable[str]) -> list[dict[str, str]]:
            return [{"id": n, "name": G.nodes[n]["name"]} for n in ids]

        return {
            "parts": [
                {
                    "camps": [
                        {"leader": {"id": c.leader, "name": c.leader_name}, "members": names(c.members)}
                        for c in p.camps
                    ],
                    "ties": p.ties,
                    "frustration": len(p.frustrated),
                    "exact": p.exact,
                    "contested": [f.to_dict(G) for f in p.frustrated],
                    "possible": [f.to_dict(G) for f in p.possible],
                    "attributed": [f.to_dict(G) for f in p.attributed],
                }
                for p in self.parts
            ],
            "unaligned": names(self.unaligned),
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "certain": self.certain,
            "stated": self.stated,
        }


def _frustrated(ties: Iterable[SignedTie], side: dict[str, int]) -> int:
    return sum(1 for u, v, s in ties if (side[u] == side[v]) != (s > 0))


def _solve_block(nodes: list[str], ties: list[SignedTie], prove: bool = True) -> tuple[dict[str, int], bool]:
    """A two-colouring of one block with the fewest frustrated ties."""
    if len(nodes) <= EXACT_LIMIT:
        index = {n: i for i, n in enumerate(nodes)}
        # bit i set = node i on side 1; node 0 stays on side 0 (the flip is the same split)
        masks = [(1 << index[u]) | (1 << index[v]) for u, v, _ in ties]
        wants_apart = [s < 0 for _, _, s in ties]
        best, best_cost = 0, len(ties) + 1
        for assignment in range(0, 1 << len(nodes), 2):
            cost = 0
            for m, apart in zip(masks, wants_apart, strict=True):
                bits = assignment & m
                cost += (bits == 0 or bits == m) == apart
                if cost >= best_cost:
                    break
            if cost < best_cost:
                best, best_cost = assignment, cost
        return {n: (best >> index[n]) & 1 for n in nodes}, True
    side = _local_search(nodes, ties)
    if not prove or len(ties) > PROOF_LIMIT:  # the lower bound costs a search per tie per cycle found
        return side, False
    frustrated = _frustrated(ties, side)
    return side, frustrated == unbalanced_cycles(ties, frustrated)


def unbalanced_cycles(ties: list[SignedTie], enough: int | None = None) -> int:
    """How many tie-disjoint unbalanced cycles (an odd number of negative ties) a greedy search finds.

    Every split leaves at least one tie of each such cycle frustrated, so the
    count is a lower bound of the frustration: a split that frustrates as many
    ties is a minimum. The search takes a shortest unbalanced cycle, removes its
    ties and repeats; it stops once it has found ``enough`` (the frustration to prove).

    >>> unbalanced_cycles([("a", "b", 1), ("a", "b", -1), ("b", "c", -1), ("c", "d", -1), ("d", "b", -1)])
    2
    """
    left = dict(enumerate(ties))
    found = 0
    while enough is None or found < enough:
        adjacent: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
        for i, (u, v, s) in left.items():
            adjacent[u].append((v, int(s < 0), i))
            adjacent[v].append((u, int(s < 0), i))
        best: list[int] | None = None
        for i, (u, v, s) in left.items():
            cycle = _odd_path(adjacent, u, v, 0 if s < 0 else 1, i)
            if cycle is not None and (best is None or len(cycle) + 1 < len(best)):
                best = [*cycle, i]
                if len(best) == 2:
                    break  # two parallel ties of opposite signs: no cycle is shorter
        if best is None:
            return found
        found += 1
        for i in best:
            del left[i]
    return found


def _odd_path(
    adjacent: dict[str, list[tuple[str, int, int]]], start: str, goal: str, parity: int, skip: int
) -> list[int] | None:
    """The ties of a shortest path from ``start`` to ``goal`` with ``parity`` negative ties (mod 2), not ``skip``.

    ``adjacent``: node -> (neighbour, 1 if the tie is negative, tie index), both ways.
    """
    came: dict[tuple[str, int], tuple[tuple[str, int], int] | None] = {(start, 0): None}
    queue = [(start, 0)]
    for here in queue:
        if here == (goal, parity):
            path = []
            step = came[here]
            while step is not None:
                here, tie = step
                path.append(tie)
                step = came[here]
            return path
        for there, negative, tie in adjacent[here[0]]:
            if tie == skip:
                continue
            state = (there, here[1] ^ negative)
            if state not in came:
                came[state] = (here, tie)
                queue.append(state)
    return None


def _local_search(nodes: list[str], ties: list[SignedTie], starts: int = 32) -> dict[str, int]:
    neighbours: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for u, v, s in ties:
        neighbours[u].append((v, s))
        neighbours[v].append((u, s))
    rng = random.Random(0)  # noqa: S311 - deterministic on purpose: same data, same camps
    best: dict[str, int] = {}
    best_cost = len(ties) + 1
    for attempt in range(starts):
        side = {n: (0 if attempt == 0 else rng.randint(0, 1)) for n in nodes}
        improved = True
        while improved:
            improved = False
            for n in nodes:
                gain = sum(1 if (side[n] == side[m]) != (s > 0) else -1 for m, s in neighbours[n])
                if gain > 0:  # flipping n satisfies more of its ties than it breaks
                    side[n] ^= 1
                    improved = True
        cost = _frustrated(ties, side)
        if cost < best_cost:
            best, best_cost = dict(side), cost
    return best


def min_frustration(ties: list[SignedTie]) -> tuple[dict[str, int], bool]:
    """Split the nodes of a signed multigraph in two with the fewest frustrated ties.

    Returns the side (0/1) of every node and whether the result is exact.

    >>> side, exact = min_frustration([("a", "b", 1), ("b", "c", -1), ("a", "c", -1)])
    >>> side["a"] == side["b"] != side["c"], exact
    (True, True)
    """
    side, unsure = _split(ties)
    return side, not unsure


def _split(ties: list[SignedTie], prove: bool = True) -> tuple[dict[str, int], set[str]]:
    """The side of every node, and the nodes of the blocks whose split is not known to be a minimum."""
    H = nx.Graph()
    by_pair: dict[frozenset[str], list[SignedTie]] = defaultdict(list)
    for u, v, s in ties:
        if u != v:
            H.add_edge(u, v)
            by_pair[frozenset((u, v))].append((u, v, s))
    side: dict[str, int] = {}
    unsure: set[str] = set()
    for component in sorted(nx.connected_components(H), key=lambda c: sorted(c)[0]):
        sub = H.subgraph(component)
        block_edges = [list(edges) for edges in nx.biconnected_component_edges(sub)]
        blocks = [sorted({x for e in edges for x in e}) for edges in block_edges]
        block_ties = [[t for e in edges for t in by_pair[frozenset(e)]] for edges in block_edges]
        solved = []
        for nodes, bt in zip(blocks, block_ties, strict=True):
            colouring, ok = _solve_block(nodes, bt, prove)
            if not ok:
                unsure.update(nodes)
            solved.append(colouring)
        # glue the blocks along the block-cut tree, flipping a block to agree at its cut vertex
        pending = list(range(len(blocks)))
        first = pending.pop(0)
        side.update(solved[first])
        while pending:
            for i in pending:
                shared = [n for n in blocks[i] if n in side]
                if shared:
                    flip = side[shared[0]] != solved[i][shared[0]]
                    for n, s in solved[i].items():
                        side.setdefault(n, s ^ flip)
                    pending.remove(i)
                    break
            else:  # pragma: no cover - blocks of a connected graph always connect
                raise AssertionError("disconnected blocks")
    return side, unsure


def camps(
    G: nx.MultiDiGraph,
    as_of: str | dt.date | None = None,
    certain: bool = False,
    stated: bool = False,
    prove: bool = True,
    splits: dict[tuple[Any, ...], tuple[dict[str, int], set[str]]] | None = None,
) -> Camps:
    """The camps of the dispute and the contested ties, as of a date or at any time.

    ``prove=False`` leaves out the search for a proof that a local-search split is minimal (the split is
    the same; ``exact`` is then False for such a part): for the page, which shows the camps of every day.
    ``splits``: the splits found so far, by the ties split (the page's days share most of them: the
    ties of two stretches of days often differ in how certain they are, not in which they are).

    >>> from graph import load, to_networkx
    >>> G = to_networkx(load("data"))
    >>> [(f.entity, f.certainty.value) for f in camps(G).parts[0].possible]
    [('michael_evans', 'possible')]
    """
    day = parse_as_of(as_of)
    signed: list[tuple[str, str, int, Finding]] = []
    claimed: set[tuple[tuple[str, ...], str, str, str]] = set()  # one tie per claim that several records give
    for u, v, k, d in G.edges(keys=True, data=True):
        if d["kind"] == "role" or d.get("balance") not in ("positive", "negative") or u == v:
            continue
        if "claim_records" in d:
            once = (d["claim_records"], u, v, d["type"])
            if once in claimed:
                continue
            claimed.add(once)
        tie = make_finding(G, u, edge_link(G, u, v, k, d, reverse=False, day=day), "out")
        if keep(tie.certainty, certain) and stated_ok(tie.chain[0].attribution, stated):
            signed.append((u, v, 1 if d["balance"] == "positive" else -1, tie))
    ties = [(u, v, s) for u, v, s, _ in signed]
    key = (prove, *ties)
    if splits is not None and key in splits:
        side, unsure = splits[key]
    else:
        side, unsure = _split(ties, prove)
        if splits is not None:
            splits[key] = (side, unsure)
    degree: dict[str, int] = defaultdict(int)
    for u, v, *_ in signed:
        degree[u] += 1
        degree[v] += 1
    H = nx.Graph((u, v) for u, v, *_ in signed)
    parts = []
    for component in nx.connected_components(H):
        members = sorted(component)
        exact = not unsure & component
        groups = [sorted((n for n in members if side[n] == s), key=lambda n: (-degree[n], n)) for s in (0, 1)]
        groups = [g for g in groups if g] + [[] for g in groups if not g]
        groups.sort(key=lambda g: (-len(g), g[0] if g else ""))
        camp_list = [
            Camp(g[0], G.nodes[g[0]]["name"], tuple(sorted(g, key=lambda n: G.nodes[n]["name"].casefold())))
            if g
            else Camp("", "", ())
            for g in groups
        ]
        inside = [(u, v, s, tie) for u, v, s, tie in signed if u in component]
        frustrated = tuple(tie for u, v, s, tie in inside if (side[u] == side[v]) != (s > 0))
        possible = tuple(tie for *_, tie in inside if tie.certainty is Certainty.POSSIBLE)
        parts.append(Part((camp_list[0], camp_list[1]), frustrated, len(inside), exact, possible, _hearsay(inside)))
    parts.sort(key=lambda p: (-sum(len(c.members) for c in p.camps), p.camps[0].leader))
    aligned = set(H.nodes)
    unaligned = tuple(sorted(n for n, d in G.nodes(data=True) if d["kind"] == "entity" and n not in aligned))
    return Camps(tuple(parts), unaligned, day, certain, stated)


def _hearsay(ties: list[tuple[str, str, int, Finding]]) -> tuple[Finding, ...]:
    """The ties between two that no public claim in a source's own voice gives with the same sign."""
    firm = {(frozenset((u, v)), s) for u, v, s, tie in ties if not tie.attributed}
    return tuple(tie for u, v, s, tie in ties if tie.attributed and (frozenset((u, v)), s) not in firm)
