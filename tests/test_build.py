"""The networkx graph: nodes, keyed edges, n-ary facts with roles, derived edges."""

from __future__ import annotations

import networkx as nx

from graph import Dataset, PartialDate


def test_every_record_becomes_a_node_or_edge(dataset: Dataset, G: nx.MultiDiGraph) -> None:
    assert set(G.nodes) == set(dataset.entities) | set(dataset.facts)
    relation_keys = {k for *_, k, d in G.edges(keys=True, data=True) if d["kind"] == "relation"}
    assert relation_keys == set(dataset.relations)
    roles = sum(len(ids) for f in dataset.facts.values() for ids in f.roles.values())
    assert sum(1 for *_, d in G.edges(data=True) if d["kind"] == "role") == roles


def test_node_attributes(G: nx.MultiDiGraph) -> None:
    kering = G.nodes["kering"]
    assert kering["kind"] == "entity" and kering["type"] == "company"
    assert kering["name"] == "Kering" and kering["aliases"] == ["Kaiyun Group", "Kering S.A.", "KERINGS S.A.", "Kering"]
    assert kering["evidence"][0]["source"] == "seed-article"
    # a name two sources use is listed once
    assert G.nodes["jack_ma"]["aliases"] == ["Jack Ma", "Ma Yun", "Ma"]
    assert kering["origin"].rpartition("/")[2].startswith("brands.yaml:")
    suit = G.nodes["lawsuit_manhattan_2015_05"]
    assert suit["kind"] == "fact" and suit["date"] == PartialDate.parse("2015-05")
    assert suit["roles"]["plaintiff"] == ["gucci", "yves_saint_laurent"]


def test_a_lawsuit_keeps_its_roles_and_derives_opposition(G: nx.MultiDiGraph) -> None:
    roles = {(d["type"], v) for _, v, d in G.out_edges("lawsuit_manhattan_2015_05", data=True)}
    assert roles == {
        ("plaintiff", "gucci"),
        ("plaintiff", "yves_saint_laurent"),
        ("defendant", "alibaba"),
        ("court", "manhattan_federal_court"),
    }
    sued = G.get_edge_data("gucci", "alibaba", key="lawsuit_manhattan_2015_05/sued/gucci/alibaba")
    assert sued["kind"] == "derived" and sued["stance"] == "oppose" and sued["fact"] == "lawsuit_manhattan_2015_05"
    assert sued["date"] == PartialDate.parse("2015-05") and sued["evidence"]
    co = G.get_edge_data(
        "gucci", "yves_saint_laurent", key="lawsuit_manhattan_2015_05/co_plaintiff_with/gucci/yves_saint_laurent"
    )
    assert co["stance"] == "support" and co["directed"] is False


def _opposing(G: nx.MultiDiGraph, target: str) -> set[str]:
    return {u for u, v, d in G.edges(data=True) if d["stance"] == "oppose" and v == target} | {
        v for u, v, d in G.edges(data=True) if d["stance"] == "oppose" and u == target
    }


def test_who_opposes_alibaba_matches_the_article(G: nx.MultiDiGraph) -> None:
    opponents = _opposing(G, "alibaba")
    assert {"michael_kors", "gucci", "kering", "longchamp", "yves_saint_laurent", "lee_sporn"} <= opponents
    assert "taobao" not in opponents and "tmall" not in opponents and "lvmh" not in opponents
    # ownership is not opposition
    owns = G.get_edge_data("alibaba", "taobao", key="alibaba-owns-taobao")
    assert owns["stance"] == "neutral"


def test_withdrawal_in_protest_is_opposition(G: nx.MultiDiGraph) -> None:
    edge = G.get_edge_data(
        "michael_kors", "alibaba", key="withdrawal_michael_kors_iacc/protested_against/michael_kors/alibaba"
    )
    assert edge["stance"] == "oppose" and edge["label"] == "withdrew in protest of"
    left = G.get_edge_data("michael_kors", "iacc", key="withdrawal_michael_kors_iacc/withdrew_from/michael_kors/iacc")
    assert left["stance"] == "neutral"


def test_to_networkx_is_deterministic_and_does_not_share_state(dataset: Dataset) -> None:
    from graph import to_networkx

    a, b = to_networkx(dataset), to_networkx(dataset)
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(keys=True, data=True)) == list(b.edges(keys=True, data=True))
    a.nodes["kering"]["aliases"].append("changed")
    assert b.nodes["kering"]["aliases"] == ["Kaiyun Group", "Kering S.A.", "KERINGS S.A.", "Kering"]
