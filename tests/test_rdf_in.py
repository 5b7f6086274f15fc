"""Reading RDF back: data -> RDF -> data is lossless in every format; RDF off the pattern is refused by name."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV, SKOS

from graph import DataError, Dataset, PartialDate, from_rdf, load, load_schema, to_networkx, to_rdf
from graph.cli import main
from graph.model.records import Alias, Entity, Evidence, Fact, Origin, Relation, Source
from graph.model.timing import DateSpec
from graph.rdf import serialize as rdftext
from graph.rdf.dating_in import solve_dates
from graph.rdf.export import export_lines, to_nquads, to_trig
from graph.rdf.shacl import violations

from .conftest import BASE, DATA

SCHEMA = load_schema()
CDK, CDKS, CDKSRC = SCHEMA.vocabulary.entity, SCHEMA.vocabulary.statement, SCHEMA.vocabulary.source
CDKG = SCHEMA.vocabulary.ontology
FORMATS: dict[str, Callable[[Dataset], str]] = {
    "turtle": lambda ds: to_rdf(ds).serialize(format="turtle"),
    "ntriples": lambda ds: to_rdf(ds).serialize(format="nt"),
    "jsonld": lambda ds: "".join(rdftext.jsonld(export_lines(ds).union, ds.schema.prefixes)),
    "trig": to_trig,
    "nquads": to_nquads,
}


def comparable(ds: Dataset) -> dict[str, dict[str, Any]]:
    """What must survive the round trip: every record, less where it was read from
    (``origin``), a source's text (not in the RDF) and the order of a role's participants (a set)."""

    def fix(record: Any) -> Any:
        changes: dict[str, Any] = {"origin": Origin()}
        if isinstance(record, Fact):
            changes["roles"] = {role: tuple(sorted(ids)) for role, ids in record.roles.items()}
        if isinstance(record, Source):
            changes["text"] = ""
        return dataclasses.replace(record, **changes)

    return {
        section: {rid: fix(r) for rid, r in getattr(ds, section).items()}
        for section in ("sources", "entities", "facts", "relations")
    }


# -- random valid datasets ------------------------------------------------------------

IDS = st.text("abcdefghijklmnopqrstuvwxyz0123456789_-", max_size=10).map(lambda s: "x" + s)
TEXT = (
    st.text(st.characters(exclude_categories=("Cc", "Cs", "Cn", "Zl", "Zp")), min_size=1, max_size=30)
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)
DATES = st.builds(
    lambda y, m, d, precision: PartialDate.parse(
        f"{y:04d}" + (f"-{m:02d}" if precision != "year" else "") + (f"-{d:02d}" if precision == "day" else "")
    ),
    st.integers(1, 9999),
    st.integers(1, 12),
    st.integers(1, 28),
    st.sampled_from(["year", "month", "day"]),
)


def _at_precision(day: dt.date, precision: str) -> PartialDate:
    return PartialDate(day.year, *(day.month,) * (precision != "year"), *(day.day,) * (precision == "day"))


PRECISIONS = st.sampled_from(["year", "month", "day"])
# Publications are late and records early, so that what a source reports is done by its publication;
# a record's dates are drawn around a true day, so that they can all hold (a draw that cannot is rejected).
LATE = st.builds(_at_precision, st.dates(dt.date(9990, 1, 1), dt.date(9998, 12, 31)), PRECISIONS)
TRUE_DAYS = st.dates(dt.date(1, 1, 1), dt.date(9989, 12, 31))


def _field_value(fid: str, datatype: str) -> st.SearchStrategy[Any]:
    if fid == "status":  # declared by the schema's time vocabulary; planned and current ones would need later days
        rules = ("ended_by_publication", "held_before_publication")
        return st.sampled_from(sorted(k for k, v in SCHEMA.time.statuses.items() if v.rule in rules))
    if datatype == "integer":
        return st.integers(-(10**12), 10**12)
    if datatype == "decimal":
        return st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-(10**9), max_value=10**9)
    return TEXT


@st.composite
def _fields(draw: st.DrawFn, kind: str) -> dict[str, Any]:
    chosen = draw(st.lists(st.sampled_from(sorted(SCHEMA.fields_for(kind))), unique=True, max_size=3))
    return {f: draw(_field_value(f, SCHEMA.fields[f].datatype)) for f in sorted(chosen)}


class _Dating:
    """What a record's dates may refer to: the sources with a publication, the points dated so far (true days)."""

    def __init__(self) -> None:
        self.published: list[str] = []
        self.points: dict[str, dt.date] = {}  # "id" (its date or start) or "id.end" -> its true day


