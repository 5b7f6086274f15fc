"""The records of each section turned into model objects: entities, n-ary facts, relations.

Each reader applies the rules of the other modules in a fixed order, so that
the problems of one record are reported in the order of its fields; a record
with a problem is left out (its problems are reported, not raised).
"""

from __future__ import annotations

from typing import Any

from ..schema import EntityType, RelationType, Schema
from .claims import ATTRIBUTION_KEYS, read_attribution, read_same_as
from .evidence import Citations
from .problems import Report, article, either, kind_of
from .records import Entity, Fact, Origin, Relation
from .references import References, swapped
from .rules import DATE_KEYS, normalise_space
from .structure import Fields, label
from .temporal import read_dates
from .when import Where
from .yamlio import Record

__all__ = ["Sections"]

Raw = list[tuple[str, Record]]


class Sections:
    """Reads entities, facts and relations, in that order (a relation may name a fact)."""

    def __init__(self, schema: Schema, fields: Fields, refs: References, citations: Citations) -> None:
        self.schema = schema
        self.fields = fields
        self.refs = refs
        self.citations = citations
        self.report: Report = fields.report
        self.entities_by_id: dict[str, str] = {}
        """The entities read (id -> type): whom a claim may be attributed to."""
        self.where: dict[str, Where] = {}
        """Where each record kept was read (for the dates, solved once every record is read)."""

    def entities(self, raw: Raw) -> dict[str, Entity]:
        """The entities that are not n-ary facts."""
        f, out = self.fields, {}
        plain = self.schema.plain_types
        allowed = {"id", "type", "name", "aliases", "evidence", *DATE_KEYS, *self.schema.fields_for("entity")}
        for index, (file, rec) in enumerate(raw, 1):
            name_ = label("entities", rec, index)
            f.unknown_keys(file, rec, name_, allowed)
            eid = f.identifier(file, rec, name_)
            etype = f.text(file, rec, name_, "type", True)
            if etype and etype not in plain:
                hint = self.report.suggest(etype, plain)
                msg = f"unknown entity type '{etype}'"
                if etype in self.schema.fact_types:
                    msg = f"'{etype}' is an n-ary fact type: put this record under 'facts:'"
                hint = hint if etype not in self.schema.entity_types else ""
                self.report.add(file, rec.line_of("type"), name_, "type", msg, hint)
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
                **read_dates(self.report, file, rec, name_),
            )
            if eid and self.refs.claim(eid, file, rec, name_) and etype and name:
                out[eid] = entity
                self.where[eid] = Where(file, name_, rec)
                self.entities_by_id[eid] = etype
        return out

    def facts(self, raw: Raw, nodes: dict[str, str]) -> dict[str, Fact]:
        """Facts, with role references resolved against ``nodes`` (id -> type), which gains the facts."""
        f = self.fields
        facts = self.schema.fact_types
        pending: list[tuple[str, Record, str, Fact]] = []
        for index, (file, rec) in enumerate(raw, 1):
            name_ = label("facts", rec, index)
            fid = f.identifier(file, rec, name_)
            ftype = f.text(file, rec, name_, "type", True)
            spec = facts.get(ftype)
            if ftype and spec is None:
                msg = f"unknown fact type '{ftype}'"
                if ftype in self.schema.entity_types:
                    msg = f"'{ftype}' is an entity type, not an n-ary fact type: put this record under 'entities:'"
                self.report.add(file, rec.line_of("type"), name_, "type", msg, self.report.suggest(ftype, facts))
            if spec:
                allowed = {
                    "id", "type", "name", "evidence", *DATE_KEYS, *ATTRIBUTION_KEYS,
                    *self.schema.fields_for("fact"), *spec.roles,
                }  # fmt: skip
                f.unknown_keys(file, rec, name_, allowed)
            name = f.text(file, rec, name_, "name", True)
            fact = Fact(
                id=fid,
                type=ftype if spec else "",
                name=normalise_space(name),
                roles=self.roles(file, rec, name_, spec),
                fields=f.typed(file, rec, name_, "fact"),
                evidence=self.citations.evidence(file, rec, name_, required=True),
                origin=Origin(file, rec.line),
                attribution=read_attribution(self.report, self.schema, file, rec, name_, self.entities_by_id),
                same_as=read_same_as(self.report, file, rec, name_),
                **read_dates(self.report, file, rec, name_),
            )
            if fid and self.refs.claim(fid, file, rec, name_) and spec and name:
                pending.append((file, rec, name_, fact))
                nodes[fid] = ftype
                self.where[fid] = Where(file, name_, rec)
        for file, rec, name_, fact in pending:
            self.participants(file, rec, name_, fact, facts[fact.type], nodes)
        return {fact.id: fact for _, _, _, fact in pending}

    def roles(self, file: str, rec: Record, name_: str, spec: EntityType | None) -> dict[str, tuple[str, ...]]:
        """The participants of a fact by role, each role's count checked against the schema."""
        roles: dict[str, tuple[str, ...]] = {}
        add = self.report.add
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

    def relations(self, raw: Raw, nodes: dict[str, str]) -> dict[str, Relation]:
        """The binary relations, their subject and object resolved against ``nodes``."""
        f, out = self.fields, {}
        allowed = {
            "id", "type", "subject", "object", "evidence", *DATE_KEYS, *ATTRIBUTION_KEYS,
            *self.schema.fields_for("relation"),
        }  # fmt: skip
        for index, (file, rec) in enumerate(raw, 1):
            name_ = label("relations", rec, index)
            f.unknown_keys(file, rec, name_, allowed)
            rid = f.identifier(file, rec, name_)
            rtype = f.text(file, rec, name_, "type", True)
            spec = self.relation_type(file, rec, name_, rtype)
            subject = f.text(file, rec, name_, "subject", True)
            obj = f.text(file, rec, name_, "object", True)
            ok = bool(rid and spec and subject and obj)
            if spec:
                ok &= self.ends(file, rec, name_, spec, subject, obj, nodes)
            relation = Relation(
                id=rid,
                type=rtype,
                subject=subject,
                object=obj,
                fields=f.typed(file, rec, name_, "relation"),
                evidence=self.citations.evidence(file, rec, name_, required=True),
                origin=Origin(file, rec.line),
                attribution=read_attribution(self.report, self.schema, file, rec, name_, self.entities_by_id),
                same_as=read_same_as(self.report, file, rec, name_),
                **read_dates(self.report, file, rec, name_, spec.temporal if spec else ""),
            )
            if rid and self.refs.claim(rid, file, rec, name_) and ok:
                out[rid] = relation
                self.where[rid] = Where(file, name_, rec)
        return out

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
                msg, hint = f"unknown relation type '{rtype}'", self.report.suggest(rtype, self.schema.relation_types)
            self.report.add(file, rec.line_of("type"), name_, "type", msg, hint)
        return spec

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
