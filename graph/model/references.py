"""References between records: ids unique across the data, and references that resolve.

Entities, facts and relations share one space of ids, in every file; ids that
differ only in case clash too. A reference (a relation's subject, a fact's
participant) must name a record of a type the schema allows there, and when
it names none, the message suggests the nearest id.
"""

from __future__ import annotations

from .problems import Report, article, either
from .records import Origin
from .yamlio import Record

__all__ = ["References", "swapped"]


class References:
    """The ids taken so far, and the checks of references against them."""

    def __init__(self, report: Report, unreadable: list[str]) -> None:
        self.report = report
        self.unreadable = unreadable  # data files that did not parse: a reference may point into them
        self.seen_ids: dict[str, tuple[str, Origin]] = {}
        self.ids_ignoring_case: dict[str, str] = {}  # id.lower() -> id

    def claim(self, rid: str, file: str, rec: Record, label: str) -> bool:
        """Take ``rid`` for this record; ids that differ only in case clash too.

        IRIs would tell ``Gucci`` from ``gucci``, but a curator would not, nor
        the analyst's name lookup, which ignores case.
        """
        here = Origin(file, rec.line_of("id"))
        if rid in self.seen_ids:
            what, first = self.seen_ids[rid]
            self.report.add(file, here.line, label, "id", f"duplicate id '{rid}': already used by {what} at {first}")
            return False
        other = self.ids_ignoring_case.get(rid.lower())
        if other is not None:
            what, first = self.seen_ids[other]
            self.report.add(
                file, here.line, label, "id",
                f"id '{rid}' differs only in case from '{other}' ({what} at {first}): "
                "ids must differ in more than case",
            )  # fmt: skip
            return False
        self.seen_ids[rid] = (label, here)
        self.ids_ignoring_case[rid.lower()] = rid
        return True

    def check(
        self, file: str, line: int, label: str, fld: str, ref: str,
        allowed: tuple[str, ...], nodes: dict[str, str], what: str,
    ) -> bool:  # fmt: skip
        """Whether ``ref`` names a node (``nodes``: id -> type) of an ``allowed`` type; else a problem."""
        if ref not in nodes:
            # a file that did not parse may hold this record: its error is already reported
            if not self.unreadable:
                hint = ""
                if self.report.budget >= len(nodes):  # else even listing the candidates, error after error, is slow
                    hint = self.report.suggest(ref, [n for n, t in nodes.items() if t in allowed] or list(nodes))
                self.report.add(file, line, label, fld, f"unknown entity '{ref}'", hint)
            return False
        if nodes[ref] not in allowed:
            self.report.add(
                file, line, label, fld,
                f"'{ref}' is {article(nodes[ref])}, but {what} takes {either(allowed)}",
            )  # fmt: skip
            return False
        return True


def swapped(domain: tuple[str, ...], range_: tuple[str, ...], subject: str | None, obj: str | None) -> bool:
    """Whether the types of subject and object fit the relation only the other way round.

    >>> swapped(("Company",), ("Court",), "Court", "Company")
    True
    """
    if subject is None or obj is None:
        return False
    fits = subject in domain and obj in range_
    return not fits and obj in domain and subject in range_
