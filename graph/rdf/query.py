"""SPARQL over the exported RDF, with the project's prefixes bound.

User values reach a query only as bindings (``initBindings``): a name with
quotes and braces is a value, never query text. A query reads the graph it is
given and nothing else: ``SERVICE`` (which would send a request to any host),
``FROM`` and ``FROM NAMED`` (which would fetch or read what they name) are
refused before it runs, and ``LOAD`` and the other updates are not queries.
:func:`run_query` runs one in a child process, within a time and a memory
limit, and gives its answer as text.

>>> from graph import load, to_rdf
>>> g = to_rdf(load("data"))
>>> rows = sparql(g, "SELECT ?name WHERE { ?e skos:altLabel ?alias ; rdfs:label ?name }",
...               {"alias": "Kaiyun Group"})
>>> [str(r.name) for r in rows]
['Kering']
"""

from __future__ import annotations

import json
import multiprocessing
import re
import sys
import traceback
from collections.abc import Iterator, Mapping
from multiprocessing.connection import Connection
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query, SPARQLError
from rdflib.query import Result
from rdflib.term import Identifier

from ..errors import CdkgError, UsageError
from ..schema import Schema, load_schema
from .results import (
    DEFAULT_MEMORY,
    DEFAULT_TIMEOUT,
    RESULT_FORMATS,
    binding_rule,
    limit_memory,
    rows_text,
    run_in_child,
)

__all__ = [
    "DEFAULT_MEMORY",
    "DEFAULT_TIMEOUT",
    "RESULT_FORMATS",
    "format_graph",
    "format_result",
    "parse_binding",
    "prepare",
    "run_query",
    "sparql",
]


def parse_binding(text: str, schema: Schema | None = None) -> tuple[str, Identifier]:
    """``VAR=VALUE`` from the command line: ``<iri>`` or ``prefix:local`` is an IRI, anything else a string.

    >>> parse_binding("who=cdk:alibaba")
    ('who', rdflib.term.URIRef('https://w3id.org/cdkg/id/alibaba'))
    >>> parse_binding('name=Evil "} DROP ALL')
    ('name', rdflib.term.Literal('Evil "} DROP ALL'))
    """
    var, is_iri, value = binding_rule(text, (schema or load_schema()).prefixes)
    return var, URIRef(value) if is_iri else Literal(value)


def _parts(node: Any) -> Iterator[Any]:
    """Every part of a query's algebra, without recursion (a query may nest deeply)."""
    stack = [node]
    while stack:
        item = stack.pop()
        yield item
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)


def prepare(query: str, schema: Schema | None = None) -> Query:
    """``query`` parsed with ``schema``'s prefixes, or a UsageError; refused if it would read
    anything but the graph it runs over (``SERVICE``, ``FROM``, ``FROM NAMED``).

    >>> prepare("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    graph.errors.UsageError: the query uses SERVICE <http://127.0.0.1:9/sparql>: a query runs over the graph's ...
    """
    schema = schema or load_schema()
    try:
        prepared = prepareQuery(query, initNs=schema.prefixes)
    except RecursionError:
        raise UsageError("invalid SPARQL query: nested too deeply to read") from None
    except Exception as exc:  # rdflib raises pyparsing and plain exceptions for bad queries
        name = type(exc).__name__
        if name in ("ParseException", "ParseSyntaxException") or "Unknown namespace prefix" in str(exc):
            raise UsageError(f"invalid SPARQL query: {exc}") from None
        raise
    for part in _parts(prepared.algebra):
        if getattr(part, "name", None) == "ServiceGraphPattern":
            raise UsageError(
                f"the query uses SERVICE <{part.get('term')}>: a query runs over the graph's RDF only "
                "and never sends a request"
            )
    if prepared.algebra.get("datasetClause"):
        raise UsageError(
            "the query names graphs with FROM or FROM NAMED: a query runs over the graph's RDF only and "
            "reads no other file or URL (use GRAPH <iri> { ... } for the named graphs of a TriG or N-Quads file)"
        )
    return prepared


def sparql(
    rdf: Graph,
    query: str,
    bindings: Mapping[str, Identifier | str] | None = None,
    schema: Schema | None = None,
) -> Result:
    """Run ``query`` over ``rdf`` with ``schema``'s prefixes (default: the packaged schema's);
    ``bindings`` are values, not text. The query is checked by :func:`prepare` first. Rows are
    computed as they are read: an error in the query's expressions (see :func:`run_query`) comes then.
    """
    init = {k: (v if isinstance(v, Identifier) else Literal(v)) for k, v in (bindings or {}).items()}
    return rdf.query(prepare(query, schema), initBindings=init)


