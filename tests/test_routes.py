"""The shortest routes (graph/analysis/routes.py) are networkx's on the simple graph of the kept edges, in order."""

from __future__ import annotations

import itertools
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph import load, to_networkx
from graph.analysis.routes import shortest_routes

from .conftest import DATA


def reference(G: nx.MultiDiGraph, a: str, b: str, kept: Any) -> list[list[str]]:
    """What ``path`` did before: the simple graph of the kept edges, then networkx's shortest paths."""
    H = nx.Graph()
    H.add_nodes_from(G.nodes)
    for u, v, d in G.edges(data=True):
        if u != v and kept(u, d):
            H.add_edge(u, v)
    if a == b:
        return []
    try:
        return list(nx.all_shortest_paths(H, a, b))
    except nx.NetworkXNoPath:
        return []


edges = st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11), st.booleans()), max_size=40)


@settings(max_examples=300, deadline=None)
@given(edges=edges, nodes=st.permutations(list(range(12))), a=st.integers(0, 11), b=st.integers(0, 11))
def test_the_routes_are_networkx_s_in_its_order(
    edges: list[tuple[int, int, bool]], nodes: list[int], a: int, b: int
) -> None:
    G = nx.MultiDiGraph()
    G.add_nodes_from(f"n{i}" for i in nodes)  # the node order matters: it orders each node's neighbours
    for u, v, on in edges:
        G.add_edge(f"n{u}", f"n{v}", on=on)

    def kept(u: str, d: dict[str, Any]) -> bool:
        return bool(d["on"])

    expected = reference(G, f"n{a}", f"n{b}", kept)
    assert list(shortest_routes(G, f"n{a}", f"n{b}", kept)) == expected
    assert list(shortest_routes(G, f"n{a}", f"n{b}", kept, budget=2)) == expected, "over the whole graph"


@pytest.mark.parametrize("day", [None, "2016-04-01", "2016-05-14"])
def test_the_routes_of_the_seed(day: str | None) -> None:
    from graph.analysis.asof import keep
    from graph.analysis.claims import edge_attribution, stated_ok
    from graph.analysis.findings import edge_in_effect
    from graph.model.dates import parse_as_of

    G = to_networkx(load(DATA))
    when = parse_as_of(day)
    for certain, stated in itertools.product([False, True], repeat=2):

        def kept(u: str, d: dict[str, Any], certain: bool = certain, stated: bool = stated) -> bool:
            return keep(edge_in_effect(G, u, d, when), certain) and stated_ok(edge_attribution(G, u, d), stated)

        entities = sorted(n for n, d in G.nodes(data=True) if d["kind"] == "entity")
        for a, b in itertools.combinations(entities[::4], 2):
            assert list(shortest_routes(G, a, b, kept)) == reference(G, a, b, kept), (a, b, certain, stated)
