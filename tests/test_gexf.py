"""GEXF 1.3: networkx's reader reads it back with its spells, the certainty by period, the typed
attributes and the schema's colours; the same graph gives the same bytes."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from graph.model.records import Dataset
from graph.views.gexf import GEXF_NAMESPACE, to_gexf

NS = {"g": GEXF_NAMESPACE, "viz": "http://gexf.net/1.3/viz"}


@pytest.fixture(scope="module")
def H(built: Path) -> nx.MultiDiGraph:
    return nx.read_gexf(built / "graph.gexf", version="1.3")


def test_networkx_reads_every_node_and_edge(H: nx.MultiDiGraph, G: nx.MultiDiGraph) -> None:
    assert H.graph["mode"] == "dynamic"
    assert H.nodes["kering"]["type"] == "company" and H.nodes["kering"]["aliases"].startswith("Kaiyun Group")
    assert set(H.nodes) == set(G.nodes)
    assert sorted(d["id"] for *_, d in H.edges(data=True)) == sorted(k for *_, k in G.edges(keys=True))
    assert H.nodes["kering"]["label"] == "Kering"
    assert H.nodes["kering"]["type"] == "company"
    sued = next(d for *_, d in H.edges(data=True) if d["id"] == "lawsuit_kering_2015_11/sued/kering/alibaba")
    assert sued["relation_type"] == "sued" and sued["balance"] == -1 and sued["label"] == "sued"
    voa = next(d for *_, d in H.edges(data=True) if d["id"] == "alibaba-member_of-iacc.voa")
    assert voa["same_as"] == "alibaba-member_of-iacc"


def test_spells_and_certainty(H: nx.MultiDiGraph, G: nx.MultiDiGraph) -> None:
    edges = {d["id"]: d for *_, d in H.edges(data=True)}
    protest = edges["withdrawal_gucci_iacc/protested_against/gucci/alibaba"]  # between 1 April and 8 May 2016
    assert protest["spells"] == [("2016-04-01", "None")]  # an event: for good
    assert protest["certainty"] == [("possible", "2016-04-01", "2016-05-07"), ("certain", "2016-05-08", "None")]
    gucci = edges["gucci-member_of-iacc"]  # began by 8 May, ended between 1 April and 8 May: never certain
    assert gucci["spells"] == [("None", "2016-05-08")] and gucci["certainty"] == [("possible", "None", "2016-05-08")]
    keynote = edges["michael_evans-speaker_at-iacc_spring_conference_2016"]  # planned: at most possible
    assert keynote["certainty"] == [("possible", "2016-05-19", "None")] and keynote["planned"] is True
    cancelled = edges["jack_ma-speaker_at-iacc_spring_conference_2016"]  # planned, and VOA's denial: the same claim
    assert cancelled["certainty"] == [("denied", "2016-05-18", "2016-05-20")]
    assert "spells" not in H.nodes["kering"] and "certainty" not in H.nodes["kering"]  # timeless: always there
    for *_, key, data in G.edges(keys=True, data=True):  # each certain period is Timing.certain_window
        timing = data.get("timing")
        if timing is None or timing.negated:
            continue
        certain = [(s, e) for c, s, e in edges[key]["certainty"] if c == "certain"]
        window = timing.certain_window()
        assert certain == (
            [] if window is None else [(window[0].isoformat(), str(window[1] and window[1].isoformat()))]
        )


def test_denied_records_are_marked(H: nx.MultiDiGraph, G: nx.MultiDiGraph) -> None:
    denied = [k for *_, k, d in G.edges(keys=True, data=True) if d.get("timing") is not None and d["timing"].negated]
    assert denied, "the curated data hold a denial (VOA on Jack Ma's keynote)"
    edges = {d["id"]: d for *_, d in H.edges(data=True)}
    assert all({c for c, *_ in edges[k]["certainty"]} == {"denied"} for k in denied)


def test_attributes_are_declared_with_types_and_colours_come_from_the_schema(built: Path, dataset: Dataset) -> None:
    root = ET.parse(built / "graph.gexf").getroot()
    assert root.get("version") == "1.3"
    graph = root.find("g:graph", NS)
    assert graph is not None and graph.get("mode") == "dynamic" and graph.get("timeformat") == "date"
    declared = {(a.get("class"), d.get("id")): d.get("type") for a in graph.findall("g:attributes", NS) for d in a}
    assert declared[("edge", "balance")] == "integer" and declared[("node", "count")] == "long"
    assert declared[("node", "amount")] == "double" and declared[("edge", "planned")] == "boolean"
    assert ("edge", "type") not in declared  # GEXF's own: the edge's direction
    modes = {(a.get("class"), a.get("mode")): [d.get("id") for d in a] for a in graph.findall("g:attributes", NS)}
    assert modes[("node", "dynamic")] == modes[("edge", "dynamic")] == ["certainty"]
    assert "certainty" not in modes[("node", "static")]
    shape = graph.find("g:nodes/g:node[@id='kering']/viz:shape", NS)
    assert shape is not None and shape.get("value") == "disc"  # the schema's "dot"
    node = graph.find("g:nodes/g:node[@id='kering']", NS)
    assert node is not None
    color = node.find("viz:color", NS)
    assert color is not None
    expected = dataset.schema.entity_types["company"].color.lstrip("#")
    assert "".join(f"{int(color.get(c, '0')):02x}" for c in "rgb") == expected.lower()
    for edge in graph.findall("g:edges/g:edge", NS):
        assert edge.get("type") == "directed" and edge.find("viz:color", NS) is not None


def test_the_same_graph_gives_the_same_bytes(G: nx.MultiDiGraph, dataset: Dataset, built: Path) -> None:
    assert to_gexf(G, dataset.schema) == to_gexf(G, dataset.schema) == (built / "graph.gexf").read_bytes()


def test_hostile_text_reads_back() -> None:
    from graph import load

    G = nx.MultiDiGraph(name='a "graph" <&>')
    G.add_node('n"<&>', name="bell\x07 & <tag>\r\nnext", type="company")
    G.add_edge('n"<&>', 'n"<&>', key="k\x01", label='"q"', type="sued", stance="oppose", directed=True)
    schema = load("data").schema
    H = nx.read_gexf(__import__("io").BytesIO(to_gexf(G, schema)), version="1.3")
    assert H.nodes['n"<&>']["label"] == "bell\ufffd & <tag>\r\nnext"
    assert next(iter(H.edges(data=True)))[2]["id"] == "k\ufffd"
