"""Reading and validating the curated data: :func:`load`.

:func:`load` reads every ``*.yaml`` file under the data directory (in sorted
order; which file a record lives in does not matter), checks it against the
schema and returns a :class:`~graph.model.Dataset`. It reports **every**
problem at once in one :class:`~graph.errors.DataError`, each naming the file,
line, record and field.

A data file is a mapping with any of these lists::

    sources:   [...]   # the sources registry (id, title, file, published...)
    entities:  [...]   # id, type, name, aliases, dates, fields, evidence
    facts:     [...]   # n-ary facts: id, type, name, one key per role, dates...
    relations: [...]   # id, type, subject, object, dates, fields, evidence

The rules live by concern: :mod:`~graph.model.rules` (ids, characters,
quotes), :mod:`~graph.model.structure` (files, records, fields),
:mod:`~graph.model.sources` and :mod:`~graph.model.evidence` (the registry
and the quotes that cite it), :mod:`~graph.model.temporal` (dates),
:mod:`~graph.model.references` (ids and references) and
:mod:`~graph.model.sections` (each section's records).

>>> ds = load("data")
>>> ds.entities["kering"].names
['Kering', 'Kaiyun Group', 'Kering S.A.', 'KERINGS S.A.']
"""

from __future__ import annotations

from pathlib import Path

from ..errors import DataError, Problem
from ..schema import Schema, load_schema
from .claims import check_same_as
from .evidence import Citations
from .problems import Report
from .records import Dataset
from .references import References
from .rules import ID_PATTERN, find_quote, normalise_space
from .sections import Sections
from .sources import Sources
from .structure import DataFiles, Fields
from .when import Chronology, dated, dated_source

__all__ = ["ID_PATTERN", "find_quote", "load", "normalise_space"]  # the rules, as before they had their module


def load(data_dir: str | Path = "data", schema: Schema | str | Path | None = None) -> Dataset:
    """Read, validate and return the dataset under ``data_dir``.

    Raises :class:`~graph.errors.DataError` listing every problem found.
    """
    if not isinstance(schema, Schema):
        schema = load_schema(schema)
    root = Path(data_dir)
    shown = str(data_dir).rstrip("/") or "."
    if not root.is_dir():
        raise DataError([Problem(shown, 0, "", "", "data directory not found")])
    files = sorted(
        (p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()),
        key=lambda p: p.relative_to(root).as_posix(),
    )
    if not files:
        raise DataError([Problem(shown, 0, "", "", "no .yaml files found in the data directory")])
    report = Report()
    data = DataFiles(report, root, shown)
    for path in files:
        data.read(path)
    fields = Fields(report, schema)
    sources = Sources(report, fields, root)
    sources.read(data.raw["sources"])
    if not sources.sources and not data.raw["sources"]:
        report.add(shown, 0, "", "sources", "no sources registry: add a 'sources:' list to a data file")
    sections = Sections(schema, fields, References(report, data.unreadable), Citations(fields, sources))
    entities = sections.entities(data.raw["entities"])
    nodes = {eid: e.type for eid, e in entities.items()}
    facts = sections.facts(data.raw["facts"], nodes)
    relations = sections.relations(data.raw["relations"], nodes)
    check_same_as(
        report,
        {
            **{k: ("fact", f.type, f.same_as, f.origin.file, f.origin.line) for k, f in facts.items()},
            **{k: ("relation", r.type, r.same_as, r.origin.file, r.origin.line) for k, r in relations.items()},
        },
    )
    chronology = Chronology(report, schema, sources.sources)
    timings, publications = chronology.solve({**entities, **facts, **relations}, sections.where)
    if report.problems:
        raise DataError(report.problems)
    return Dataset(
        schema=schema,
        sources={sid: dated_source(s, publications[sid]) for sid, s in sorted(sources.sources.items())},
        entities={k: dated(v, timings[k]) for k, v in sorted(entities.items())},
        facts={k: dated(v, timings[k]) for k, v in sorted(facts.items())},
        relations={k: dated(v, timings[k]) for k, v in sorted(relations.items())},
    )
