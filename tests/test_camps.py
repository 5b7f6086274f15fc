"""Camps by structural balance: exact on the data, checked against brute force."""

from __future__ import annotations

import importlib
import itertools
import random

import networkx as nx
import pytest

from graph.analysis.balance import SignedTie, camps, min_frustration

camps_module = importlib.import_module("graph.analysis.balance")  # the package exports the function `camps`


def brute_force(ties: list[SignedTie]) -> int:
    nodes = sorted({x for u, v, _ in ties for x in (u, v)})
    best = len(ties)
    for bits in itertools.product((0, 1), repeat=len(nodes)):
        side = dict(zip(nodes, bits, strict=True))
        best = min(best, sum(1 for u, v, s in ties if (side[u] == side[v]) != (s > 0)))
    return best


def cost(ties: list[SignedTie], side: dict[str, int]) -> int:
    return sum(1 for u, v, s in ties if (side[u] == side[v]) != (s > 0))


def random_ties(seed: int, n: int, m: int) -> list[SignedTie]:
    rng = random.Random(seed)
    nodes = [f"n{i}" for i in range(n)]
    ties = []
    for _ in range(m):
        u, v = rng.sample(nodes, 2)
        ties.append((u, v, rng.choice((1, -1))))
    return ties


@pytest.mark.parametrize("seed", range(40))
def test_exact_split_matches_brute_force(seed: int) -> None:
    ties = random_ties(seed, n=3 + seed % 7, m=4 + seed % 13)
    side, exact = min_frustration(ties)
    assert exact
    assert cost(ties, side) == brute_force(ties)


@pytest.mark.parametrize("seed", range(10))
def test_local_search_is_valid_and_close(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(camps_module, "EXACT_LIMIT", 2)
    ties = random_ties(100 + seed, n=9, m=18)
    side, exact = min_frustration(ties)
    assert not exact
    assert set(side) == {x for u, v, _ in ties for x in (u, v)}
    assert brute_force(ties) <= cost(ties, side) <= brute_force(ties) + 2


def test_balanced_graph_has_no_frustration() -> None:
    ties = [("a", "b", 1), ("b", "c", -1), ("c", "d", 1), ("d", "a", -1), ("a", "e", 1)]
    side, _ = min_frustration(ties)
    assert cost(ties, side) == 0
    assert side["a"] == side["b"] == side["e"] != side["c"] == side["d"]


def test_blocks_are_glued_at_cut_vertices() -> None:
    # two triangles sharing vertex x, each with one unavoidable frustration
    ties = [("x", "a", -1), ("a", "b", -1), ("b", "x", -1), ("x", "c", 1), ("c", "d", 1), ("d", "x", -1)]
    side, exact = min_frustration(ties)
    assert exact and cost(ties, side) == brute_force(ties) == 2


def test_opposite_ties_between_one_pair() -> None:
    side, _ = min_frustration([("a", "b", 1), ("a", "b", -1)])
    assert cost([("a", "b", 1), ("a", "b", -1)], side) == 1


def test_the_dispute_splits_as_the_article_tells(G: nx.MultiDiGraph) -> None:
    result = camps(G)
    part = result.parts[0]
    assert part.exact
    alibaba_camp, other_camp = part.camps
    assert alibaba_camp.leader == "alibaba"
    for brand in ("michael_kors", "gucci", "kering", "longchamp", "yves_saint_laurent", "lee_sporn"):
        assert brand in other_camp.members, brand
    for ally in ("taobao", "tmall", "jack_ma", "charm_and_luxury"):
        assert ally in alibaba_camp.members, ally
    # the ties no split can satisfy: the protesters' (past) memberships, the private support
    contested = {f.relation for f in part.frustrated}
    assert contested == {
        "gucci-member_of-iacc",
        "michael_kors-member_of-iacc",
        "iacc_members_supporting_kors-expressed_support_for-michael_kors",
    }
    assert all(f.evidence for f in part.frustrated)
    # brute force agrees on the minimum for the whole signed graph's blocks
    assert len(part.frustrated) == _frustration_by_blocks(G)
    assert "manhattan_federal_court" in result.unaligned


def _frustration_by_blocks(G: nx.MultiDiGraph) -> int:
    ties = [
        (u, v, 1 if d["balance"] == "positive" else -1)
        for u, v, d in G.edges(data=True)
        if d["kind"] != "role" and d["balance"] in ("positive", "negative")
    ]
    H = nx.Graph((u, v) for u, v, _ in ties)
    total = 0
    for block in nx.biconnected_components(H):
        inside = [t for t in ties if t[0] in block and t[1] in block]
        total += brute_force(inside)
    return total


def test_camps_as_of_a_date(G: nx.MultiDiGraph) -> None:
    before = camps(G, "2015-12-01")
    members = {m for p in before.parts for c in p.camps for m in c.members}
    assert "longchamp" not in members  # its objection is dated 2016
    assert "longchamp" in before.unaligned


def test_camps_json(G: nx.MultiDiGraph) -> None:
    data = camps(G).to_dict(G)
    part = data["parts"][0]
    assert part["frustration"] == 3 and part["exact"] is True
    assert part["camps"][0]["leader"] == {"id": "alibaba", "name": "Alibaba Group"}
    assert all("evidence" in c for c in part["contested"])
