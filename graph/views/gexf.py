"""GEXF 1.3 for Gephi: the graph with the time of every fact, so that Gephi's timeline plays the dispute.

``out/graph.gexf`` is a ``mode="dynamic"`` graph with ``timeformat="date"``:

* **spells**: each node and edge with dates is present over the days it may
  be in effect (:meth:`graph.model.timing.Timing.window`: an event from the
  first day its date may be, for good; a state from its start's first day to
  its end's last), an open end where the sources give none; what has no date
  (most entities) is present at every time;
* **certain or possible**: the dynamic attribute ``certainty`` says, day by
  day, whether the item is ``certain`` (:meth:`Timing.certain_window`) or only
  ``possible`` in effect (its dates straddle the day, or the sources only
  expect it: ``planned``); a record a source denies is ``denied`` over its
  spell and never certain. Gephi's "Attributes → Partition → certainty"
  filter, with the timeline, shows only what is certain on each day;
* **attributes declared with types** (``<attributes class="node">``): the
  kind, type, name, aliases, the schema's fields (an ``integer`` field a
  ``long``, a ``decimal`` a ``double``), the dates as curated and the first
  and last day each may be, ``planned``, who says so (``according_to``,
  ``mode``, ``visibility``), the evidence as ``[source] "quote"`` lines; an
  edge's relation type is ``relation_type`` (GEXF's own ``type`` attribute of
  an edge is its direction) and is also the edge's ``kind`` (GEXF 1.3's kind
  of a parallel edge); its ``balance`` is ``1``, ``-1`` or ``0``. Every edge is
  ``directed``, as in the networkx graph: a symmetric relation
  (``co_plaintiff_with``) runs from the smaller id to the larger and says
  ``directed`` ``false`` (a GEXF graph of mixed edges is not one networkx
  reads);
* **colours from the schema** (the viz namespace): a node's from its type
  (``viz:color``, ``viz:shape``), an edge's from its stance or the role
  style (``viz:color``, ``viz:thickness``).

networkx's ``write_gexf`` does not fit: it takes an edge's ``type``
attribute for GEXF's direction and a node's ``start`` and ``end`` for its
time, writes the day it ran into ``lastmodifieddate`` (no two days give the
same bytes), and in 1.3 names the XML Schema instance namespace wrongly
(``http://w3.org/...``). So this module writes the document itself, as it
goes; the same graph gives the same bytes. networkx's ``read_gexf`` reads it
back (the tests do). Characters XML 1.0 cannot carry become U+FFFD.

>>> from graph import load, to_networkx
>>> ds = load("data")
>>> lines = to_gexf(to_networkx(ds), ds.schema).decode().splitlines()
>>> print("\\n".join(lines[lines.index('    <edges>') + 1 :][:4]).replace(' label', '\\n        label'))
      <edge id="alibaba-invested_in-charm_and_luxury" source="alibaba" target="charm_and_luxury"
        label="invested in" type="directed" kind="invested_in">
        <attvalues>
          <attvalue for="kind" value="relation" />
          <attvalue for="relation_type" value="invested_in" />
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

import networkx as nx

from ..model.claims import Attribution
from ..model.dates import PartialDate
from ..model.timing import POINTS, Timing
from ..schema import Schema

__all__ = ["GEXF_NAMESPACE", "spells", "to_gexf", "write_gexf"]

GEXF_NAMESPACE = "http://gexf.net/1.3"
VIZ_NAMESPACE = "http://gexf.net/1.3/viz"

_HEADER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    f'<gexf xmlns="{GEXF_NAMESPACE}" xmlns:viz="{VIZ_NAMESPACE}"'
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    f' xsi:schemaLocation="{GEXF_NAMESPACE} {GEXF_NAMESPACE}/gexf.xsd" version="1.3">\n'
)
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SHAPES = {"dot": "disc", "ellipse": "disc", "circle": "disc", "square": "square", "box": "square"}
_SHAPES |= {"triangle": "triangle", "triangleDown": "triangle", "diamond": "diamond"}
BALANCE_NUMBERS = {"positive": 1, "negative": -1, "none": 0}
BOUNDS = tuple(f"{p}_{b}" for p in POINTS for b in ("earliest", "latest"))
_DAY = dt.timedelta(days=1)

# (id, GEXF type) of the attributes every node or edge may have, before and after the schema's fields
_NODE_HEAD = [("kind", "string"), ("type", "string"), ("type_label", "string"), ("aliases", "string")]
_EDGE_HEAD = [("kind", "string"), ("relation_type", "string"), ("stance", "string"), ("balance", "integer")]
_EDGE_HEAD += [("directed", "boolean"), ("fact", "string")]
_TAIL = [*((p, "string") for p in POINTS), *((b, "string") for b in BOUNDS), ("planned", "boolean")]
_TAIL += [("according_to", "string"), ("mode", "string"), ("visibility", "string"), ("same_as", "string")]
_TAIL += [("evidence", "string"), ("origin", "string")]
_FIELD_TYPES = {"integer": "long", "decimal": "double", "boolean": "boolean"}


_PLAIN = re.compile('[&<>"\t\n\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]')


def _attr(value: object) -> str:
    """A double-quoted XML attribute value (most need no escaping: tested first)."""
    text = str(value)
    if not _PLAIN.search(text):
        return f'"{text}"'
    return quoteattr(_UNWRITABLE.sub("\ufffd", text), {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None and day not in (dt.date.min, dt.date.max) else None


def spells(timing: Timing | None) -> tuple[tuple[str | None, str | None], list[tuple[str, str | None, str | None]]]:
    """The item's spell (first and last day it may be in effect, ``None``: open) and its ``certainty`` by period.

    >>> from graph.model.timing import Span
    >>> t = Timing("event", date=Span(dt.date(2016, 4, 1), dt.date(2016, 5, 8)))
    >>> spells(t)
    (('2016-04-01', None), [('possible', '2016-04-01', '2016-05-07'), ('certain', '2016-05-08', None)])
    >>> spells(Timing("state", start=Span(None, dt.date(2016, 5, 12)), planned=True))
    ((None, None), [('possible', None, None)])
    """
    if timing is None or timing.kind == "timeless":
        return (None, None), []
    lo, hi = timing.window()
    window = (_iso(lo), _iso(hi))
    if timing.negated:
        return window, [("denied", *window)]
    sure = timing.certain_window()
    if sure is None:
        return window, [("possible", *window)]
    first, last = sure
    periods: list[tuple[str, str | None, str | None]] = []
    if first is None:  # pragma: no cover - a certain window always begins (Timing.certain_window)
        return window, [("possible", *window)]
    if lo is None or lo < first:
        periods.append(("possible", window[0], _iso(first - _DAY)))
    periods.append(("certain", _iso(first), _iso(last)))
    if last is not None and (hi is None or last < hi):
        periods.append(("possible", _iso(last + _DAY), window[1]))
    return window, periods


def _rgb(color: str) -> str:
    h = color.lstrip("#")
    if not re.fullmatch(r"[0-9a-fA-F]{6}", h):
        return ""
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return f'<viz:color r="{r}" g="{g}" b="{b}" />'


def _value(name: str, value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, PartialDate | Decimal | int | float | str):
        return str(value)
    if name == "evidence":
        return "\n".join(f'[{e["source"]}] "{e["quote"]}"' for e in value)
    if isinstance(value, list | tuple):
        return "; ".join(map(str, value))
    return str(value)


def _values(data: dict[str, Any], rename: dict[str, str]) -> dict[str, str]:
    """The item's static attribute values, by attribute id."""
    out: dict[str, str] = {}
    for name, value in data.items():
        if isinstance(value, Timing):
            for point, span in value.spans.items():
                for bound, day in (("earliest", span.earliest), ("latest", span.latest)):
                    if day is not None:
                        out[f"{point}_{bound}"] = day.isoformat()
            if value.planned:
                out["planned"] = "true"
        elif isinstance(value, Attribution):
            if value.according_to:
                out["according_to"] = "; ".join(value.according_to)
            out["mode"], out["visibility"] = value.mode, value.visibility
        elif name == "balance" and isinstance(value, str):
            out[name] = str(BALANCE_NUMBERS.get(value, 0))
        elif name not in ("specs", "roles", "name", "label", "id", "inverse_label", "temporal"):
            text = _value(name, value)
            if text is not None:
                out[rename.get(name, name)] = text
    return out