@st.composite
def _spec(draw: st.DrawFn, dating: _Dating, truth: dt.date) -> DateSpec:
    """One date as a curator may write it about a day ``truth``: a value holding it, bounds around it,
    order against points before and after it (any of them), a note."""
    parts = draw(st.sets(st.sampled_from(["value", "earliest", "latest", "order"]), min_size=1))
    value = _at_precision(truth, draw(PRECISIONS)) if "value" in parts else None
    earliest = latest = None
    if "earliest" in parts:
        earliest = _at_precision(truth - dt.timedelta(days=draw(st.integers(0, min(900, truth.toordinal() - 1)))),
                                 draw(PRECISIONS))  # fmt: skip
    if "latest" in parts:
        latest = _at_precision(truth + dt.timedelta(days=draw(st.integers(0, 900))), draw(PRECISIONS))
    after: list[str] = []
    before: list[str] = []
    if "order" in parts:
        earlier = sorted(k for k, d in dating.points.items() if d < truth)
        later = sorted(k for k, d in dating.points.items() if d > truth)
        after = draw(st.lists(st.sampled_from(earlier), max_size=2)) if earlier else []
        before = draw(st.lists(st.sampled_from(later), max_size=2)) if later else []
    spec = DateSpec(value, earliest, latest, "", "", tuple(after), tuple(before), draw(st.one_of(st.just(""), TEXT)))
    return spec if spec != DateSpec() else DateSpec(value=_at_precision(truth, "year"))


@st.composite
def _relative(draw: st.DrawFn, dating: _Dating, cited: list[str]) -> DateSpec:
    """A date relative to the publication of a source (named, or the record's only one)."""
    source = draw(st.sampled_from(dating.published))
    if cited == [source] and draw(st.booleans()):
        source = ""
    note = draw(st.one_of(st.just(""), TEXT))
    return DateSpec(relative=draw(st.sampled_from(sorted(SCHEMA.time.relative))), source=source, note=note)


@st.composite
def _specs(draw: st.DrawFn, temporal: str, dating: _Dating, rid: str, cited: list[str]) -> dict[str, DateSpec]:
    kind = draw(st.sampled_from(["none", "date", "span"] if temporal != "state" else ["none", "span"]))
    if kind == "date" and dating.published and draw(st.integers(0, 3)) == 0:
        return {"date": draw(_relative(dating, cited))}  # its day follows the publication: nothing refers to it
    days = sorted([draw(TRUE_DAYS), draw(TRUE_DAYS)])
    points = {"none": [], "date": ["date"], "span": draw(st.sampled_from([["start"], ["end"], ["start", "end"]]))}
    truth = {"date": days[0], "start": days[0], "end": days[1]}
    out = {p: draw(_spec(dating, truth[p])) for p in points[kind]}
    if out:
        dating.points[rid] = days[0]
    if "end" in out:  # an end not given is open (the default status holds it at the publication)
        dating.points[f"{rid}.end"] = days[1]
    return out


def _dated(specs: dict[str, DateSpec]) -> dict[str, Any]:
    """A record's date fields as the loader gives them before solving: each value as curated, and the specs."""
    return {"specs": specs, **{p: specs[p].value if p in specs else None for p in ("date", "start", "end")}}


