"""The dataset as RDF: entities, direct triples, statement nodes, evidence.

The pattern (one per relation, as Wikidata does it)::

    cdk:alibaba  org:memberOf  cdk:iacc .                 # the direct triple
    cdks:alibaba-member_of-iacc  a rdf:Statement, cdkg:RelationStatement ;
        rdf:subject cdk:alibaba ; rdf:predicate org:memberOf ; rdf:object cdk:iacc ;
        cdkg:relationType "member_of" ;
        schema:startDate "2016-04"^^xsd:gYearMonth ;      # typed by precision
        prov:wasDerivedFrom cdks:alibaba-member_of-iacc.ev1 .
    cdks:alibaba-member_of-iacc.ev1  a prov:Entity, cdkg:Evidence ;
        prov:wasQuotedFrom cdksrc:seed-article ; prov:value "...verbatim quote..." .

An n-ary fact is a node of its type's class with one property per role
(``cdk:lawsuit_x cdkg:plaintiff cdk:gucci``); the binary edges it implies
(``cdk:gucci cdkg:sued cdk:alibaba``) get a direct triple and a statement node
with ``cdkg:derivedFromFact`` and the fact's evidence.

>>> from graph import load
>>> g = to_rdf(load("data"))
>>> from rdflib import URIRef
>>> (URIRef(CDK + "kering"), URIRef(CDKG + "sued"), URIRef(CDK + "alibaba")) in g
True
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, PROV, SKOS

from .build import derived_edges
from .dates import PartialDate
from .model import Dataset, Entity, Evidence, Fact, Value
from .schema import Schema, load_schema

__all__ = ["CDK", "CDKG", "CDKS", "CDKSRC", "date_literal", "ontology", "to_rdf"]

_SCHEMA = load_schema()
CDKG = _SCHEMA.prefixes["cdkg"]
CDK = _SCHEMA.prefixes["cdk"]
CDKS = _SCHEMA.prefixes["cdks"]
CDKSRC = _SCHEMA.prefixes["cdksrc"]
SDO = Namespace("https://schema.org/")
DCT = Namespace("http://purl.org/dc/terms/")

Triple = tuple[URIRef, URIRef, URIRef | Literal]


def date_literal(d: PartialDate) -> Literal:
    """A date as a literal typed by its precision.

    >>> date_literal(PartialDate.parse("2015-05")).datatype.endswith("gYearMonth")
    True
    """
    return Literal(str(d), datatype=XSD[d.xsd_datatype])


def decimal_lexical(d: Decimal) -> str:
    """The canonical xsd:decimal form (always with a decimal point), which
    every serialiser writes back unchanged.

    >>> decimal_lexical(Decimal("250000")), decimal_lexical(Decimal("2.50"))
    ('250000.0', '2.5')
    """
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0")
        if text.endswith("."):
            text += "0"
    else:
        text += ".0"
    return text


def _value(v: Value, datatype: str) -> Literal:
    if datatype == "integer":
        return Literal(str(v), datatype=XSD.integer)
    if datatype == "decimal":
        return Literal(decimal_lexical(Decimal(str(v))), datatype=XSD.decimal)
    return Literal(str(v))


def bind_prefixes(g: Graph, schema: Schema) -> Graph:
    for prefix, iri in sorted(schema.prefixes.items()):
        g.bind(prefix, Namespace(iri), override=True, replace=True)
    return g


def _date_props(schema: Schema) -> dict[str, URIRef]:
    return {
        "date": URIRef(CDKG + "date"),
        "start": URIRef(schema.expand("schema:startDate")),
        "end": URIRef(schema.expand("schema:endDate")),
    }


def triples(ds: Dataset) -> Iterator[Triple]:
    """Every triple of the dataset, in a deterministic order."""
    schema = ds.schema
    x = schema.expand
    date_props = _date_props(schema)
    label, alt = RDFS.label, SKOS.altLabel
    derived_from = PROV.wasDerivedFrom

    def dated(node: URIRef, dates: dict[str, PartialDate]) -> Iterator[Triple]:
        for key, d in dates.items():
            yield node, date_props[key], date_literal(d)

    def fielded(node: URIRef, fields: dict[str, Value]) -> Iterator[Triple]:
        for key, v in fields.items():
            spec = schema.fields[key]
            yield node, URIRef(x(spec.iri)), _value(v, spec.datatype)

    def evidenced(node: URIRef, base: str, items: tuple[Evidence, ...]) -> Iterator[Triple]:
        for i, e in enumerate(items, 1):
            ev = URIRef(f"{base}.ev{i}")
            yield node, derived_from, ev
            yield ev, RDF.type, PROV.Entity
            yield ev, RDF.type, URIRef(CDKG + "Evidence")
            yield ev, PROV.wasQuotedFrom, URIRef(CDKSRC + e.source)
            yield ev, PROV.value, Literal(e.quote)

    for s in ds.sources.values():
        node = URIRef(CDKSRC + s.id)
        yield node, RDF.type, PROV.Entity
        yield node, RDF.type, SDO.Article
        yield node, RDF.type, URIRef(x(schema.entity_types["document"].iri))
        yield node, DCT.title, Literal(s.title)
        yield node, label, Literal(s.title)
        if s.publisher:
            yield node, SDO.publisher, Literal(s.publisher)
        if s.published:
            yield node, SDO.datePublished, date_literal(s.published)
        if s.published_note:
            yield node, URIRef(CDKG + "dateNote"), Literal(s.published_note)
        if s.language:
            yield node, DCT.language, Literal(s.language)
        if s.language_note:
            yield node, RDFS.comment, Literal(s.language_note)
        if s.url:
            yield node, SDO.url, Literal(s.url)
        yield node, URIRef(CDKG + "file"), Literal(s.file)

    records: list[Entity | Fact] = [*ds.entities.values(), *ds.facts.values()]
    for node_rec in records:
        node = URIRef(CDK + node_rec.id)
        yield node, RDF.type, URIRef(x(schema.entity_types[node_rec.type].iri))
        yield node, label, Literal(node_rec.name)
        for alias in node_rec.aliases:
            yield node, alt, Literal(alias.name)
        yield from dated(node, node_rec.dates)
        yield from fielded(node, node_rec.fields)
        yield from evidenced(node, CDKS + node_rec.id, node_rec.evidence)
        roles = node_rec.roles if isinstance(node_rec, Fact) else {}
        spec = schema.entity_types[node_rec.type]
        for role_id, members in roles.items():
            prop = URIRef(x(spec.roles[role_id].iri))
            for m in members:
                yield node, prop, URIRef(CDK + m)

    def statement(sid: str, rtype: str, subj: str, obj: str, dates: dict[str, PartialDate]) -> Iterator[Triple]:
        spec = schema.relation_types[rtype]
        s, p, o = URIRef(CDK + subj), URIRef(x(spec.iri)), URIRef(CDK + obj)
        yield s, p, o
        if not spec.directed:
            yield o, p, s
        st = URIRef(CDKS + sid)
        yield st, RDF.type, RDF.Statement
        yield st, RDF.type, URIRef(CDKG + "RelationStatement")
        yield st, RDF.subject, s
        yield st, RDF.predicate, p
        yield st, RDF.object, o
        yield st, URIRef(CDKG + "relationType"), Literal(rtype)
        yield st, URIRef(CDKG + "stance"), Literal(spec.stance)
        yield from dated(st, dates)

    for r in ds.relations.values():
        yield from statement(r.id, r.type, r.subject, r.object, r.dates)
        st = URIRef(CDKS + r.id)
        yield from fielded(st, r.fields)
        yield from evidenced(st, CDKS + r.id, r.evidence)

    for fact in ds.facts.values():
        for rtype, a, b in derived_edges(ds, fact):
            sid = f"{fact.id}.{rtype}.{a}.{b}"
            yield from statement(sid, rtype, a, b, fact.dates)
            st = URIRef(CDKS + sid)
            yield st, URIRef(CDKG + "derivedFromFact"), URIRef(CDK + fact.id)
            for i in range(1, len(fact.evidence) + 1):
                yield st, derived_from, URIRef(f"{CDKS}{fact.id}.ev{i}")


def to_rdf(ds: Dataset) -> Graph:
    """The dataset as one rdflib graph, prefixes bound."""
    g = bind_prefixes(Graph(), ds.schema)
    for t in triples(ds):
        g.add(t)
    return g


def ontology(schema: Schema | None = None) -> Graph:
    """The OWL/RDFS vocabulary generated from the schema."""
    schema = schema or _SCHEMA
    x = schema.expand
    g = bind_prefixes(Graph(), schema)
    onto = URIRef(CDKG.rstrip("#"))
    g.add((onto, RDF.type, OWL.Ontology))
    g.add((onto, RDFS.label, Literal("Counterfeit-dispute knowledge graph ontology")))
    g.add((onto, OWL.versionInfo, Literal(schema.version)))
    g.add((onto, DCT.license, URIRef("https://creativecommons.org/licenses/by/4.0/")))
    g.add(
        (
            onto,
            RDFS.comment,
            Literal("Generated from graph/schema.yaml: entity types, n-ary fact types, relation types and fields."),
        )
    )

    def own(iri: str) -> bool:
        return iri.startswith(CDKG)

    for t in schema.entity_types.values():
        c = URIRef(x(t.iri))
        g.add((c, RDF.type, OWL.Class))
        g.add((c, RDFS.label, Literal(t.label, lang="en")))
        if t.description:
            g.add((c, RDFS.comment, Literal(t.description, lang="en")))
        if t.broader:
            g.add((c, RDFS.subClassOf, URIRef(x(t.broader))))
        for role in t.roles.values():
            p = URIRef(x(role.iri))
            g.add((p, RDF.type, OWL.ObjectProperty))
            g.add((p, RDFS.label, Literal(role.label, lang="en")))
            g.add((p, SDO.domainIncludes, c))
            for type_id in role.range:
                g.add((p, SDO.rangeIncludes, URIRef(x(schema.entity_types[type_id].iri))))
    for r in schema.relation_types.values():
        p = URIRef(x(r.iri))
        g.add((p, RDF.type, OWL.ObjectProperty))
        g.add((p, RDFS.label, Literal(r.label, lang="en")))
        g.add((p, URIRef(CDKG + "stance"), Literal(r.stance)))
        if not r.directed:
            g.add((p, RDF.type, OWL.SymmetricProperty))
        if r.inverse_iri:
            g.add((p, OWL.inverseOf, URIRef(x(r.inverse_iri))))
        if r.broader:
            g.add((p, RDFS.subPropertyOf, URIRef(x(r.broader))))
        for d in r.domain:
            g.add((p, SDO.domainIncludes, URIRef(x(schema.entity_types[d].iri))))
        for d in r.range:
            g.add((p, SDO.rangeIncludes, URIRef(x(schema.entity_types[d].iri))))
        if own(r.iri) and len(r.domain) == 1:
            g.add((p, RDFS.domain, URIRef(x(schema.entity_types[r.domain[0]].iri))))
        if own(r.iri) and len(r.range) == 1:
            g.add((p, RDFS.range, URIRef(x(schema.entity_types[r.range[0]].iri))))
    for f in schema.fields.values():
        p = URIRef(x(f.iri))
        g.add((p, RDF.type, OWL.DatatypeProperty))
        g.add((p, RDFS.label, Literal(f.label, lang="en")))
    for local, text in [
        ("RelationStatement", "A relation with its dates, qualifiers and evidence (rdf:Statement pattern)."),
        ("Evidence", "A verbatim quote from a source document."),
    ]:
        c = URIRef(CDKG + local)
        g.add((c, RDF.type, OWL.Class))
        g.add((c, RDFS.label, Literal(local, lang="en")))
        g.add((c, RDFS.comment, Literal(text, lang="en")))
    for local, text in [
        ("date", "When an event happened, typed by precision (xsd:date, xsd:gYearMonth, xsd:gYear)."),
        ("relationType", "The schema id of a statement's relation type."),
        ("stance", "oppose, support or neutral: the sign opposition is computed from."),
        ("derivedFromFact", "The n-ary fact a derived statement comes from."),
        ("file", "The file of a source document, relative to the data directory."),
    ]:
        p = URIRef(CDKG + local)
        kind = OWL.ObjectProperty if local == "derivedFromFact" else OWL.DatatypeProperty
        g.add((p, RDF.type, kind))
        g.add((p, RDFS.comment, Literal(text, lang="en")))
    return g
