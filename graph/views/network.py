"""From the validated model to a networkx ``MultiDiGraph``.

See the package docstring for the shape of the graph. Every relation edge
and fact node carries its record's ``attribution``
(:class:`graph.model.claims.Attribution`: who says so), and every derived
edge its fact's; a record another source tells too has ``same_as`` (the ids).

>>> from graph import load
>>> G = to_networkx(load("data"))
>>> G.nodes["kering"]["name"], G.nodes["kering"]["aliases"]
('Kering', ['Kaiyun Group', 'Kering S.A.', 'KERINGS S.A.', 'Kering'])
>>> sorted(k for _, _, k in G.out_edges("lawsuit_kering_2015_11", keys=True))
['lawsuit_kering_2015_11/defendant/alibaba', 'lawsuit_kering_2015_11/plaintiff/kering']
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import networkx as nx

from ..model.derive import derived_edges
from ..model.records import Dataset, Entity, Evidence, Fact, Relation
from ..model.sameclaim import claim_timings, same_claims

__all__ = ["to_networkx"]


def _evidence(items: tuple[Evidence, ...]) -> list[dict[str, str]]:
    return [{"source": e.source, "quote": e.quote} for e in items]


def _node_attrs(ds: Dataset, node: Entity | Fact) -> dict[str, Any]:
    etype = ds.schema.entity_types[node.type]
    attrs: dict[str, Any] = {
        "kind": "fact" if etype.is_fact else "entity",
        "type": node.type,
        "type_label": etype.label,
        "name": node.name,
        "aliases": list(dict.fromkeys(a.name for a in node.aliases)),
        **node.dates,
        "timing": node.timing,
        "specs": node.specs,
        **node.fields,
        "evidence": _evidence(node.evidence),
        "origin": str(node.origin),
    }
    if isinstance(node, Fact):
        attrs["roles"] = {role: list(ids) for role, ids in node.roles.items()}
        attrs["attribution"] = node.attribution
        if node.same_as:
            attrs["same_as"] = list(node.same_as)
    return attrs


def _edge_attrs(ds: Dataset, relation_type: str) -> dict[str, Any]:
    spec = ds.schema.relation_types[relation_type]
    return {
        "type": relation_type,
        "label": spec.label,
        "inverse_label": spec.inverse,
        "stance": spec.stance,
        "balance": spec.balance,
        "directed": spec.directed,
        "temporal": spec.temporal,
        "shared_object_stance": spec.shared_object_stance,
    }


def _relation_edge(ds: Dataset, r: Relation) -> tuple[str, str, str, dict[str, Any]]:
    attrs = {
        "kind": "relation",
        "id": r.id,
        **_edge_attrs(ds, r.type),
        **r.dates,
        "timing": r.timing,
        "specs": r.specs,
        **r.fields,
        "evidence": _evidence(r.evidence),
        "origin": str(r.origin),
        "attribution": r.attribution,
    }
    if r.same_as:
        attrs["same_as"] = list(r.same_as)
    u, v = r.subject, r.object
    if not attrs["directed"] and v < u:
        u, v = v, u
    return u, v, r.id, attrs


def _as_claims(ds: Dataset) -> Dataset:
    """``ds`` with each record of a claim several sources give (``same_as``) in effect as they all allow."""
    together = claim_timings(ds)
    if not together:
        return ds
    return replace(
        ds,
        facts={k: replace(f, timing=together[k]) if k in together else f for k, f in ds.facts.items()},
        relations={k: replace(r, timing=together[k]) if k in together else r for k, r in ds.relations.items()},
    )


def to_networkx(ds: Dataset) -> nx.MultiDiGraph:
    """Build the graph: entities and facts as nodes, relations as keyed edges.

    A fact or relation that other records give too (``same_as``) carries
    ``claim_records``, the ids of all of them, and the time they give together
    (:mod:`graph.model.sameclaim`) as its ``timing``.
    """
    claims = same_claims(ds)
    ds = _as_claims(ds)
    G = nx.MultiDiGraph(
        name="counterfeit-dispute knowledge graph",
        schema_version=ds.schema.version,
        sources={
            s.id: {
                "title": s.title,
                "publisher": s.publisher,
                "published": s.published,
                "published_note": s.published_note,
                "publication": s.publication,
                "language": s.language,
                "file": s.file,
            }
            for s in ds.sources.values()
        },
    )
    for entity in ds.entities.values():
        G.add_node(entity.id, **_node_attrs(ds, entity))
    for fact in ds.facts.values():
        G.add_node(fact.id, **_node_attrs(ds, fact))
        if fact.id in claims:
            G.nodes[fact.id]["claim_records"] = claims[fact.id]
    for r in ds.relations.values():
        u, v, key, attrs = _relation_edge(ds, r)
        if r.id in claims:
            attrs["claim_records"] = claims[r.id]
        G.add_edge(u, v, key=key, **attrs)
    for fact in ds.facts.values():
        spec = ds.schema.entity_types[fact.type]
        for role_id, members in fact.roles.items():
            role = spec.roles[role_id]
            for member in members:
                G.add_edge(
                    fact.id,
                    member,
                    key=f"{fact.id}/{role_id}/{member}",
                    kind="role",
                    type=role_id,
                    label=role.label,
                    stance="neutral",
                    balance="none",
                    directed=True,
                    fact=fact.id,
                )
        for rtype, a, b in derived_edges(ds, fact):
            G.add_edge(
                a,
                b,
                key=f"{fact.id}/{rtype}/{a}/{b}",
                kind="derived",
                fact=fact.id,
                **_edge_attrs(ds, rtype),
                **fact.dates,
                timing=fact.timing,
                specs=fact.specs,
                evidence=_evidence(fact.evidence),
                origin=str(fact.origin),
                attribution=fact.attribution,
                **({"claim_records": claims[fact.id]} if fact.id in claims else {}),
            )
    return G
