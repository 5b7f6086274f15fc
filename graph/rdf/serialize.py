"""Writing the build's RDF files from sorted N-Triples lines.

Every RDF export of the build starts from the same N-Triples lines (see
:func:`graph.rdf.export.export_lines`): each graph's lines sorted and distinct.

* Turtle and TriG are written by ``pyoxigraph.serialize`` from the lines
  (parsed as they are read, never all held as terms), with the schema's
  prefixes: in sorted lines a subject's triples are consecutive, so the
  output groups them and is the same bytes for the same lines.
* N-Triples is the lines themselves; N-Quads and JSON-LD are one pass over
  the lines that only rewrites text (see ``docs/benchmarks.md`` for why these
  stay hand-written): no terms are made, nothing but the current subject is
  held, and the output is written as it goes.
* In JSON-LD an N-Triples string is a JSON string as it stands whenever its
  escapes are JSON's (those of :mod:`graph.rdf.terms` always are); any other is
  decoded and re-encoded.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Iterator
from typing import IO

from .terms import Compactor, unescape

__all__ = ["jsonld", "nquads", "trig", "turtle", "write_chunks"]

_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
# N-Triples text that is not JSON text as it stands: a raw control character, or an escape JSON lacks
_NOT_JSON = re.compile(r"[\x00-\x1f\x7f]|\\[^\"\\nrtbfu]")

CHUNK = 4096
"""Lines or nodes a writer gathers before it hands them on as one piece."""
BUFFER = 1 << 20
"""Characters gathered before they are encoded and written."""
CACHE = 1 << 16
"""Most IRIs a writer keeps shortened at once (the cache starts again when full)."""
LENIENT = True
"""pyoxigraph reads the lines without re-validating their IRIs (about 15 % of the Turtle writer's time at
10,000 relations): they are the build's own N-Triples, written as they stand to ``graph.nt`` too."""


def nquads(groups: dict[str, list[str]], graph_iri: dict[str, str]) -> Iterator[str]:
    """N-Quads, graph by graph in ``groups``' order: the default graph (``""``) unlabelled.

    ``graph_iri`` maps a group to its graph's IRI. A raw line break only ends
    a line in N-Triples, so the label is put in with one replace per chunk of lines.
    """
    for g, lines in groups.items():
        label = f" <{graph_iri[g]}> .\n" if g else ""
        for start in range(0, len(lines), CHUNK):
            text = "".join(lines[start : start + CHUNK])
            yield text.replace(" .\n", label) if label else text


class _TextReader(io.RawIOBase):
    """Text pieces read as one UTF-8 byte stream (what ``pyoxigraph.parse`` reads as it goes)."""

    def __init__(self, pieces: Iterable[str]) -> None:
        super().__init__()
        self._pieces = iter(pieces)
        self._data = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._data:
            piece = next(self._pieces, None)
            if piece is None:
                return 0
            self._data = memoryview(piece.encode("utf-8"))
        n = min(len(buffer), len(self._data))
        buffer[:n] = self._data[:n]
        self._data = self._data[n:]
        return n


def _chunks(lines: list[str]) -> Iterator[str]:
    for start in range(0, len(lines), CHUNK):
        yield "".join(lines[start : start + CHUNK])


def turtle(out: IO[bytes], lines: list[str], prefixes: dict[str, str]) -> None:
    """Write sorted N-Triples ``lines`` to ``out`` as Turtle, by ``pyoxigraph.serialize``, with ``prefixes``.

    >>> buf = io.BytesIO()
    >>> turtle(buf, ["<https://x.org/a> <https://x.org/p> <https://x.org/b> .\\n"], {"ex": "https://x.org/"})
    >>> print(buf.getvalue().decode(), end="")
    @prefix ex: <https://x.org/> .
    ex:a ex:p ex:b .
    """
    import pyoxigraph as ox

    triples = ox.parse(io.BufferedReader(_TextReader(_chunks(lines))), format=ox.RdfFormat.N_TRIPLES, lenient=LENIENT)
    ox.serialize(triples, out, ox.RdfFormat.TURTLE, prefixes=dict(sorted(prefixes.items())))


