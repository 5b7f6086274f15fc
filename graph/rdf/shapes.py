"""SHACL shapes generated from the schema: what every export must look like (``out/shapes.ttl``).

* ``cdksh:Entity``: every instance of an entity or fact class of the schema,
  and every end of a relation or a role, has exactly one ``rdfs:label`` and a
  type that is a class of the schema (targeted by class, not as every subject
  of ``rdfs:label``: the ontology's own terms have labels too);
* ``cdksh:RelationStatement``: a relation statement has exactly one
  ``rdf:subject``, ``rdf:predicate`` (a relation's property) and
  ``rdf:object``, its relation type and stance, and at least one evidence;
* one shape per relation type (``cdksh:relation-sued``): the subject and the
  object of a statement of that type are of its domain and range, and of no
  other class of the schema;
* ``cdksh:AliasStatement``: an alias is one name of one entity, with at most
  one evidence (the source that uses the name);
* ``cdksh:Evidence``: one source, one non-empty quote;
* ``cdksh:Source``: a title and a file;
* ``cdksh:Dates``: every date is an ``xsd:date``, ``xsd:gYearMonth`` or
  ``xsd:gYear``, at most one of each kind per node;
* ``cdksh:Time``, ``cdksh:Curated``, ``cdksh:CuratedDate``: a computed time is
  one EDTF literal of the export's forms and xsd:date bounds; a date as curated
  is a node of its class, with at most one relative date, source and note;
* one shape per n-ary fact type (``cdksh:fact-lawsuit``): its roles' counts and
  participants' types, and its evidence;
* one shape per field (``cdksh:field-amount``): the field's datatype, on the
  records that may carry it.

They hold with the ontology (:mod:`graph.rdf.ontology`) loaded beside the data
and under RDFS and OWL-RL reasoning: types are checked with ``sh:class``, and
the types a value was given with ``sh:not`` ``sh:in`` (a reasoner gives a
property's subject the class of its ``rdfs:domain``, a wrong one too; see
:meth:`_Builder.typed`). Every IRI comes from the schema
(:attr:`graph.schema.Schema.vocabulary`), so a schema with other namespaces gets
its own shapes. Only SHACL Core is used, so any SHACL processor (pySHACL, Jena,
TopBraid, RDF4J) reads them; :mod:`graph.rdf.shacl` checks data with them.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV, SKOS
from rdflib.term import Node

from ..schema import Schema, load_schema
from .terms import Compactor, bind_prefixes, rdf_list

__all__ = ["DATE_TYPES", "EDTF_FORMS", "SH", "shapes"]

SH = Namespace("http://www.w3.org/ns/shacl#")
DATE_TYPES = (XSD.date, XSD.gYearMonth, XSD.gYear)


class _Builder:
    """The shapes graph being made, with the schema's IRIs and the few helpers every shape family uses."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.vocabulary = schema.vocabulary
        self.ns = Namespace(schema.vocabulary.shapes)
        self.g = bind_prefixes(Graph(), schema)
        self.g.bind("sh", SH)
        self.show = Compactor(schema.prefixes).show
        self.shared: dict[tuple[URIRef, ...], URIRef] = {}

    def iri(self, curie: str) -> URIRef:
        return URIRef(self.schema.expand(curie))

    def term(self, local: str) -> URIRef:
        return URIRef(self.vocabulary.term(local))

    def statement_class(self, relation_type: str) -> URIRef:
        return URIRef(self.vocabulary.statement_class(relation_type))

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
        for key, value in constraints.items():  # in_, class_, or_, not_: Python keywords
            self.g.add((shape, SH[key.rstrip("_")], value))
        return shape

    def is_a(self, cls: URIRef) -> URIRef:
        """A shape of the instances of ``cls`` (``sh:class``: its subclasses' too), one per class."""
        shape = self.ns[f"Class-{_local(cls)}"]
        if (shape, SH["class"], cls) not in self.g:
            self.g.add((shape, RDF.type, SH.NodeShape))
            self.g.add((shape, SH["class"], cls))
        return shape

    def of_types(self, name: str, classes: Iterable[URIRef]) -> dict[str, Node]:
        """The constraint that a value is an instance of one of ``classes``: ``sh:class``, or an ``sh:or`` of them.

        ``sh:class`` holds whatever other types a value has, so a reasoner that adds
        superclasses (RDFS, OWL-RL) leaves the data conforming; ``sh:in`` over every
        ``rdf:type`` did not.
        """
        found = sorted(set(classes))
        if len(found) == 1:
            return {"class_": found[0]}
        return {"or_": self.rdf_list(f"or_{name}", [self.is_a(c) for c in found])}

    def typed(
        self, owner: URIRef, name: str, path: URIRef, message: str, classes: Iterable[URIRef], min_count: int | None
    ) -> None:
        """``path``'s values are instances of one of ``classes`` (:meth:`of_types`), and of no other schema class.

        A reasoner gives the subject of a property the class of its ``rdfs:domain`` (the
        object, its ``rdfs:range``), so under RDFS or OWL-RL a wrongly typed value has the
        expected class too and ``sh:class`` holds: the second shape (``NAME-types``) catches
        the class it was given, any class of the schema that is not one of ``classes``, nor
        above or below one of them (a lawsuit is an event). It reads the types themselves
        (``sh:not`` ``sh:in``: a test of each type, cheap for every engine).
        """
        found = sorted(set(classes))
        self.prop(owner, name, path, message, min_count, None, **self.of_types(name.replace("-", "_"), found))
        others = tuple(c for c in self.schema_classes() if not any(self.related(c, a) for a in found))
        if others:
            types = self.rdf_list(f"path_{name.replace('-', '_')}", [path, RDF.type])
            self.prop(owner, f"{name}-types", types, message, not_=self.one_of(name, others))

    def one_of(self, name: str, classes: tuple[URIRef, ...]) -> URIRef:
        """A shape of the values in ``classes`` (``sh:in``), shared by every use of the same classes."""
        shape = self.shared.get(classes)
        if shape is None:
            shape = self.shared[classes] = self.ns[f"OneOf-{name}"]
            self.g.add((shape, RDF.type, SH.NodeShape))
            self.g.add((shape, SH["in"], self.rdf_list(f"one_of_{name}", list(classes))))
        return shape

    def schema_classes(self) -> list[URIRef]:
        return sorted({self.class_of(t) for t in self.schema.entity_types})

    def ancestors(self, cls: URIRef) -> set[URIRef]:
        """``cls`` and the classes above it, by the schema's ``broader`` links."""
        parents: dict[URIRef, set[URIRef]] = {}
        for t in self.schema.entity_types.values():
            if t.broader:
                parents.setdefault(self.class_of(t.id), set()).add(self.iri(t.broader))
        seen, todo = {cls}, [cls]
        while todo:
            for parent in parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    def related(self, a: URIRef, b: URIRef) -> bool:
        """Whether one class is the other, or above or below it."""
        return a in self.ancestors(b) or b in self.ancestors(a)

    def classes(self, kinds: Iterable[str]) -> list[URIRef]:
        """The classes of the schema's record kinds: ``entity`` (plain types), ``fact`` (n-ary), ``relation``."""
        wanted, out = set(kinds), set()
        for t in self.schema.entity_types.values():
            if ("fact" if t.is_fact else "entity") in wanted:
                out.add(self.class_of(t.id))
        if "relation" in wanted:
            out.add(self.term("RelationStatement"))
        return sorted(out)

    def relation_iris(self) -> list[URIRef]:
        return sorted({self.iri(r.iri) for r in self.schema.relation_types.values()})

    def role_iris(self) -> list[URIRef]:
        return sorted({self.iri(role.iri) for t in self.schema.fact_types.values() for role in t.roles.values()})


