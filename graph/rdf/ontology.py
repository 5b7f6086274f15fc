"""The OWL/RDFS vocabulary generated from the schema (``out/ontology.ttl``).

Classes for the entity and fact types, object properties for the relation
types and roles (``rdfs:domain``/``rdfs:range`` on the project's own terms,
``schema:domainIncludes``/``rangeIncludes`` on all), datatype properties for
the fields, and the statement pattern's own terms (``schema.vocabulary.terms``);
each with a label and a comment, and linked to the standard terms
(``rdfs:subClassOf``, ``rdfs:subPropertyOf``, ``owl:equivalentProperty``,
``owl:inverseOf``). Every IRI comes from the schema.
"""

from __future__ import annotations

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS

from ..schema import Schema, load_schema
from .terms import bind_prefixes, rdf_list

__all__ = ["LICENSE", "ontology"]

LICENSE = "https://creativecommons.org/licenses/by/4.0/"
_SDO = "https://schema.org/"
_TITLE = "Counterfeit-dispute knowledge graph ontology"
_KINDS = {
    "class": OWL.Class,
    "datatype": OWL.DatatypeProperty,
    "object": OWL.ObjectProperty,
    "annotation": OWL.AnnotationProperty,
}


class _Builder:
    """The ontology graph being made, with the schema it describes."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.x = schema.expand
        self.own_namespace = schema.vocabulary.ontology
        self.iri = URIRef(self.own_namespace.rstrip("#"))
        self.g = bind_prefixes(Graph(), schema)
        # a property may serve a relation and a role (cdkg:accused, schema:about): its domain
        # and range are the union over its uses, not one rdfs:domain per use (OWL would intersect them)
        self.uses: dict[str, tuple[set[str], set[str]]] = {}

    def own(self, iri: str) -> bool:
        return self.x(iri).startswith(self.own_namespace)

    def describe(self, term: URIRef, label: str, comment: str) -> None:
        self.g.add((term, RDFS.label, Literal(label, lang="en")))
        if comment:
            self.g.add((term, RDFS.comment, Literal(comment, lang="en")))
        if self.own(str(term)):
            self.g.add((term, RDFS.isDefinedBy, self.iri))

    def classes(self, type_ids: tuple[str, ...]) -> URIRef | BNode:
        """One class, or the union of several (a blank node, named after the types: OWL's only way to say it)."""
        iris = sorted({URIRef(self.x(self.schema.entity_types[t].iri)) for t in type_ids})
        if len(iris) == 1:
            return iris[0]
        name = "_".join(sorted(type_ids))
        union = BNode(f"union_{name}")
        self.g.add((union, RDF.type, OWL.Class))
        self.g.add((union, OWL.unionOf, rdf_list(self.g, f"classes_{name}", list(iris))))
        return union

    def property_links(self, p: URIRef, broader: str, equivalent: str) -> None:
        if broader:
            self.g.add((p, RDFS.subPropertyOf, URIRef(self.x(broader))))
        if equivalent:
            self.g.add((p, OWL.equivalentProperty, URIRef(self.x(equivalent))))

    def use(self, iri: str, domain: tuple[str, ...], range_: tuple[str, ...]) -> URIRef:
        """An object property, used between these types (its domain and range are gathered)."""
        d, r = self.uses.setdefault(self.x(iri), (set(), set()))
        d.update(domain)
        r.update(range_)
        p = URIRef(self.x(iri))
        self.g.add((p, RDF.type, OWL.ObjectProperty))
        return p


def _header(b: _Builder) -> None:
    schema, g, onto = b.schema, b.g, b.iri
    g.add((onto, RDF.type, OWL.Ontology))
    g.add((onto, RDFS.label, Literal(_TITLE, lang="en")))
    g.add((onto, DCTERMS.title, Literal(_TITLE, lang="en")))
    g.add((onto, OWL.versionInfo, Literal(schema.version)))
    g.add((onto, OWL.versionIRI, URIRef(f"{schema.namespace}ontology/{schema.version}")))
    g.add((onto, DCTERMS.license, URIRef(LICENSE)))
    comment = (
        "Generated from graph/schema/schema.yaml: entity types, n-ary fact types, relation types and fields, "
        "and the statement pattern (rdf:Statement nodes with dates and prov:wasDerivedFrom evidence)."
    )
    g.add((onto, RDFS.comment, Literal(comment, lang="en")))


def _entity_types(b: _Builder) -> None:
    relation_iris = {b.x(r.iri) for r in b.schema.relation_types.values()}
    for t in b.schema.entity_types.values():
        c = URIRef(b.x(t.iri))
        b.g.add((c, RDF.type, OWL.Class))
        b.describe(c, t.label, t.description)
        if t.broader:
            b.g.add((c, RDFS.subClassOf, URIRef(b.x(t.broader))))
        for role in t.roles.values():
            p = b.use(role.iri, (t.id,), role.range)
            if b.x(role.iri) not in relation_iris:
                b.describe(p, role.label, f"A participant in a {t.label.lower()}, in the role '{role.id}'.")


def _relation_types(b: _Builder) -> None:
    v, g = b.schema.vocabulary, b.g
    for r in b.schema.relation_types.values():
        p = b.use(r.iri, r.domain, r.range)
        b.describe(p, r.label, r.description)
        g.add((p, URIRef(v.term("inverseLabel")), Literal(r.inverse, lang="en")))
        g.add((p, URIRef(v.term("stance")), Literal(r.stance)))
        if not r.directed:
            g.add((p, RDF.type, OWL.SymmetricProperty))
        if r.inverse_iri:
            g.add((p, OWL.inverseOf, URIRef(b.x(r.inverse_iri))))
        b.property_links(p, r.broader, r.equivalent)
        c = URIRef(v.statement_class(r.id))
        g.add((c, RDF.type, OWL.Class))
        g.add((c, RDFS.subClassOf, URIRef(v.term("RelationStatement"))))
        b.describe(c, f"'{r.label}' statement", f"A statement of the relation type '{r.id}'.")


def _domains_and_ranges(b: _Builder) -> None:
    types = b.schema.entity_types
    for iri, (domain, range_) in sorted(b.uses.items()):
        p = URIRef(iri)
        for d in sorted(domain):
            b.g.add((p, URIRef(_SDO + "domainIncludes"), URIRef(b.x(types[d].iri))))
        for d in sorted(range_):
            b.g.add((p, URIRef(_SDO + "rangeIncludes"), URIRef(b.x(types[d].iri))))
        if b.own(iri):  # the standard terms keep the domain and range their vocabularies give them
            b.g.add((p, RDFS.domain, b.classes(tuple(sorted(domain)))))
            b.g.add((p, RDFS.range, b.classes(tuple(sorted(range_)))))


def _fields(b: _Builder) -> None:
    for f in b.schema.fields.values():
        p = URIRef(b.x(f.iri))
        if str(p).startswith((str(RDFS), str(SKOS))):
            continue  # annotation properties of their own vocabularies
        b.g.add((p, RDF.type, OWL.DatatypeProperty))
        b.describe(p, f.label, f.description)
        b.property_links(p, f.broader, f.equivalent)
        if b.own(f.iri):
            b.g.add((p, RDFS.range, XSD[f.datatype]))


def _pattern_terms(b: _Builder) -> None:
    """The statement pattern's own classes and properties, as the schema's vocabulary declares them."""
    for term in b.schema.vocabulary.terms.values():
        node = URIRef(term.iri)
        kind = _KINDS[term.kind]
        b.g.add((node, RDF.type, kind))
        b.describe(node, term.label, term.comment)
        if term.broader:
            link = RDFS.subClassOf if kind == OWL.Class else RDFS.subPropertyOf
            b.g.add((node, link, URIRef(term.broader)))
        if term.range:
            b.g.add((node, RDFS.range, URIRef(term.range)))


def _attribution(b: _Builder) -> None:
    """The attribution's modes and visibilities: named individuals of their classes (README, "Who says so")."""
    v, vocab = b.schema.vocabulary, b.schema.attribution
    for cls, items in (("AttributionMode", vocab.modes.values()), ("Visibility", vocab.visibilities.values())):
        for item in items:
            node = URIRef(item.iri)
            b.g.add((node, RDF.type, OWL.NamedIndividual))
            b.g.add((node, RDF.type, URIRef(v.term(cls))))
            b.describe(node, item.label, item.description)


def ontology(schema: Schema | None = None) -> Graph:
    """The OWL/RDFS vocabulary generated from ``schema`` (default: the packaged one).

    >>> from graph.schema import load_schema
    >>> s = load_schema()
    >>> g = ontology(s)
    >>> g.value(URIRef(s.vocabulary.ontology + "sued"), RDFS.comment)
    rdflib.term.Literal('The subject brought a lawsuit against the object.', lang='en')
    """
    b = _Builder(schema or load_schema())
    _header(b)
    _entity_types(b)
    _relation_types(b)
    _domains_and_ranges(b)
    _fields(b)
    _pattern_terms(b)
    _attribution(b)
    return b.g
