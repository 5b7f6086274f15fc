"""The schema: entity types, n-ary fact types, relation types and fields.

Read once from ``schema.yaml`` (next to this module, or a file given by the
caller). Everything else — validation, the networkx graph, RDF, the HTML legend
and the CLI's choices — asks this object.

>>> s = load_schema()
>>> s.relation_types["sued"].stance
'oppose'
>>> s.expand("org:memberOf")
'http://www.w3.org/ns/org#memberOf'
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import SchemaError
from ..text import suggest
from .claims import read_attribution
from .time import read_time
from .types import (
    BALANCES,
    DATATYPES,
    RECORD_KINDS,
    STANCES,
    TEMPORAL,
    Derivation,
    EntityType,
    Field,
    RelationType,
    Role,
    Schema,
    Term,
    Vocabulary,
)

__all__ = ["DEFAULT_SCHEMA", "load_schema"]

DEFAULT_SCHEMA = Path(__file__).with_name("schema.yaml")


@lru_cache(maxsize=8)
def _load_cached(path: str) -> Schema:
    return _build(Path(path))


def load_schema(path: str | Path | None = None) -> Schema:
    """Read and check a schema file (the packaged one by default)."""
    return _load_cached(str(Path(path or DEFAULT_SCHEMA).resolve()))


class _Reader:
    """Reads one schema mapping, collecting every problem instead of stopping at the first."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw
        self.problems: list[str] = []

    def need(self, where: str, spec: dict[str, Any], key: str, default: Any = None) -> Any:
        if key in spec:
            return spec[key]
        if default is None:
            self.problems.append(f"{where}: missing '{key}'")
        return default

    def mapping(self, where: str, value: Any) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problems.append(f"{where}: expected a mapping")
            return {}
        return value

    def prefixes(self, namespace: str) -> dict[str, str]:
        """The prefixes, an IRI without a scheme made relative to ``namespace``."""
        return {
            str(k): _absolute(namespace, str(v)) for k, v in self.mapping("prefixes", self.raw.get("prefixes")).items()
        }

    def entity_types(self) -> dict[str, EntityType]:
        out: dict[str, EntityType] = {}
        for tid, spec in self.mapping("entity_types", self.raw.get("entity_types")).items():
            where = f"entity type `{tid}`"
            style = self.need(where, spec, "style", {}) or {}
            roles: dict[str, Role] = {}
            for rid, rspec in (spec.get("roles") or {}).items():
                rwhere = f"{where}, role `{rid}`"
                roles[rid] = Role(
                    id=rid,
                    label=self.need(rwhere, rspec, "label", ""),
                    iri=self.need(rwhere, rspec, "iri", ""),
                    range=tuple(self.need(rwhere, rspec, "range", [])),
                    min=int(rspec.get("min", 0)),
                    max=rspec.get("max"),
                )
            derive = tuple(
                Derivation(
                    relation=d.get("relation", ""),
                    from_role=d.get("from", ""),
                    to_role=d.get("to", ""),
                    between=d.get("between", ""),
                )
                for d in spec.get("derive") or []
            )
            out[tid] = EntityType(
                id=tid,
                label=self.need(where, spec, "label", ""),
                plural=spec.get("plural") or spec.get("label", tid),
                description=spec.get("description", ""),
                iri=self.need(where, spec, "iri", ""),
                broader=spec.get("broader", ""),
                color=style.get("color", ""),
                shape=style.get("shape", ""),
                roles=roles,
                derive=derive,
            )
        return out

    def relation_types(self, stances: dict[str, Any]) -> dict[str, RelationType]:
        out: dict[str, RelationType] = {}
        for rid, spec in self.mapping("relation_types", self.raw.get("relation_types")).items():
            where, need = f"relation `{rid}`", self.need
            out[rid] = RelationType(
                id=rid,
                label=need(where, spec, "label", ""),
                inverse=need(where, spec, "inverse", ""),
                iri=need(where, spec, "iri", ""),
                inverse_iri=spec.get("inverse_iri", ""),
                broader=spec.get("broader", ""),
                domain=tuple(need(where, spec, "domain", [])),
                range=tuple(need(where, spec, "range", [])),
                directed=bool(need(where, spec, "directed", True)),
                stance=need(where, spec, "stance", ""),
                balance=spec.get("balance", "none"),
                temporal=need(where, spec, "temporal", ""),
                allow_self=bool(spec.get("allow_self", False)),
                description=need(where, spec, "description", ""),
                equivalent=spec.get("equivalent", ""),
                shared_object_stance=spec.get("shared_object_stance", ""),
                style={
                    **((stances.get(spec.get("stance")) or {}).get("style") or {}),
                    **(spec.get("style") or {}),
                },
            )
        return out

    def fields(self) -> dict[str, Field]:
        out: dict[str, Field] = {}
        for fid, spec in self.mapping("fields", self.raw.get("fields")).items():
            where = f"field `{fid}`"
            out[fid] = Field(
                id=fid,
                label=self.need(where, spec, "label", ""),
                iri=self.need(where, spec, "iri", ""),
                datatype=self.need(where, spec, "datatype", ""),
                on=tuple(self.need(where, spec, "applies_to", [])),
                description=spec.get("description", ""),
                broader=spec.get("broader", ""),
                equivalent=spec.get("equivalent", ""),
            )
        return out

    def vocabulary(self, namespace: str, prefixes: dict[str, str]) -> Vocabulary:
        def expand(where: str, curie: str) -> str:
            prefix, sep, local = str(curie).partition(":")
            if not sep or prefix not in prefixes:
                self.problems.append(f"{where}: IRI `{curie}` uses an undeclared prefix `{prefix}`")
                return str(curie)
            return prefixes[prefix] + local

        own = self.mapping("own_namespaces", self.raw.get("own_namespaces"))
        roles: dict[str, str] = {}
        for role in OWN_NAMESPACES:
            prefix = str(self.need("own_namespaces", own, role, ""))
            if prefix and prefix not in prefixes:
                self.problems.append(f"own_namespaces: `{role}` names an undeclared prefix `{prefix}`")
            roles[role] = prefix
        spaces = {role: prefixes.get(p, "") for role, p in roles.items()}
        vocab = self.mapping("vocabulary", self.raw.get("vocabulary"))
        dates = self.mapping("vocabulary.dates", vocab.get("dates"))
        for key in ("date", "start", "end"):
            self.need("vocabulary.dates", dates, key, "")
        source = self.mapping("vocabulary.source", vocab.get("source"))
        source_props = self.mapping("vocabulary.source.properties", source.get("properties"))
        for key in SOURCE_PROPERTIES:
            self.need("vocabulary.source.properties", source_props, key, "")
        terms: dict[str, Term] = {}
        for local, spec in self.mapping("vocabulary.terms", vocab.get("terms")).items():
            where = f"vocabulary term `{local}`"
            kind = self.need(where, spec, "kind", "")
            if kind not in TERM_KINDS:
                self.problems.append(f"{where}: kind must be one of {', '.join(TERM_KINDS)}")
            terms[str(local)] = Term(
                iri=spaces["ontology"] + str(local),
                kind=kind,
                label=self.need(where, spec, "label", ""),
                comment=spec.get("comment", ""),
                broader=expand(where, spec["broader"]) if spec.get("broader") else "",
                range=expand(where, spec["range"]) if spec.get("range") else "",
            )
        time = self.mapping("vocabulary.time", vocab.get("time"))
        parts: dict[str, dict[str, str]] = {}
        for where, keys, found in (
            ("vocabulary.time", TIME_TERMS, time),
            ("vocabulary.time.curated", CURATED_POINTS, self.mapping("vocabulary.time.curated", time.get("curated"))),
            ("vocabulary.time.parts", DATE_PARTS, self.mapping("vocabulary.time.parts", time.get("parts"))),
        ):
            for key in keys:
                self.need(where, found, key)  # reported when missing
            parts[where] = {k: expand(where, found[k]) for k in keys if found.get(k)}
        for local in PATTERN_TERMS:
            if local not in terms:
                self.problems.append(f"vocabulary.terms: missing `{local}` (the statement pattern uses it)")
        return Vocabulary(
            **spaces,
            graph=_absolute(namespace, str(self.raw.get("graph") or "graph")),
            prefixes=roles,
            dates={k: expand("vocabulary.dates", v) for k, v in dates.items()},
            source_classes=tuple(expand("vocabulary.source", c) for c in source.get("classes") or ()),
            source_properties={k: expand("vocabulary.source", v) for k, v in source_props.items()},
            terms=terms,
            time=parts["vocabulary.time"],
            curated=parts["vocabulary.time.curated"],
            date_parts=parts["vocabulary.time.parts"],
        )


