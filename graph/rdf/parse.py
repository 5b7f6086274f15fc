"""Reading RDF that follows the project's pattern back into the data model.

:func:`from_rdf` is the reader paired with :func:`graph.rdf.to_rdf`: it reads
Turtle, N-Triples, JSON-LD, TriG or N-Quads (the named graphs are merged) and
returns a :class:`~graph.model.Dataset`, which :func:`graph.to_networkx`
turns into the networkx graph. What it reads, by namespace (see README, "The
RDF"):

* ``cdksrc:ID``: a source (``dcterms:title``, ``cdkg:file``, publication...);
* ``cdk:ID``: an entity or an n-ary fact, by its class: ``rdfs:label``, dates,
  fields, ``prov:wasDerivedFrom`` evidence and, for a fact, its roles;
* ``cdks:ID``: a ``cdkg:RelationStatement`` (a curated relation, or with
  ``cdkg:derivedFromFact`` one a fact implies, which is checked and then
  regenerated from the fact), a ``cdkg:AliasStatement`` (a name of an entity,
  with the source that uses it) or a ``cdkg:Evidence`` (a source and a quote).

Evidence and aliases keep their order (``.ev1``, ``.ev2``, ``.alias1`` in
their IRIs). A role's participants are a set: they come back sorted by id.
Sources come back without their text, which the RDF does not carry.

Anything else is an error naming the subject, the property and what was
expected; every problem is reported at once in one
:class:`~graph.errors.DataError`.

Files are read by pyoxigraph, in time linear in their size (escapes,
thousands of ``@prefix`` lines and deep nesting included), and must be UTF-8.
The reader opens nothing but the file it is given: a JSON-LD ``@context``
or ``@import`` naming a URL or a file is refused, never loaded.

>>> from graph import load
>>> from graph.rdf import to_rdf
>>> ds = from_rdf(to_rdf(load("data")))
>>> ds.entities["kering"].aliases[:2]
(Alias(name='Kaiyun Group', source='seed-article'), Alias(name='Kering S.A.', source='sdny-order-2016-08-04'))
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib import Dataset as RdfDataset
from rdflib.term import Node

from ..errors import DataError, Problem, UsageError
from ..model.records import Dataset
from ..schema import Schema, load_schema
from .formats import RDF_FORMATS
from .pattern import read_pattern

__all__ = ["MAX_JSONLD_DEPTH", "RDF_FORMATS", "from_rdf", "guess_format"]

_PARSERS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def guess_format(path: str | Path) -> str:
    """The format of an RDF file, from its suffix.

    >>> guess_format("out/graph.trig"), guess_format("out/graph.nt")
    ('trig', 'ntriples')
    """
    suffix = Path(path).suffix.lower()
    if suffix not in RDF_FORMATS:
        raise UsageError(
            f"cannot tell the RDF format of '{path}' from its suffix; use one of "
            + ", ".join(RDF_FORMATS)
            + " or give --format"
        )
    return RDF_FORMATS[suffix]


def _read_bytes(source: str | Path | IO[bytes] | IO[str], shown: str) -> bytes:
    """The file's bytes, checked to be UTF-8 (a Latin-1 file is told where its first stray byte is)."""
    try:
        if isinstance(source, (str, Path)):
            data: str | bytes = Path(source).read_bytes()
        else:
            data = source.read()
    except OSError as exc:
        raise DataError([Problem(shown, 0, "", "", f"cannot read the file: {exc.strerror or exc}")]) from None
    if isinstance(data, str):
        return data.encode("utf-8", "surrogatepass")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DataError(
            [
                Problem(
                    shown,
                    line,
                    "",
                    "",
                    f"not UTF-8: byte 0x{data[exc.start]:02X} is not part of a UTF-8 character; RDF files are "
                    "UTF-8 (convert it first, e.g. iconv -f latin1 -t utf-8)",
                )
            ]
        ) from None
    return data.removeprefix(b"\xef\xbb\xbf")


MAX_JSONLD_DEPTH = 100
"""How deep a JSON-LD document may nest its objects and arrays (the build's nests 4 levels)."""


