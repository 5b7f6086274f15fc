"""RDF: every output parses with an independent parser, the files agree, the pattern holds."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic, to_isomorphic
from rdflib.namespace import OWL, PROV, SKOS

from graph import Dataset, load_schema, ontology, to_rdf

SCHEMA = load_schema()
VOCABULARY = SCHEMA.vocabulary
CDK, CDKG, CDKS, CDKSRC = VOCABULARY.entity, VOCABULARY.ontology, VOCABULARY.statement, VOCABULARY.source
ORG = SCHEMA.prefixes["org"]
SDO = SCHEMA.prefixes["schema"]

FILES = {
    "graph.ttl": ("turtle", "text/turtle"),
    "graph.nt": ("nt", "application/n-triples"),
    "graph.jsonld": ("json-ld", "application/ld+json"),
}


@pytest.fixture(scope="module")
def rdf(dataset: Dataset) -> Graph:
    return to_rdf(dataset)


@pytest.mark.parametrize("name", [*FILES, "ontology.ttl"])
def test_outputs_parse_with_oxigraph(built: Path, name: str) -> None:
    media = FILES.get(name, ("turtle", "text/turtle"))[1]
    quads = list(ox.parse(path=str(built / name), format=ox.RdfFormat.from_media_type(media)))
    assert len(quads) > 100


@pytest.mark.parametrize("name", list(FILES))
def test_every_format_round_trips_to_the_same_graph(built: Path, rdf: Graph, name: str) -> None:
    parsed = Graph().parse(built / name, format=FILES[name][0])
    assert len(parsed) == len(rdf)
    assert isomorphic(parsed, rdf)


@pytest.mark.parametrize("name", list(FILES))
def test_oxigraph_and_rdflib_read_the_same_triples(built: Path, name: str) -> None:
    """Independent parser: parse with pyoxigraph, compare term by term with rdflib."""

    def term(t: ox.NamedNode | ox.Literal | ox.BlankNode) -> URIRef | Literal:
        if isinstance(t, ox.NamedNode):
            return URIRef(t.value)
        assert isinstance(t, ox.Literal), f"unexpected blank node {t}"
        if t.language:
            return Literal(t.value, lang=t.language)
        return Literal(t.value, datatype=None if t.datatype.value == str(XSD.string) else URIRef(t.datatype.value))

    via_oxigraph = Graph()
    for q in ox.parse(path=str(built / name), format=ox.RdfFormat.from_media_type(FILES[name][1])):
        via_oxigraph.add((term(q.subject), term(q.predicate), term(q.object)))
    via_rdflib = Graph().parse(built / name, format=FILES[name][0])
    assert to_isomorphic(via_oxigraph) == to_isomorphic(via_rdflib)


def test_every_entity_has_a_type_a_label_and_its_aliases(dataset: Dataset, rdf: Graph) -> None:
    for e in [*dataset.entities.values(), *dataset.facts.values()]:
        node = URIRef(CDK + e.id)
        assert (node, RDF.type, URIRef(SCHEMA.expand(SCHEMA.entity_types[e.type].iri))) in rdf
        assert (node, RDFS.label, Literal(e.name)) in rdf
        for alias in e.aliases:
            assert (node, SKOS.altLabel, Literal(alias.name)) in rdf
    assert (URIRef(CDK + "kering"), SKOS.altLabel, Literal("Kaiyun Group")) in rdf


def test_relation_is_a_direct_triple_and_a_statement(rdf: Graph) -> None:
    alibaba, iacc = URIRef(CDK + "alibaba"), URIRef(CDK + "iacc")
    member_of = URIRef(ORG + "memberOf")
    assert (alibaba, member_of, iacc) in rdf
    st = URIRef(CDKS + "alibaba-member_of-iacc")
    assert (st, RDF.type, RDF.Statement) in rdf
    assert (st, RDF.subject, alibaba) in rdf and (st, RDF.predicate, member_of) in rdf and (st, RDF.object, iacc) in rdf
    assert (st, URIRef(SDO + "startDate"), Literal("2016-04", datatype=XSD.gYearMonth)) in rdf
    evidence = list(rdf.objects(st, PROV.wasDerivedFrom))
    assert len(evidence) == 1
    assert (evidence[0], PROV.wasQuotedFrom, URIRef(CDKSRC + "seed-article")) in rdf
    quote = str(rdf.value(evidence[0], PROV.value))
    assert "officially joined IACC in April this year" in quote


@pytest.mark.parametrize(
    ("node", "prop", "value", "datatype"),
    [
        (CDK + "lawsuit_manhattan_2015_05", CDKG + "date", "2015-05", XSD.gYearMonth),
        (CDK + "lawsuit_louis_vuitton_beijing_2016", CDKG + "date", "2016", XSD.gYear),
        (CDK + "iacc_spring_conference_2016", SDO + "startDate", "2016-05-18", XSD.date),
        (CDK + "iacc_spring_conference_2016", SDO + "endDate", "2016-05-20", XSD.date),
    ],
)
def test_dates_are_typed_by_precision(rdf: Graph, node: str, prop: str, value: str, datatype: URIRef) -> None:
    assert (URIRef(node), URIRef(prop), Literal(value, datatype=datatype)) in rdf


def test_nary_fact_roles_and_derived_statements(rdf: Graph) -> None:
    suit = URIRef(CDK + "lawsuit_manhattan_2015_05")
    assert (suit, RDF.type, URIRef(CDKG + "Lawsuit")) in rdf
    assert set(rdf.objects(suit, URIRef(CDKG + "plaintiff"))) == {
        URIRef(CDK + "gucci"),
        URIRef(CDK + "yves_saint_laurent"),
    }
    assert (suit, URIRef(CDKG + "court"), URIRef(CDK + "manhattan_federal_court")) in rdf
    assert (URIRef(CDK + "gucci"), URIRef(CDKG + "sued"), URIRef(CDK + "alibaba")) in rdf
    st = URIRef(CDKS + "lawsuit_manhattan_2015_05.sued.gucci.alibaba")
    assert (st, URIRef(CDKG + "derivedFromFact"), suit) in rdf
    assert set(rdf.objects(st, PROV.wasDerivedFrom)) == set(rdf.objects(suit, PROV.wasDerivedFrom))
    amount = rdf.value(URIRef(CDK + "lawsuit_louis_vuitton_beijing_2016"), URIRef(SDO + "amount"))
    assert amount == Literal("250000.0", datatype=XSD.decimal)


def test_undirected_relations_are_symmetric(rdf: Graph) -> None:
    co = URIRef(CDKG + "coPlaintiffWith")
    gucci, ysl = URIRef(CDK + "gucci"), URIRef(CDK + "yves_saint_laurent")
    assert (gucci, co, ysl) in rdf and (ysl, co, gucci) in rdf


def test_sources_are_described(rdf: Graph) -> None:
    src = URIRef(CDKSRC + "seed-article")
    assert (src, RDF.type, PROV.Entity) in rdf and (src, RDF.type, URIRef(SDO + "Article")) in rdf
    # curated as bounds (April 1 to May 12, 2016): the value is the narrowest calendar unit holding them,
    # the computed publication an EDTF literal, the bounds as curated a node of their own
    assert (src, URIRef(SDO + "datePublished"), Literal("2016", datatype=XSD.gYear)) in rdf
    edtf = URIRef(VOCABULARY.time["edtf_datatype"])
    assert rdf.value(src, URIRef(VOCABULARY.time["publication"])) == Literal("[2016-04-01..2016-05-12]", datatype=edtf)
    curated = rdf.value(src, URIRef(VOCABULARY.curated["published"]))
    assert curated == URIRef(CDKS + "seed-article.published")
    parts = dict(rdf.predicate_objects(curated))
    assert parts == {
        RDF.type: URIRef(VOCABULARY.time["curated_class"]),
        URIRef(VOCABULARY.date_parts["earliest"]): Literal("2016-04-01", datatype=XSD.date),
        URIRef(VOCABULARY.date_parts["latest"]): Literal("2016-05-12", datatype=XSD.date),
    }  # its note is the source's published_note, written once


def test_ontology_is_generated_from_the_schema() -> None:
    g = ontology(SCHEMA)
    onto = URIRef(CDKG.rstrip("#"))
    assert (onto, RDF.type, OWL.Ontology) in g and (onto, OWL.versionInfo, Literal(SCHEMA.version)) in g
    for t in SCHEMA.entity_types.values():
        cls = URIRef(SCHEMA.expand(t.iri))
        assert (cls, RDF.type, OWL.Class) in g
        assert (cls, RDFS.label, Literal(t.label, lang="en")) in g
    for r in SCHEMA.relation_types.values():
        prop = URIRef(SCHEMA.expand(r.iri))
        assert (prop, RDF.type, OWL.ObjectProperty) in g
        assert (prop, RDFS.label, Literal(r.label, lang="en")) in g
        assert set(g.objects(prop, URIRef(SDO + "domainIncludes"))) >= {
            URIRef(SCHEMA.expand(SCHEMA.entity_types[d].iri)) for d in r.domain
        }
    assert (URIRef(CDKG + "founderOf"), OWL.inverseOf, URIRef(SDO + "founder")) in g
    assert (URIRef(CDKG + "coPlaintiffWith"), RDF.type, OWL.SymmetricProperty) in g


def test_jsonld_has_a_compact_context(built: Path) -> None:
    import json

    doc = json.loads((built / "graph.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"]["cdk"] == CDK and doc["@context"]["org"] == ORG
    kering = next(n for n in doc["@graph"] if n["@id"] == "cdk:kering")
    assert "Kaiyun Group" in kering["skos:altLabel"]
    assert kering["@type"] == ["schema:Corporation"]


def test_the_readme_sparql_example_runs(built: Path) -> None:
    """docs/queries/opponents-of-alibaba.rq, as shown in README, over the Turtle output."""
    query = (Path(__file__).resolve().parent.parent / "docs" / "queries" / "opponents-of-alibaba.rq").read_text(
        encoding="utf-8"
    )
    g = Graph().parse(built / "graph.ttl")
    rows = [(str(r.who), str(r.relation), str(r.date) if r.date else "", str(r.quote)) for r in g.query(query)]
    who = {r[0] for r in rows}
    assert {"Michael Kors", "Gucci", "Kering", "Longchamp"} <= who
    assert "Taobao" not in who
    assert ("Kering", "sued", "2015-11") in {r[:3] for r in rows}
    assert all(r[3] for r in rows)


# -- aliases, named graphs, the ontology's links -------------------------------------------


def test_an_alias_is_a_statement_with_its_source(rdf: Graph) -> None:
    kering = URIRef(CDK + "kering")
    st = URIRef(CDKS + "kering.alias1")
    assert (st, RDF.type, RDF.Statement) in rdf and (st, RDF.type, URIRef(CDKG + "AliasStatement")) in rdf
    assert (st, RDF.subject, kering) in rdf and (st, RDF.predicate, SKOS.altLabel) in rdf
    assert (st, RDF.object, Literal("Kaiyun Group")) in rdf
    (ev,) = rdf.objects(st, PROV.wasDerivedFrom)
    assert (ev, PROV.wasQuotedFrom, URIRef(CDKSRC + "seed-article")) in rdf
    assert (ev, PROV.value, Literal("Kaiyun Group")) in rdf


def _quads(path: Path, fmt: ox.RdfFormat) -> dict[str, Graph]:
    """Named graphs as pyoxigraph (an independent parser) reads them; "" is the default graph."""
    graphs: dict[str, Graph] = {}
    for q in ox.parse(path=str(path), format=fmt):
        name = "" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
        o = q.object
        if isinstance(o, ox.NamedNode):
            obj: URIRef | Literal = URIRef(o.value)
        elif o.language:
            obj = Literal(o.value, lang=o.language)
        else:
            obj = Literal(o.value, datatype=None if o.datatype.value == str(XSD.string) else URIRef(o.datatype.value))
        graphs.setdefault(name, Graph()).add((URIRef(q.subject.value), URIRef(q.predicate.value), obj))
    return graphs


@pytest.mark.parametrize(("name", "fmt"), [("graph.trig", ox.RdfFormat.TRIG), ("graph.nq", ox.RdfFormat.N_QUADS)])
def test_one_named_graph_per_source(built: Path, rdf: Graph, dataset: Dataset, name: str, fmt: ox.RdfFormat) -> None:
    graphs = _quads(built / name, fmt)
    assert set(graphs) == {"", *(CDKSRC + s for s in dataset.sources)}
    union = Graph()
    for g in graphs.values():
        for t in g:
            union.add(t)
    assert isomorphic(union, rdf)
    seed, default = graphs[CDKSRC + "seed-article"], graphs[""]
    st = URIRef(CDKS + "alibaba-member_of-iacc")
    assert (st, RDF.type, RDF.Statement) in seed and (st, RDF.type, RDF.Statement) not in default
    assert (URIRef(CDK + "alibaba"), URIRef(ORG + "memberOf"), URIRef(CDK + "iacc")) in seed
    assert (URIRef(CDK + "kering"), RDFS.label, Literal("Kering")) in default
    assert (URIRef(CDKSRC + "seed-article"), RDF.type, PROV.Entity) in default
    # every evidence in a source's graph quotes that source
    for ev in seed.subjects(RDF.type, URIRef(CDKG + "Evidence")):
        assert seed.value(ev, PROV.wasQuotedFrom) == URIRef(CDKSRC + "seed-article")


def test_named_graphs_select_the_facts_of_a_source(built: Path) -> None:
    store = ox.Store()
    store.load(path=str(built / "graph.trig"), format=ox.RdfFormat.TRIG)
    query = f"""PREFIX rdf: <{RDF}>
        SELECT (COUNT(?st) AS ?n) WHERE {{ GRAPH <{CDKSRC}seed-article> {{ ?st a rdf:Statement }} }}"""
    (row,) = list(store.query(query))
    assert int(row["n"].value) > 50


def test_ontology_gives_comments_domains_ranges_and_standard_links() -> None:
    g = ontology(SCHEMA)
    onto = URIRef(CDKG.rstrip("#"))
    assert (onto, OWL.versionIRI, URIRef(f"{SCHEMA.namespace}ontology/{SCHEMA.version}")) in g
    assert (onto, URIRef(SCHEMA.prefixes["dcterms"] + "license"), None) in g
    for r in SCHEMA.relation_types.values():
        prop = URIRef(SCHEMA.expand(r.iri))
        assert (prop, RDFS.comment, Literal(r.description, lang="en")) in g
        assert (prop, URIRef(CDKG + "inverseLabel"), Literal(r.inverse, lang="en")) in g
        if r.iri.startswith("cdkg:"):
            assert (prop, RDFS.domain, None) in g and (prop, RDFS.range, None) in g
        else:  # a standard term keeps the domain its vocabulary gives it
            assert (prop, RDFS.domain, None) not in g
    sued = URIRef(CDKG + "sued")
    union = g.value(sued, RDFS.domain)
    assert {URIRef(SCHEMA.expand(SCHEMA.entity_types[t].iri)) for t in SCHEMA.relation_types["sued"].domain} == set(
        Collection(g, g.value(union, OWL.unionOf))
    )
    assert g.value(URIRef(CDKG + "withdrawer"), RDFS.domain) == URIRef(CDKG + "Withdrawal")
    # a property serving a relation and a role has one domain: the union of both
    (accused_domain,) = g.objects(URIRef(CDKG + "accused"), RDFS.domain)
    assert URIRef(CDKG + "Accusation") in set(Collection(g, g.value(accused_domain, OWL.unionOf)))
    assert (URIRef(CDKG + "officerOf"), RDFS.subPropertyOf, URIRef(ORG + "memberOf")) in g
    assert (URIRef(CDKG + "dateNote"), RDFS.subPropertyOf, SKOS.note) in g
    assert (URIRef(CDKG + "derivedFromFact"), RDFS.subPropertyOf, PROV.wasDerivedFrom) in g
    assert (URIRef(CDKG + "RelationStatement"), RDFS.subClassOf, RDF.Statement) in g
    assert (URIRef(CDKG + "Evidence"), RDFS.subClassOf, PROV.Entity) in g
    assert (URIRef(CDKG + "amount"), RDF.type, OWL.DatatypeProperty) not in g  # schema:amount is schema.org's
    assert (RDFS.comment, RDF.type, OWL.DatatypeProperty) not in g  # an annotation property stays one


def test_an_equivalent_property_in_the_schema_reaches_the_ontology() -> None:
    sued = dataclasses.replace(SCHEMA.relation_types["sued"], equivalent="schema:sued")
    schema = dataclasses.replace(SCHEMA, relation_types={**SCHEMA.relation_types, "sued": sued})
    g = ontology(schema)
    assert (URIRef(CDKG + "sued"), OWL.equivalentProperty, URIRef(SDO + "sued")) in g
    assert (URIRef(CDKG + "sued"), OWL.equivalentProperty, None) not in ontology(SCHEMA)
