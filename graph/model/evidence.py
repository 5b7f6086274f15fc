"""Evidence and attributed aliases: quotes that must occur in the sources they cite.

A quote is looked up with whitespace normalised and typographic quotation
marks matching straight ones (:func:`~graph.model.rules.find_quote`); what is
kept is the source's own text, so every output stays verbatim. An alias with
a ``source`` is a name that source uses, and must occur in it too.

:class:`Citations` checks a record alone (noting its problems for later: see
:class:`~graph.model.structure.Recorder`); a quote it does not find is told
by :class:`QuotesNotFound`, in its place, which says where the quote parts
ways with its source within a budget that every quote of a load shares.
"""

from __future__ import annotations

from typing import Any

from .anchors import anchors
from .problems import Report, kind_of
from .records import Alias, Evidence
from .rules import find_quote, normalise_space
from .sources import Sources
from .structure import Fields, Recorder
from .yamlio import Record

__all__ = ["WHERE_BUDGET", "Citations", "QuotesNotFound"]

WHERE_BUDGET = 2_000_000_000
"""Characters of source text scanned, over one load, to say where quotes not found part ways
with their source (a few scans each): a file of thousands of wrong quotes into a large source
is still told every one, without where after this."""


class Citations:
    """Reads the ``evidence`` and ``aliases`` of records against the sources registry.

    ``fields`` note their problems in a :class:`~graph.model.structure.Recorder`.
    """

    def __init__(self, fields: Fields, sources: Sources) -> None:
        if not isinstance(fields.report, Recorder):
            raise TypeError("Citations notes its problems for later: give it Fields of a Recorder")
        self.fields = fields
        self.sources = sources
        self.report: Recorder = fields.report

    def evidence(self, file: str, rec: Record, label: str, required: bool) -> tuple[Evidence, ...]:
        """The record's evidence, each quote as its source writes it."""
        value = rec.get("evidence")
        if value is None:
            if required:
                self.report.add(
                    file, rec.line, label, "evidence",
                    "missing required field: give at least one {source, quote}",
                )  # fmt: skip
            return ()
        line = rec.line_of("evidence")
        if not isinstance(value, list) or not value:
            self.report.add(
                file, line, label, "evidence", f"expected a non-empty list of {{source, quote}}, found {kind_of(value)}"
            )
            return ()
        out: list[Evidence] = []
        for i, item in enumerate(value, 1):
            where = f"evidence[{i}]"
            if not isinstance(item, Record):
                self.report.add(file, line, label, where, "expected a mapping with 'source' and 'quote'")
                continue
            found = self.one_evidence(file, item, label, where)
            if found is not None:
                out.append(found)
        return tuple(out)

    def one_evidence(self, file: str, item: Record, label: str, where: str) -> Evidence | None:
        """One ``{source, quote}``, or None (with a problem unless its source is known to be broken)."""
        self.fields.unknown_keys(file, item, label, {"source", "quote", "occurrence"})
        src = self.fields.text(file, item, label, "source", True, where)
        quote = self.fields.text(file, item, label, "quote", True, where)
        occurrence = self.occurrence(file, item, label, where)
        if not src or not quote or src in self.sources.broken or not self.registered(file, item, label, where, src):
            return None
        found, verbatim = find_quote(quote, self.sources.normalised(src), self.sources.folded(src), where=False)
        if not found:  # where it parts ways is said later: within the budget the load's other quotes share
            self.report.later(("quote", file, item.line_of("quote"), label, f"{where}.quote", src, quote))
            return None
        return self.anchored(file, item, label, where, Evidence(src, verbatim), occurrence)

    def occurrence(self, file: str, item: Record, label: str, where: str) -> int | None:
        """The ``occurrence`` the curator gave (1 is the first), or None."""
        value = item.get("occurrence")
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.report.add(
                file, item.line_of("occurrence"), label, f"{where}.occurrence",
                f"expected which occurrence of the quote (1, 2...), found {kind_of(value)}",
            )  # fmt: skip
            return None
        return value

    def anchored(
        self, file: str, item: Record, label: str, where: str, ev: Evidence, occurrence: int | None
    ) -> Evidence | None:
        """``ev`` with its anchor in the source; a quote found more than once needs more context or an occurrence."""
        src = ev.source
        found = anchors(ev.quote, self.sources.sources[src].text, self.sources.haystack(src))
        line = item.line_of("quote")
        if occurrence is not None and occurrence > len(found):
            self.report.add(
                file, item.line_of("occurrence"), label, f"{where}.occurrence",
                f"occurrence {occurrence} asked, but the quote occurs {len(found)} time(s) in source '{src}'",
            )  # fmt: skip
            return None
        if occurrence is None and len(found) > 1:
            at = ", ".join(f"{a.start}-{a.end}" for a in found[:5]) + (", ..." if len(found) > 5 else "")
            self.report.add(
                file, line, label, f"{where}.quote",
                f"the quote occurs {len(found)} times in source '{src}' (at code points {at}): quote more of the "
                "text around it, or say which with 'occurrence: 1' to "
                f"'occurrence: {len(found)}'",
            )  # fmt: skip
            return None
        if not found:  # found normalised but not as written: cannot happen unless the two rules part ways
            self.report.add(file, line, label, f"{where}.quote", f"the quote cannot be located in source '{src}'")
            return None
        return Evidence(ev.source, ev.quote, found[(occurrence or 1) - 1])

    def registered(self, file: str, item: Record, label: str, where: str, src: str) -> bool:
        """Whether ``src`` is in the registry; else a problem with the nearest id."""
        if src in self.sources.sources:
            return True
        self.report.add(
            file, item.line_of("source"), label, f"{where}.source",
            f"unknown source '{src}' (not in the sources registry)",
            self.report.suggest(src, self.sources.sources),
        )  # fmt: skip
        return False

    def aliases(self, file: str, rec: Record, label: str) -> tuple[Alias, ...]:
        """The entity's aliases: names, or ``{name, source}`` for a name a source uses."""
        value = rec.get("aliases")
        if value is None:
            return ()
        line = rec.line_of("aliases")
        if not isinstance(value, list):
            self.report.add(
                file, line, label, "aliases", f"expected a list of names or {{name, source}}, found {kind_of(value)}"
            )
            return ()
        out: list[Alias] = []
        for i, item in enumerate(value, 1):
            where = f"aliases[{i}]"
            if isinstance(item, str):
                if text := self.fields.clean(file, line, label, where, item):
                    out.append(Alias(normalise_space(text)))
                continue
            if not isinstance(item, Record):
                self.report.add(file, line, label, where, f"expected a name or {{name, source}}, found {kind_of(item)}")
                continue
            alias = self.attributed(file, item, label, where)
            if alias is not None:
                out.append(alias)
        return tuple(out)

    def attributed(self, file: str, item: Record, label: str, where: str) -> Alias | None:
        """One ``{name, source}`` alias, the name as the source writes it."""
        self.fields.unknown_keys(file, item, label, {"name", "source"})
        name = self.fields.text(file, item, label, "name", True, where)
        src = self.fields.text(file, item, label, "source", False, where)
        if not name or src in self.sources.broken:
            return None
        if src:
            if not self.registered(file, item, label, where, src):
                return None
            found, verbatim = find_quote(name, self.sources.normalised(src), self.sources.folded(src), where=False)
            if not found:
                self.report.add(
                    file, item.line_of("name"), label, f"{where}.name",
                    f"alias '{name}' does not occur in source '{src}'",
                )  # fmt: skip
                return None
            name = verbatim  # as the source writes it
        return Alias(normalise_space(name), src)


class QuotesNotFound:
    """Tells each quote :class:`Citations` did not find, saying where it parts ways with its source
    while :data:`WHERE_BUDGET` lasts: the ``later`` of :func:`~graph.model.structure.replay`."""

    def __init__(self, report: Report, sources: Sources) -> None:
        self.report = report
        self.sources = sources
        self.where_budget = WHERE_BUDGET

    def __call__(self, step: tuple[Any, ...]) -> None:
        _, file, line, label, fld, src, quote = step
        text = self.sources.normalised(src)
        say_where = self.where_budget > 0
        _, verbatim = find_quote(quote, text, self.sources.folded(src), say_where)
        self.where_budget -= len(text) * max(1, len(quote).bit_length()) if say_where else 0
        where_split = (
            "; too many quotes not found to say where each parts ways with its source"
            if not say_where
            else f"; the source matches up to '...{verbatim[-40:]}' and then differs"
            if len(verbatim) >= 8
            else "; not even its beginning occurs there"
        )
        self.report.add(file, line, label, fld, f"quote not found in source '{src}'{where_split}")
