"""Counterfeit-dispute knowledge graph.

Hand-curated, evidenced facts about the 2016 dispute over Alibaba's membership
of the International AntiCounterfeiting Coalition, loaded into networkx,
exported as RDF (with its OWL ontology and SHACL shapes) and GraphML, read
back from RDF, published to a SPARQL triple store, and rendered as an offline
HTML network.

>>> from graph import load, to_networkx
>>> G = to_networkx(load("data"))
>>> G.nodes["jack_ma"]["aliases"]
['Jack Ma', 'Ma Yun', 'Ma']

The model (``graph/schema/schema.yaml``)
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
:mod:`graph.rdf.export` for the statement pattern and :mod:`graph.rdf.shacl`
for the shapes every export is checked against.

The layers, each a subpackage; dependencies point one way (a lower layer
never imports a higher one)::

    schema     schema.yaml and its reader: types, fields, the RDF vocabulary
      model    records, dates, the YAML reader, loading and validation, derived edges, dump
        rdf        export, serialise, ontology, shapes, check, parse back, SPARQL, store
        views      networkx, GraphML, HTML
        analysis   opponents, allies, relations, path, timeline, camps, reports
          pipeline   the format registry, staged writes, the build
            cli        the command line (thin)

``import graph`` is lazy (PEP 562): each name below imports its module when
first used, so a command pays only for what it uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .lazy import lazy_exports

if TYPE_CHECKING:
    from .analysis.balance import camps
    from .analysis.findings import (
        Finding,
        TimelineEntry,
        allies,
        opponents,
        path,
        relations,
        stats,
        timeline,
        to_dataframe,
    )
    from .analysis.names import AmbiguousName, UnknownName, resolve
    from .errors import CdkgError, DataError, OutputError, Problem, SchemaError, ShapeError, StoreError, UsageError
    from .model.dates import PartialDate
    from .model.derive import derived_edges
    from .model.dump import to_yaml
    from .model.loader import load
    from .model.records import Alias, Dataset, Entity, Evidence, Fact, Relation, Source
    from .pipeline import FORMATS, BuildResult, build, render, write_atomic
    from .rdf.export import to_nquads, to_rdf, to_trig
    from .rdf.ontology import ontology
    from .rdf.parse import from_rdf
    from .rdf.query import sparql
    from .rdf.shacl import shapes
    from .rdf.store import PushResult, push
    from .schema import Schema, load_schema
    from .views.network import to_networkx

__version__ = "0.1.0"

_EXPORTS = {
    "FORMATS": ".pipeline",
    "BuildResult": ".pipeline",
    "build": ".pipeline",
    "render": ".pipeline",
    "write_atomic": ".pipeline",
    "Finding": ".analysis.findings",
    "TimelineEntry": ".analysis.findings",
    "allies": ".analysis.findings",
    "opponents": ".analysis.findings",
    "path": ".analysis.findings",
    "relations": ".analysis.findings",
    "stats": ".analysis.findings",
    "timeline": ".analysis.findings",
    "to_dataframe": ".analysis.findings",
    "camps": ".analysis.balance",
    "AmbiguousName": ".analysis.names",
    "UnknownName": ".analysis.names",
    "resolve": ".analysis.names",
    "to_networkx": ".views.network",
    "derived_edges": ".model.derive",
    "PartialDate": ".model.dates",
    "to_yaml": ".model.dump",
    "load": ".model.loader",
    "Alias": ".model.records",
    "Dataset": ".model.records",
    "Entity": ".model.records",
    "Evidence": ".model.records",
    "Fact": ".model.records",
    "Relation": ".model.records",
    "Source": ".model.records",
    "CdkgError": ".errors",
    "DataError": ".errors",
    "OutputError": ".errors",
    "Problem": ".errors",
    "SchemaError": ".errors",
    "ShapeError": ".errors",
    "StoreError": ".errors",
    "UsageError": ".errors",
    "ontology": ".rdf.ontology",
    "to_nquads": ".rdf.export",
    "to_rdf": ".rdf.export",
    "to_trig": ".rdf.export",
    "from_rdf": ".rdf.parse",
    "Schema": ".schema",
    "load_schema": ".schema",
    "shapes": ".rdf.shacl",
    "sparql": ".rdf.query",
    "PushResult": ".rdf.store",
    "push": ".rdf.store",
}

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

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
