"""The dataset as RDF: entities, direct triples, statement nodes, evidence.

The pattern (one per relation, as Wikidata does it)::

    cdk:alibaba  org:memberOf  cdk:iacc .                 # the direct triple
    cdks:alibaba-member_of-iacc  a rdf:Statement, cdkg:RelationStatement, cdkg:MemberOfStatement ;
        rdf:subject cdk:alibaba ; rdf:predicate org:memberOf ; rdf:object cdk:iacc ;
        cdkg:relationType "member_of" ;
        schema:startDate "2016-04"^^xsd:gYearMonth ;      # typed by precision
        prov:wasDerivedFrom cdks:alibaba-member_of-iacc.ev1 .
    cdks:alibaba-member_of-iacc.ev1  a prov:Entity, cdkg:Evidence ;
        prov:wasQuotedFrom cdksrc:seed-article ; prov:value "...verbatim quote..." .

An n-ary fact is a node of its type's class with one property per role
(``cdk:lawsuit_x cdkg:plaintiff cdk:gucci``); the binary edges it implies
(``cdk:gucci cdkg:sued cdk:alibaba``) get a direct triple and a statement node
with ``cdkg:derivedFromFact`` and the fact's evidence. An alias is a direct
``skos:altLabel`` and a ``cdkg:AliasStatement`` (``cdks:kering.alias1``) whose
evidence quotes the name from the source that uses it. Evidence and aliases are
numbered in order; there are no blank nodes.

:func:`export_lines` tells which source each triple rests on: :func:`to_trig` and
:func:`to_nquads` write one named graph per source (the source's IRI), and
:mod:`graph.rdf.parse` reads any of these back.

>>> from graph import load
>>> g = to_rdf(load("data"))
>>> from rdflib import URIRef
>>> (URIRef(CDK + "kering"), URIRef(CDKG + "sued"), URIRef(CDK + "alibaba")) in g
True
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, PROV, SKOS

from ..model.dates import PartialDate
from ..model.derive import derived_edges
from ..model.records import Dataset, Entity, Evidence, Fact, Value
from ..schema import Schema, load_schema
from . import serialize as rdftext

__all__ = [
    "CDK",
    "CDKG",
    "CDKS",
    "CDKSRC",
    "ExportLines",
    "export_lines",
    "graph_iris",
    "graph_name",
    "named_graphs",
    "ntriples",
    "ontology",
    "statement_class",
    "to_nquads",
    "to_rdf",
    "to_trig",
    "to_turtle",
]

_SCHEMA = load_schema()
CDKG = _SCHEMA.prefixes["cdkg"]
CDK = _SCHEMA.prefixes["cdk"]
CDKS = _SCHEMA.prefixes["cdks"]
CDKSRC = _SCHEMA.prefixes["cdksrc"]
SDO = Namespace("https://schema.org/")
DCT = Namespace("http://purl.org/dc/terms/")


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


def rdf_list(g: Graph, name: str, items: list[URIRef | Literal | BNode]) -> URIRef | BNode:
    """Add an RDF list to ``g`` and return its head, with blank node ids made from
    ``name`` (so the Turtle is the same at every build); the same name gives the same list.

    >>> g = Graph()
    >>> head = rdf_list(g, "abc", [Literal("a"), Literal("b")])
    >>> head, len(g), rdf_list(g, "abc", [Literal("a"), Literal("b")]) == head and len(g)
    (rdflib.term.BNode('abc_0'), 4, 4)
    """
    if not items:
        return RDF.nil
    head = BNode(f"{name}_0")
    for i, item in enumerate(items):
        node = BNode(f"{name}_{i}")
        g.add((node, RDF.first, item))
        g.add((node, RDF.rest, BNode(f"{name}_{i + 1}") if i + 1 < len(items) else RDF.nil))
    return head


def bind_prefixes(g: Graph, schema: Schema) -> Graph:
    for prefix, iri in sorted(schema.prefixes.items()):
        g.bind(prefix, Namespace(iri), override=True, replace=True)
    return g


_CONTROL = {i: f"\\u{i:04X}" for i in range(32)}
_ESCAPES = str.maketrans({**_CONTROL, ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r"})
_XSD_STRING = str(XSD.string)


def _i(iri: str) -> str:
    """An IRI as an N-Triples term (IRIs here come from validated ids and the schema)."""
    return f"<{iri}>"


def _lit(text: str, datatype: str = "") -> str:
    """A literal as an N-Triples term (plain string unless a datatype is given)."""
    escaped = text.translate(_ESCAPES)
    if datatype and datatype != _XSD_STRING:
        return f'"{escaped}"^^<{datatype}>'
    return f'"{escaped}"'


def _date_lit(d: PartialDate) -> str:
    return _lit(str(d), f"{XSD}{d.xsd_datatype}")


def _value_lit(v: Value, datatype: str) -> str:
    if datatype == "integer":
        return _lit(str(v), str(XSD.integer))
    if datatype == "decimal":
        return _lit(decimal_lexical(Decimal(str(v))), str(XSD.decimal))
    return _lit(str(v))


def statement_class(relation_type: str) -> URIRef:
    """The class of the statements of one relation type (a subclass of cdkg:RelationStatement).

    It lets a SHACL processor target one relation type's statements directly.

    >>> statement_class("co_plaintiff_with")
    rdflib.term.URIRef('https://w3id.org/cdkg/ontology#CoPlaintiffWithStatement')
    """
    return URIRef(CDKG + "".join(part.capitalize() for part in relation_type.split("_")) + "Statement")


def graph_name(source_id: str) -> URIRef:
    """The named graph of a source in the TriG and N-Quads exports: the source's own IRI.

    >>> graph_name("seed-article")
    rdflib.term.URIRef('https://w3id.org/cdkg/source/seed-article')
    """
    return URIRef(CDKSRC + source_id)


def _line_groups(ds: Dataset) -> tuple[dict[str, list[str]], list[str]]:
    """Every triple of the dataset as an N-Triples line, in the graph of the source it rests on.

    The key is the id of the source whose evidence the triples rest on, or
    ``""`` (the default graph) for what no single source gives (entities'
    names, types, fields and dates; the sources' descriptions; aliases without
    a source). A record quoted from two sources has its lines in both graphs
    (the same string objects). Built as text, not as rdflib terms: this is the
    fast path every RDF output shares. Lines are unsorted and may repeat.

    Also returns every line once (in the order made: records come by id, so
    the list is nearly sorted, and sorting it is cheaper than merging the
    graphs' sorted lines).
    """
    schema = ds.schema
    x = schema.expand
    a = _i(str(RDF.type))
    label, alt = _i(str(RDFS.label)), _i(str(SKOS.altLabel))
    derived_from = _i(str(PROV.wasDerivedFrom))
    ev_head = f" {a} {_i(str(PROV.Entity))} .\n"
    ev_class = f" {a} {_i(CDKG + 'Evidence')} .\n"
    quoted_from, value = f" {_i(str(PROV.wasQuotedFrom))} <{CDKSRC}", f" {_i(str(PROV.value))} "
    st_head = f" {a} {_i(str(RDF.Statement))} .\n"
    rdf_s, rdf_p, rdf_o = (f" {_i(str(t))} " for t in (RDF.subject, RDF.predicate, RDF.object))
    relation_statement, alias_statement = _i(CDKG + "RelationStatement"), _i(CDKG + "AliasStatement")
    relation_type, stance, derived_fact = _i(CDKG + "relationType"), _i(CDKG + "stance"), _i(CDKG + "derivedFromFact")
    date_props = {
        "date": _i(CDKG + "date"),
        "start": _i(x("schema:startDate")),
        "end": _i(x("schema:endDate")),
    }
    field_props = {k: (_i(x(f.iri)), f.datatype) for k, f in schema.fields.items()}
    type_iris = {t.id: _i(x(t.iri)) for t in schema.entity_types.values()}
    role_iris = {(t.id, r.id): _i(x(r.iri)) for t in schema.entity_types.values() for r in t.roles.values()}
    relations = {
        r.id: (_i(x(r.iri)), r.directed, _i(str(statement_class(r.id))), _lit(r.id), _lit(r.stance))
        for r in schema.relation_types.values()
    }
    dates: dict[PartialDate, str] = {}

    def date_lit(d: PartialDate) -> str:
        found = dates.get(d)
        if found is None:
            found = dates[d] = _date_lit(d)
        return found

    groups: dict[str, list[str]] = {"": []}
    everything: list[str] = []

    def put(g: str, lines: Iterable[str]) -> None:
        found = groups.get(g)
        if found is None:
            found = groups[g] = []
        found.extend(lines)

    def put_all(graphs: Iterable[str], lines: list[str]) -> None:
        for g in graphs:
            put(g, lines)
        everything.extend(lines)

    def evidenced(node: str, base: str, items: tuple[Evidence, ...]) -> None:
        for i, e in enumerate(items, 1):
            ev = f"<{base}.ev{i}>"
            put_all(
                (e.source,),
                [
                    f"{node} {derived_from} {ev} .\n",
                    ev + ev_head,
                    ev + ev_class,
                    f"{ev}{quoted_from}{e.source}> .\n",
                    f"{ev}{value}{_lit(e.quote)} .\n",
                ],
            )

    for src in ds.sources.values():
        node = _i(CDKSRC + src.id)
        described = [(a, _i(str(PROV.Entity))), (a, _i(str(SDO.Article))), (a, type_iris["document"])]
        described += [(_i(str(DCT.title)), _lit(src.title)), (label, _lit(src.title))]
        if src.publisher:
            described.append((_i(str(SDO.publisher)), _lit(src.publisher)))
        if src.published:
            described.append((_i(str(SDO.datePublished)), _date_lit(src.published)))
        if src.published_note:
            described.append((_i(CDKG + "dateNote"), _lit(src.published_note)))
        if src.language:
            described.append((_i(str(DCT.language)), _lit(src.language)))
        if src.language_note:
            described.append((_i(str(RDFS.comment)), _lit(src.language_note)))
        if src.url:
            described.append((_i(str(SDO.url)), _lit(src.url)))
        described.append((_i(CDKG + "file"), _lit(src.file)))
        put_all(("",), [f"{node} {p} {o} .\n" for p, o in described])

    records: list[Entity | Fact] = [*ds.entities.values(), *ds.facts.values()]
    for rec in records:
        node = f"<{CDK}{rec.id}>"
        lines = [f"{node} {a} {type_iris[rec.type]} .\n", f"{node} {label} {_lit(rec.name)} .\n"]
        lines += [f"{node} {date_props[k]} {date_lit(d)} .\n" for k, d in rec.dates.items()]
        for k, v in rec.fields.items():
            prop, datatype = field_props[k]
            lines.append(f"{node} {prop} {_value_lit(v, datatype)} .\n")
        if isinstance(rec, Fact):
            for role_id, members in rec.roles.items():
                prop = role_iris[(rec.type, role_id)]
                lines += [f"{node} {prop} <{CDK}{m}> .\n" for m in members]
            put_all(sorted({e.source for e in rec.evidence}) or ("",), lines)
        else:
            put_all(("",), lines)
        for i, alias in enumerate(rec.aliases, 1):
            st_iri = f"{CDKS}{rec.id}.alias{i}"
            st, name = f"<{st_iri}>", _lit(alias.name)
            put_all(
                (alias.source,),
                [
                    f"{node} {alt} {name} .\n",
                    st + st_head,
                    f"{st} {a} {alias_statement} .\n",
                    f"{st}{rdf_s}{node} .\n",
                    f"{st}{rdf_p}{alt} .\n",
                    f"{st}{rdf_o}{name} .\n",
                ],
            )
            if alias.source:
                evidenced(st, st_iri, (Evidence(alias.source, alias.name),))
        evidenced(node, CDKS + rec.id, rec.evidence)

    def statement(sid: str, rtype: str, subj: str, obj: str, when: dict[str, PartialDate]) -> tuple[str, list[str]]:
        p, directed, cls, rtype_lit, stance_lit = relations[rtype]
        s, o, st = f"<{CDK}{subj}>", f"<{CDK}{obj}>", f"<{CDKS}{sid}>"
        lines = [
            f"{s} {p} {o} .\n",
            st + st_head,
            f"{st} {a} {relation_statement} .\n",
            f"{st} {a} {cls} .\n",
            f"{st}{rdf_s}{s} .\n",
            f"{st}{rdf_p}{p} .\n",
            f"{st}{rdf_o}{o} .\n",
            f"{st} {relation_type} {rtype_lit} .\n",
            f"{st} {stance} {stance_lit} .\n",
        ]
        if not directed:
            lines.append(f"{o} {p} {s} .\n")
        lines += [f"{st} {date_props[k]} {date_lit(d)} .\n" for k, d in when.items()]
        return st, lines

    for r in ds.relations.values():
        st, lines = statement(r.id, r.type, r.subject, r.object, r.dates)
        for k, v in r.fields.items():
            prop, datatype = field_props[k]
            lines.append(f"{st} {prop} {_value_lit(v, datatype)} .\n")
        put_all(sorted({e.source for e in r.evidence}) or ("",), lines)
        evidenced(st, CDKS + r.id, r.evidence)

    for fact in ds.facts.values():
        graphs = sorted({e.source for e in fact.evidence}) or [""]
        fact_iri = f"<{CDK}{fact.id}>"
        for rtype, a_id, b_id in derived_edges(ds, fact):
            st, lines = statement(f"{fact.id}.{rtype}.{a_id}.{b_id}", rtype, a_id, b_id, fact.dates)
            lines.append(f"{st} {derived_fact} {fact_iri} .\n")
            put_all(graphs[:1], lines)
            if len(graphs) > 1:
                put_all(graphs[1:], lines[:-1])
            for i, e in enumerate(fact.evidence, 1):
                put_all((e.source,), [f"{st} {derived_from} <{CDKS}{fact.id}.ev{i}> .\n"])
    return groups, everything


def _sorted_distinct(lines: list[str]) -> list[str]:
    """``lines`` sorted in place, then without repeats (cheap: they arrive in long sorted runs)."""
    lines.sort()
    return [line for previous, line in zip(itertools.chain(("",), lines), lines, strict=False) if line != previous]


@dataclass
class ExportLines:
    """The N-Triples lines every RDF export is written from: made once per build."""

    graphs: dict[str, list[str]]
    """Each graph's sorted, distinct lines: the default graph (``""``) first, then the sources' by id."""
    union: list[str]
    """The sorted, distinct lines of all graphs together: the N-Triples export."""

    @property
    def triples(self) -> int:
        return len(self.union)


def export_lines(ds: Dataset) -> ExportLines:
    """The dataset's RDF as sorted N-Triples lines, per graph and together.

    >>> from graph import load
    >>> lines = export_lines(load("data"))
    >>> sorted(lines.graphs), lines.union == sorted(set(lines.union))
    (['', 'seed-article'], True)
    """
    groups, everything = _line_groups(ds)
    graphs = {g: _sorted_distinct(groups[g]) for g in sorted(groups)}
    groups.clear()
    return ExportLines(graphs, _sorted_distinct(everything))


def graph_iris(graphs: Iterable[str]) -> dict[str, str]:
    """Each named graph's IRI, by source id (the default graph ``""`` has none)."""
    return {g: str(graph_name(g)) for g in graphs if g}


def ntriples(ds: Dataset, lines: ExportLines | None = None) -> str:
    """N-Triples: one sorted line per distinct triple (``lines``: :func:`export_lines`, if made)."""
    return "".join((lines or export_lines(ds)).union)


def to_nquads(ds: Dataset, lines: ExportLines | None = None) -> str:
    """N-Quads, graph by graph (the default graph first, unlabelled), each graph's lines sorted.

    ``lines``: :func:`export_lines`, if already made.
    """
    graphs = (lines or export_lines(ds)).graphs
    return "".join(rdftext.nquads(graphs, graph_iris(graphs)))


def to_turtle(ds: Dataset, lines: ExportLines | None = None) -> str:
    """Turtle, written from the sorted lines by :func:`graph.rdf.serialize.turtle` (deterministic).

    ``lines``: :func:`export_lines`, if already made.
    """
    return "".join(rdftext.turtle((lines or export_lines(ds)).union, ds.schema.prefixes))


def to_trig(ds: Dataset, lines: ExportLines | None = None) -> str:
    """TriG: the default graph, then one named graph per source (the source's IRI).

    A source's graph holds the statements, facts and evidence quoted from it;
    the default graph the entities' names, types, fields and dates and the
    sources' descriptions. ``lines``: :func:`export_lines`, if already made.
    """
    graphs = (lines or export_lines(ds)).graphs
    return "".join(rdftext.trig(graphs, ds.schema.prefixes, graph_iris(graphs)))


def _rdflib_term(t: object) -> URIRef | Literal | BNode:
    import pyoxigraph as ox

    if isinstance(t, ox.NamedNode):
        return URIRef(t.value)
    if isinstance(t, ox.Literal):
        if t.language:
            return Literal(t.value, lang=t.language)
        dt = t.datatype.value
        return Literal(t.value, datatype=None if dt == _XSD_STRING else URIRef(dt))
    assert isinstance(t, ox.BlankNode)
    return BNode(t.value)


def _graph_from_ntriples(nt: str, schema: Schema) -> Graph:
    """An rdflib graph (default store) of N-Triples text, parsed by pyoxigraph."""
    import pyoxigraph as ox

    g = bind_prefixes(Graph(), schema)
    terms: dict[object, URIRef | Literal | BNode] = {}

    def term(t: object) -> URIRef | Literal | BNode:
        found = terms.get(t)
        if found is None:
            found = terms[t] = _rdflib_term(t)
        return found

    add = g.add
    for t in ox.parse(nt.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES):
        add((term(t.subject), term(t.predicate), term(t.object)))
    return g


def to_rdf(ds: Dataset, nt: str | None = None) -> Graph:
    """The dataset as one rdflib graph, prefixes bound (``nt``: the :func:`ntriples` text, if made)."""
    return _graph_from_ntriples(ntriples(ds) if nt is None else nt, ds.schema)


def named_graphs(ds: Dataset) -> dict[str, Graph]:
    """The dataset split by source: source id -> its graph, ``""`` -> the default graph.

    Their union is :func:`to_rdf`.

    >>> from graph import load
    >>> sorted(named_graphs(load("data")))
    ['', 'seed-article']
    """
    return {g: _graph_from_ntriples("".join(lines), ds.schema) for g, lines in export_lines(ds).graphs.items()}


LICENSE = "https://creativecommons.org/licenses/by/4.0/"

# The project's own statement vocabulary: (local name, kind, label, comment, super-property or class, range)
_OWN_TERMS: list[tuple[str, URIRef, str, str, str, str]] = [
    (
        "RelationStatement", OWL.Class, "relation statement",
        "A relation with its dates, qualifiers and evidence: rdf:subject, rdf:predicate and rdf:object "
        "repeat the direct triple it describes.",
        "rdf:Statement", "",
    ),
    (
        "AliasStatement", OWL.Class, "alias statement",
        "A name used for an entity (the object of its skos:altLabel), with the source that uses it as evidence.",
        "rdf:Statement", "",
    ),
    ("Evidence", OWL.Class, "evidence", "A verbatim quote from a source document.", "prov:Entity", ""),
    (
        "date", OWL.DatatypeProperty, "date",
        "When an event happened, typed by precision (xsd:date, xsd:gYearMonth, xsd:gYear).",
        "dcterms:date", "",
    ),
    (
        "relationType", OWL.DatatypeProperty, "relation type",
        "The schema id of a statement's relation type.", "", "xsd:string",
    ),
    (
        "stance", OWL.DatatypeProperty, "stance",
        "oppose, support or neutral: the sign opposition is computed from.", "", "xsd:string",
    ),
    (
        "derivedFromFact", OWL.ObjectProperty, "derived from fact",
        "The n-ary fact (a lawsuit, a withdrawal) a derived statement comes from.", "prov:wasDerivedFrom", "",
    ),
    (
        "file", OWL.DatatypeProperty, "file",
        "The file of a source document, relative to the data directory.", "", "xsd:string",
    ),
    ("inverseLabel", OWL.AnnotationProperty, "inverse label", "How a relation reads from its object.", "", ""),
]  # fmt: skip


def ontology(schema: Schema | None = None) -> Graph:
    """The OWL/RDFS vocabulary generated from the schema.

    Classes for the entity and fact types, object properties for the relation
    types and roles (``rdfs:domain``/``rdfs:range`` on the project's own
    terms, ``schema:domainIncludes``/``rangeIncludes`` on all), datatype
    properties for the fields, and the statement vocabulary; each with a
    label and a comment, and linked to the standard terms (``rdfs:subClassOf``,
    ``rdfs:subPropertyOf``, ``owl:equivalentProperty``, ``owl:inverseOf``).

    >>> g = ontology()
    >>> from rdflib import URIRef
    >>> g.value(URIRef(CDKG + "sued"), RDFS.comment)
    rdflib.term.Literal('The subject brought a lawsuit against the object.', lang='en')
    """
    schema = schema or _SCHEMA
    x = schema.expand
    g = bind_prefixes(Graph(), schema)
    onto = URIRef(CDKG.rstrip("#"))
    g.add((onto, RDF.type, OWL.Ontology))
    g.add((onto, RDFS.label, Literal("Counterfeit-dispute knowledge graph ontology", lang="en")))
    g.add((onto, DCT.title, Literal("Counterfeit-dispute knowledge graph ontology", lang="en")))
    g.add((onto, OWL.versionInfo, Literal(schema.version)))
    g.add((onto, OWL.versionIRI, URIRef(f"{schema.namespace}ontology/{schema.version}")))
    g.add((onto, DCT.license, URIRef(LICENSE)))
    g.add(
        (
            onto,
            RDFS.comment,
            Literal(
                "Generated from graph/schema/schema.yaml: entity types, n-ary fact types, relation types and fields, "
                "and the statement pattern (rdf:Statement nodes with dates and prov:wasDerivedFrom evidence).",
                lang="en",
            ),
        )
    )

    def own(iri: str) -> bool:
        return x(iri).startswith(CDKG)

    def describe(term: URIRef, label: str, comment: str) -> None:
        g.add((term, RDFS.label, Literal(label, lang="en")))
        if comment:
            g.add((term, RDFS.comment, Literal(comment, lang="en")))
        if own(str(term)):
            g.add((term, RDFS.isDefinedBy, onto))

    def classes(type_ids: tuple[str, ...]) -> URIRef | BNode:
        """One class, or the union of several (a blank node: OWL's only way to say it)."""
        iris = sorted({URIRef(x(schema.entity_types[t].iri)) for t in type_ids})
        if len(iris) == 1:
            return iris[0]
        name = "_".join(sorted(type_ids))
        union = BNode(f"union_{name}")
        g.add((union, RDF.type, OWL.Class))
        g.add((union, OWL.unionOf, rdf_list(g, f"classes_{name}", list(iris))))
        return union

    def property_links(p: URIRef, broader: str, equivalent: str) -> None:
        if broader:
            g.add((p, RDFS.subPropertyOf, URIRef(x(broader))))
        if equivalent:
            g.add((p, OWL.equivalentProperty, URIRef(x(equivalent))))

    # a property may serve a relation and a role (cdkg:accused, schema:about): its domain
    # and range are the union over its uses, not one rdfs:domain per use (OWL would intersect them)
    uses: dict[str, tuple[set[str], set[str]]] = {}

    def use(iri: str, domain: tuple[str, ...], range_: tuple[str, ...]) -> URIRef:
        d, r = uses.setdefault(x(iri), (set(), set()))
        d.update(domain)
        r.update(range_)
        p = URIRef(x(iri))
        g.add((p, RDF.type, OWL.ObjectProperty))
        return p

    relation_iris = {x(r.iri) for r in schema.relation_types.values()}
    for t in schema.entity_types.values():
        c = URIRef(x(t.iri))
        g.add((c, RDF.type, OWL.Class))
        describe(c, t.label, t.description)
        if t.broader:
            g.add((c, RDFS.subClassOf, URIRef(x(t.broader))))
        for role in t.roles.values():
            p = use(role.iri, (t.id,), role.range)
            if x(role.iri) not in relation_iris:
                describe(p, role.label, f"A participant in a {t.label.lower()}, in the role '{role.id}'.")
    for r in schema.relation_types.values():
        p = use(r.iri, r.domain, r.range)
        describe(p, r.label, r.description)
        g.add((p, URIRef(CDKG + "inverseLabel"), Literal(r.inverse, lang="en")))
        g.add((p, URIRef(CDKG + "stance"), Literal(r.stance)))
        if not r.directed:
            g.add((p, RDF.type, OWL.SymmetricProperty))
        if r.inverse_iri:
            g.add((p, OWL.inverseOf, URIRef(x(r.inverse_iri))))
        property_links(p, r.broader, r.equivalent)
        c = statement_class(r.id)
        g.add((c, RDF.type, OWL.Class))
        g.add((c, RDFS.subClassOf, URIRef(CDKG + "RelationStatement")))
        describe(c, f"'{r.label}' statement", f"A statement of the relation type '{r.id}'.")
    for iri, (domain, range_) in sorted(uses.items()):
        p = URIRef(iri)
        for d in sorted(domain):
            g.add((p, SDO.domainIncludes, URIRef(x(schema.entity_types[d].iri))))
        for d in sorted(range_):
            g.add((p, SDO.rangeIncludes, URIRef(x(schema.entity_types[d].iri))))
        if own(iri):  # the standard terms keep the domain and range their vocabularies give them
            g.add((p, RDFS.domain, classes(tuple(sorted(domain)))))
            g.add((p, RDFS.range, classes(tuple(sorted(range_)))))
    for f in schema.fields.values():
        p = URIRef(x(f.iri))
        if str(p).startswith((str(RDFS), str(SKOS))):
            continue  # annotation properties of their own vocabularies
        g.add((p, RDF.type, OWL.DatatypeProperty))
        describe(p, f.label, f.description)
        property_links(p, f.broader, f.equivalent)
        if own(f.iri):
            g.add((p, RDFS.range, XSD[f.datatype]))
    for local, kind, label, comment, broader, datatype in _OWN_TERMS:
        term = URIRef(CDKG + local)
        g.add((term, RDF.type, kind))
        describe(term, label, comment)
        if broader:
            link = RDFS.subClassOf if kind == OWL.Class else RDFS.subPropertyOf
            g.add((term, link, URIRef(x(broader))))
        if datatype:
            g.add((term, RDFS.range, URIRef(x(datatype))))
    return g
