"""The RDF formats the build writes and ``import`` reads, by file suffix (no RDF library needed to name them:
the command line lists them in its help without importing one)."""

from __future__ import annotations

__all__ = ["RDF_FORMATS"]

RDF_FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".nt": "ntriples",
    ".jsonld": "jsonld",
    ".json": "jsonld",
    ".trig": "trig",
    ".nq": "nquads",
}
"""File suffix -> format name (the build's, :data:`graph.pipeline.FORMATS`); the formats :func:`from_rdf` reads."""
