"""The views: the networkx graph, GraphML, GEXF, CSV (and Neo4j import files), and the offline HTML network.

Depend on :mod:`graph.model` and :mod:`graph.schema`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_exports

if TYPE_CHECKING:
    from .gexf import to_gexf, write_gexf
    from .graphml import to_graphml, write_graphml
    from .html import to_html, to_pyvis
    from .network import to_networkx

_EXPORTS = {
    "to_gexf": ".gexf",
    "write_gexf": ".gexf",
    "to_graphml": ".graphml",
    "to_html": ".html",
    "to_networkx": ".network",
    "to_pyvis": ".html",
    "write_graphml": ".graphml",
}

__all__ = [
    "to_gexf",
    "to_graphml",
    "to_html",
    "to_networkx",
    "to_pyvis",
    "write_gexf",
    "write_graphml",
]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
