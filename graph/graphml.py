"""GraphML for Gephi, yEd and Cytoscape.

GraphML holds only scalar attributes, so lists, roles and evidence are
flattened into readable strings: aliases joined by ``"; "``, evidence as
``[source] "quote"`` lines, dates as written (``2015-05``).
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import networkx as nx

from .dates import PartialDate

__all__ = ["flatten", "to_graphml"]


def _scalar(key: str, value: Any) -> str | int | float | bool:
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, PartialDate | Decimal):
        return str(value)
    if key == "evidence":
        return "\n".join(f'[{e["source"]}] "{e["quote"]}"' for e in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {', '.join(map(str, v)) if isinstance(v, list) else v}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "; ".join(map(str, value))
    return str(value)


def flatten(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``G`` whose every attribute is a GraphML scalar."""
    H = nx.MultiDiGraph()
    H.graph.update(
        {k: _scalar(k, v) for k, v in G.graph.items() if k != "sources"},
        sources="; ".join(f"{sid}: {s['title']}" for sid, s in G.graph.get("sources", {}).items()),
    )
    for n, data in G.nodes(data=True):
        H.add_node(n, **{k: _scalar(k, v) for k, v in data.items() if v is not None})
    for u, v, k, data in G.edges(keys=True, data=True):
        # the edge key is written as the GraphML edge id; an `id` attribute would clash with it
        attrs = {a: _scalar(a, b) for a, b in data.items() if b is not None and a != "id"}
        H.add_edge(u, v, key=k, **attrs)
    return H


def to_graphml(G: nx.MultiDiGraph) -> bytes:
    """The graph as GraphML bytes (UTF-8)."""
    buf = io.BytesIO()
    nx.write_graphml(flatten(G), buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()
