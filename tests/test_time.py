"""Dates as intervals: the value types, the relative dates, the order solver and what the loader computes."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.model import load
from graph.model.chronology import Constraint, propagate
from graph.model.dates import Certainty, PartialDate
from graph.model.relative import RULES, resolve
from graph.model.timing import DateSpec, Span, Timing
from graph.schema import load_schema
from graph.schema.time import RELATIVE_RULES, RelativeDate

ROOT = Path(__file__).resolve().parent.parent
D = dt.date
SCHEMA = load_schema()


# -- the value types ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("span", "text", "edtf"),
    [
        (Span(D(2016, 5, 1), D(2016, 5, 31)), "2016-05", "2016-05"),
        (Span(D(2016, 1, 1), D(2016, 12, 31)), "2016", "2016"),
        (Span(D(2016, 5, 4), D(2016, 5, 4)), "2016-05-04", "2016-05-04"),
        (Span(D(2016, 4, 20), D(2016, 5, 8)), "between 2016-04-20 and 2016-05-08", "[2016-04-20..2016-05-08]"),
        (Span(None, D(2016, 5, 12)), "by 2016-05-12", "[..2016-05-12]"),
        (Span(D(2016, 4, 1), None), "on or after 2016-04-01", "[2016-04-01..]"),
        (Span(), "unknown", ""),
    ],
)
def test_a_span_reads_at_its_precision(span: Span, text: str, edtf: str) -> None:
    assert str(span) == text
    assert span.edtf() == edtf


def test_the_value_of_a_span_is_the_narrowest_calendar_unit_holding_it() -> None:
    assert str(Span(D(2016, 5, 2), D(2016, 5, 8)).value()) == "2016-05"
    assert str(Span(D(2016, 4, 20), D(2016, 5, 8)).value()) == "2016"
    assert Span(D(2015, 12, 20), D(2016, 1, 8)).value() is None
    assert Span(None, D(2016, 1, 8)).value() is None


def test_a_spec_narrows_its_value_with_its_bounds() -> None:
    spec = DateSpec(
        PartialDate.parse("2016"), earliest=PartialDate.parse("2016-04"), latest=PartialDate.parse("2016-05-12")
    )
    assert str(spec.given()) == "between 2016-04-01 and 2016-05-12"
    assert DateSpec(PartialDate.parse("2016")).plain and not spec.plain


def _days(lo: D, hi: D) -> list[D]:
    return [lo + dt.timedelta(days=i) for i in range((hi - lo).days + 1)]


def test_an_event_is_certain_once_its_latest_day_has_passed() -> None:
    t = Timing("event", date=Span(D(2016, 4, 1), D(2016, 5, 8)))
    assert t.certainty(D(2016, 3, 31)) is Certainty.NO
    assert {t.certainty(d) for d in _days(D(2016, 4, 1), D(2016, 5, 7))} == {Certainty.POSSIBLE}
    assert t.certainty(D(2016, 5, 8)) is Certainty.CERTAIN
    assert t.certainty(D(2030, 1, 1)) is Certainty.CERTAIN
    assert t.certainty(None) is Certainty.CERTAIN
    assert Timing("event", date=Span(), planned=True).certainty(None) is Certainty.POSSIBLE


def test_a_state_is_certain_between_its_latest_start_and_its_earliest_end() -> None:
    t = Timing("state", start=Span(D(2016, 4, 1), D(2016, 4, 30)), end=Span(D(2016, 5, 10), D(2016, 5, 20)))
    got = {d: t.certainty(d) for d in _days(D(2016, 3, 30), D(2016, 5, 22))}
    assert got[D(2016, 3, 31)] is Certainty.NO and got[D(2016, 4, 1)] is Certainty.POSSIBLE
    assert got[D(2016, 4, 30)] is Certainty.CERTAIN and got[D(2016, 5, 10)] is Certainty.CERTAIN
    assert got[D(2016, 5, 11)] is Certainty.POSSIBLE and got[D(2016, 5, 20)] is Certainty.POSSIBLE
    assert got[D(2016, 5, 21)] is Certainty.NO
    assert t.certain_window() == (D(2016, 4, 30), D(2016, 5, 10))
    assert t.window() == (D(2016, 4, 1), D(2016, 5, 20))


def test_a_state_with_an_unknown_end_is_only_possible_after_its_start() -> None:
    t = Timing("state", start=Span(D(2016, 4, 1), D(2016, 4, 1)), end=Span())
    assert t.certainty(D(2016, 4, 1)) is Certainty.POSSIBLE
    assert t.certainty(D(2017, 1, 1)) is Certainty.POSSIBLE
    assert t.certain_window() is None


def test_a_planned_record_is_never_certain() -> None:
    t = Timing(
        "state", start=Span(D(2016, 5, 18), D(2016, 5, 18)), end=Span(D(2016, 5, 20), D(2016, 5, 20)), planned=True
    )
    assert t.certainty(D(2016, 5, 17)) is Certainty.NO
    assert t.certainty(D(2016, 5, 19)) is Certainty.POSSIBLE
    assert t.certainty(D(2016, 5, 21)) is Certainty.NO
    assert t.certain_window() is None


def test_certainty_is_truthy_unless_no_and_a_chain_is_as_certain_as_its_weakest_link() -> None:
    assert Certainty.CERTAIN and Certainty.POSSIBLE and not Certainty.NO
    assert Certainty.CERTAIN & Certainty.POSSIBLE is Certainty.POSSIBLE
    assert Certainty.POSSIBLE & Certainty.NO is Certainty.NO
    assert Certainty.CERTAIN & Certainty.CERTAIN is Certainty.CERTAIN


# -- relative dates --------------------------------------------------------------------------

THU = D(2016, 5, 12)  # a Thursday


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("last Wednesday", D(2016, 5, 4), D(2016, 5, 11)),  # the previous week's, or yesterday
        ("last Thursday", D(2016, 5, 5), D(2016, 5, 5)),
        ("last Friday", D(2016, 5, 6), D(2016, 5, 6)),
        ("last Monday", D(2016, 5, 2), D(2016, 5, 9)),
        ("last weekend", D(2016, 5, 7), D(2016, 5, 8)),
        ("last week", D(2016, 5, 2), D(2016, 5, 8)),
        ("last May", D(2015, 5, 1), D(2015, 5, 31)),
        ("last April", D(2016, 4, 1), D(2016, 4, 30)),
        ("April this year", D(2016, 4, 1), D(2016, 4, 30)),
        ("May this year", D(2016, 5, 1), D(2016, 5, 12)),
        ("November 6 last year", D(2015, 11, 6), D(2015, 11, 6)),
        ("November last year", D(2015, 11, 1), D(2015, 11, 30)),
        ("at the beginning of this year", D(2016, 1, 1), D(2016, 3, 31)),
        ("this year", D(2016, 1, 1), D(2016, 5, 12)),
        ("last year", D(2015, 1, 1), D(2015, 12, 31)),
    ],
)
def test_each_relative_date_read_against_one_publication_day(text: str, first: D, last: D) -> None:
    expr = SCHEMA.time.find(text)
    assert expr is not None
    span = resolve(expr, Span(THU, THU))
    assert (span.earliest, span.latest) == (first, last)
    assert text in span.why_earliest


def test_every_declared_rule_is_implemented_and_every_expression_resolves() -> None:
    assert set(RULES) == set(RELATIVE_RULES)
    for expr in SCHEMA.time.relative.values():
        span = resolve(expr, Span(D(2016, 12, 1), D(2016, 12, 31)))
        assert span.bounded and not span.empty, expr.text


def test_a_relative_date_that_cannot_come_before_the_publication_is_refused() -> None:
    with pytest.raises(ValueError, match="names no day"):
        resolve(SCHEMA.time.find("May this year"), Span(D(2016, 4, 1), D(2016, 4, 20)))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not bounded"):
        resolve(SCHEMA.time.find("last week"), Span(None, D(2016, 4, 20)))  # type: ignore[arg-type]


_DAY = st.dates(min_value=D(2014, 1, 1), max_value=D(2018, 12, 31))


@settings(max_examples=200, deadline=None)
@given(expr=st.sampled_from(sorted(SCHEMA.time.relative)), a=_DAY, length=st.integers(0, 40))
def test_a_relative_date_over_a_publication_interval_holds_what_every_day_of_it_gives(
    expr: str, a: D, length: int
) -> None:
    rel: RelativeDate = SCHEMA.time.relative[expr]
    b = a + dt.timedelta(days=length)
    try:
        span = resolve(rel, Span(a, b))
    except ValueError:
        return
    rule = RULES[rel.rule]
    for day in _days(a, b):
        lo, hi = rule(day, rel.params)
        if lo <= hi:  # the expression names days for a publication on this day
            assert span.earliest is not None and span.latest is not None
            assert span.earliest <= lo and hi <= span.latest, (expr, day)
            assert hi <= day or rel.rule in ("weekday_after",), "only a future-tense expression names a later day"


# -- the order solver, against brute force -------------------------------------------------

UNIVERSE = range(0, 7)
BASE = D(2016, 5, 1)


def _span_of(bounds: tuple[int | None, int | None]) -> Span:
    lo, hi = bounds
    return Span(
        BASE + dt.timedelta(days=lo) if lo is not None else None,
        BASE + dt.timedelta(days=hi) if hi is not None else None,
    )


@st.composite
def _problems(draw: st.DrawFn) -> tuple[dict[int, Span], list[Constraint[int]]]:
    n = draw(st.integers(1, 4))
    spans = {}
    for k in range(n):
        lo = draw(st.one_of(st.none(), st.sampled_from(UNIVERSE)))
        hi = draw(st.one_of(st.none(), st.sampled_from(UNIVERSE)))
        if lo is not None and hi is not None and lo > hi:
            lo, hi = hi, lo
        spans[k] = _span_of((lo, hi))
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=5))
    return spans, [Constraint(a, b) for a, b in pairs if a != b]


def _clip(span: Span) -> set[int]:
    """The universe's days a span allows (an unbounded side reaches the end of the universe)."""
    return {d for d in UNIVERSE if span.contains(BASE + dt.timedelta(days=d))}


