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

>>> from graph import load
>>> from graph.rdf import to_rdf
>>> ds = from_rdf(to_rdf(load("data")))
>>> ds.entities["kering"].aliases
(Alias(name='Kaiyun Group', source='seed-article'),)
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import IO, Any

from rdflib import Dataset as RdfDataset
from rdflib import Graph

from ..errors import DataError, Problem, UsageError
from ..model.records import Dataset
from ..schema import Schema, load_schema
from .pattern import read_pattern

__all__ = ["RDF_FORMATS", "from_rdf", "guess_format"]

RDF_FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".nt": "ntriples",
    ".jsonld": "jsonld",
    ".json": "jsonld",
    ".trig": "trig",
    ".nq": "nquads",
}
"""File suffix -> format name (the build's, :data:`graph.pipeline.FORMATS`); the formats :func:`from_rdf` reads."""

_PARSERS = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "trig": "trig", "nquads": "nquads"}
_QUAD_FORMATS = {"trig", "nquads"}


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


def _remote_contexts(doc: Any) -> list[str]:
    """The remote ``@context`` references in a JSON-LD document (which would be fetched)."""
    found: list[str] = []
    if isinstance(doc, dict):
        for key, value in doc.items():
            if key == "@context":
                items = value if isinstance(value, list) else [value]
                found.extend(i for i in items if isinstance(i, str))
            found.extend(_remote_contexts(value))
    elif isinstance(doc, list):
        for item in doc:
            found.extend(_remote_contexts(item))
    return found


def _read_text(source: str | Path | IO[bytes] | IO[str], shown: str) -> str:
    try:
        if isinstance(source, (str, Path)):
            data: str | bytes = Path(source).read_bytes()
        else:
            data = source.read()
    except OSError as exc:
        raise DataError([Problem(shown, 0, "", "", f"cannot read the file: {exc.strerror or exc}")]) from None
    return data.decode("utf-8-sig") if isinstance(data, bytes) else data


def _parse(source: str | Path | IO[bytes] | IO[str], fmt: str | None, shown: str) -> Graph:
    if fmt is None:
        name = getattr(source, "name", None) if not isinstance(source, (str, Path)) else source
        fmt = guess_format(str(name or ""))
    if fmt not in _PARSERS:
        raise UsageError(f"unknown RDF format '{fmt}'; choose from {', '.join(sorted(_PARSERS))}")
    text = _read_text(source, shown)
    if fmt == "jsonld":
        try:
            remote = _remote_contexts(json.loads(text))
        except json.JSONDecodeError as exc:
            raise DataError([Problem(shown, exc.lineno, "", "", f"not JSON: {exc.msg}")]) from None
        if remote:
            raise DataError(
                [Problem(shown, 0, "", "@context", f"remote context '{remote[0]}' is not fetched; inline the context")]
            )
    try:
        if fmt in _QUAD_FORMATS:
            quads = RdfDataset()
            with warnings.catch_warnings():  # rdflib's own use of its deprecated Dataset.default_context
                warnings.filterwarnings("ignore", "Dataset.default_context is deprecated", DeprecationWarning)
                quads.parse(data=text, format=_PARSERS[fmt])
            return _merged(quads)
        return Graph().parse(data=text, format=_PARSERS[fmt])
    except Exception as exc:  # rdflib's parsers raise many kinds; all mean "not valid RDF"
        message = " ".join(str(exc).split())[:300]
        raise DataError([Problem(shown, 0, "", "", f"cannot parse as {fmt}: {message}")]) from None


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
