"""A compact, deterministic JSON-LD writer.

rdflib's JSON-LD serialiser orders nodes by hash, so two builds differ. This
writer emits one flat ``@graph`` of node objects, one per line, in the order
of their sorted N-Triples lines, with properties and values sorted, and a
``@context`` that declares the project's prefixes, so keys and IRIs read as
``cdk:alibaba`` / ``org:memberOf``.
"""

from __future__ import annotations

import json
from typing import Any

from rdflib import RDF, Graph

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


def _sort_key(v: Any) -> tuple[int, str, str]:
    """Values in a stable order: plain strings, then IRIs, then typed and tagged literals."""
    if isinstance(v, str):
        return (0, v, "")
    if "@id" in v:
        return (1, v["@id"], "")
    return (2, v["@value"], v.get("@type") or "@" + v.get("@language", ""))


def to_jsonld(g: Graph, prefixes: dict[str, str]) -> str:
    """Serialise ``g`` (IRIs and literals only) as compact JSON-LD text, as the build writes it."""
    lines = {line for line in g.serialize(format="nt").splitlines() if line.strip()}
    return jsonld_from_ntriples("".join(f"{line}\n" for line in sorted(lines)), prefixes)


def jsonld_from_ntriples(nt: str, prefixes: dict[str, str]) -> str:
    """The same graph as :func:`to_jsonld`, from sorted N-Triples text, one node at a time.

    The fast path of the build: the lines come sorted, so each subject's
    triples are consecutive and a node is written as soon as its last triple
    is read; no rdflib or pyoxigraph terms are made. A literal's N-Triples
    escapes are JSON escapes too, so its text is decoded by the JSON parser.
    Nodes come in the order of their N-Triples lines.

    >>> text = jsonld_from_ntriples('<https://w3id.org/cdkg/id/a> <http://www.w3.org/2004/02/skos/core#altLabel>'
    ...                             ' "Kaiyun Group"@en .\\n', {"cdk": "https://w3id.org/cdkg/id/"})
    >>> json.loads(text)["@graph"]
    [{'@id': 'cdk:a', 'http://www.w3.org/2004/02/skos/core#altLabel': [{'@value': 'Kaiyun Group', '@language': 'en'}]}]
    """
    compact = _Compactor(prefixes)
    cache: dict[str, str] = {}

    def c(term: str) -> str:  # "<iri>" -> compact IRI
        found = cache.get(term)
        if found is None:
            found = cache[term] = compact(term[1:-1])
        return found

    rdf_type = f"<{RDF.type}>"
    decode = json.JSONDecoder(strict=False).decode  # N-Triples may hold a raw tab; JSON escapes it
    dumps = json.dumps
    out: list[str] = []
    subject = ""
    types: list[str] = []
    props: dict[str, list[Any]] = {}

    def flush() -> None:
        if not subject:
            return
        node: dict[str, Any] = {"@id": c(subject)}
        if types:
            node["@type"] = sorted(types)
        for key in sorted(props):
            node[key] = sorted(props[key], key=_sort_key)
        out.append("  " + dumps(node, ensure_ascii=False))

    for line in nt.splitlines():
        if not line:
            continue
        s, p, rest = line.split(" ", 2)
        o = rest[:-2]  # drop " ."
        if s != subject:
            flush()
            subject, types, props = s, [], {}
        if s[0] != "<":
            raise ValueError(f"the JSON-LD writer handles IRIs only, found the subject {s}")
        if o[0] == "<":
            if p == rdf_type:
                types.append(c(o))
                continue
            value: Any = {"@id": c(o)}
        elif o[0] == '"':
            end = o.rindex('"')
            text = decode(o[: end + 1])
            suffix = o[end + 1 :]
            if suffix.startswith("^^"):
                value = {"@value": text, "@type": c(suffix[2:])}
            elif suffix.startswith("@"):
                value = {"@value": text, "@language": suffix[1:]}
            else:
                value = text
        else:
            raise ValueError(f"the JSON-LD writer handles IRIs only, found the object {o}")
        props.setdefault(c(p), []).append(value)
    flush()
    context = dumps(dict(sorted(prefixes.items())), ensure_ascii=False)
    return f'{{\n "@context": {context},\n "@graph": [\n' + ",\n".join(out) + "\n ]\n}\n"
