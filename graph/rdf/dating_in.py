"""Reading a record's time back from RDF: its dates as curated, then what they give, computed again and checked.

The reader half of :mod:`graph.rdf.dating`. A record's dates as curated are
its date properties (a bare value) and its curated date nodes (the rest);
:meth:`DateReading.solve` computes every record's time from them by the
loader's own rules (:class:`graph.model.when.Chronology`: relative dates,
order, statuses, the sources' publications), so a dataset read back is the one
the loader made. :meth:`DateReading.check` then compares what the graph says
was computed (the EDTF literals, the CIDOC-CRM bounds, a value filled in from
bounds) with what the curated dates give: a computed triple may be left out
(it is computed again), but one that says otherwise is refused, naming what
the curated dates give, since reading it would drop it silently.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.term import Node

from ..errors import DataError, Problem
from ..model.dates import PartialDate
from ..model.problems import Report
from ..model.records import Dataset, Entity, Fact, Relation
from ..model.rules import normalise_space
from ..model.timing import POINTS, DateSpec, Timing
from ..model.when import Chronology, Where, dated, dated_source
from ..model.yamlio import Record
from ..schema import Schema
from . import dating
from .triples import Triples

__all__ = ["DateReading", "solve_dates"]


class _Unwritten(Record):
    """A record read from RDF, which has no lines: its problems are named by its subject."""

    __slots__ = ()

    def __init__(self) -> None:
        super().__init__()
        self.line = 0

    def line_of(self, key: str) -> int:
        return 0


class DateReading(Triples):
    """The dates of records and sources, as curated; the computed ones noted, to be checked once solved."""

    def __init__(self, g: Graph, schema: Schema, shown: str) -> None:
        super().__init__(g, schema, shown)
        t = self.terms
        self.computed_props = [t.time["edtf"], *(t.time[k] for k in dating.BOUNDS), *t.dates]
        self.stated: dict[Node, dict[URIRef, list[Node]]] = {}  # a node's computed triples, as the graph has them
        self.curated_nodes: set[Node] = set()

    def record_dates(self, s: Node) -> tuple[dict[str, PartialDate | None], dict[str, DateSpec]]:
        """A record's dates as the loader reads them (each point's curated value) and as curated, by point."""
        values = self.dates(s)
        self.stated[s] = {p: self.values(s, p) for p in self.computed_props}
        specs: dict[str, DateSpec] = {}
        for point in POINTS:
            node = self.one(s, self.terms.curated[point], f"{point} as curated", required=False)
            spec = self.curated_date(node, s, point) if node is not None else None
            if spec is None and node is None and values[point] is not None:
                spec = DateSpec(values[point])
            if spec is not None:
                specs[point] = spec
        return {p: specs[p].value if p in specs else None for p in POINTS}, specs

    def publication(self, s: Node, published: PartialDate | None, note: str) -> DateSpec | None:
        """A source's publication as curated: its node, or its bare value; a date with no note takes
        ``published_note`` (as the loader does)."""
        t = self.terms
        self.stated[s] = {p: self.values(s, p) for p in (t.time["publication"], t.source_props["published"])}
        node = self.one(s, t.curated["published"], "publication as curated", required=False)
        spec = self.curated_date(node, s, "published") if node is not None else None
        if spec is None and node is None and published is not None:
            spec = DateSpec(published)
        if spec is not None and not spec.note and note:
            spec = replace(spec, note=note)
        return spec

    def curated_date(self, node: Node, owner: Node, point: str) -> DateSpec | None:
        """One curated date node, read as the loader reads a date mapping (the same rules)."""
        t, show = self.terms, self.show
        cls = t.time["curated_class"]
        if not isinstance(node, URIRef) or not str(node).startswith(t.statement):
            expected = f"a {show(cls)} ({self.schema.vocabulary.prefixes['statement']}:ID.{point})"
            self.problem(owner, t.curated[point], f"expected {expected}, found {show(node)}")
            return None
        types = self.values(node, RDF.type)
        if types != [cls]:
            found = ", ".join(show(c) for c in types) or "none"
            self.problem(node, RDF.type, f"a date as curated is a {show(cls)}, and only that: found {found}")
            return None
        self.curated_nodes.add(node)
        p = t.parts
        dates = {k: self.date(node, p[k], f"{k} ({show(p[k])})") for k in ("value", "earliest", "latest")}
        source = self.one(node, p["source"], f"source ({show(p['source'])})", required=False)
        spec = DateSpec(
            **dates,
            relative=self.text(node, p["relative"], "relative date", required=False).strip(),
            source=self.local_id(source, t.source, "a source", node, p["source"]) if source is not None else "",
            after=tuple(ref.strip() for ref in self.texts(node, p["after"], "record id")),
            before=tuple(ref.strip() for ref in self.texts(node, p["before"], "record id")),
            note=normalise_space(self.text(node, p["note"], "note", required=False)),
        )
        if point == "published" and (spec.relative or spec.after or spec.before):
            self.problem(node, "", "a publication date takes a value, bounds and a note, not a relative date or order")
        elif point != "published" and spec == DateSpec():
            self.problem(node, "", "a date as curated needs a value, bounds, a relative date or an order")
        if spec.source and not spec.relative:
            self.problem(
                node, p["source"], f"the source says what a relative date is relative to: give {show(p['relative'])}"
            )
        return spec

    # -- once every record is read ---------------------------------------------------------

    def node_of(self, rid: str, ds: Dataset) -> URIRef:
        return URIRef((self.terms.statement if rid in ds.relations else self.terms.entity) + rid)

    def solve(self, ds: Dataset) -> Dataset:
        """``ds`` with every record's time and every source's publication computed, as the loader does;
        each problem named by its record's subject (``ds`` as it was when there are any)."""
        solved, problems = _solve(ds, self.shown, lambda rid: self.show(self.node_of(rid, ds)))
        self.problems += problems
        return solved

    def computed(self, timing: Timing | None, dates: dict[str, PartialDate]) -> dict[URIRef, set[Node]]:
        """The computed triples a record's (or a derived statement's) node has: property -> values."""
        t = self.terms
        text = dating.edtf(timing)
        out: dict[URIRef, set[Node]] = {p: set() for p in self.computed_props}
        if text:
            out[t.time["edtf"]] = {Literal(text, datatype=t.time["edtf_datatype"])}
        for key, day in dating.bounds(timing).items():
            out[t.time[key]] = {Literal(day.isoformat(), datatype=XSD.date)}
        for p, point in t.dates.items():
            if point in dates:
                out[p] = {_date_literal(dates[point])}
        return out

    def check(self, ds: Dataset, derived: dict[str, str]) -> None:
        """Every computed triple of the graph against what the curated dates give (``derived``: each derived
        statement's id -> its fact's)."""
        t = self.terms
        records: dict[str, Entity | Fact | Relation] = {**ds.entities, **ds.facts, **ds.relations}
        for rid, rec in records.items():
            self.compare(self.node_of(rid, ds), self.computed(rec.timing, rec.dates))
        for sid, fid in derived.items():
            fact = ds.facts[fid]
            self.compare(URIRef(t.statement + sid), self.computed(fact.timing, fact.dates))
        for sid, src in ds.sources.items():
            publication = src.publication.edtf() if src.publication is not None else ""
            issued: set[Node] = {Literal(publication, datatype=t.time["edtf_datatype"])} if publication else set()
            value: set[Node] = {_date_literal(src.published)} if src.published and src.published_spec else set()
            self.compare(URIRef(t.source + sid), {t.time["publication"]: issued, t.source_props["published"]: value})

    def compare(self, s: Node, expected: dict[URIRef, set[Node]]) -> None:
        for p, found in self.stated.get(s, {}).items():
            if found and set(found) != expected.get(p, set()):
                gives = ", ".join(sorted(self.show(o) for o in expected.get(p, ()))) or "none"
                self.problem(
                    s, p,
                    f"{', '.join(self.show(o) for o in found)} is not what the dates as curated give ({gives}): "
                    "it is computed from them: change those, or leave it out to have it computed again",
                )  # fmt: skip