@st.composite
def _source(draw: st.DrawFn, sid: str, dating: _Dating) -> Source:
    """A source as the loader reads it: its publication as curated (a value, bounds and a note, or none)."""
    kind = draw(st.sampled_from(["none", "value", "bounds"]))
    note = draw(TEXT) if kind != "none" and draw(st.booleans()) else ""
    spec = None
    if kind == "value":
        spec = DateSpec(draw(LATE), note=draw(st.one_of(st.just(""), TEXT)))
    elif kind == "bounds":
        lo, hi = sorted([draw(LATE), draw(LATE)], key=PartialDate.first_day)
        spec = DateSpec(
            earliest=lo, latest=hi if draw(st.booleans()) else None, note=draw(st.one_of(st.just(""), TEXT))
        )
    if spec is not None and not spec.note and note:  # the loader's rule
        spec = dataclasses.replace(spec, note=note)
    if spec is not None and spec.given().bounded:
        dating.published.append(sid)
    return Source(
        id=sid,
        title=draw(TEXT),
        file=f"sources/{sid}.txt",
        publisher=draw(st.one_of(st.just(""), TEXT)),
        published=spec.value if spec else None,
        published_note=note,
        published_spec=spec,
        publication=spec.given() if spec else None,
        language=draw(st.sampled_from(["", "en", "zh"])),
        language_note=draw(st.one_of(st.just(""), TEXT)),
        url=draw(st.sampled_from(["", "https://example.org/article"])),
    )


@st.composite
def datasets(draw: st.DrawFn) -> Dataset:
    """A random valid dataset as the loader makes it: records with their dates as curated, and their times
    computed (a draw whose dates cannot all hold, an empty interval or a cycle, is rejected)."""
    ids = iter(draw(st.lists(IDS, min_size=40, max_size=40, unique=True)))
    dating = _Dating()
    sources = {}
    for _ in range(draw(st.integers(1, 2))):
        sid = next(ids)
        sources[sid] = draw(_source(sid, dating))
    source_ids = sorted(sources)

    def evidence(min_size: int) -> tuple[Evidence, ...]:
        items = draw(st.lists(st.tuples(st.sampled_from(source_ids), TEXT), min_size=min_size, max_size=3))
        return tuple(Evidence(s, q) for s, q in items)

    def cited(items: tuple[Evidence, ...]) -> list[str]:
        return sorted({e.source for e in items})

    entities: dict[str, Entity] = {}
    for _ in range(draw(st.integers(2, 8))):
        eid = next(ids)
        aliases = draw(st.lists(st.tuples(TEXT, st.sampled_from(["", *source_ids])), max_size=3))
        ev = evidence(0)
        entities[eid] = Entity(
            id=eid,
            type=draw(st.sampled_from(sorted(SCHEMA.plain_types))),
            name=draw(TEXT),
            aliases=tuple(Alias(n, s) for n, s in aliases),
            fields=draw(_fields("entity")),
            evidence=ev,
            **_dated(draw(_specs("", dating, eid, cited(ev)))),
        )
    nodes: dict[str, str] = {eid: e.type for eid, e in entities.items()}
    facts: dict[str, Fact] = {}
    for _ in range(draw(st.integers(0, 4))):
        ftype = draw(st.sampled_from(sorted(SCHEMA.fact_types)))
        fid = next(ids)
        roles: dict[str, tuple[str, ...]] = {}
        for role in SCHEMA.fact_types[ftype].roles.values():
            candidates = sorted(n for n, t in nodes.items() if t in role.range)
            most = min(len(candidates), role.max if role.max is not None else 3)
            if most < role.min:
                break
            members = (
                draw(st.lists(st.sampled_from(candidates), min_size=role.min, max_size=most, unique=True))
                if candidates
                else []
            )
            if members:
                roles[role.id] = tuple(members)
        else:
            ev = evidence(1)
            facts[fid] = Fact(
                id=fid,
                type=ftype,
                name=draw(TEXT),
                roles=roles,
                fields=draw(_fields("fact")),
                evidence=ev,
                **_dated(draw(_specs("", dating, fid, cited(ev)))),
            )
            nodes[fid] = ftype
    relations: dict[str, Relation] = {}
    for _ in range(draw(st.integers(0, 6))):
        rtype = draw(st.sampled_from(sorted(SCHEMA.relation_types)))
        spec = SCHEMA.relation_types[rtype]
        subjects = sorted(n for n, t in nodes.items() if t in spec.domain)
        objects = sorted(n for n, t in nodes.items() if t in spec.range)
        if not subjects or not objects:
            continue
        a, b = draw(st.sampled_from(subjects)), draw(st.sampled_from(objects))
        if a == b:
            continue
        rid = next(ids)
        ev = evidence(1)
        relations[rid] = Relation(
            id=rid,
            type=rtype,
            subject=a,
            object=b,
            fields=draw(_fields("relation")),
            evidence=ev,
            **_dated(draw(_specs(spec.temporal, dating, rid, cited(ev)))),
        )
    try:
        return solve_dates(Dataset(SCHEMA, sources, entities, facts, relations))
    except DataError:
        reject()


