"""What every way of running SPARQL shares, without importing a SPARQL engine.

:mod:`graph.rdf.query` (rdflib), :mod:`graph.rdf.oxstore` (Oxigraph, embedded or
a remote endpoint) read ``--bind`` values, check a query's text and format its
rows through here, so that the answers look the same whichever engine ran them
and a command that uses Oxigraph does not pay for importing rdflib.

>>> binding_rule('name=Evil "} DROP ALL', {})
('name', False, 'Evil "} DROP ALL')
>>> binding_rule("who=cdk:alibaba", {"cdk": "https://w3id.org/cdkg/id/"})
('who', True, 'https://w3id.org/cdkg/id/alibaba')
>>> print(rows_text(["a", "b"], [["x", ""]], "csv"))
a,b
x,
"""

from __future__ import annotations

import csv
import io
import multiprocessing
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from ..errors import QueryError, UsageError

__all__ = [
    "DEFAULT_MEMORY",
    "DEFAULT_TIMEOUT",
    "MAX_NESTING",
    "RESULT_FORMATS",
    "binding_rule",
    "check_reads_only_the_graph",
    "limit_memory",
    "query_form",
    "rows_text",
    "run_in_child",
    "tokens",
]

RESULT_FORMATS = ("table", "json", "csv")

DEFAULT_TIMEOUT = 60.0
"""Seconds a query may run unless told (``--timeout``)."""

DEFAULT_MEMORY = 2048
"""MiB a query may take, over what the loaded graph takes, unless told (``--memory``)."""


def binding_rule(text: str, prefixes: Mapping[str, str]) -> tuple[str, bool, str]:
    """``VAR=VALUE`` from the command line as (variable, is an IRI, the IRI or the string).

    ``<iri>`` or ``prefix:local`` (a prefix of ``prefixes``) is an IRI, anything else a string.
    """
    var, sep, value = text.partition("=")
    var = var.strip().lstrip("?$")
    if not sep or not var.isidentifier():
        raise UsageError(f"--bind expects VAR=VALUE, got '{text}'")
    if value.startswith("<") and value.endswith(">"):
        return var, True, value[1:-1]
    prefix, colon, local = value.partition(":")
    if colon and prefix in prefixes and " " not in local:
        return var, True, prefixes[prefix] + local
    return var, False, value


# The lexical parts of SPARQL that may hide a word: strings (the four quotings, with their escapes),
# IRIs (the IRIREF characters only), comments; then the words: keywords, variables, prefixed names.
_LEXICAL = re.compile(
    r"""(?P<skip>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''"""
    r"""|"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*'|<[^<>"{}|^`\\\x00-\x20]*>|\#[^\n\r]*)"""
    r"""|(?P<word>[?$]?[A-Za-z_][\w-]*(?::[\w.\-]*)?|\w*:[\w.\-]*)|(?P<brace>[{}])|(?P<nest>[()\[\]])""",
    re.S,
)
_SERVICE = re.compile(r"SERVICE\s+(?:SILENT\s+)?(<[^<>\s]*>|\S+)", re.I)
_ONLY = "a query runs over the graph's RDF only"
MAX_NESTING = 256
"""The deepest nesting of groups, brackets and parentheses a query may have (an engine's parser recurses)."""
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def tokens(query: str) -> Iterator[tuple[str, str, int]]:
    """The words and braces of ``query`` outside its strings, IRIs and comments: (kind, text, offset).

    >>> [t for _, t, _ in tokens('SELECT ?x WHERE { ?x rdfs:label "FROM here" } # SERVICE')]
    ['SELECT', '?x', 'WHERE', '{', '?x', 'rdfs:label', '}']
    """
    for m in _LEXICAL.finditer(query):
        if m.lastgroup in ("word", "brace"):
            yield m.lastgroup, m.group(), m.start()


def _decoded(query: str) -> list[str]:
    """``query`` and what SPARQL's codepoint escapes (``\\u0053ERVICE``) could make of it, decoded again and again."""
    versions = [query]
    for _ in range(4):
        try:
            text = _CODEPOINT.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), versions[-1])
        except (ValueError, OverflowError):  # an escape past U+10FFFF: the engine refuses the query
            break
        if text == versions[-1]:
            break
        versions.append(text)
    return versions


