"""SPARQL on Oxigraph: the snapshot's store on disk, a store made in memory, or a remote endpoint.

The store holds what ``graph.nt`` holds in its default graph (every distinct
triple, as the rdflib graph of :mod:`graph.rdf.query` does, so that a query
gives the same answers) and, as ``graph.nq`` names them, each source's triples
in the named graph of the source's IRI (``GRAPH <...> { }`` finds them).

The protections of :mod:`graph.rdf.query` hold on every path: the project's
prefixes are bound; ``--bind`` values are bound as values: a ``VALUES`` block at the
start of the ``WHERE`` group holding RDF terms written by pyoxigraph (an IRI
checked as one, a string escaped), never the value's text as query text
(Oxigraph's own ``substitutions`` refuse a variable the query does not
project, as ``SELECT ?e WHERE { ?e skos:altLabel ?n }`` with ``n`` bound; and a
remote endpoint has nothing else); ``SERVICE``, ``FROM`` and ``FROM NAMED``
are refused before the engine sees the query (:func:`~graph.rdf.results.
check_reads_only_the_graph`); an embedded query runs in a child process
stopped past ``timeout`` seconds or ``memory`` MiB.
"""

from __future__ import annotations

import itertools
import json
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO, Any

from ..errors import StoreError, UsageError
from .results import (
    DEFAULT_MEMORY,
    DEFAULT_TIMEOUT,
    RESULT_FORMATS,
    check_reads_only_the_graph,
    limit_memory,
    rows_text,
    run_in_child,
    tokens,
)

__all__ = [
    "LOAD_CHUNK",
    "MOST_CHANGED",
    "Binding",
    "load_store",
    "run_on_endpoint",
    "run_on_store",
    "store_quads",
    "store_sections",
    "update_store",
    "values_block",
    "write_store",
]

Binding = tuple[bool, str]
"""A bound value: (is an IRI, the IRI or the string), as :func:`~graph.rdf.results.binding_rule` reads it."""


def store_quads(union: list[str], graphs: Mapping[str, list[str]], iris: Mapping[str, str]) -> Iterator[str]:
    """The store's content as N-Quads text pieces: ``union`` (N-Triples lines) in the default graph,
    each named graph's lines in the graph of its IRI (``graphs[""]``, the rest, is in the union already)."""
    step = 4096
    for start in range(0, len(union), step):
        yield "".join(union[start : start + step])
    for g, lines in graphs.items():
        if not g:
            continue
        label = f" <{iris[g]}> .\n"
        for start in range(0, len(lines), step):
            yield "".join(lines[start : start + step]).replace(" .\n", label)


def _labelled(lines: list[str], iri: str) -> list[str]:
    label = f" <{iri}> .\n"
    return [line[:-3] + label for line in lines]  # "S P O .\n" -> "S P O <G> .\n"


def store_sections(
    union: list[str], graphs: Mapping[str, list[str]], iris: Mapping[str, str]
) -> Iterator[tuple[str, list[str]]]:
    r"""The store's content (as :func:`store_quads`) as (graph IRI, sorted N-Quads lines) sections: the
    default graph (IRI ``""``, the ``union``) first, then each named graph with lines, by IRI: the order
    of the text kept beside a store (:func:`write_store`), so that two versions differ by one merge.

    >>> lines = ['<a> <p> "x" .\n', '<b> <p> <c> .\n']
    >>> list(store_sections(lines, {"": lines[:1], "s": lines[1:]}, {"s": "http://g/s"}))[1]
    ('http://g/s', ['<b> <p> <c> <http://g/s> .\n'])
    """
    yield "", union
    for iri, g in sorted((iris[g], g) for g, lines in graphs.items() if g and lines):
        yield iri, _labelled(graphs[g], iri)


def _marker(iri: str, count: int) -> str:
    """The comment line that opens a section of a store's text: how many lines follow, in which graph."""
    return f"# {count} quads in {f'<{iri}>' if iri else 'the default graph'}\n"


def _read_marker(line: str) -> tuple[str, int] | None:
    """(graph IRI, count) of a section's comment line (:func:`_marker`), or None if it is not one."""
    _, count, rest = [*line.split(" ", 2), "", ""][:3]
    if not line.startswith("# ") or not count.isdigit() or not rest.startswith("quads in "):
        return None
    where = rest[len("quads in ") :]
    if where == "the default graph\n":
        return "", int(count)
    return (where[1:-2], int(count)) if where.startswith("<") and where.endswith(">\n") else None


