"""A record's time in RDF: what the loader computed, in standard terms, and the dates as the curator wrote them.

Computed, on every dated entity, fact and statement node (the IRIs are the
schema's ``vocabulary.time``; README, "The pattern")::

    cdks:gucci-member_of-iacc
        dcterms:date "../2016"^^edtf:EDTF ;                    # the whole time, one EDTF literal
        crm:P81b_begin_of_the_end "2016-04-01"^^xsd:date ;      # the end: on or after ...
        crm:P81a_end_of_the_begin "2016-05-08"^^xsd:date ;      # the start: on or before ...
        crm:P82b_end_of_the_end "2016-05-08"^^xsd:date .        # the end: on or before ...

An event's EDTF literal is its date's :meth:`~graph.model.timing.Span.edtf`
(exact: ``2016-05``, ``[2016-04-20..2016-05-10]``, ``[..2015-11-06]``) with
its bounds as ``P82a`` (begin of the begin) and ``P82b`` (end of the end); a
state's is an interval ``start/end`` (:func:`edtf`) with all four bounds, the
start's in ``P82a`` and ``P81a``, the end's in ``P81b`` and ``P82b``. A bound
nothing gives is left out. A source's computed publication is an EDTF literal
(``publication``).

As curated: a date the curator gave more than a bare value for (bounds, a
relative date, order, a note) is a node of its own, ``cdks:ID.POINT``
(``.date``, ``.start``, ``.end``; a source's ``cdks:ID.published``), a
``cdkg:CuratedDate`` with one property per part of the
:class:`~graph.model.timing.DateSpec` (``vocabulary.time.parts``); a bare
value is the record's date property itself, as before. The reader
(:mod:`graph.rdf.dating_in`) reads these back and computes the rest again.

>>> import datetime as dt
>>> from graph.model.timing import Span, Timing
>>> edtf(Timing("state", start=Span(None, dt.date(2016, 5, 8)), end=Span(dt.date(2016, 4, 1), dt.date(2016, 5, 8))))
'../2016'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from ..model.records import Entity, Fact, Relation, Source
from ..model.timing import DateSpec, Span, Timing

__all__ = ["BOUNDS", "bounds", "curated", "edtf", "endpoint", "publication_spec", "written"]

BOUNDS = ("begin_of_the_begin", "end_of_the_begin", "begin_of_the_end", "end_of_the_end")
"""The computed bounds, by their key in ``vocabulary.time`` (CIDOC-CRM's P82a, P81a, P81b, P82b)."""

_UNITS = ((4, ""), (3, "X"), (2, "XX"), (1, "XXX"))


def endpoint(span: Span) -> str:
    """One end of an EDTF interval: the narrowest day, month, year, decade, century or millennium holding
    the span (EDTF's unspecified digits: ``201X``), or ``..`` (open) when the span is unbounded either way
    or spans millennia.

    An interval's endpoint is one date in EDTF, never a range of days, so an
    endpoint that is not one calendar unit is written as the smallest one that
    holds it: correct, not exact (the exact days are in the CRM bounds).

    >>> may, late_april = dt.date(2016, 5, 1), dt.date(2016, 4, 20)
    >>> endpoint(Span(may, dt.date(2016, 5, 8))), endpoint(Span(late_april, dt.date(2016, 5, 8)))
    ('2016-05', '2016')
    >>> endpoint(Span(dt.date(2015, 11, 6), may)), endpoint(Span(dt.date(2001, 1, 1), may)), endpoint(Span(None, may))
    ('201X', '20XX', '..')
    """
    lo, hi = span.earliest, span.latest
    if lo is None or hi is None:
        return ".."
    unit = span.value()
    if unit is not None:
        return str(unit)
    first, last = f"{lo.year:04d}", f"{hi.year:04d}"
    return next((first[:n] + x for n, x in _UNITS if first[:n] == last[:n]), "..")


def edtf(timing: Timing | None) -> str:
    """The record's time as one EDTF (ISO 8601-2) literal; "" for a timeless record or an event nothing dates.

    An event: its date's span, exactly (:meth:`~graph.model.timing.Span.edtf`).
    A state: ``start/end``, each :func:`endpoint`. EDTF's unknown endpoint (an
    empty one) is not used: an unbounded side is open, ``..`` (the ``edtf``
    package reads an unknown one as ten years off the other end, a bound nothing
    gives). Beside an open end, an endpoint of unspecified digits (``201X``) is
    open too: the ``edtf`` package reads ``201X/2016`` but not ``201X/..``.

    >>> edtf(Timing("state", start=Span(dt.date(2016, 4, 1), dt.date(2016, 4, 30)), end=Span(dt.date(2016, 4, 1))))
    '2016-04/..'
    >>> edtf(Timing("state", start=Span(dt.date(2015, 11, 6), dt.date(2016, 5, 8)), end=Span(dt.date(2016, 5, 1))))
    '../..'
    >>> edtf(Timing("event", date=Span(dt.date(2016, 4, 1), dt.date(2016, 5, 12)))), edtf(Timing("timeless"))
    ('[2016-04-01..2016-05-12]', '')
    """
    if timing is None or timing.kind == "timeless":
        return ""
    if timing.kind == "event":
        return (timing.date or Span()).edtf()
    start, end = endpoint(timing.start or Span()), endpoint(timing.end or Span())
    if ".." in (start, end):
        start, end = (".." if "X" in start else start), (".." if "X" in end else end)
    return f"{start}/{end}"


def bounds(timing: Timing | None) -> dict[str, dt.date]:
    """The computed bounds, by key of :data:`BOUNDS`: an event's two outer ones (it takes place within one
    day of its span, so its inner bounds would repeat them), a state's four; none that nothing gives.

    >>> bounds(Timing("event", date=Span(None, dt.date(2016, 5, 12))))
    {'end_of_the_end': datetime.date(2016, 5, 12)}
    """
    if timing is None or timing.kind == "timeless":
        return {}
    if timing.kind == "event":
        date = timing.date or Span()
        found = {"begin_of_the_begin": date.earliest, "end_of_the_end": date.latest}
    else:
        start, end = timing.start or Span(), timing.end or Span()
        found = {
            "begin_of_the_begin": start.earliest,
            "end_of_the_begin": start.latest,
            "begin_of_the_end": end.earliest,
            "end_of_the_end": end.latest,
        }
    return {k: d for k, d in found.items() if d is not None}


def curated(rec: Entity | Fact | Relation) -> dict[str, DateSpec]:
    """The record's dates as curated, by point: its specs (a record built by hand, with no computed timing,
    has only values: each is taken as written)."""
    if rec.timing is not None:
        return dict(rec.specs)
    return {**{k: DateSpec(v) for k, v in rec.dates.items()}, **rec.specs}


def publication_spec(src: Source) -> DateSpec | None:
    """The source's publication date as curated (a source built by hand, with no computed publication,
    has only its value: taken as written)."""
    if src.published_spec is not None or src.publication is not None:
        return src.published_spec
    return DateSpec(src.published) if src.published is not None else None


def written(spec: DateSpec, default_note: str = "") -> DateSpec | None:
    """What a curated date's node says: None when the date is a bare value (the record's date property
    says it all). ``default_note``: the note a reader gives a date that has none (a source's
    ``published_note``, as the loader does), left out.

    >>> from graph.model.dates import PartialDate
    >>> written(DateSpec(PartialDate(2016))), written(DateSpec(note="why"), "why")
    (None, DateSpec(value=None, earliest=None, latest=None, relative='', source='', after=(), before=(), note=''))
    """
    if default_note and spec.note == default_note:
        spec = replace(spec, note="")
    return None if spec.plain and spec.value is not None else spec
