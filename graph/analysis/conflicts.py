"""Where the sources disagree: the same fact told two ways, each side with its source and its quote.

Two records are accounts of the same fact when one names the other in
``same_as``, or when they are relations of one type between the same two
nodes from different sources. Their disagreements:

- **dates**: a date of one cannot be any day the other's allows (their spans are disjoint);
- **roles**: a fact's participants in a role differ (``more precise`` when one side's are a part
  of the other's, ``different`` otherwise), compared at the level the sources share: a legal
  entity counts as the brand or group it is the legal entity of (``legal_entity_of``), so a
  court's "Gucci America, Inc." and an article's "Gucci" agree;
- **denial**: one side asserts it, the other denies it (the schema's ``negates`` modes).

>>> from graph.model import load
>>> [c.kind for c in conflicts(load("data"))] == sorted(c.kind for c in conflicts(load("data")))
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model.records import Dataset, Fact, Relation
from ..model.timing import Span

__all__ = ["Conflict", "Side", "conflicts"]


@dataclass(frozen=True, order=True)
class Side:
    """One account: the record, its sources and its first quote from each."""

    record: str
    sources: tuple[str, ...]
    quotes: tuple[str, ...]
    claim: str
    """What this side says on the point in dispute (a date, participants, "denied")."""

    def as_json(self) -> dict[str, Any]:
        return {"record": self.record, "sources": list(self.sources), "quotes": list(self.quotes), "claim": self.claim}


@dataclass(frozen=True, order=True)
class Conflict:
    """A disagreement between two accounts of one fact."""

    kind: str
    """``dates``, ``roles`` or ``denial``."""
    subject: str
    """What is in dispute: the date or role (``date``, ``plaintiff``) or the relation."""
    a: Side
    b: Side
    detail: str = field(default="", compare=False)

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "subject": self.subject,
            "detail": self.detail,
            "a": self.a.as_json(),
            "b": self.b.as_json(),
        }


Record = Fact | Relation


def _side(rec: Record, claim: str) -> Side:
    sources = tuple(sorted({e.source for e in rec.evidence}))
    quotes = tuple(next(e.quote for e in rec.evidence if e.source == s) for s in sources)
    return Side(rec.id, sources, quotes, claim)


def _pairs(ds: Dataset) -> list[tuple[Record, Record]]:
    records: dict[str, Record] = {**ds.facts, **ds.relations}
    pairs: set[tuple[str, str]] = set()
    for rid, rec in records.items():
        for other in rec.same_as:
            if other in records:
                pairs.add((min(rid, other), max(rid, other)))
    by_ends: dict[tuple[str, str, str], list[Relation]] = {}
    for r in ds.relations.values():
        by_ends.setdefault((r.type, r.subject, r.object), []).append(r)
    for group in by_ends.values():
        for i, x in enumerate(group):
            for y in group[i + 1 :]:
                if {e.source for e in x.evidence} != {e.source for e in y.evidence}:
                    pairs.add((min(x.id, y.id), max(x.id, y.id)))
    return [(records[a], records[b]) for a, b in sorted(pairs)]


def _negates(ds: Dataset, rec: Record) -> bool:
    mode = ds.schema.attribution.modes.get(rec.attribution.mode)
    return bool(mode and mode.negates)


def conflicts(ds: Dataset) -> list[Conflict]:
    """Every disagreement between two accounts of one fact, in a stable order."""
    out: list[Conflict] = []
    for a, b in _pairs(ds):
        if _negates(ds, a) != _negates(ds, b):
            says = {
                r.id: ("denied" if _negates(ds, r) else str(r.fields.get("status") or r.attribution.mode))
                for r in (a, b)
            }
            out.append(
                Conflict(
                    "denial",
                    a.type,
                    _side(a, says[a.id]),
                    _side(b, says[b.id]),
                    "one account denies what the other asserts",
                )
            )
        out += _dates(a, b)
        if isinstance(a, Fact) and isinstance(b, Fact):
            out += _roles(a, b, _brands(ds))
    return sorted(out)


def _brands(ds: Dataset) -> dict[str, str]:
    """Each legal entity's brand or group (``legal_entity_of``), when the schema has the relation."""
    return {r.subject: r.object for r in ds.relations.values() if r.type == "legal_entity_of"}


def _dates(a: Record, b: Record) -> list[Conflict]:
    out = []
    spans_a = a.timing.spans if a.timing else {}
    spans_b = b.timing.spans if b.timing else {}
    for point in sorted(set(spans_a) & set(spans_b)):
        x, y = spans_a[point], spans_b[point]
        if _disjoint(x, y):
            out.append(
                Conflict("dates", point, _side(a, str(x)), _side(b, str(y)), f"the {point} cannot be both {x} and {y}")
            )
    return out


def _disjoint(x: Span, y: Span) -> bool:
    return bool(
        (x.latest is not None and y.earliest is not None and x.latest < y.earliest)
        or (y.latest is not None and x.earliest is not None and y.latest < x.earliest)
    )


def _roles(a: Fact, b: Fact, brands: dict[str, str]) -> list[Conflict]:
    out = []
    for role in sorted(set(a.roles) | set(b.roles)):
        x = {brands.get(p, p) for p in a.roles.get(role, ())}
        y = {brands.get(p, p) for p in b.roles.get(role, ())}
        if x == y or not x or not y:
            continue  # a side that names nobody in a role does not disagree on it
        if x < y or y < x:
            detail = "more precise: one account names more participants than the other"
        else:
            detail = "different participants"
        out.append(Conflict("roles", role, _side(a, ", ".join(sorted(x))), _side(b, ", ".join(sorted(y))), detail))
    return out