LOAD_CHUNK = 16 << 20
"""Bytes of N-Quads handed to Oxigraph's bulk loader at a time: its memory grows with what it is given
(about 5 times the text: 780 MB for the 160 MB of 10,000 relations at once, 160 MB in pieces of 16 MiB)."""

MOST_CHANGED = 0.25
"""The share of a store's quads past which :func:`write_store` loads a new store rather than change a copy
of the previous one. At 10,000 generated relations (1.6 M quads, a busy 2-core machine) the update's merge
takes about 1.5 s, each changed quad about 3 µs to remove or 5 µs to add, a full load 9 to 12 s: by those
rates the two meet near every quad changed, so a quarter is on the safe side (not measured end to end)."""

_STEP = 4096
"""Lines joined, written or compared at a time."""


def _load(store: Any, pieces: Iterable[str]) -> None:
    import pyoxigraph as ox

    batch: list[bytes] = []
    size = 0
    for piece in itertools.chain(pieces, [""]):
        if piece:
            data = piece.encode("utf-8")
            batch.append(data)
            size += len(data)
        if size >= LOAD_CHUNK or (not piece and batch):
            # lenient: the lines are the build's own N-Triples, checked when they were made
            store.bulk_load(b"".join(batch), ox.RdfFormat.N_QUADS, lenient=True)
            batch, size = [], 0


def _write_section(out: IO[bytes], iri: str, lines: list[str]) -> Iterator[str]:
    """A section of a store's text written to ``out`` (its comment line, then its lines), as pieces."""
    out.write(_marker(iri, len(lines)).encode("utf-8"))
    for start in range(0, len(lines), _STEP):
        piece = "".join(lines[start : start + _STEP])
        out.write(piece.encode("utf-8"))
        yield piece


def load_store(path: Path, sections: Iterable[tuple[str, list[str]]], text: Path) -> int:
    """A new Oxigraph store at ``path`` holding the ``sections`` (:func:`store_sections`), also written
    to ``text``; the number of quads."""
    import pyoxigraph as ox

    count = 0

    def pieces(out: IO[bytes]) -> Iterator[str]:
        nonlocal count
        for iri, lines in sections:
            count += len(lines)
            yield from _write_section(out, iri, lines)

    store = ox.Store(str(path))
    with text.open("wb") as out:
        _load(store, pieces(out))
    store.flush()
    del store  # closes the database
    return count


class _Unusable(Exception):
    """The update cannot give the store a full load gives: too many changes, or a text not as written."""


class _Changes:
    """The quads an update removes and adds, applied to ``store`` a batch at a time."""

    def __init__(self, store: Any, most: int) -> None:
        self.store, self.most = store, most
        self.gone: list[str] = []
        self.came: list[str] = []
        self.count = 0

    def note(self, bucket: list[str], lines: list[str]) -> None:
        bucket.extend(lines)
        self.count += len(lines)
        if self.count > self.most:
            raise _Unusable
        if len(bucket) >= _STEP:
            self.apply()

    def drop_graph(self, iri: str, count: int) -> None:
        import pyoxigraph as ox

        self.count += count
        if self.count > self.most:
            raise _Unusable
        self.store.remove_graph(ox.NamedNode(iri))

    def apply(self) -> None:
        import pyoxigraph as ox

        if self.gone:
            for quad in ox.parse("".join(self.gone), ox.RdfFormat.N_QUADS, lenient=True):
                self.store.remove(quad)
        if self.came:
            self.store.extend(ox.parse("".join(self.came), ox.RdfFormat.N_QUADS, lenient=True))
        self.gone, self.came = [], []


