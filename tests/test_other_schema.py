"""Every command honours ``--schema FILE``: a schema copy with another namespace and prefixes, a new entity
type, relation type and field, read back by independent readers (pyoxigraph, pySHACL, JSON, networkx).

The fixture (``tests/fixtures/other_schema``) is ``graph/schema/schema.yaml`` with the namespace
``https://example.org/dispute/``, the project's prefixes renamed (``cdkg`` -> ``dk``, ``cdk`` -> ``dki``,
``cdks`` -> ``dks``, ``cdksrc`` -> ``dksrc``, ``cdksh`` -> ``dksh``), an entity type ``regulator``, a
relation type ``fined`` (stance oppose, balance negative, its own colour) and a field ``docket`` (on facts
and relations); its data is ``tests/fixtures/base`` plus a regulator that fined Alibaba.
"""

from __future__ import annotations

import contextlib
import html.parser
import io
import json
import re
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
import pytest
from pyshacl import validate as pyshacl_validate
from rdflib import RDF, Graph, URIRef

from graph import BuildResult, Dataset, ShapeError, build, from_rdf, load, load_schema, to_rdf, to_yaml
from graph.cli import main, make_parser
from graph.rdf.shacl import validate as shacl_validate
from graph.snapshot import FOLDER

from .conftest import FIXTURES

OTHER = FIXTURES / "other_schema"
SCHEMA_FILE = OTHER / "schema.yaml"
DATA_DIR = OTHER / "data"
NS = "https://example.org/dispute/"
OLD = "https://w3id.org/cdkg/"
OWN = {"dk": NS + "ontology#", "dki": NS + "id/", "dks": NS + "statement/", "dksrc": NS + "source/"}
SHAPES_NS = NS + "shapes#"
ONTOLOGY_NS = OWN["dk"]
REGULATOR = ONTOLOGY_NS + "Regulator"
FINED = ONTOLOGY_NS + "fined"
DOCKET = ONTOLOGY_NS + "docket"
FINED_STATEMENT = ONTOLOGY_NS + "FinedStatement"
SAIC = OWN["dki"] + "saic"
ALIBABA = OWN["dki"] + "alibaba"
RDF_FILES = {
    "graph.nt": ox.RdfFormat.N_TRIPLES,
    "graph.nq": ox.RdfFormat.N_QUADS,
    "graph.ttl": ox.RdfFormat.TURTLE,
    "graph.trig": ox.RdfFormat.TRIG,
    "graph.jsonld": ox.RdfFormat.JSON_LD,
}
RDF_TYPE = ox.NamedNode(str(RDF.type))
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
SH = "http://www.w3.org/ns/shacl#"


