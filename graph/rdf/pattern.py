"""The statement pattern read off an rdflib graph: :func:`read_pattern`.

The reader behind :func:`graph.rdf.parse.from_rdf`. Every IRI it expects comes
from the schema's vocabulary (the entity, statement and source namespaces,
the pattern's own terms, the date and source properties); the rules a record
must follow are the model's (:mod:`graph.model.rules` for ids and characters,
:mod:`graph.model.temporal` for periods, :mod:`graph.model.derive` for the
edges a fact implies, :mod:`graph.model.when` for the time the dates give:
see :mod:`graph.rdf.dating_in`). Every triple must be read: any other is a
problem, named by its subject.

>>> from graph import load
>>> from graph.rdf import to_rdf
>>> data = load("data")
>>> back = read_pattern(to_rdf(data), data.schema)
>>> back.entities["kering"].name, str(back.relations["gucci-member_of-iacc"].timing.end)
('Kering', 'between 2016-04-01 and 2016-05-08')
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from pathlib import PurePosixPath

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import PROV, SKOS, Namespace
from rdflib.term import Node

from ..errors import DataError
from ..model.anchors import Anchor
from ..model.claims import Attribution
from ..model.derive import derived_edges
from ..model.records import Alias, Dataset, Entity, Evidence, Exclusion, Fact, Origin, Relation, Source
from ..model.rules import normalise_space
from ..model.temporal import ends_before_start
from ..schema import Schema
from .attribution import OA as OA_IRI
from .attribution_in import ClaimReading
from .triples import natural

__all__ = ["read_pattern"]

OA = Namespace(OA_IRI)


class _Records(ClaimReading):
    """Sources, entities and facts, with their evidence."""

    def __init__(self, g: Graph, schema: Schema, shown: str) -> None:
        super().__init__(g, schema, shown)
        x = schema.expand
        self.classes = {URIRef(x(t.iri)): tid for tid, t in schema.entity_types.items()}
        self.sources: dict[str, Source] = {}
        self.entities: dict[str, Entity] = {}
        self.facts: dict[str, Fact] = {}
        self.not_curated_class, self.not_curated = (
            URIRef(self.schema.vocabulary.term("NotCurated")),
            URIRef(self.schema.vocabulary.term("notCurated")),
        )
        self.excluded: set[Node] = set()  # the passages not curated that a source links to

    def exclusions(self, s: Node) -> tuple[Exclusion, ...]:
        """The source ``s``'s passages not curated: each a quote, a reason and, when given, its selectors."""
        out = []
        for node in self.values(s, self.not_curated):
            if (node, RDF.type, self.not_curated_class) not in self.g:
                self.problem(s, self.not_curated, f"{self.show(node)} is not a {self.show(self.not_curated_class)}")
                continue
            self.excluded.add(node)
            self.used.add((node, RDF.type, self.not_curated_class))
            quote = self.text(node, PROV.value, "quote (prov:value)")
            reason = self.text(node, URIRef(self.schema.vocabulary.term("reason")), "reason")
            anchor = self.anchor(node, s)
            if quote and reason:
                out.append(Exclusion(normalise_space(quote), normalise_space(reason), anchor))
        return tuple(out)

    def evidence(self, s: Node, required: str = "") -> tuple[Evidence, ...]:
        out: list[Evidence] = []
        nodes = self.values(s, PROV.wasDerivedFrom)
        if not nodes and required:
            self.problem(s, PROV.wasDerivedFrom, f"{required} needs at least one evidence (prov:wasDerivedFrom)")
        for ev in nodes:
            if (ev, RDF.type, self.terms.evidence) not in self.g:
                self.problem(s, PROV.wasDerivedFrom, f"{self.show(ev)} is not a {self.show(self.terms.evidence)}")
                continue
            src = self.one(ev, PROV.wasQuotedFrom, "source (prov:wasQuotedFrom)")
            quote = self.text(ev, PROV.value, "quote (prov:value)")
            sid = self.local_id(src, self.terms.source, "a source", ev, PROV.wasQuotedFrom) if src is not None else ""
            if sid and sid not in self.sources:
                self.problem(ev, PROV.wasQuotedFrom, f"unknown source {self.show(src or ev)}: it is not described")
                continue
            if sid and quote:
                out.append(Evidence(sid, normalise_space(quote), self.anchor(ev, src)))
        return tuple(out)

    def anchor(self, ev: Node, src: Node | None) -> Anchor | None:
        """The quote's place in its source, from its Web Annotation selectors (None when it has none)."""
        if not self.values(ev, OA.hasSelector) and not list(self.g.objects(ev, OA.hasSource)):
            return None
        if (ev, RDF.type, OA.SpecificResource) not in self.g:
            self.problem(ev, RDF.type, "an evidence with selectors must be an oa:SpecificResource")
        self.used.add((ev, RDF.type, OA.SpecificResource))
        source = self.one(ev, OA.hasSource, "source (oa:hasSource)")
        if source is not None and source != src:
            self.problem(
                ev, OA.hasSource, f"{self.show(source)} is not the source it is quoted from ({self.show(src or ev)})"
            )
        found: dict[URIRef, Node] = {}
        for sel in self.values(ev, OA.hasSelector):
            for kind in (OA.TextQuoteSelector, OA.TextPositionSelector):
                if (sel, RDF.type, kind) in self.g:
                    self.used.add((sel, RDF.type, kind))
                    found[kind] = sel
        q, p = found.get(OA.TextQuoteSelector), found.get(OA.TextPositionSelector)
        if q is None or p is None:
            self.problem(ev, OA.hasSelector, "expected one oa:TextQuoteSelector and one oa:TextPositionSelector")
            return None
        texts = {k: self.one(q, getattr(OA, k), f"oa:{k}") for k in ("exact", "prefix", "suffix")}
        numbers = {k: self.count(n, getattr(OA, k)) for n, k in ((p, "start"), (p, "end"))}
        occurrence = self.count(ev, self.terms.occurrence, required=False) or 1
        occurrences = self.count(ev, self.terms.occurrences, required=False) or 1
        if any(not isinstance(v, Literal) for v in texts.values()) or None in numbers.values():
            return None
        start, end = numbers["start"], numbers["end"]
        assert start is not None and end is not None
        return Anchor(
            start, end, str(texts["exact"]), str(texts["prefix"]), str(texts["suffix"]), occurrence, occurrences
        )

    def count(self, s: Node, p: URIRef, required: bool = True) -> int | None:
        """A non-negative integer value of ``p``."""
        node = self.one(s, p, self.show(p), required)
        if node is None:
            return None
        if not isinstance(node, Literal) or not isinstance(node.toPython(), int) or int(node) < 0:
            self.problem(s, p, f"expected a non-negative integer, found {self.show(node)}")
            return None
        return int(node)

    def read_sources(self, subjects: list[Node]) -> None:
        props = self.terms.source_props
        for s in subjects:
            sid = self.local_id(s, self.terms.source, "a source", s)
            if not set(self.terms.source_classes) <= set(self.values(s, RDF.type)):
                classes = " and ".join(f"a {self.show(c)}" for c in self.terms.source_classes)
                self.problem(s, RDF.type, f"a source must be {classes}")
            title = self.text(s, props["title"], f"title ({self.show(props['title'])})")
            self.values(s, RDFS.label)
            file = self.text(s, props["file"], f"file ({self.show(props['file'])})")
            if file and (PurePosixPath(file).is_absolute() or ".." in PurePosixPath(file).parts):
                self.problem(s, props["file"], f"'{file}' must be a relative path inside the data directory")
                file = ""
            published_note = self.text(s, props["published_note"], "date note", required=False)
            spec = self.publication(s, self.date(s, props["published"], "publication date"), published_note)
            source = Source(
                id=sid,
                title=title,
                file=file,
                publisher=self.text(s, props["publisher"], "publisher", required=False),
                published=spec.value if spec else None,
                published_note=published_note,
                published_spec=spec,
                publication=spec.given() if spec else None,
                language=self.text(s, props["language"], "language", required=False),
                language_note=self.text(s, props["language_note"], "language note", required=False),
                url=self.text(s, props["url"], "url", required=False),
                licence=self.text(s, props["licence"], "licence", required=False),
                not_curated=self.exclusions(s),
                origin=Origin(self.shown),
            )
            if sid and title and file:
                self.sources[sid] = source

    def read_nodes(self, subjects: list[Node]) -> None:
        """Entities and facts: their own triples (roles are resolved later)."""
        for s in subjects:
            nid = self.local_id(s, self.terms.entity, "an entity", s)
            types = self.values(s, RDF.type)
            known = [self.classes[t] for t in types if isinstance(t, URIRef) and t in self.classes]
            if len(types) != 1 or len(known) != 1:
                shown = ", ".join(self.show(t) for t in types) or "none"
                self.problem(s, RDF.type, f"expected exactly one class of the schema, found {shown}")
                continue
            tid = known[0]
            name = self.text(s, RDFS.label, "name (rdfs:label)")
            spec = self.schema.entity_types[tid]
            kind = "fact" if spec.is_fact else "entity"
            dates, specs = self.record_dates(s)
            fields = self.fields(s, kind)
            evidence = self.evidence(s, f"a {tid}" if spec.is_fact else "")
            if not (nid and name):
                continue
            if spec.is_fact:
                self.facts[nid] = Fact(
                    id=nid, type=tid, name=name, roles={}, fields=fields, evidence=evidence,
                    origin=Origin(self.shown), specs=specs, date=dates["date"], start=dates["start"], end=dates["end"],
                    attribution=self.attribution(s), same_as=self.same_as(s, nid, self.terms.entity),
                )  # fmt: skip
            else:
                self.entities[nid] = Entity(
                    id=nid, type=tid, name=name, aliases=(), fields=fields, evidence=evidence,
                    origin=Origin(self.shown), specs=specs, date=dates["date"], start=dates["start"], end=dates["end"],
                )  # fmt: skip

    def node_id(self, node: Node, subject: Node, prop: Node | str, allowed: Iterable[str], what: str) -> str:
        nid = self.local_id(node, self.terms.entity, "an entity", subject, prop)
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
            s = URIRef(self.terms.entity + fid)
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
            self.facts[fid] = dataclasses.replace(fact, roles=roles)


