"""GraphML for Gephi, yEd and Cytoscape.

GraphML holds only scalar attributes, so lists, roles and evidence are
flattened into readable strings: aliases joined by ``"; "``, evidence as
``[source] "quote"`` lines, dates as written (``2015-05``). A record's
computed time (its ``timing``) becomes one attribute per bound of each of its
dates, the first and last day it may be (``date_earliest``, ``date_latest``;
``start_earliest`` ... ``end_latest``; a bound nothing gives is left out), as
``YYYY-MM-DD`` strings, and ``planned`` (``true``) for a record its sources
expect but do not report as done.

networkx's writer built a flattened copy of the graph and an XML tree of it,
several times the size of the file; :func:`to_graphml` writes the document
itself, as it goes, and gives the same bytes as that writer
(``networkx.write_graphml_xml``, networkx 3.6, which ``write_graphml`` used
here for want of lxml):

* a ``<key>`` per attribute name, element kind and GraphML type, in the order
  first met (graph, then nodes, then edges), declared last first; types as
  networkx gives them without ``infer_numeric_types``: ``str`` string,
  ``bool`` boolean, ``int`` long (whatever its size), ``float`` double. An
  attribute whose values have more than one type gets one key per type, each
  value pointing to its own;
* edges carry their key as the GraphML ``id``; the graph's own attributes come
  after the edges;
* two-space indentation, ``<x />`` for an element with nothing inside.

It departs from networkx where networkx's file could not be read back, or
would read back changed, and where Gephi would misread it:

* **named key ids**: ``node.name``, ``edge.stance``, ``graph.sources`` (the
  element kind, a dot and the attribute's name, each character outside
  ``A-Z a-z 0-9 . _ -`` as ``_``; a second type of the same name, or a name
  that comes out the same, gets ``.TYPE`` and then a number after it).
  networkx numbers them ``d0``, ``d1`` ..., and Gephi's importer takes the key
  ``d3`` for yEd's node label and ``d7`` for its edge label, whatever they
  hold: it labelled every node "entity" or "fact" (our ``d3`` was ``kind``);
* **a ``label`` on every node** (its ``name``; its id if it has none), the
  attribute Gephi, Cytoscape and yEd show;
* **numbers as numbers**: the schema's ``balance`` as ``1``, ``-1`` or ``0``
  (``positive``, ``negative``, ``none``: a long), a decimal field as a
  double (``1.5``);
* a record's **attribution** as ``according_to`` (the ids, joined by ``"; "``;
  left out when no one is named), ``mode`` and ``visibility``, and its **dates
  as curated** (``specs``) as text (``date: 2016-05, after lawsuit_x``), not
  as Python reprs;

* a carriage return is written ``&#13;`` everywhere (networkx wrote it raw in
  element content, where every XML parser reads it back as a line feed);
* characters XML 1.0 cannot carry at all, even escaped (control characters
  other than tab, line feed and carriage return, lone surrogates, U+FFFE and
  U+FFFF), become U+FFFD, the replacement character (networkx wrote them raw
  or as references to them, and no parser would read the file). The loader
  refuses control characters and lone surrogates, but not U+FFFE and U+FFFF;
  RDF read back refuses none of them.

>>> from graph import load, to_networkx
>>> text = to_graphml(to_networkx(load("data"))).decode()
>>> print("\\n".join(text[text.index('<node id="kering"') :].split("\\n")[1:4]))
      <data key="node.label">Kering</data>
      <data key="node.kind">entity</data>
      <data key="node.type">company</data>
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import IO, Any

import networkx as nx

from ..model.claims import Attribution
from ..model.dates import PartialDate
from ..model.timing import DateSpec, Timing

__all__ = ["attribution_attrs", "curated_text", "timing_attrs", "to_graphml", "write_graphml"]

Scalar = str | int | float | bool
_SCALARS = (str, int, float, bool)  # a tuple: isinstance is quicker with one than with a union

# Kept in step with networkx's GraphML.construct_types: the last entry for a
# Python type wins, so ``int`` is "long" and ``float`` is "double".
_XML_TYPES: dict[type, str] = {str: "string", int: "long", float: "double", bool: "boolean", Decimal: "double"}

BALANCE_NUMBERS = {"positive": 1, "negative": -1, "none": 0}
"""The schema's ``balance`` of a relation as the number GraphML carries (a signed graph's sign)."""

# what a key id may hold of an attribute's name (an XML NMTOKEN, kept to ASCII)
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")

_HEADER = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"'
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns'
    ' http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
)

# Characters that need more than the per-value escaping: a carriage return
# (kept as a reference) and what XML 1.0 cannot carry at all (replaced). No
# markup this writer emits contains them, so whole chunks are checked at once.
_AWKWARD = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")
# the bytes that need no check: tab, line feed, and everything from the space up
_PLAIN_BYTES = bytes(b for b in range(256) if b in b"\t\n" or b >= 0x20)
_CHUNK = 1 << 16  # pieces of text gathered before they are checked and encoded


def curated_text(spec: DateSpec) -> str:
    """One date as curated, for people: its value, bounds, relative date, order and note.

    >>> curated_text(DateSpec(PartialDate(2016, 5), relative="last May", source="s", after=("b", "a")))
    "2016-05, 'last May' (s), after a, b"
    """
    parts = [str(spec.value)] if spec.value else []
    if spec.earliest:
        parts.append(f"not before {spec.earliest}")
    if spec.latest:
        parts.append(f"not after {spec.latest}")
    if spec.relative:
        parts.append(f"'{spec.relative}'" + (f" ({spec.source})" if spec.source else ""))
    if spec.after:
        parts.append("after " + ", ".join(spec.after))
    if spec.before:
        parts.append("before " + ", ".join(spec.before))
    if spec.note:
        parts.append(f"note: {spec.note}")
    return ", ".join(parts)


def _part(v: Any) -> str:
    if isinstance(v, list):
        return ", ".join(map(str, v))
    return curated_text(v) if isinstance(v, DateSpec) else str(v)


def _scalar(key: str, value: Any) -> Scalar:
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, PartialDate):
        return str(value)
    if isinstance(value, Decimal):  # a double, as networkx writes a float
        return float("nan") if value.is_nan() else float(value)
    if key == "evidence":
        return "\n".join([f'[{e["source"]}] "{e["quote"]}"' for e in value])
    if isinstance(value, dict):
        return "; ".join([f"{k}: {_part(v)}" for k, v in value.items()])
    if isinstance(value, list | tuple):
        return "; ".join(map(str, value))
    return str(value)


def timing_attrs(timing: Timing) -> tuple[tuple[str, Scalar], ...]:
    """A record's computed time as GraphML attributes: each date's first and last possible day, and ``planned``.

    >>> import datetime as dt
    >>> from graph.model.timing import Span
    >>> timing_attrs(Timing("state", start=Span(None, dt.date(2016, 5, 8)), end=Span(dt.date(2016, 4, 1))))
    (('start_latest', '2016-05-08'), ('end_earliest', '2016-04-01'))
    """
    out: list[tuple[str, Scalar]] = []
    for point, span in timing.spans.items():
        if span.earliest is not None:
            out.append((f"{point}_earliest", span.earliest.isoformat()))
        if span.latest is not None:
            out.append((f"{point}_latest", span.latest.isoformat()))
    if timing.planned:
        out.append(("planned", True))
    return tuple(out)


def attribution_attrs(attribution: Attribution) -> tuple[tuple[str, Scalar], ...]:
    """Who says so, as GraphML attributes: ``according_to`` (ids joined by ``"; "``, if any), ``mode``, ``visibility``.

    >>> attribution_attrs(Attribution(("barbara_kolsun",), "reported", "private"))
    (('according_to', 'barbara_kolsun'), ('mode', 'reported'), ('visibility', 'private'))
    """
    who = (("according_to", "; ".join(attribution.according_to)),) if attribution.according_to else ()
    return (*who, ("mode", attribution.mode), ("visibility", attribution.visibility))


_EXPANDED = (Timing, Attribution)  # values written as several attributes


class _Flat:
    """Each timing's and attribution's attributes, made once (the statements a fact implies share them)."""

    def __init__(self) -> None:
        self.cache: dict[Timing | Attribution, tuple[tuple[str, Scalar], ...]] = {}

    def __call__(self, value: Timing | Attribution) -> tuple[tuple[str, Scalar], ...]:
        found = self.cache.get(value)
        if found is None:
            found = self.cache[value] = timing_attrs(value) if isinstance(value, Timing) else attribution_attrs(value)
        return found


def _balance_type(value: Any) -> type:
    return int if type(value) is str and value in BALANCE_NUMBERS else type(value)


def node_label(node: Any, data: dict[str, Any]) -> str:
    """What a node is labelled by: its ``name``, else its id."""
    name = data.get("name")
    return name if isinstance(name, str) and name else str(node)


def _graph_attrs(G: nx.MultiDiGraph) -> dict[str, Scalar]:
    attrs = {k: _scalar(k, v) for k, v in G.graph.items() if k != "sources"}
    attrs["sources"] = "; ".join(f"{sid}: {s['title']}" for sid, s in G.graph.get("sources", {}).items())
    return attrs


def _networkx_type(value_type: type) -> str:
    """networkx's own answer for an unusual scalar (a numpy float is "float"), or its refusal."""
    from networkx.readwrite.graphml import GraphML

    table = GraphML()
    table.construct_types()
    if value_type not in table.xml_type:
        raise nx.NetworkXError(f"GraphML writer does not support {value_type} as data values.")
    return str(table.xml_type[value_type])


