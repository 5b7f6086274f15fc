"""RDF terms as text: the one N-Triples escaper, the one prefix compactor, and conversions.

Every RDF writer, reader and message of the project goes through this module:

* :func:`iri` and :func:`literal` write N-Triples terms (the build's RDF is
  made as N-Triples lines, see :mod:`graph.rdf.export`); :func:`to_ntriples`
  writes any rdflib term the same way, and :func:`from_oxigraph` turns a
  pyoxigraph term into rdflib's;
* :class:`Compactor` shortens IRIs with the schema's prefixes, for syntax
  (:meth:`Compactor.__call__`: only where the result is a valid prefixed name)
  and for people (:meth:`Compactor.show`: the longest prefix, any local name);
* :func:`graph_iri` names a source's graph, from the schema's vocabulary.

>>> literal('say "hi"\\n'), literal("2016", XSD + "gYear")
('"say \\\\"hi\\\\"\\\\n"', '"2016"^^<http://www.w3.org/2001/XMLSchema#gYear>')
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib import BNode, Graph, Literal, URIRef
    from rdflib.term import Node

    from ..schema import Schema

__all__ = [
    "RDF",
    "RDFS",
    "XSD",
    "Compactor",
    "bind_prefixes",
    "decimal_lexical",
    "from_oxigraph",
    "graph_iri",
    "graph_iris",
    "graph_lines",
    "iri",
    "literal",
    "rdf_list",
    "to_ntriples",
    "unescape",
]

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = XSD + "string"

# N-Triples string escapes: the four ECHARs every reader knows, other control characters as UCHARs
_ESCAPES = str.maketrans(
    {**{i: f"\\u{i:04X}" for i in range(32)}, ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r"}
)
_UNESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)
_ECHARS = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_PLAIN_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?\Z")


def iri(value: str) -> str:
    """An IRI as an N-Triples term (the IRIs written come from validated ids and the schema)."""
    return f"<{value}>"


def literal(text: str, datatype: str = "", language: str = "") -> str:
    """A literal as an N-Triples term: a plain string unless a datatype or a language is given.

    >>> literal("x", language="EN"), literal("1", XSD + "string")
    ('"x"@en', '"1"')
    """
    escaped = '"' + text.translate(_ESCAPES) + '"'
    if language:
        return f"{escaped}@{language.lower()}"
    if datatype and datatype != _XSD_STRING:
        return f"{escaped}^^<{datatype}>"
    return escaped


def unescape(text: str) -> str:
    r"""The text of an N-Triples string or IRI body with its escapes (ECHAR and UCHAR) decoded.

    >>> unescape(r'say \"hi\" caf\u00e9'), unescape(literal("a\tb")[1:-1]) == "a\tb"
    ('say "hi" café', True)
    """
    return _UNESCAPE.sub(_unescaped, text) if "\\" in text else text


def _unescaped(match: re.Match[str]) -> str:
    code = match.group(1) or match.group(2)
    return chr(int(code, 16)) if code else _ECHARS.get(match.group(3), match.group(0))


def decimal_lexical(d: Decimal) -> str:
    """The canonical xsd:decimal form (always with a decimal point), which every serialiser keeps.

    >>> decimal_lexical(Decimal("250000")), decimal_lexical(Decimal("2.50"))
    ('250000.0', '2.5')
    """
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0")
        if text.endswith("."):
            text += "0"
    else:
        text += ".0"
    return text


def to_ntriples(node: Node) -> str:
    """An rdflib term as N-Triples text.

    >>> from rdflib import Literal, URIRef
    >>> to_ntriples(Literal('a"b')), to_ntriples(URIRef("urn:x")), to_ntriples(Literal("x", lang="EN"))
    ('"a\\\\"b"', '<urn:x>', '"x"@en')
    """
    from rdflib import BNode, Literal, URIRef

    if isinstance(node, URIRef):
        return iri(str(node))
    if isinstance(node, BNode):
        return f"_:{node}"
    if isinstance(node, Literal):
        return literal(str(node), str(node.datatype) if node.datatype else "", node.language or "")
    raise TypeError(f"not an RDF term: {node!r}")


def graph_lines(g: Graph) -> list[str]:
    r"""The sorted, distinct N-Triples lines of an rdflib graph (its blank nodes keep their ids).

    >>> from rdflib import Graph, Literal, URIRef
    >>> g = Graph()
    >>> _ = g.add((URIRef("urn:s"), URIRef("urn:p"), Literal("o")))
    >>> graph_lines(g)
    ['<urn:s> <urn:p> "o" .\n']
    """
    return sorted({f"{to_ntriples(s)} {to_ntriples(p)} {to_ntriples(o)} .\n" for s, p, o in g})


def from_oxigraph(term: object) -> URIRef | Literal | BNode:
    """A pyoxigraph term as an rdflib term."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        return Literal(term.value, datatype=None if dt == _XSD_STRING else URIRef(dt))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise TypeError(f"not an RDF term: {term!r}")