def _or(items: Iterable[str], *, sort: bool = True) -> str:
    """``a, b or c``.

    >>> _or(["person", "company"]), _or(["oppose", "support", "neutral"], sort=False)
    ('company or person', 'oppose, support or neutral')
    """
    listed = sorted(items) if sort else list(items)
    return listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " or " + listed[-1]


def _entity_shapes(b: _Builder) -> None:
    """Entities: a label and a type.

    Targeted by class and as the ends of relations and roles, not as every subject of
    ``rdfs:label``: with the ontology loaded beside the data, its classes and properties
    have labels too, and are not entities.
    """
    ends = [*b.relation_iris(), *b.role_iris()]
    targets = [(SH.targetClass, cls) for cls in b.classes(("entity", "fact"))]
    targets += [(SH.targetSubjectsOf, p) for p in ends] + [(SH.targetObjectsOf, p) for p in ends]
    entity = b.node_shape("Entity", "every entity needs exactly one rdfs:label and a type of the schema", *targets)
    b.prop(entity, "Entity-label", RDFS.label, "every entity needs exactly one rdfs:label (a string)", 1, 1,
           datatype=XSD.string)  # fmt: skip
    known = b.node_shape("KnownClass", "a class of the schema")
    b.g.add((known, SH["in"], b.rdf_list("classes", sorted({b.class_of(t) for t in b.schema.entity_types}))))
    b.prop(entity, "Entity-type", RDF.type, "every entity needs a type that is a class of the schema (rdf:type)", 1,
           qualifiedValueShape=known, qualifiedMinCount=Literal(1))  # fmt: skip


