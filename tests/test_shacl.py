"""SHACL: the shapes are generated from the schema, the exports conform, and one violation per shape is caught."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyshacl import validate as pyshacl_validate
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from graph import Dataset, ShapeError, build, load, load_schema, to_rdf
from graph import output as output_module
from graph.cli import main
from graph.rdf import CDK, CDKG, CDKS, CDKSRC, statement_class
from graph.shacl import SH, shapes, shapes_namespace, validate, violations

from .conftest import BASE, DATA

SCHEMA = load_schema()
NS = shapes_namespace(SCHEMA)
SHAPES = shapes(SCHEMA)
SDO = SCHEMA.prefixes["schema"]


def x(curie: str) -> URIRef:
    return URIRef(SCHEMA.expand(curie))


@pytest.fixture(scope="module")
def rdf() -> Graph:
    """The small base fixture's RDF, which violations are injected into."""
    return to_rdf(load(BASE))


def test_the_shapes_are_valid_shacl() -> None:
    """pySHACL checks the shapes graph itself against the SHACL-for-SHACL shapes."""
    conforms, _, text = pyshacl_validate(Graph(), shacl_graph=shapes(SCHEMA), meta_shacl=True)
    assert conforms, text


def test_the_data_conform(dataset: Dataset, rdf: Graph) -> None:
    assert violations(to_rdf(dataset), SCHEMA) == []
    assert violations(rdf, SCHEMA) == []


@pytest.mark.parametrize("name", ["graph.ttl", "graph.trig", "graph.jsonld"])
def test_the_written_files_conform_to_the_written_shapes(built: Path, name: str) -> None:
    """Files as a user gets them: the export and out/shapes.ttl, read by rdflib, checked by pySHACL."""
    from rdflib import Dataset as RdfDataset

    fmt = {"graph.ttl": "turtle", "graph.trig": "trig", "graph.jsonld": "json-ld"}[name]
    data = RdfDataset(default_union=True)
    data.parse(built / name, format=fmt)
    union = Graph()
    for s, p, o, _ in data.quads((None, None, None, None)):
        union.add((s, p, o))
    conforms, _, text = pyshacl_validate(union, shacl_graph=Graph().parse(built / "shapes.ttl"))
    assert conforms, text


def test_shapes_parse_with_oxigraph(built: Path) -> None:
    quads = list(ox.parse(path=str(built / "shapes.ttl"), format=ox.RdfFormat.TURTLE))
    assert len(quads) == len(shapes(SCHEMA))


def test_every_schema_type_has_its_shape() -> None:
    names = {str(s)[len(NS) :] for s in SHAPES.subjects(RDF.type, SH.NodeShape)}
    assert {f"relation-{r}" for r in SCHEMA.relation_types} <= names
    assert {f"fact-{t}" for t in SCHEMA.fact_types} <= names
    assert {f"field-{f}" for f in SCHEMA.fields} <= names
    assert {"Entity", "RelationStatement", "AliasStatement", "Evidence", "Source", "Dates"} <= names


# -- one violation per shape -------------------------------------------------------


def _wrong_type(allowed: tuple[str, ...]) -> str:
    return next(t for t in SCHEMA.plain_types if t not in allowed)


def _add_entity(g: Graph, local: str, type_id: str) -> URIRef:
    node = URIRef(CDK + local)
    g.add((node, RDF.type, x(SCHEMA.entity_types[type_id].iri)))
    g.add((node, RDFS.label, Literal(local)))
    return node


def _any_evidence(g: Graph) -> URIRef:
    return sorted(s for s in g.subjects(RDF.type, URIRef(CDKG + "Evidence")) if isinstance(s, URIRef))[0]


def _relation_violation(rid: str) -> Callable[[Graph], str]:
    def inject(g: Graph) -> str:
        spec = SCHEMA.relation_types[rid]
        subject = _add_entity(g, "intruder_subject", _wrong_type(spec.domain))
        obj = _add_entity(g, "intruder_object", spec.range[0])
        st = URIRef(CDKS + "intruder")
        p = x(spec.iri)
        g.add((subject, p, obj))
        for t in (RDF.Statement, URIRef(CDKG + "RelationStatement"), statement_class(rid)):
            g.add((st, RDF.type, t))
        g.add((st, RDF.subject, subject))
        g.add((st, RDF.predicate, p))
        g.add((st, RDF.object, obj))
        g.add((st, URIRef(CDKG + "relationType"), Literal(rid)))
        g.add((st, URIRef(CDKG + "stance"), Literal(spec.stance)))
        g.add((st, PROV.wasDerivedFrom, _any_evidence(g)))
        return "cdks:intruder"

    return inject


