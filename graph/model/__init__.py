"""The model layer: records, partial dates and their temporal rules, the YAML
reader, loading and validation, derived edges, and writing data files back.

Depends only on :mod:`graph.schema` (and :mod:`graph.errors`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_exports

if TYPE_CHECKING:
    from .dates import PartialDate, effect_window, in_effect, parse_as_of
    from .derive import derived_edges
    from .dump import to_yaml
    from .loader import load
    from .records import Alias, Dataset, Entity, Evidence, Fact, Origin, Relation, Source
    from .yamlio import read_yaml

_EXPORTS = {
    "Alias": ".records",
    "Dataset": ".records",
    "Entity": ".records",
    "Evidence": ".records",
    "Fact": ".records",
    "Origin": ".records",
    "PartialDate": ".dates",
    "Relation": ".records",
    "Source": ".records",
    "derived_edges": ".derive",
    "effect_window": ".dates",
    "in_effect": ".dates",
    "load": ".loader",
    "parse_as_of": ".dates",
    "read_yaml": ".yamlio",
    "to_yaml": ".dump",
}

__all__ = [
    "Alias",
    "Dataset",
    "Entity",
    "Evidence",
    "Fact",
    "Origin",
    "PartialDate",
    "Relation",
    "Source",
    "derived_edges",
    "effect_window",
    "in_effect",
    "load",
    "parse_as_of",
    "read_yaml",
    "to_yaml",
]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
