"""The curator's to-do list: per source, the sentences no evidence cites and none is listed as left out.

Every sentence of a source (:func:`graph.model.sentences.sentences`) is
*cited* when an evidence quote's anchor overlaps it, *not curated* when a
passage of the source's ``not_curated`` list overlaps it (with the reason),
and *to do* otherwise. The share covered counts the first two.

>>> from graph.model import load
>>> [(r.source, r.total, r.share) for r in coverage(load("data"))]
[('sdny-order-2016-08-04', 5, 1.0), ('seed-article', 70, 1.0), ('voa-2016-05-17', 8, 1.0)]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from ..model.records import Dataset, Entity, Evidence, Fact, Relation
from ..model.sentences import Sentence, sentences

__all__ = ["SentenceStatus", "SourceCoverage", "coverage"]


@dataclass(frozen=True)
class SentenceStatus:
    """One sentence of a source, and what the curation did with it."""

    sentence: Sentence
    status: Literal["cited", "not curated", "to do"]
    records: tuple[str, ...] = ()
    """The records whose evidence cites it."""
    reason: str = ""
    """Why it is left out, when it is."""

    def as_json(self) -> dict[str, Any]:
        return {
            "start": self.sentence.start,
            "end": self.sentence.end,
            "text": self.sentence.text,
            "status": self.status,
            "records": list(self.records),
            "reason": self.reason,
        }


@dataclass(frozen=True)
class SourceCoverage:
    """A source's sentences, each with its status."""

    source: str
    title: str
    sentences: list[SentenceStatus] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.sentences)

    def count(self, status: str) -> int:
        return sum(1 for s in self.sentences if s.status == status)

    @property
    def share(self) -> float:
        """The share of sentences cited or deliberately left out (1.0 for a source with no sentences)."""
        return 1.0 if not self.sentences else 1 - self.count("to do") / self.total

    def as_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "title": self.title,
            "sentences": self.total,
            "cited": self.count("cited"),
            "not_curated": self.count("not curated"),
            "to_do": self.count("to do"),
            "share_covered": round(self.share, 4),
            "items": [s.as_json() for s in self.sentences],
        }


def _cited(ds: Dataset) -> Iterable[tuple[str, Evidence]]:
    records: list[Entity | Fact | Relation] = [*ds.entities.values(), *ds.facts.values(), *ds.relations.values()]
    for rec in records:
        for ev in rec.evidence:
            yield rec.id, ev


def coverage(ds: Dataset, source: str | None = None) -> list[SourceCoverage]:
    """Each source's coverage (or only ``source``'s), in the order of the source ids.

    Raises KeyError for an unknown ``source``.
    """
    wanted = [ds.sources[source]] if source is not None else list(ds.sources.values())
    spans: dict[str, list[tuple[int, int, str]]] = {s.id: [] for s in wanted}
    for rid, ev in _cited(ds):
        if ev.source in spans and ev.anchor is not None:
            spans[ev.source].append((ev.anchor.start, ev.anchor.end, rid))
    out = []
    for src in wanted:
        cited = sorted(spans[src.id])
        left_out = sorted((e.anchor.start, e.anchor.end, e.reason) for e in src.not_curated if e.anchor is not None)
        items = []
        for s in sentences(src.text):
            records = tuple(sorted({rid for a, b, rid in cited if a < s.end and s.start < b}))
            if records:
                items.append(SentenceStatus(s, "cited", records))
                continue
            reasons = [why for a, b, why in left_out if a < s.end and s.start < b]
            items.append(SentenceStatus(s, "not curated", reason=reasons[0]) if reasons else SentenceStatus(s, "to do"))
        out.append(SourceCoverage(src.id, src.title, items))
    return out
