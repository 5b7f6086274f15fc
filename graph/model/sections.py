"""The records of each section turned into model objects: entities, n-ary facts, relations.

Each record is read in two phases. :class:`Drafting` makes its *draft*: the
checks that the record alone decides (its fields, types, evidence, dates),
whose problems are noted for later, and its model object; a draft is a pure
function of the record, the schema and the sources registry, so the loader's
file cache keeps it (:mod:`graph.model.filecache`). :class:`Sections` then
takes the drafts, in order, with the checks across files in their places (ids
taken once, references and their types, ``according_to``), telling each
record's problems in the order of its fields, as one pass would; a record
with a problem is left out (its problems are reported, not raised).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ..schema import EntityType, RelationType, Schema
from .claims import ATTRIBUTION_KEYS, Attribution, read_according_to, read_same_as, read_voice
from .evidence import Citations, QuotesNotFound
from .problems import Report, article, either, kind_of
from .records import Entity, Fact, Origin, Relation
from .references import References, swapped
from .rules import DATE_KEYS, normalise_space
from .sources import Sources
from .structure import Fields, Recorder, Steps, label, replay
from .temporal import read_dates
from .when import Where
from .yamlio import Record

__all__ = ["Drafting", "Drafts", "EntityDraft", "FactDraft", "RelationDraft", "Sections"]


@dataclass(frozen=True, slots=True)
class EntityDraft:
    """An entity as its record alone gives it: kept if its id is its own across the data."""

    label: str
    entity: Entity
    kept: bool
    """Its type and name are good (its id is checked across the data)."""
    steps: Steps


@dataclass(frozen=True, slots=True)
class FactDraft:
    """A fact as its record alone gives it (``according_to`` is read across the data, between the two steps)."""

    label: str
    fact: Fact
    kept: bool
    steps: Steps
    after: Steps
    """The problems from its attribution's mode on."""


@dataclass(frozen=True, slots=True)
class RelationDraft:
    """A relation as its record alone gives it; its subject and object are checked across the data
    after ``steps``, its ``according_to`` after ``middle``."""

    label: str
    relation: Relation
    kept: bool
    steps: Steps
    middle: Steps
    after: Steps


Draft = EntityDraft | FactDraft | RelationDraft
Drafts = dict[str, tuple[Any, ...]]
"""Per section (entities, facts, relations), the draft of each record of a file, in order; None for a
record without an id, whose label (``entity #3``) is its place among every file's records."""
Items = list[tuple[str, Record, Any]]
"""Each record of a section (its file as shown, the record, its draft or None), in the order read."""

_SECTIONS = ("entities", "facts", "relations")


def _named(rec: Record) -> bool:
    """Whether messages name the record by its id (so its draft does not depend on its place)."""
    rid = rec.get("id")
    return isinstance(rid, str) and bool(rid)