def _statement_shapes(b: _Builder) -> None:
    """Relation statements: one subject, predicate, object, relation type, stance and class; evidence."""
    schema, show = b.schema, b.show
    relation_type, stance = b.term("relationType"), b.term("stance")
    st = b.node_shape("RelationStatement", "a relation statement", (SH.targetClass, b.term("RelationStatement")))
    one = "a relation statement needs exactly one"
    b.prop(st, "RelationStatement-subject", RDF.subject, f"{one} rdf:subject (an IRI)", 1, 1, nodeKind=SH.IRI)
    b.prop(st, "RelationStatement-predicate", RDF.predicate,
           f"{one} rdf:predicate, the property of a relation type of the schema", 1, 1,
           in_=b.rdf_list("relation_iris", b.relation_iris()))  # fmt: skip
    b.prop(st, "RelationStatement-object", RDF.object, f"{one} rdf:object (an IRI)", 1, 1, nodeKind=SH.IRI)
    b.prop(st, "RelationStatement-type", relation_type, f"{one} {show(relation_type)}, a relation type of the schema",
           1, 1, in_=b.rdf_list("relation_types", [Literal(r) for r in schema.relation_types]))  # fmt: skip
    b.prop(st, "RelationStatement-stance", stance, f"{one} {show(stance)}: {_or(schema.stances, sort=False)}",
           1, 1, in_=b.rdf_list("stances", [Literal(s) for s in schema.stances]))  # fmt: skip
    by_type = b.node_shape("StatementClass", "the class of one relation type's statements")
    classes = [b.statement_class(r) for r in schema.relation_types]
    b.g.add((by_type, SH["in"], b.rdf_list("statement_classes", classes)))
    example = show(b.statement_class("sued")) if "sued" in schema.relation_types else show(classes[0])
    b.prop(st, "RelationStatement-class", RDF.type,
           f"{one} class of its relation type ({example}...) besides {show(b.term('RelationStatement'))}", None, None,
           qualifiedValueShape=by_type, qualifiedMinCount=Literal(1), qualifiedMaxCount=Literal(1))  # fmt: skip
    # cdkg:derivedFromFact is a sub-property of prov:wasDerivedFrom (a derived statement comes from its
    # fact), so a reasoner adds the fact among the statement's prov:wasDerivedFrom: one value at least is
    # an evidence, and each is an evidence or a fact
    evidence = b.is_a(b.term("Evidence"))
    b.prop(st, "RelationStatement-evidence", PROV.wasDerivedFrom,
           f"a relation statement needs at least one evidence (prov:wasDerivedFrom a {show(b.term('Evidence'))})",
           None, None, qualifiedValueShape=evidence, qualifiedMinCount=Literal(1))  # fmt: skip
    b.prop(st, "RelationStatement-derived", PROV.wasDerivedFrom,
           f"a relation statement is derived (prov:wasDerivedFrom) from evidence ({show(b.term('Evidence'))}) "
           f"or, through {show(b.term('derivedFromFact'))}, from a fact", None, None,
           **b.of_types("derived_from", [b.term("Evidence"), *b.classes(("fact",))]))  # fmt: skip