class Compactor:
    """Shortens IRIs with a prefix table.

    Called, it gives syntax: a namespace is matched up to the IRI's last ``/``
    or ``#`` (one dictionary lookup), and only a plain local name makes a
    prefixed name; any other IRI is written in full, in angle brackets.
    :meth:`show` gives what a person reads in a message: the longest matching
    namespace, any local name, and the bare IRI when none matches.

    >>> c = Compactor({"cdk": "https://w3id.org/cdkg/id/", "ex": "https://x.org/"})
    >>> c("https://w3id.org/cdkg/id/kering"), c("https://w3id.org/cdkg/id/a b"), c("https://y.org/z")
    ('cdk:kering', '<https://w3id.org/cdkg/id/a b>', '<https://y.org/z>')
    >>> c.show("https://x.org/a/b c"), c.show("https://y.org/z")
    ('ex:a/b c', 'https://y.org/z')
    """

    def __init__(self, prefixes: dict[str, str]) -> None:
        self.namespaces = {ns: prefix for prefix, ns in sorted(prefixes.items()) if ns[-1:] in ("/", "#")}
        # longest namespace first, so that cdks: wins over a shorter one it extends
        self.table = sorted(((ns, p) for p, ns in prefixes.items()), key=lambda t: (-len(t[0]), t[1]))

    def __call__(self, value: str) -> str:
        """``value`` as a prefixed name, or ``<value>``."""
        cut = max(value.rfind("/"), value.rfind("#")) + 1
        prefix = self.namespaces.get(value[:cut]) if cut else None
        if prefix is not None and _PLAIN_LOCAL.match(value, cut):
            return f"{prefix}:{value[cut:]}"
        return f"<{value}>"

    def show(self, value: str) -> str:
        """``value`` shortened for a message."""
        for ns, prefix in self.table:
            if value.startswith(ns) and len(value) > len(ns) and not value[len(ns) :].startswith("//"):
                return f"{prefix}:{value[len(ns) :]}"
        return value


def graph_iri(schema: Schema, source_id: str) -> str:
    """The named graph of a source in TriG and N-Quads: the source's own IRI.

    >>> from graph.schema import load_schema
    >>> graph_iri(load_schema(), "seed-article")
    'https://w3id.org/cdkg/source/seed-article'
    """
    return schema.vocabulary.source + source_id


def graph_iris(schema: Schema, graphs: Iterable[str]) -> dict[str, str]:
    """Each named graph's IRI, by source id (the default graph ``""`` has none)."""
    return {g: graph_iri(schema, g) for g in graphs if g}


def bind_prefixes(g: Graph, schema: Schema) -> Graph:
    """Bind the schema's prefixes in an rdflib graph (replacing rdflib's own), and return it."""
    from rdflib import Namespace

    for prefix, ns in sorted(schema.prefixes.items()):
        g.bind(prefix, Namespace(ns), override=True, replace=True)
    return g


def rdf_list(g: Graph, name: str, items: list[URIRef | Literal | BNode]) -> URIRef | BNode:
    """Add an RDF list to ``g`` and return its head, with blank node ids made from ``name``
    (so the Turtle is the same at every build); the same name gives the same list.

    >>> from rdflib import Graph, Literal
    >>> g = Graph()
    >>> head = rdf_list(g, "abc", [Literal("a"), Literal("b")])
    >>> head, len(g), rdf_list(g, "abc", [Literal("a"), Literal("b")]) == head and len(g)
    (rdflib.term.BNode('abc_0'), 4, 4)
    """
    from rdflib import RDF as RDF_NS
    from rdflib import BNode

    if not items:
        return RDF_NS.nil
    head = BNode(f"{name}_0")
    for i, item in enumerate(items):
        node = BNode(f"{name}_{i}")
        g.add((node, RDF_NS.first, item))
        g.add((node, RDF_NS.rest, BNode(f"{name}_{i + 1}") if i + 1 < len(items) else RDF_NS.nil))
    return head
