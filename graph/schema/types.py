"""The schema's types: entity, fact and relation types, fields, and the vocabulary.

:func:`graph.schema.load_schema` reads them from ``schema.yaml``; every other
layer asks a :class:`Schema` object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from .claims import AttributionVocabulary
from .time import TimeVocabulary

__all__ = [
    "BALANCES",
    "DATATYPES",
    "RECORD_KINDS",
    "STANCES",
    "TEMPORAL",
    "Derivation",
    "EntityType",
    "Field",
    "RelationType",
    "Role",
    "Schema",
    "Term",
    "Vocabulary",
]

Stance = Literal["oppose", "support", "neutral"]
Balance = Literal["positive", "negative", "none"]
STANCES: tuple[Stance, ...] = ("oppose", "support", "neutral")
BALANCES: tuple[Balance, ...] = ("positive", "negative", "none")
TEMPORAL = ("state", "event")
DATATYPES = ("string", "decimal", "integer")
RECORD_KINDS = ("entity", "fact", "relation")


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
class Term:
    """One of the statement pattern's own classes or properties (``cdkg:RelationStatement``)."""

    iri: str
    kind: str
    """``class``, ``datatype``, ``object`` or ``annotation`` (an OWL property kind)."""
    label: str
    comment: str
    broader: str = ""
    range: str = ""


@dataclass(frozen=True)
class Vocabulary:
    """The IRIs the RDF pattern uses, every one read from the schema (full IRIs).

    The project's own namespaces by role (``ontology``, ``entity``,
    ``statement``, ``source``, ``shapes``), the default named graph of a
    store, the date and source properties, the pattern's own terms, and the
    terms of a record's time (computed and as curated).
    """

    ontology: str
    entity: str
    statement: str
    source: str
    shapes: str
    graph: str
    prefixes: dict[str, str]
    """Role -> the prefix that names its namespace (``entity`` -> ``cdk``)."""
    dates: dict[str, str]
    """``date``, ``start``, ``end`` -> the property that carries each."""
    source_classes: tuple[str, ...]
    source_properties: dict[str, str]
    """A source record's field -> its property (``title`` -> dcterms:title)."""
    terms: dict[str, Term]
    """The pattern's own classes and properties, by local name."""
    time: dict[str, str] = field(default_factory=dict)
    """A record's computed time: ``edtf`` (the property of its EDTF literal), ``edtf_datatype``,
    ``publication`` (a source's), the four bounds (``begin_of_the_begin``...) and ``curated_class``."""
    curated: dict[str, str] = field(default_factory=dict)
    """``date``, ``start``, ``end``, ``published`` -> the property linking a record to that date as curated."""
    date_parts: dict[str, str] = field(default_factory=dict)
    """A curated date's parts (``value``, ``earliest``, ``latest``, ``relative``, ``source``, ``after``,
    ``before``, ``note``) -> the property that carries each."""

    def term(self, local: str) -> str:
        """The full IRI of one of the pattern's own terms, by local name.

        >>> from graph.schema import load_schema
        >>> load_schema().vocabulary.term("RelationStatement")
        'https://w3id.org/cdkg/ontology#RelationStatement'
        """
        return self.terms[local].iri

    def statement_class(self, relation_type: str) -> str:
        """The class of one relation type's statements (a subclass of ``RelationStatement``).

        >>> from graph.schema import load_schema
        >>> load_schema().vocabulary.statement_class("co_plaintiff_with")
        'https://w3id.org/cdkg/ontology#CoPlaintiffWithStatement'
        """
        return self.ontology + "".join(part.capitalize() for part in relation_type.split("_")) + "Statement"


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
    vocabulary: Vocabulary
    time: TimeVocabulary = field(default_factory=TimeVocabulary)
    """The declared statuses and relative date expressions."""
    attribution: AttributionVocabulary = field(default_factory=AttributionVocabulary)
    """The declared modes (stated, reported...) and visibilities (public, private) of claims."""
    role_style: dict[str, Any] = field(default_factory=dict)
    """How a role edge (a participant's edge to its n-ary fact) is drawn: ``color``, ``width``, ``dashes``."""
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