def _relation_type_shapes(b: _Builder) -> None:
    """One shape per relation type: the ends are of its domain and range.

    Each relation type's statements carry its own class (cdkg:SuedStatement...), so each
    shape targets only them: an sh:or over every type made validation 8 times slower.
    """
    relation_type = b.term("relationType")
    for r in b.schema.relation_types.values():
        name, cls = f"relation-{r.id}", b.statement_class(r.id)
        shape = b.node_shape(
            name,
            f"a '{r.id}' statement needs a subject of type {_or(r.domain)} and an object of type {_or(r.range)}",
            (SH.targetClass, cls),
        )
        b.prop(shape, f"{name}-type", relation_type,
               f"a statement of class {b.show(cls)} has {b.show(relation_type)} '{r.id}'",
               1, 1, hasValue=Literal(r.id))  # fmt: skip
        for end, first, type_ids in (("subject", RDF.subject, r.domain), ("object", RDF.object, r.range)):
            b.typed(shape, f"{name}-{end}", first, f"the {end} of a '{r.id}' statement must be of type {_or(type_ids)}",
                    (b.class_of(t) for t in type_ids), 1)  # fmt: skip


def _alias_shapes(b: _Builder) -> None:
    """An alias statement: one name of one entity, with at most one evidence."""
    al = b.node_shape("AliasStatement", "an alias statement", (SH.targetClass, b.term("AliasStatement")))
    one = "an alias statement needs exactly one"
    b.prop(al, "AliasStatement-subject", RDF.subject, f"{one} rdf:subject (the entity)", 1, 1, nodeKind=SH.IRI)
    b.prop(al, "AliasStatement-predicate", RDF.predicate, f"{one} rdf:predicate, skos:altLabel", 1, 1,
           hasValue=SKOS.altLabel)  # fmt: skip
    b.prop(al, "AliasStatement-object", RDF.object, f"{one} rdf:object, the name (a string)", 1, 1,
           datatype=XSD.string)  # fmt: skip
    b.prop(al, "AliasStatement-evidence", PROV.wasDerivedFrom,
           "an alias statement has at most one evidence: the source that uses the name", None, 1,
           class_=b.term("Evidence"))  # fmt: skip


def _evidence_and_source_shapes(b: _Builder) -> None:
    """An evidence has one source and one non-empty quote; a source, a title, a file and its classes."""
    source_class, *more_classes = (URIRef(c) for c in b.vocabulary.source_classes)
    ev = b.node_shape("Evidence", "an evidence", (SH.targetClass, b.term("Evidence")))
    b.prop(ev, "Evidence-source", PROV.wasQuotedFrom, "an evidence needs exactly one source (prov:wasQuotedFrom)",
           1, 1, class_=source_class)  # fmt: skip
    b.prop(ev, "Evidence-quote", PROV.value, "an evidence needs exactly one non-empty quote (prov:value, a string)",
           1, 1, datatype=XSD.string, minLength=Literal(1))  # fmt: skip

    src = b.node_shape("Source", "a source document", (SH.targetObjectsOf, PROV.wasQuotedFrom))
    for field in ("title", "file"):
        p = URIRef(b.vocabulary.source_properties[field])
        b.prop(src, f"Source-{field}", p, f"a source needs exactly one {field} ({b.show(p)})", 1, 1,
               datatype=XSD.string)  # fmt: skip
    if more_classes:
        classes = _or(b.show(c) for c in more_classes)
        is_a = b.prop(src, "Source-iri", RDF.type, f"a source is a {classes} under {b.vocabulary.source}", 1)
        for cls in more_classes:
            b.g.add((is_a, SH.hasValue, cls))


def _date_shapes(b: _Builder) -> None:
    """Every date is an xsd:date, xsd:gYearMonth or xsd:gYear, at most one of each kind per node."""
    v = b.vocabulary
    curated = (v.date_parts[k] for k in ("value", "earliest", "latest"))  # a date as curated: its values and bounds
    date_props = [URIRef(p) for p in (*v.dates.values(), v.source_properties["published"], *curated)]
    dates = b.node_shape(
        "Dates", "dates are xsd:date, xsd:gYearMonth or xsd:gYear", *[(SH.targetSubjectsOf, p) for p in date_props]
    )
    precisions = []
    for dt in DATE_TYPES:
        shape = b.ns[f"Date-{dt.removeprefix(str(XSD))}"]
        b.g.add((shape, RDF.type, SH.NodeShape))
        b.g.add((shape, SH.datatype, dt))
        precisions.append(shape)
    allowed_dates = b.rdf_list("date_types", precisions)
    for p in date_props:
        local = _local(p)
        b.prop(dates, f"Dates-{local}", p,
               f"at most one {local}, an xsd:date, xsd:gYearMonth or xsd:gYear (the date at its precision)", None, 1,
               or_=allowed_dates)  # fmt: skip


