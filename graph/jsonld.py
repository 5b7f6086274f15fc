"""A compact, deterministic JSON-LD writer.

rdflib's JSON-LD serialiser orders nodes by hash, so two builds differ. This
writer emits one flat ``@graph`` of node objects, sorted by ``@id``, with
properties and values sorted, and a ``@context`` that declares the project's
prefixes, so keys and IRIs read as ``cdk:alibaba`` / ``org:memberOf``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.term import Node

__all__ = ["jsonld_from_ntriples", "to_jsonld"]


class _Compactor:
    def __init__(self, prefixes: dict[str, str]) -> None:
        # longest namespace first, so cdks: wins over a shorter overlapping one
        self.table = sorted(((iri, p) for p, iri in prefixes.items()), key=lambda t: (-len(t[0]), t[1]))

    def __call__(self, iri: str) -> str:
        for ns, prefix in self.table:
            if iri.startswith(ns) and len(iri) > len(ns) and not iri[len(ns) :].startswith("//"):
                return f"{prefix}:{iri[len(ns) :]}"
        return iri


def _value(o: Node, compact: _Compactor) -> Any:
    if isinstance(o, Literal):
        if o.language:
            return {"@value": str(o), "@language": o.language}
        if o.datatype is not None:
            return {"@value": str(o), "@type": compact(str(o.datatype))}
        return str(o)
    return {"@id": compact(str(o))}


def _sort_key(v: Any) -> tuple[int, str]:
    if isinstance(v, str):
        return (0, v)
    return (1, json.dumps(v, sort_keys=True, ensure_ascii=False))


def to_jsonld(g: Graph, prefixes: dict[str, str]) -> str:
    """Serialise ``g`` (IRIs and literals only) as compact JSON-LD text."""
    compact = _Compactor(prefixes)
    props: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    types: dict[str, list[str]] = defaultdict(list)
    for s, p, o in g:
        if not isinstance(s, URIRef):
            raise ValueError(f"the JSON-LD writer handles IRIs only, found a blank node subject {s!r}")
        sid = str(s)
        if p == RDF.type and isinstance(o, URIRef):
            types[sid].append(compact(str(o)))
        else:
            props[sid][compact(str(p))].append(_value(o, compact))
    nodes = []
    for sid in sorted(set(props) | set(types)):
        node: dict[str, Any] = {"@id": compact(sid)}
        if types[sid]:
            node["@type"] = sorted(types[sid])
        for key in sorted(props[sid]):
            node[key] = sorted(props[sid][key], key=_sort_key)
        nodes.append(node)
    doc = {"@context": dict(sorted(prefixes.items())), "@graph": nodes}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def jsonld_from_ntriples(nt: str, prefixes: dict[str, str]) -> str:
    """The same JSON-LD as :func:`to_jsonld`, from N-Triples text (parsed by pyoxigraph).

    The fast path of the build: no rdflib terms are made.
    """
    import pyoxigraph as ox

    compact = _Compactor(prefixes)
    cache: dict[str, str] = {}

    def c(iri: str) -> str:
        found = cache.get(iri)
        if found is None:
            found = cache[iri] = compact(iri)
        return found

    rdf_type = str(RDF.type)
    xsd_string = "http://www.w3.org/2001/XMLSchema#string"
    props: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    types: dict[str, list[str]] = defaultdict(list)
    for t in ox.parse(nt.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES):
        s, p, o = t.subject, t.predicate, t.object
        if not isinstance(s, ox.NamedNode):
            raise ValueError(f"the JSON-LD writer handles IRIs only, found a blank node subject {s}")
        sid = s.value
        if p.value == rdf_type and isinstance(o, ox.NamedNode):
            types[sid].append(c(o.value))
            continue
        value: Any
        if isinstance(o, ox.NamedNode):
            value = {"@id": c(o.value)}
        elif isinstance(o, ox.Literal):
            if o.language:
                value = {"@value": o.value, "@language": o.language}
            elif o.datatype.value != xsd_string:
                value = {"@value": o.value, "@type": c(o.datatype.value)}
            else:
                value = o.value
        else:
            raise ValueError(f"the JSON-LD writer handles IRIs only, found a blank node object {o}")
        props[sid][c(p.value)].append(value)
    nodes = []
    for sid in sorted(set(props) | set(types)):
        node: dict[str, Any] = {"@id": c(sid)}
        if types[sid]:
            node["@type"] = sorted(types[sid])
        for key in sorted(props[sid]):
            node[key] = sorted(props[sid][key], key=_sort_key)
        nodes.append(node)
    doc = {"@context": dict(sorted(prefixes.items())), "@graph": nodes}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
