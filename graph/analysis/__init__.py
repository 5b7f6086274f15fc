"""The analyst's questions over the networkx graph: findings (opponents, allies,
relations, path, timeline, stats), name resolution, camps, and text reports.

Functions take the graph first and do no I/O. Depend on :mod:`graph.model`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_exports

if TYPE_CHECKING:
    from .balance import camps
    from .findings import Finding, TimelineEntry, allies, opponents, path, relations, stats, timeline, to_dataframe
    from .names import AmbiguousName, UnknownName, resolve

_EXPORTS = {
    "AmbiguousName": ".names",
    "Finding": ".findings",
    "TimelineEntry": ".findings",
    "UnknownName": ".names",
    "allies": ".findings",
    "camps": ".balance",
    "opponents": ".findings",
    "path": ".findings",
    "relations": ".findings",
    "resolve": ".names",
    "stats": ".findings",
    "timeline": ".findings",
    "to_dataframe": ".findings",
}

__all__ = [
    "AmbiguousName",
    "Finding",
    "TimelineEntry",
    "UnknownName",
    "allies",
    "camps",
    "opponents",
    "path",
    "relations",
    "resolve",
    "stats",
    "timeline",
    "to_dataframe",
]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