def _merge_section(old: Iterator[str], new: list[str], changes: _Changes) -> int:
    """Note what differs between the sorted lines ``old`` (read as they come) and ``new``: a block of
    old lines equal to the new ones where they stand is passed over at once (most are, after an edit),
    the others merged line by line (their order checked). The number of old lines read."""
    j = 0
    last = ""
    read = 0
    while True:
        block = list(itertools.islice(old, _STEP))
        read += len(block)
        if not block:
            break
        if block == new[j : j + len(block)]:
            j += len(block)
            last = block[-1]
            continue
        for o in block:
            if o < last:
                raise _Unusable
            last = o
            start = j
            while j < len(new) and new[j] < o:
                j += 1
            if start < j:
                changes.note(changes.came, new[start:j])
            if j < len(new) and new[j] == o:
                j += 1
            else:
                changes.note(changes.gone, [o])
    if j < len(new):
        changes.note(changes.came, new[j:])
    return read


def _old_sections(fh: IO[str]) -> Iterator[tuple[str, int]]:
    """The sections of a store's text, by their comment lines: (graph IRI, count), the file then at its lines."""
    last: str | None = None
    for line in fh:
        found = _read_marker(line)
        if found is None or (last is not None and found[0] <= last):
            raise _Unusable
        last = found[0]
        yield found
    # the lines of each section are read by the caller, from the same file, before the next comment line


def update_store(
    path: Path, previous: Path, previous_text: Path, sections: Iterable[tuple[str, list[str]]], text: Path, most: int
) -> int | None:
    """Make the store at ``path`` (an empty folder) a copy of the one at ``previous`` (a RocksDB
    checkpoint: hard links, a few milliseconds) changed into one holding ``sections``
    (:func:`store_sections`): the quads of ``previous_text`` (the text ``previous`` was made with) no
    longer there removed, the new ones added, found by one merge of the two sorted sequences; the new
    text is written to ``text``.

    The number of quads changed, or None (``path`` and ``text`` to be removed) when more than ``most``
    change, when ``previous_text`` is not as written, or when the store ends up holding another number
    of quads than ``sections`` (a text that does not match its store): a full load is needed then.
    """
    import pyoxigraph as ox

    source = ox.Store.read_only(str(previous))
    path.rmdir()  # the checkpoint makes the folder
    source.backup(str(path))
    del source
    store = ox.Store(str(path))
    changes = _Changes(store, most)
    written = 0
    try:
        with previous_text.open(encoding="utf-8", newline="\n") as old_fh, text.open("wb") as out:
            olds = _old_sections(old_fh)
            old = next(olds, None)
            for iri, lines in sections:
                while old is not None and old[0] < iri:  # graphs gone ("" sorts first)
                    changes.drop_graph(old[0], old[1])
                    for _ in itertools.islice(old_fh, old[1]):
                        pass
                    old = next(olds, None)
                if old is not None and old[0] == iri:
                    if _merge_section(itertools.islice(old_fh, old[1]), lines, changes) != old[1]:
                        raise _Unusable  # a text cut short
                    old = next(olds, None)
                else:
                    _merge_section(iter(()), lines, changes)
                for _ in _write_section(out, iri, lines):
                    pass
                written += len(lines)
            while old is not None:
                changes.drop_graph(old[0], old[1])
                for _ in itertools.islice(old_fh, old[1]):
                    pass
                old = next(olds, None)
        changes.apply()
        if len(store) != written:
            return None
        store.flush()
        return changes.count
    except _Unusable:
        return None
    finally:
        del store  # closes the database


def write_store(
    path: Path,
    text: Path,
    union: list[str],
    graphs: Mapping[str, list[str]],
    iris: Mapping[str, str],
    previous: Path | None = None,
    previous_text: Path | None = None,
) -> str:
    """A new Oxigraph store on disk at ``path`` (an empty folder) holding ``union`` in its default graph
    and each of ``graphs`` in the graph of its IRI (``iris``), and beside it ``text``: its quads as
    N-Quads, graph by graph (:func:`store_sections`), each graph's lines sorted, a comment before each.

    Made from a copy of the store ``previous`` and its text when they are given and few quads changed
    (:func:`update_store`, :data:`MOST_CHANGED`), else loaded anew; either way it holds the same quads.
    Returns how it was made, in words.
    """
    import shutil

    total = len(union) + sum(len(lines) for g, lines in graphs.items() if g)
    if previous is not None and previous_text is not None:
        try:
            changed = update_store(
                path, previous, previous_text, store_sections(union, graphs, iris), text, int(total * MOST_CHANGED)
            )
        except (OSError, ValueError, SyntaxError):  # a previous store that cannot be read: load anew
            changed = None
        if changed is not None:
            return f"updated a copy of the previous store: {changed:,} of {total:,} quads changed"
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(exist_ok=True)
    load_store(path, store_sections(union, graphs, iris), text)
    return f"loaded {total:,} quads"


