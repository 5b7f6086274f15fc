"""Counterfeit-dispute knowledge graph.

Hand-curated, evidenced facts about the 2016 dispute over Alibaba's membership
of the International AntiCounterfeiting Coalition, loaded into networkx,
exported as RDF and GraphML, and rendered as an offline HTML network.

>>> from graph import load, to_networkx
>>> G = to_networkx(load("data"))
>>> G.nodes["jack_ma"]["aliases"]
['Jack Ma', 'Ma Yun']

The model (``graph/schema.yaml``)
    Entity types (company, person, platform ...), n-ary fact types (lawsuit,
    withdrawal, accusation, remark, mediation: entity types with ``roles``),
    relation types (with label, inverse, domain, range, direction, stance,
    balance, RDF IRI) and the scalar fields records may carry.

The networkx graph (:func:`to_networkx`) is a ``MultiDiGraph``:

* **nodes** are entities and n-ary facts, keyed by id, with ``kind``
  (``"entity"`` or ``"fact"``), ``type``, ``type_label``, ``name``,
  ``aliases`` (list), ``date``/``start``/``end`` (:class:`PartialDate`, which
  keeps its precision), the record's fields (``description``, ``claim`` ...),
  ``evidence`` (list of ``{"source", "quote"}``), ``origin`` (``file:line``);
  fact nodes also carry ``roles`` (role -> list of ids).
* **edges** are keyed and carry ``kind``, ``type``, ``label``, ``stance``
  (``oppose``/``support``/``neutral``), ``balance``, ``directed``, dates and
  evidence. Three kinds:

  - ``"relation"``: a curated binary relation; key = the relation's id.
    Undirected relations are stored once, from the smaller id to the larger.
  - ``"role"``: fact -> participant (``lawsuit --plaintiff--> gucci``); key =
    ``fact/role/participant``. Together they keep every part of a fact.
  - ``"derived"``: the binary edges a fact implies by the schema's ``derive``
    rules (``gucci --sued--> alibaba``), carrying the fact's dates and
    evidence and ``fact`` = its id; key = ``fact/relation/a/b``. These give
    the opposition view without losing the fact.

* ``G.graph["sources"]`` is the sources registry (id -> title, publisher,
  publication date...).
"""

from .analysis import Finding, TimelineEntry, allies, opponents, path, relations, stats, timeline, to_dataframe
from .build import derived_edges, to_networkx
from .camps import camps
from .dates import PartialDate
from .errors import CdkgError, DataError, OutputError, Problem, SchemaError, UsageError
from .load import load
from .model import Alias, Dataset, Entity, Evidence, Fact, Relation, Source
from .names import AmbiguousName, UnknownName, resolve
from .output import FORMATS, BuildResult, build, render, write_atomic
from .rdf import ontology, to_rdf
from .schema import Schema, load_schema
from .sparql import sparql

__version__ = "0.1.0"

__all__ = [
    "FORMATS",
    "Alias",
    "AmbiguousName",
    "BuildResult",
    "CdkgError",
    "DataError",
    "Dataset",
    "Entity",
    "Evidence",
    "Fact",
    "Finding",
    "OutputError",
    "PartialDate",
    "Problem",
    "Relation",
    "Schema",
    "SchemaError",
    "Source",
    "TimelineEntry",
    "UnknownName",
    "UsageError",
    "allies",
    "build",
    "camps",
    "derived_edges",
    "load",
    "load_schema",
    "ontology",
    "opponents",
    "path",
    "relations",
    "render",
    "resolve",
    "sparql",
    "stats",
    "timeline",
    "to_dataframe",
    "to_networkx",
    "to_rdf",
    "write_atomic",
]