def run(*args: str) -> tuple[int, str, str]:
    """The CLI with the other schema and its data; exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):  # argparse writes its usage errors to sys.stderr
        code = main([*args, "--data", str(DATA_DIR), "--schema", str(SCHEMA_FILE)], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def ok(*args: str) -> str:
    """The CLI's stdout, after checking that it exits 0."""
    code, out, err = run(*args)
    assert code == 0, f"`{' '.join(args)} --schema other_schema/schema.yaml` exited {code}: {err.strip()}"
    return out


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One CLI build with the other schema; its output directory."""
    target = tmp_path_factory.mktemp("other") / "out"
    out = ok("build", "--out", str(target))
    assert "conform to the SHACL shapes" in out, f"the build's SHACL check did not pass: {out}"
    return target


@pytest.fixture(scope="module")
def lib_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """One library build (``graph.build``) with the other schema."""
    return build(DATA_DIR, tmp_path_factory.mktemp("other-lib") / "out", schema=SCHEMA_FILE)


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load(DATA_DIR, SCHEMA_FILE)


def quads(path: Path, fmt: ox.RdfFormat | None = None) -> list[ox.Quad]:
    return list(ox.parse(path=str(path), format=fmt or RDF_FILES.get(path.name, ox.RdfFormat.TURTLE)))


def iris(items: list[ox.Quad]) -> set[str]:
    """Every IRI of the quads: subjects, predicates, objects, datatypes and graph names."""
    found: set[str] = set()
    for q in items:
        for term in (q.subject, q.predicate, q.object, q.graph_name):
            if isinstance(term, ox.NamedNode):
                found.add(term.value)
            elif isinstance(term, ox.Literal):
                found.add(term.datatype.value)
    return found


def values(items: list[ox.Quad], subject: str, predicate: str) -> set[str]:
    """The values (IRIs or literal texts) of ``subject predicate ?``."""
    s, p = ox.NamedNode(subject), ox.NamedNode(predicate)
    return {q.object.value for q in items if q.subject == s and q.predicate == p}  # type: ignore[union-attr]


def subjects(items: list[ox.Quad], predicate: str, obj: str) -> set[str]:
    p, o = ox.NamedNode(predicate), ox.NamedNode(obj)
    return {q.subject.value for q in items if q.predicate == p and q.object == o}  # type: ignore[union-attr]


def external_namespaces() -> tuple[str, ...]:
    """The namespaces of the schema's prefixes that are not the project's own (schema:, prov:, xsd: ...)."""
    schema = load_schema(SCHEMA_FILE)
    own = set(schema.vocabulary.prefixes.values())
    return tuple(iri for prefix, iri in schema.prefixes.items() if prefix not in own)


def declared_prefixes(text: str) -> dict[str, str]:
    """The ``@prefix``/``PREFIX`` declarations of a Turtle or TriG text."""
    found = re.findall(r"^\s*@?prefix\s+([\w-]*):\s*<([^>]*)>", text, flags=re.MULTILINE | re.IGNORECASE)
    return dict(found)


# -- the fixture itself -------------------------------------------------------------


def test_the_fixture_schema_has_its_own_namespace_and_additions() -> None:
    schema = load_schema(SCHEMA_FILE)
    assert schema.namespace == NS
    voc = schema.vocabulary
    assert (voc.ontology, voc.entity, voc.statement, voc.source, voc.shapes) == (
        OWN["dk"],
        OWN["dki"],
        OWN["dks"],
        OWN["dksrc"],
        SHAPES_NS,
    )
    assert voc.graph == NS + "graph"
    assert voc.prefixes == {"ontology": "dk", "entity": "dki", "statement": "dks", "source": "dksrc", "shapes": "dksh"}
    assert "regulator" in schema.entity_types and "fined" in schema.relation_types and "docket" in schema.fields
    assert voc.statement_class("fined") == FINED_STATEMENT
    assert not [p for p in schema.prefixes if p.startswith("cdk")], "the fixture still declares a cdk* prefix"
    assert "cdkg:" not in SCHEMA_FILE.read_text(encoding="utf-8")


def test_validate_passes() -> None:
    out = ok("validate")
    assert "is valid" in out and "1 regulator" in out, out
    assert "conform to the SHACL shapes" in out, out


# -- the RDF exports ------------------------------------------------------------------


def test_cli_and_library_builds_are_the_same(out_dir: Path, lib_build: BuildResult) -> None:
    written = [p.relative_to(out_dir) for p in out_dir.rglob("*") if p.is_file()]
    assert sorted(str(p) for p in written if p.parts[0] != FOLDER) == sorted(lib_build.files)
    for name, path in lib_build.files.items():
        assert path.read_bytes() == (out_dir / name).read_bytes(), f"{name} differs between the CLI and graph.build"
    assert "conform to the SHACL shapes" in lib_build.shacl, lib_build.shacl


@pytest.mark.parametrize("name", sorted(RDF_FILES))
def test_every_iri_of_the_export_is_in_the_new_namespace(out_dir: Path, name: str) -> None:
    found = iris(quads(out_dir / name))
    old = sorted(i for i in found if i.startswith(OLD))
    assert not old, f"{name} has {len(old)} IRIs under {OLD}, e.g. {old[:5]}"
    foreign = sorted(i for i in found if not i.startswith(NS) and not i.startswith(external_namespaces()))
    assert not foreign, f"{name} has IRIs neither under {NS} nor under a standard prefix: {foreign[:5]}"
    for iri in (SAIC, ALIBABA, FINED, REGULATOR, OWN["dksrc"] + "mini", FINED_STATEMENT):
        assert iri in found, f"{name} lacks <{iri}>"


@pytest.mark.parametrize("name", sorted(RDF_FILES))
def test_the_export_holds_the_new_relation_type_and_field(out_dir: Path, name: str) -> None:
    items = quads(out_dir / name)
    assert ALIBABA in values(items, SAIC, FINED), f"{name} lacks the direct triple dki:saic dk:fined dki:alibaba"
    assert REGULATOR in values(items, SAIC, RDF_TYPE.value), f"{name}: dki:saic is not a dk:Regulator"
    statements = subjects(items, RDF_TYPE.value, FINED_STATEMENT)
    assert statements, f"{name} has no node of class <{FINED_STATEMENT}>"
    assert {d for s in statements for d in values(items, s, DOCKET)} == {"2016-017"}, (
        f"{name}: the fined statement's docket (dk:docket) is missing or wrong"
    )
    lawsuit = OWN["dki"] + "lawsuit_gucci"
    assert values(items, lawsuit, DOCKET) == {"15-cv-3600"}, f"{name}: the lawsuit's dk:docket is missing"


@pytest.mark.parametrize("name", ["graph.ttl", "graph.trig"])
def test_turtle_and_trig_use_the_new_prefixes(out_dir: Path, name: str) -> None:
    text = (out_dir / name).read_text(encoding="utf-8")
    declared = declared_prefixes(text)
    for prefix, iri in OWN.items():
        assert declared.get(prefix) == iri, f"{name} does not declare @prefix {prefix}: <{iri}> ({declared})"
    stale = {p: i for p, i in declared.items() if p.startswith("cdk") or i.startswith(OLD)}
    assert not stale, f"{name} declares old prefixes: {stale}"
    assert "dki:saic" in text, f"{name} does not write dki:saic compactly"
    assert "dks:saic-fined-alibaba" in text, f"{name} does not write the statement as dks:saic-fined-alibaba"
    assert "dk:FinedStatement" in text, f"{name} does not write dk:FinedStatement compactly"
    body = "\n".join(line for line in text.splitlines() if not line.lower().startswith(("@prefix", "prefix")))
    full = sorted(set(re.findall(rf"<(?:{'|'.join(map(re.escape, OWN.values()))})[^>]*>", body)))
    assert not full, f"{name} writes full IRIs where a prefix names them: {full[:5]}"
    if name == "graph.trig":
        assert re.search(r"^dksrc:mini\s*\{", text, flags=re.MULTILINE), "graph.trig: the named graph is not dksrc:mini"


def test_jsonld_uses_the_new_prefixes(out_dir: Path) -> None:
    text = (out_dir / "graph.jsonld").read_text(encoding="utf-8")
    doc = json.loads(text)
    context = doc["@context"]
    for prefix, iri in OWN.items():
        assert context.get(prefix) == iri, f"graph.jsonld's @context maps {prefix} to {context.get(prefix)}, not {iri}"
    assert not [k for k in context if k.startswith("cdk")], f"graph.jsonld's @context has old prefixes: {context}"
    assert OLD not in text, f"graph.jsonld mentions {OLD}"
    assert "dki:saic" in text, "graph.jsonld does not write dki:saic compactly"


# -- the ontology and the shapes ------------------------------------------------------


def test_the_ontology_declares_the_new_terms(out_dir: Path) -> None:
    items = quads(out_dir / "ontology.ttl")
    old = sorted(i for i in iris(items) if i.startswith(OLD))
    assert not old, f"ontology.ttl has {len(old)} IRIs under {OLD}, e.g. {old[:5]}"
    ontologies = subjects(items, RDF_TYPE.value, OWL + "Ontology")
    assert ontologies and all(o.startswith(NS) for o in ontologies), f"the ontology IRI is {ontologies}, not under {NS}"
    assert OWL + "Class" in values(items, REGULATOR, RDF_TYPE.value), "dk:Regulator is not an owl:Class"
    assert values(items, REGULATOR, RDFS + "label") == {"Regulator"}
    assert "https://schema.org/GovernmentOrganization" in values(items, REGULATOR, RDFS + "subClassOf")
    assert OWL + "ObjectProperty" in values(items, FINED, RDF_TYPE.value), "dk:fined is not an owl:ObjectProperty"
    assert values(items, FINED, RDFS + "label") == {"fined"}
    assert values(items, FINED, RDFS + "comment") == {"The subject regulator imposed a fine on the object."}
    assert REGULATOR in values(items, FINED, "https://schema.org/domainIncludes")
    assert values(items, FINED, ONTOLOGY_NS + "inverseLabel") == {"fined by"}, "dk:fined has no dk:inverseLabel"
    assert values(items, FINED, ONTOLOGY_NS + "stance") == {"oppose"}, "dk:fined has no dk:stance"
    assert OWL + "Class" in values(items, FINED_STATEMENT, RDF_TYPE.value), "dk:FinedStatement is not declared"
    assert ONTOLOGY_NS + "RelationStatement" in values(items, FINED_STATEMENT, RDFS + "subClassOf")
    assert OWL + "DatatypeProperty" in values(items, DOCKET, RDF_TYPE.value), "dk:docket is not a DatatypeProperty"
    assert values(items, DOCKET, RDFS + "label") == {"docket number"}
    text = (out_dir / "ontology.ttl").read_text(encoding="utf-8")
    assert declared_prefixes(text).get("dk") == OWN["dk"], "ontology.ttl does not declare @prefix dk:"


def test_the_shapes_cover_the_new_terms_in_the_new_namespace(out_dir: Path) -> None:
    items = quads(out_dir / "shapes.ttl")
    old = sorted(i for i in iris(items) if i.startswith(OLD))
    assert not old, f"shapes.ttl has {len(old)} IRIs under {OLD}, e.g. {old[:5]}"
    shapes = subjects(items, RDF_TYPE.value, SH + "NodeShape") | subjects(items, RDF_TYPE.value, SH + "PropertyShape")
    named = {s for s in shapes if not s.startswith("_:")}
    outside = sorted(s for s in named if not s.startswith(SHAPES_NS))
    assert named and not outside, f"shapes not under {SHAPES_NS}: {outside[:5]}"
    fined = subjects(items, SH + "targetClass", FINED_STATEMENT)
    assert fined, f"no shape targets <{FINED_STATEMENT}>"
    docket = subjects(items, SH + "path", DOCKET) | subjects(items, SH + "targetSubjectsOf", DOCKET)
    assert docket & named, "no shape constrains dk:docket"
    text = (out_dir / "shapes.ttl").read_text(encoding="utf-8")
    declared = declared_prefixes(text)
    assert declared.get("dksh") == SHAPES_NS, f"shapes.ttl does not declare @prefix dksh: ({declared})"
    assert not [p for p in declared if p.startswith("cdk")], f"shapes.ttl declares old prefixes: {declared}"


def test_pyshacl_agrees_the_export_conforms(out_dir: Path) -> None:
    data = Graph().parse(out_dir / "graph.nt", format="nt")
    conforms, _, text = pyshacl_validate(data, shacl_graph=Graph().parse(out_dir / "shapes.ttl"))
    assert conforms, text


def _fined_by_gucci(ds: Dataset) -> Graph:
    """The export with the fined statement's subject a company: off the 'fined' shape (domain regulator)."""
    g = to_rdf(ds)
    statement = URIRef(OWN["dks"] + "saic-fined-alibaba")
    assert (statement, RDF.type, URIRef(FINED_STATEMENT)) in g, f"to_rdf has no <{statement}> a dk:FinedStatement"
    g.set((statement, RDF.subject, URIRef(OWN["dki"] + "gucci")))
    return g


