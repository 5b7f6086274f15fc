"""The RDF layer: the statement pattern as N-Triples lines, the serialisations,
the ontology and the SHACL shapes generated from the schema, checking the shapes,
reading RDF back into a dataset, SPARQL, and publishing to a triple store.

Depends on :mod:`graph.model` and :mod:`graph.schema`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_exports

if TYPE_CHECKING:
    from .export import export_lines, to_nquads, to_rdf, to_trig
    from .ontology import ontology
    from .parse import from_rdf
    from .query import sparql
    from .shacl import shapes, validate
    from .store import PushResult, push

_EXPORTS = {
    "PushResult": ".store",
    "export_lines": ".export",
    "from_rdf": ".parse",
    "ontology": ".ontology",
    "push": ".store",
    "shapes": ".shacl",
    "sparql": ".query",
    "to_nquads": ".export",
    "to_rdf": ".export",
    "to_trig": ".export",
    "validate": ".shacl",
}

__all__ = [
    "PushResult",
    "export_lines",
    "from_rdf",
    "ontology",
    "push",
    "shapes",
    "sparql",
    "to_nquads",
    "to_rdf",
    "to_trig",
    "validate",
]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
