"""The loader's last pass: every record's dates as intervals, from its sources, its status and its order.

:class:`Chronology` turns each record's :class:`~graph.model.timing.DateSpec`
into points and constraints (see :mod:`graph.model.chronology` for the rules
and the solver), solves them, reports what cannot hold, and returns each
record's :class:`~graph.model.timing.Timing` and each source's publication
span. Relative dates are read against the publication spans, and read again
when the order narrows a publication, until nothing changes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TypeVar

from ..schema import Schema, Status
from .chronology import Constraint, Propagated, propagate
from .dates import PartialDate
from .problems import Report
from .records import Entity, Fact, Relation, Source
from .relative import resolve
from .timing import POINTS, DateSpec, Span, Timing
from .yamlio import Record

__all__ = ["Chronology", "Where", "dated", "dated_source"]

Point = tuple[str, str]
"""A record id and one of its dates (``date``, ``start``, ``end``), or ("", source id) for a publication."""

Dated = Entity | Fact | Relation

_ROUNDS = 8  # relative dates re-read against narrowed publications: enough for any real chain


@dataclass(frozen=True)
class Where:
    """Where a record was read: its file, its label in messages and its YAML mapping (for the lines)."""

    file: str
    label: str
    rec: Record


class Chronology:
    """Collects the records' dates, solves them, and reports every problem at once."""

    def __init__(self, report: Report, schema: Schema, sources: dict[str, Source]) -> None:
        self.report = report
        self.schema = schema
        self.sources = dict(sorted(sources.items()))  # by id, as records are solved: see solve

    def kind(self, rec: Dated) -> str:
        """``event``, ``state`` or ``timeless``."""
        if "start" in rec.specs or "end" in rec.specs:  # an event that lasts days (a talk at a conference) too
            return "state"
        if isinstance(rec, Relation):
            spec = self.schema.relation_types.get(rec.type)
            return "state" if spec and spec.temporal == "state" else "event"
        if "start" in rec.specs or "end" in rec.specs:
            return "state"
        if "date" in rec.specs or isinstance(rec, Fact):
            return "event"
        return "timeless"

    def status(self, rec: Dated, where: Where) -> Status | None:
        """The record's declared status, or None (a problem when the schema declares statuses and this is not one)."""
        value = rec.fields.get("status")
        declared = self.schema.time.statuses
        if value is None or not declared:
            return None
        found = declared.get(str(value))
        if found is None:
            by_label = next((s for s in declared.values() if s.label == value), None)
            hint = by_label.id if by_label else self.report.suggest(str(value), declared)
            self.report.add(
                where.file, where.rec.line_of("status"), where.label, "status",
                f"unknown status '{value}': expected one of {', '.join(declared)}", hint,
            )  # fmt: skip
        return found

    def solve(self, records: dict[str, Dated], where: dict[str, Where]) -> tuple[dict[str, Timing], dict[str, Span]]:
        """Each dated record's timing and each source's publication span (empty when there are problems)."""
        records = dict(sorted(records.items()))  # the reasons a bound gives follow this order: not the files'
        kinds = {rid: self.kind(rec) for rid, rec in records.items()}
        statuses = {rid: self.status(rec, where[rid]) for rid, rec in records.items() if rid in where}
        cons = self.constraints(records, kinds, statuses, where)
        curated = {("", sid): s.publication or Span() for sid, s in self.sources.items()}
        read_against = curated  # the publications relative dates are read against, narrowed by each round
        for _ in range(_ROUNDS):
            solved = propagate({**self.given_spans(records, kinds, where, read_against, False), **curated}, cons)
            narrowed = {k: solved.spans.get(k, v) for k, v in curated.items()}
            if narrowed == read_against or any(v.empty for v in narrowed.values()):
                break
            read_against = narrowed
        solved = propagate({**self.given_spans(records, kinds, where, read_against, True), **curated}, cons)
        self.problems(solved, where)
        timings = {}
        for rid, kind in kinds.items():
            planned = bool(statuses.get(rid) and statuses[rid].planned)  # type: ignore[union-attr]
            negated = self.negated(records[rid])
            if kind == "event":
                date = solved.spans.get((rid, "date"), Span())
                timings[rid] = Timing("event", date=date, planned=planned, negated=negated)
            elif kind == "state":
                s, e = solved.spans.get((rid, "start"), Span()), solved.spans.get((rid, "end"), Span())
                timings[rid] = Timing("state", start=s, end=e, planned=planned, negated=negated)
            else:
                timings[rid] = Timing("timeless")
        return timings, {sid: solved.spans.get(("", sid), Span()) for sid in self.sources}

    # -- the spans as written ----------------------------------------------------

    def given_spans(
        self,
        records: dict[str, Dated],
        kinds: dict[str, str],
        where: dict[str, Where],
        pubs: dict[Point, Span],
        report: bool,
    ) -> dict[Point, Span]:
        """Each point's span from its value, bounds and relative date (problems noted when ``report``)."""
        out: dict[Point, Span] = {}
        for rid, rec in records.items():
            for point in _points(kinds[rid]):
                spec = rec.specs.get(point)
                if spec is None:
                    continue
                span = spec.given()
                if spec.relative:
                    span = span.meet(self.relative(rec, point, spec, where.get(rid), pubs, report))
                out[(rid, point)] = span
        return out

    def relative(
        self, rec: Dated, point: str, spec: DateSpec, where: Where | None, pubs: dict[Point, Span], report: bool
    ) -> Span:
        vocab = self.schema.time
        expr = vocab.find(spec.relative)

        def problem(msg: str, hint: str = "") -> Span:
            if report and where is not None:
                self.report.add(where.file, where.rec.line_of(point), where.label, f"{point}.relative", msg, hint)
            return Span()

        if expr is None:
            known = "; ".join(sorted(vocab.relative, key=str.lower)) or "none (the schema declares no relative dates)"
            return problem(
                f"unknown relative date '{spec.relative}': known are {known}",
                self.report.suggest(spec.relative, vocab.relative),
            )
        cited = sorted({e.source for e in rec.evidence})
        sid = spec.source or (cited[0] if len(cited) == 1 else "")
        if not sid:
            return problem(
                f"'{spec.relative}' is relative to a source's publication, and this record cites "
                + ("none" if not cited else f"{len(cited)} ({', '.join(cited)})")
                + ": say which with 'source'"
            )
        if sid not in self.sources:
            return problem(f"unknown source '{sid}'", self.report.suggest(sid, self.sources))
        pub = pubs.get(("", sid), Span())
        try:
            return resolve(expr, pub)
        except ValueError as exc:
            return problem(f"'{spec.relative}' cannot be read against the publication of '{sid}': {exc}")

    # -- the constraints ----------------------------------------------------------

    def constraints(
        self,
        records: dict[str, Dated],
        kinds: dict[str, str],
        statuses: dict[str, Status | None],
        where: dict[str, Where],
    ) -> list[Constraint[Point]]:
        """Every "on or before" the records' kinds, orders, statuses and sources say."""
        out: list[Constraint[Point]] = []
        for rid, rec in records.items():
            kind = kinds[rid]
            if kind == "timeless":
                continue
            begin: Point = (rid, "date" if kind == "event" else "start")
            if kind == "state":
                out.append(Constraint(begin, (rid, "end"), f"its start ({rid})", f"its end ({rid})"))
            for point, spec in rec.specs.items():
                if point not in _points(kind):
                    continue
                for ref in spec.after:
                    target = self.reference(ref, records, kinds, f"{point}.after", point, where.get(rid))
                    if target:
                        out.append(Constraint(target, (rid, point), _describe(target), _describe((rid, point))))
                for ref in spec.before:
                    target = self.reference(ref, records, kinds, f"{point}.before", point, where.get(rid))
                    if target:
                        out.append(Constraint((rid, point), target, _describe((rid, point)), _describe(target)))
            out += self.publication(rid, rec, kind, statuses.get(rid))
        return out

    def negated(self, rec: Dated) -> bool:
        """Whether the record's mode says it did not happen (a denial)."""
        if isinstance(rec, Entity):
            return False
        mode = self.schema.attribution.modes.get(rec.attribution.mode)
        return bool(mode and mode.negates)

    def publication(self, rid: str, rec: Dated, kind: str, status: Status | None) -> list[Constraint[Point]]:
        """What each source that reports the record says about its dates against the source's publication.

        Nothing for a denial: its dates are those of what did not happen.
        """
        out: list[Constraint[Point]] = []
        if self.negated(rec):
            return out
        rule = status.rule if status else ""
        begin: Point = (rid, "date" if kind == "event" else "start")
        for sid in sorted({e.source for e in rec.evidence if e.source in self.sources}):
            pub: Point = ("", sid)
            what = f"the publication of {sid}"
            if rule == "after_publication":
                label = status.label if status else "planned"
                out.append(Constraint(pub, begin, f"{what}, as of which it is {label}", f"{_describe(begin)}, {label}"))
                continue
            out.append(Constraint(begin, pub, _describe(begin), f"{what}, which reports it"))
            if kind != "state":
                continue
            end: Point = (rid, "end")
            if rule == "ended_by_publication" or (not rule and "end" in rec.specs):
                out.append(Constraint(end, pub, _describe(end), f"{what}, which reports it ended"))
            elif rule == "holds_at_publication" or (not rule and "end" not in rec.specs):
                out.append(Constraint(pub, end, f"{what}, which reports it holding", _describe(end)))
        return out

    def reference(
        self, ref: str, records: dict[str, Dated], kinds: dict[str, str], fld: str, point: str, where: Where | None
    ) -> Point | None:
        """The point ``ref`` names: a record id (its date or start) or ``id.start`` / ``id.end`` / ``id.date``."""
        if ref in records and kinds[ref] != "timeless":
            return (ref, "date" if kinds[ref] == "event" else "start")
        base, _, name = ref.rpartition(".")
        if base in records and name in _points(kinds[base]):
            return (base, name)
        if where is None:
            return None
        hint = ""
        if ref in records:
            msg = f"'{ref}' has no dates to be ordered against"
        elif base in records:
            msg = f"'{ref}': '{base}' has no date '{name}' (it has {', '.join(_points(kinds[base])) or 'none'})"
        else:
            msg, hint = f"unknown record '{ref}'", self.report.suggest(ref, records)
        self.report.add(where.file, where.rec.line_of(point), where.label, fld, msg, hint)
        return None

    # -- what cannot hold ---------------------------------------------------------

    def problems(self, solved: Propagated[Point], where: dict[str, Where]) -> None:
        """Every cycle and every point no day fits, each at its record."""
        for cycle in solved.cycles:
            names = sorted({_name(k) for k in cycle})
            first = min(
                (k for k in cycle if k[0] in where),
                key=lambda k: (where[k[0]].file, where[k[0]].rec.line),
                default=None,
            )
            if first is None:
                continue
            w = where[first[0]]
            self.report.add(
                w.file, w.rec.line_of(first[1]), w.label, first[1],
                "these dates are ordered in a cycle (each on or after the next, so all on one day): "
                + ", ".join(names),
            )  # fmt: skip
        reported: set[str] = set()
        # one message per contradiction: the points it empties downstream are not reported again
        for k, (lo_chain, hi_chain) in sorted(
            solved.empty.items(), key=lambda e: (not e[0][0], len(e[1][0]) + len(e[1][1]), e[0])
        ):
            involved = {_name(x) for x in lo_chain + hi_chain}
            if involved & reported:
                continue
            reported |= involved
            span = solved.spans[k]
            msg = (
                f"no day fits {_label(k)}: it must be on or after {span.earliest} ({span.why_earliest}) "
                f"and on or before {span.latest} ({span.why_latest}); records involved: {', '.join(sorted(involved))}"
            )
            if k[0] in where:
                w = where[k[0]]
                self.report.add(w.file, w.rec.line_of(k[1]), w.label, k[1], msg)
            elif not k[0] and k[1] in self.sources:
                origin = self.sources[k[1]].origin
                self.report.add(origin.file, origin.line, f"source {k[1]}", "published", msg)


def _points(kind: str) -> tuple[str, ...]:
    return {"event": ("date",), "state": ("start", "end")}.get(kind, ())


def _name(k: Point) -> str:
    return k[0] or f"source {k[1]}"


def _label(k: Point) -> str:
    return f"the publication of {k[1]}" if not k[0] else f"the {k[1]} of {k[0]}"


def _describe(target: Point) -> str:
    rid, point = target
    return rid if point == "date" else f"the {point} of {rid}"


R = TypeVar("R", Entity, Fact, Relation)


def dated(rec: R, timing: Timing) -> R:
    """``rec`` with its timing; a date given only as bounds, a relative date or an order gets as its value
    the narrowest calendar day, month or year that holds its span."""
    values: dict[str, PartialDate | None] = {p: getattr(rec, p) for p in POINTS}
    for point, span in timing.spans.items():
        spec = rec.specs.get(point)
        if spec is not None and spec.value is None:
            values[point] = span.value()
    return replace(rec, timing=timing, date=values["date"], start=values["start"], end=values["end"])


def dated_source(src: Source, publication: Span) -> Source:
    """``src`` with its computed publication span (and a value from it when the curator gave only bounds)."""
    value = src.published if src.published is not None else publication.value()
    return replace(src, publication=publication, published=value)