@pytest.mark.parametrize("fmt", list(FORMATS))
@settings(
    max_examples=20,  # in each of the five formats
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(ds=datasets())
def test_data_to_rdf_to_data_is_lossless(fmt: str, ds: Dataset) -> None:
    text = FORMATS[fmt](ds)
    back = from_rdf(io.StringIO(text), fmt, SCHEMA)
    assert comparable(back) == comparable(ds)


@settings(
    max_examples=10,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(ds=datasets())
def test_every_valid_dataset_conforms_to_the_shapes(ds: Dataset) -> None:
    assert violations(to_rdf(ds), SCHEMA) == []


# -- the real data ------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "fmt"), [("graph.ttl", None), ("graph.nt", None), ("graph.jsonld", None),
                                           ("graph.trig", None), ("graph.nq", None)])  # fmt: skip
def test_every_written_file_reads_back_to_the_data(built: Path, dataset: Dataset, name: str, fmt: None) -> None:
    assert comparable(from_rdf(built / name)) == comparable(dataset)


def test_aliases_keep_their_source(dataset: Dataset) -> None:
    back = from_rdf(to_rdf(dataset))
    assert Alias("Kaiyun Group", "seed-article") in back.entities["kering"].aliases
    assert back.entities["kering"].aliases == dataset.entities["kering"].aliases
    assert back.entities["jack_ma"].aliases == dataset.entities["jack_ma"].aliases


def test_the_networkx_graph_from_rdf_is_the_same(dataset: Dataset) -> None:
    def shape(G: Any) -> tuple[dict[str, Any], dict[tuple[str, str, str], Any]]:
        nodes = {n: {k: v for k, v in d.items() if k not in ("origin", "roles")} for n, d in G.nodes(data=True)}
        edges = {
            (u, v, k): {a: b for a, b in d.items() if a != "origin"} for u, v, k, d in G.edges(keys=True, data=True)
        }
        return nodes, edges

    assert shape(to_networkx(from_rdf(to_rdf(dataset)))) == shape(to_networkx(dataset))


# -- RDF off the pattern ---------------------------------------------------------------------


def _base() -> Graph:
    return to_rdf(load(BASE))


S = CDKS + "alibaba-member_of-iacc"


def _set(g: Graph, s: str, p: URIRef, o: Any) -> None:
    g.remove((URIRef(s), p, None))
    g.add((URIRef(s), p, o))