class _Reader(_Records):
    """The whole pattern: records, then statements (relations, aliases), then the checks across them."""

    def __init__(self, g: Graph, schema: Schema, shown: str) -> None:
        super().__init__(g, schema, shown)
        self.relation_by_iri = {URIRef(schema.expand(r.iri)): rid for rid, r in schema.relation_types.items()}
        self.relations: dict[str, Relation] = {}
        self.aliases: dict[str, list[tuple[Node, Alias]]] = defaultdict(list)
        self.derived: dict[str, tuple[str, str, str, str]] = {}  # statement id -> (fact, relation type, a, b)
        self.derived_claims: dict[str, Attribution] = {}  # statement id -> its attribution (the fact's, if right)

    def read_statements(self, subjects: list[Node]) -> None:
        t = self.terms
        for s in subjects:
            types = set(self.values(s, RDF.type))
            if {RDF.Statement, t.relation_statement} <= types and len(types) <= 3:
                self.read_relation(s, types - {RDF.Statement, t.relation_statement})
            elif types == {RDF.Statement, t.alias_statement}:
                self.read_alias(s)
            elif types in ({PROV.Entity, t.evidence}, {PROV.Entity, t.evidence, OA.SpecificResource}) or types in (
                {t.time["curated_class"]},
                {self.not_curated_class},
                {self.not_curated_class, OA.SpecificResource},
                {OA.TextQuoteSelector},
                {OA.TextPositionSelector},
            ):
                pass  # read through the statements and nodes that cite it, whose date or whose quote's place it is
            else:
                shown = ", ".join(sorted(self.show(c) for c in types)) or "none"
                self.problem(
                    s, RDF.type,
                    f"expected a {self.show(t.relation_statement)}, a {self.show(t.alias_statement)} or a "
                    f"{self.show(t.evidence)} (with rdf:Statement or prov:Entity), found {shown}",
                )  # fmt: skip

    def read_relation(self, s: Node, classes: set[Node]) -> None:
        t = self.terms
        sid = self.local_id(s, t.statement, "a statement", s)
        rtype_node = self.one(s, t.relation_type, f"relation type ({self.show(t.relation_type)})")
        rtype = str(rtype_node) if isinstance(rtype_node, Literal) else ""
        spec = self.schema.relation_types.get(rtype)
        if rtype_node is not None and spec is None:
            self.problem(s, t.relation_type, f"unknown relation type {self.show(rtype_node)}")
        statement_class = URIRef(self.schema.vocabulary.statement_class(rtype))
        if spec is not None and classes != {statement_class}:
            found = ", ".join(sorted(self.show(c) for c in classes)) or "none"
            self.problem(
                s, RDF.type, f"a '{rtype}' statement has the class {self.show(statement_class)}, found {found}"
            )
        predicate = self.one(s, RDF.predicate, "rdf:predicate")
        subject = self.one(s, RDF.subject, "rdf:subject")
        obj = self.one(s, RDF.object, "rdf:object")
        stance = self.one(s, t.stance, f"stance ({self.show(t.stance)})")
        if spec is None or predicate is None or subject is None or obj is None:
            return
        expected = URIRef(self.schema.expand(spec.iri))
        if predicate != expected:
            self.problem(s, RDF.predicate, f"a '{rtype}' statement has rdf:predicate {self.show(expected)}")
            return
        if stance is not None and str(stance) != spec.stance:
            self.problem(s, t.stance, f"the stance of '{rtype}' is '{spec.stance}', found {self.show(stance)}")
        a = self.node_id(subject, s, RDF.subject, spec.domain, f"the subject of '{rtype}'")
        b = self.node_id(obj, s, RDF.object, spec.range, f"the object of '{rtype}'")
        for direct in [(subject, predicate, obj), *([(obj, predicate, subject)] if not spec.directed else [])]:
            self.used.add(direct)
        facts = self.values(s, t.derived_from_fact)
        if facts:
            self.read_derived(s, sid, facts, (rtype, a, b))
        elif a and b and a == b and not spec.allow_self:
            self.problem(s, RDF.object, f"'{rtype}' cannot relate {self.show(subject)} to itself")
        else:
            self.read_curated(s, sid, rtype, a, b)

    def read_derived(self, s: Node, sid: str, facts: list[Node], edge: tuple[str, str, str]) -> None:
        """A statement a fact implies: noted, to be checked against the fact's roles (:meth:`check_derived`)."""
        fid = self.local_id(facts[0], self.terms.entity, "a fact", s, self.terms.derived_from_fact)
        if len(facts) > 1 or fid not in self.facts:
            self.problem(s, self.terms.derived_from_fact, "expected one n-ary fact described in the graph")
        elif sid:
            self.derived[sid] = (fid, *edge)
            self.derived_claims[sid] = self.attribution(s)
        # the rest is the fact's: its dates (checked against the fact's once computed) and its evidence
        self.stated[s] = {p: self.values(s, p) for p in self.computed_props}
        self.values(s, PROV.wasDerivedFrom)

    def read_curated(self, s: Node, sid: str, rtype: str, a: str, b: str) -> None:
        """A curated relation: its dates, fields and evidence."""
        spec = self.schema.relation_types[rtype]
        props = {key: URIRef(iri) for key, iri in self.schema.vocabulary.dates.items()}
        dates, specs = self.record_dates(s)
        if spec.temporal == "state" and "date" in specs:
            self.problem(
                s, self.show(props["date"]),
                f"'{rtype}' is a state: give {self.show(props['start'])} and/or {self.show(props['end'])}",
            )  # fmt: skip
        start, end = dates["start"], dates["end"]
        if start and end and ends_before_start(start, end):
            self.problem(s, self.show(props["end"]), f"end {end} is before start {start}")
        relation = Relation(
            id=sid, type=rtype, subject=a, object=b, fields=self.fields(s, "relation"),
            evidence=self.evidence(s, "a relation statement"), origin=Origin(self.shown), specs=specs,
            date=dates["date"], start=dates["start"], end=dates["end"],
            attribution=self.attribution(s), same_as=self.same_as(s, sid, self.terms.statement),
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
        if evidence and evidence[0].quote != normalise_space(name):
            self.problem(s, PROV.wasDerivedFrom, f"the evidence of an alias quotes the name '{name}' itself")
            return
        if subject is None or not name:
            return
        eid = self.local_id(subject, self.terms.entity, "an entity", s, RDF.subject)
        if eid and eid not in self.entities:
            self.problem(s, RDF.subject, f"{self.show(subject)} is not an entity described in the graph")
            return
        self.used.add((subject, SKOS.altLabel, Literal(name)))
        if eid:
            self.aliases[eid].append((s, Alias(normalise_space(name), evidence[0].source if evidence else "")))

    def attach_aliases(self) -> None:
        for eid, found in self.aliases.items():
            aliases = tuple(a for _, a in sorted(found, key=lambda t: natural(t[0])))
            self.entities[eid] = dataclasses.replace(self.entities[eid], aliases=aliases)

    def dataset(self) -> Dataset:
        return Dataset(
            schema=self.schema,
            sources=dict(sorted(self.sources.items())),
            entities=dict(sorted(self.entities.items())),
            facts=dict(sorted(self.facts.items())),
            relations=dict(sorted(self.relations.items())),
        )


def _check_derived(reader: _Reader, ds: Dataset) -> None:
    """Every derived statement must be one its fact implies (:func:`~graph.model.derive.derived_edges`)."""
    t = reader.terms
    expected = {
        f"{fact.id}.{rtype}.{a}.{b}": (fact.id, rtype, a, b)
        for fact in ds.facts.values()
        for rtype, a, b in derived_edges(ds, fact)
    }
    for sid, (fid, *edge) in sorted(reader.derived.items()):
        if expected.get(sid) != (fid, *edge):
            reader.problem(
                URIRef(t.statement + sid), t.derived_from_fact,
                f"this statement does not follow from the roles of {reader.compact(t.entity + fid)}",
            )  # fmt: skip
        elif reader.derived_claims.get(sid) != ds.facts[fid].attribution:
            reader.problem(
                URIRef(t.statement + sid), reader.mode_prop,
                f"a statement derived from {reader.compact(t.entity + fid)} has the fact's attribution",
            )  # fmt: skip


def _check_ids(reader: _Reader) -> None:
    """Entities, facts and relations share one space of ids, as in the data files."""
    seen: dict[str, str] = {}
    t = reader.terms
    for kind, ids in (("entity", reader.entities), ("fact", reader.facts), ("relation", reader.relations)):
        for rid in ids:
            if rid in seen:
                subject = URIRef((t.statement if kind == "relation" else t.entity) + rid)
                reader.problem(subject, "", f"id '{rid}' is also a {seen[rid]}")
            seen.setdefault(rid, kind)


def _has_statement(g: Graph, s: Node, p: Node, o: Node) -> bool:
    for st in g.subjects(RDF.predicate, p):
        ends = (g.value(st, RDF.subject), g.value(st, RDF.object))
        if ends in ((s, o), (o, s)):
            return True
    return False


def _check_leftovers(reader: _Reader) -> None:
    """Every triple must have been read: anything else is outside the pattern."""
    g, t, show = reader.g, reader.terms, reader.show
    reported = {p.record for p in reader.problems}
    for s, p, o in sorted(g, key=lambda triple: tuple(natural(n) for n in triple)):
        if (s, p, o) in reader.used or show(s) in reported:
            continue  # read, or its subject has a problem already
        if p in reader.relation_by_iri and _has_statement(g, s, p, o):
            continue  # its statement has a problem already
        if (s, RDF.type, t.evidence) in g and (
            p in (RDF.type, PROV.wasQuotedFrom, PROV.value) or str(p).startswith(OA)
        ):
            continue  # an evidence node nobody cites: reported below if it is alone
        if (s, RDF.type, t.time["curated_class"]) in g and s not in reader.curated_nodes:
            continue  # a curated date nobody links to: reported below
        if (s, RDF.type, reader.not_curated_class) in g and s not in reader.excluded:
            continue  # a passage not curated that no source links to: reported below
        if p == SKOS.altLabel:
            reader.problem(s, p, f"the name {show(o)} has no {show(t.alias_statement)}")
        elif p in reader.relation_by_iri:
            reader.problem(s, p, f"the triple to {show(o)} has no {show(t.relation_statement)}")
        else:
            reader.problem(s, p, f"unexpected property (value {show(o)}): not part of the pattern")
    for ev in sorted(g.subjects(RDF.type, t.evidence), key=natural):
        if not any(True for _ in g.subjects(PROV.wasDerivedFrom, ev)):
            reader.problem(ev, "", "an evidence that no statement or entity cites")
    for node in sorted(set(g.subjects(RDF.type, reader.not_curated_class)) - reader.excluded, key=natural):
        if show(node) not in reported:
            reader.problem(node, "", "a passage not curated that no source links to")
    for node in sorted(set(g.subjects(RDF.type, t.time["curated_class"])) - reader.curated_nodes, key=natural):
        if show(node) not in reported:
            reader.problem(node, "", "a date as curated that no record or source links to")


def read_pattern(g: Graph, schema: Schema, shown: str = "<graph>") -> Dataset:
    """The dataset ``g`` describes in the pattern of ``schema``; ``shown`` names ``g`` in messages.

    Raises :class:`~graph.errors.DataError` listing every problem.
    """
    reader = _Reader(g, schema, shown)
    t = reader.terms
    by_namespace = _by_namespace(g, (t.entity, t.statement, t.source))
    for s in by_namespace.pop("", []):
        names = ", ".join(f"{schema.vocabulary.prefixes[role]}:" for role in ("entity", "statement", "source"))
        reader.problem(s, "", f"subject outside the pattern's namespaces ({names})")
    reader.read_sources(by_namespace[t.source])
    reader.read_nodes(by_namespace[t.entity])
    reader.read_roles()
    reader.read_statements(by_namespace[t.statement])
    reader.attach_aliases()
    _check_ids(reader)
    dataset = reader.dataset()
    reader.check_claims(dataset)
    if not reader.problems:
        _check_derived(reader, dataset)
    if not reader.problems:  # the dates are solved once every record reads: else a reference could only fail
        dataset = reader.solve(dataset)
    if not reader.problems:
        reader.check(dataset, {sid: fid for sid, (fid, *_) in reader.derived.items()})
    _check_leftovers(reader)
    if reader.problems:
        raise DataError(reader.problems)
    return dataset


def _by_namespace(g: Graph, namespaces: tuple[str, ...]) -> dict[str, list[Node]]:
    """The subjects of ``g`` by the namespace each is in (the longest that matches; "" for none), sorted."""
    longest_first = sorted(namespaces, key=len, reverse=True)
    out: dict[str, list[Node]] = defaultdict(list)
    for s in sorted(set(g.subjects()), key=natural):
        namespace = next((ns for ns in longest_first if isinstance(s, URIRef) and str(s).startswith(ns)), "")
        out[namespace].append(s)
    return out
