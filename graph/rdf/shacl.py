"""Validating the RDF export with the SHACL shapes (:mod:`graph.rdf.shapes`, generated from the schema).

The build checks its exports with `shacl-rust <https://pypi.org/project/shacl-rust/>`_
(a SHACL Core validator written in Rust, about 60 times faster than pySHACL
here); pySHACL, the reference the tests compare it with, is
``engine="pyshacl"`` (installed with the ``test`` extra), which can also load
the ontology beside the data and reason first (``ontology``, ``inference``).
Every shape carries an ``sh:message`` that says what was expected, so a
violation reads as a sentence:

>>> from graph import load
>>> from graph.rdf import to_rdf
>>> validate(to_rdf(load("data")))  # the real data conform: no exception
"""

from __future__ import annotations

import io
import itertools
import re
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from rdflib import RDF, XSD, BNode, Graph
from rdflib.collection import Collection
from rdflib.term import Node

from ..errors import ShapeError
from ..schema import Schema, load_schema
from .shapes import SH, shapes
from .terms import Compactor, graph_lines, to_ntriples, unescape

__all__ = ["ENGINES", "SH", "Violation", "shapes", "shared_shapes", "validate", "violations"]


def _compactor(schema: Schema) -> Compactor:
    return Compactor({**schema.prefixes, "sh": str(SH)})


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL result, in the project's words: the node, the shape, the message."""

    focus: str
    shape: str
    path: str
    message: str
    value: str = ""

    def __str__(self) -> str:
        where = f"{self.focus}: {self.path}: " if self.path else f"{self.focus}: "
        found = f" (found {self.value})" if self.value else ""
        return f"{where}{self.message}{found} [{self.shape}]"


ENGINES = ("shacl-rust", "pyshacl")
"""The SHACL engines: ``shacl-rust`` (what the build runs) and pySHACL, the reference the tests compare it with."""

_PER_SCHEMA: dict[tuple[str, int], tuple[weakref.ref[Schema], object]] = {}
_T = TypeVar("_T")


def _per_schema(what: str, schema: Schema, make: Callable[[], _T]) -> _T:
    """``make()``, made once per schema (and forgotten with it)."""
    key = (what, id(schema))
    cached = _PER_SCHEMA.get(key)
    if cached is None or cached[0]() is not schema:
        gone = weakref.ref(schema, lambda _: _PER_SCHEMA.pop(key, None))
        cached = _PER_SCHEMA[key] = (gone, make())
    return cast(_T, cached[1])


def shared_shapes(schema: Schema) -> Graph:
    """:func:`shapes` of ``schema``, made once per schema and shared (the build's check and
    ``shapes.ttl`` use the same graph): read it, do not change it."""
    return _per_schema("shapes", schema, lambda: shapes(schema))


@dataclass(frozen=True)
class _Shapes:
    """A shapes graph as the engine reads it, with each shape's message."""

    text: str
    messages: dict[str, str]


def _read_shapes(g: Graph) -> _Shapes:
    messages = {to_ntriples(s): str(m) for s, m in g.subject_objects(SH.message)}
    return _Shapes("".join(graph_lines(g)), messages)


_LITERAL = re.compile(r'"(.*)"(?:@[A-Za-z0-9-]+|\^\^<([^>]*)>)?\Z', re.DOTALL)
_PLAIN = {str(XSD.string), str(RDF.langString)}


def _show_term(raw: str | None, compact: Compactor) -> str:
    """An N-Triples term from a report, shown for a person: a prefixed name, a quoted literal, or "a blank node".

    >>> c = _compactor(load_schema())
    >>> _show_term("<https://w3id.org/cdkg/id/gucci>", c), _show_term('"a\\\\tb"', c)
    ('cdk:gucci', '"a\\tb"')
    >>> _show_term('"2016"^^<http://www.w3.org/2001/XMLSchema#gYear>', c), _show_term("_:b0", c)
    ('"2016"^^xsd:gYear', 'a blank node')
    """
    if not raw:
        return ""
    if raw[0] == "<":
        return compact.show(raw[1:-1])
    literal = _LITERAL.match(raw)
    if literal is None:
        return "a blank node"
    datatype = literal.group(2)
    shown = f"^^{compact.show(datatype)}" if datatype and datatype not in _PLAIN else ""
    return f'"{unescape(literal.group(1))}"{shown}'


class _LinesFile:
    """N-Triples lines read as a binary file, about a megabyte at a time: shacl-rust streams them
    (``validate_file``) without the whole text ever being joined into one string."""

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = iter(lines)
        self.rest = b""

    def read(self, size: int = -1) -> bytes:
        want = size if size >= 0 else 1 << 62
        pieces, held = [self.rest], len(self.rest)
        while held < want:
            batch = list(itertools.islice(self.lines, 8192))
            if not batch:
                break
            piece = "".join(batch).encode("utf-8")
            pieces.append(piece)
            held += len(piece)
        data = b"".join(pieces)
        self.rest = data[want:] if size >= 0 else b""
        return data[:want] if size >= 0 else data