def test_the_new_shapes_bite(ds: Dataset, out_dir: Path) -> None:
    """A fined statement by a company breaks the new shape: for the build's check and for pySHACL."""
    g = _fined_by_gucci(ds)
    with pytest.raises(ShapeError, match="fined"):
        shacl_validate(g, ds.schema)
    conforms, _, text = pyshacl_validate(g, shacl_graph=Graph().parse(out_dir / "shapes.ttl"))
    assert not conforms, "pySHACL finds no violation in a 'fined' statement whose subject is a company"
    assert "fined" in text, text


# -- the other outputs ------------------------------------------------------------------


class _Page(html.parser.HTMLParser):
    """The page's embedded data and its legend entries (attributes of each ``<li>`` and its line or swatch)."""

    def __init__(self) -> None:
        super().__init__()
        self.data = ""
        self.legend: list[dict[str, str]] = []
        self._in_data = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "script" and a.get("id") == "graph-data":
            self._in_data = True
        elif tag == "li" and ("data-type" in a or "data-relation" in a):
            self.legend.append(a)
        elif tag == "span" and self.legend and "style" in a and "style" not in self.legend[-1]:
            self.legend[-1]["style"] = a["style"]

    def handle_endtag(self, tag: str) -> None:
        self._in_data = self._in_data and tag != "script"

    def handle_data(self, data: str) -> None:
        if self._in_data:
            self.data += data