class Drafting:
    """The checks of one record alone, noted in a :class:`~graph.model.structure.Recorder`."""

    def __init__(self, schema: Schema, sources: Sources) -> None:
        self.schema = schema
        self.notes = Recorder()
        self.fields = Fields(self.notes, schema)
        self.citations = Citations(self.fields, sources)
        self.plain = schema.plain_types
        self.fact_types = schema.fact_types
        fields = schema.fields_for
        self.allowed = {
            "entities": {"id", "type", "name", "aliases", "evidence", *DATE_KEYS, *fields("entity")},
            "facts": {"id", "type", "name", "evidence", *DATE_KEYS, *ATTRIBUTION_KEYS, *fields("fact")},
            "relations": {
                "id", "type", "subject", "object", "evidence", *DATE_KEYS, *ATTRIBUTION_KEYS, *fields("relation"),
            },
        }  # fmt: skip

    def file(self, file: str, records: dict[str, tuple[Record, ...]]) -> Drafts:
        """The drafts of a file's records (``records``: by section)."""
        make = {"entities": self.entity, "facts": self.fact, "relations": self.relation}
        return {
            section: tuple(
                make[section](file, rec, label(section, rec, 0)) if _named(rec) else None
                for rec in records.get(section, ())
            )
            for section in _SECTIONS
            if section in records
        }

    def entity(self, file: str, rec: Record, name_: str) -> EntityDraft:
        """The draft of an entity (a node that is not an n-ary fact)."""
        f, notes, plain = self.fields, self.notes, self.plain
        f.unknown_keys(file, rec, name_, self.allowed["entities"])
        eid = f.identifier(file, rec, name_)
        etype = f.text(file, rec, name_, "type", True)
        if etype and etype not in plain:
            hint = notes.suggest(etype, plain)
            msg = f"unknown entity type '{etype}'"
            if etype in self.fact_types:
                msg = f"'{etype}' is an n-ary fact type: put this record under 'facts:'"
            hint = hint if etype not in self.schema.entity_types else ""
            notes.add(file, rec.line_of("type"), name_, "type", msg, hint)
            etype = ""
        name = f.text(file, rec, name_, "name", True)
        entity = Entity(
            id=eid,
            type=etype,
            name=normalise_space(name),
            aliases=self.citations.aliases(file, rec, name_),
            fields=f.typed(file, rec, name_, "entity"),
            evidence=self.citations.evidence(file, rec, name_, required=False),
            origin=Origin(file, rec.line),
            **read_dates(notes, file, rec, name_),
        )
        return EntityDraft(name_, entity, bool(etype and name), notes.take())

    def fact(self, file: str, rec: Record, name_: str) -> FactDraft:
        """The draft of an n-ary fact, its participants not checked yet (they may be facts read later)."""
        f, notes, facts = self.fields, self.notes, self.fact_types
        fid = f.identifier(file, rec, name_)
        ftype = f.text(file, rec, name_, "type", True)
        spec = facts.get(ftype)
        if ftype and spec is None:
            msg = f"unknown fact type '{ftype}'"
            if ftype in self.schema.entity_types:
                msg = f"'{ftype}' is an entity type, not an n-ary fact type: put this record under 'entities:'"
            notes.add(file, rec.line_of("type"), name_, "type", msg, notes.suggest(ftype, facts))
        if spec:
            f.unknown_keys(file, rec, name_, self.allowed["facts"] | set(spec.roles))
        name = f.text(file, rec, name_, "name", True)
        roles = self.roles(file, rec, name_, spec)
        typed = f.typed(file, rec, name_, "fact")
        evidence = self.citations.evidence(file, rec, name_, required=True)
        steps = notes.take()
        voice = read_voice(notes, self.schema, file, rec, name_)
        fact = Fact(
            id=fid,
            type=ftype if spec else "",
            name=normalise_space(name),
            roles=roles,
            fields=typed,
            evidence=evidence,
            origin=Origin(file, rec.line),
            attribution=Attribution((), *voice),
            same_as=read_same_as(notes, file, rec, name_),
            **read_dates(notes, file, rec, name_),
        )
        return FactDraft(name_, fact, bool(spec and name), steps, notes.take())

    def roles(self, file: str, rec: Record, name_: str, spec: EntityType | None) -> dict[str, tuple[str, ...]]:
        """The participants of a fact by role, each role's count checked against the schema."""
        roles: dict[str, tuple[str, ...]] = {}
        add = self.notes.add
        for role in spec.roles.values() if spec else ():
            value = rec.get(role.id)
            line = rec.line_of(role.id)
            members: list[Any]
            if value is None:
                members = []
            elif isinstance(value, str):
                members = [value]
            elif isinstance(value, list):
                members = value
            else:
                add(file, line, name_, role.id, f"expected an id or a list of ids, found {kind_of(value)}")
                continue
            ids = tuple(m for m in members if isinstance(m, str))
            if len(ids) != len(members):
                add(file, line, name_, role.id, "every participant must be an id (text)")
            if len(set(ids)) != len(ids):
                add(file, line, name_, role.id, "a participant is listed twice")
            if len(ids) < role.min:
                need = "at least one participant" if role.min == 1 else f"at least {role.min} participants"
                add(file, line, name_, role.id, f"needs {need}")
            if role.max is not None and len(ids) > role.max:
                add(file, line, name_, role.id, f"allows at most {role.max}, found {len(ids)}")
            if ids:
                roles[role.id] = ids
        return roles

    def relation(self, file: str, rec: Record, name_: str) -> RelationDraft:
        """The draft of a binary relation, its subject and object not resolved yet."""
        f, notes = self.fields, self.notes
        f.unknown_keys(file, rec, name_, self.allowed["relations"])
        rid = f.identifier(file, rec, name_)
        rtype = f.text(file, rec, name_, "type", True)
        spec = self.relation_type(file, rec, name_, rtype)
        subject = f.text(file, rec, name_, "subject", True)
        obj = f.text(file, rec, name_, "object", True)
        steps = notes.take()
        typed = f.typed(file, rec, name_, "relation")
        evidence = self.citations.evidence(file, rec, name_, required=True)
        middle = notes.take()
        voice = read_voice(notes, self.schema, file, rec, name_)
        relation = Relation(
            id=rid,
            type=rtype,
            subject=subject,
            object=obj,
            fields=typed,
            evidence=evidence,
            origin=Origin(file, rec.line),
            attribution=Attribution((), *voice),
            same_as=read_same_as(notes, file, rec, name_),
            **read_dates(notes, file, rec, name_, spec.temporal if spec else ""),
        )
        return RelationDraft(name_, relation, bool(rid and spec and subject and obj), steps, middle, notes.take())

    def relation_type(self, file: str, rec: Record, name_: str, rtype: str) -> RelationType | None:
        """The schema's relation type ``rtype``, or None (with a problem unless ``rtype`` is "")."""
        spec = self.schema.relation_types.get(rtype)
        if rtype and spec is None:
            hint = ""
            if rtype in self.schema.fact_types:
                msg = f"'{rtype}' is an n-ary fact type: put this record under 'facts:', one key per role"
            elif rtype in self.schema.entity_types:
                msg = f"'{rtype}' is an entity type, not a relation type: put this record under 'entities:'"
            else:
                msg, hint = f"unknown relation type '{rtype}'", self.notes.suggest(rtype, self.schema.relation_types)
            self.notes.add(file, rec.line_of("type"), name_, "type", msg, hint)
        return spec


