"""Reading RDF that follows the project's pattern back into the data model.

:func:`from_rdf` is the reader paired with :func:`graph.rdf.to_rdf`: it reads
Turtle, N-Triples, JSON-LD, TriG or N-Quads (the named graphs are merged) and
returns a :class:`~graph.model.Dataset`, which :func:`graph.to_networkx`
turns into the networkx graph. What it reads, by namespace (see README, "The
RDF"):

* ``cdksrc:ID``: a source (``dcterms:title``, ``cdkg:file``, publication...);
* ``cdk:ID``: an entity or an n-ary fact, by its class: ``rdfs:label``, dates,
  fields, ``prov:wasDerivedFrom`` evidence and, for a fact, its roles;
* ``cdks:ID``: a ``cdkg:RelationStatement`` (a curated relation, or with
  ``cdkg:derivedFromFact`` one a fact implies, which is checked and then
  regenerated from the fact), a ``cdkg:AliasStatement`` (a name of an entity,
  with the source that uses it) or a ``cdkg:Evidence`` (a source and a quote).

Evidence and aliases keep their order (``.ev1``, ``.ev2``, ``.alias1`` in
their IRIs). A role's participants are a set: they come back sorted by id.
Sources come back without their text, which the RDF does not carry.

Anything else is an error naming the subject, the property and what was
expected; every problem is reported at once in one
:class:`~graph.errors.DataError`.

>>> from graph import load
>>> from graph.rdf import to_rdf
>>> ds = from_rdf(to_rdf(load("data")))
>>> ds.entities["kering"].aliases
(Alias(name='Kaiyun Group', source='seed-article'),)
"""

from __future__ import annotations

import json
import re
import warnings
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path, PurePosixPath
from typing import IO, Any

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib import Dataset as RdfDataset
from rdflib.namespace import DCTERMS, PROV, SKOS
from rdflib.term import Node

from ..errors import DataError, Problem, UsageError
from ..model.dates import PartialDate
from ..model.derive import derived_edges
from ..model.loader import ID_PATTERN, forbidden_character
from ..model.records import Alias, Dataset, Entity, Evidence, Fact, Origin, Relation, Source, Value
from ..schema import Schema, load_schema
from .terms import Compactor

# interim: the packaged schema's IRIs (graph.rdf.export has them no more), until taken from the schema
_VOCABULARY = load_schema().vocabulary
CDK, CDKG, CDKS, CDKSRC = _VOCABULARY.entity, _VOCABULARY.ontology, _VOCABULARY.statement, _VOCABULARY.source
SDO = Namespace("https://schema.org/")


def statement_class(relation_type: str) -> URIRef:
    return URIRef(_VOCABULARY.statement_class(relation_type))


__all__ = ["RDF_FORMATS", "from_rdf", "guess_format"]

RDF_FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".trig": "trig",
    ".nq": "nquads",
}
"""File suffix -> rdflib parser name; the formats :func:`from_rdf` reads."""

_QUAD_FORMATS = {"trig", "nquads"}
_DATE_TYPES = {XSD.date: "day", XSD.gYearMonth: "month", XSD.gYear: "year"}
_RELATION_STATEMENT = URIRef(CDKG + "RelationStatement")
_ALIAS_STATEMENT = URIRef(CDKG + "AliasStatement")
_EVIDENCE = URIRef(CDKG + "Evidence")
_DERIVED_FROM_FACT = URIRef(CDKG + "derivedFromFact")
_RELATION_TYPE = URIRef(CDKG + "relationType")
_STANCE = URIRef(CDKG + "stance")
_FILE = URIRef(CDKG + "file")
_DATE_NOTE = URIRef(CDKG + "dateNote")


def guess_format(path: str | Path) -> str:
    """The rdflib parser for a file name, from its suffix.

    >>> guess_format("out/graph.trig")
    'trig'
    """
    suffix = Path(path).suffix.lower()
    if suffix not in RDF_FORMATS:
        raise UsageError(
            f"cannot tell the RDF format of '{path}' from its suffix; use one of "
            + ", ".join(RDF_FORMATS)
            + " or give --format"
        )
    return RDF_FORMATS[suffix]