BROKEN: list[tuple[str, Callable[[Graph], None], str]] = [
    ("unknown property", lambda g: g.add((URIRef(CDK + "kering"), URIRef("http://example.org/p"), Literal("x"))),
     "cdk:kering: field 'http://example.org/p': unexpected property (value 'x'): not part of the pattern"),
    ("no label", lambda g: g.remove((URIRef(CDK + "gucci"), RDFS.label, None)),
     "cdk:gucci: field 'rdfs:label': missing name (rdfs:label)"),
    ("two labels", lambda g: g.add((URIRef(CDK + "gucci"), RDFS.label, Literal("Gucci SpA"))),
     "cdk:gucci: field 'rdfs:label': expected one name (rdfs:label), found 2"),
    ("unknown class", lambda g: _set(g, CDK + "gucci", RDF.type, URIRef("http://example.org/Brand")),
     "cdk:gucci: field 'rdf:type': expected exactly one class of the schema, found http://example.org/Brand"),
    ("date not typed", lambda g: _set(g, S, URIRef(SCHEMA.prefixes["schema"] + "startDate"), Literal("2016-04")),
     "cdks:alibaba-member_of-iacc: field 'schema:startDate': expected a date typed xsd:date, xsd:gYearMonth"),
    ("date of the wrong precision",
     lambda g: _set(g, S, URIRef(SCHEMA.prefixes["schema"] + "startDate"), Literal("2016-04", datatype=XSD.date)),
     "cdks:alibaba-member_of-iacc: field 'schema:startDate': '2016-04' is not a valid xsd:date"),
    ("no quote", lambda g: g.remove((URIRef(S + ".ev1"), PROV.value, None)),
     "cdks:alibaba-member_of-iacc.ev1: field 'prov:value': missing quote (prov:value)"),
    ("unknown relation type", lambda g: _set(g, S, URIRef(CDKG + "relationType"), Literal("loves")),
     "cdks:alibaba-member_of-iacc: field 'cdkg:relationType': unknown relation type 'loves'"),
    ("subject outside the domain", lambda g: _set(g, S, RDF.subject, URIRef(CDK + "ny_court")),
     "cdks:alibaba-member_of-iacc: field 'rdf:subject': cdk:ny_court is a court, but the subject of 'member_of' takes"),
    ("direct triple without a statement",
     lambda g: g.add((URIRef(CDK + "gucci"), URIRef(CDKG + "sued"), URIRef(CDK + "kering"))),
     "cdk:gucci: field 'cdkg:sued': the triple to cdk:kering has no cdkg:RelationStatement"),
    ("name without an alias statement", lambda g: g.add((URIRef(CDK + "gucci"), SKOS.altLabel, Literal("GG"))),
     "cdk:gucci: field 'skos:altLabel': the name 'GG' has no cdkg:AliasStatement"),
    ("subject outside the namespaces", lambda g: g.add((URIRef("http://example.org/x"), RDFS.label, Literal("x"))),
     "http://example.org/x: subject outside the pattern's namespaces (cdk:, cdks:, cdksrc:)"),
    ("role below its minimum", lambda g: g.remove((URIRef(CDK + "lawsuit_gucci"), URIRef(CDKG + "plaintiff"), None)),
     "cdk:lawsuit_gucci: field 'cdkg:plaintiff': the role 'plaintiff' needs at least 1 participant(s)"),
    ("derived statement that does not follow",
     lambda g: _set(g, CDKS + "lawsuit_gucci.sued.gucci.alibaba", RDF.object, URIRef(CDK + "kering")),
     "cdks:lawsuit_gucci.sued.gucci.alibaba: field 'cdkg:derivedFromFact': "
     "this statement does not follow from the roles of cdk:lawsuit_gucci"),
    ("evidence from an unknown source",
     lambda g: _set(g, S + ".ev1", PROV.wasQuotedFrom, URIRef(CDKSRC + "elsewhere")),
     "cdks:alibaba-member_of-iacc.ev1: field 'prov:wasQuotedFrom': unknown source cdksrc:elsewhere"),
    ("a control character in a name", lambda g: _set(g, CDK + "gucci", RDFS.label, Literal("Gu\x01cci")),
     "cdk:gucci: field 'rdfs:label': name (rdfs:label) contains the control character U+0001"),
    ("a noncharacter in a quote", lambda g: _set(g, S + ".ev1", PROV.value, Literal("joined\uffff")),
     "cdks:alibaba-member_of-iacc.ev1: field 'prov:value': quote (prov:value) contains the noncharacter U+FFFF"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "breaks", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_rdf_off_the_pattern_is_refused_naming_the_subject(
    case: str, breaks: Callable[[Graph], None], message: str
) -> None:
    g = _base()
    breaks(g)
    with pytest.raises(DataError) as info:
        from_rdf(g)
    assert any(message in str(p) for p in info.value.problems), str(info.value)


def test_the_base_graph_itself_reads_back() -> None:
    assert comparable(from_rdf(_base())) == comparable(load(BASE))


def test_a_remote_jsonld_context_is_not_fetched() -> None:
    doc = json.dumps({"@context": "https://schema.org/", "@id": "https://w3id.org/cdkg/id/x", "name": "x"})
    with pytest.raises(DataError, match=r"remote context 'https://schema\.org/' is not fetched"):
        from_rdf(io.StringIO(doc), "jsonld")


def test_decimals_keep_their_value() -> None:
    back = from_rdf(to_rdf(load(DATA)))
    assert back.facts["lawsuit_louis_vuitton_beijing_2016"].fields["amount"] == Decimal("250000")


# -- the import command ------------------------------------------------------------------------


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_import_writes_data_that_loads_back_deterministically(built: Path, tmp_path: Path, dataset: Dataset) -> None:
    runs = []
    for name in ("a", "b"):
        code, out, err = run("import", str(built / "graph.trig"), "--out", str(tmp_path / name))
        assert code == 0 and err == "", err
        assert "loads back" in out
        runs.append(
            {p.relative_to(tmp_path / name): p.read_bytes() for p in (tmp_path / name).rglob("*") if p.is_file()}
        )
    assert runs[0] == runs[1]
    assert Path("sources/seed-article.txt") in runs[0]
    assert comparable(load(tmp_path / "a")) == comparable(dataset)


def test_import_without_the_source_texts_says_where_to_put_them(built: Path, tmp_path: Path) -> None:
    empty = tmp_path / "no-texts"
    empty.mkdir()
    code, out, _ = run("import", str(built / "graph.nt"), "--out", str(tmp_path / "o"), "--data", str(empty))
    assert code == 0
    assert f"the text of source 'seed-article' is not at {empty}/sources/seed-article.txt" in out
    assert (tmp_path / "o" / "entities.yaml").is_file()


def test_import_refuses_a_directory_with_other_data(built: Path, tmp_path: Path) -> None:
    (tmp_path / "o").mkdir()
    (tmp_path / "o" / "mine.yaml").write_text("entities: []\n", encoding="utf-8")
    code, _, err = run("import", str(built / "graph.ttl"), "--out", str(tmp_path / "o"))
    assert code == 2 and "already holds other data files (mine.yaml)" in err


def test_import_of_a_broken_file_exits_1_without_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix cdk: <https://w3id.org/cdkg/id/> .\ncdk:x cdk:y ", encoding="utf-8")
    code, out, err = run("import", str(bad))
    assert code == 1 and out == ""
    assert err.startswith(f"error: 1 problem in the data:\n  {bad}:2: cannot parse as turtle")
    assert "Traceback" not in err


def test_import_off_the_pattern_exits_1_naming_the_subject(tmp_path: Path) -> None:
    g = _base()
    g.remove((URIRef(CDK + "gucci"), RDFS.label, None))
    path = tmp_path / "g.nt"
    path.write_bytes(g.serialize(format="nt", encoding="utf-8"))
    code, _, err = run("import", str(path))
    assert code == 1 and "cdk:gucci: field 'rdfs:label': missing name (rdfs:label)" in err


def test_import_of_an_unknown_suffix_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run("import", str(tmp_path / "graph.rdfxml"))
    assert code == 2 and "cannot tell the RDF format" in err