def check_reads_only_the_graph(query: str) -> None:
    """Refuse a query that would read anything but the graph it runs over: ``SERVICE`` (a request to
    any host), ``FROM``, ``FROM NAMED``. Checked on the text, before any engine sees it, so a query
    of any engine is held to it; the check is lexical and errs towards refusing.

    >>> check_reads_only_the_graph('SELECT ?s WHERE { ?s rdfs:label "SERVICE" ; ex:from ?from }')
    >>> check_reads_only_the_graph("SELECT * WHERE { \\\\u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    graph.errors.UsageError: the query uses SERVICE <http://127.0.0.1:9/>: a query runs over the graph's RDF only ...
    """
    for text in _decoded(query):
        depth = 0
        for m in _LEXICAL.finditer(text):
            if m.lastgroup in ("brace", "nest"):
                depth += 1 if m.group() in "{([" else -1
                if depth > MAX_NESTING:
                    raise UsageError(f"invalid SPARQL query: nested too deeply to read (over {MAX_NESTING} levels)")
                continue
            keyword = m.group().upper() if m.lastgroup == "word" else ""
            if keyword == "SERVICE":
                found = _SERVICE.match(text, m.start())
                what = f"SERVICE {found.group(1)}" if found else "SERVICE"
                raise UsageError(f"the query uses {what}: {_ONLY} and never sends a request")
            if keyword == "FROM":
                raise UsageError(
                    f"the query names graphs with FROM or FROM NAMED: {_ONLY} and reads no other file or URL "
                    "(use GRAPH <iri> { ... } for the named graphs of a TriG or N-Quads file)"
                )


def query_form(query: str) -> str:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE`` (``""`` if none is found).

    >>> query_form("PREFIX ex: <http://x/> construct { ?s ?p ?o } WHERE { ?s ?p ?o }")
    'CONSTRUCT'
    """
    for kind, word, _ in tokens(query):
        if kind == "word" and word.upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return word.upper()
    return ""


def rows_text(variables: list[str], rows: list[list[str]], fmt: str) -> str:
    """Rows of a ``SELECT`` as CSV or an aligned text table (cells of at most 60 characters)."""
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


def limit_memory(memory: int) -> None:
    """In a query's child process: let it take ``memory`` MiB more than it has now (no /proc: no limit)."""
    import resource  # POSIX only, as fork is

    try:
        with open("/proc/self/statm", encoding="ascii") as statm:  # noqa: PTH123
            size = int(statm.read().split()[0]) * resource.getpagesize()
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = size + memory * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit if hard < 0 else min(limit, hard), hard))
    except (OSError, ValueError):  # no /proc: no memory limit, the time limit still holds
        pass


def run_in_child(target: Callable[..., None], args: tuple[Any, ...], timeout: float, memory: int) -> str:
    """``target(send, *args)`` in a forked child that sends back ``(kind, text)``: its text when ``ok``.

    Past ``timeout`` seconds the child is killed and a :class:`~graph.errors.QueryError` says so; a child
    that dies without a word (or says ``memory``) went past its ``memory`` MiB; ``usage`` is the user's
    error (a :class:`~graph.errors.UsageError`); anything else is a bug, raised with the child's traceback.
    """
    context = multiprocessing.get_context("fork")  # the child shares what the parent read, copied on write
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=target, args=(send, *args), daemon=True)
    sys.stdout.flush()
    child.start()
    send.close()
    try:
        if not receive.poll(timeout):
            raise QueryError(f"the query did not finish within {timeout:g} s; stopped (--timeout SECONDS allows more)")
        try:
            kind, text = receive.recv()
        except EOFError:  # the child died without a word: killed for its memory, most likely
            kind, text = "memory", ""
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receive.close()
    if kind == "ok":
        return str(text)
    if kind == "memory":
        raise QueryError(f"the query needed more than {memory} MiB of memory; stopped (--memory MIB allows more)")
    if kind == "usage":
        raise UsageError(str(text).removeprefix("error: "))
    raise RuntimeError(f"the query failed in its process:\n{text}")  # a bug: shown with its traceback