_DAY = "[0-9]{4}-[0-9]{2}-[0-9]{2}"
_DATE = "[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?"
_ENDPOINT = f"({_DATE}|[0-9]{{3}}X|[0-9]{{2}}XX|[0-9]XXX|\\.\\.)"
EDTF_FORMS = f"^({_DATE}|\\[({_DAY})?\\.\\.({_DAY})?\\]|{_ENDPOINT}/{_ENDPOINT})$"
"""The EDTF literals the export writes (graph.rdf.dating): a date, one day of a range, an interval."""


def _time_shapes(b: _Builder) -> None:
    """The computed time: one EDTF literal of the forms the export writes, each bound one xsd:date;
    a date as curated: a node of its class with at most one relative date, source and note."""
    v, show = b.vocabulary, b.show
    edtf, datatype = (URIRef(v.time[k]) for k in ("edtf", "edtf_datatype"))
    props = [edtf, URIRef(v.time["publication"])]
    bounds = [
        URIRef(v.time[k]) for k in ("begin_of_the_begin", "end_of_the_begin", "begin_of_the_end", "end_of_the_end")
    ]
    shape = b.node_shape("Time", "a record's computed time", *[(SH.targetSubjectsOf, p) for p in props + bounds])
    for p in props:
        b.prop(shape, f"Time-{_local(p)}", p,
               f"at most one {show(p)}, an EDTF literal ({show(datatype)}) of the forms the export writes", None, 1,
               datatype=datatype, pattern=Literal(EDTF_FORMS))  # fmt: skip
    for p in bounds:
        b.prop(shape, f"Time-{_local(p)}", p, f"at most one {show(p)}, an xsd:date (a computed bound)", None, 1,
               datatype=XSD.date)  # fmt: skip
    cls = URIRef(v.time["curated_class"])
    links = b.node_shape("Curated", "dates as curated", *[(SH.targetSubjectsOf, URIRef(p)) for p in v.curated.values()])
    for point, link in v.curated.items():
        b.prop(links, f"Curated-{point}", URIRef(link), f"at most one {show(URIRef(link))}, a {show(cls)}", None, 1,
               class_=cls, nodeKind=SH.IRI)  # fmt: skip
    node = b.node_shape("CuratedDate", "a date as curated", (SH.targetClass, cls))
    source_class = URIRef(v.source_classes[0]) if v.source_classes else b.class_of("document")
    for key, what, constraints in (
        ("relative", "a relative date (a string)", {"datatype": XSD.string}),
        ("source", f"source, a {show(source_class)}", {}),
        ("note", "note (a string)", {"datatype": XSD.string}),
    ):
        p = URIRef(v.date_parts[key])
        if key == "source":  # a class: checked as the ends of relations are
            b.g.add((b.ns[f"CuratedDate-{key}"], SH.maxCount, Literal(1)))
            b.typed(node, f"CuratedDate-{key}", p, f"at most one {what} ({show(p)})", [source_class], None)
            continue
        b.prop(node, f"CuratedDate-{key}", p, f"at most one {what} ({show(p)})", None, 1, **constraints)
    for key in ("after", "before"):
        p = URIRef(v.date_parts[key])
        b.prop(node, f"CuratedDate-{key}", p, f"{show(p)}: record ids (strings)", datatype=XSD.string)


def _local(iri: URIRef) -> str:
    return iri.split("#")[-1].split("/")[-1]


def _fact_shapes(b: _Builder) -> None:
    """One shape per n-ary fact type: evidence, and each role's count and participants' types."""
    for t in b.schema.fact_types.values():
        name = f"fact-{t.id}"
        shape = b.node_shape(name, f"a {t.id}", (SH.targetClass, b.class_of(t.id)))
        b.prop(shape, f"{name}-evidence", PROV.wasDerivedFrom, f"a {t.id} needs at least one evidence", 1,
               class_=b.term("Evidence"))  # fmt: skip
        for role in t.roles.values():
            count = f"at least {role.min}" if role.min else "any number of"
            if role.max is not None:
                count = f"{role.min} to {role.max}" if role.min != role.max else f"exactly {role.min}"
            b.prop(shape, f"{name}-{role.id}", b.iri(role.iri),
                   f"a {t.id} needs {count} '{role.id}' participants", role.min or None, role.max)  # fmt: skip
            b.typed(shape, f"{name}-{role.id}-type", b.iri(role.iri),
                    f"the '{role.id}' of a {t.id} must be of type {_or(role.range)}",
                    (b.class_of(r) for r in role.range), None)  # fmt: skip


