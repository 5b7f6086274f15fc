"""The analyst's questions, on the real data (checked against the article) and on fixtures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest

from graph import load, to_networkx
from graph.analysis.findings import allies, opponents, path, relations, stats, timeline, to_dataframe
from graph.errors import UsageError
from graph.model.dates import PartialDate, in_effect, parse_as_of

# -- the real data, against the article -------------------------------------------


def test_who_opposes_alibaba(G: nx.MultiDiGraph) -> None:
    found = opponents(G, "Alibaba")
    others = {f.other for f in found}
    assert {"michael_kors", "gucci", "kering", "longchamp"} <= others
    assert "taobao" not in others and "tmall" not in others and "jack_ma" not in others
    assert all(f.stance == "oppose" and f.evidence for f in found)
    # Kering sued twice: the article's November 2015 suit, and the court's action of May 2015, Kering S.A. a plaintiff
    suits = {f.via: f for f in found if f.other == "kering"}
    assert set(suits) == {"lawsuit_kering_2015_11", "lawsuit_sdny_15cv3784"}
    kering = suits["lawsuit_kering_2015_11"]
    assert kering.direction == "in" and kering.label == "sued by"
    assert str(kering.dates["date"]) == "2015-11"
    assert "Kaiyun Group filed a lawsuit against Alibaba" in kering.evidence[0]["quote"]
    assert str(suits["lawsuit_sdny_15cv3784"].dates["date"]) == "2015-05"
    assert suits["lawsuit_sdny_15cv3784"].evidence[0]["source"] == "sdny-order-2016-08-04"


def test_opposition_reads_both_ways(G: nx.MultiDiGraph) -> None:
    kors = opponents(G, "michael kors")
    assert {(f.other, f.direction, f.type) for f in kors} == {
        ("alibaba", "out", "accused"),
        ("alibaba", "out", "protested_against"),
    }
    assert opponents(G, "Taobao") == []


def test_names_resolve_by_alias_case_and_accent(G: nx.MultiDiGraph) -> None:
    # Kering's name in the court's caption and the article's translation; it sued Alibaba and, in the court's
    # action, Alibaba's legal entities, Alipay and the merchants
    assert opponents(G, "KAIYUN GROUP") == opponents(G, "kerings s.a.") == opponents(G, "Kering")
    assert {f.other for f in opponents(G, "KAIYUN GROUP")} == {
        "alibaba",
        "alibaba_com_hong_kong",
        "alibaba_com_ltd",
        "alibaba_china_technology",
        "taobao_china_holding",
        "taobao_china_software",
        "alipay",
        "present_merchant_defendants",
    }
    assert opponents(G, "ma yun") == opponents(G, "jack_ma") == opponents(G, "Jack Ma")


def test_allies_of_michael_kors(G: nx.MultiDiGraph) -> None:
    found = {f.other: f for f in allies(G, "Michael Kors")}
    assert set(found) == {"gucci", "iacc_members_supporting_kors"}
    shared = found["gucci"]
    assert shared.type == "shared:protested_against" and len(shared.chain) == 2
    assert {link.via for link in shared.chain} == {"withdrawal_michael_kors_iacc", "withdrawal_gucci_iacc"}
    assert found["iacc_members_supporting_kors"].label == "supported by"


def test_co_plaintiffs_are_allies(G: nx.MultiDiGraph) -> None:
    found = allies(G, "Yves Saint Laurent")
    assert [(f.other, f.type, f.direction) for f in found] == [("gucci", "co_plaintiff_with", "both")]


def test_relations_include_roles_in_facts(G: nx.MultiDiGraph) -> None:
    found = relations(G, "Kering")
    labels = {(f.label, f.other) for f in found}
    assert ("plaintiff in", "lawsuit_kering_2015_11") in labels
    assert ("owns", "gucci") in labels and ("sued", "alibaba") in labels
    assert ("party in", "mediation_kering_alibaba") in labels
    assert [f.other for f in relations(G, "Kering", type="owns")] == ["gucci"]
    lawsuit = {(f.label, f.other) for f in relations(G, "lawsuit_manhattan_2015_05")}
    assert lawsuit == {
        ("plaintiff", "gucci"),
        ("plaintiff", "yves_saint_laurent"),
        ("defendant", "alibaba"),
        ("court", "manhattan_federal_court"),
    }
    # Jack Ma's remark is about Kering and Alibaba: the article names no lawsuit (docs/audit.md)
    assert ("about in", "remark_jack_ma_rather_lose") in labels


def test_path_through_facts(G: nx.MultiDiGraph) -> None:
    chains = path(G, "Longchamp", "Taobao")
    assert [[step[0].other for step in chain] for chain in chains] == [["alibaba", "taobao"]]
    first = chains[0][0][0]
    assert first.label == "objected to" and first.evidence
    # a court is linked to the defendant through the lawsuit node
    chains = path(G, "Manhattan Federal Court", "Alibaba")
    assert chains and all(len(c) == 2 for c in chains)
    assert chains[0][0][0].label == "court in" and chains[0][0][0].other == "lawsuit_manhattan_2015_05"
    assert path(G, "gucci", "gucci") == []


def test_timeline_keeps_precision_as_written(G: nx.MultiDiGraph) -> None:
    entries = timeline(G)
    written = [str(e.span) for e in entries]
    assert "2015-05" in written and "2015-11-06" in written and "between 2016-04-01 and 2016-05-08" in written
    lawsuit = next(e for e in entries if e.record == "lawsuit_manhattan_2015_05")
    assert lawsuit.date is not None and lawsuit.date.precision == "month" and str(lawsuit.date) == "2015-05"
    gucci = [e.record for e in timeline(G, "gucci")]
    # VOA's accusation: "after Alibaba was admitted in April", so from April 1 to VOA's latest publication day
    assert gucci == [
        "lawsuit_manhattan_2015_05",
        "withdrawal_gucci_iacc",
        "gucci-member_of-iacc",
        "accusation_gucci_kors_largest_marketplace",
    ]
    assert str(entries[[e.record for e in entries].index("accusation_gucci_kors_largest_marketplace")].span) == (
        "between 2016-04-01 and 2016-05-18"
    )


def test_stats(G: nx.MultiDiGraph) -> None:
    s = stats(G)
    assert s["entities"] == 49 and s["facts"] == 21
    # the court's action: 8 plaintiffs sued 8 defendants (64 of the 70 "sued"), 28 pairs of co-plaintiffs
    assert s["edges_by_type"]["sued"] == 70 and s["edges_by_type"]["co_plaintiff_with"] == 29
    # neutral: memberships, offices, speakers... (VOA's account of Alibaba's membership is its own relation)
    assert s["edges_by_stance"] == {"oppose": 83, "support": 32, "neutral": 47}
    assert s["date_range"] == ["2014-01-01", "2016-05-20"]  # the court's 2014 action to the conference's end
    assert s["known_until"] == "2016-08-04"  # the court's order
    assert s["sources"]["seed-article"] == {
        "title": "Alibaba'S Commitment To Crack Down On Fake And Inferior Goods Has Not Yet Yielded Results, "
        "Causing Luxury Goods To Fight Against It",
        "published": "between 2016-04-01 and 2016-05-12",
        "publication": {"earliest": "2016-04-01", "latest": "2016-05-12"},
    }
    assert set(s["sources"]) == {"seed-article", "voa-2016-05-17", "sdny-order-2016-08-04"}
    assert s["sources"]["voa-2016-05-17"]["publication"] == {"earliest": "2016-05-17", "latest": "2016-05-18"}
    assert s["undated_facts"] == 42


def test_findings_as_json_and_dataframe(G: nx.MultiDiGraph) -> None:
    found = opponents(G, "Alibaba")
    item = found[0].to_dict(G)
    assert set(item) >= {"other", "relation", "dates", "certainty", "bounds", "evidence"}
    assert set(item["other"]) == {"id", "name"} and set(item["relation"]) >= {"id", "label", "direction"}
    assert all(set(e) == {"source", "quote"} for e in item["evidence"])
    df = to_dataframe(found)
    assert len(df) == len(found) and {"other", "label", "direction", "date", "certainty", "evidence"} <= set(df.columns)
    assert list(to_dataframe(timeline(G))["date"])[:3] == ["by 2015-11-06", "by 2015-11-06", "by 2016-03-31"]
    gucci = to_dataframe(opponents(G, "Gucci", as_of="2016-05-01"))
    assert list(gucci["date"]) == ["2015-05", "between 2016-04-01 and 2016-05-18", "between 2016-04-01 and 2016-05-08"]
    assert list(gucci["certainty"]) == ["certain", "possible", "possible"]


# -- fixtures: as-of boundaries and precision --------------------------------------

ASOF = """
relations:
  - id: kors-member-iacc
    type: member_of
    subject: michael_kors
    object: iacc
    end: 2016-04
    evidence:
      - {source: mini, quote: "Michael Kors quit IACC in April 2016"}
  - id: gucci-member-iacc
    type: member_of
    subject: gucci
    object: iacc
    start: 2014-03-15
    end: 2016-01-31
    evidence:
      - {source: mini, quote: "Gucci sued Alibaba"}
