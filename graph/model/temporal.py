"""The date fields of a record as the curator wrote them: each a :class:`~graph.model.timing.DateSpec`.

An event has a ``date``; a state that holds over time has a ``start`` and/or
an ``end``; a relation type's ``temporal`` in the schema says which. Each is a
bare date at its precision (``2016``, ``2016-05``, ``2016-05-18``) or a
mapping::

    end:
      value: 2016            # the date at the precision the source gives
      earliest: 2016-04      # bounds, at any precision (April 1)
      latest: 2016-05-10
      relative: last week    # or an expression of the schema's time vocabulary,
      source: seed-article   # read against this source's publication
      after: [alibaba-member_of-iacc]   # on or after another record's date or start
      before: [gucci-member_of-iacc.end]  # ... or a named point of it
      note: why these bounds

The spans are computed later, once every record is read
(:mod:`graph.model.chronology`).
"""

from __future__ import annotations

from typing import Any

from .dates import PartialDate
from .problems import Report, kind_of
from .rules import DATE_KEYS
from .timing import DateSpec
from .yamlio import Record

__all__ = ["DATE_SPEC_KEYS", "ends_before_start", "read_dates", "read_ids", "read_spec"]

DATE_SPEC_KEYS = ("value", "earliest", "latest", "relative", "source", "after", "before", "note")
"""The keys of a date written as a mapping."""


def read_dates(report: Report, file: str, rec: Record, label: str, temporal: str = "") -> dict[str, Any]:
    """The record's ``date``, ``start`` and ``end`` values and their specs (``specs``), noting each problem.

    ``temporal`` is the relation type's (``state`` refuses a ``date``).
    """
    out: dict[str, Any] = dict.fromkeys(DATE_KEYS)
    specs: dict[str, DateSpec] = {}
    for key in DATE_KEYS:
        if key not in rec:
            continue
        spec = read_spec(report, file, rec, label, key)
        if spec is not None:
            specs[key] = spec
            out[key] = spec.value
    if "date" in rec and ("start" in rec or "end" in rec):
        report.add(file, rec.line_of("date"), label, "date", "give either 'date' or 'start'/'end', not both")
    if temporal == "state" and "date" in rec:
        report.add(
            file, rec.line_of("date"), label, "date",
            "this relation is a state that holds over time: give 'start' and/or 'end', not 'date'",
        )  # fmt: skip
    start, end = out["start"], out["end"]
    if start and end and ends_before_start(start, end):
        report.add(file, rec.line_of("end"), label, "end", f"end {end} is before start {start}")
        specs.pop("end")  # reported: not solved again as an empty interval
    out["specs"] = specs
    return out


def read_spec(report: Report, file: str, rec: Record, label: str, key: str) -> DateSpec | None:
    """One date field: a bare date or a mapping of :data:`DATE_SPEC_KEYS` (None when absent or null)."""
    raw = rec.get(key)
    if raw is None:
        return None
    if not isinstance(raw, dict):
        value = _date(report, file, rec.line_of(key), label, key, raw)
        return DateSpec(value) if value is not None else None
    line = raw.line_of if isinstance(raw, Record) else (lambda _k: rec.line_of(key))
    for extra in sorted(set(raw) - set(DATE_SPEC_KEYS), key=str):
        report.add(
            file, line(extra), label, f"{key}.{extra}",
            f"unknown key '{extra}' in a date: expected {', '.join(DATE_SPEC_KEYS)}",
            report.suggest(str(extra), DATE_SPEC_KEYS),
        )  # fmt: skip
    dates = {k: _date(report, file, line(k), label, f"{key}.{k}", raw.get(k)) for k in ("value", "earliest", "latest")}
    texts = {k: _text(report, file, line(k), label, f"{key}.{k}", raw.get(k)) for k in ("relative", "source", "note")}
    refs = {k: read_ids(report, file, line(k), label, f"{key}.{k}", raw.get(k)) for k in ("after", "before")}
    spec = DateSpec(
        value=dates.get("value"),
        earliest=dates.get("earliest"),
        latest=dates.get("latest"),
        relative=texts["relative"],
        source=texts["source"],
        after=refs["after"],
        before=refs["before"],
        note=" ".join(texts["note"].split()),
    )
    if spec == DateSpec():
        report.add(
            file, rec.line_of(key), label, key, "a date mapping needs a value, bounds, a relative date or an order"
        )
    if spec.source and not spec.relative:
        report.add(
            file,
            line("source"),
            label,
            f"{key}.source",
            "'source' says what a relative date is relative to: give 'relative' too",
        )
    return spec


def _date(report: Report, file: str, line: int, label: str, fld: str, raw: Any) -> PartialDate | None:
    if raw is None:
        return None
    try:
        return PartialDate.parse(raw)
    except ValueError as exc:
        report.add(file, line, label, fld, str(exc))
        return None


def _text(report: Report, file: str, line: int, label: str, fld: str, raw: Any) -> str:
    if raw is None:
        return ""
    if not isinstance(raw, str) or not raw.strip():
        report.add(file, line, label, fld, f"expected text, found {kind_of(raw)}")
        return ""
    return raw.strip()


def read_ids(report: Report, file: str, line: int, label: str, fld: str, raw: Any) -> tuple[str, ...]:
    """The ids ``raw`` gives (one, or a list), each a non-empty string; a problem for any other item."""
    if raw is None:
        return ()
    items = raw if isinstance(raw, list) else [raw]
    out = []
    for item in items:
        if not isinstance(item, str) or not item.strip():
            report.add(file, line, label, fld, f"expected a record id or a list of them, found {kind_of(item)}")
        else:
            out.append(item.strip())
    return tuple(out)


def ends_before_start(start: PartialDate, end: PartialDate) -> bool:
    """Whether a period's end comes before its start (at their precision, so 2016 does not end before 2016-05).

    >>> ends_before_start(PartialDate.parse("2016-05"), PartialDate.parse("2016"))
    False
    >>> ends_before_start(PartialDate.parse("2016-05"), PartialDate.parse("2015"))
    True
    """
    return end.last_day() < start.first_day()
