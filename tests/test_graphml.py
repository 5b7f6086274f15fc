"""GraphML: networkx and igraph read it back, and nothing is lost in flattening."""

from __future__ import annotations

from pathlib import Path

import igraph
import networkx as nx

from graph.graphml import flatten


def test_networkx_reads_it_back(built: Path, G: nx.MultiDiGraph) -> None:
    H = nx.read_graphml(built / "graph.graphml")
    assert isinstance(H, nx.MultiDiGraph)
    assert set(H.nodes) == set(G.nodes)
    assert sorted(H.edges(keys=True)) == sorted(G.edges(keys=True))
    kering = H.nodes["kering"]
    assert kering["name"] == "Kering" and kering["aliases"] == "Kaiyun Group"
    assert "The parent company of Gucci, Kaiyun Group" in kering["evidence"]
    sued = H.edges["gucci", "alibaba", "lawsuit_manhattan_2015_05/sued/gucci/alibaba"]
    assert sued["stance"] == "oppose" and sued["date"] == "2015-05"
    suit = H.nodes["lawsuit_manhattan_2015_05"]
    assert suit["roles"].startswith("plaintiff: gucci, yves_saint_laurent; defendant: alibaba")


def test_igraph_reads_it_back(built: Path, G: nx.MultiDiGraph) -> None:
    g = igraph.Graph.Read_GraphML(str(built / "graph.graphml"))
    assert g.vcount() == G.number_of_nodes() and g.ecount() == G.number_of_edges()
    assert g.is_directed()
    names = dict(zip(g.vs["id"], g.vs["name"], strict=True))
    assert names["jack_ma"] == "Jack Ma"
    assert set(g.es["stance"]) == {"oppose", "support", "neutral"}


def test_flatten_leaves_the_graph_alone(G: nx.MultiDiGraph) -> None:
    before = dict(G.nodes["kering"])
    H = flatten(G)
    assert dict(G.nodes["kering"]) == before
    for _, data in H.nodes(data=True):
        assert all(isinstance(v, str | int | float | bool) for v in data.values())
    for *_, data in H.edges(keys=True, data=True):
        assert all(isinstance(v, str | int | float | bool) for v in data.values())