facts:
  - id: objection_2016
    type: accusation
    name: Kering accuses Alibaba (a year-precision date)
    accuser: [kering]
    accused: [alibaba]
    date: 2016
    evidence:
      - {source: mini, quote: "Kering is the parent company of Gucci"}
"""


@pytest.fixture
def small(make_data: Callable[..., Path]) -> nx.MultiDiGraph:
    return to_networkx(load(make_data(files={"asof.yaml": ASOF})))


def _rel(G: nx.MultiDiGraph, name: str, day: str) -> dict[str, str]:
    """The facts about ``name`` in effect on ``day``: relation -> certain or possible."""
    return {f.relation: f.certainty.value for f in relations(G, name, as_of=day)}


def _opp(G: nx.MultiDiGraph, name: str, day: str) -> dict[str, str]:
    return {f.other: f.certainty.value for f in opponents(G, name, as_of=day)}


def test_a_membership_that_ended_in_april_is_over_on_may_first(small: nx.MultiDiGraph) -> None:
    # it ended some day of April: on the 30th it may still hold, on May 1st it is over
    assert _rel(small, "michael_kors", "2016-04-30")["kors-member-iacc"] == "possible"
    assert "kors-member-iacc" not in _rel(small, "michael_kors", "2016-05-01")


def test_a_membership_that_began_in_april_counts_from_april_first(small: nx.MultiDiGraph) -> None:
    assert "alibaba-member_of-iacc" not in _rel(small, "alibaba", "2016-03-31")
    assert _rel(small, "alibaba", "2016-04-01")["alibaba-member_of-iacc"] == "possible"
    # begun for certain on April 30; held when the source was published (some day of May), unknown after
    assert _rel(small, "alibaba", "2016-04-30")["alibaba-member_of-iacc"] == "certain"
    assert _rel(small, "alibaba", "2016-05-01")["alibaba-member_of-iacc"] == "certain"
    assert _rel(small, "alibaba", "2016-05-02")["alibaba-member_of-iacc"] == "possible"


def test_day_precision_bounds_are_inclusive(small: nx.MultiDiGraph) -> None:
    assert "gucci-member-iacc" not in _rel(small, "gucci", "2014-03-14")
    assert _rel(small, "gucci", "2014-03-15")["gucci-member-iacc"] == "certain"
    assert _rel(small, "gucci", "2016-01-31")["gucci-member-iacc"] == "certain"
    assert "gucci-member-iacc" not in _rel(small, "gucci", "2016-02-01")


def test_an_unknown_start_counts_at_every_date_before_the_end(small: nx.MultiDiGraph) -> None:
    # kering owns gucci: undated (so held when the source was published, in May 2016); the kors membership: no start
    assert _rel(small, "kering", "1900-01-01")["kering-owns-gucci"] == "possible"
    assert _rel(small, "kering", "2100-01-01")["kering-owns-gucci"] == "possible"
    assert _rel(small, "michael_kors", "1990-06-01")["kors-member-iacc"] == "possible"


def test_events_count_from_the_first_day_their_precision_allows(small: nx.MultiDiGraph) -> None:
    assert "gucci" not in _opp(small, "alibaba", "2015-04-30")
    assert _opp(small, "alibaba", "2015-05-01")["gucci"] == "possible"  # sued some day of May 2015
    assert _opp(small, "alibaba", "2015-05-31")["gucci"] == "certain"
    assert "kering" not in _opp(small, "alibaba", "2015-12-31")
    assert _opp(small, "alibaba", "2016-01-01")["kering"] == "possible"  # dated 2016, reported in May 2016
    assert _opp(small, "alibaba", "2016-05-31")["kering"] == "certain"
    # an event does not stop counting
    assert _opp(small, "alibaba", "2030-01-01")["gucci"] == "certain"


def test_roles_follow_their_fact(small: nx.MultiDiGraph) -> None:
    assert "lawsuit_gucci/plaintiff/gucci" not in _rel(small, "gucci", "2015-04-30")
    assert _rel(small, "gucci", "2015-05-01")["lawsuit_gucci/plaintiff/gucci"] == "possible"
    assert _rel(small, "gucci", "2015-06-01")["lawsuit_gucci/plaintiff/gucci"] == "certain"


def test_in_effect_without_as_of_keeps_everything() -> None:
    assert in_effect({"temporal": "state", "end": PartialDate.parse("1900")}, None)


@pytest.mark.parametrize("bad", ["2016-05", "2016", "tomorrow", "2016-02-30"])
def test_as_of_needs_a_real_day(bad: str) -> None:
    with pytest.raises(UsageError, match="--as-of"):
        parse_as_of(bad)
    assert parse_as_of(dt.date(2016, 5, 1)) == dt.date(2016, 5, 1)


# -- fixtures: names and empty results ---------------------------------------------

NAMES = """
entities:
  - id: kors_holdings
    type: company
    name: Michael Kors Holdings
    aliases: [MK]
  - id: mk_design
    type: company
    name: MK Design
    aliases: [mk]
  - id: patisserie
    type: company
    name: Pâtisserie Ébène