def _shacl_rust_violations(data: str | Sequence[str], schema: Schema, shapes_graph: Graph | None) -> list[Violation]:
    try:
        import shacl_rust
    except ImportError:  # pragma: no cover - a dependency, but say what to install
        raise ImportError("validating RDF with SHACL needs shacl-rust: pip install shacl-rust") from None
    if shapes_graph is None:
        read = _per_schema("shapes text", schema, lambda: _read_shapes(shared_shapes(schema)))
    else:
        read = _read_shapes(shapes_graph)
    # the interned index: faster, and a third of the memory, on large graphs (see docs/benchmarks.md)
    if isinstance(data, str):
        report: dict[str, Any] = shacl_rust.validate(
            data, read.text, data_format="nt", shapes_format="nt", experimental_index=True
        )
    else:  # the build's lines: streamed, never joined (at 100,000 relations the text is 570 MB)
        report = shacl_rust.validate_file(
            _LinesFile(data),
            io.BytesIO(read.text.encode("utf-8")),
            data_format="nt",
            shapes_format="nt",
            experimental_index=True,
        )
    compact = _compactor(schema)
    found = set()
    for result in report["results"]:
        path = result.get("resultPath")
        shape = result["sourceShape"]
        found.add(
            Violation(
                focus=_show_term(result["focusNode"], compact),
                shape=_show_term(shape, compact),
                path="/".join(_show_term(step, compact) for step in path.split(" / ")) if path else "",
                message=read.messages.get(shape) or (result.get("messages") or ["does not conform"])[-1],
                value=_show_term(result.get("value"), compact) if path else "",
            )
        )
    return sorted(found)


def violations(
    data: Graph | str | Sequence[str],
    schema: Schema | None = None,
    shapes_graph: Graph | None = None,
    *,
    engine: str = "shacl-rust",
    ontology: Graph | None = None,
    inference: str = "none",
) -> list[Violation]:
    """Validate ``data`` against the shapes; return every violation, sorted.

    ``data``: an rdflib graph, or N-Triples text, or its lines (what the build checks: its sorted lines).
    ``shapes_graph``: other shapes than the schema's.

    ``engine="shacl-rust"`` (the default) is what the build runs; ``engine="pyshacl"`` runs pySHACL,
    imported only then (the reference the tests compare shacl-rust with; ``pip install pyshacl``).
    With pySHACL, ``ontology`` (:func:`graph.rdf.ontology.ontology`) is loaded beside the data
    (``ont_graph``) and ``inference`` (``none``, ``rdfs``, ``owlrl``) expands them first: the
    shapes hold under either (targets by class, ``sh:class`` for types).

    >>> from graph import load
    >>> from graph.rdf import to_rdf
    >>> from rdflib import RDFS, URIRef
    >>> g = to_rdf(load("data"))
    >>> g.remove((URIRef("https://w3id.org/cdkg/id/gucci"), RDFS.label, None))
    <Graph identifier=... (<class 'rdflib.graph.Graph'>)>
    >>> print(violations(g)[0])
    cdk:gucci: rdfs:label: every entity needs exactly one rdfs:label (a string) [cdksh:Entity-label]
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown SHACL engine {engine!r}; choose from {', '.join(ENGINES)}")
    if (ontology is not None or inference != "none") and engine != "pyshacl":
        raise ValueError("an ontology and inference need engine='pyshacl'")
    schema = schema or load_schema()
    if engine == "pyshacl":
        return _pyshacl_violations(data, schema, shapes_graph, ontology, inference)
    return _shacl_rust_violations("".join(graph_lines(data)) if isinstance(data, Graph) else data, schema, shapes_graph)


def _pyshacl_violations(
    data: Graph | str | Sequence[str],
    schema: Schema,
    shapes_graph: Graph | None,
    ontology: Graph | None = None,
    inference: str = "none",
) -> list[Violation]:
    try:
        from pyshacl import validate as shacl_validate
    except ImportError:  # pragma: no cover - a test dependency, but say what to install
        raise ImportError("engine='pyshacl' needs pySHACL: pip install pyshacl") from None
    if not isinstance(data, Graph):
        data = Graph().parse(data=data if isinstance(data, str) else "".join(data), format="nt")
    shapes_graph = shapes_graph if shapes_graph is not None else shapes(schema)
    _, report, _ = shacl_validate(
        data,
        shacl_graph=shapes_graph,
        ont_graph=ontology,
        inference=inference,
        advanced=False,
        allow_warnings=False,
        abort_on_first=False,
    )
    assert isinstance(report, Graph)
    compact = _compactor(schema)

    def show(node: Node | None, path: bool = False) -> str:
        if node is None:
            return ""
        if isinstance(node, BNode) and path and (node, RDF.first, None) in shapes_graph:
            return "/".join(show(i) for i in Collection(shapes_graph, node))  # a sequence path, as SPARQL writes it
        return _show_term(to_ntriples(node), compact)

    found = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        message = report.value(result, SH.resultMessage)
        path = report.value(result, SH.resultPath)
        found.add(
            Violation(
                focus=show(report.value(result, SH.focusNode)),
                shape=show(report.value(result, SH.sourceShape)),
                path=show(path, path=True),
                message=str(message) if message is not None else "does not conform",
                value=show(report.value(result, SH.value)) if path is not None else "",
            )
        )
    return sorted(found)


def validate(data: Graph | str | Sequence[str], schema: Schema | None = None, *, engine: str = "shacl-rust") -> None:
    """Raise :class:`~graph.errors.ShapeError` listing every violation of the shapes, if any.

    ``data`` and ``engine``: see :func:`violations`.
    """
    found = violations(data, schema, engine=engine)
    if found:
        raise ShapeError([str(v) for v in found])
