"""SHACL shapes generated from the schema, and validating the RDF export with them.

The shapes (``out/shapes.ttl``) say what every export must look like:

* ``cdksh:Entity``: every node that has a label, an alias, a relation or a
  role has exactly one ``rdfs:label`` and a type that is a class of the schema;
* ``cdksh:RelationStatement``: a relation statement has exactly one
  ``rdf:subject``, ``rdf:predicate`` (a relation's property) and
  ``rdf:object``, its relation type and stance, and at least one evidence;
* one shape per relation type (``cdksh:relation-sued``): the subject and the
  object of a statement of that type are of its domain and range;
* ``cdksh:AliasStatement``: an alias is one name of one entity, with at most
  one evidence (the source that uses the name);
* ``cdksh:Evidence``: one source, one non-empty quote;
* ``cdksh:Source``: a title and a file;
* ``cdksh:Dates``: every date is an ``xsd:date``, ``xsd:gYearMonth`` or
  ``xsd:gYear``, at most one of each kind per node;
* one shape per n-ary fact type (``cdksh:fact-lawsuit``): its roles' counts and
  participants' types, and its evidence;
* one shape per field (``cdksh:field-amount``): the field's datatype.

Only SHACL Core is used, so any SHACL processor (pySHACL, Jena, TopBraid,
RDF4J) reads them. The build checks its exports with the project's own
checker of the subset they use (:mod:`graph.rdf.shacl_native`, some 80 times
faster); pySHACL, the reference the tests compare it with, is
``engine="pyshacl"``. Every shape carries an ``sh:message`` that says what was
expected, so a violation reads as a sentence:

>>> from graph import load
>>> from graph.rdf import to_rdf
>>> validate(to_rdf(load("data")))  # the real data conform: no exception
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar, cast

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, PROV, SKOS
from rdflib.term import Node

from ..errors import ShapeError
from ..schema import Schema, load_schema
from .shacl_native import CompiledShapes, check, compile_shapes, datatype_of, lexical_form, ntriples_of
from .terms import Compactor, bind_prefixes, rdf_list

# interim: the packaged schema's IRIs (graph.rdf.export has them no more), until taken from the schema
_VOCABULARY = load_schema().vocabulary
CDKG, CDKSRC, SDO = _VOCABULARY.ontology, _VOCABULARY.source, Namespace("https://schema.org/")


def statement_class(relation_type: str) -> URIRef:
    return URIRef(_VOCABULARY.statement_class(relation_type))


__all__ = ["ENGINES", "SH", "Violation", "shapes", "shapes_namespace", "shared_shapes", "validate", "violations"]

SH = Namespace("http://www.w3.org/ns/shacl#")
DATE_TYPES = (XSD.date, XSD.gYearMonth, XSD.gYear)


def shapes_namespace(schema: Schema) -> str:
    """Where the shapes live: the schema's namespace + ``shapes#``.

    >>> shapes_namespace(load_schema())
    'https://w3id.org/cdkg/shapes#'
    """
    return schema.namespace + "shapes#"


class _Builder:
    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.ns = Namespace(shapes_namespace(schema))
        self.g = bind_prefixes(Graph(), schema)
        self.g.bind("sh", SH)
        self.g.bind("cdksh", self.ns)

    def iri(self, curie: str) -> URIRef:
        return URIRef(self.schema.expand(curie))

    def class_of(self, type_id: str) -> URIRef:
        return self.iri(self.schema.entity_types[type_id].iri)

    def rdf_list(self, name: str, items: Iterable[URIRef | Literal | BNode]) -> URIRef | BNode:
        return rdf_list(self.g, f"list_{name}", list(items))

    def node_shape(self, name: str, message: str, *targets: tuple[URIRef, Node]) -> URIRef:
        shape = self.ns[name]
        self.g.add((shape, RDF.type, SH.NodeShape))
        self.g.add((shape, SH.message, Literal(message, lang="en")))
        for kind, target in targets:
            self.g.add((shape, kind, target))
        return shape

    def prop(
        self,
        owner: URIRef,
        name: str,
        path: Node,
        message: str,
        min_count: int | None = None,
        max_count: int | None = None,
        **constraints: Node,
    ) -> URIRef:
        shape = self.ns[name]
        self.g.add((owner, SH.property, shape))
        self.g.add((shape, RDF.type, SH.PropertyShape))
        self.g.add((shape, SH.path, path))
        self.g.add((shape, SH.message, Literal(message, lang="en")))
        if min_count:
            self.g.add((shape, SH.minCount, Literal(min_count)))
        if max_count is not None:
            self.g.add((shape, SH.maxCount, Literal(max_count)))
        for key, value in constraints.items():  # in_, class_, or_: Python keywords
            self.g.add((shape, SH[key.rstrip("_")], value))
        return shape

    def types_of(self, name: str, first: URIRef, type_ids: Iterable[str]) -> tuple[Node, Node]:
        """A path to the types of ``first``'s value, and the list of allowed classes."""
        path = self.rdf_list(f"path_{name}", [first, RDF.type])
        classes = sorted({self.class_of(t) for t in type_ids})
        return path, self.rdf_list(f"in_{name}", classes)


