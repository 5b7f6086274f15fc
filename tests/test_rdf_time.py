"""A record's time in RDF: EDTF literals an independent reader agrees with, CIDOC-CRM bounds, the dates as
curated read back (intervals, relative dates, order, statuses), the computed triples checked, the same bytes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from edtf import parse_edtf, struct_time_to_date
from hypothesis import HealthCheck, given, settings
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.term import Node

from graph import DataError, Dataset, from_rdf, load, load_schema, to_rdf, to_yaml
from graph.model.timing import Span
from graph.rdf import dating
from graph.rdf.dating import endpoint
from graph.rdf.export import ntriples, to_trig

from .conftest import DATA
from .test_dump import _write
from .test_rdf_in import comparable, datasets

SCHEMA = load_schema()
V = SCHEMA.vocabulary
CDK, CDKS, CDKSRC = V.entity, V.statement, V.source
TIME = {k: URIRef(iri) for k, iri in V.time.items()}
PARTS = {k: URIRef(iri) for k, iri in V.date_parts.items()}
EDTF = TIME["edtf_datatype"]
BOUNDS = ("begin_of_the_begin", "end_of_the_begin", "begin_of_the_end", "end_of_the_end")


@pytest.fixture(scope="module")
def rdf(dataset: Dataset) -> Graph:
    return to_rdf(dataset)


# -- what an independent reader makes of the EDTF literals ------------------------------------------------


def _day(t: Any) -> dt.date | None:
    """A bound of the ``edtf`` package as a day: None for its infinities (an open end); the first day of
    year 0 (``0XXX`` starts there, a year Python's dates lack) as the first day there is."""
    if isinstance(t, float):
        return None
    return dt.date.min if t.tm_year == 0 else struct_time_to_date(t)


def _bounds(g: Graph, node: Node) -> dict[str, dt.date]:
    out = {}
    for key in BOUNDS:
        value = g.value(node, TIME[key])
        if value is not None:
            assert isinstance(value, Literal) and value.datatype == XSD.date
            out[key] = dt.date.fromisoformat(str(value))
    return out


def _agrees(text: str, bounds: dict[str, dt.date]) -> None:
    """``text`` read by the ``edtf`` package (strict bounds: its fuzzy ones pad approximate and uncertain
    dates, which the export never writes) against the CIDOC-CRM bounds beside it.

    An event's literal is exact: its first and last day are the begin of the begin and the end of the end,
    and an open side is an unbounded one. A state's endpoints are whole calendar units: each holds its
    bounds, and is them when its span is one unit."""
    parsed = parse_edtf(text)
    lo, hi = _day(parsed.lower_strict()), _day(parsed.upper_strict())
    assert _day(parsed.lower_fuzzy()) == lo and _day(parsed.upper_fuzzy()) == hi, text  # nothing padded
    if "/" not in text:
        assert (lo, hi) == (bounds.get("begin_of_the_begin"), bounds.get("end_of_the_end")), text
        assert set(bounds) <= {"begin_of_the_begin", "end_of_the_end"}, text
        return
    starts, ends = text.split("/")
    sections = {"start": (parsed.lower, "begin_of_the_begin", "end_of_the_begin", starts),
                "end": (parsed.upper, "begin_of_the_end", "end_of_the_end", ends)}  # fmt: skip
    for section, first, last, written in sections.values():
        first_day, last_day = _day(section.lower_strict()), _day(section.upper_strict())
        if written == "..":  # open: unbounded, or too wide for one millennium, or beside an open end (see edtf)
            assert (first_day, last_day) == (None, None), text
            continue
        assert first_day is not None and last_day is not None, text
        assert first_day <= bounds[first] <= bounds[last] <= last_day, text
        if Span(bounds[first], bounds[last]).precise() is not None:  # one day, month or year: exactly it
            assert (first_day, last_day) == (bounds[first], bounds[last]), text


def _every_literal(g: Graph) -> list[tuple[Node, str]]:
    found = [(s, o) for s, o in g.subject_objects(TIME["edtf"])]
    assert all(isinstance(o, Literal) and o.datatype == EDTF for _, o in found)
    return [(s, str(o)) for s, o in found]


def test_every_edtf_literal_of_the_seed_data_reads_back_with_the_bounds(rdf: Graph, dataset: Dataset) -> None:
    found = _every_literal(rdf)
    dated = {URIRef((CDKS if rid in dataset.relations else CDK) + rid)
             for rid, r in {**dataset.entities, **dataset.facts, **dataset.relations}.items()
             if r.timing is not None and r.timing.kind != "timeless" and dating.bounds(r.timing)}  # fmt: skip
    assert dated <= {s for s, _ in found} and len(dated) > 40
    for node, text in found:
        _agrees(text, _bounds(rdf, node))
    for sid, src in dataset.sources.items():  # the publication: exact, an event's form
        assert src.publication is not None
        issued = rdf.value(URIRef(CDKSRC + sid), TIME["publication"])
        parsed = parse_edtf(str(issued))
        assert (_day(parsed.lower_strict()), _day(parsed.upper_strict())) == (
            src.publication.earliest,
            src.publication.latest,
        )


@settings(max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(ds=datasets())
def test_every_edtf_literal_of_random_data_reads_back_with_the_bounds(ds: Dataset) -> None:
    g = to_rdf(ds)
    for node, text in _every_literal(g):
        _agrees(text, _bounds(g, node))


@pytest.mark.parametrize(
    ("earliest", "latest", "written"),
    [
        ("2016-05-18", "2016-05-18", "2016-05-18"),
        ("2016-05-01", "2016-05-31", "2016-05"),
        ("2016-05-02", "2016-05-08", "2016-05"),
        ("2016-04-01", "2016-05-08", "2016"),
        ("2015-11-06", "2016-05-12", "201X"),
        ("1999-12-31", "2000-01-01", ".."),
        ("2001-01-01", "2099-12-31", "20XX"),
        (None, "2016-05-08", ".."),
        ("2016-04-01", None, ".."),
    ],
)
def test_an_endpoint_is_the_narrowest_unit_that_holds_it(
    earliest: str | None, latest: str | None, written: str
) -> None:
    span = Span(*(dt.date.fromisoformat(d) if d else None for d in (earliest, latest)))
    assert endpoint(span) == written
    if written != "..":  # the edtf package agrees it holds the span
        parsed = parse_edtf(written)
        assert _day(parsed.lower_strict()) <= span.earliest <= span.latest <= _day(parsed.upper_strict())  # type: ignore[operator]


# -- the seed data's time, as the article tells it ---------------------------------------------------------


def _literal(day: str) -> Literal:
    return Literal(day, datatype=XSD.date)


@pytest.mark.parametrize(
    ("node", "written", "bounds"),
    [
        # left "last weekend", after deciding to leave "last Wednesday"; the start is not given
        (CDKS + "gucci-member_of-iacc", "../2016",
         {"end_of_the_begin": "2016-05-08", "begin_of_the_end": "2016-04-01", "end_of_the_end": "2016-05-08"}),
        # joined "in April this year"; still a member at the publication, and nothing known after it
        (CDKS + "alibaba-member_of-iacc", "2016-04/..",
         {"begin_of_the_begin": "2016-04-01", "end_of_the_begin": "2016-04-30", "begin_of_the_end": "2016-04-01"}),
        # the planned keynote of May 18 to 20
        (CDKS + "jack_ma-speaker_at-iacc_spring_conference_2016", "2016-05-18/2016-05-20",
         {"begin_of_the_begin": "2016-05-18", "end_of_the_begin": "2016-05-18", "begin_of_the_end": "2016-05-20",
          "end_of_the_end": "2016-05-20"}),
        # an event: one day of a range, exactly; and the statements it implies carry its time
        (CDK + "withdrawal_gucci_iacc", "[2016-04-01..2016-05-08]",
         {"begin_of_the_begin": "2016-04-01", "end_of_the_end": "2016-05-08"}),
        (CDKS + "withdrawal_gucci_iacc.protested_against.gucci.alibaba", "[2016-04-01..2016-05-08]",
         {"begin_of_the_begin": "2016-04-01", "end_of_the_end": "2016-05-08"}),
        (CDK + "forbes_interview", "[..2015-11-06]", {"end_of_the_end": "2015-11-06"}),
        (CDK + "lawsuit_manhattan_2015_05", "2015-05",
         {"begin_of_the_begin": "2015-05-01", "end_of_the_end": "2015-05-31"}),
    ],
)  # fmt: skip
def test_the_computed_time_of_the_seed_data(rdf: Graph, node: str, written: str, bounds: dict[str, str]) -> None:
    assert rdf.value(URIRef(node), TIME["edtf"]) == Literal(written, datatype=EDTF)
    assert {k: str(d) for k, d in _bounds(rdf, URIRef(node)).items()} == bounds


def test_a_timeless_entity_has_no_time(rdf: Graph) -> None:
    kering = URIRef(CDK + "kering")
    assert not [p for p in rdf.predicates(kering) if p in {TIME["edtf"], *(TIME[k] for k in BOUNDS)}]


def test_the_dates_as_curated_are_nodes_of_their_own(rdf: Graph) -> None:
    st = URIRef(CDKS + "gucci-member_of-iacc")
    end = rdf.value(st, URIRef(V.curated["end"]))
    assert end == URIRef(CDKS + "gucci-member_of-iacc.end")
    assert set(rdf.predicate_objects(end)) == {
        (RDF.type, TIME["curated_class"]),
        (PARTS["relative"], Literal("last weekend")),
        (PARTS["after"], Literal("withdrawal_gucci_iacc")),
    }
    mediation = rdf.value(URIRef(CDK + "mediation_kering_alibaba"), URIRef(V.curated["date"]))
    assert set(rdf.objects(mediation, PARTS["after"])) == {Literal("forbes_report_2015_11_06"),
                                                           Literal("lawsuit_kering_2015_11")}  # fmt: skip
    # a date given as a bare value is the record's date property, and no node
    conference = URIRef(CDK + "iacc_spring_conference_2016")
    assert rdf.value(conference, URIRef(V.curated["start"])) is None
    assert rdf.value(conference, URIRef(V.dates["start"])) == _literal("2016-05-18")


# -- read back: intervals, relative dates, order and statuses -------------------------------------------------

TOLD = [
    "gucci-member_of-iacc",  # relative end, after a fact
    "alibaba-member_of-iacc",  # relative start
    "michael_kors-member_of-iacc",  # an end after a fact
    "jack_ma-speaker_at-iacc_spring_conference_2016",  # planned
    "lvmh-member_of-iacc",  # current
    "barbara_kolsun-officer_of-stuart_weitzman",  # former
    "three_taobao_shopkeepers-sells_on-taobao",  # past, before a fact
    "longchamp-objected_to-alibaba",  # after and before
]


@pytest.mark.parametrize("fmt", ["turtle", "trig", "ntriples"])
def test_the_time_as_the_sources_tell_it_reads_back(dataset: Dataset, fmt: str) -> None:
    text = to_trig(dataset) if fmt == "trig" else to_rdf(dataset).serialize(format=fmt)
    back = from_rdf(io.StringIO(text), fmt)
    days = [dt.date(2016, 3, 1) + dt.timedelta(days=n) for n in range(0, 120, 3)]
    for rid in TOLD:
        before, after = dataset.relations[rid], back.relations[rid]
        assert after.specs == before.specs and after.timing == before.timing and after.dates == before.dates, rid
        assert [after.timing.certainty(d) for d in days] == [before.timing.certainty(d) for d in days], rid  # type: ignore[union-attr]
    for fid, fact in dataset.facts.items():
        assert back.facts[fid].specs == fact.specs and back.facts[fid].timing == fact.timing, fid
    assert back.sources["seed-article"].published_spec == dataset.sources["seed-article"].published_spec
    assert back.sources["seed-article"].publication == dataset.sources["seed-article"].publication


def _without(g: Graph, props: list[URIRef]) -> Graph:
    out = Graph()
    for t in g:
        if t[1] not in props:
            out.add(t)
    return out


def test_the_computed_triples_may_be_left_out(rdf: Graph, dataset: Dataset) -> None:
    """They are computed again from the dates as curated."""
    bare = _without(rdf, [TIME["edtf"], TIME["publication"], *(TIME[k] for k in BOUNDS)])
    assert len(bare) < len(rdf)
    assert comparable(from_rdf(bare)) == comparable(dataset)


def _replace(g: Graph, s: str, p: URIRef, o: Node) -> Graph:
    out = Graph()
    for t in g:
        out.add(t)
    out.remove((URIRef(s), p, None))
    out.add((URIRef(s), p, o))
    return out


@pytest.mark.parametrize(
    ("node", "prop", "value", "message"),
    [
        (CDKS + "gucci-member_of-iacc", TIME["end_of_the_end"], _literal("2016-05-31"),
         "cdks:gucci-member_of-iacc: field 'crm:P82b_end_of_the_end': '2016-05-31'^^xsd:date is not what the dates "
         "as curated give ('2016-05-08'^^xsd:date)"),
        (CDKS + "gucci-member_of-iacc", TIME["edtf"], Literal("2016-04/2016-05", datatype=EDTF),
         "field 'dcterms:date': '2016-04/2016-05'^^edtf:EDTF is not what the dates as curated give ('../2016'"),
        (CDKS + "alibaba-member_of-iacc", URIRef(V.dates["start"]), Literal("2016-05", datatype=XSD.gYearMonth),
         "field 'schema:startDate': '2016-05'^^xsd:gYearMonth is not what the dates as curated give "
         "('2016-04'^^xsd:gYearMonth)"),
        (CDKS + "withdrawal_gucci_iacc.protested_against.gucci.alibaba", TIME["begin_of_the_begin"],
         _literal("2016-04-02"), "is not what the dates as curated give ('2016-04-01'^^xsd:date)"),
        (CDKSRC + "seed-article", TIME["publication"], Literal("2016-05", datatype=EDTF),
         "cdksrc:seed-article: field 'dcterms:issued': '2016-05'^^edtf:EDTF is not what the dates as curated give"),
        # the curated date changed, the computed time left as it was: refused, not silently recomputed
        (CDKS + "gucci-member_of-iacc.end", PARTS["relative"], Literal("April this year"),
         "cdks:gucci-member_of-iacc: field 'crm:P82b_end_of_the_end': '2016-05-08'^^xsd:date is not what the dates "
         "as curated give ('2016-04-30'^^xsd:date): it is computed from them"),
        # "last week" gives the same days as "last weekend" here (both end by May 8): nothing to refuse
        (CDKS + "gucci-member_of-iacc.end", PARTS["relative"], Literal("last week"), ""),
        (CDKS + "gucci-member_of-iacc.end", PARTS["relative"], Literal("next weekend"),
         "cdks:gucci-member_of-iacc: field 'end.relative': unknown relative date 'next weekend'"),
        (CDKS + "gucci-member_of-iacc.end", PARTS["after"], Literal("nobody"),
         "cdks:gucci-member_of-iacc: field 'end.after': unknown record 'nobody'"),
        (CDKS + "gucci-member_of-iacc.end", RDF.type, URIRef(CDK + "Date"),
         "cdks:gucci-member_of-iacc.end: field 'rdf:type': a date as curated is a cdkg:CuratedDate, and only that"),
        (CDKS + "gucci-member_of-iacc", URIRef(V.curated["end"]), Literal("last weekend"),
         "field 'cdkg:curatedEnd': expected a cdkg:CuratedDate (cdks:ID.end), found 'last weekend'"),
        (CDKS + "seed-article.published", PARTS["relative"], Literal("last week"),
         "cdks:seed-article.published: a publication date takes a value, bounds and a note, not a relative date"),
        (CDKS + "gucci-member_of-iacc.end", PARTS["source"], URIRef(CDKSRC + "seed-article"), ""),  # allowed
        (CDKS + "forbes_interview.date", PARTS["before"], Literal("forbes_report_2015_11_06"), ""),  # as it was
    ],
)  # fmt: skip
def test_a_computed_triple_that_disagrees_is_refused(
    rdf: Graph, node: str, prop: URIRef, value: Node, message: str
) -> None:
    g = _replace(rdf, node, prop, value)
    if not message:
        from_rdf(g)
        return
    with pytest.raises(DataError) as info:
        from_rdf(g)
    assert any(message in str(p) for p in info.value.problems), str(info.value)


def test_a_curated_date_no_record_links_to_is_refused(rdf: Graph) -> None:
    g = _replace(rdf, CDKS + "stray.date", RDF.type, TIME["curated_class"])
    g.add((URIRef(CDKS + "stray.date"), PARTS["relative"], Literal("last week")))
    with pytest.raises(DataError) as info:
        from_rdf(g)
    assert [str(p) for p in info.value.problems] == [
        "<graph>: cdks:stray.date: a date as curated that no record or source links to"
    ]


# -- the same bytes ---------------------------------------------------------------------------------------------


def test_export_import_load_export_gives_the_same_bytes(dataset: Dataset, tmp_path: Path) -> None:
    first = ntriples(dataset)
    assert ntriples(load(DATA)) == first  # one build to the next
    again = load(_write(to_yaml(from_rdf(io.StringIO(first), "ntriples")), tmp_path / "again", DATA))
    assert comparable(again) == comparable(dataset)
    assert ntriples(again) == first and to_trig(again) == to_trig(dataset)


def test_a_record_built_by_hand_has_its_values_and_no_computed_time(dataset: Dataset) -> None:
    r = dataclasses.replace(dataset.relations["alibaba-member_of-iacc"], timing=None, specs={})
    g = to_rdf(dataclasses.replace(dataset, relations={**dataset.relations, r.id: r}))
    st = URIRef(CDKS + r.id)
    assert g.value(st, URIRef(V.dates["start"])) == Literal("2016-04", datatype=XSD.gYearMonth)
    assert g.value(st, TIME["edtf"]) is None and g.value(st, URIRef(V.curated["start"])) is None


def test_every_term_of_the_export_in_the_own_namespace_is_in_the_ontology(rdf: Graph) -> None:
    from graph import ontology

    onto = ontology(SCHEMA)
    declared = set(onto.subjects(RDF.type, None))
    used = {n for t in rdf for n in (t[1], t[2]) if isinstance(n, URIRef) and str(n).startswith(V.ontology)}
    assert used - declared == set()
    # the seed data uses every one of them but the source of a relative date (it cites one source)
    own_parts = {p for k, p in PARTS.items() if str(p).startswith(V.ontology) and k != "source"}
    assert own_parts | set(map(URIRef, V.curated.values())) <= used
    cls = TIME["curated_class"]
    assert all(onto.value(URIRef(link), RDFS.range) == cls for link in V.curated.values())
