"""What the HTML page knows of claims: who says so, and each quote in its sentence.

Each fact and relation carries its attribution (:class:`graph.model.claims.Attribution`);
the page shows it as the command line writes it (``believed, according to Some
people in the industry``, ``reported, according to Barbara Kolsun in private``)
and marks a tie that rests only on a claim given otherwise than stated in
public (reported, believed, private: every mode and visibility but the
schema's defaults; a denied claim is never in effect, see :mod:`.pagetime`).

Each quote comes with its anchor (:class:`graph.model.anchors.Anchor`): its
code point offsets in the source's text, and the sentence or sentences around
it (:func:`graph.model.sentences.sentences`) cut in three: the text before the
quote, the source's own text of the quote, the text after. The page shows them
as text nodes, the quote in a ``<mark>``; it is never handed offsets to cut a
string with (JavaScript counts UTF-16 units, the anchor code points).

The attribution of an item is its networkx attributes' ``attribution`` when
there is one, else its record's in the dataset; the anchors are the records'.
Without a dataset (a graph built by hand), quotes have no sentence.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

import networkx as nx

from ..model.claims import Attribution
from ..model.records import Dataset, Evidence
from ..model.sentences import Sentence, sentences
from ..schema import Schema

__all__ = ["Claims", "secondhand_label"]


def secondhand_label(schema: Schema) -> str:
    """The legend's words for a tie that rests only on such claims, from the schema's vocabulary.

    >>> from graph import load_schema
    >>> secondhand_label(load_schema())
    'rests only on a reported, believed or private claim'
    """
    vocab = schema.attribution
    words = [m.label for m in vocab.modes.values() if m.id != vocab.default_mode and not m.negates]
    words += [v.label for v in vocab.visibilities.values() if v.id != vocab.default_visibility]
    if not words:
        return ""
    said = ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else words[0]
    return f"rests only on a {said} claim"


class Claims:
    """Attribution and anchored quotes for the page's items, read from the graph and, when given, the dataset."""

    def __init__(self, G: nx.MultiDiGraph, schema: Schema, dataset: Dataset | None = None) -> None:
        self.G = G
        self.schema = schema
        self.dataset = dataset
        self.names: dict[str, str] = {**G.graph.get("all_names", {}), **{n: d["name"] for n, d in G.nodes(data=True)}}
        self._sentences: dict[str, tuple[list[Sentence], list[int]]] = {}

    def _record(self, record_id: str | None) -> Any:
        ds = self.dataset
        if ds is None or record_id is None:
            return None
        return ds.relations.get(record_id) or ds.facts.get(record_id) or ds.entities.get(record_id)

    def record_of(self, attrs: dict[str, Any], node: str | None = None) -> Any:
        """The record an item shows: a node's own, a relation edge's, a derived edge's fact."""
        if node is not None:
            return self._record(node)
        return self._record(attrs.get("fact") if attrs.get("kind") == "derived" else attrs.get("id"))

    def attribution(self, attrs: dict[str, Any], record: Any) -> Attribution | None:
        found = attrs.get("attribution")
        if isinstance(found, Attribution):
            return found
        found = getattr(record, "attribution", None)
        return found if isinstance(found, Attribution) else None

    def said(self, attribution: Attribution | None) -> dict[str, Any]:
        """What an item carries of its attribution: its text (when not the source's own), and the mark."""
        if attribution is None:
            return {}
        out: dict[str, Any] = {}
        text = attribution.describe(self.names)
        if text:
            out["said"] = text
        vocab = self.schema.attribution
        mode = vocab.modes.get(attribution.mode)
        if not (mode is not None and mode.negates) and (
            attribution.mode != vocab.default_mode or attribution.visibility != vocab.default_visibility
        ):
            out["secondhand"] = True
        return out

    def _cut(self, source: str) -> tuple[list[Sentence], list[int]] | None:
        ds = self.dataset
        if ds is None or source not in ds.sources:
            return None
        if source not in self._sentences:
            found = sentences(ds.sources[source].text)
            self._sentences[source] = (found, [s.end for s in found])
        return self._sentences[source]

    def anchored(self, evidence: Evidence) -> list[Any]:
        """A row of the page's quote table: source, quote, and with an anchor its offsets and sentence in three."""
        row: list[Any] = [evidence.source, evidence.quote]
        anchor = evidence.anchor
        cut = self._cut(evidence.source)
        if anchor is None or cut is None or self.dataset is None:
            return row
        text = self.dataset.sources[evidence.source].text
        found, ends = cut
        first = bisect_right(ends, anchor.start)  # the first sentence that ends after the quote starts
        begin, end = anchor.start, anchor.end
        if first < len(found) and found[first].start < anchor.end:
            begin = min(begin, found[first].start)
            last = first
            while last + 1 < len(found) and found[last + 1].start < anchor.end:
                last += 1
            end = max(end, found[last].end)
        row += [anchor.start, anchor.end, text[begin : anchor.start], text[anchor.start : anchor.end]]
        row.append(text[anchor.end : end])
        return row