def _or(type_ids: Iterable[str]) -> str:
    items = sorted(type_ids)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def shapes(schema: Schema | None = None) -> Graph:
    """The SHACL shapes graph generated from the schema (see the module docstring)."""
    schema = schema or load_schema()
    b = _Builder(schema)
    g, ns, x = b.g, b.ns, b.iri
    relation_iris = sorted({x(r.iri) for r in schema.relation_types.values()})
    role_iris = sorted({x(role.iri) for t in schema.fact_types.values() for role in t.roles.values()})
    classes = sorted({b.class_of(t) for t in schema.entity_types})
    statement, alias_statement, evidence = (
        URIRef(CDKG + n) for n in ("RelationStatement", "AliasStatement", "Evidence")
    )

    # -- entities: a label and a type -------------------------------------------
    targets = [(SH.targetSubjectsOf, RDFS.label), (SH.targetSubjectsOf, SKOS.altLabel)]
    targets += [(SH.targetSubjectsOf, p) for p in [*relation_iris, *role_iris]]
    targets += [(SH.targetObjectsOf, p) for p in [*relation_iris, *role_iris]]
    entity = b.node_shape("Entity", "every entity needs exactly one rdfs:label and a type of the schema", *targets)
    b.prop(entity, "Entity-label", RDFS.label, "every entity needs exactly one rdfs:label (a string)", 1, 1,
           datatype=XSD.string)  # fmt: skip
    known = b.node_shape("KnownClass", "a class of the schema")
    g.add((known, SH["in"], b.rdf_list("classes", classes)))
    b.prop(entity, "Entity-type", RDF.type, "every entity needs a type that is a class of the schema (rdf:type)", 1,
           qualifiedValueShape=known, qualifiedMinCount=Literal(1))  # fmt: skip

    # -- relation statements ------------------------------------------------------
    st = b.node_shape("RelationStatement", "a relation statement", (SH.targetClass, statement))
    one = "a relation statement needs exactly one"
    b.prop(st, "RelationStatement-subject", RDF.subject, f"{one} rdf:subject (an IRI)", 1, 1, nodeKind=SH.IRI)
    b.prop(st, "RelationStatement-predicate", RDF.predicate,
           f"{one} rdf:predicate, the property of a relation type of the schema", 1, 1,
           in_=b.rdf_list("relation_iris", [URIRef(i) for i in relation_iris]))  # fmt: skip
    b.prop(st, "RelationStatement-object", RDF.object, f"{one} rdf:object (an IRI)", 1, 1, nodeKind=SH.IRI)
    b.prop(st, "RelationStatement-type", URIRef(CDKG + "relationType"),
           f"{one} cdkg:relationType, a relation type of the schema", 1, 1,
           in_=b.rdf_list("relation_types", [Literal(r) for r in schema.relation_types]))  # fmt: skip
    b.prop(st, "RelationStatement-stance", URIRef(CDKG + "stance"), f"{one} cdkg:stance: oppose, support or neutral",
           1, 1, in_=b.rdf_list("stances", [Literal(s) for s in schema.stances]))  # fmt: skip
    by_type = b.node_shape("StatementClass", "the class of one relation type's statements")
    g.add((by_type, SH["in"], b.rdf_list("statement_classes", [statement_class(r) for r in schema.relation_types])))
    b.prop(st, "RelationStatement-class", RDF.type,
           f"{one} class of its relation type (cdkg:SuedStatement...) besides cdkg:RelationStatement", None, None,
           qualifiedValueShape=by_type, qualifiedMinCount=Literal(1), qualifiedMaxCount=Literal(1))  # fmt: skip
    b.prop(st, "RelationStatement-evidence", PROV.wasDerivedFrom,
           "a relation statement needs at least one evidence (prov:wasDerivedFrom a cdkg:Evidence)", 1,
           class_=evidence)  # fmt: skip

    # -- one shape per relation type: the ends are of its domain and range --------
    # Each relation type's statements carry its own class (cdkg:SuedStatement...), so each
    # shape targets only them: an sh:or over every type made validation 8 times slower.
    for r in schema.relation_types.values():
        name = f"relation-{r.id}"
        shape = b.node_shape(
            name,
            f"a '{r.id}' statement needs a subject of type {_or(r.domain)} and an object of type {_or(r.range)}",
            (SH.targetClass, statement_class(r.id)),
        )
        b.prop(shape, f"{name}-type", URIRef(CDKG + "relationType"),
               f"a statement of class {statement_class(r.id).n3(g.namespace_manager)} has cdkg:relationType '{r.id}'",
               1, 1, hasValue=Literal(r.id))  # fmt: skip
        for end, first, type_ids in (("subject", RDF.subject, r.domain), ("object", RDF.object, r.range)):
            path, allowed = b.types_of(f"{r.id}_{end}", first, type_ids)
            b.prop(shape, f"{name}-{end}", path, f"the {end} of a '{r.id}' statement must be of type {_or(type_ids)}",
                   1, in_=allowed)  # fmt: skip

    # -- aliases, evidence, sources ---------------------------------------------
    al = b.node_shape("AliasStatement", "an alias statement", (SH.targetClass, alias_statement))
    one = "an alias statement needs exactly one"
    b.prop(al, "AliasStatement-subject", RDF.subject, f"{one} rdf:subject (the entity)", 1, 1, nodeKind=SH.IRI)
    b.prop(al, "AliasStatement-predicate", RDF.predicate, f"{one} rdf:predicate, skos:altLabel", 1, 1,
           hasValue=SKOS.altLabel)  # fmt: skip
    b.prop(al, "AliasStatement-object", RDF.object, f"{one} rdf:object, the name (a string)", 1, 1,
           datatype=XSD.string)  # fmt: skip
    b.prop(al, "AliasStatement-evidence", PROV.wasDerivedFrom,
           "an alias statement has at most one evidence: the source that uses the name", None, 1,
           class_=evidence)  # fmt: skip

    ev = b.node_shape("Evidence", "an evidence", (SH.targetClass, evidence))
    b.prop(ev, "Evidence-source", PROV.wasQuotedFrom, "an evidence needs exactly one source (prov:wasQuotedFrom)",
           1, 1, class_=PROV.Entity)  # fmt: skip
    b.prop(ev, "Evidence-quote", PROV.value, "an evidence needs exactly one non-empty quote (prov:value, a string)",
           1, 1, datatype=XSD.string, minLength=Literal(1))  # fmt: skip

    src = b.node_shape("Source", "a source document", (SH.targetObjectsOf, PROV.wasQuotedFrom))
    b.prop(src, "Source-title", DCTERMS.title, "a source needs exactly one title (dcterms:title)", 1, 1,
           datatype=XSD.string)  # fmt: skip
    b.prop(src, "Source-file", URIRef(CDKG + "file"), "a source needs exactly one file (cdkg:file)", 1, 1,
           datatype=XSD.string)  # fmt: skip
    b.prop(src, "Source-iri", RDF.type, f"a source is a schema:Article under {CDKSRC}", 1,
           hasValue=SDO.Article)  # fmt: skip

    # -- dates --------------------------------------------------------------------
    date_props = [URIRef(CDKG + "date"), SDO.startDate, SDO.endDate, SDO.datePublished]
    dates = b.node_shape(
        "Dates", "dates are xsd:date, xsd:gYearMonth or xsd:gYear", *[(SH.targetSubjectsOf, p) for p in date_props]
    )
    precisions = []
    for dt in DATE_TYPES:
        shape = ns[f"Date-{dt.removeprefix(str(XSD))}"]
        g.add((shape, RDF.type, SH.NodeShape))
        g.add((shape, SH.datatype, dt))
        precisions.append(shape)
    allowed_dates = b.rdf_list("date_types", precisions)
    for p in date_props:
        local = p.split("#")[-1].split("/")[-1]
        b.prop(dates, f"Dates-{local}", p,
               f"at most one {local}, an xsd:date, xsd:gYearMonth or xsd:gYear (the date at its precision)", None, 1,
               or_=allowed_dates)  # fmt: skip

    # -- one shape per n-ary fact type ------------------------------------------------
    for t in schema.fact_types.values():
        name = f"fact-{t.id}"
        shape = b.node_shape(name, f"a {t.id}", (SH.targetClass, b.class_of(t.id)))
        b.prop(shape, f"{name}-evidence", PROV.wasDerivedFrom, f"a {t.id} needs at least one evidence", 1,
               class_=evidence)  # fmt: skip
        for role in t.roles.values():
            count = f"at least {role.min}" if role.min else "any number of"
            if role.max is not None:
                count = f"{role.min} to {role.max}" if role.min != role.max else f"exactly {role.min}"
            b.prop(shape, f"{name}-{role.id}", x(role.iri),
                   f"a {t.id} needs {count} '{role.id}' participants", role.min or None, role.max)  # fmt: skip
            path, allowed = b.types_of(f"{t.id}_{role.id}", x(role.iri), role.range)
            b.prop(shape, f"{name}-{role.id}-type", path,
                   f"the '{role.id}' of a {t.id} must be of type {_or(role.range)}", in_=allowed)  # fmt: skip

    # -- one shape per field: its datatype --------------------------------------------
    for f in schema.fields.values():
        name = f"field-{f.id}"
        shape = b.node_shape(name, f"the field '{f.id}'", (SH.targetSubjectsOf, x(f.iri)))
        b.prop(shape, name + "-datatype", x(f.iri), f"'{f.id}' must be an xsd:{f.datatype}",
               datatype=XSD[f.datatype])  # fmt: skip
    return g


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL result, in the project's words: the node, the shape, the message."""

    focus: str
    shape: str
    path: str
    message: str
    value: str = ""

    def __str__(self) -> str:
        where = f"{self.focus}: {self.path}: " if self.path else f"{self.focus}: "
        found = f" (found {self.value})" if self.value else ""
        return f"{where}{self.message}{found} [{self.shape}]"