def _natural(node: Node) -> tuple[Any, ...]:
    """Sort key that orders ``x.ev2`` before ``x.ev10``."""
    return tuple(int(part) if i % 2 else part for i, part in enumerate(re.split(r"([0-9]+)", str(node))))


def _remote_contexts(doc: Any) -> list[str]:
    """The remote ``@context`` references in a JSON-LD document (which would be fetched)."""
    found: list[str] = []
    if isinstance(doc, dict):
        for key, value in doc.items():
            if key == "@context":
                items = value if isinstance(value, list) else [value]
                found.extend(i for i in items if isinstance(i, str))
            found.extend(_remote_contexts(value))
    elif isinstance(doc, list):
        for item in doc:
            found.extend(_remote_contexts(item))
    return found


def _parse(source: str | Path | IO[bytes] | IO[str], fmt: str | None, shown: str) -> Graph:
    if fmt is None:
        name = getattr(source, "name", None) if not isinstance(source, (str, Path)) else source
        fmt = guess_format(str(name or ""))
    if fmt not in set(RDF_FORMATS.values()):
        raise UsageError(f"unknown RDF format '{fmt}'; choose from {', '.join(sorted(set(RDF_FORMATS.values())))}")
    try:
        if isinstance(source, (str, Path)):
            data: str | bytes = Path(source).read_bytes()
        else:
            data = source.read()
    except OSError as exc:
        raise DataError([Problem(shown, 0, "", "", f"cannot read the file: {exc.strerror or exc}")]) from None
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    if fmt == "json-ld":
        try:
            remote = _remote_contexts(json.loads(text))
        except json.JSONDecodeError as exc:
            raise DataError([Problem(shown, exc.lineno, "", "", f"not JSON: {exc.msg}")]) from None
        if remote:
            raise DataError(
                [Problem(shown, 0, "", "@context", f"remote context '{remote[0]}' is not fetched; inline the context")]
            )
    try:
        if fmt in _QUAD_FORMATS:
            quads = RdfDataset()
            with warnings.catch_warnings():  # rdflib's own use of its deprecated Dataset.default_context
                warnings.filterwarnings("ignore", "Dataset.default_context is deprecated", DeprecationWarning)
                quads.parse(data=text, format=fmt)
            g = Graph()
            for s, p, o, _ in quads.quads((None, None, None, None)):
                g.add((s, p, o))
            return g
        return Graph().parse(data=text, format=fmt)
    except Exception as exc:  # rdflib's parsers raise many kinds; all mean "not valid RDF"
        message = " ".join(str(exc).split())[:300]
        raise DataError([Problem(shown, 0, "", "", f"cannot parse as {fmt}: {message}")]) from None


