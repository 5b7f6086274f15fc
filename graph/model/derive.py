"""The binary edges an n-ary fact implies, by the schema's ``derive`` rules.

A lawsuit with plaintiffs and defendants implies ``sued`` edges from each
plaintiff to each defendant and ``co_plaintiff_with`` between the plaintiffs.
These are model semantics: the networkx graph, the RDF export and the RDF
reader all ask this module.

>>> from graph import load
>>> ds = load("data")
>>> derived_edges(ds, ds.facts["lawsuit_kering_2015_11"])
[('sued', 'kering', 'alibaba')]
"""

from __future__ import annotations

from itertools import combinations

from .records import Dataset, Fact

__all__ = ["derived_edges"]


def derived_edges(ds: Dataset, fact: Fact) -> list[tuple[str, str, str]]:
    """The binary edges a fact implies, as ``(relation type, source, target)``.

    ``from``/``to`` derivations give every pair across the two roles;
    ``between`` gives every unordered pair within one role (sorted, once).
    """
    out: list[tuple[str, str, str]] = []
    for d in ds.schema.entity_types[fact.type].derive:
        if d.between:
            members = sorted(fact.roles.get(d.between, ()))
            out.extend((d.relation, a, b) for a, b in combinations(members, 2))
        else:
            for a in fact.roles.get(d.from_role, ()):
                for b in fact.roles.get(d.to_role, ()):
                    if a != b:
                        out.append((d.relation, a, b))
    seen: set[tuple[str, str, str]] = set()
    unique = []
    for edge in out:
        if edge not in seen:
            seen.add(edge)
            unique.append(edge)
    return unique
