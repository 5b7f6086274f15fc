"""Reading who says so off an rdflib graph: a claim's attribution and its ``cdkg:sameClaimAs`` links.

The reader's side of :mod:`graph.rdf.attribution`, a base of
:mod:`graph.rdf.pattern`'s reader. A claim without ``cdkg:attributionMode`` is
stated (the schema's default mode) and without ``cdkg:visibility`` public, so
RDF written by hand in the pattern reads as the source's own public claims.
Whom a claim is attributed to, and the records it is the same claim as, are
checked once every record is read (:meth:`ClaimReading.check_claims`).
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import PROV
from rdflib.term import Node

from ..model.claims import Attribution
from ..model.records import Dataset
from ..schema import Schema
from .dating_in import DateReading

__all__ = ["ClaimReading"]


class ClaimReading(DateReading):
    """Attribution and ``sameClaimAs``, noted per claim node and checked across records."""

    def __init__(self, g: Graph, schema: Schema, shown: str) -> None:
        super().__init__(g, schema, shown)
        v, vocab = schema.vocabulary, schema.attribution
        self.mode_prop, self.visibility_prop = URIRef(v.term("attributionMode")), URIRef(v.term("visibility"))
        self.same_prop = URIRef(v.term("sameClaimAs"))
        self.mode_of = {URIRef(m.iri): m.id for m in vocab.modes.values()}
        self.visibility_of = {URIRef(x.iri): x.id for x in vocab.visibilities.values()}
        self.attributed: list[tuple[Node, str]] = []  # (claim node, entity id) to check once all are read
        self.same: list[tuple[Node, str, str, str]] = []  # (claim node, its id, the other's id, namespace)

    def attribution(self, s: Node) -> Attribution:
        """The attribution of the claim node ``s`` (the schema's defaults for what it does not say)."""
        vocab = self.schema.attribution
        who = []
        for node in self.values(s, PROV.wasAttributedTo):
            eid = self.local_id(node, self.terms.entity, "an entity", s, PROV.wasAttributedTo)
            if eid:
                who.append(eid)
                self.attributed.append((s, eid))
        mode = self.individual(s, self.mode_prop, self.mode_of, "attribution mode") or vocab.default_mode
        visibility = self.individual(s, self.visibility_prop, self.visibility_of, "visibility")
        return Attribution(tuple(sorted(who)), mode, visibility or vocab.default_visibility)

    def individual(self, s: Node, p: URIRef, known: dict[URIRef, str], what: str) -> str:
        """The id of the one individual ``p`` names (of ``known``), or "" (absent, or a problem noted)."""
        node = self.one(s, p, what, required=False)
        if node is None:
            return ""
        found = known.get(node) if isinstance(node, URIRef) else None
        if found is None:
            choices = ", ".join(sorted(self.show(k) for k in known))
            self.problem(s, p, f"unknown {what} {self.show(node)}: expected one of {choices}")
            return ""
        return found

    def same_as(self, s: Node, rid: str, namespace: str) -> tuple[str, ...]:
        """The ids of the records ``s`` is the same claim as (in ``namespace``: facts' or statements')."""
        out = []
        for node in self.values(s, self.same_prop):
            other = self.local_id(node, namespace, "a record of the same kind", s, self.same_prop)
            if other:
                out.append(other)
                self.same.append((s, rid, other, namespace))
        return tuple(sorted(out))

    def check_claims(self, ds: Dataset) -> None:
        """Each claim is attributed to entities of the graph; each same claim is a record of its kind and type."""
        for s, eid in self.attributed:
            if eid not in ds.entities:
                self.problem(s, PROV.wasAttributedTo, f"{self.show(URIRef(self.terms.entity + eid))} is not an entity")
        kinds: dict[str, tuple[str, str]] = {fid: ("fact", f.type) for fid, f in ds.facts.items()}
        kinds.update({rid: ("relation", r.type) for rid, r in ds.relations.items()})
        for s, rid, other, namespace in self.same:
            if other == rid:
                self.problem(s, self.same_prop, "a record cannot be the same claim as itself")
            elif other not in kinds or kinds.get(rid) != kinds[other]:
                kind, rtype = kinds.get(rid, ("record", "?"))
                self.problem(
                    s, self.same_prop,
                    f"{self.show(URIRef(namespace + other))} is not a {kind} of type '{rtype}' described in the graph",
                )  # fmt: skip
