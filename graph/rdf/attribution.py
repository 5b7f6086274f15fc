"""Who says so, in RDF: the attribution of a claim, the other records of the same claim, what was not curated.

The lines :mod:`graph.rdf.export` adds to a claim's node (a relation's
statement node, an n-ary fact's node, and each statement derived from a fact)::

    cdks:gucci-member_of-iacc  cdkg:attributionMode cdkg:Stated .     # always: how the source gives it
    cdk:remark_jack_ma  prov:wasAttributedTo cdk:forbes ;             # according to whom (none: the source's voice)
        cdkg:attributionMode cdkg:Reported .
    cdks:x  cdkg:visibility cdkg:Private .                            # only when not public
    cdks:x  cdkg:sameClaimAs cdks:y .                                 # another source's record of the same claim

``prov:wasAttributedTo`` is PROV's term for ascribing an entity (here, the
claim the node stands for) to an agent; the mode and the visibility are the
schema's individuals. A claim whose mode does not assert (``denied``) gets no
direct triple: a direct triple means that some source asserts the claim, in its
own voice or another's (README, "Who says so").

A source's passages left out on purpose (``not_curated``) are nodes of
``cdkg:NotCurated`` with the quote, the reason and the quote's Web Annotation
selectors, in the source's graph.
"""

from __future__ import annotations

from ..model.anchors import Anchor
from ..model.claims import Attribution
from ..model.records import Exclusion
from ..schema import Schema
from .terms import RDF, XSD, iri, literal

__all__ = ["OA", "PROV", "ClaimTerms", "count_literal", "selector_lines"]

OA = "http://www.w3.org/ns/oa#"
"""The W3C Web Annotation vocabulary: where a quote is in its source (its selectors)."""
PROV = "http://www.w3.org/ns/prov#"

_OA_TERMS = (
    "SpecificResource", "TextQuoteSelector", "TextPositionSelector", "hasSource", "hasSelector",
    "exact", "prefix", "suffix", "start", "end",
)  # fmt: skip
_A = iri(RDF + "type")
_OA = {k: iri(OA + k) for k in _OA_TERMS}


def count_literal(n: int) -> str:
    """A count or an offset as an xsd:integer literal."""
    return literal(str(n), XSD + "integer")  # what stores keep (Oxigraph writes nonNegativeInteger as integer)


def selector_lines(node: str, base: str, source: str, a: Anchor) -> list[str]:
    """``node`` as an oa:SpecificResource of ``source`` (an N-Triples term) with its two selectors.

    The selectors are ``<base.quote>`` (exact, prefix, suffix) and ``<base.position>`` (start, end).
    """
    q, p = f"<{base}.quote>", f"<{base}.position>"
    return [
        f"{node} {_A} {_OA['SpecificResource']} .\n",
        f"{node} {_OA['hasSource']} {source} .\n",
        f"{node} {_OA['hasSelector']} {q} .\n",
        f"{node} {_OA['hasSelector']} {p} .\n",
        f"{q} {_A} {_OA['TextQuoteSelector']} .\n",
        f"{q} {_OA['exact']} {literal(a.exact)} .\n",
        f"{q} {_OA['prefix']} {literal(a.prefix)} .\n",
        f"{q} {_OA['suffix']} {literal(a.suffix)} .\n",
        f"{p} {_A} {_OA['TextPositionSelector']} .\n",
        f"{p} {_OA['start']} {count_literal(a.start)} .\n",
        f"{p} {_OA['end']} {count_literal(a.end)} .\n",
    ]


class ClaimTerms:
    """The attribution's terms as N-Triples pieces (made once per export)."""

    def __init__(self, schema: Schema) -> None:
        v, vocab = schema.vocabulary, schema.attribution
        self.entity, self.statement = v.entity, v.statement
        self.attributed = iri(PROV + "wasAttributedTo")
        self.mode, self.visibility = iri(v.term("attributionMode")), iri(v.term("visibility"))
        self.same = iri(v.term("sameClaimAs"))
        self.modes = {m.id: iri(m.iri) for m in vocab.modes.values()}
        self.asserting = {m.id for m in vocab.modes.values() if m.asserts}
        self.visibilities = {x.id: iri(x.iri) for x in vocab.visibilities.values()}
        self.default_visibility = vocab.default_visibility
        self.not_curated, self.not_curated_class = iri(v.term("notCurated")), iri(v.term("NotCurated"))
        self.reason, self.value = iri(v.term("reason")), iri(PROV + "value")

    def asserts(self, a: Attribution) -> bool:
        """Whether the claim gets its direct triple: its mode asserts it (a denial does not)."""
        return a.mode in self.asserting

    def lines(self, node: str, a: Attribution) -> list[str]:
        """``node``'s attribution: its mode, whom it is attributed to, its visibility when not the default."""
        out = [f"{node} {self.mode} {self.modes[a.mode]} .\n"]
        out += [f"{node} {self.attributed} <{self.entity}{who}> .\n" for who in a.according_to]
        if a.visibility != self.default_visibility:
            out.append(f"{node} {self.visibility} {self.visibilities[a.visibility]} .\n")
        return out

    def same_as(self, node: str, others: tuple[str, ...], namespace: str) -> list[str]:
        """``node`` is the same claim as each of ``others`` (ids in ``namespace``)."""
        return [f"{node} {self.same} <{namespace}{o}> .\n" for o in others]

    def exclusions(self, source_id: str, source: str, items: tuple[Exclusion, ...]) -> list[str]:
        """A source's passages not curated: ``<cdks:SOURCE.ncN>``, each with its quote, reason and selectors."""
        out = []
        for i, x in enumerate(items, 1):
            base = f"{self.statement}{source_id}.nc{i}"
            node = f"<{base}>"
            out += [
                f"{source} {self.not_curated} {node} .\n",
                f"{node} {_A} {self.not_curated_class} .\n",
                f"{node} {self.value} {literal(x.quote)} .\n",
                f"{node} {self.reason} {literal(x.reason)} .\n",
            ]
            if x.anchor is not None:
                out += selector_lines(node, base, source, x.anchor)
        return out