def _term(value: Binding) -> Any:
    import pyoxigraph as ox

    is_iri, text = value
    try:
        return ox.NamedNode(text) if is_iri else ox.Literal(text)
    except ValueError as exc:
        raise UsageError(f"--bind: <{text}> is not an IRI: {exc}") from None


def _cell(term: Any) -> str:
    return "" if term is None else str(term.value)


def _answer(result: Any, fmt: str, prefixes: Mapping[str, str], graph_text: Callable[[bytes], str]) -> str:
    """An Oxigraph answer as :func:`graph.rdf.query.format_result` writes rdflib's."""
    import pyoxigraph as ox

    if isinstance(result, ox.QueryBoolean):
        return json.dumps({"head": {}, "boolean": bool(result)}) if fmt == "json" else str(bool(result))
    if isinstance(result, ox.QueryTriples):
        return graph_text(ox.serialize(result, format=ox.RdfFormat.N_TRIPLES) or b"")
    variables = [v.value for v in result.variables]
    if fmt == "json":
        return json.dumps(json.loads(result.serialize(format=ox.QueryResultsFormat.JSON)), ensure_ascii=False, indent=1)
    rows = [[_cell(solution[v]) for v in variables] for solution in result]
    return rows_text(variables, rows, fmt)


def _graph_text(schema_file: str | None, fmt: str) -> Callable[[bytes], str]:
    """How a ``CONSTRUCT`` answer is written: as :mod:`graph.rdf.query` writes rdflib's (rdflib imported then)."""

    def write(ntriples: bytes) -> str:
        from rdflib import Graph

        from ..schema import load_schema
        from .query import format_graph

        return format_graph(Graph().parse(data=ntriples.decode("utf-8"), format="nt"), fmt, load_schema(schema_file))

    return write


def _child(send: Connection, job: dict[str, Any]) -> None:
    """Runs in the child process: open or fill the store, limit the memory, run, send ``(kind, text)`` back."""
    import pyoxigraph as ox

    try:
        if job["path"]:
            store = ox.Store.read_only(job["path"])
        else:
            store = ox.Store()
            _load(store, job["pieces"]())
        limit_memory(job["memory"])
        result = store.query(values_block(job["query"], job["bindings"]), prefixes=dict(job["prefixes"]))
        message = ("ok", _answer(result, job["fmt"], job["prefixes"], _graph_text(job["schema"], job["fmt"])))
    except MemoryError:
        message = ("memory", "")
    except UsageError as exc:
        message = ("usage", str(exc))
    except SyntaxError as exc:
        message = ("usage", f"invalid SPARQL query: {exc}")
    except OSError as exc:  # Oxigraph's evaluation errors (a bad regular expression...) and the store's
        message = ("usage", f"the query cannot be evaluated: {' '.join(str(exc).split())[:300]}")
    except Exception:
        message = ("bug", traceback.format_exc())
    try:
        send.send(message)
    except MemoryError:
        send.send(("memory", ""))


def run_on_store(
    store: Path | None,
    query: str,
    bindings: Mapping[str, Binding],
    prefixes: Mapping[str, str],
    *,
    pieces: Callable[[], Iterable[str]] | None = None,
    fmt: str = "table",
    timeout: float = DEFAULT_TIMEOUT,
    memory: int = DEFAULT_MEMORY,
    schema_file: str | None = None,
) -> str:
    """The answer of ``query`` on the Oxigraph store at ``store`` (opened read-only), or on one made in
    memory from ``pieces()`` (:func:`store_quads`) when ``store`` is None, formatted as ``fmt``.

    Runs in a child process (its memory limit, ``memory`` MiB, counted from the opened or filled store);
    past ``timeout`` seconds or the memory limit the query is stopped with a
    :class:`~graph.errors.QueryError`. ``schema_file`` gives the prefixes of a ``CONSTRUCT`` answer.
    """
    if fmt not in RESULT_FORMATS:
        raise UsageError(f"unknown result format '{fmt}'; choose from {', '.join(RESULT_FORMATS)}")
    check_reads_only_the_graph(query)
    job = {
        "path": str(store) if store else "",
        "pieces": pieces,
        "query": query,
        "bindings": dict(bindings),
        "prefixes": dict(prefixes),
        "fmt": fmt,
        "memory": memory,
        "schema": schema_file,
    }
    return run_in_child(_child, (job,), timeout, memory)