def _expand(prefixes: dict[str, str], curie: str) -> str:
    prefix, sep, local = curie.partition(":")
    return prefixes[prefix] + local if sep and prefix in prefixes and not local.startswith("//") else curie


def _absolute(namespace: str, iri: str) -> str:
    """``iri`` as it stands when it has a scheme, else relative to ``namespace``.

    >>> _absolute("https://x.org/", "id/"), _absolute("https://x.org/", "https://y.org/g")
    ('https://x.org/id/', 'https://y.org/g')
    """
    return iri if ":" in iri else namespace + iri


OWN_NAMESPACES = ("ontology", "entity", "statement", "source", "shapes")
SOURCE_PROPERTIES = (
    "title", "publisher", "published", "published_note", "language", "language_note", "url", "licence", "file",
)  # fmt: skip
TIME_TERMS = (
    "edtf", "edtf_datatype", "publication",
    "begin_of_the_begin", "end_of_the_begin", "begin_of_the_end", "end_of_the_end", "curated_class",
)  # fmt: skip
CURATED_POINTS = ("date", "start", "end", "published")
DATE_PARTS = ("value", "earliest", "latest", "relative", "source", "after", "before", "note")
TERM_KINDS = ("class", "datatype", "object", "annotation")
PATTERN_TERMS = ("RelationStatement", "AliasStatement", "Evidence", "relationType", "stance", "derivedFromFact")


