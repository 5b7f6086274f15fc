"""The validated data model: what the loader produces and every writer reads.

Records are immutable; a :class:`Dataset` is the whole curated graph with its
schema and sources. Ids are unique across entities, facts and relations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from .anchors import Anchor
from .claims import Attribution
from .dates import PartialDate
from .timing import DateSpec, Span, Timing

if TYPE_CHECKING:
    from ..schema import Schema

__all__ = ["Alias", "Dataset", "Entity", "Evidence", "Exclusion", "Fact", "Origin", "Relation", "Source", "Value"]

Value = str | int | Decimal


@dataclass(frozen=True, order=True, slots=True)
class Origin:
    """Where a record was written: file (as shown to the user) and line."""

    file: str = ""
    line: int = 0

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass(frozen=True, order=True, slots=True)
class Evidence:
    """A verbatim quote from a registered source, and where it is in the source's text."""

    source: str
    quote: str
    anchor: Anchor | None = None
    """The quote's span in the source (None on evidence built by hand, and on an alias cited as evidence)."""


@dataclass(frozen=True, order=True, slots=True)
class Alias:
    """A name used for an entity; with ``source``, a name that source uses."""

    name: str
    source: str = ""


@dataclass(frozen=True, order=True, slots=True)
class Exclusion:
    """A passage of a source the curators decided not to curate, and why."""

    quote: str
    reason: str
    anchor: Anchor | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """An entry of the sources registry, with its text."""

    id: str
    title: str
    file: str
    text: str = field(repr=False, default="")
    publisher: str = ""
    published: PartialDate | None = None
    published_note: str = ""
    published_spec: DateSpec | None = None
    """The publication date as curated (a value, bounds, a note)."""
    publication: Span | None = None
    """The days the source may have been published on, as computed (curated bounds narrowed by what it reports)."""
    language: str = ""
    language_note: str = ""
    url: str = ""
    licence: str = ""
    not_curated: tuple[Exclusion, ...] = ()
    """Passages deliberately left out, each with its reason (what ``coverage`` does not list as to do)."""
    origin: Origin = Origin()


@dataclass(frozen=True, slots=True)
class _Dated:
    date: PartialDate | None
    start: PartialDate | None
    end: PartialDate | None

    @property
    def dates(self) -> dict[str, PartialDate]:
        """The dates that are set, by name (``date``, ``start``, ``end``)."""
        found = {"date": self.date, "start": self.start, "end": self.end}
        return {k: v for k, v in found.items() if v is not None}

    @property
    def begins(self) -> PartialDate | None:
        """When the fact starts to hold (its date or its start)."""
        return self.date or self.start


@dataclass(frozen=True, slots=True)
class Entity(_Dated):
    """A node that is not an n-ary fact: a company, a person, a court..."""

    id: str
    type: str
    name: str
    aliases: tuple[Alias, ...] = ()
    fields: dict[str, Value] = field(default_factory=dict)
    evidence: tuple[Evidence, ...] = ()
    origin: Origin = Origin()
    specs: dict[str, DateSpec] = field(default_factory=dict)
    """The dates as the curator wrote them, by name (``date``, ``start``, ``end``)."""
    timing: Timing | None = None
    """The dates as computed intervals (set by the loader; None on a record built by hand)."""

    @property
    def names(self) -> list[str]:
        """The name and every distinct alias, name first."""
        seen = [self.name]
        for a in self.aliases:
            if a.name not in seen:
                seen.append(a.name)
        return seen


@dataclass(frozen=True, slots=True)
class Fact(_Dated):
    """An n-ary fact (lawsuit, withdrawal...): a node with participants by role."""

    id: str
    type: str
    name: str
    roles: dict[str, tuple[str, ...]]
    fields: dict[str, Value] = field(default_factory=dict)
    evidence: tuple[Evidence, ...] = ()
    origin: Origin = Origin()
    specs: dict[str, DateSpec] = field(default_factory=dict)
    """The dates as the curator wrote them, by name (``date``, ``start``, ``end``)."""
    timing: Timing | None = None
    """The dates as computed intervals (set by the loader; None on a record built by hand)."""
    attribution: Attribution = field(default_factory=Attribution)
    """Who asserts it: the source in its own voice unless it says whom it follows."""
    same_as: tuple[str, ...] = ()
    """Other records that are the same fact as another source tells it (``conflicts`` compares them)."""

    @property
    def aliases(self) -> tuple[Alias, ...]:
        return ()

    @property
    def names(self) -> list[str]:
        return [self.name]


@dataclass(frozen=True, slots=True)
class Relation(_Dated):
    """A binary relation between two nodes."""

    id: str
    type: str
    subject: str
    object: str
    fields: dict[str, Value] = field(default_factory=dict)
    evidence: tuple[Evidence, ...] = ()
    origin: Origin = Origin()
    specs: dict[str, DateSpec] = field(default_factory=dict)
    """The dates as the curator wrote them, by name (``date``, ``start``, ``end``)."""
    timing: Timing | None = None
    """The dates as computed intervals (set by the loader; None on a record built by hand)."""
    attribution: Attribution = field(default_factory=Attribution)
    """Who asserts it: the source in its own voice unless it says whom it follows."""
    same_as: tuple[str, ...] = ()
    """Other records that are the same fact as another source tells it (``conflicts`` compares them)."""


@dataclass(frozen=True, slots=True)
class Dataset:
    """A validated dataset: schema, sources, entities, facts and relations by id."""

    schema: Schema
    sources: dict[str, Source]
    entities: dict[str, Entity]
    facts: dict[str, Fact]
    relations: dict[str, Relation]

    def node(self, node_id: str) -> Entity | Fact:
        """The entity or fact with this id."""
        return self.entities.get(node_id) or self.facts[node_id]
