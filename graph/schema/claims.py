"""The schema's attribution vocabulary: in what mode a source gives a claim, and whether it was made in public.

A source states much in its own voice, and attributes the rest: someone
*reported* it, someone *believed* it, someone *denied* it, or told it in
private. The schema declares the modes and the visibilities a record's
attribution may take, with the default of each (the source's own, public
statement).

>>> from graph.schema import load_schema
>>> a = load_schema().attribution
>>> a.default_mode, sorted(a.modes), a.modes["denied"].negates
('stated', ['believed', 'denied', 'reported', 'stated'], True)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["AttributionVocabulary", "Mode", "Visibility", "read_attribution"]


@dataclass(frozen=True)
class Mode:
    """How a claim is given: stated, reported, believed, denied."""

    id: str
    label: str
    description: str = ""
    iri: str = ""
    asserts: bool = True
    """Whether the claim is held to be so (a report or a belief is, with its holder; a denial is not)."""
    negates: bool = False
    """Whether the claim is that the thing did *not* happen."""


@dataclass(frozen=True)
class Visibility:
    """Whether a claim was made in public or in private."""

    id: str
    label: str
    description: str = ""
    iri: str = ""


@dataclass(frozen=True)
class AttributionVocabulary:
    """The declared modes and visibilities, and the default of each."""

    modes: dict[str, Mode] = field(default_factory=lambda: {"stated": Mode("stated", "stated")})
    visibilities: dict[str, Visibility] = field(default_factory=lambda: {"public": Visibility("public", "public")})
    default_mode: str = "stated"
    default_visibility: str = "public"


def _own_iri(ontology: str, vid: str) -> str:
    """The IRI of a mode or visibility the schema gives none for: ``stated`` -> ``<ontology>Stated``."""
    return ontology + "".join(part.capitalize() for part in vid.replace("-", "_").split("_"))


def _defaults(ontology: str) -> AttributionVocabulary:
    return AttributionVocabulary(
        {"stated": Mode("stated", "stated", iri=_own_iri(ontology, "stated"))},
        {"public": Visibility("public", "public", iri=_own_iri(ontology, "public"))},
    )


def read_attribution(raw: Any, problems: list[str], expand: Any = None, ontology: str = "") -> AttributionVocabulary:
    """The schema's ``attribution:`` section (absent: only the source's own public statements).

    A mode or a visibility without an ``iri`` is named in the ``ontology`` namespace
    (``stated`` -> ``cdkg:Stated``): the RDF export writes each by its IRI.
    """
    if raw is None:
        return _defaults(ontology)
    if not isinstance(raw, dict):
        problems.append("attribution: must be a mapping with `modes` and `visibilities`")
        return _defaults(ontology)
    modes: dict[str, Mode] = {}
    for mid, spec in (raw.get("modes") or {}).items():
        spec = spec if isinstance(spec, dict) else {}
        iri = str(spec.get("iri", ""))
        modes[str(mid)] = Mode(
            str(mid),
            str(spec.get("label") or mid),
            str(spec.get("description", "")),
            (expand(iri) if expand else iri) if iri else _own_iri(ontology, str(mid)),
            bool(spec.get("asserts", True)),
            bool(spec.get("negates", False)),
        )
    vis = {}
    for v, spec in (raw.get("visibilities") or {}).items():
        spec = spec if isinstance(spec, dict) else {}
        iri = str(spec.get("iri", ""))
        vis[str(v)] = Visibility(
            str(v),
            str(spec.get("label") or v),
            str(spec.get("description", "")),
            (expand(iri) if expand else iri) if iri else _own_iri(ontology, str(v)),
        )
    fallback = _defaults(ontology)
    out = AttributionVocabulary(
        modes or fallback.modes,
        vis or fallback.visibilities,
        str(raw.get("default_mode", "stated")),
        str(raw.get("default_visibility", "public")),
    )
    if out.default_mode not in out.modes:
        problems.append(f"attribution: default_mode `{out.default_mode}` is not one of the modes")
    if out.default_visibility not in out.visibilities:
        problems.append(f"attribution: default_visibility `{out.default_visibility}` is not one of the visibilities")
    return out
