"""Writing a dataset as YAML data files that :func:`graph.model.loader` reads back.

The writer paired with :mod:`graph.model.loader`: ``python build_graph.py import``
uses it to turn RDF back into curated data. The files are deterministic
(records sorted by id, keys in the order README shows them) and follow the
data format exactly: ``sources.yaml``, ``entities.yaml``, ``facts.yaml`` and
``relations.yaml``.

>>> from graph import load
>>> files = to_yaml(load("data"))
>>> sorted(files)
['entities.yaml', 'facts.yaml', 'relations.yaml', 'sources.yaml']
>>> kering = [e for e in yaml.safe_load(files["entities.yaml"])["entities"] if e["id"] == "kering"][0]
>>> kering["aliases"][:2]
[{'name': 'Kaiyun Group', 'source': 'seed-article'}, {'name': 'Kering S.A.', 'source': 'sdny-order-2016-08-04'}]
>>> remark = [f for f in yaml.safe_load(files["facts.yaml"])["facts"] if f["id"] == "remark_jack_ma_rather_lose"][0]
>>> remark["according_to"], remark["mode"], remark["date"]
('forbes', 'reported', {'after': 'forbes_interview', 'before': 'forbes_report_2015_11_06'})
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import yaml

from .claims import Attribution
from .records import Dataset, Entity, Evidence, Exclusion, Fact, Relation, Source, Value
from .timing import DateSpec

__all__ = ["DATA_FILES", "to_yaml"]

DATA_FILES = ("sources.yaml", "entities.yaml", "facts.yaml", "relations.yaml")

_HEADER = "# Written by `python build_graph.py import` from RDF; records sorted by id.\n"


class _Dumper(yaml.SafeDumper):
    pass


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    if value == value.to_integral_value():
        return dumper.represent_int(int(value))
    if Decimal(repr(float(value))) == value:  # a float that reads back exactly
        return dumper.represent_float(float(value))
    return dumper.represent_str(str(value))  # quoted: the loader reads it as a decimal without rounding


_Dumper.add_representer(Decimal, _decimal)


def _spec(spec: DateSpec) -> str | dict[str, Any]:
    """A date as curated: a bare value, or a mapping of the keys given (``graph.model.temporal``)."""
    if spec.plain and spec.value is not None:
        return str(spec.value)
    parts: dict[str, Any] = {
        "value": spec.value, "earliest": spec.earliest, "latest": spec.latest,
        "relative": spec.relative, "source": spec.source,
    }  # fmt: skip
    out: dict[str, Any] = {k: str(v) for k, v in parts.items() if v}
    for key, refs in (("after", spec.after), ("before", spec.before)):
        if refs:
            out[key] = refs[0] if len(refs) == 1 else list(refs)
    if spec.note:
        out["note"] = spec.note
    return out


def _dates(record: Entity | Fact | Relation) -> dict[str, Any]:
    """The dates as curated (a record built by hand, with no computed timing, has only values)."""
    specs = record.specs
    if record.timing is None:
        specs = {**{k: DateSpec(v) for k, v in record.dates.items()}, **record.specs}
    return {key: _spec(specs[key]) for key in ("date", "start", "end") if key in specs}


def _one_or_many(ids: tuple[str, ...]) -> str | list[str]:
    return ids[0] if len(ids) == 1 else list(ids)


def _claim(attribution: Attribution, same_as: tuple[str, ...], ds: Dataset) -> dict[str, Any]:
    """Who asserts the record (only what differs from the schema's defaults) and its ``same_as``."""
    vocab = ds.schema.attribution
    out: dict[str, Any] = {}
    if attribution.according_to:
        out["according_to"] = _one_or_many(attribution.according_to)
    if attribution.mode != vocab.default_mode:
        out["mode"] = attribution.mode
    if attribution.visibility != vocab.default_visibility:
        out["visibility"] = attribution.visibility
    if same_as:
        out["same_as"] = _one_or_many(same_as)
    return out


def _quote(e: Evidence) -> dict[str, Any]:
    out: dict[str, Any] = {"source": e.source, "quote": e.quote}
    if e.anchor is not None and e.anchor.occurrences > 1:
        out["occurrence"] = e.anchor.occurrence
    return out


def _published(s: Source) -> str | dict[str, Any] | None:
    """The publication as curated: the loader gives a date without a note the source's ``published_note``,
    so that note is not written twice. A source built by hand (no computed publication) has only its value."""
    spec = s.published_spec
    if spec is None:
        return str(s.published) if s.published is not None and s.publication is None else None
    if s.published_note and spec.note == s.published_note and replace(spec, note="") != DateSpec():
        spec = replace(spec, note="")
    return _spec(spec)


def _evidence(items: tuple[Evidence, ...]) -> dict[str, Any]:
    return {"evidence": [_quote(e) for e in items]} if items else {}


def _exclusion(x: Exclusion) -> dict[str, str]:
    return {"quote": x.quote, "reason": x.reason}


def _source(s: Source) -> dict[str, Any]:
    out: dict[str, Any] = {"id": s.id, "title": s.title}
    optional: dict[str, str | dict[str, Any] | None] = {
        "publisher": s.publisher,
        "published": _published(s),
        "published_note": s.published_note,
        "language": s.language,
        "language_note": s.language_note,
        "url": s.url,
        "licence": s.licence,
    }
    out.update({k: v for k, v in optional.items() if v})
    out["file"] = s.file
    if s.not_curated:
        out["not_curated"] = [_exclusion(x) for x in s.not_curated]
    return out


def _entity(e: Entity, ds: Dataset) -> dict[str, Any]:
    out: dict[str, Any] = {"id": e.id, "type": e.type, "name": e.name}
    if e.aliases:
        out["aliases"] = [{"name": a.name, "source": a.source} if a.source else a.name for a in e.aliases]
    out.update(_dates(e))
    out.update(_fields(e.fields, ds))
    out.update(_evidence(e.evidence))
    return out


def _fact(f: Fact, ds: Dataset) -> dict[str, Any]:
    out: dict[str, Any] = {"id": f.id, "type": f.type, "name": f.name}
    for role in ds.schema.entity_types[f.type].roles:
        if role in f.roles:
            out[role] = list(f.roles[role])
    out.update(_dates(f))
    out.update(_fields(f.fields, ds))
    out.update(_claim(f.attribution, f.same_as, ds))
    out.update(_evidence(f.evidence))
    return out


def _relation(r: Relation, ds: Dataset) -> dict[str, Any]:
    out: dict[str, Any] = {"id": r.id, "type": r.type, "subject": r.subject, "object": r.object}
    out.update(_dates(r))
    out.update(_fields(r.fields, ds))
    out.update(_claim(r.attribution, r.same_as, ds))
    out.update(_evidence(r.evidence))
    return out


def _fields(fields: dict[str, Value], ds: Dataset) -> dict[str, Any]:
    return {key: fields[key] for key in ds.schema.fields if key in fields}


def to_yaml(ds: Dataset) -> dict[str, str]:
    """The dataset as data files: file name -> YAML text (sections that are empty are left out)."""
    sections: dict[str, tuple[str, list[dict[str, Any]]]] = {
        "sources.yaml": ("sources", [_source(s) for s in ds.sources.values()]),
        "entities.yaml": ("entities", [_entity(e, ds) for e in ds.entities.values()]),
        "facts.yaml": ("facts", [_fact(f, ds) for f in ds.facts.values()]),
        "relations.yaml": ("relations", [_relation(r, ds) for r in ds.relations.values()]),
    }
    out = {}
    for name, (section, records) in sections.items():
        if not records:
            continue
        records = sorted(records, key=lambda r: str(r["id"]))
        body = yaml.dump({section: records}, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120, indent=2)
        out[name] = _HEADER + body
    return out