def _declarations(cls: str, columns: list[tuple[str, str]]) -> Iterator[str]:
    """The static attributes, then the one dynamic attribute: ``certainty``, by period."""
    yield f'    <attributes class="{cls}" mode="static">\n'
    for aid, atype in columns:
        yield f"      <attribute id={_attr(aid)} title={_attr(aid)} type={_attr(atype)} />\n"
    yield f'    </attributes>\n    <attributes class="{cls}" mode="dynamic">\n'
    yield '      <attribute id="certainty" title="certainty" type="string" />\n    </attributes>\n'


def _body(values: dict[str, str], columns: list[tuple[str, str]], timing: Any) -> Iterator[str]:
    """An item's attvalues (static, then its certainty by period) and spells."""
    window, periods = spells(timing if isinstance(timing, Timing) else None)
    known = [aid for aid, _ in columns if aid in values]
    if known or periods:
        yield "        <attvalues>\n"
        for aid in known:
            yield f"          <attvalue for={_attr(aid)} value={_attr(values[aid])} />\n"
        for certainty, start, end in periods:
            bounds = (f' start="{start}"' if start else "") + (f' end="{end}"' if end else "")
            yield f'          <attvalue for="certainty" value="{certainty}"{bounds} />\n'
        yield "        </attvalues>\n"
    if isinstance(timing, Timing) and timing.kind != "timeless":
        start, end = window
        bounds = (f' start="{start}"' if start else "") + (f' end="{end}"' if end else "")
        yield f"        <spells>\n          <spell{bounds} />\n        </spells>\n"


