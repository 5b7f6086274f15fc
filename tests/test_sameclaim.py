"""One claim, several sources: the records same_as joins are in effect only as all of them allow."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools

from hypothesis import given, settings
from hypothesis import strategies as st

from graph import Dataset, to_networkx
from graph.model.dates import Certainty
from graph.model.sameclaim import claim_timings, combine, same_claims
from graph.model.timing import Span, Timing

D = dt.date


def test_same_as_is_read_both_ways_and_transitively(dataset: Dataset) -> None:
    a, b, c = (
        dataset.relations[r] for r in ("gucci-member_of-iacc", "michael_kors-member_of-iacc", "lvmh-member_of-iacc")
    )
    relations = {
        **dataset.relations,
        a.id: dataclasses.replace(a, same_as=(b.id,)),
        c.id: dataclasses.replace(c, same_as=(b.id,)),
    }
    groups = same_claims(dataclasses.replace(dataset, relations=relations))
    assert groups[a.id] == groups[b.id] == groups[c.id] == tuple(sorted((a.id, b.id, c.id)))


def test_the_seed_and_voa_give_one_membership(dataset: Dataset) -> None:
    together = claim_timings(dataset)["alibaba-member_of-iacc"]
    seed, voa = dataset.relations["alibaba-member_of-iacc"], dataset.relations["alibaba-member_of-iacc.voa"]
    assert seed.timing is not None and voa.timing is not None
    # the article: a member as of its publication, nothing after; VOA: suspended by its own
    assert seed.timing.certainty(D(2016, 6, 1)) is Certainty.POSSIBLE
    assert voa.timing.certainty(D(2016, 6, 1)) is Certainty.NO
    assert together.certainty(D(2016, 6, 1)) is Certainty.NO
    assert together.end is not None and together.end.latest == voa.timing.end.latest  # type: ignore[union-attr]


def test_a_denial_makes_the_claim_never_in_effect(dataset: Dataset) -> None:
    together = claim_timings(dataset)["jack_ma-speaker_at-iacc_spring_conference_2016"]
    assert together.negated and all(together.certainty(d) is Certainty.NO for d in (None, D(2016, 5, 19)))


def test_records_whose_dates_cannot_all_hold_keep_their_own() -> None:
    early = Timing("event", date=Span(D(2015, 1, 1), D(2015, 1, 31)))
    late = Timing("event", date=Span(D(2016, 1, 1), D(2016, 1, 31)))
    assert combine([early, late]) is None
    assert combine([early, Timing("state")]) is None  # an event and a state are not one claim's time


def test_planned_only_when_every_record_has_it_planned() -> None:
    planned = Timing("event", date=Span(D(2016, 5, 19), D(2016, 5, 19)), planned=True)
    done = Timing("event", date=Span(D(2016, 5, 1), D(2016, 5, 31)))
    assert combine([planned, planned]).planned  # type: ignore[union-attr]
    together = combine([planned, done])
    assert together is not None and not together.planned and together.date == Span(D(2016, 5, 19), D(2016, 5, 19))


_days = st.integers(0, 40).map(lambda n: D(2016, 5, 1) + dt.timedelta(days=n))
_spans = st.tuples(st.none() | _days, st.none() | _days).map(lambda t: Span(*t)).filter(lambda s: not s.empty)
_states = st.builds(lambda s, e: Timing("state", start=s, end=e), _spans, _spans)


@settings(max_examples=200, deadline=None, database=None)
@given(timings=st.lists(_states, min_size=2, max_size=3), day=_days)
def test_together_the_records_knowledge_adds_up(timings: list[Timing], day: dt.date) -> None:
    """Not in effect when any record says not, certain when every record says certain; each bound a record's."""
    together = combine(timings)
    if together is None:  # only when the days they allow for some point do not meet
        assert any(functools.reduce(Span.meet, [t.spans[p] for t in timings]).empty for p in ("start", "end"))
        return
    found = [t.certainty(day) for t in timings]
    if Certainty.NO in found:
        assert together.certainty(day) is Certainty.NO
    if all(f is Certainty.CERTAIN for f in found):
        assert together.certainty(day) is Certainty.CERTAIN
    for point, span in together.spans.items():
        assert span.earliest in {t.spans[point].earliest for t in timings}
        assert span.latest in {t.spans[point].latest for t in timings}


def test_the_graph_carries_the_claim_and_one_time_for_it(dataset: Dataset) -> None:
    G = to_networkx(dataset)
    claim = ("alibaba-member_of-iacc", "alibaba-member_of-iacc.voa")
    times = [G.edges["alibaba", "iacc", k]["timing"] for k in claim]
    assert all(G.edges["alibaba", "iacc", k]["claim_records"] == claim for k in claim) and times[0] == times[1]
    lawsuit = G.nodes["lawsuit_sdny_15cv3784"]
    assert lawsuit["claim_records"] == ("lawsuit_manhattan_2015_05", "lawsuit_sdny_15cv3784")
    for fid in lawsuit["claim_records"]:  # the schema's own field `claim` (what a lawsuit claims) is untouched
        assert G.nodes[fid].get("claim") == dataset.facts[fid].fields.get("claim")
    derived = [d for *_, d in G.edges(data=True) if d.get("fact") == "lawsuit_sdny_15cv3784" and d["kind"] == "derived"]
    assert derived and all(d["claim_records"] == lawsuit["claim_records"] for d in derived)
    together = claim_timings(dataset)["lawsuit_sdny_15cv3784"]
    assert lawsuit["timing"] == together and all(d["timing"] == together for d in derived)
    # a record no other gives keeps its own time, and no claim
    assert "claim_records" not in G.edges["gucci", "iacc", "gucci-member_of-iacc"]
    assert (
        G.edges["gucci", "iacc", "gucci-member_of-iacc"]["timing"] == dataset.relations["gucci-member_of-iacc"].timing
    )