def _reaches(cons: list[Constraint[int]], a: int, b: int) -> bool:
    seen, todo = {a}, [a]
    while todo:
        x = todo.pop()
        for c in cons:
            if c.before == x and c.after not in seen:
                seen.add(c.after)
                todo.append(c.after)
    return b in seen


@settings(max_examples=400, deadline=None)
@given(_problems())
def test_propagation_keeps_exactly_the_days_some_solution_gives(
    problem: tuple[dict[int, Span], list[Constraint[int]]],
) -> None:
    spans, cons = problem
    out = propagate(spans, cons)
    keys = sorted(spans)
    cyclic = any(_reaches(cons, a, b) and _reaches(cons, b, a) for a, b in itertools.combinations(keys, 2))
    assert bool(out.cycles) == cyclic
    if cyclic:
        return
    # Brute force over a universe wide enough that unbounded sides do not matter: every bound lies inside it.
    domains = [_clip(spans[k]) for k in keys]
    solutions = [
        dict(zip(keys, combo, strict=True))
        for combo in itertools.product(*domains)
        if all(
            dict(zip(keys, combo, strict=True))[c.before] <= dict(zip(keys, combo, strict=True))[c.after] for c in cons
        )
    ]
    if not solutions:
        assert out.empty, "an unsatisfiable set of constraints leaves some span empty"
        return
    assert not out.empty
    for k in keys:
        possible = {s[k] for s in solutions}
        assert _clip(out.spans[k]) == possible, k