def _columns(schema: Schema, on: str, head: list[tuple[str, str]]) -> list[tuple[str, str]]:
    kinds = ("entity", "fact") if on == "node" else ("relation",)
    fields = [(f.id, _FIELD_TYPES.get(f.datatype, "string")) for f in schema.fields.values() if set(kinds) & set(f.on)]
    taken = {aid for aid, _ in head}
    return [*head, *((aid, t) for aid, t in fields if aid not in taken), *((aid, t) for aid, t in _TAIL)]


def _flush(parts: list[str], out: IO[bytes]) -> None:
    """Write ``parts`` (any character XML 1.0 cannot hold made U+FFFD) and empty the list."""
    out.write(_UNWRITABLE.sub("\ufffd", "".join(parts)).encode("utf-8", "replace"))
    parts.clear()


def to_gexf(G: nx.MultiDiGraph, schema: Schema) -> bytes:
    """The graph as GEXF 1.3 bytes (UTF-8)."""
    buffer = io.BytesIO()
    write_gexf(G, schema, buffer)
    return buffer.getvalue()


def write_gexf(G: nx.MultiDiGraph, schema: Schema, out: IO[bytes]) -> None:
    """Write the graph as GEXF 1.3 (UTF-8) to a binary file, as it goes (see the module's docstring)."""
    node_columns = _columns(schema, "node", _NODE_HEAD)
    edge_columns = _columns(schema, "edge", _EDGE_HEAD)
    parts: list[str] = [_HEADER, "  <meta>\n    <creator>cdkg</creator>\n"]
    parts.append(f"    <description>{escape(str(G.graph.get('name', '')))}</description>\n  </meta>\n")
    parts.append(
        '  <graph mode="dynamic" defaultedgetype="directed" timeformat="date" timerepresentation="interval">\n'
    )
    parts += [*_declarations("node", node_columns), *_declarations("edge", edge_columns), "    <nodes>\n"]
    for node, data in G.nodes(data=True):
        label = data.get("name") or node
        parts.append(f"      <node id={_attr(node)} label={_attr(label)}>\n")
        parts += _body(_values(data, {}), node_columns, data.get("timing"))
        etype = schema.entity_types.get(str(data.get("type")))
        if etype is not None:
            parts.append(f"        {_rgb(etype.color)}\n" if _rgb(etype.color) else "")
            parts.append(f'        <viz:shape value="{_SHAPES.get(etype.shape, "disc")}" />\n')
        parts.append("      </node>\n")
        if len(parts) > 4096:
            _flush(parts, out)
    parts.append("    </nodes>\n    <edges>\n")
    for u, v, key, data in G.edges(keys=True, data=True):
        head = f"      <edge id={_attr(key)} source={_attr(u)} target={_attr(v)} label={_attr(data.get('label', ''))}"
        parts.append(f'{head} type="directed" kind={_attr(data.get("type", ""))}>\n')
        parts += _body(_values(data, {"type": "relation_type"}), edge_columns, data.get("timing"))
        style = schema.role_style if data.get("kind") == "role" else schema.stances.get(data.get("stance", ""), {})
        style = style.get("style", style)
        if _rgb(str(style.get("color", ""))):
            parts.append(f"        {_rgb(str(style['color']))}\n")
        if isinstance(style.get("width"), int | float):
            parts.append(f'        <viz:thickness value="{float(style["width"])}" />\n')
        parts.append("      </edge>\n")
        if len(parts) > 4096:
            _flush(parts, out)
    parts.append("    </edges>\n  </graph>\n</gexf>\n")
    _flush(parts, out)
