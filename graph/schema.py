"""The schema: entity types, n-ary fact types, relation types and fields.

Read once from ``schema.yaml`` (next to this module, or a file given by the
caller). Everything else — validation, the networkx graph, RDF, the HTML legend
and the CLI's choices — asks this object.

>>> s = load_schema()
>>> s.relation_types["sued"].stance
'oppose'
>>> s.expand("org:memberOf")
'http://www.w3.org/ns/org#memberOf'
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml

from .errors import SchemaError

__all__ = [
    "DEFAULT_SCHEMA",
    "Derivation",
    "EntityType",
    "Field",
    "RelationType",
    "Role",
    "Schema",
    "load_schema",
    "suggest",
]

DEFAULT_SCHEMA = Path(__file__).with_name("schema.yaml")

Stance = Literal["oppose", "support", "neutral"]
Balance = Literal["positive", "negative", "none"]
STANCES: tuple[Stance, ...] = ("oppose", "support", "neutral")
BALANCES: tuple[Balance, ...] = ("positive", "negative", "none")
TEMPORAL = ("state", "event")
DATATYPES = ("string", "decimal", "integer")
RECORD_KINDS = ("entity", "fact", "relation")


def suggest(word: str, choices: Any) -> str:
    """The closest of ``choices`` to ``word``, or ``""``.

    >>> suggest("guci", ["gucci", "kering"])
    'gucci'
    """
    matches = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return matches[0] if matches else ""


@dataclass(frozen=True)
class Role:
    """A role in an n-ary fact: ``plaintiff`` of a lawsuit."""

    id: str
    label: str
    iri: str
    range: tuple[str, ...]
    min: int = 0
    max: int | None = None


@dataclass(frozen=True)
class Derivation:
    """A binary edge derived from an n-ary fact's roles.

    ``from``/``to`` gives one directed edge per pair of participants; ``between``
    gives one undirected edge per unordered pair within a role.
    """

    relation: str
    from_role: str = ""
    to_role: str = ""
    between: str = ""


@dataclass(frozen=True)
class EntityType:
    """A kind of node. With ``roles`` it is an n-ary fact type."""

    id: str
    label: str
    plural: str
    description: str
    iri: str
    broader: str
    color: str
    shape: str
    roles: dict[str, Role] = field(default_factory=dict)
    derive: tuple[Derivation, ...] = ()

    @property
    def is_fact(self) -> bool:
        return bool(self.roles)


@dataclass(frozen=True)
class RelationType:
    """A binary relation between entities."""

    id: str
    label: str
    inverse: str
    iri: str
    inverse_iri: str
    broader: str
    domain: tuple[str, ...]
    range: tuple[str, ...]
    directed: bool
    stance: Stance
    balance: Balance
    temporal: str
    allow_self: bool = False
    description: str = ""
    """What the relation means: its ``rdfs:comment`` in the ontology."""
    equivalent: str = ""
    """A standard property with the same meaning (``owl:equivalentProperty``)."""
    shared_object_stance: str = ""
    """Stance between two subjects of this relation with the same object (two
    withdrawals in protest of the same party make the protesters allies)."""
    style: dict[str, Any] = field(default_factory=dict)
    """Display style: the stance's style, with this relation's own ``style`` over it."""


@dataclass(frozen=True)
class Field:
    """A scalar field a record may carry (``claim``, ``amount``...)."""

    id: str
    label: str
    iri: str
    datatype: str
    on: tuple[str, ...]
    description: str = ""
    broader: str = ""
    equivalent: str = ""


@dataclass(frozen=True)
class Schema:
    """The whole model, as declared in the schema file."""

    namespace: str
    version: str
    prefixes: dict[str, str]
    stances: dict[str, dict[str, Any]]
    entity_types: dict[str, EntityType]
    relation_types: dict[str, RelationType]
    fields: dict[str, Field]
    path: str = ""

    @property
    def fact_types(self) -> dict[str, EntityType]:
        """The n-ary fact types (entity types with roles)."""
        return {k: t for k, t in self.entity_types.items() if t.is_fact}

    @property
    def plain_types(self) -> dict[str, EntityType]:
        """The entity types that are not n-ary facts."""
        return {k: t for k, t in self.entity_types.items() if not t.is_fact}

    def expand(self, curie: str) -> str:
        """Expand ``prefix:local`` to a full IRI with the schema's prefixes."""
        prefix, sep, local = curie.partition(":")
        if sep and prefix in self.prefixes and not local.startswith("//"):
            return self.prefixes[prefix] + local
        return curie

    def fields_for(self, kind: str) -> dict[str, Field]:
        """The fields allowed on records of ``kind`` (entity, fact or relation)."""
        return {k: f for k, f in self.fields.items() if kind in f.on}


