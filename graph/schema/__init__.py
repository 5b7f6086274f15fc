"""The schema layer: the model declared once, as data (``schema.yaml``), and its reader.

Every other layer asks a :class:`Schema`: validation, derived edges, the RDF
pattern and its vocabulary (:class:`Vocabulary`), the ontology and shapes, the
networkx graph, the HTML legend and colours, and the CLI's choices.

>>> s = load_schema()
>>> s.relation_types["sued"].stance, s.vocabulary.entity
('oppose', 'https://w3id.org/cdkg/id/')
"""

from __future__ import annotations

from .claims import AttributionVocabulary, Mode, Visibility
from .reader import DEFAULT_SCHEMA, load_schema
from .time import RelativeDate, Status, TimeVocabulary
from .types import Derivation, EntityType, Field, RelationType, Role, Schema, Term, Vocabulary

__all__ = [
    "DEFAULT_SCHEMA",
    "AttributionVocabulary",
    "Derivation",
    "EntityType",
    "Field",
    "Mode",
    "RelationType",
    "RelativeDate",
    "Role",
    "Schema",
    "Status",
    "Term",
    "TimeVocabulary",
    "Visibility",
    "Vocabulary",
    "load_schema",
]
