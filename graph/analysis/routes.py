"""The shortest routes between two nodes over the edges an answer keeps, read as far as they reach.

:func:`shortest_routes` gives what ``networkx.all_shortest_paths`` gives on the
undirected simple graph of the kept edges (built node by node, edge by edge in
the multigraph's order), in the same order, without building that graph: a
breadth-first search from the source that reads each node's edges when it
reaches the node and stops once the level holding the target is complete. On a
graph read from a model file (:mod:`graph.modelfile`) only the nodes within
that distance are read.

>>> import networkx as nx
>>> G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("a", "d"), ("d", "c"), ("c", "e")])
>>> list(shortest_routes(G, "a", "c", lambda u, d: True))
[['a', 'b', 'c'], ['a', 'd', 'c']]
>>> list(shortest_routes(G, "a", "c", lambda u, d: d.get("w") is not None))
[]
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

import networkx as nx

__all__ = ["shortest_routes"]

Kept = Callable[[str, dict[str, Any]], bool]
"""Whether the edge from ``u`` with attributes ``d`` counts."""


class _Neighbours:
    """Each node's neighbours over the kept edges, in the order the simple graph of those edges would list them:
    by the first kept edge between the two in the multigraph's edge order (node order, then each node's
    successors in order)."""

    def __init__(self, G: nx.MultiDiGraph, kept: Kept) -> None:
        self.G = G
        self.kept = kept
        self.rank: dict[str, int] = {}
        self.succ_rank: dict[str, dict[str, int]] = {}
        self.verdicts: dict[int, bool] = {}  # by the edge's attribute dict: each edge is met from both ends

    def _node_rank(self, n: str) -> int:
        if not self.rank:
            self.rank = {m: i for i, m in enumerate(self.G)}
        return self.rank[n]

    def _at(self, u: str, v: str) -> int:
        """Where ``v`` is among ``u``'s successors."""
        found = self.succ_rank.get(u)
        if found is None:
            found = self.succ_rank[u] = {w: i for i, w in enumerate(self.G.succ[u])}
        return found[v]

    def _kept(self, u: str, d: dict[str, Any]) -> bool:
        found = self.verdicts.get(id(d))
        if found is None:
            found = self.verdicts[id(d)] = self.kept(u, d)
        return found

    def _any_kept(self, u: str, keys: Mapping[str, dict[str, Any]]) -> bool:
        return any(self._kept(u, d) for d in keys.values())

    def __call__(self, x: str) -> list[str]:
        G = self.G
        first: dict[str, tuple[int, int]] = {}
        here = self._node_rank(x)
        for i, (y, keys) in enumerate(G.succ[x].items()):
            if y != x and self._any_kept(x, keys):
                first[y] = (here, i)
        for u, keys in G.pred[x].items():
            if u != x and self._any_kept(u, keys):
                at = (self._node_rank(u), self._at(u, x))
                if u not in first or at < first[u]:
                    first[u] = at
        return sorted(first, key=first.__getitem__)


def shortest_routes(
    G: nx.MultiDiGraph, source: str, target: str, kept: Kept, budget: int | None = None
) -> Iterator[list[str]]:
    """Every shortest route from ``source`` to ``target`` (lists of nodes) over the edges ``kept`` keeps,
    either way round; none if there is none, or if they are one node.

    Once the search has reached ``budget`` nodes (default: a tenth of the graph) it is about to read most
    of the graph anyway: it reads it whole, builds the simple graph of the kept edges and asks networkx,
    which is faster over a whole graph (one bulk read, no per-node ordering), with the same answer."""
    if source == target:
        return
    limit = max(1000, len(G) // 10) if budget is None else budget
    neighbours = _Neighbours(G, kept)
    level = {source: 0}
    pred: dict[str, list[str]] = {source: []}
    this = [source]
    depth = 0
    prefetch = getattr(G, "prefetch", None)  # a model file's graph reads a level's rows in a few queries
    while this and target not in level:
        if len(level) > limit:
            yield from _over_the_whole_graph(G, source, target, neighbours._kept)
            return
        depth += 1
        if callable(prefetch):
            prefetch(this)
        after: list[str] = []
        for v in this:
            for w in neighbours(v):
                if w not in level:
                    level[w] = depth
                    pred[w] = [v]
                    after.append(w)
                elif level[w] == depth:
                    pred[w].append(v)
        this = after
    if target in level:
        yield from _back(pred, source, target)


def _over_the_whole_graph(G: nx.MultiDiGraph, source: str, target: str, kept: Kept) -> Iterator[list[str]]:
    """networkx's shortest paths on the simple graph of the kept edges (the order :func:`shortest_routes` keeps)."""
    H = nx.Graph()
    H.add_nodes_from(G.nodes)
    for u, v, d in G.edges(data=True):
        if u != v and kept(u, d):
            H.add_edge(u, v)
    try:
        yield from nx.all_shortest_paths(H, source, target)
    except nx.NetworkXNoPath:
        return


def _back(pred: dict[str, list[str]], source: str, node: str) -> Iterator[list[str]]:
    """The routes from ``source`` to ``node`` along ``pred`` (each node's predecessors one level nearer), in the
    order of the predecessors, depth first."""
    if node == source:
        yield [source]
        return
    for p in pred[node]:
        for route in _back(pred, source, p):
            yield [*route, node]