def trig(out: IO[bytes], groups: dict[str, list[str]], prefixes: dict[str, str], graph_iri: dict[str, str]) -> None:
    """Write each graph's sorted lines to ``out`` as TriG (``graph_iri``: a group's graph IRI), by
    ``pyoxigraph.serialize``: the default graph first, then the named graphs in ``groups``' order."""
    import pyoxigraph as ox

    quads = ox.parse(
        io.BufferedReader(_TextReader(nquads(groups, graph_iri))), format=ox.RdfFormat.N_QUADS, lenient=LENIENT
    )
    ox.serialize(quads, out, ox.RdfFormat.TRIG, prefixes=dict(sorted(prefixes.items())))


def jsonld(lines: Iterable[str], prefixes: dict[str, str]) -> Iterator[str]:
    """Compact JSON-LD: a ``@context`` of the prefixes and one flat ``@graph`` node per line.

    Nodes come in the order of the lines; a node's keys are sorted, ``@type``
    first, and each key's values keep the lines' order. ``lines``: sorted
    N-Triples lines without blank nodes, each ending in `` .\n``.
    """
    compact = Compactor(prefixes)
    iris: dict[str, str] = {}  # "<iri>" -> its compact form as a JSON string

    def iri(term: str) -> str:
        found = iris.get(term)
        if found is None:
            if len(iris) >= CACHE:
                iris.clear()
            if term[0] != "<":
                raise ValueError(f"the JSON-LD writer handles IRIs and literals only, found {term}")
            if "\\" in term:  # UCHAR escapes: decode, then JSON-encode whatever they were
                short = compact(unescape(term[1:-1]))
                found = json.dumps(short[1:-1] if short[0] == "<" else short, ensure_ascii=False)
            else:  # an IRIREF holds no quote, backslash or control character: JSON as it stands
                short = compact(term[1:-1])
                found = f'"{short[1:-1]}"' if short[0] == "<" else f'"{short}"'
            iris[term] = found
        return found

    get = iris.get
    not_json = _NOT_JSON.search
    yield '{\n "@context": ' + json.dumps(dict(sorted(prefixes.items())), ensure_ascii=False) + ',\n "@graph": ['
    out: list[str] = []
    lead = "\n  "  # before a chunk of nodes: a comma after the first
    subject = ""
    types: list[str] = []
    props: dict[str, list[str]] = {}

    def node() -> str:
        parts = [f'"@id": {iri(subject)}']
        if types:
            parts.append(f'"@type": [{", ".join(types)}]')
        parts += [f"{key}: [{', '.join(props[key])}]" for key in sorted(props)]
        return "{" + ", ".join(parts) + "}"

    for line in lines:
        s, p, o = line.split(" ", 2)
        o = o[:-3]
        if s != subject:
            if subject:
                out.append(node())
                if len(out) > CHUNK:
                    yield lead + ",\n  ".join(out)
                    lead = ",\n  "
                    out.clear()
            subject, types, props = s, [], {}
        if o[0] == "<":
            value = get(o) or iri(o)
            if p == _RDF_TYPE:
                types.append(value)
                continue
            value = '{"@id": ' + value + "}"
        elif o[0] == '"':
            end = o.rfind('"') + 1
            text = o[:end] if not_json(o, 0, end) is None else json.dumps(unescape(o[1 : end - 1]), ensure_ascii=False)
            if end == len(o):
                value = text
            elif o[end] == "@":
                value = f'{{"@value": {text}, "@language": "{o[end + 1 :]}"}}'
            else:
                value = f'{{"@value": {text}, "@type": {get(o[end + 2 :]) or iri(o[end + 2 :])}}}'
        else:
            raise ValueError(f"the JSON-LD writer handles IRIs and literals only, found {o}")
        key = get(p) or iri(p)
        found = props.get(key)
        if found is None:
            props[key] = [value]
        else:
            found.append(value)
    if subject:
        out.append(node())
    if out:
        yield lead + ",\n  ".join(out)
    yield "\n ]\n}\n"


def write_chunks(out: IO[bytes], pieces: Iterable[str]) -> None:
    """Write text pieces to ``out`` as UTF-8, about :data:`BUFFER` characters at a time."""
    batch: list[str] = []
    size = 0
    for piece in pieces:
        batch.append(piece)
        size += len(piece)
        if size >= BUFFER:
            out.write("".join(batch).encode("utf-8"))
            batch.clear()
            size = 0
    if batch:
        out.write("".join(batch).encode("utf-8"))
