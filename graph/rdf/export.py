"""The dataset as RDF: entities, direct triples, statement nodes, evidence.

The pattern (one per relation, as Wikidata does it)::

    cdk:alibaba  org:memberOf  cdk:iacc .                 # the direct triple
    cdks:alibaba-member_of-iacc  a rdf:Statement, cdkg:RelationStatement, cdkg:MemberOfStatement ;
        rdf:subject cdk:alibaba ; rdf:predicate org:memberOf ; rdf:object cdk:iacc ;
        cdkg:relationType "member_of" ;
        schema:startDate "2016-04"^^xsd:gYearMonth ;      # typed by precision
        dcterms:date "2016-04/.."^^edtf:EDTF ;            # its time, computed (graph.rdf.dating) ...
        crm:P82a_begin_of_the_begin "2016-04-01"^^xsd:date ; ...
        cdkg:curatedStart cdks:alibaba-member_of-iacc.start ;   # ... and as curated
        prov:wasDerivedFrom cdks:alibaba-member_of-iacc.ev1 .
    cdks:alibaba-member_of-iacc.ev1  a prov:Entity, cdkg:Evidence ;
        prov:wasQuotedFrom cdksrc:seed-article ; prov:value "...verbatim quote..." .

An n-ary fact is a node of its type's class with one property per role
(``cdk:lawsuit_x cdkg:plaintiff cdk:gucci``); the binary edges it implies
(``cdk:gucci cdkg:sued cdk:alibaba``) get a direct triple and a statement node
with ``cdkg:derivedFromFact`` and the fact's evidence. An alias is a direct
``skos:altLabel`` and a ``cdkg:AliasStatement`` (``cdks:kering.alias1``) whose
evidence quotes the name from the source that uses it. Evidence and aliases are
numbered in order; there are no blank nodes. Every IRI comes from the dataset's
schema (its vocabulary and prefixes), so a schema with another namespace moves
the whole export.

:func:`export_lines` tells which source each triple rests on: :func:`to_trig` and
:func:`to_nquads` write one named graph per source (the source's IRI), and
:mod:`graph.rdf.parse` reads any of these back.

>>> from graph import load
>>> ds = load("data")
>>> g = to_rdf(ds)
>>> from rdflib import URIRef
>>> v = ds.schema.vocabulary
>>> (URIRef(v.entity + "kering"), URIRef(v.ontology + "sued"), URIRef(v.entity + "alibaba")) in g
True
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from rdflib import Graph

from ..model.dates import PartialDate
from ..model.derive import derived_edges
from ..model.records import Dataset, Entity, Evidence, Fact, Relation, Source, Value
from ..model.timing import DateSpec, Timing
from ..schema import Schema
from . import dating
from . import serialize as rdftext
from .attribution import PROV, ClaimTerms, count_literal, selector_lines
from .terms import RDF, RDFS, XSD, bind_prefixes, decimal_lexical, from_oxigraph, graph_iris, iri, literal

__all__ = ["ExportLines", "export_lines", "ntriples", "to_nquads", "to_rdf", "to_trig"]

_SKOS = "http://www.w3.org/2004/02/skos/core#"


def _value_literal(v: Value, datatype: str) -> str:
    if datatype == "integer":
        return literal(str(v), XSD + "integer")
    if datatype == "decimal":
        return literal(decimal_lexical(Decimal(str(v))), XSD + "decimal")
    return literal(str(v))


class _Terms:
    """The schema's IRIs as N-Triples terms, and the text pieces every line is made of (made once)."""

    def __init__(self, schema: Schema) -> None:
        v, x = schema.vocabulary, schema.expand
        self.entity, self.statement, self.source = v.entity, v.statement, v.source
        self.a = a = iri(RDF + "type")
        self.label, self.alt = iri(RDFS + "label"), iri(_SKOS + "altLabel")
        self.derived_from = iri(PROV + "wasDerivedFrom")
        self.evidence_types = (f" {a} {iri(PROV + 'Entity')} .\n", f" {a} {iri(v.term('Evidence'))} .\n")
        self.quoted_from, self.value = f" {iri(PROV + 'wasQuotedFrom')} <{v.source}", f" {iri(PROV + 'value')} "
        self.occurrence, self.occurrences = iri(v.term("occurrence")), iri(v.term("occurrences"))
        self.statement_type = f" {a} {iri(RDF + 'Statement')} .\n"
        self.rdf_s, self.rdf_p, self.rdf_o = (f" {iri(RDF + t)} " for t in ("subject", "predicate", "object"))
        self.relation_statement, self.alias_statement = iri(v.term("RelationStatement")), iri(v.term("AliasStatement"))
        self.relation_type, self.stance = iri(v.term("relationType")), iri(v.term("stance"))
        self.derived_fact = iri(v.term("derivedFromFact"))
        self.dates = {k: iri(p) for k, p in v.dates.items()}
        self.fields = {k: (iri(x(f.iri)), f.datatype) for k, f in schema.fields.items()}
        self.types = {t.id: iri(x(t.iri)) for t in schema.entity_types.values()}
        self.roles = {(t.id, r.id): iri(x(r.iri)) for t in schema.entity_types.values() for r in t.roles.values()}
        self.relations = {
            r.id: (iri(x(r.iri)), r.directed, iri(v.statement_class(r.id)), literal(r.id), literal(r.stance))
            for r in schema.relation_types.values()
        }
        self.source_classes = [iri(c) for c in v.source_classes] + [self.types["document"]]
        self.source_properties = {k: iri(p) for k, p in v.source_properties.items()}
        self.edtf, self.edtf_type, self.publication = (
            iri(v.time["edtf"]),
            v.time["edtf_datatype"],
            iri(v.time["publication"]),
        )
        self.bounds = {k: iri(v.time[k]) for k in dating.BOUNDS}
        self.curated_type = f" {a} {iri(v.time['curated_class'])} .\n"
        self.curated = {k: iri(p) for k, p in v.curated.items()}
        self.parts = {k: iri(p) for k, p in v.date_parts.items()}
        self._dates: dict[PartialDate, str] = {}
        self._days: dict[dt.date, str] = {}

    def date(self, d: PartialDate) -> str:
        """A date as a literal typed by its precision (the same date is written once)."""
        found = self._dates.get(d)
        if found is None:
            found = self._dates[d] = literal(str(d), XSD + d.xsd_datatype)
        return found

    def day(self, d: dt.date) -> str:
        """A bound as an xsd:date literal (the same day is written once)."""
        found = self._days.get(d)
        if found is None:
            found = self._days[d] = literal(d.isoformat(), XSD + "date")
        return found

    def computed(self, node: str, timing: Timing | None) -> list[str]:
        """The record's time as computed: its EDTF literal and its bounds (:mod:`graph.rdf.dating`)."""
        text = dating.edtf(timing)
        lines = [f"{node} {self.edtf} {literal(text, self.edtf_type)} .\n"] if text else []
        return lines + [f"{node} {self.bounds[k]} {self.day(d)} .\n" for k, d in dating.bounds(timing).items()]

    def curated_lines(self, node: str, base: str, specs: dict[str, DateSpec], default_note: str = "") -> list[str]:
        """Each date more than a bare value, as curated: a node ``<base.POINT>`` linked from ``node``."""
        lines = []
        for point, spec in specs.items():
            parts = dating.written(spec, default_note)
            if parts is None:
                continue
            st = f"<{base}.{point}>"
            p = self.parts
            lines += [f"{node} {self.curated[point]} {st} .\n", st + self.curated_type]
            dates = {"value": parts.value, "earliest": parts.earliest, "latest": parts.latest}
            lines += [f"{st} {p[k]} {self.date(d)} .\n" for k, d in dates.items() if d is not None]
            if parts.relative:
                lines.append(f"{st} {p['relative']} {literal(parts.relative)} .\n")
            if parts.source:
                lines.append(f"{st} {p['source']} <{self.source}{parts.source}> .\n")
            lines += [f"{st} {p['after']} {literal(ref)} .\n" for ref in parts.after]
            lines += [f"{st} {p['before']} {literal(ref)} .\n" for ref in parts.before]
            if parts.note:
                lines.append(f"{st} {p['note']} {literal(parts.note)} .\n")
        return lines

    def time(self, node: str, rec: Entity | Fact | Relation) -> list[str]:
        """A record's dates: each value typed by its precision, the computed time, the dates as curated."""
        lines = [f"{node} {self.dates[k]} {self.date(d)} .\n" for k, d in rec.dates.items()]
        return (
            lines
            + self.computed(node, rec.timing)
            + self.curated_lines(node, self.statement + rec.id, dating.curated(rec))
        )

    def field_line(self, node: str, key: str, value: Value) -> str:
        prop, datatype = self.fields[key]
        return f"{node} {prop} {_value_literal(value, datatype)} .\n"


