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

Each file's own checks are made apart from the checks across files, and can
be kept from one load to the next: give :func:`load` a
:class:`~graph.model.filecache.FileCache` (kept in the output directory by
:func:`graph.snapshot.read_file_cache` and :func:`graph.snapshot.write_file_cache`)
and an edit to one file is read and checked alone, the checks across files
running on every record; the dataset, or the problems in their order, are
those of a load without it.

>>> ds = load("data")
>>> ds.entities["kering"].names
['Kering', 'Kaiyun Group', 'Kering S.A.', 'KERINGS S.A.']
"""

from __future__ import annotations

from pathlib import Path

from ..errors import DataError, Problem
from ..schema import Schema, load_schema
from .claims import check_same_as
from .evidence import QuotesNotFound
from .filecache import FileCache, schema_key, sources_key
from .problems import Report
from .records import Dataset
from .references import References
from .rules import ID_PATTERN, find_quote, normalise_space
from .sections import Drafting, Items, Sections
from .sources import Sources
from .structure import DataFiles, Fields
from .when import Chronology, dated, dated_source

__all__ = ["ID_PATTERN", "find_quote", "load", "normalise_space"]  # the rules, as before they had their module


def load(
    data_dir: str | Path = "data", schema: Schema | str | Path | None = None, cache: FileCache | None = None
) -> Dataset:
    """Read, validate and return the dataset under ``data_dir``.

    Raises :class:`~graph.errors.DataError` listing every problem found.
    With a ``cache`` (:class:`~graph.model.filecache.FileCache`), a data file
    whose bytes it holds is neither read nor checked on its own again (the
    checks across files run on every record), and the cache gains what this
    load read; the result, or the problems, are the same as without it.
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
    cache = FileCache() if cache is None else cache  # without one, the same code keeps nothing
    cache.start(schema_key(schema))
    report = Report()
    data = DataFiles(report, root, shown, cache)
    for path in files:
        data.read(path)
    cache.prune()
    fields = Fields(report, schema)
    sources = Sources(report, fields, root)
    registry = data.raw("sources")
    sources.read(registry)
    if not sources.sources and not registry:
        report.add(shown, 0, "", "sources", "no sources registry: add a 'sources:' list to a data file")
    drafting = Drafting(schema, sources)
    items = _drafts(data, cache, drafting, sources_key(sources))
    sections = Sections(schema, report, References(report, data.unreadable), drafting, QuotesNotFound(report, sources))
    entities = sections.entities(items["entities"])
    nodes = {eid: e.type for eid, e in entities.items()}
    facts = sections.facts(items["facts"], nodes)
    relations = sections.relations(items["relations"], nodes)
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


def _drafts(data: DataFiles, cache: FileCache, drafting: Drafting, registry: str) -> dict[str, Items]:
    """Every record of each section with its draft: the cache's if made against the same sources
    registry (``registry``: its :func:`~graph.model.filecache.sources_key`), else made now and kept."""
    out: dict[str, Items] = {"entities": [], "facts": [], "relations": []}
    for shown, entry in data.files:
        drafts = entry.drafts
        if drafts is None or entry.sources != registry:
            drafts = drafting.file(shown, entry.read.records)
            entry.check(registry, drafts)
            cache.checked += 1
        for section, items in out.items():
            records = entry.read.records.get(section, ())
            items += zip((shown,) * len(records), records, drafts.get(section, ()), strict=True)
    return out
