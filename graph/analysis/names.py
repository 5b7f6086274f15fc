"""Finding an entity by what an analyst types: its id, its name or any alias.

Matching ignores case, accents and extra whitespace ("ma yun", "KAIYUN group",
"Pâtisserie" = "patisserie"). An unknown name suggests the closest ones; an
ambiguous one lists the candidates.

>>> from graph import load, to_networkx
>>> G = to_networkx(load("data"))
>>> resolve(G, "kaiyun group"), resolve(G, "Ma Yun"), resolve(G, "alibaba")
('kering', 'jack_ma', 'alibaba')
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Mapping
from typing import Any, Protocol, runtime_checkable

import networkx as nx

from ..errors import UsageError

__all__ = ["AmbiguousName", "NameIndex", "UnknownName", "name_labels", "nodes_index", "normalise_name", "resolve"]


class UnknownName(UsageError):
    """No entity has this id, name or alias."""


class AmbiguousName(UsageError):
    """More than one entity answers to this name."""

    def __init__(self, name: str, candidates: list[tuple[str, str]]) -> None:
        self.candidates = candidates
        listed = "; ".join(f"{nid} ({label})" for nid, label in candidates)
        super().__init__(f"'{name}' is ambiguous: it may be {listed}. Give the id instead.")


def normalise_name(text: str) -> str:
    """Case-, accent- and whitespace-insensitive form of a name.

    >>> normalise_name("  Pâtisserie  ÉBÈNE ")
    'patisserie ebene'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def name_labels(n: str, d: Mapping[str, Any]) -> set[str]:
    """The normalised names node ``n`` (attributes ``d``) answers to: its id (``_`` read as a space too),
    its name and its aliases."""
    return {
        normalise_name(label) for label in (n, n.replace("_", " "), d.get("name", ""), *d.get("aliases", [])) if label
    }


@runtime_checkable
class NameIndex(Protocol):
    """A graph that carries its own index of names (a model file's: :class:`graph.modelfile.ModelGraph`)."""

    def names_for(self, key: str) -> set[str]: ...

    def name_index(self) -> dict[str, set[str]]: ...


def nodes_index(G: nx.MultiDiGraph) -> dict[str, set[str]]:
    """Every normalised name of ``G``'s nodes, with the nodes answering to it (every node read)."""
    index: dict[str, set[str]] = {}
    for n, d in G.nodes(data=True):
        for key in name_labels(n, d):
            index.setdefault(key, set()).add(n)
    return index


def _index(G: nx.MultiDiGraph) -> dict[str, set[str]]:
    return G.name_index() if isinstance(G, NameIndex) else nodes_index(G)


def resolve(G: nx.MultiDiGraph, name: str) -> str:
    """The id of the one node answering to ``name``.

    Raises :class:`UnknownName` (with suggestions) or :class:`AmbiguousName`.
    """
    if name in G:
        return name
    key = normalise_name(name)
    if isinstance(G, NameIndex):  # one lookup, not the whole graph read
        found = G.names_for(key)
        index = G.name_index() if len(found) != 1 else {}
    else:
        index = _index(G)
        found = index.get(key, set())
    if len(found) == 1:
        return next(iter(found))
    if len(found) > 1:
        raise AmbiguousName(name, sorted((n, G.nodes[n].get("name", n)) for n in found))

    # names that contain what was typed come first (entities before facts,
    # names that start with it before the rest), then names spelt alike
    def rank(label: str, node: str) -> tuple[int, int, str]:
        return (0 if label.startswith(key) else 1, 0 if G.nodes[node].get("kind") == "entity" else 1, label)

    containing = sorted((rank(label, n), n) for label, nodes in index.items() if key and key in label for n in nodes)
    ids: list[str] = []
    for _, n in containing:
        if n not in ids:
            ids.append(n)
    for c in [] if ids else difflib.get_close_matches(key, list(index), n=3, cutoff=0.6):
        for n in sorted(index[c]):
            if n not in ids:
                ids.append(n)
    hint = ", ".join(f"'{G.nodes[n]['name']}' ({n})" for n in ids[:3])
    raise UnknownName(f"no entity called '{name}'" + (f"; did you mean {hint}?" if hint else ""))