def page(out_dir: Path) -> tuple[dict[str, Any], list[dict[str, str]]]:
    parser = _Page()
    parser.feed((out_dir / "graph.html").read_text(encoding="utf-8"))
    return json.loads(parser.data), parser.legend


def test_the_html_page_has_the_new_type_relation_and_field(out_dir: Path) -> None:
    data, legend = page(out_dir)
    assert "regulator" in data["types"], "the page's types table lacks 'regulator'"
    assert data["options"]["groups"]["regulator"]["color"] == "#393b79", "the regulator group has the wrong colour"
    assert data["relations"]["fined"]["style"]["color"] == "#e6550d", "the page's 'fined' style has the wrong colour"
    assert data["relations"]["fined"]["stance"] == "oppose"
    types = {li["data-type"]: li.get("style", "") for li in legend if "data-type" in li}
    relations = {li["data-relation"]: li.get("style", "") for li in legend if "data-relation" in li}
    assert "#393b79" in types.get("regulator", ""), f"the legend has no regulator swatch in #393b79: {types}"
    assert "#e6550d" in relations.get("fined", ""), f"the legend has no 'fined' line in #e6550d: {relations}"
    nodes = {n["id"]: n for n in data["nodes"]}
    edges = {e["id"]: e for e in data["edges"]}
    assert nodes["saic"]["type"] == "regulator"
    fined = edges["saic-fined-alibaba"]
    # the page shows the schema's label ("docket number") with a capital, as its own "Date" row
    assert ["Docket number", "2016-017"] in fined.get("fields", []), (
        f"the 'fined' edge does not show the docket field with its label: {fined.get('fields')}"
    )
    lawsuit = nodes["lawsuit_gucci"]
    assert ["Docket number", "15-cv-3600"] in lawsuit.get("fields", []), (
        f"the lawsuit node does not show the docket field with its label: {lawsuit.get('fields')}"
    )