class _Lines:
    """The dataset's N-Triples lines, gathered per graph: one method per kind of record."""

    def __init__(self, ds: Dataset) -> None:
        self.ds = ds
        self.t = _Terms(ds.schema)
        self.claims = ClaimTerms(ds.schema)
        self.groups: dict[str, list[str]] = {"": []}
        self.everything: list[str] = []

    def put(self, graphs: Iterable[str], lines: list[str]) -> None:
        """``lines`` in each of ``graphs``, and once in the union."""
        for g in graphs:
            found = self.groups.get(g)
            if found is None:
                found = self.groups[g] = []
            found.extend(lines)
        self.everything.extend(lines)

    def evidence(self, node: str, base: str, items: Iterable[Evidence]) -> None:
        """``node`` rests on each quote: an evidence node ``<base.evN>``, in the graph of its source."""
        t = self.t
        for i, e in enumerate(items, 1):
            ev = f"<{base}.ev{i}>"
            self.put(
                (e.source,),
                [
                    f"{node} {t.derived_from} {ev} .\n",
                    ev + t.evidence_types[0],
                    ev + t.evidence_types[1],
                    f"{ev}{t.quoted_from}{e.source}> .\n",
                    f"{ev}{t.value}{literal(e.quote)} .\n",
                    *self.anchor(ev, base, i, e),
                ],
            )

    def anchor(self, ev: str, base: str, i: int, e: Evidence) -> list[str]:
        """Where the quote is in its source: ``ev`` is an oa:SpecificResource of the source with two selectors."""
        a = e.anchor
        if a is None:
            return []
        lines = selector_lines(ev, f"{base}.ev{i}", f"<{self.t.source}{e.source}>", a)
        if a.occurrences > 1:  # which of the quote's occurrences the curator meant, and of how many
            lines += [
                f"{ev} {self.t.occurrence} {count_literal(a.occurrence)} .\n",
                f"{ev} {self.t.occurrences} {count_literal(a.occurrences)} .\n",
            ]
        return lines

    def source(self, src: Source) -> None:
        """A source document's description, in the default graph."""
        t = self.t
        props = t.source_properties
        described = [(t.a, c) for c in t.source_classes]
        described += [(props["title"], literal(src.title)), (t.label, literal(src.title))]
        if src.publisher:
            described.append((props["publisher"], literal(src.publisher)))
        spec = dating.publication_spec(src)
        if src.published and spec is not None:  # a value computed from nothing curated is only in the EDTF literal
            described.append((props["published"], t.date(src.published)))
        publication = src.publication.edtf() if src.publication is not None else ""
        if publication:
            described.append((t.publication, literal(publication, t.edtf_type)))
        if src.published_note:
            described.append((props["published_note"], literal(src.published_note)))
        if src.language:
            described.append((props["language"], literal(src.language)))
        if src.language_note:
            described.append((props["language_note"], literal(src.language_note)))
        if src.url:
            described.append((props["url"], literal(src.url)))
        if src.licence:
            described.append((props["licence"], literal(src.licence)))
        described.append((props["file"], literal(src.file)))
        node = iri(t.source + src.id)
        curated = t.curated_lines(node, t.statement + src.id, {"published": spec} if spec else {}, src.published_note)
        self.put(("",), [f"{node} {p} {o} .\n" for p, o in described] + curated)
        if src.not_curated:
            self.put((src.id,), self.claims.exclusions(src.id, node, src.not_curated))

    def record(self, rec: Entity | Fact) -> None:
        """An entity or an n-ary fact: its class, name, dates, fields and roles, aliases and evidence."""
        t = self.t
        node = f"<{t.entity}{rec.id}>"
        lines = [f"{node} {t.a} {t.types[rec.type]} .\n", f"{node} {t.label} {literal(rec.name)} .\n"]
        lines += t.time(node, rec)
        lines += [t.field_line(node, k, v) for k, v in rec.fields.items()]
        if isinstance(rec, Fact):
            for role_id, members in rec.roles.items():
                prop = t.roles[(rec.type, role_id)]
                lines += [f"{node} {prop} <{t.entity}{m}> .\n" for m in members]
            lines += self.claims.lines(node, rec.attribution)
            lines += self.claims.same_as(node, rec.same_as, t.entity)
            self.put(sorted({e.source for e in rec.evidence}) or ("",), lines)
        else:
            self.put(("",), lines)
        self.aliases(rec, node)
        self.evidence(node, t.statement + rec.id, rec.evidence)

    def aliases(self, rec: Entity | Fact, node: str) -> None:
        """Each alias: a direct ``skos:altLabel`` and an alias statement, with the quote of its source."""
        t = self.t
        for i, alias in enumerate(rec.aliases, 1):
            st_iri = f"{t.statement}{rec.id}.alias{i}"
            st, name = f"<{st_iri}>", literal(alias.name)
            self.put(
                (alias.source,),
                [
                    f"{node} {t.alt} {name} .\n",
                    st + t.statement_type,
                    f"{st} {t.a} {t.alias_statement} .\n",
                    f"{st}{t.rdf_s}{node} .\n",
                    f"{st}{t.rdf_p}{t.alt} .\n",
                    f"{st}{t.rdf_o}{name} .\n",
                ],
            )
            if alias.source:
                self.evidence(st, st_iri, (Evidence(alias.source, alias.name),))

    def statement(self, sid: str, rtype: str, subj: str, obj: str, asserted: bool = True) -> tuple[str, list[str]]:
        """A relation's statement node (``<cdks:sid>``), and its direct triple(s) when ``asserted``."""
        t = self.t
        p, directed, cls, rtype_lit, stance_lit = t.relations[rtype]
        s, o, st = f"<{t.entity}{subj}>", f"<{t.entity}{obj}>", f"<{t.statement}{sid}>"
        lines = [
            *([f"{s} {p} {o} .\n"] if asserted else []),
            st + t.statement_type,
            f"{st} {t.a} {t.relation_statement} .\n",
            f"{st} {t.a} {cls} .\n",
            f"{st}{t.rdf_s}{s} .\n",
            f"{st}{t.rdf_p}{p} .\n",
            f"{st}{t.rdf_o}{o} .\n",
            f"{st} {t.relation_type} {rtype_lit} .\n",
            f"{st} {t.stance} {stance_lit} .\n",
        ]
        if not directed and asserted:
            lines.append(f"{o} {p} {s} .\n")
        return st, lines

    def relations(self) -> None:
        """The curated relations: statements in the graphs of their sources, with fields and evidence."""
        claims = self.claims
        for r in self.ds.relations.values():
            st, lines = self.statement(r.id, r.type, r.subject, r.object, claims.asserts(r.attribution))
            lines += self.t.time(st, r)
            lines += claims.lines(st, r.attribution) + claims.same_as(st, r.same_as, self.t.statement)
            lines += [self.t.field_line(st, k, v) for k, v in r.fields.items()]
            self.put(sorted({e.source for e in r.evidence}) or ("",), lines)
            self.evidence(st, self.t.statement + r.id, r.evidence)

    def derived(self, fact: Fact) -> None:
        """The binary edges a fact implies: statements derived from it, resting on its evidence."""
        t = self.t
        graphs = sorted({e.source for e in fact.evidence}) or [""]
        fact_iri = f"<{t.entity}{fact.id}>"
        edges = derived_edges(self.ds, fact)
        when = t.computed("", fact.timing) if edges else []  # the fact's time, computed: " <p> <o> .\n" lines
        dates = [f" {t.dates[k]} {t.date(d)} .\n" for k, d in fact.dates.items()]
        claim = self.claims.lines("", fact.attribution) if edges else []  # the fact's attribution, as tails
        asserted = self.claims.asserts(fact.attribution)
        for rtype, a_id, b_id in edges:
            st, lines = self.statement(f"{fact.id}.{rtype}.{a_id}.{b_id}", rtype, a_id, b_id, asserted)
            lines += [st + tail for tail in dates]
            lines += [st + tail for tail in when]
            lines += [st + tail for tail in claim]
            lines.append(f"{st} {t.derived_fact} {fact_iri} .\n")
            self.put(graphs[:1], lines)
            if len(graphs) > 1:
                self.put(graphs[1:], lines[:-1])
            for i, e in enumerate(fact.evidence, 1):
                self.put((e.source,), [f"{st} {t.derived_from} <{t.statement}{fact.id}.ev{i}> .\n"])

    def gather(self) -> tuple[dict[str, list[str]], list[str]]:
        ds = self.ds
        for src in ds.sources.values():
            self.source(src)
        records: list[Entity | Fact] = [*ds.entities.values(), *ds.facts.values()]
        for rec in records:
            self.record(rec)
        self.relations()
        for fact in ds.facts.values():
            self.derived(fact)
        return self.groups, self.everything


