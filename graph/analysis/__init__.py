"""The analyst's questions over the networkx graph: findings (opponents, allies,
relations, path, stats), the timeline, name resolution, camps, and text reports;
as of a day, each fact certainly in effect, possibly or not (:mod:`.asof`).

Functions take the graph first and do no I/O. Depend on :mod:`graph.model`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_exports

if TYPE_CHECKING:
    from .asof import When
    from .balance import camps
    from .chronicle import TimelineEntry, timeline
    from .findings import Finding, allies, chain_certainty, opponents, path, relations, stats, to_dataframe
    from .names import AmbiguousName, UnknownName, resolve

_EXPORTS = {
    "AmbiguousName": ".names",
    "Finding": ".findings",
    "TimelineEntry": ".chronicle",
    "When": ".asof",
    "UnknownName": ".names",
    "allies": ".findings",
    "camps": ".balance",
    "chain_certainty": ".findings",
    "opponents": ".findings",
    "path": ".findings",
    "relations": ".findings",
    "resolve": ".names",
    "stats": ".findings",
    "timeline": ".chronicle",
    "to_dataframe": ".findings",
}

__all__ = [
    "AmbiguousName",
    "Finding",
    "TimelineEntry",
    "UnknownName",
    "When",
    "allies",
    "camps",
    "chain_certainty",
    "opponents",
    "path",
    "relations",
    "resolve",
    "stats",
    "timeline",
    "to_dataframe",
]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