class _Reader:
    def __init__(self, g: Graph, schema: Schema, shown: str) -> None:
        self.g = g
        self.schema = schema
        self.shown = shown
        self.compact = Compactor(schema.prefixes).show
        self.problems: list[Problem] = []
        x = schema.expand
        self.classes = {URIRef(x(t.iri)): tid for tid, t in schema.entity_types.items()}
        self.relation_by_iri = {URIRef(x(r.iri)): rid for rid, r in schema.relation_types.items()}
        self.date_props = {
            URIRef(CDKG + "date"): "date",
            URIRef(x("schema:startDate")): "start",
            URIRef(x("schema:endDate")): "end",
        }
        self.sources: dict[str, Source] = {}
        self.entities: dict[str, Entity] = {}
        self.facts: dict[str, Fact] = {}
        self.relations: dict[str, Relation] = {}
        self.aliases: dict[str, list[tuple[Node, Alias]]] = defaultdict(list)
        self.derived: dict[str, tuple[str, str, str, str]] = {}  # statement id -> (fact, relation type, a, b)
        self.used: set[tuple[Node, Node, Node]] = set()  # the triples read so far

    # -- helpers ---------------------------------------------------------------
    def show(self, node: Node) -> str:
        if isinstance(node, URIRef):
            return self.compact(str(node))
        if isinstance(node, Literal):
            return repr(str(node)) + (f"^^{self.compact(str(node.datatype))}" if node.datatype else "")
        return f"_:{node}"

    def problem(self, subject: Node, prop: Node | str, message: str) -> None:
        field = self.show(prop) if isinstance(prop, URIRef) else str(prop)
        self.problems.append(Problem(self.shown, 0, self.show(subject), field, message))

    def local_id(self, node: Node, namespace: str, what: str, subject: Node, prop: Node | str = "") -> str:
        """The id in ``namespace:ID``, or "" with a problem."""
        if not isinstance(node, URIRef) or not str(node).startswith(namespace):
            self.problem(subject, prop, f"expected {what} ({self.compact(namespace)}ID), found {self.show(node)}")
            return ""
        local = str(node)[len(namespace) :]
        if not ID_PATTERN.match(local):
            self.problem(subject, prop, f"'{local}' is not a valid id (letters, digits, '_', '-', '.')")
            return ""
        return local

    def values(self, s: Node, p: URIRef) -> list[Node]:
        found = sorted(self.g.objects(s, p), key=_natural)
        for o in found:
            self.used.add((s, p, o))
        return found

    def one(self, s: Node, p: URIRef, what: str, required: bool = True) -> Node | None:
        found = self.values(s, p)
        if len(found) > 1:
            self.problem(s, p, f"expected one {what}, found {len(found)}")
            return None
        if not found:
            if required:
                self.problem(s, p, f"missing {what}")
            return None
        return found[0]

    def text(self, s: Node, p: URIRef, what: str, required: bool = True) -> str:
        node = self.one(s, p, what, required)
        if node is None:
            return ""
        if not isinstance(node, Literal) or (node.datatype not in (None, XSD.string)) or node.language:
            self.problem(s, p, f"expected {what} as a plain string, found {self.show(node)}")
            return ""
        if not str(node).strip():
            self.problem(s, p, f"{what} is empty")
            return ""
        bad = forbidden_character(str(node))
        if bad:  # as in a data file: the loader refuses it, and GraphML and the page could not show it
            self.problem(s, p, f"{what} contains {bad}")
            return ""
        return str(node)

    def date(self, s: Node, p: URIRef, what: str) -> PartialDate | None:
        node = self.one(s, p, what, required=False)
        if node is None:
            return None
        if not isinstance(node, Literal) or node.datatype not in _DATE_TYPES:
            self.problem(s, p, f"expected a date typed xsd:date, xsd:gYearMonth or xsd:gYear, found {self.show(node)}")
            return None
        try:
            d = PartialDate.parse(str(node))
        except ValueError as exc:
            self.problem(s, p, str(exc))
            return None
        if d.precision != _DATE_TYPES[node.datatype]:
            self.problem(s, p, f"'{d}' is not a valid {self.show(node.datatype)}")
            return None
        return d

    def dates(self, s: Node) -> dict[str, PartialDate | None]:
        return {key: self.date(s, p, key) for p, key in self.date_props.items()}

    def fields(self, s: Node, kind: str) -> dict[str, Value]:
        out: dict[str, Value] = {}
        for fid, spec in self.schema.fields_for(kind).items():
            p = URIRef(self.schema.expand(spec.iri))
            node = self.one(s, p, f"'{fid}'", required=False)
            if node is None:
                continue
            expected = {"string": XSD.string, "integer": XSD.integer, "decimal": XSD.decimal}[spec.datatype]
            datatype = node.datatype or XSD.string if isinstance(node, Literal) and not node.language else None
            if datatype != expected:
                self.problem(s, p, f"expected '{fid}' as an xsd:{spec.datatype}, found {self.show(node)}")
                continue
            try:
                if spec.datatype == "integer":
                    out[fid] = int(str(node))
                elif spec.datatype == "decimal":
                    out[fid] = Decimal(str(node))
                elif str(node).strip():
                    out[fid] = str(node)
                else:
                    self.problem(s, p, f"'{fid}' is empty")
            except (ValueError, InvalidOperation):
                self.problem(s, p, f"'{node}' is not a valid xsd:{spec.datatype}")
        return out

    def evidence(self, s: Node, required: str = "") -> tuple[Evidence, ...]:
        out: list[Evidence] = []
        nodes = self.values(s, PROV.wasDerivedFrom)
        if not nodes and required:
            self.problem(s, PROV.wasDerivedFrom, f"{required} needs at least one evidence (prov:wasDerivedFrom)")
        for ev in nodes:
            if (ev, RDF.type, _EVIDENCE) not in self.g:
                self.problem(s, PROV.wasDerivedFrom, f"{self.show(ev)} is not a cdkg:Evidence")
                continue
            src = self.one(ev, PROV.wasQuotedFrom, "source (prov:wasQuotedFrom)")
            quote = self.text(ev, PROV.value, "quote (prov:value)")
            sid = self.local_id(src, CDKSRC, "a source", ev, PROV.wasQuotedFrom) if src is not None else ""
            if sid and sid not in self.sources:
                self.problem(ev, PROV.wasQuotedFrom, f"unknown source {self.show(src or ev)}: it is not described")
                continue
            if sid and quote:
                out.append(Evidence(sid, " ".join(quote.split())))
        return tuple(out)

    def types_of(self, s: Node) -> list[Node]:
        return self.values(s, RDF.type)

    # -- sections --------------------------------------------------------------
    def read_sources(self, subjects: list[Node]) -> None:
        for s in subjects:
            sid = self.local_id(s, CDKSRC, "a source", s)
            types = set(self.types_of(s))
            if not {PROV.Entity, SDO.Article} <= types:
                self.problem(s, RDF.type, "a source must be a prov:Entity and a schema:Article")
            title = self.text(s, DCTERMS.title, "title (dcterms:title)")
            self.values(s, RDFS.label)
            file = self.text(s, _FILE, "file (cdkg:file)")
            if file and (PurePosixPath(file).is_absolute() or ".." in PurePosixPath(file).parts):
                self.problem(s, _FILE, f"'{file}' must be a relative path inside the data directory")
                file = ""
            source = Source(
                id=sid,
                title=title,
                file=file,
                publisher=self.text(s, SDO.publisher, "publisher", required=False),
                published=self.date(s, SDO.datePublished, "publication date"),
                published_note=self.text(s, _DATE_NOTE, "date note", required=False),
                language=self.text(s, DCTERMS.language, "language", required=False),
                language_note=self.text(s, RDFS.comment, "language note", required=False),
                url=self.text(s, SDO.url, "url", required=False),
                origin=Origin(self.shown),
            )
            if sid and title and file:
                self.sources[sid] = source

    def read_nodes(self, subjects: list[Node]) -> None:
        """Entities and facts: their own triples (roles are resolved later)."""
        for s in subjects:
            nid = self.local_id(s, CDK, "an entity", s)
            types = self.types_of(s)
            known = [self.classes[t] for t in types if isinstance(t, URIRef) and t in self.classes]
            if len(types) != 1 or len(known) != 1:
                shown = ", ".join(self.show(t) for t in types) or "none"
                self.problem(s, RDF.type, f"expected exactly one class of the schema, found {shown}")
                continue
            tid = known[0]
            name = self.text(s, RDFS.label, "name (rdfs:label)")
            spec = self.schema.entity_types[tid]
            kind = "fact" if spec.is_fact else "entity"
            dates = self.dates(s)
            fields = self.fields(s, kind)
            evidence = self.evidence(s, f"a {tid}" if spec.is_fact else "")
            if not (nid and name):
                continue
            if spec.is_fact:
                self.facts[nid] = Fact(
                    id=nid, type=tid, name=name, roles={}, fields=fields, evidence=evidence,
                    origin=Origin(self.shown), **dates,
                )  # fmt: skip
            else:
                self.entities[nid] = Entity(
                    id=nid, type=tid, name=name, aliases=(), fields=fields, evidence=evidence,
                    origin=Origin(self.shown), **dates,
                )  # fmt: skip

    def node_id(self, node: Node, subject: Node, prop: Node | str, allowed: Iterable[str], what: str) -> str:
        nid = self.local_id(node, CDK, "an entity", subject, prop)
        if not nid:
            return ""
        if nid not in self.entities and nid not in self.facts:
            self.problem(subject, prop, f"{self.show(node)} is not described (no class and label)")
            return ""
        ntype = (self.entities.get(nid) or self.facts[nid]).type
        allowed = tuple(allowed)
        if ntype not in allowed:
            self.problem(subject, prop, f"{self.show(node)} is a {ntype}, but {what} takes {', '.join(allowed)}")
            return ""
        return nid

    def read_roles(self) -> None:
        for fid, fact in list(self.facts.items()):
            s = URIRef(CDK + fid)
            spec = self.schema.entity_types[fact.type]
            roles: dict[str, tuple[str, ...]] = {}
            for role in spec.roles.values():
                p = URIRef(self.schema.expand(role.iri))
                members = [self.node_id(o, s, p, role.range, f"the role '{role.id}'") for o in self.values(s, p)]
                ids = tuple(sorted(m for m in members if m))
                if fid in ids:
                    self.problem(s, p, "a fact cannot take part in itself")
                if len(members) < role.min:
                    self.problem(s, p, f"the role '{role.id}' needs at least {role.min} participant(s)")
                if role.max is not None and len(members) > role.max:
                    self.problem(s, p, f"the role '{role.id}' allows at most {role.max}, found {len(members)}")
                if ids:
                    roles[role.id] = ids
            self.facts[fid] = Fact(
                id=fact.id, type=fact.type, name=fact.name, roles=roles, fields=fact.fields,
                evidence=fact.evidence, origin=fact.origin, date=fact.date, start=fact.start, end=fact.end,
            )  # fmt: skip

    def read_statements(self, subjects: list[Node]) -> None:
        for s in subjects:
            types = set(self.types_of(s))
            if {RDF.Statement, _RELATION_STATEMENT} <= types and len(types) <= 3:
                self.read_relation(s, types - {RDF.Statement, _RELATION_STATEMENT})
            elif types == {RDF.Statement, _ALIAS_STATEMENT}:
                self.read_alias(s)
            elif types == {PROV.Entity, _EVIDENCE}:
                pass  # read through the statements and nodes that cite it
            else:
                shown = ", ".join(sorted(self.show(t) for t in types)) or "none"
                self.problem(
                    s, RDF.type,
                    "expected a cdkg:RelationStatement, a cdkg:AliasStatement or a cdkg:Evidence "
                    f"(with rdf:Statement or prov:Entity), found {shown}",
                )  # fmt: skip

    def read_relation(self, s: Node, classes: set[Node]) -> None:
        sid = self.local_id(s, CDKS, "a statement", s)
        rtype_node = self.one(s, _RELATION_TYPE, "relation type (cdkg:relationType)")
        rtype = str(rtype_node) if isinstance(rtype_node, Literal) else ""
        spec = self.schema.relation_types.get(rtype)
        if rtype_node is not None and spec is None:
            self.problem(s, _RELATION_TYPE, f"unknown relation type {self.show(rtype_node)}")
        if spec is not None and classes != {statement_class(rtype)}:
            found = ", ".join(sorted(self.show(c) for c in classes)) or "none"
            self.problem(
                s, RDF.type, f"a '{rtype}' statement has the class {self.show(statement_class(rtype))}, found {found}"
            )
        predicate = self.one(s, RDF.predicate, "rdf:predicate")
        subject = self.one(s, RDF.subject, "rdf:subject")
        obj = self.one(s, RDF.object, "rdf:object")
        stance = self.one(s, _STANCE, "stance (cdkg:stance)")
        if spec is None or predicate is None or subject is None or obj is None:
            return
        expected = URIRef(self.schema.expand(spec.iri))
        if predicate != expected:
            self.problem(s, RDF.predicate, f"a '{rtype}' statement has rdf:predicate {self.show(expected)}")
            return
        if stance is not None and str(stance) != spec.stance:
            self.problem(s, _STANCE, f"the stance of '{rtype}' is '{spec.stance}', found {self.show(stance)}")
        a = self.node_id(subject, s, RDF.subject, spec.domain, f"the subject of '{rtype}'")
        b = self.node_id(obj, s, RDF.object, spec.range, f"the object of '{rtype}'")
        for direct in [(subject, predicate, obj), *([(obj, predicate, subject)] if not spec.directed else [])]:
            self.used.add(direct)
        facts = self.values(s, _DERIVED_FROM_FACT)
        if facts:
            fid = self.local_id(facts[0], CDK, "a fact", s, _DERIVED_FROM_FACT)
            if len(facts) > 1 or fid not in self.facts:
                self.problem(s, _DERIVED_FROM_FACT, "expected one n-ary fact described in the graph")
            elif sid:
                self.derived[sid] = (fid, rtype, a, b)
            # the rest is the fact's: its dates and its evidence
            self.dates(s)
            self.values(s, PROV.wasDerivedFrom)
            return
        if a and b and a == b and not spec.allow_self:
            self.problem(s, RDF.object, f"'{rtype}' cannot relate {self.show(subject)} to itself")
            return
        dates = self.dates(s)
        if spec.temporal == "state" and dates["date"] is not None:
            self.problem(s, "cdkg:date", f"'{rtype}' is a state: give schema:startDate and/or schema:endDate")
        start, end = dates["start"], dates["end"]
        if start and end and end.last_day() < start.first_day():
            self.problem(s, "schema:endDate", f"end {end} is before start {start}")
        relation = Relation(
            id=sid, type=rtype, subject=a, object=b, fields=self.fields(s, "relation"),
            evidence=self.evidence(s, "a relation statement"), origin=Origin(self.shown), **dates,
        )  # fmt: skip
        if sid and a and b:
            self.relations[sid] = relation

    def read_alias(self, s: Node) -> None:
        subject = self.one(s, RDF.subject, "rdf:subject (the entity)")
        predicate = self.one(s, RDF.predicate, "rdf:predicate")
        name = self.text(s, RDF.object, "rdf:object (the name)")
        evidence = self.evidence(s)
        if predicate is not None and predicate != SKOS.altLabel:
            self.problem(
                s, RDF.predicate, f"an alias statement has rdf:predicate skos:altLabel, not {self.show(predicate)}"
            )
        if len(evidence) > 1:
            self.problem(s, PROV.wasDerivedFrom, "an alias has at most one evidence: the source that uses the name")
            return
        if evidence and evidence[0].quote != " ".join(name.split()):
            self.problem(s, PROV.wasDerivedFrom, f"the evidence of an alias quotes the name '{name}' itself")
            return
        if subject is None or not name:
            return
        eid = self.local_id(subject, CDK, "an entity", s, RDF.subject)
        if eid and eid not in self.entities:
            self.problem(s, RDF.subject, f"{self.show(subject)} is not an entity described in the graph")
            return
        self.used.add((subject, SKOS.altLabel, Literal(name)))
        if eid:
            self.aliases[eid].append((s, Alias(" ".join(name.split()), evidence[0].source if evidence else "")))

    def attach_aliases(self) -> None:
        for eid, found in self.aliases.items():
            e = self.entities[eid]
            aliases = tuple(a for _, a in sorted(found, key=lambda t: _natural(t[0])))
            self.entities[eid] = Entity(
                id=e.id, type=e.type, name=e.name, aliases=aliases, fields=e.fields, evidence=e.evidence,
                origin=e.origin, date=e.date, start=e.start, end=e.end,
            )  # fmt: skip

    def check_derived(self, ds: Dataset) -> None:
        expected = {
            f"{fact.id}.{rtype}.{a}.{b}": (fact.id, rtype, a, b)
            for fact in ds.facts.values()
            for rtype, a, b in derived_edges(ds, fact)
        }
        for sid, (fid, *edge) in sorted(self.derived.items()):
            if expected.get(sid) != (fid, *edge):
                self.problem(
                    URIRef(CDKS + sid), _DERIVED_FROM_FACT,
                    f"this statement does not follow from the roles of {self.compact(CDK + fid)}",
                )  # fmt: skip

    def check_ids(self) -> None:
        seen: dict[str, str] = {}
        for kind, ids in (("entity", self.entities), ("fact", self.facts), ("relation", self.relations)):
            for rid in ids:
                if rid in seen:
                    self.problem(
                        URIRef((CDKS if kind == "relation" else CDK) + rid), "", f"id '{rid}' is also a {seen[rid]}"
                    )
                seen.setdefault(rid, kind)

    def has_statement(self, s: Node, p: Node, o: Node) -> bool:
        for st in self.g.subjects(RDF.predicate, p):
            ends = (self.g.value(st, RDF.subject), self.g.value(st, RDF.object))
            if ends in ((s, o), (o, s)):
                return True
        return False

    def check_leftovers(self) -> None:
        """Every triple must have been read: anything else is outside the pattern."""
        reported = {p.record for p in self.problems}
        for s, p, o in sorted(self.g, key=lambda t: tuple(_natural(n) for n in t)):
            if (s, p, o) in self.used or self.show(s) in reported:
                continue  # read, or its subject has a problem already
            if p in self.relation_by_iri and self.has_statement(s, p, o):
                continue  # its statement has a problem already
            if (s, RDF.type, _EVIDENCE) in self.g and p in (RDF.type, PROV.wasQuotedFrom, PROV.value):
                continue  # an evidence node nobody cites: reported below if it is alone
            if p == SKOS.altLabel:
                self.problem(s, p, f"the name {self.show(o)} has no cdkg:AliasStatement")
            elif p in self.relation_by_iri:
                self.problem(s, p, f"the triple to {self.show(o)} has no cdkg:RelationStatement")
            else:
                self.problem(s, p, f"unexpected property (value {self.show(o)}): not part of the pattern")
        for ev in sorted(self.g.subjects(RDF.type, _EVIDENCE), key=_natural):
            if not any(True for _ in self.g.subjects(PROV.wasDerivedFrom, ev)):
                self.problem(ev, "", "an evidence that no statement or entity cites")