def _xml_type(value_type: type) -> str:
    """The GraphML type of a value of this Python type once flattened."""
    found = _XML_TYPES.get(value_type)
    if found is not None:
        return found
    if issubclass(value_type, _SCALARS):  # flattening keeps it as it is
        return _networkx_type(value_type)
    return "string"  # flattening turns it into text


def _text(s: str) -> str:
    """Escaped for element content, as ElementTree does."""
    if "&" in s:
        s = s.replace("&", "&amp;")
    if "<" in s:
        s = s.replace("<", "&lt;")
    if ">" in s:
        s = s.replace(">", "&gt;")
    return s


def _attr(s: str) -> str:
    """Escaped for a double-quoted attribute value, as ElementTree does (carriage returns: see _flush)."""
    if "&" in s:
        s = s.replace("&", "&amp;")
    if "<" in s:
        s = s.replace("<", "&lt;")
    if ">" in s:
        s = s.replace(">", "&gt;")
    if '"' in s:
        s = s.replace('"', "&quot;")
    if "\n" in s:
        s = s.replace("\n", "&#10;")
    if "\t" in s:
        s = s.replace("\t", "&#09;")
    return s


def _fix(match: re.Match[str]) -> str:
    return "&#13;" if match.group() == "\r" else "\ufffd"