def test_graphml_has_the_new_type_and_field(out_dir: Path) -> None:
    G = nx.read_graphml(out_dir / "graph.graphml")
    assert G.nodes["saic"]["type"] == "regulator"
    assert G.nodes["lawsuit_gucci"]["docket"] == "15-cv-3600"
    dockets = [d.get("docket") for u, v, d in G.edges(data=True) if d.get("type") == "fined"]
    assert dockets == ["2016-017"], f"GraphML's fined edge carries docket {dockets}"


# -- the analysis commands ------------------------------------------------------------


def test_relations_of_the_new_type() -> None:
    found = json.loads(ok("relations", "saic", "--type", "fined", "--json"))
    assert [(f["relation"]["type"], f["other"]["id"]) for f in found] == [("fined", "alibaba")], found
    text = ok("relations", "Alibaba", "--type", "fined")
    assert "fined" in text and "State Administration for Industry and Commerce" in text, text


def test_opponents_include_the_new_relation() -> None:
    found = json.loads(ok("opponents", "Alibaba", "--json"))
    fined = [f for f in found if f["relation"]["type"] == "fined"]
    got = [(f["other"]["id"], f["stance"], f["relation"]["direction"]) for f in fined]
    assert got == [("saic", "oppose", "in")], f"opponents of Alibaba lack the regulator that fined it: {found}"
    assert fined[0]["evidence"] == [
        {"source": "mini", "quote": "In January 2016 the SAIC fined Alibaba for failing to stop counterfeit sales"}
    ]
    assert [f["other"]["id"] for f in json.loads(ok("opponents", "SAIC", "--json"))] == ["alibaba"]
    assert "fined by" in ok("opponents", "Alibaba"), "the opponents report does not read 'fined by'"