"""


def test_ambiguous_and_unknown_names(make_data: Callable[..., Path]) -> None:
    from graph.analysis.names import AmbiguousName, UnknownName, resolve

    G = to_networkx(load(make_data(files={"names.yaml": NAMES})))
    with pytest.raises(AmbiguousName) as info:
        resolve(G, "mk")
    assert info.value.candidates == [("kors_holdings", "Michael Kors Holdings"), ("mk_design", "MK Design")]
    assert "kors_holdings (Michael Kors Holdings); mk_design (MK Design)" in str(info.value)
    with pytest.raises(UnknownName, match="did you mean 'Gucci' \\(gucci\\)"):
        resolve(G, "Guci")
    with pytest.raises(UnknownName) as none:
        resolve(G, "zzzz")
    assert "did you mean" not in str(none.value)
    assert resolve(G, "PATISSERIE ebene") == "patisserie"
    assert resolve(G, "  michael   kors ") == "michael_kors"


def test_empty_results(make_data: Callable[..., Path]) -> None:
    G = to_networkx(load(make_data(files={"names.yaml": NAMES})))
    assert opponents(G, "patisserie") == [] and allies(G, "patisserie") == []
    assert relations(G, "patisserie") == [] and timeline(G, "patisserie") == []
    assert path(G, "patisserie", "gucci") == []