def from_rdf(
    source: str | Path | IO[bytes] | IO[str] | Graph,
    format: str | None = None,
    schema: Schema | str | Path | None = None,
) -> Dataset:
    """Read RDF that follows the pattern back into a :class:`~graph.model.Dataset`.

    ``source`` is a file name, a file object or an rdflib graph (a
    :class:`rdflib.Dataset`'s named graphs are merged); ``format`` is an rdflib
    parser name (``turtle``, ``nt``, ``json-ld``, ``trig``, ``nquads``), guessed
    from the file's suffix when not given. Raises
    :class:`~graph.errors.DataError` listing every triple outside the pattern,
    each naming its subject.
    """
    if not isinstance(schema, Schema):
        schema = load_schema(schema)
    if isinstance(source, Graph):
        shown = "<graph>"
        if isinstance(source, RdfDataset):
            g = Graph()
            for s, p, o, _ in source.quads((None, None, None, None)):
                g.add((s, p, o))
        else:
            g = source
    else:
        shown = str(source) if isinstance(source, (str, Path)) else str(getattr(source, "name", "<stream>"))
        g = _parse(source, format, shown)
    reader = _Reader(g, schema, shown)
    by_namespace: dict[str, list[Node]] = defaultdict(list)
    for s in sorted(set(g.subjects()), key=_natural):
        namespace = next((ns for ns in (CDKSRC, CDKS, CDK) if isinstance(s, URIRef) and str(s).startswith(ns)), "")
        by_namespace[namespace].append(s)
    for s in by_namespace.pop("", []):
        reader.problem(s, "", "subject outside the pattern's namespaces (cdk:, cdks:, cdksrc:)")
    reader.read_sources(by_namespace[CDKSRC])
    reader.read_nodes(by_namespace[CDK])
    reader.read_roles()
    reader.read_statements(by_namespace[CDKS])
    reader.attach_aliases()
    reader.check_ids()
    dataset = Dataset(
        schema=schema,
        sources=dict(sorted(reader.sources.items())),
        entities=dict(sorted(reader.entities.items())),
        facts=dict(sorted(reader.facts.items())),
        relations=dict(sorted(reader.relations.items())),
    )
    if not reader.problems:
        reader.check_derived(dataset)
    reader.check_leftovers()
    if reader.problems:
        raise DataError(reader.problems)
    return dataset
