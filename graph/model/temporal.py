"""The date fields of a record: each a partial date, and together a period that makes sense.

An event has a ``date``; a state that holds over time has a ``start`` and/or
an ``end``, and an end never comes before its start. A relation type's
``temporal`` in the schema says which it is.
"""

from __future__ import annotations

from .dates import PartialDate
from .problems import Report
from .rules import DATE_KEYS
from .yamlio import Record

__all__ = ["ends_before_start", "read_dates"]


def read_dates(report: Report, file: str, rec: Record, label: str, temporal: str = "") -> dict[str, PartialDate | None]:
    """The record's ``date``, ``start`` and ``end`` (None when absent or wrong), noting each problem.

    ``temporal`` is the relation type's (``state`` refuses a ``date``).
    """
    out: dict[str, PartialDate | None] = dict.fromkeys(DATE_KEYS)
    for key in DATE_KEYS:
        if rec.get(key) is None:
            continue
        try:
            out[key] = PartialDate.parse(rec[key])
        except ValueError as exc:
            report.add(file, rec.line_of(key), label, key, str(exc))
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
    return out


def ends_before_start(start: PartialDate, end: PartialDate) -> bool:
    """Whether a period's end comes before its start (at their precision, so 2016 does not end before 2016-05).

    >>> ends_before_start(PartialDate.parse("2016-05"), PartialDate.parse("2016"))
    False
    >>> ends_before_start(PartialDate.parse("2016-05"), PartialDate.parse("2015"))
    True
    """
    return end.last_day() < start.first_day()