def _flush(parts: list[str], buffer: IO[bytes]) -> None:
    """Check, encode and buffer the text gathered so far."""
    chunk = "".join(parts)
    parts.clear()
    try:
        data = chunk.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        data = b""
    # deleting the plain bytes finds a control character many times faster than a regex search
    if not data or data.translate(None, _PLAIN_BYTES) or (not chunk.isascii() and _AWKWARD.search(chunk)):
        data = _AWKWARD.sub(_fix, chunk).encode("utf-8")
    buffer.write(data)


class _Keys:
    """The ``<key>`` declarations, numbered in the order first met, and the opening tag of each one's data."""

    def __init__(self) -> None:
        self.ids: dict[tuple[str, str, str], str] = {}  # (name, GraphML type, scope) -> "node.name" ...
        self.taken: set[str] = set()
        self.declarations: list[str] = []
        # per scope: (attribute name, Python type) -> ('<data key="dN">', the line '<data key="dN" />')
        self.tags: dict[str, dict[tuple[str, type], tuple[str, str]]] = {"graph": {}, "node": {}, "edge": {}}

    def see(self, scope: str, name: str, value_type: type) -> None:
        tags = self.tags[scope]
        if (name, value_type) in tags:
            return
        xml_type = _xml_type(value_type)
        key = (str(name), xml_type, scope)
        kid = self.ids.get(key)
        if kid is None:
            kid = self.ids[key] = self._new_id(scope, str(name), xml_type)
            self.declarations.append(
                f'  <key id="{kid}" for="{scope}" attr.name="{_attr(str(name))}" attr.type="{xml_type}" />\n'
            )
        indent = "    " if scope == "graph" else "      "
        tags[name, value_type] = (f'{indent}<data key="{kid}">', f'{indent}<data key="{kid}" />\n')

    def _new_id(self, scope: str, name: str, xml_type: str) -> str:
        """``scope.name``, made safe; ``.TYPE`` and then a number after it when that is taken."""
        base = f"{scope}.{_ID_UNSAFE.sub('_', name)}"
        kid, n = base, 1
        while kid in self.taken:
            kid = f"{base}.{xml_type}" + (f".{n}" if n > 1 else "")
            n += 1
        self.taken.add(kid)
        return kid

    def see_all(self, scope: str, data: dict[str, Any], flat: _Flat) -> None:
        """Every attribute of one node or edge (an edge's ``id`` is its GraphML id, not data)."""
        tags = self.tags[scope]
        if scope == "node" and "label" not in data and ("label", str) not in tags:
            self.see(scope, "label", str)
        for name, value in data.items():
            if type(value) in _EXPANDED:
                for flat_name, flat_value in flat(value):
                    if (flat_name, type(flat_value)) not in tags:
                        self.see(scope, flat_name, type(flat_value))
            elif name == "balance" and type(value) is str and value in BALANCE_NUMBERS:
                if (name, int) not in tags:
                    self.see(scope, name, int)
            elif value is not None and (name, type(value)) not in tags and not (scope == "edge" and name == "id"):
                self.see(scope, name, type(value))

    def declare(self, G: nx.MultiDiGraph, graph_attrs: dict[str, Scalar], flat: _Flat) -> None:
        """The keys of the graph's, the nodes' and the edges' attributes, in that order."""
        for name, value in graph_attrs.items():
            self.see("graph", name, type(value))
        for _, data in G.nodes(data=True):
            self.see_all("node", data, flat)
        layouts = set()  # edges come in few layouts (names and types, a timing's names); look at each layout once
        for *_, data in G.edges(keys=True, data=True):
            names = tuple(n for value in data.values() if type(value) in _EXPANDED for n, _ in flat(value))
            layout = (*data, *map(type, data.values()), *names, _balance_type(data.get("balance")))
            if layout not in layouts:
                layouts.add(layout)
                self.see_all("edge", data, flat)