def _fact_violation(tid: str) -> Callable[[Graph], str]:
    def inject(g: Graph) -> str:
        spec = SCHEMA.fact_types[tid]
        fact = _add_entity(g, "intruder_fact", tid)
        g.add((fact, PROV.wasDerivedFrom, _any_evidence(g)))
        role = next(iter(spec.roles.values()))
        wrong = _add_entity(g, "intruder_participant", _wrong_type(role.range))
        g.add((fact, x(role.iri), wrong))
        return "cdk:intruder_fact"

    return inject


def _field_violation(fid: str) -> Callable[[Graph], str]:
    def inject(g: Graph) -> str:
        spec = SCHEMA.fields[fid]
        wrong = Literal("many") if spec.datatype != "string" else Literal(42)
        g.add((URIRef(CDK + "alibaba"), x(spec.iri), wrong))
        return "cdk:alibaba"

    return inject


def _remove(subject: str, prop: URIRef) -> Callable[[Graph], str]:
    def inject(g: Graph) -> str:
        node = URIRef(subject)
        assert (node, prop, None) in g
        g.remove((node, prop, None))
        return subject.replace(CDKS, "cdks:").replace(CDK, "cdk:").replace(CDKSRC, "cdksrc:")

    return inject


def _untyped_entity(g: Graph) -> str:
    g.add((URIRef(CDK + "nobody"), RDFS.label, Literal("Nobody")))
    return "cdk:nobody"


def _second_alias_name(g: Graph) -> str:
    g.add((URIRef(CDKS + "kering.alias1"), RDF.object, Literal("Kering SA")))
    return "cdks:kering.alias1"


def _remove_type(node: str, cls: URIRef) -> Callable[[Graph], str]:
    def inject(g: Graph) -> str:
        assert (URIRef(node), RDF.type, cls) in g
        g.remove((URIRef(node), RDF.type, cls))
        return node.replace(CDKS, "cdks:")

    return inject


def _date_of_the_wrong_type(g: Graph) -> str:
    node = URIRef(CDKS + "alibaba-member_of-iacc")
    g.remove((node, x("schema:startDate"), None))
    g.add((node, x("schema:startDate"), Literal("2016-04-01T00:00:00", datatype=XSD.dateTime)))
    return "cdks:alibaba-member_of-iacc"


VIOLATIONS: dict[str, list[tuple[str, Callable[[Graph], str]]]] = {
    "Entity": [
        ("Entity-label", _remove(CDK + "gucci", RDFS.label)),
        ("Entity-type", _untyped_entity),
    ],
    "RelationStatement": [
        ("RelationStatement-evidence", _remove(CDKS + "alibaba-member_of-iacc", PROV.wasDerivedFrom)),
        ("RelationStatement-subject", _remove(CDKS + "alibaba-member_of-iacc", RDF.subject)),
        ("RelationStatement-predicate", _remove(CDKS + "kering-owns-gucci", RDF.predicate)),
        ("RelationStatement-object", _remove(CDKS + "kering-owns-gucci", RDF.object)),
        ("RelationStatement-class", _remove_type(CDKS + "kering-owns-gucci", statement_class("owns"))),
    ],
    "AliasStatement": [("AliasStatement-object", _second_alias_name)],
    "Evidence": [("Evidence-quote", _remove(CDKS + "alibaba-member_of-iacc.ev1", PROV.value))],
    "Source": [("Source-file", _remove(CDKSRC + "mini", URIRef(CDKG + "file")))],
    "Dates": [("Dates-startDate", _date_of_the_wrong_type)],
    **{f"relation-{r}": [(f"relation-{r}", _relation_violation(r))] for r in SCHEMA.relation_types},
    **{f"fact-{t}": [(f"fact-{t}-", _fact_violation(t))] for t in SCHEMA.fact_types},
    **{f"field-{f}": [(f"field-{f}-datatype", _field_violation(f))] for f in SCHEMA.fields},
}
CASES = [(shape, expected, inject) for shape, cases in VIOLATIONS.items() for expected, inject in cases]