def _line_groups(ds: Dataset) -> tuple[dict[str, list[str]], list[str]]:
    """Every triple of the dataset as an N-Triples line, in the graph of the source it rests on.

    The key is the id of the source whose evidence the triples rest on, or
    ``""`` (the default graph) for what no single source gives (entities'
    names, types, fields and dates; the sources' descriptions; aliases without
    a source). A record quoted from two sources has its lines in both graphs
    (the same string objects). Built as text, not as rdflib terms: this is the
    fast path every RDF output shares. Lines are unsorted and may repeat.

    Also returns every line once (in the order made: records come by id, so
    the list is nearly sorted, and sorting it is cheaper than merging the
    graphs' sorted lines).
    """
    return _Lines(ds).gather()


def _sorted_distinct(lines: list[str]) -> list[str]:
    """``lines`` sorted in place, then without repeats (cheap: they arrive in long sorted runs)."""
    lines.sort()
    return [line for previous, line in zip(itertools.chain(("",), lines), lines, strict=False) if line != previous]


@dataclass
class ExportLines:
    """The N-Triples lines every RDF export is written from: made once per build."""

    graphs: dict[str, list[str]]
    """Each graph's sorted, distinct lines: the default graph (``""``) first, then the sources' by id."""
    union: list[str]
    """The sorted, distinct lines of all graphs together: the N-Triples export."""

    @property
    def triples(self) -> int:
        return len(self.union)