def to_graphml(G: nx.MultiDiGraph) -> bytes:
    """The graph as GraphML bytes (UTF-8), streamed: no copy of the graph, no XML tree.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "b", key="a-b", label='sued <in> "NY"', evidence=[{"source": "s", "quote": "q"}])
    'a-b'
    >>> print(to_graphml(G).decode().split("<graph ")[1])
    edgedefault="directed">
        <node id="a">
          <data key="node.label">a</data>
        </node>
        <node id="b">
          <data key="node.label">b</data>
        </node>
        <edge source="a" target="b" id="a-b">
          <data key="edge.label">sued &lt;in&gt; "NY"</data>
          <data key="edge.evidence">[s] "q"</data>
        </edge>
        <data key="graph.sources" />
      </graph>
    </graphml>
    <BLANKLINE>
    """
    buffer = io.BytesIO()
    write_graphml(G, buffer)
    return buffer.getvalue()


def write_graphml(G: nx.MultiDiGraph, buffer: IO[bytes]) -> None:
    """Write the graph as GraphML (UTF-8) to a binary file, as it goes (see :func:`to_graphml`)."""
    graph_attrs = _graph_attrs(G)
    graph_id = graph_attrs.pop("id", None)  # networkx writes it as the graph element's id
    for special in ("node_default", "edge_default"):  # networkx takes these for defaults, not data
        graph_attrs.pop(special, None)

    # First the keys: they come before the graph, and their types decide nothing but the key itself.
    keys, flat = _Keys(), _Flat()
    keys.declare(G, graph_attrs, flat)
    node_tags, edge_tags = keys.tags["node"], keys.tags["edge"]
    label_tag, label_empty = node_tags.get(("label", str), ("", ""))

    parts: list[str] = [_HEADER, *reversed(keys.declarations)]  # networkx inserts each new key before the others
    append = parts.append
    # never empty: the graph always has its `sources` attribute
    append('  <graph edgedefault="directed"' + ("" if graph_id is None else f' id="{_attr(str(graph_id))}"') + ">\n")

    # The two loops below are one, written twice: this is where the time goes.
    ids: dict[Any, str] = {}  # node -> its escaped id, for the edges
    for node, data in G.nodes(data=True):
        nid = ids[node] = _attr(str(node))
        opened = len(parts)
        append(f'    <node id="{nid}">\n')
        if "label" not in data:
            label = node_label(node, data)
            append(f"{label_tag}{_text(label)}</data>\n" if label else label_empty)
        for name, value in data.items():
            if value is None:
                continue
            t = type(value)
            if t in _EXPANDED:
                parts += [f"{node_tags[n, type(v)][0]}{_text(str(v))}</data>\n" for n, v in flat(value)]
                continue
            if name == "balance" and type(value) is str and value in BALANCE_NUMBERS:
                value = BALANCE_NUMBERS[value]
                t = int
            opening, empty = node_tags[name, t]
            text = value if t is str else str(value) if t is PartialDate else str(_scalar(name, value))
            if not text:
                append(empty)
            elif "&" in text or "<" in text or ">" in text:
                append(f"{opening}{_text(text)}</data>\n")
            else:
                append(f"{opening}{text}</data>\n")
        if len(parts) == opened + 1:
            parts[opened] = f'    <node id="{nid}" />\n'
        else:
            append("    </node>\n")
        if len(parts) >= _CHUNK:
            _flush(parts, buffer)

    for u, v, k, data in G.edges(keys=True, data=True):
        opened = len(parts)
        append(f'    <edge source="{ids[u]}" target="{ids[v]}" id="{_attr(str(k))}">\n')
        for name, value in data.items():
            if value is None or name == "id":
                continue
            t = type(value)
            if t in _EXPANDED:
                parts += [f"{edge_tags[n, type(v)][0]}{_text(str(v))}</data>\n" for n, v in flat(value)]
                continue
            if name == "balance" and type(value) is str and value in BALANCE_NUMBERS:
                value = BALANCE_NUMBERS[value]
                t = int
            opening, empty = edge_tags[name, t]
            text = value if t is str else str(value) if t is PartialDate else str(_scalar(name, value))
            if not text:
                append(empty)
            elif "&" in text or "<" in text or ">" in text:
                append(f"{opening}{_text(text)}</data>\n")
            else:
                append(f"{opening}{text}</data>\n")
        if len(parts) == opened + 1:
            parts[opened] = parts[opened][:-2] + " />\n"
        else:
            append("    </edge>\n")
        if len(parts) >= _CHUNK:
            _flush(parts, buffer)

    graph_tags = keys.tags["graph"]
    for name, value in graph_attrs.items():
        opening, empty = graph_tags[name, type(value)]
        text = str(value)
        append(f"{opening}{_text(text)}</data>\n" if text else empty)
    append("  </graph>\n</graphml>\n")
    _flush(parts, buffer)