def test_an_empty_span_names_the_chains_that_emptied_it() -> None:
    spans = {"a": Span(D(2016, 5, 10), D(2016, 5, 10)), "c": Span(None, D(2016, 5, 1))}
    out = propagate(spans, [Constraint("a", "b"), Constraint("b", "c")])
    assert set(out.empty) >= {"b"}
    lo_chain, hi_chain = out.empty["b"]
    assert lo_chain == ["b", "a"] and hi_chain == ["b", "c"]


def test_every_cycle_is_reported() -> None:
    cons = [Constraint(a, b) for a, b in (("a", "b"), ("b", "a"), ("c", "d"), ("d", "e"), ("e", "c"), ("x", "a"))]
    out = propagate({}, cons)
    assert sorted(sorted(c) for c in out.cycles) == [["a", "b"], ["c", "d", "e"]]


# -- what the loader computes from the seed article --------------------------------------------


@pytest.fixture(scope="module")
def seed():  # type: ignore[no-untyped-def]
    return load(ROOT / "data")


def test_the_seed_article_is_dated_by_what_it_says(seed) -> None:  # type: ignore[no-untyped-def]
    src = seed.sources["seed-article"]
    assert str(src.publication) == "between 2016-04-01 and 2016-05-12"
    assert "more than a week" in src.published_note