def _field_shapes(b: _Builder) -> None:
    """One shape per field: its datatype, on the records that may carry it (by class: a field's property
    may be a standard one, ``rdfs:comment``, that the ontology's own terms use too)."""
    for f in b.schema.fields.values():
        name = f"field-{f.id}"
        shape = b.node_shape(name, f"the field '{f.id}'", *[(SH.targetClass, c) for c in b.classes(f.on)])
        b.prop(shape, name + "-datatype", b.iri(f.iri), f"'{f.id}' must be an xsd:{f.datatype}",
               datatype=XSD[f.datatype])  # fmt: skip


def _claim_shapes(b: _Builder) -> None:
    """Who says so: every claim node (a relation statement, an n-ary fact) has one mode of the schema, at most
    one visibility, entities it is attributed to; a passage not curated has its quote and its reason."""
    vocab, term = b.schema.attribution, b.term
    targets = [(SH.targetClass, term("RelationStatement"))]
    targets += [(SH.targetClass, b.class_of(t)) for t in sorted(b.schema.fact_types)]
    claim = b.node_shape("Claim", "a claim (a relation statement or an n-ary fact)", *targets)
    modes = sorted(URIRef(m.iri) for m in vocab.modes.values())
    b.prop(claim, "Claim-mode", term("attributionMode"),
           f"a claim needs exactly one {b.show(term('attributionMode'))}: {_or(b.show(m) for m in modes)}", 1, 1,
           in_=b.rdf_list("attribution_modes", modes))  # fmt: skip
    visibilities = sorted(URIRef(v.iri) for v in vocab.visibilities.values())
    b.prop(claim, "Claim-visibility", term("visibility"),
           f"a claim has at most one {b.show(term('visibility'))}: {_or(b.show(v) for v in visibilities)}", None, 1,
           in_=b.rdf_list("visibilities", visibilities))  # fmt: skip
    b.prop(claim, "Claim-attributedTo", PROV.wasAttributedTo,
           f"a claim is attributed (prov:wasAttributedTo) to entities ({b.vocabulary.prefixes['entity']}:ID)",
           nodeKind=SH.IRI, pattern=Literal("^" + b.vocabulary.entity.replace(".", "\\.")))  # fmt: skip
    b.prop(claim, "Claim-same", term("sameClaimAs"), f"{b.show(term('sameClaimAs'))} links to another record (an IRI)",
           nodeKind=SH.IRI)  # fmt: skip
    passage = b.node_shape("NotCurated", "a passage not curated", (SH.targetClass, term("NotCurated")))
    b.prop(passage, "NotCurated-quote", PROV.value, "a passage not curated needs exactly one quote (prov:value)", 1, 1,
           datatype=XSD.string, minLength=Literal(1))  # fmt: skip
    b.prop(passage, "NotCurated-reason", term("reason"),
           f"a passage not curated needs exactly one reason ({b.show(term('reason'))})", 1, 1,
           datatype=XSD.string, minLength=Literal(1))  # fmt: skip


SHAPE_FAMILIES = (
    _entity_shapes,
    _statement_shapes,
    _relation_type_shapes,
    _alias_shapes,
    _evidence_and_source_shapes,
    _date_shapes,
    _time_shapes,
    _fact_shapes,
    _field_shapes,
    _claim_shapes,
)


def shapes(schema: Schema | None = None) -> Graph:
    """The SHACL shapes graph generated from the schema (see the module docstring).

    >>> g = shapes()
    >>> URIRef(load_schema().vocabulary.shapes + "Entity-label") in set(g.subjects(RDF.type, SH.PropertyShape))
    True
    """
    b = _Builder(schema or load_schema())
    for family in SHAPE_FAMILIES:
        family(b)
    return b.g
