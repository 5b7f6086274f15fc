"""SPARQL over the exported RDF, with the project's prefixes bound.

User values reach a query only as bindings (``initBindings``): a name with
quotes and braces is a value, never query text.

>>> from graph import load, to_rdf
>>> g = to_rdf(load("data"))
>>> rows = sparql(g, "SELECT ?name WHERE { ?e skos:altLabel ?alias ; rdfs:label ?name }",
...               {"alias": "Kaiyun Group"})
>>> [str(r.name) for r in rows]
['Kering']
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Identifier

from ..errors import UsageError
from ..schema import Schema, load_schema

__all__ = ["RESULT_FORMATS", "format_result", "parse_binding", "sparql"]

RESULT_FORMATS = ("table", "json", "csv")


def parse_binding(text: str, schema: Schema | None = None) -> tuple[str, Identifier]:
    """``VAR=VALUE`` from the command line: ``<iri>`` or ``prefix:local`` is an IRI, anything else a string.

    >>> parse_binding("who=cdk:alibaba")
    ('who', rdflib.term.URIRef('https://w3id.org/cdkg/id/alibaba'))
    >>> parse_binding('name=Evil "} DROP ALL')
    ('name', rdflib.term.Literal('Evil "} DROP ALL'))
    """
    schema = schema or load_schema()
    var, sep, value = text.partition("=")
    var = var.strip().lstrip("?$")
    if not sep or not var.isidentifier():
        raise UsageError(f"--bind expects VAR=VALUE, got '{text}'")
    if value.startswith("<") and value.endswith(">"):
        return var, URIRef(value[1:-1])
    prefix, colon, local = value.partition(":")
    if colon and prefix in schema.prefixes and " " not in local:
        return var, URIRef(schema.prefixes[prefix] + local)
    return var, Literal(value)


def sparql(
    rdf: Graph,
    query: str,
    bindings: Mapping[str, Identifier | str] | None = None,
    schema: Schema | None = None,
) -> Result:
    """Run ``query`` over ``rdf`` with ``schema``'s prefixes (default: the packaged schema's);
    ``bindings`` are values, not text."""
    schema = schema or load_schema()
    init = {k: (v if isinstance(v, Identifier) else Literal(v)) for k, v in (bindings or {}).items()}
    try:
        return rdf.query(query, initNs=schema.prefixes, initBindings=init)
    except Exception as exc:  # rdflib raises pyparsing and plain exceptions for bad queries
        name = type(exc).__name__
        if name in ("ParseException", "ParseSyntaxException") or "Unknown namespace prefix" in str(exc):
            raise UsageError(f"invalid SPARQL query: {exc}") from None
        raise


def _text(node: Identifier | None) -> str:
    return "" if node is None else str(node)


def format_result(result: Result, fmt: str, schema: Schema | None = None) -> str:
    """A query result as an aligned text table, SPARQL JSON results, or CSV (a graph result:
    JSON-LD or Turtle, with ``schema``'s prefixes; default: the packaged schema's)."""
    if fmt not in RESULT_FORMATS:
        raise UsageError(f"unknown result format '{fmt}'; choose from {', '.join(RESULT_FORMATS)}")
    if result.type == "ASK":
        return json.dumps({"head": {}, "boolean": bool(result.askAnswer)}) if fmt == "json" else str(result.askAnswer)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        assert result.graph is not None
        g = Graph()
        for prefix, iri in (schema or load_schema()).prefixes.items():
            g.bind(prefix, iri)
        for t in result.graph:
            g.add(t)
        return str(g.serialize(format="json-ld" if fmt == "json" else "turtle"))
    variables = [str(v) for v in (result.vars or [])]
    rows: list[list[str]] = [[_text(row[i]) for i in range(len(variables))] for row in result]  # type: ignore[index, arg-type]
    if fmt == "json":
        payload: Any = json.loads(result.serialize(format="json") or b"{}")
        return json.dumps(payload, ensure_ascii=False, indent=1)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(variables)
        writer.writerows(rows)
        return buf.getvalue().rstrip("\n")
    widths = [min(60, max([len(v), *(len(r[i]) for r in rows)])) for i, v in enumerate(variables)]

    def line(cells: list[str]) -> str:
        return "  ".join(
            (c if len(c) <= w else c[: w - 1] + "…").ljust(w) for c, w in zip(cells, widths, strict=True)
        ).rstrip()

    out = [line(variables), line(["-" * w for w in widths])]
    out += [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)
