"""One claim, several sources: the records ``same_as`` joins, and the time they give together.

When two sources give the same fact or relation, each keeps its own record
(its attribution, dates and evidence), linked by ``same_as``. What they say
of its time is knowledge about one thing: the seed article has Alibaba a
member of the IACC as of its publication, the Voice of America item has the
membership suspended by May 17. So the claim is in effect only on the days
every one of its records allows (:func:`claim_timings`): each bound is the
tighter of theirs, with that record's reason; a denial by any source makes it
never in effect; it is planned only if every record has it planned. Where the
records' dates cannot all hold (the days they allow do not meet), each keeps
its own time and ``cdkg conflicts`` shows the disagreement.

>>> from graph import load
>>> ds = load("data")
>>> groups = same_claims(ds)
>>> groups["alibaba-member_of-iacc"]
('alibaba-member_of-iacc', 'alibaba-member_of-iacc.voa')
>>> str(claim_timings(ds)["alibaba-member_of-iacc"].end)
'between 2016-04-01 and 2016-05-18'
"""

from __future__ import annotations

from .records import Dataset, Fact, Relation
from .timing import Span, Timing

__all__ = ["claim_timings", "combine", "same_claims"]


def same_claims(ds: Dataset) -> dict[str, tuple[str, ...]]:
    """Each fact or relation that ``same_as`` joins to others -> every record of its claim, sorted.

    ``same_as`` is read both ways and transitively (a record the same as one the same as a third).
    """
    records: dict[str, Fact | Relation] = {**ds.facts, **ds.relations}
    parent = {rid: rid for rid in records}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for rid, rec in records.items():
        for other in rec.same_as:
            if other in parent:
                a, b = root(rid), root(other)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    groups: dict[str, list[str]] = {}
    for rid in records:
        groups.setdefault(root(rid), []).append(rid)
    return {rid: tuple(sorted(g)) for g in groups.values() if len(g) > 1 for rid in g}


def combine(timings: list[Timing]) -> Timing | None:
    """The time several records of one claim give together; None when their dates cannot all hold."""
    asserted = [t for t in timings if not t.negated] or timings
    first = asserted[0]
    if any(t.kind != first.kind for t in asserted):
        return None
    if len(asserted) < len(timings):  # a denial (whose time is its own, often none) makes it never in effect
        return Timing(first.kind, date=first.date, start=first.start, end=first.end, negated=True)
    points: dict[str, Span] = {}
    for t in asserted:
        for point, span in t.spans.items():
            points[point] = points[point].meet(span) if point in points else span
    if any(span.empty for span in points.values()):
        return None
    return Timing(
        first.kind,
        date=points.get("date"),
        start=points.get("start"),
        end=points.get("end"),
        planned=all(t.planned for t in asserted),
    )


def claim_timings(ds: Dataset) -> dict[str, Timing]:
    """Each record of a claim several records give -> the claim's time (:func:`combine`), when they agree."""
    records: dict[str, Fact | Relation] = {**ds.facts, **ds.relations}
    out: dict[str, Timing] = {}
    done: set[tuple[str, ...]] = set()
    for group in same_claims(ds).values():
        if group in done:
            continue
        done.add(group)
        timings = [records[rid].timing for rid in group]
        if any(t is None for t in timings):
            continue
        together = combine([t for t in timings if t is not None])
        if together is not None:
            out.update(dict.fromkeys(group, together))
    return out