@lru_cache(maxsize=8)
def _load_cached(path: str) -> Schema:
    return _build(Path(path))


def load_schema(path: str | Path | None = None) -> Schema:
    """Read and check a schema file (the packaged one by default)."""
    return _load_cached(str(Path(path or DEFAULT_SCHEMA).resolve()))


def _build(path: Path) -> Schema:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SchemaError(f"{path}: cannot read schema: {exc}") from None
    if not isinstance(raw, dict):
        raise SchemaError(f"{path}: the schema must be a mapping")
    problems: list[str] = []

    def need(where: str, spec: dict[str, Any], key: str, default: Any = None) -> Any:
        if key in spec:
            return spec[key]
        if default is None:
            problems.append(f"{where}: missing '{key}'")
        return default

    prefixes = {str(k): str(v) for k, v in (raw.get("prefixes") or {}).items()}
    stances = raw.get("stances") or {}
    for s in STANCES:
        if s not in stances:
            problems.append(f"stances: missing stance '{s}'")

    entity_types: dict[str, EntityType] = {}
    for tid, spec in (raw.get("entity_types") or {}).items():
        where = f"entity type `{tid}`"
        style = need(where, spec, "style", {}) or {}
        roles: dict[str, Role] = {}
        for rid, rspec in (spec.get("roles") or {}).items():
            rwhere = f"{where}, role `{rid}`"
            roles[rid] = Role(
                id=rid,
                label=need(rwhere, rspec, "label", ""),
                iri=need(rwhere, rspec, "iri", ""),
                range=tuple(need(rwhere, rspec, "range", [])),
                min=int(rspec.get("min", 0)),
                max=rspec.get("max"),
            )
        derive = tuple(
            Derivation(
                relation=d.get("relation", ""),
                from_role=d.get("from", ""),
                to_role=d.get("to", ""),
                between=d.get("between", ""),
            )
            for d in spec.get("derive") or []
        )
        entity_types[tid] = EntityType(
            id=tid,
            label=need(where, spec, "label", ""),
            plural=spec.get("plural") or spec.get("label", tid),
            description=spec.get("description", ""),
            iri=need(where, spec, "iri", ""),
            broader=spec.get("broader", ""),
            color=style.get("color", ""),
            shape=style.get("shape", ""),
            roles=roles,
            derive=derive,
        )

    relation_types: dict[str, RelationType] = {}
    for rid, spec in (raw.get("relation_types") or {}).items():
        where = f"relation `{rid}`"
        relation_types[rid] = RelationType(
            id=rid,
            label=need(where, spec, "label", ""),
            inverse=need(where, spec, "inverse", ""),
            iri=need(where, spec, "iri", ""),
            inverse_iri=spec.get("inverse_iri", ""),
            broader=spec.get("broader", ""),
            domain=tuple(need(where, spec, "domain", [])),
            range=tuple(need(where, spec, "range", [])),
            directed=bool(need(where, spec, "directed", True)),
            stance=need(where, spec, "stance", ""),
            balance=spec.get("balance", "none"),
            temporal=need(where, spec, "temporal", ""),
            allow_self=bool(spec.get("allow_self", False)),
            description=need(where, spec, "description", ""),
            equivalent=spec.get("equivalent", ""),
            shared_object_stance=spec.get("shared_object_stance", ""),
            style={
                **((stances.get(spec.get("stance")) or {}).get("style") or {}),
                **(spec.get("style") or {}),
            },
        )

    fields: dict[str, Field] = {}
    for fid, spec in (raw.get("fields") or {}).items():
        where = f"field `{fid}`"
        fields[fid] = Field(
            id=fid,
            label=need(where, spec, "label", ""),
            iri=need(where, spec, "iri", ""),
            datatype=need(where, spec, "datatype", ""),
            on=tuple(need(where, spec, "applies_to", [])),
            description=spec.get("description", ""),
            broader=spec.get("broader", ""),
            equivalent=spec.get("equivalent", ""),
        )

    schema = Schema(
        namespace=str(need("schema", raw, "namespace", "")),
        version=str(raw.get("version", "0")),
        prefixes=prefixes,
        stances=stances,
        entity_types=entity_types,
        relation_types=relation_types,
        fields=fields,
        path=str(path),
    )
    problems.extend(_check(schema))
    if problems:
        raise SchemaError(f"{path}: invalid schema:\n" + "\n".join(f"  {p}" for p in problems))
    return schema


