"""Reading the statement pattern's values off an rdflib graph, noting each problem and every triple read.

The base of :mod:`graph.rdf.pattern` (records and statements) and
:mod:`graph.rdf.dating_in` (their dates): :class:`PatternTerms` holds the IRIs
the pattern expects, every one from the schema's vocabulary; :class:`Triples`
reads one value, a text or a date off a node, noting the triples it read (any
triple left unread is outside the pattern) and each problem, named by its
subject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from rdflib import XSD, Graph, Literal, URIRef
from rdflib.term import Node

from ..errors import Problem
from ..model.dates import PartialDate
from ..model.records import Value
from ..model.rules import ID_PATTERN, forbidden_character
from ..schema import Schema
from .terms import Compactor

__all__ = ["DATE_TYPES", "PatternTerms", "Triples", "natural"]

DATE_TYPES = {XSD.date: "day", XSD.gYearMonth: "month", XSD.gYear: "year"}


@dataclass(frozen=True)
class PatternTerms:
    """The IRIs of the pattern, all from the schema's vocabulary."""

    entity: str
    statement: str
    source: str
    relation_statement: URIRef
    alias_statement: URIRef
    evidence: URIRef
    derived_from_fact: URIRef
    relation_type: URIRef
    stance: URIRef
    dates: dict[URIRef, str]  # property -> date, start or end
    source_classes: tuple[URIRef, ...]
    source_props: dict[str, URIRef]  # a source's field -> its property
    time: dict[str, URIRef]  # the computed time's properties (and the EDTF datatype, the curated date's class)
    curated: dict[str, URIRef]  # point (date, start, end, published) -> the link to it as curated
    parts: dict[str, URIRef]  # a curated date's part -> its property
    occurrence: URIRef  # which occurrence of its quote an evidence is
    occurrences: URIRef  # of how many

    @classmethod
    def of(cls, schema: Schema) -> PatternTerms:
        v = schema.vocabulary
        return cls(
            entity=v.entity,
            statement=v.statement,
            source=v.source,
            relation_statement=URIRef(v.term("RelationStatement")),
            alias_statement=URIRef(v.term("AliasStatement")),
            evidence=URIRef(v.term("Evidence")),
            derived_from_fact=URIRef(v.term("derivedFromFact")),
            relation_type=URIRef(v.term("relationType")),
            stance=URIRef(v.term("stance")),
            dates={URIRef(iri): key for key, iri in v.dates.items()},
            source_classes=tuple(URIRef(c) for c in v.source_classes),
            source_props={key: URIRef(iri) for key, iri in v.source_properties.items()},
            time={key: URIRef(iri) for key, iri in v.time.items()},
            curated={key: URIRef(iri) for key, iri in v.curated.items()},
            parts={key: URIRef(iri) for key, iri in v.date_parts.items()},
            occurrence=URIRef(v.term("occurrence")),
            occurrences=URIRef(v.term("occurrences")),
        )


def natural(node: Node) -> tuple[Any, ...]:
    """Sort key that orders ``x.ev2`` before ``x.ev10``."""
    return tuple(int(part) if i % 2 else part for i, part in enumerate(re.split(r"([0-9]+)", str(node))))