@pytest.mark.parametrize(
    ("record", "point", "text"),
    [
        ("alibaba-member_of-iacc", "start", "2016-04"),  # "in April this year"
        ("lawsuit_manhattan_2015_05", "date", "2015-05"),  # "Last May"
        ("forbes_report_2015_11_06", "date", "2015-11-06"),  # "November 6 last year"
        ("lawsuit_louis_vuitton_beijing_2016", "date", "between 2016-01-01 and 2016-03-31"),
        ("remark_kolsun_private_support", "date", "between 2016-04-01 and 2016-05-08"),  # "last week", after April
        # Gucci decided "last Wednesday" and was off the list "last weekend": the weekend bounds the decision
        ("withdrawal_gucci_iacc", "date", "between 2016-04-01 and 2016-05-08"),
        ("gucci-member_of-iacc", "end", "between 2016-04-01 and 2016-05-08"),
        ("michael_kors-member_of-iacc", "end", "between 2016-04-01 and 2016-05-12"),
        ("mediation_kering_alibaba", "date", "between 2015-11-06 and 2016-05-12"),
        ("remark_jack_ma_rather_lose", "date", "by 2015-11-06"),
        ("jack_ma-speaker_at-iacc_spring_conference_2016", "start", "2016-05-18"),
    ],
)
def test_seed_dates(seed, record: str, point: str, text: str) -> None:  # type: ignore[no-untyped-def]
    rec = seed.relations.get(record) or seed.facts.get(record) or seed.entities[record]
    assert str(rec.timing.spans[point]) == text


def test_michael_kors_and_gucci_are_no_longer_members_after_the_article(seed) -> None:  # type: ignore[no-untyped-def]
    for rid in ("michael_kors-member_of-iacc", "gucci-member_of-iacc"):
        timing = seed.relations[rid].timing
        assert timing.certainty(D(2016, 6, 1)) is Certainty.NO
        assert timing.certainty(D(2016, 5, 1)) is Certainty.POSSIBLE
    # Alibaba joined in April and is a member as of the article; but the article may date from April 1, before the
    # last day Alibaba may have joined (April 30), so no day is certain: the membership is only ever possible
    alibaba = seed.relations["alibaba-member_of-iacc"].timing
    assert alibaba.certainty(D(2016, 3, 31)) is Certainty.NO
    assert alibaba.certainty(D(2016, 4, 15)) is Certainty.POSSIBLE
    assert str(alibaba.start) == "2016-04" and str(alibaba.end) == "on or after 2016-04-01"
    assert alibaba.certain_window() is None
    assert alibaba.certainty(D(2016, 4, 30)) is Certainty.POSSIBLE
    assert alibaba.certainty(D(2016, 6, 1)) is Certainty.POSSIBLE  # unknown after the article


def test_the_keynote_is_planned_and_never_certain(seed) -> None:  # type: ignore[no-untyped-def]
    keynote = seed.relations["jack_ma-speaker_at-iacc_spring_conference_2016"].timing
    assert keynote.planned
    assert keynote.certainty(D(2016, 5, 19)) is Certainty.POSSIBLE
    assert keynote.certainty(D(2016, 5, 17)) is Certainty.NO


def test_an_undated_fact_is_done_by_the_publication_of_its_source(seed) -> None:  # type: ignore[no-untyped-def]
    founder = seed.relations["jack_ma-founder_of-alibaba"].timing
    assert str(founder.date) == "by 2016-05-12"
    assert founder.certainty(D(2016, 5, 12)) is Certainty.CERTAIN
    assert founder.certainty(D(2010, 1, 1)) is Certainty.POSSIBLE


def test_the_computation_is_deterministic(seed) -> None:  # type: ignore[no-untyped-def]
    again = load(ROOT / "data")
    for rid, rec in seed.relations.items():
        assert rec.timing == again.relations[rid].timing
        assert {k: (s.why_earliest, s.why_latest) for k, s in rec.timing.spans.items()} == {
            k: (s.why_earliest, s.why_latest) for k, s in again.relations[rid].timing.spans.items()
        }
