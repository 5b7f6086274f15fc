"""Invariants of the schema, tested once (as FollowTheMoney's test_model does)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from graph.errors import SchemaError
from graph.schema.reader import DEFAULT_SCHEMA, load_schema

schema = load_schema()


def test_required_entity_types_exist() -> None:
    for t in ("organisation", "company", "person", "platform", "court", "lawsuit", "event", "document"):
        assert t in schema.entity_types


@pytest.mark.parametrize("tid", list(schema.entity_types))
def test_entity_type_is_complete(tid: str) -> None:
    t = schema.entity_types[tid]
    assert t.label and t.plural and t.description
    assert t.iri.partition(":")[0] in schema.prefixes
    assert t.color.startswith("#") and t.shape


@pytest.mark.parametrize("rid", list(schema.relation_types))
def test_relation_type_is_complete(rid: str) -> None:
    r = schema.relation_types[rid]
    assert r.label and r.inverse
    assert r.description.endswith(".")  # the property's rdfs:comment in the ontology
    for curie in (r.broader, r.equivalent, r.inverse_iri):
        assert not curie or curie.partition(":")[0] in schema.prefixes
    assert r.style["color"].startswith("#") and r.style["width"] > 0 and "dashes" in r.style
    assert r.stance in schema.stances
    assert r.balance in ("positive", "negative", "none")
    assert r.iri.partition(":")[0] in schema.prefixes
    assert all(d in schema.plain_types or d in schema.fact_types for d in r.domain)
    assert all(d in schema.entity_types for d in r.range)


def test_stances_have_a_display_style() -> None:
    for stance in ("oppose", "support", "neutral"):
        style = schema.stances[stance]["style"]
        assert style["color"].startswith("#") and style["width"] > 0


def test_opposition_is_conflict_and_ownership_is_not() -> None:
    # CAMEO-style coding: lawsuits, accusations and protest withdrawals are conflict
    for rid in ("sued", "accused", "protested_against", "objected_to"):
        assert schema.relation_types[rid].stance == "oppose"
        assert schema.relation_types[rid].balance == "negative"
    for rid in ("owns", "member_of", "officer_of"):
        assert schema.relation_types[rid].stance == "neutral"


def test_class_and_relation_iris_are_unique() -> None:
    classes = [t.iri for t in schema.entity_types.values()]
    assert len(classes) == len(set(classes))
    properties = [r.iri for r in schema.relation_types.values()]
    assert len(properties) == len(set(properties))


def test_derivations_fit_their_relations() -> None:
    """A derived edge's ends always satisfy the relation's domain and range."""
    for t in schema.fact_types.values():
        assert t.roles, t.id
        for d in t.derive:
            rel = schema.relation_types[d.relation]
            sources = t.roles[d.between or d.from_role].range
            targets = t.roles[d.between or d.to_role].range
            assert set(sources) <= set(rel.domain), (t.id, d)
            assert set(targets) <= set(rel.range), (t.id, d)
            if d.between:
                assert not rel.directed, (t.id, d)


def test_fields_declare_datatype_and_iri() -> None:
    for f in schema.fields.values():
        assert f.datatype in ("string", "decimal", "integer")
        assert f.iri.partition(":")[0] in schema.prefixes
        assert f.on


def _broken_schema(tmp_path: Path, edit: dict) -> Path:  # type: ignore[type-arg]
    raw = yaml.safe_load(DEFAULT_SCHEMA.read_text(encoding="utf-8"))
    for path, value in edit.items():
        node = raw
        *parents, last = path.split(".")
        for key in parents:
            node = node[key]
        node[last] = value
    target = tmp_path / "schema.yaml"
    target.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return target


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            {"relation_types.sued.range": ["compnay"]},
            "relation `sued`: unknown range type `compnay` (did you mean `company`?)",
        ),
        ({"relation_types.sued.stance": "hostile"}, "relation `sued`: stance must be one of"),
        ({"relation_types.sued.iri": "nope:sued"}, "undeclared prefix `nope`"),
        (
            {"entity_types.lawsuit.derive": [{"relation": "sued", "from": "plaintif", "to": "defendant"}]},
            "unknown role `plaintif`",
        ),
        ({"fields.claim.datatype": "blob"}, "field `claim`: datatype must be one of"),
        ({"relation_types.sued.description": ""}, "relation `sued`: empty description"),
        ({"relation_types.sued.equivalent": "nope:sued"}, "relation `sued`: IRI `nope:sued` uses an undeclared prefix"),
    ],
)
def test_broken_schema_names_the_culprit(tmp_path: Path, edit: dict, message: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(SchemaError) as info:
        load_schema(_broken_schema(tmp_path, edit))
    assert message in str(info.value)