def _evaluation_error(exc: Exception) -> UsageError | None:
    """A query's own mistake found while it runs (a bad regular expression, SUM over dates...), in words."""
    if isinstance(exc, re.error):
        return UsageError(f"the query has an invalid regular expression: {exc}")
    if isinstance(exc, SPARQLError):  # SPARQLTypeError included
        return UsageError(f"the query cannot be evaluated: {' '.join(str(exc).split())[:300]}")
    return None


def _child(
    send: Connection,
    rdf: Graph,
    query: str,
    bindings: Mapping[str, Identifier | str] | None,
    schema: Schema | None,
    fmt: str,
    memory: int,
) -> None:
    """Runs in the child process: set the memory limit, run, send ``(kind, text)`` back."""
    sys.unraisablehook = lambda _: None  # rdflib's generators, closed at the memory limit, would print tracebacks
    limit_memory(memory)
    try:
        message = ("ok", format_result(sparql(rdf, query, bindings, schema), fmt, schema))
    except MemoryError:
        message = ("memory", "")
    except CdkgError as exc:
        message = ("usage", str(exc))
    except Exception as exc:
        found = _evaluation_error(exc)
        message = ("usage", str(found)) if found else ("bug", traceback.format_exc())
    try:
        send.send(message)
    except MemoryError:
        send.send(("memory", ""))


def run_query(
    rdf: Graph,
    query: str,
    bindings: Mapping[str, Identifier | str] | None = None,
    schema: Schema | None = None,
    fmt: str = "table",
    timeout: float = DEFAULT_TIMEOUT,
    memory: int = DEFAULT_MEMORY,
) -> str:
    """The answer of ``query`` over ``rdf``, formatted by :func:`format_result`, computed in a child
    process that may run ``timeout`` seconds and take ``memory`` MiB over what the graph takes.

    A query past either limit is stopped and raises :class:`~graph.errors.QueryError`; a query that
    cannot be evaluated (an invalid regular expression, ``SUM`` over dates) a UsageError.

    >>> from graph import load, to_rdf
    >>> print(run_query(to_rdf(load("data")), "ASK { ?s ?p ?o }", fmt="json"))
    {"head": {}, "boolean": true}
    >>> run_query(to_rdf(load("data")), 'SELECT * WHERE { BIND(REGEX("a", "(") AS ?x) FILTER(?x) }')
    Traceback (most recent call last):
    ...
    graph.errors.UsageError: the query has an invalid regular expression: missing ), unterminated subpattern ...
    """
    prepare(query, schema)  # a wrong query is told at once, without a process
    if "fork" not in multiprocessing.get_all_start_methods():  # pragma: no cover - every POSIX system forks
        return format_result(sparql(rdf, query, bindings, schema), fmt, schema)
    return run_in_child(_child, (rdf, query, bindings, schema, fmt, memory), timeout, memory)


def _text(node: Identifier | None) -> str:
    return "" if node is None else str(node)


def format_graph(triples: Graph, fmt: str, schema: Schema | None = None) -> str:
    """A ``CONSTRUCT`` or ``DESCRIBE`` answer: JSON-LD (``fmt`` json) or Turtle, with ``schema``'s prefixes."""
    g = Graph()
    for prefix, iri in (schema or load_schema()).prefixes.items():
        g.bind(prefix, iri)
    for t in triples:
        g.add(t)
    return str(g.serialize(format="json-ld" if fmt == "json" else "turtle"))


def format_result(result: Result, fmt: str, schema: Schema | None = None) -> str:
    """A query result as an aligned text table, SPARQL JSON results, or CSV (a graph result:
    JSON-LD or Turtle, with ``schema``'s prefixes; default: the packaged schema's)."""
    if fmt not in RESULT_FORMATS:
        raise UsageError(f"unknown result format '{fmt}'; choose from {', '.join(RESULT_FORMATS)}")
    if result.type == "ASK":
        return json.dumps({"head": {}, "boolean": bool(result.askAnswer)}) if fmt == "json" else str(result.askAnswer)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        assert result.graph is not None
        return format_graph(result.graph, fmt, schema)
    variables = [str(v) for v in (result.vars or [])]
    rows: list[list[str]] = [[_text(row[i]) for i in range(len(variables))] for row in result]  # type: ignore[index, arg-type]
    if fmt == "json":
        payload: Any = json.loads(result.serialize(format="json") or b"{}")
        return json.dumps(payload, ensure_ascii=False, indent=1)
    return rows_text(variables, rows, fmt)