def _check(schema: Schema) -> list[str]:
    """Second pass: every reference in the schema resolves."""
    problems: list[str] = []
    types = schema.entity_types

    def check_types(where: str, names: tuple[str, ...], what: str) -> None:
        if not names:
            problems.append(f"{where}: empty {what}")
        for name in names:
            if name not in types:
                hint = suggest(name, types)
                problems.append(
                    f"{where}: unknown {what} type `{name}`" + (f" (did you mean `{hint}`?)" if hint else "")
                )

    def check_iri(where: str, curie: str) -> None:
        if not curie:
            return
        prefix = curie.partition(":")[0]
        if prefix not in schema.prefixes:
            problems.append(f"{where}: IRI `{curie}` uses an undeclared prefix `{prefix}`")

    reserved = {"id", "type", "name", "aliases", "evidence", "date", "start", "end", "subject", "object"}
    for t in types.values():
        where = f"entity type `{t.id}`"
        check_iri(where, t.iri)
        check_iri(where, t.broader)
        if not t.color or not t.shape:
            problems.append(f"{where}: style needs a color and a shape")
        for role in t.roles.values():
            rwhere = f"{where}, role `{role.id}`"
            check_types(rwhere, role.range, "range")
            check_iri(rwhere, role.iri)
            if role.id in reserved or role.id in schema.fields:
                problems.append(f"{rwhere}: role name clashes with a record field")
            if role.max is not None and role.max < max(role.min, 1):
                problems.append(f"{rwhere}: max is below min")
        for d in t.derive:
            dwhere = f"{where}, derive `{d.relation}`"
            if d.relation not in schema.relation_types:
                problems.append(f"{dwhere}: unknown relation type")
            named = [name for name in (d.from_role, d.to_role, d.between) if name]
            if not ((d.from_role and d.to_role and not d.between) or (d.between and not d.from_role)):
                problems.append(f"{dwhere}: give either from and to, or between")
            for name in named:
                if name not in t.roles:
                    problems.append(f"{dwhere}: unknown role `{name}`")
    for r in schema.relation_types.values():
        where = f"relation `{r.id}`"
        check_types(where, r.domain, "domain")
        check_types(where, r.range, "range")
        for curie in (r.iri, r.inverse_iri, r.broader, r.equivalent):
            check_iri(where, curie)
        if not r.description:
            problems.append(f"{where}: empty description (it is the property's rdfs:comment)")
        if r.stance not in STANCES:
            problems.append(f"{where}: stance must be one of {', '.join(STANCES)}")
        if r.balance not in BALANCES:
            problems.append(f"{where}: balance must be one of {', '.join(BALANCES)}")
        if r.shared_object_stance and r.shared_object_stance not in STANCES:
            problems.append(f"{where}: shared_object_stance must be one of {', '.join(STANCES)}")
        if not {"color", "width", "dashes"} <= set(r.style):
            problems.append(f"{where}: style needs color, width and dashes (from its stance or its own)")
        if r.temporal not in TEMPORAL:
            problems.append(f"{where}: temporal must be one of {', '.join(TEMPORAL)}")
    for f in schema.fields.values():
        where = f"field `{f.id}`"
        for curie in (f.iri, f.broader, f.equivalent):
            check_iri(where, curie)
        if f.datatype not in DATATYPES:
            problems.append(f"{where}: datatype must be one of {', '.join(DATATYPES)}")
        for kind in f.on:
            if kind not in RECORD_KINDS:
                problems.append(f"{where}: `applies_to` must list {', '.join(RECORD_KINDS)}")
        if f.id in reserved:
            problems.append(f"{where}: clashes with a built-in record field")
    return problems