# -- a remote endpoint ----------------------------------------------------------------


def _sparql_term(value: Binding) -> str:
    """A bound value as a SPARQL term, written by pyoxigraph: an IRI checked as an IRI, a string with
    its quotes, backslashes and control characters escaped (so that nothing in it is query text)."""
    return str(_term(value))


_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


def values_block(query: str, bindings: Mapping[str, Binding]) -> str:
    """``query`` with ``bindings`` as a ``VALUES`` block of RDF terms at the start of its ``WHERE``
    group: what binding a value before the query runs means (rdflib's ``initBindings``).

    >>> print(values_block('SELECT ?e WHERE { ?e rdfs:label ?n }', {"n": (False, 'a "} DROP ALL')}))
    SELECT ?e WHERE { VALUES (?n) { ("a \\"} DROP ALL") } ?e rdfs:label ?n }
    >>> values_block("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"s": (True, "http://x/a")})
    'CONSTRUCT { ?s ?p ?o } WHERE { VALUES (?s) { (<http://x/a>) } ?s ?p ?o }'
    """
    if not bindings:
        return query
    words = list(tokens(query))
    construct = next((t.upper() for k, t, _ in words if k == "word" and t.upper() in _FORMS), "") == "CONSTRUCT"
    # CONSTRUCT { template } WHERE? { group }: the group is the second top-level brace, unless CONSTRUCT WHERE { }
    short = construct and any(
        k == "word" and t.upper() == "CONSTRUCT" and n[0] == "word" and n[1].upper() == "WHERE"
        for (k, t, _), n in itertools.pairwise(words)
    )
    wanted = 2 if construct and not short else 1
    depth, seen, where = 0, 0, -1
    for kind, text, at in words:
        if kind != "brace":
            continue
        if text == "{":
            if depth == 0:
                seen += 1
                if seen == wanted:
                    where = at
                    break
            depth += 1
        else:
            depth -= 1
    if where < 0:
        raise UsageError("--bind needs a query with a WHERE clause to bind its values in")
    names = " ".join(f"?{k}" for k in bindings)
    row = " ".join(_sparql_term(v) for v in bindings.values())
    return f"{query[: where + 1]} VALUES ({names}) {{ ({row}) }}{query[where + 1 :]}"


def run_on_endpoint(
    url: str,
    query: str,
    bindings: Mapping[str, Binding],
    prefixes: Mapping[str, str],
    *,
    fmt: str = "table",
    timeout: float = DEFAULT_TIMEOUT,
    auth: str | None = None,
    schema_file: str | None = None,
) -> str:
    """The answer of ``query`` from the SPARQL 1.1 query endpoint ``url``, formatted as ``fmt``.

    The prefixes are declared before the query; the bindings go in as a ``VALUES`` block
    (:func:`values_block`). The request is :mod:`graph.rdf.store`'s: the store's origin only,
    one deadline, the credentials from ``auth`` never shown.
    """
    import pyoxigraph as ox

    from .results import query_form
    from .store import sparql_request

    if fmt not in RESULT_FORMATS:
        raise UsageError(f"unknown result format '{fmt}'; choose from {', '.join(RESULT_FORMATS)}")
    check_reads_only_the_graph(query)
    declared = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in sorted(prefixes.items()))
    text = declared + values_block(query, bindings)
    graph = query_form(query) in ("CONSTRUCT", "DESCRIBE")
    accept = "application/n-triples" if graph else "application/sparql-results+json"
    body = sparql_request(url, text, accept, auth=auth, timeout=timeout)
    try:
        if graph:
            return _graph_text(schema_file, fmt)(body)
        parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        return _answer(parsed, fmt, prefixes, _graph_text(schema_file, fmt))
    except (SyntaxError, ValueError, UnicodeDecodeError) as exc:
        raise StoreError(f"the endpoint {url} did not answer with SPARQL results: {str(exc)[:200]}") from None