def test_every_targeted_shape_has_a_violation_case() -> None:
    targeted = {
        str(s)[len(NS) :]
        for s in SHAPES.subjects(RDF.type, SH.NodeShape)
        if any((s, p, None) in SHAPES for p in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf))
    }
    assert targeted == set(VIOLATIONS)


@pytest.mark.parametrize(("shape", "expected", "inject"), CASES, ids=[f"{c[0]}:{c[1]}" for c in CASES])
def test_one_violation_per_shape_is_caught(
    rdf: Graph, shape: str, expected: str, inject: Callable[[Graph], str]
) -> None:
    g = Graph()
    for t in rdf:
        g.add(t)
    focus = inject(g)
    with pytest.raises(ShapeError) as info:
        validate(g, SCHEMA)
    report = str(info.value)
    assert report.startswith("the RDF breaks ")
    lines = [v for v in info.value.violations if v.startswith(f"{focus}: ") and f"[cdksh:{expected}" in v]
    assert lines, report
    # readable: the node, the property, what was expected, the shape; no blank node ids or raw IRIs
    assert "_:" not in lines[0] and "https://w3id.org" not in lines[0], lines[0]


def test_a_relation_violation_says_what_was_expected(rdf: Graph) -> None:
    g = Graph()
    for t in rdf:
        g.add(t)
    _relation_violation("sued")(g)
    (line,) = [
        str(v)
        for v in violations(g, SCHEMA)
        if v.focus == "cdks:intruder" and v.shape.startswith("cdksh:relation-sued")
    ]
    assert "the subject of a 'sued' statement must be of type company, group, organisation or person" in line
    assert "(found cdkg:Platform)" in line


def _digests(out: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir())}


def test_a_build_that_breaks_a_shape_fails_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    build(DATA, out)
    before = _digests(out)
    real_to_rdf = output_module.to_rdf

    def without_a_label(ds: Dataset, nt: str | None = None) -> Graph:
        g = real_to_rdf(ds, nt)
        g.remove((URIRef(CDK + "gucci"), RDFS.label, None))
        return g

    monkeypatch.setattr(output_module, "to_rdf", without_a_label)
    with pytest.raises(ShapeError, match=r"cdk:gucci: rdfs:label: every entity needs exactly one rdfs:label"):
        build(DATA, out)
    assert _digests(out) == before
    code = main(["--data", str(DATA), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("error: the RDF breaks 1 SHACL constraint") and "Traceback" not in err
    assert _digests(out) == before


def test_formats_without_rdf_are_not_held_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(ds: Dataset, nt: str | None = None) -> Graph:
        raise AssertionError("the RDF is not needed for GraphML")

    monkeypatch.setattr(output_module, "to_rdf", broken)
    assert sorted(build(DATA, tmp_path / "out", formats=["graphml", "shapes"]).files) == ["graph.graphml", "shapes.ttl"]


def test_date_shapes_accept_each_precision_only(rdf: Graph) -> None:
    node = URIRef(CDKS + "alibaba-member_of-iacc")
    for datatype, ok in [(XSD.gYear, True), (XSD.gYearMonth, True), (XSD.date, True), (XSD.string, False)]:
        g = Graph()
        for t in rdf:
            g.add(t)
        g.remove((node, x("schema:startDate"), None))
        g.add(
            (
                node,
                x("schema:startDate"),
                Literal({XSD.gYear: "2016", XSD.date: "2016-04-01"}.get(datatype, "2016-04"), datatype=datatype),
            )
        )
        found = [v for v in violations(g, SCHEMA) if v.focus == "cdks:alibaba-member_of-iacc"]
        assert (found == []) == ok, (datatype, found)


def test_a_source_must_be_an_article(rdf: Graph) -> None:
    g = Graph()
    for t in rdf:
        g.add(t)
    g.remove((URIRef(CDKSRC + "mini"), RDF.type, URIRef(SDO + "Article")))
    g.remove((URIRef(CDKSRC + "mini"), DCTERMS.title, None))
    found = {(v.focus, v.shape) for v in violations(g, SCHEMA)}
    assert found == {("cdksrc:mini", "cdksh:Source-iri"), ("cdksrc:mini", "cdksh:Source-title")}
