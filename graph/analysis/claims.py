"""Who says so, in the answers: a finding's attribution, and which ties rest on others' word.

Every edge of the graph carries the ``attribution`` of its record (a derived
edge its fact's, a role edge its fact's, read from the fact's node): the
source's own voice by default, else ``according_to`` someone, in a ``mode``
(stated, reported, believed, denied) and a ``visibility``. A claim is
**attributed** when a source does not state it in public in its own voice:
it reports what someone said or believes, or the claim was made in private.
``stated=True`` on the analyst's questions keeps only what sources state in
their own voice (:attr:`graph.model.claims.Attribution.own_voice`).

>>> from graph.model.claims import Attribution
>>> attributed(Attribution(("barbara_kolsun",), "reported", "private")), attributed(Attribution())
(True, False)
>>> attribution_dict(Attribution(("forbes",), "reported"), {"forbes": "Forbes"})["according_to"]
[{'id': 'forbes', 'name': 'Forbes'}]
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from ..model.claims import Attribution

__all__ = ["OWN_VOICE", "attributed", "attribution_dict", "edge_attribution", "names_of", "stated_ok"]

OWN_VOICE = Attribution()
"""A claim a source states in public in its own voice (the default)."""


def attributed(a: Attribution) -> bool:
    """Whether a claim rests on someone else's word or was made in private: not a source's own public statement."""
    return not a.own_voice or a.private


def stated_ok(a: Attribution, stated: bool) -> bool:
    """Whether an answer keeps a claim so attributed: any, or with ``stated`` only a source's own voice."""
    return a.own_voice or not stated


def edge_attribution(G: nx.MultiDiGraph, u: str, d: dict[str, Any]) -> Attribution:
    """The attribution of the edge from ``u`` with attributes ``d`` (a role edge: its fact's)."""
    attrs = G.nodes[u] if d.get("kind") == "role" else d
    found = attrs.get("attribution")
    return found if isinstance(found, Attribution) else OWN_VOICE


def names_of(G: nx.MultiDiGraph | None, a: Attribution) -> dict[str, str]:
    """The names of those a claim is attributed to, by id (their ids when the graph is not given)."""
    return {n: G.nodes[n]["name"] if G is not None and n in G else n for n in a.according_to}


def attribution_dict(a: Attribution, names: dict[str, str] | None = None) -> dict[str, Any]:
    """The JSON form: ``according_to`` (ids and names), ``mode``, ``visibility``, ``own_voice``."""
    names = names or {}
    return {
        "according_to": [{"id": n, "name": names.get(n, n)} for n in a.according_to],
        "mode": a.mode,
        "visibility": a.visibility,
        "own_voice": a.own_voice,
    }
