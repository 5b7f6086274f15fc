"""Counterfeit-dispute knowledge graph.

Hand-curated, evidenced facts about the 2016 dispute over Alibaba's membership
of the International AntiCounterfeiting Coalition, loaded into networkx,
exported as RDF (with its OWL ontology and SHACL shapes) and GraphML, read
back from RDF, published to a SPARQL triple store, and rendered as an offline
HTML network.

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

RDF (:func:`to_rdf`, :func:`to_trig`; read back by :func:`from_rdf`): see
:mod:`graph.rdf` for the statement pattern and :mod:`graph.shacl` for the
shapes every export is checked against.
"""

from .analysis import Finding, TimelineEntry, allies, opponents, path, relations, stats, timeline, to_dataframe
from .build import derived_edges, to_networkx
from .camps import camps
from .dates import PartialDate
from .dump import to_yaml
from .errors import CdkgError, DataError, OutputError, Problem, SchemaError, ShapeError, StoreError, UsageError
from .load import load
from .model import Alias, Dataset, Entity, Evidence, Fact, Relation, Source
from .names import AmbiguousName, UnknownName, resolve
from .output import FORMATS, BuildResult, build, render, write_atomic
from .rdf import named_graphs, ontology, to_nquads, to_rdf, to_trig
from .rdf_in import from_rdf
from .schema import Schema, load_schema
from .shacl import shapes
from .sparql import sparql
from .store import PushResult, push

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
    "PushResult",
    "Relation",
    "Schema",
    "SchemaError",
    "ShapeError",
    "Source",
    "StoreError",
    "TimelineEntry",
    "UnknownName",
    "UsageError",
    "allies",
    "build",
    "camps",
    "derived_edges",
    "from_rdf",
    "load",
    "load_schema",
    "named_graphs",
    "ontology",
    "opponents",
    "path",
    "push",
    "relations",
    "render",
    "resolve",
    "shapes",
    "sparql",
    "stats",
    "timeline",
    "to_dataframe",
    "to_networkx",
    "to_nquads",
    "to_rdf",
    "to_trig",
    "to_yaml",
    "write_atomic",
]
