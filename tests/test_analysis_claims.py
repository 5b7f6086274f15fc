"""Who says so, through the analysis layer: attribution on every edge and answer, --stated, the marks."""

from __future__ import annotations

import networkx as nx

from graph.analysis import allies, camps, opponents, path, relations
from graph.analysis.claims import attributed
from graph.model.claims import Attribution


def test_every_edge_carries_its_record_attribution(G: nx.MultiDiGraph) -> None:
    ds_edges = {k: d for *_, k, d in G.edges(keys=True, data=True)}
    kors = ds_edges["iacc_members_supporting_kors-expressed_support_for-michael_kors"]
    assert kors["attribution"] == Attribution(("barbara_kolsun",), "reported", "private")
    # a derived edge has its fact's: the industry's belief that Alibaba is a member with problems
    derived = ds_edges["criticism_industry_member_with_problems/criticised/industry_insiders/alibaba"]
    assert derived["kind"] == "derived" and derived["attribution"].mode == "believed"
    assert G.nodes["criticism_industry_member_with_problems"]["attribution"].according_to == ("industry_insiders",)
    # the source's own voice by default
    assert ds_edges["lawsuit_kering_2015_11/sued/kering/alibaba"]["attribution"].own_voice


def test_findings_carry_who_says_so_in_json(G: nx.MultiDiGraph) -> None:
    (kors,) = [f for f in allies(G, "Michael Kors") if f.other == "iacc_members_supporting_kors"]
    assert kors.attributed and kors.attribution.private
    assert kors.to_dict(G)["attribution"] == {
        "according_to": [{"id": "barbara_kolsun", "name": "Barbara Kolsun"}],
        "mode": "reported",
        "visibility": "private",
        "own_voice": False,
        "attributed": True,
    }
    gucci = next(f for f in allies(G, "Michael Kors") if f.other == "gucci")
    assert not gucci.attributed and gucci.to_dict(G)["attribution"]["own_voice"] is True
    assert [c["attribution"]["own_voice"] for c in gucci.to_dict(G)["chain"]] == [True, True]
    # a role edge is its fact's: Forbes reports Jack Ma's remark
    (speaker,) = relations(G, "Jack Ma", type="speaker")
    assert speaker.other == "remark_jack_ma_rather_lose" and speaker.attribution == Attribution(("forbes",), "reported")


def test_stated_keeps_only_the_sources_own_voice(G: nx.MultiDiGraph) -> None:
    every, stated = opponents(G, "Alibaba"), opponents(G, "Alibaba", stated=True)
    assert {f.other for f in every} - {f.other for f in stated} == {"industry_insiders", "luxury_brands"}
    assert stated == [f for f in every if all(link.attribution.own_voice for link in f.chain)]
    assert all(not f.attributed for f in stated)
    assert [f.other for f in allies(G, "Michael Kors", stated=True)] == ["gucci"]
    # the insider's belief is the only tie from An insider from Alibaba to Forbes
    assert path(G, "alibaba_insider", "Forbes")[0][0][0].attribution.mode == "believed"
    assert all(
        f.attribution.own_voice for chain in path(G, "alibaba_insider", "Forbes", stated=True) for s in chain for f in s
    )


def test_a_denial_is_never_in_effect_and_not_stated(G: nx.MultiDiGraph) -> None:
    # VOA's denial is never in effect, and the article's planned keynote is the same claim (same_as): nor is it
    assert [f.relation for f in relations(G, "Jack Ma", type="speaker_at")] == []
    assert [f.relation for f in relations(G, "Jack Ma", type="speaker_at", stated=True)] == []
    for day in ("2016-05-19", "2016-06-01"):
        assert "jack_ma-speaker_at-iacc_spring_conference_2016.voa" not in {
            f.relation for f in relations(G, "Jack Ma", as_of=day)
        }


def test_camps_list_the_ties_resting_only_on_others_word(G: nx.MultiDiGraph) -> None:
    part = camps(G).parts[0]
    assert {f.relation for f in part.attributed} == {
        "alibaba-owns-tmall",  # believed, according to some people in the industry
        "criticism_insider_forbes/criticised/alibaba_insider/forbes",
        "criticism_insider_forbes/criticised/alibaba_insider/forbes_report_2015_11_06",
        "iacc_members_supporting_kors-expressed_support_for-michael_kors",  # reported, in private
        "criticism_industry_member_with_problems/criticised/industry_insiders/alibaba",
        "criticism_luxury_brands_no_results/criticised/luxury_brands/alibaba",  # stated, according to them
    }
    assert all(attributed(f.attribution) for f in part.attributed)
    strict = camps(G, stated=True)
    assert strict.stated and not any(p.attributed for p in strict.parts)
    assert sum(p.ties for p in strict.parts) == part.ties - len(part.attributed)
    # the private support for Kors is not among the contested ties: leaving it out changes none of them
    assert {f.relation for f in strict.parts[0].frustrated} == {f.relation for f in part.frustrated}
    data = camps(G).to_dict(G)
    assert data["stated"] is False and len(data["parts"][0]["attributed"]) == 6
    assert data["parts"][0]["attributed"][0]["attribution"]["own_voice"] is False