def _date_literal(d: PartialDate) -> Literal:
    return Literal(str(d), datatype=XSD[d.xsd_datatype])


def solve_dates(ds: Dataset, shown: str = "<dataset>") -> Dataset:
    """``ds`` (built by hand, or read back) with every record's time and every source's publication computed
    from the dates as curated, as the loader computes them. Raises :class:`~graph.errors.DataError`.

    >>> from graph.model.records import Dataset, Source
    >>> from graph.model.dates import PartialDate
    >>> from graph.schema import load_schema
    >>> spec = DateSpec(earliest=PartialDate.parse("2016-04-01"), latest=PartialDate.parse("2016-05-12"))
    >>> src = Source("s", "A source", "s.txt", published_spec=spec, publication=spec.given())
    >>> str(solve_dates(Dataset(load_schema(), {"s": src}, {}, {}, {})).sources["s"].published)
    '2016'
    """
    solved, problems = _solve(ds, shown, lambda rid: rid)
    if problems:
        raise DataError(problems)
    return solved


def _solve(ds: Dataset, shown: str, label: Callable[[str], str]) -> tuple[Dataset, list[Problem]]:
    report = Report()
    records: dict[str, Entity | Fact | Relation] = {**ds.entities, **ds.facts, **ds.relations}
    where = {rid: Where(shown, label(rid), _Unwritten()) for rid in records}
    timings, publications = Chronology(report, ds.schema, ds.sources).solve(records, where)
    if report.problems:
        return ds, report.problems
    solved = replace(
        ds,
        sources={sid: dated_source(s, publications[sid]) for sid, s in ds.sources.items()},
        entities={k: dated(v, timings[k]) for k, v in ds.entities.items()},
        facts={k: dated(v, timings[k]) for k, v in ds.facts.items()},
        relations={k: dated(v, timings[k]) for k, v in ds.relations.items()},
    )
    return solved, []