ENGINES = ("native", "pyshacl")
"""The SHACL engines: ``native`` (:mod:`graph.rdf.shacl_native`, what the build runs) and pySHACL, the reference."""


def _compactor(schema: Schema) -> Callable[[str], str]:
    return Compactor({**schema.prefixes, "cdksh": shapes_namespace(schema), "sh": str(SH)}).show


def _show_node(compact: Callable[[str], str]) -> Callable[[Node], str]:
    def show(node: Node) -> str:
        return compact(str(node)) if isinstance(node, URIRef) else "a blank node"

    return show


_PER_SCHEMA: dict[tuple[str, int], tuple[weakref.ref[Schema], object]] = {}
_T = TypeVar("_T")


def _per_schema(what: str, schema: Schema, make: Callable[[], _T]) -> _T:
    """``make()``, made once per schema (and forgotten with it)."""
    key = (what, id(schema))
    cached = _PER_SCHEMA.get(key)
    if cached is None or cached[0]() is not schema:
        gone = weakref.ref(schema, lambda _: _PER_SCHEMA.pop(key, None))
        cached = _PER_SCHEMA[key] = (gone, make())
    return cast(_T, cached[1])


def shared_shapes(schema: Schema) -> Graph:
    """:func:`shapes` of ``schema``, made once per schema and shared (the build's check and
    ``shapes.ttl`` use the same graph): read it, do not change it."""
    return _per_schema("shapes", schema, lambda: shapes(schema))