def test_camps_timeline_path_and_stats_know_the_new_type() -> None:
    result = json.loads(ok("camps", "--json"))
    text = json.dumps(result)
    assert "saic" in text, f"camps --json does not place saic: {text[:300]}"
    timeline = json.loads(ok("timeline", "saic", "--json"))
    assert [e["date"] for e in timeline] == ["2016-01"], timeline
    chains = json.loads(ok("path", "saic", "gucci", "--json"))
    assert chains and chains[0][0][0]["relation"]["type"] == "fined", chains
    stats = json.loads(ok("stats", "--json"))
    assert stats["nodes_by_type"].get("regulator") == 1, stats["nodes_by_type"]
    assert stats["edges_by_type"].get("fined") == 1, stats["edges_by_type"]


def test_sparql_binds_the_new_prefixes() -> None:
    out = ok("sparql", "SELECT ?s WHERE { ?s a dk:Regulator }", "--format", "csv")
    assert out.split() == ["s", SAIC], f"sparql with dk: bound did not find the regulator: {out!r}"
    out = ok("sparql", "SELECT ?o WHERE { ?who dk:fined ?o }", "--bind", "who=dki:saic", "--format", "csv")
    assert out.split() == ["o", ALIBABA], f"--bind who=dki:saic did not bind the regulator's IRI: {out!r}"


# -- import and push --------------------------------------------------------------------


def test_import_of_the_trig_reads_back_the_same_data(out_dir: Path, ds: Dataset, tmp_path: Path) -> None:
    trig = out_dir / "graph.trig"
    assert to_yaml(from_rdf(trig, None, SCHEMA_FILE)) == to_yaml(ds), "from_rdf(graph.trig) differs from the data"
    target = tmp_path / "imported"
    out = ok("import", str(trig), "--out", str(target))
    assert "loads back" in out, out
    assert "1 regulator" in out and "relations  3" in out, out
    assert to_yaml(load(target, SCHEMA_FILE)) == to_yaml(ds), "the imported data differ from the data"


def test_import_of_every_format_reads_back(out_dir: Path, ds: Dataset) -> None:
    for name in sorted(RDF_FILES):
        back = from_rdf(out_dir / name, None, SCHEMA_FILE)
        assert to_yaml(back) == to_yaml(ds), f"from_rdf({name}) with the other schema differs from the data"


def test_push_defaults_to_a_graph_in_the_new_namespace() -> None:
    args = make_parser().parse_args(["push", "http://127.0.0.1:1/store", "--schema", str(SCHEMA_FILE)])
    assert args.graph in (None, NS + "graph"), f"push's default graph is {args.graph}, not under {NS}"


def test_push_to_a_real_store_uses_the_schemas_graph(oxigraph: str) -> None:
    out = ok("push", f"{oxigraph}/store", "--replace")
    assert f"<{NS}graph>" in out, f"push did not name the graph <{NS}graph>: {out}"
    query = urllib.parse.urlencode({"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"})
    request = urllib.request.Request(f"{oxigraph}/query?{query}", headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        graphs = [b["g"]["value"] for b in json.load(response)["results"]["bindings"]]
    assert graphs == [NS + "graph"], f"the store holds the graphs {graphs}, not <{NS}graph>"
    request = urllib.request.Request(
        f"{oxigraph}/query?" + urllib.parse.urlencode({"query": f"ASK {{ GRAPH ?g {{ <{SAIC}> <{FINED}> ?o }} }}"}),
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert json.load(response)["boolean"], "the store has no dki:saic dk:fined triple"