def _check_jsonld(data: bytes, shown: str) -> None:
    """Refuse a JSON-LD document nested deeper than :data:`MAX_JSONLD_DEPTH` (pyoxigraph's parser
    would overflow its stack), or naming a context to load (a URL, a file, an ``@import``)."""
    try:
        doc = json.loads(data)
    except RecursionError:
        doc = None
        depth = MAX_JSONLD_DEPTH + 1
    except ValueError as exc:
        line = getattr(exc, "lineno", 0)
        raise DataError([Problem(shown, line, "", "", f"not JSON: {getattr(exc, 'msg', exc)}")]) from None
    else:
        depth = 0
    stack: list[tuple[Any, int]] = [(doc, 1)]
    while stack and depth <= MAX_JSONLD_DEPTH:  # no recursion: the document may nest deeply
        item, level = stack.pop()
        depth = max(depth, level)
        if isinstance(item, dict):
            for key, value in item.items():
                named = [i for i in (value if isinstance(value, list) else [value]) if isinstance(i, str)]
                if key == "@import" or (key == "@context" and named):
                    remote = str(value if key == "@import" else named[0])
                    kind = "remote context" if "://" in remote else "context"
                    message = (
                        f"{kind} '{remote[:200]}' is not fetched: the reader never goes online or opens a file "
                        "the command line did not name; inline the context"
                    )
                    raise DataError([Problem(shown, 0, "", key, message)])
                stack.append((value, level + 1))
        elif isinstance(item, list):
            stack.extend((i, level + 1) for i in item)
    if depth > MAX_JSONLD_DEPTH:
        raise DataError([Problem(shown, 0, "", "", f"nested more than {MAX_JSONLD_DEPTH} levels deep; not read")])


class _Terms:
    """pyoxigraph's terms as rdflib's, each made once."""

    def __init__(self) -> None:
        self.made: dict[Any, Node] = {}
        self.triple_terms = 0

    def __call__(self, term: Any) -> Node:
        found = self.made.get(term)
        if found is not None:
            return found
        if isinstance(term, ox.NamedNode):
            made: Node = URIRef(term.value)
        elif isinstance(term, ox.BlankNode):
            made = BNode(term.value)
        elif isinstance(term, ox.Literal):
            if term.language:
                made = Literal(term.value, lang=term.language)
            else:
                datatype = term.datatype.value
                made = Literal(term.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype))
        else:  # an RDF 1.2 triple term: outside the pattern, which reifies with rdf:Statement
            self.triple_terms += 1
            made = BNode()
        self.made[term] = made
        return made


def _parse(source: str | Path | IO[bytes] | IO[str], fmt: str | None, shown: str) -> Graph:
    """The triples of an RDF file (the named graphs merged), read by pyoxigraph: linear in the
    file's size whatever its escapes, prefixes or nesting, and it never loads a remote or
    local JSON-LD context (it has no document loader)."""
    if fmt is None:
        name = getattr(source, "name", None) if not isinstance(source, (str, Path)) else source
        fmt = guess_format(str(name or ""))
    if fmt not in _PARSERS:
        raise UsageError(f"unknown RDF format '{fmt}'; choose from {', '.join(sorted(_PARSERS))}")
    data = _read_bytes(source, shown)
    if fmt == "jsonld":
        _check_jsonld(data, shown)
    g, term = Graph(), _Terms()
    try:
        for q in ox.parse(data, _PARSERS[fmt]):
            g.add((term(q.subject), term(q.predicate), term(q.object)))
    except SyntaxError as exc:
        message = re.sub(r" \(line \d+\)$", "", " ".join(str(exc).split()))[:300]
        raise DataError([Problem(shown, exc.lineno or 0, "", "", f"cannot parse as {fmt}: {message}")]) from None
    if term.triple_terms:
        raise DataError(
            [
                Problem(
                    shown,
                    0,
                    "",
                    "",
                    f"{term.triple_terms} RDF 1.2 triple term{'s' if term.triple_terms != 1 else ''}: "
                    "not part of the pattern",
                )
            ]
        )
    return g


def _merged(quads: RdfDataset) -> Graph:
    """The triples of every named graph, in one graph."""
    g = Graph()
    for s, p, o, _ in quads.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def from_rdf(
    source: str | Path | IO[bytes] | IO[str] | Graph,
    format: str | None = None,
    schema: Schema | str | Path | None = None,
) -> Dataset:
    """Read RDF that follows the pattern back into a :class:`~graph.model.Dataset`.

    ``source`` is a file name, a file object or an rdflib graph (a
    :class:`rdflib.Dataset`'s named graphs are merged); ``format`` is one of
    the build's RDF formats (``turtle``, ``ntriples``, ``jsonld``, ``trig``,
    ``nquads``), guessed from the file's suffix when not given. Raises
    :class:`~graph.errors.DataError` listing every triple outside the pattern,
    each naming its subject.
    """
    if not isinstance(schema, Schema):
        schema = load_schema(schema)
    if isinstance(source, Graph):
        shown = "<graph>"
        g = _merged(source) if isinstance(source, RdfDataset) else source
    else:
        shown = str(source) if isinstance(source, (str, Path)) else str(getattr(source, "name", "<stream>"))
        g = _parse(source, format, shown)
    return read_pattern(g, schema, shown)
