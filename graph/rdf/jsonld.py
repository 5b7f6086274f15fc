"""Compact, deterministic JSON-LD of an rdflib graph, and the prefix compactor for messages.

rdflib's JSON-LD serialiser orders nodes by hash, so two builds differ. The
build's writer (:func:`graph.rdf.serialize.jsonld`) emits one flat ``@graph`` of node
objects, one per line, in the order of their sorted N-Triples lines, with
keys sorted, and a ``@context`` that declares the project's prefixes, so keys
and IRIs read as ``cdk:alibaba`` / ``org:memberOf``; :func:`to_jsonld` gives
the same for any rdflib graph.
"""

from __future__ import annotations

from rdflib import Graph

from . import serialize as rdftext

__all__ = ["to_jsonld"]


class _Compactor:
    def __init__(self, prefixes: dict[str, str]) -> None:
        # longest namespace first, so cdks: wins over a shorter overlapping one
        self.table = sorted(((iri, p) for p, iri in prefixes.items()), key=lambda t: (-len(t[0]), t[1]))

    def __call__(self, iri: str) -> str:
        for ns, prefix in self.table:
            if iri.startswith(ns) and len(iri) > len(ns) and not iri[len(ns) :].startswith("//"):
                return f"{prefix}:{iri[len(ns) :]}"
        return iri


def to_jsonld(g: Graph, prefixes: dict[str, str]) -> str:
    """Serialise ``g`` (IRIs and literals only) as compact JSON-LD text, as the build writes it
    (:func:`graph.rdf.serialize.jsonld` over its sorted N-Triples lines)."""
    return "".join(rdftext.jsonld(rdftext.graph_lines(g), prefixes))