def _build(path: Path) -> Schema:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SchemaError(f"{path}: cannot read schema: {exc}") from None
    if not isinstance(raw, dict):
        raise SchemaError(f"{path}: the schema must be a mapping")
    reader = _Reader(raw)
    namespace = str(reader.need("schema", raw, "namespace", ""))
    prefixes = reader.prefixes(namespace)
    stances = reader.mapping("stances", raw.get("stances"))
    for s in STANCES:
        if s not in stances:
            reader.problems.append(f"stances: missing stance '{s}'")
    vocabulary = reader.vocabulary(namespace, prefixes)
    schema = Schema(
        namespace=namespace,
        version=str(raw.get("version", "0")),
        prefixes=prefixes,
        stances=stances,
        entity_types=reader.entity_types(),
        relation_types=reader.relation_types(stances),
        fields=reader.fields(),
        vocabulary=vocabulary,
        time=read_time(raw.get("time"), reader.problems),
        attribution=read_attribution(
            raw.get("attribution"), reader.problems, lambda c: _expand(prefixes, c), vocabulary.ontology
        ),
        role_style=reader.mapping("role_style", raw.get("role_style")),
        path=str(path),
    )
    problems = reader.problems + _check(schema)
    if problems:
        raise SchemaError(f"{path}: invalid schema:\n" + "\n".join(f"  {p}" for p in problems))
    return schema


def _check(schema: Schema) -> list[str]:
    """Second pass: every reference in the schema resolves."""
    problems: list[str] = []
    types = schema.entity_types

    def check_types(where: str, names: tuple[str, ...], what: str) -> None:
        if not names:
            problems.append(f"{where}: empty {what}")
        for name in names:
            if name not in types:
                hint = suggest(name, types)
                problems.append(
                    f"{where}: unknown {what} type `{name}`" + (f" (did you mean `{hint}`?)" if hint else "")
                )

    def check_iri(where: str, curie: str) -> None:
        if not curie:
            return
        prefix = curie.partition(":")[0]
        if prefix not in schema.prefixes:
            problems.append(f"{where}: IRI `{curie}` uses an undeclared prefix `{prefix}`")

    reserved = {"id", "type", "name", "aliases", "evidence", "date", "start", "end", "subject", "object"}
    for t in types.values():
        where = f"entity type `{t.id}`"
        check_iri(where, t.iri)
        check_iri(where, t.broader)
        if not t.color or not t.shape:
            problems.append(f"{where}: style needs a color and a shape")
        for role in t.roles.values():
            rwhere = f"{where}, role `{role.id}`"
            check_types(rwhere, role.range, "range")
            check_iri(rwhere, role.iri)
            if role.id in reserved or role.id in schema.fields:
                problems.append(f"{rwhere}: role name clashes with a record field")
            if role.max is not None and role.max < max(role.min, 1):
                problems.append(f"{rwhere}: max is below min")
        for d in t.derive:
            dwhere = f"{where}, derive `{d.relation}`"
            if d.relation not in schema.relation_types:
                problems.append(f"{dwhere}: unknown relation type")
            named = [name for name in (d.from_role, d.to_role, d.between) if name]
            if not ((d.from_role and d.to_role and not d.between) or (d.between and not d.from_role)):
                problems.append(f"{dwhere}: give either from and to, or between")
            for name in named:
                if name not in t.roles:
                    problems.append(f"{dwhere}: unknown role `{name}`")
    for r in schema.relation_types.values():
        where = f"relation `{r.id}`"
        check_types(where, r.domain, "domain")
        check_types(where, r.range, "range")
        for curie in (r.iri, r.inverse_iri, r.broader, r.equivalent):
            check_iri(where, curie)
        if not r.description:
            problems.append(f"{where}: empty description (it is the property's rdfs:comment)")
        if r.stance not in STANCES:
            problems.append(f"{where}: stance must be one of {', '.join(STANCES)}")
        if r.balance not in BALANCES:
            problems.append(f"{where}: balance must be one of {', '.join(BALANCES)}")
        if r.shared_object_stance and r.shared_object_stance not in STANCES:
            problems.append(f"{where}: shared_object_stance must be one of {', '.join(STANCES)}")
        if not {"color", "width", "dashes"} <= set(r.style):
            problems.append(f"{where}: style needs color, width and dashes (from its stance or its own)")
        if r.temporal not in TEMPORAL:
            problems.append(f"{where}: temporal must be one of {', '.join(TEMPORAL)}")
    if not {"color", "width", "dashes"} <= set(schema.role_style):
        problems.append("role_style: needs color, width and dashes")
    for f in schema.fields.values():
        where = f"field `{f.id}`"
        for curie in (f.iri, f.broader, f.equivalent):
            check_iri(where, curie)
        if f.datatype not in DATATYPES:
            problems.append(f"{where}: datatype must be one of {', '.join(DATATYPES)}")
        for kind in f.on:
            if kind not in RECORD_KINDS:
                problems.append(f"{where}: `applies_to` must list {', '.join(RECORD_KINDS)}")
        if f.id in reserved:
            problems.append(f"{where}: clashes with a built-in record field")
    return problems