def _compiled(schema: Schema, shapes_graph: Graph | None) -> tuple[Callable[[str], str], CompiledShapes]:
    """The schema's shapes, compiled for the native checker once per schema (the build checks one schema)."""
    if shapes_graph is not None:
        compact = _compactor(schema)
        return compact, compile_shapes(shapes_graph, _show_node(compact))

    def compile_once() -> tuple[Callable[[str], str], CompiledShapes]:
        compact = _compactor(schema)
        return compact, compile_shapes(shared_shapes(schema), _show_node(compact))

    return _per_schema("compiled", schema, compile_once)


def _show_term(raw: str | None, compact: Callable[[str], str]) -> str:
    """An N-Triples term from the native checker, shown as :func:`violations` shows an rdflib term."""
    if not raw:
        return ""
    if raw[0] == "<":
        return compact(raw[1:-1])
    if raw[0] == "_":
        return "a blank node"
    dt = datatype_of(raw)
    shown = "" if dt in (str(XSD.string), str(RDF.langString)) else f"^^{compact(dt)}"
    return f'"{lexical_form(raw)}"{shown}'


def violations(
    data: Graph | str | Sequence[str],
    schema: Schema | None = None,
    shapes_graph: Graph | None = None,
    *,
    engine: str = "native",
) -> list[Violation]:
    """Validate ``data`` against the shapes; return every violation, sorted.

    ``data``: an rdflib graph, or N-Triples text, or its lines (what the build checks: its sorted lines).

    ``engine="native"`` (the default) is :mod:`graph.rdf.shacl_native`, which checks the SHACL Core subset
    the shapes use; ``engine="pyshacl"`` runs pySHACL, imported only then (the reference the tests
    compare the native checker with).

    >>> from graph import load
    >>> from graph.rdf import to_rdf
    >>> g = to_rdf(load("data"))
    >>> g.remove((URIRef("https://w3id.org/cdkg/id/gucci"), RDFS.label, None))
    <Graph identifier=... (<class 'rdflib.graph.Graph'>)>
    >>> [str(v) for v in violations(g)] == [str(v) for v in violations(g, engine="pyshacl")]
    True
    >>> print(violations(g)[0])
    cdk:gucci: rdfs:label: every entity needs exactly one rdfs:label (a string) [cdksh:Entity-label]
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown SHACL engine {engine!r}; choose from {', '.join(ENGINES)}")
    schema = schema or load_schema()
    if engine == "pyshacl":
        return _pyshacl_violations(data, schema, shapes_graph)
    compact, compiled = _compiled(schema, shapes_graph)
    nt = ntriples_of(data) if isinstance(data, Graph) else data
    return sorted(
        {
            Violation(
                focus=_show_term(f, compact), shape=shape, path=path, message=message, value=_show_term(v, compact)
            )
            for f, shape, path, message, v in check(compiled, nt)
        }
    )


def _pyshacl_violations(
    data: Graph | str | Sequence[str], schema: Schema, shapes_graph: Graph | None
) -> list[Violation]:
    try:
        from pyshacl import validate as shacl_validate
    except ImportError:  # pragma: no cover - a dependency, but say what to install
        raise ImportError("validating RDF with SHACL needs pySHACL: pip install pyshacl") from None
    if not isinstance(data, Graph):
        data = Graph().parse(data=data if isinstance(data, str) else "".join(data), format="nt")
    shapes_graph = shapes_graph if shapes_graph is not None else shapes(schema)
    _, report, _ = shacl_validate(
        data, shacl_graph=shapes_graph, inference="none", advanced=False, allow_warnings=False, abort_on_first=False
    )
    assert isinstance(report, Graph)
    compact = _compactor(schema)

    def show(node: Node | None, path: bool = False) -> str:
        if node is None:
            return ""
        if isinstance(node, URIRef):
            return compact(str(node))
        if isinstance(node, Literal):
            dt = f"^^{compact(str(node.datatype))}" if node.datatype and node.datatype != XSD.string else ""
            return f'"{node}"{dt}'
        if isinstance(node, BNode) and path and (node, RDF.first, None) in shapes_graph:
            return "/".join(show(i) for i in Collection(shapes_graph, node))  # a sequence path, as SPARQL writes it
        return "a blank node"

    found = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(result, SH.sourceShape)
        message = report.value(result, SH.resultMessage)
        path = report.value(result, SH.resultPath)
        found.add(
            Violation(
                focus=show(report.value(result, SH.focusNode)),
                shape=show(shape),
                path=show(path, path=True),
                message=str(message) if message is not None else "does not conform",
                value=show(report.value(result, SH.value)) if path is not None else "",
            )
        )
    return sorted(found)


def validate(data: Graph | str | Sequence[str], schema: Schema | None = None, *, engine: str = "native") -> None:
    """Raise :class:`~graph.errors.ShapeError` listing every violation of the shapes, if any.

    ``data`` and ``engine``: see :func:`violations`.
    """
    found = violations(data, schema, engine=engine)
    if found:
        raise ShapeError([str(v) for v in found])