class Triples:
    """Reading values off a graph, noting each problem and every triple read."""

    def __init__(self, g: Graph, schema: Schema, shown: str) -> None:
        self.g = g
        self.schema = schema
        self.shown = shown
        self.terms = PatternTerms.of(schema)
        self.compact = Compactor(schema.prefixes).show
        self.problems: list[Problem] = []
        self.used: set[tuple[Node, Node, Node]] = set()  # the triples read so far

    def show(self, node: Node) -> str:
        if isinstance(node, URIRef):
            return self.compact(str(node))
        if isinstance(node, Literal):
            return repr(str(node)) + (f"^^{self.compact(str(node.datatype))}" if node.datatype else "")
        return f"_:{node}"

    def problem(self, subject: Node, prop: Node | str, message: str) -> None:
        field = self.show(prop) if isinstance(prop, URIRef) else str(prop)
        self.problems.append(Problem(self.shown, 0, self.show(subject), field, message))

    def local_id(self, node: Node, namespace: str, what: str, subject: Node, prop: Node | str = "") -> str:
        """The id in ``namespace:ID``, or "" with a problem."""
        if not isinstance(node, URIRef) or not str(node).startswith(namespace):
            self.problem(subject, prop, f"expected {what} ({self.compact(namespace)}ID), found {self.show(node)}")
            return ""
        local = str(node)[len(namespace) :]
        if not ID_PATTERN.match(local):
            self.problem(subject, prop, f"'{local}' is not a valid id (letters, digits, '_', '-', '.')")
            return ""
        return local

    def values(self, s: Node, p: URIRef) -> list[Node]:
        found = sorted(self.g.objects(s, p), key=natural)
        for o in found:
            self.used.add((s, p, o))
        return found

    def one(self, s: Node, p: URIRef, what: str, required: bool = True) -> Node | None:
        found = self.values(s, p)
        if len(found) > 1:
            self.problem(s, p, f"expected one {what}, found {len(found)}")
            return None
        if not found:
            if required:
                self.problem(s, p, f"missing {what}")
            return None
        return found[0]

    def text(self, s: Node, p: URIRef, what: str, required: bool = True) -> str:
        node = self.one(s, p, what, required)
        return "" if node is None else self.plain(s, p, node, what)

    def texts(self, s: Node, p: URIRef, what: str) -> tuple[str, ...]:
        """Every value of ``p``, each a plain string (in the graph's order: sort them if order matters)."""
        found = (self.plain(s, p, node, what) for node in self.values(s, p))
        return tuple(t for t in found if t)

    def plain(self, s: Node, p: URIRef, node: Node, what: str) -> str:
        """The text of ``node``, the value of ``p``: a plain string, not empty, with no forbidden character."""
        if not isinstance(node, Literal) or (node.datatype not in (None, XSD.string)) or node.language:
            self.problem(s, p, f"expected {what} as a plain string, found {self.show(node)}")
            return ""
        if not str(node).strip():
            self.problem(s, p, f"{what} is empty")
            return ""
        bad = forbidden_character(str(node))
        if bad:  # as in a data file: the loader refuses it, and GraphML and the page could not show it
            self.problem(s, p, f"{what} contains {bad}")
            return ""
        return str(node)

    def date(self, s: Node, p: URIRef, what: str) -> PartialDate | None:
        node = self.one(s, p, what, required=False)
        if node is None:
            return None
        if not isinstance(node, Literal) or node.datatype not in DATE_TYPES:
            self.problem(s, p, f"expected a date typed xsd:date, xsd:gYearMonth or xsd:gYear, found {self.show(node)}")
            return None
        try:
            d = PartialDate.parse(str(node))
        except ValueError as exc:
            self.problem(s, p, str(exc))
            return None
        if d.precision != DATE_TYPES[node.datatype]:
            self.problem(s, p, f"'{d}' is not a valid {self.show(node.datatype)}")
            return None
        return d

    def dates(self, s: Node) -> dict[str, PartialDate | None]:
        return {key: self.date(s, p, key) for p, key in self.terms.dates.items()}

    def fields(self, s: Node, kind: str) -> dict[str, Value]:
        out: dict[str, Value] = {}
        for fid, spec in self.schema.fields_for(kind).items():
            p = URIRef(self.schema.expand(spec.iri))
            node = self.one(s, p, f"'{fid}'", required=False)
            if node is None:
                continue
            expected = {"string": XSD.string, "integer": XSD.integer, "decimal": XSD.decimal}[spec.datatype]
            datatype = node.datatype or XSD.string if isinstance(node, Literal) and not node.language else None
            if datatype != expected:
                self.problem(s, p, f"expected '{fid}' as an xsd:{spec.datatype}, found {self.show(node)}")
                continue
            try:
                if spec.datatype == "integer":
                    out[fid] = int(str(node))
                elif spec.datatype == "decimal":
                    out[fid] = Decimal(str(node))
                elif str(node).strip():
                    out[fid] = str(node)
                else:
                    self.problem(s, p, f"'{fid}' is empty")
            except (ValueError, InvalidOperation):
                self.problem(s, p, f"'{node}' is not a valid xsd:{spec.datatype}")
        return out