class Sections:
    """Takes the drafts of entities, facts and relations, in that order (a relation may name a fact),
    with the checks across the data in their places."""

    def __init__(
        self, schema: Schema, report: Report, refs: References, drafting: Drafting, quotes: QuotesNotFound
    ) -> None:
        self.schema = schema
        self.report = report
        self.refs = refs
        self.drafting = drafting
        self.quotes = quotes
        self.entities_by_id: dict[str, str] = {}
        """The entities read (id -> type): whom a claim may be attributed to."""
        self.where: dict[str, Where] = {}
        """Where each record kept was read (for the dates, solved once every record is read)."""

    def tell(self, steps: Steps) -> None:
        """Report the problems a draft noted."""
        if steps:
            replay(self.report, steps, self.quotes)

    def voice(self, file: str, rec: Record, draft: FactDraft | RelationDraft) -> tuple[str, ...]:
        """Whom ``according_to`` names, each checked against the entities read."""
        if "according_to" not in rec:
            return ()
        return read_according_to(self.report, file, rec, draft.label, self.entities_by_id)

    def entities(self, items: Items) -> dict[str, Entity]:
        """The entities that are not n-ary facts."""
        out = {}
        for index, (file, rec, draft) in enumerate(items, 1):
            d: EntityDraft = draft or self.drafting.entity(file, rec, label("entities", rec, index))
            self.tell(d.steps)
            eid = d.entity.id
            if eid and self.refs.claim(eid, file, rec, d.label) and d.kept:
                out[eid] = d.entity
                self.where[eid] = Where(file, d.label, rec)
                self.entities_by_id[eid] = d.entity.type
        return out

    def facts(self, items: Items, nodes: dict[str, str]) -> dict[str, Fact]:
        """Facts, with role references resolved against ``nodes`` (id -> type), which gains the facts."""
        pending: list[tuple[str, Record, str, Fact]] = []
        for index, (file, rec, draft) in enumerate(items, 1):
            d: FactDraft = draft or self.drafting.fact(file, rec, label("facts", rec, index))
            self.tell(d.steps)
            who = self.voice(file, rec, d)
            self.tell(d.after)
            fact = replace(d.fact, attribution=replace(d.fact.attribution, according_to=who)) if who else d.fact
            if fact.id and self.refs.claim(fact.id, file, rec, d.label) and d.kept:
                pending.append((file, rec, d.label, fact))
                nodes[fact.id] = fact.type
                self.where[fact.id] = Where(file, d.label, rec)
        facts = self.schema.fact_types
        for file, rec, name_, fact in pending:
            self.participants(file, rec, name_, fact, facts[fact.type], nodes)
        return {fact.id: fact for _, _, _, fact in pending}

    def participants(
        self, file: str, rec: Record, name_: str, fact: Fact, spec: EntityType, nodes: dict[str, str]
    ) -> None:
        """Check that every participant of ``fact`` is a node of a type its role takes."""
        for role_id, ids in fact.roles.items():
            role = spec.roles[role_id]
            line = rec.line_of(role_id)
            for pid in ids:
                self.refs.check(file, line, name_, role_id, pid, role.range, nodes, f"the role '{role_id}'")
                if pid == fact.id:
                    self.report.add(file, line, name_, role_id, "a fact cannot take part in itself")

    def relations(self, items: Items, nodes: dict[str, str]) -> dict[str, Relation]:
        """The binary relations, their subject and object resolved against ``nodes``."""
        out = {}
        types = self.schema.relation_types
        for index, (file, rec, draft) in enumerate(items, 1):
            d: RelationDraft = draft or self.drafting.relation(file, rec, label("relations", rec, index))
            self.tell(d.steps)
            relation, ok = d.relation, d.kept
            spec = types.get(relation.type)
            if spec:
                ok &= self.ends(file, rec, d.label, spec, relation.subject, relation.object, nodes)
            self.tell(d.middle)
            who = self.voice(file, rec, d)
            self.tell(d.after)
            if who:
                relation = replace(relation, attribution=replace(relation.attribution, according_to=who))
            if relation.id and self.refs.claim(relation.id, file, rec, d.label) and ok:
                out[relation.id] = relation
                self.where[relation.id] = Where(file, d.label, rec)
        return out

    def ends(
        self, file: str, rec: Record, name_: str, spec: RelationType, subject: str, obj: str, nodes: dict[str, str]
    ) -> bool:
        """Whether subject and object are nodes the relation type takes (in that order, and not one node)."""
        ok = True
        rtype = spec.id
        if swapped(spec.domain, spec.range, nodes.get(subject), nodes.get(obj)):
            self.report.add(
                file, rec.line_of("object"), name_, "object",
                f"subject and object the wrong way round? '{subject}' is {article(nodes[subject])} and '{obj}' "
                f"{article(nodes[obj])}, but '{rtype}' goes from {either(spec.domain)} to {either(spec.range)}",
            )  # fmt: skip
            ok = False
        else:
            if subject:
                what = f"the subject of '{rtype}'"
                ok &= self.refs.check(file, rec.line_of("subject"), name_, "subject", subject, spec.domain, nodes, what)
            if obj:
                what = f"the object of '{rtype}'"
                ok &= self.refs.check(file, rec.line_of("object"), name_, "object", obj, spec.range, nodes, what)
        if subject and subject == obj and not spec.allow_self:
            self.report.add(
                file, rec.line_of("object"), name_, "object", f"'{rtype}' cannot relate '{subject}' to itself"
            )
            ok = False
        return ok
