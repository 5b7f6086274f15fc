"""Writing Turtle, TriG, N-Quads and JSON-LD straight from sorted N-Triples lines.

Every RDF export of the build starts from the same N-Triples lines (see
:func:`graph.rdf.export_lines`): each graph's lines sorted and distinct. In
sorted lines a subject's triples are consecutive, and within it a
predicate's, so each writer here is one pass over the lines that only
rewrites text: no rdflib or pyoxigraph terms are made, nothing but the
current subject is held, and the output is written to a binary file as it
goes. The same lines give the same bytes.

* IRIs are shortened to prefixed names (``cdk:alibaba``) when the project's
  prefixes cover them and the local name is plain (letters, digits, ``_``,
  ``-`` and inner ``.``); any other IRI is written in full.
* Literals keep their N-Triples form, which is valid Turtle; a datatype IRI is
  shortened too (``"2016-04"^^xsd:gYearMonth``).
* In JSON-LD an N-Triples string is a JSON string as it stands whenever its
  escapes are JSON's (those of :func:`graph.rdf` always are); any other is
  decoded and re-encoded.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import IO

from rdflib import Graph

__all__ = ["Compactor", "graph_lines", "jsonld", "nquads", "trig", "turtle", "write_chunks"]

_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_PLAIN_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?\Z")
# N-Triples text that is not JSON text as it stands: a raw control character, or an escape JSON lacks
_NOT_JSON = re.compile(r"[\x00-\x1f\x7f]|\\[^\"\\nrtbfu]")
_NT_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}

_XSD = "http://www.w3.org/2001/XMLSchema#"
# Turtle's own number syntax, for the N-Triples lexical forms it reads back as the same literal
_NUMBERS = {f"<{_XSD}integer>": re.compile(r"[+-]?[0-9]+"), f"<{_XSD}decimal>": re.compile(r"[+-]?[0-9]*\.[0-9]+")}

CHUNK = 4096
"""Lines or nodes a writer gathers before it hands them on as one piece."""
BUFFER = 1 << 20
"""Characters gathered before they are encoded and written."""
CACHE = 1 << 16
"""Most IRIs a writer keeps shortened at once (the cache starts again when full)."""


class Compactor:
    """Shortens IRIs with a prefix table.

    A namespace is matched up to the IRI's last ``/`` or ``#``, so the longest
    namespace that ends there wins, in one dictionary lookup. It keeps no
    cache: the writers keep their own, bounded by :data:`CACHE`.

    >>> c = Compactor({"cdk": "https://w3id.org/cdkg/id/"})
    >>> c("https://w3id.org/cdkg/id/kering"), c("https://w3id.org/cdkg/id/a b"), c("https://x.org/y")
    ('cdk:kering', '<https://w3id.org/cdkg/id/a b>', '<https://x.org/y>')
    """

    def __init__(self, prefixes: dict[str, str]) -> None:
        self.namespaces = {iri: prefix for prefix, iri in sorted(prefixes.items()) if iri[-1:] in ("/", "#")}

    def __call__(self, iri: str) -> str:
        """``iri`` as a prefixed name, or ``<iri>``."""
        cut = max(iri.rfind("/"), iri.rfind("#")) + 1
        prefix = self.namespaces.get(iri[:cut]) if cut else None
        if prefix is not None and _PLAIN_LOCAL.match(iri, cut):
            return f"{prefix}:{iri[cut:]}"
        return f"<{iri}>"


def graph_lines(g: Graph) -> list[str]:
    """The sorted, distinct N-Triples lines of an rdflib graph (its blank nodes keep their ids)."""
    return sorted({line + "\n" for line in g.serialize(format="nt").splitlines() if line.strip()})


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


def turtle(lines: Iterable[str], prefixes: dict[str, str]) -> Iterator[str]:
    """Turtle: the prefixes, then one block per subject (its classes first, as ``a``), ``;`` between
    predicates, ``,`` between objects.

    ``lines``: sorted N-Triples lines, each ending in `` .\n`` (blank nodes are
    written with their labels).
    """
    yield from _prefix_lines(prefixes)
    yield from _turtle_body(lines, Compactor(prefixes), "")


def _prefix_lines(prefixes: dict[str, str]) -> Iterator[str]:
    for prefix, iri in sorted(prefixes.items()):
        yield f"@prefix {prefix}: <{iri}> .\n"


def _turtle_body(lines: Iterable[str], compact: Compactor, indent: str) -> Iterator[str]:
    terms: dict[str, str] = {}  # "<iri>" -> Turtle term
    verbs: dict[str, str] = {}  # the same, as a predicate

    def term(t: str, cache: dict[str, str] = terms) -> str:
        found = cache.get(t)
        if found is None:
            if len(cache) >= CACHE:
                cache.clear()
            found = cache[t] = compact(t[1:-1]) if t[0] == "<" else t  # a blank node stays as it is
        return found

    get, verb = terms.get, verbs.get
    more = f" ;\n{indent}    "
    out: list[str] = []
    append = out.append
    subject = predicate = ""
    types: list[str] = []  # the subject's classes: written first, as `a`
    said: list[str] = []  # its other predicates, each with its objects

    def block() -> str:
        head = f"\n{indent}{compact(subject[1:-1]) if subject[0] == '<' else subject} "  # not cached: once each
        if types:
            said.insert(0, "a " + ", ".join(types))
        return head + more.join(said) + " .\n"

    for line in lines:
        s, p, o = line.split(" ", 2)
        o = o[:-3]
        if o[0] == "<":
            o = get(o) or term(o)
        elif o[-1] == ">":  # a typed literal: a bare number, or its datatype shortened
            end = o.rfind('"') + 3
            dt = o[end:]
            o = (
                o[1 : end - 3]
                if dt in _NUMBERS and _NUMBERS[dt].fullmatch(o, 1, end - 3)
                else o[:end] + (get(dt) or term(dt))
            )
        if s != subject:
            if subject:
                append(block())
                if len(out) > CHUNK:
                    yield "".join(out)
                    out.clear()
            subject, predicate, types, said = s, "", [], []
        if p == _RDF_TYPE:
            types.append(o)
        elif p == predicate:
            said[-1] += ", " + o
        else:
            predicate = p
            said.append(f"{verb(p) or term(p, verbs)} {o}")
    if subject:
        append(block())
    yield "".join(out)


def trig(groups: dict[str, list[str]], prefixes: dict[str, str], graph_iri: dict[str, str]) -> Iterator[str]:
    """TriG: the default graph's triples, then each named graph in braces, in ``groups``' order."""
    c = Compactor(prefixes)
    yield from _prefix_lines(prefixes)
    for g, lines in groups.items():
        if not g:
            yield from _turtle_body(lines, c, "")
            continue
        yield f"\n{c(graph_iri[g])} {{"
        yield from _turtle_body(lines, c, "    ")
        yield "}\n"


def _nt_unescape(text: str) -> str:
    def one(m: re.Match[str]) -> str:
        code = m.group(1) or m.group(2)
        return chr(int(code, 16)) if code else _ECHAR.get(m.group(3), m.group(0))

    return _NT_ESCAPE.sub(one, text)


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
                short = compact(_nt_unescape(term[1:-1]))
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
            text = (
                o[:end] if not_json(o, 0, end) is None else json.dumps(_nt_unescape(o[1 : end - 1]), ensure_ascii=False)
            )
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