def export_lines(ds: Dataset) -> ExportLines:
    """The dataset's RDF as sorted N-Triples lines, per graph and together.

    >>> from graph import load
    >>> lines = export_lines(load("data"))
    >>> sorted(lines.graphs), lines.union == sorted(set(lines.union))
    (['', 'sdny-order-2016-08-04', 'seed-article', 'voa-2016-05-17'], True)
    """
    groups, everything = _line_groups(ds)
    graphs = {g: _sorted_distinct(groups[g]) for g in sorted(groups)}
    groups.clear()
    return ExportLines(graphs, _sorted_distinct(everything))


def ntriples(ds: Dataset, lines: ExportLines | None = None) -> str:
    """N-Triples: one sorted line per distinct triple (``lines``: :func:`export_lines`, if made)."""
    return "".join((lines or export_lines(ds)).union)


def to_nquads(ds: Dataset, lines: ExportLines | None = None) -> str:
    """N-Quads, graph by graph (the default graph first, unlabelled), each graph's lines sorted.

    ``lines``: :func:`export_lines`, if already made.
    """
    graphs = (lines or export_lines(ds)).graphs
    return "".join(rdftext.nquads(graphs, graph_iris(ds.schema, graphs)))


def to_trig(ds: Dataset, lines: ExportLines | None = None) -> str:
    """TriG: the default graph, then one named graph per source (the source's IRI).

    A source's graph holds the statements, facts and evidence quoted from it;
    the default graph the entities' names, types, fields and dates and the
    sources' descriptions. ``lines``: :func:`export_lines`, if already made.
    """
    graphs = (lines or export_lines(ds)).graphs
    out = io.BytesIO()
    rdftext.trig(out, graphs, ds.schema.prefixes, graph_iris(ds.schema, graphs))
    return out.getvalue().decode("utf-8")


def _graph_from_ntriples(nt: str, schema: Schema) -> Graph:
    """An rdflib graph (default store) of N-Triples text, parsed by pyoxigraph."""
    import pyoxigraph as ox

    g = bind_prefixes(Graph(), schema)
    terms: dict[object, object] = {}

    def term(t: object) -> object:
        found = terms.get(t)
        if found is None:
            found = terms[t] = from_oxigraph(t)
        return found

    add = g.add
    for t in ox.parse(nt.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES):
        add((term(t.subject), term(t.predicate), term(t.object)))  # type: ignore[arg-type]
    return g


def to_rdf(ds: Dataset, nt: str | None = None) -> Graph:
    """The dataset as one rdflib graph, prefixes bound (``nt``: the :func:`ntriples` text, if made)."""
    return _graph_from_ntriples(ntriples(ds) if nt is None else nt, ds.schema)
