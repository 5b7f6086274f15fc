"""Collecting the loader's problems, and the words its messages share.

A :class:`Report` gathers every problem found while the data is read, each
made fit for a terminal (:func:`shown`), and answers "did you mean" within a
budget of comparisons, so that a huge broken file cannot hang the loader.

>>> r = Report()
>>> r.add("data/x.yaml", 3, "entity gucci", "type", "unknown entity type 'Compnay'", r.suggest("Compnay", ["Company"]))
>>> str(r.problems[0].suggestion)
'Company'
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..errors import Problem
from ..text import suggest, terminal_safe
from .yamlio import Record

__all__ = ["SUGGESTION_BUDGET", "Report", "article", "either", "kind_of", "quote_advice", "shown"]

SUGGESTION_BUDGET = 200_000
"""Name comparisons allowed for "did you mean", over one load."""

# what a message shows of the data: one line, what a terminal could obey escaped, long values cut
_ONE_LINE = str.maketrans({"\n": "\\n", "\t": "\\t"})
_LONG_QUOTED = re.compile(r"'([^']{101,})'")


class Report:
    """The problems found so far, in the order found."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.budget = SUGGESTION_BUDGET

    def add(self, file: str, line: int, record: str, fld: str, msg: str, hint: str = "") -> None:
        """Note one problem."""
        self.problems.append(shown(Problem(file, line, record, fld, msg, hint)))

    def extend(self, problems: Iterable[Problem]) -> None:
        """Note problems found elsewhere (by the YAML reader)."""
        self.problems.extend(shown(p) for p in problems)

    def suggest(self, word: str, choices: Iterable[str]) -> str:
        """:func:`~graph.text.suggest`, within the budget of comparisons."""
        pool = list(choices)
        if len(word) > 100 or len(pool) > self.budget:
            return ""
        self.budget -= len(pool)
        return suggest(word, pool)


def kind_of(value: object) -> str:
    """What a value read from YAML is, for "expected ..., found ..." messages.

    >>> kind_of(1.5), kind_of(True), kind_of("  ")
    ('the number 1.5', 'true/false', 'only whitespace')
    """
    if isinstance(value, Record):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return f"'{value}'" if value.strip() else "only whitespace"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    return repr(value)


def quote_advice(value: object) -> str:
    """The advice for a number or true/false where text was expected.

    >>> quote_advice(1.10)
    '; put it in quotes if it is text'
    """
    return "; put it in quotes if it is text" if isinstance(value, int | float) else ""


def article(noun: str) -> str:
    """``noun`` with "a" or "an".

    >>> article("Company"), article("event")
    ('a Company', 'an event')
    """
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def either(names: tuple[str, ...]) -> str:
    """``a, b or c``.

    >>> either(("Company", "Person", "Court"))
    'Company, Person or Court'
    """
    names = tuple(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _printable(text: str) -> str:
    """``text`` fit for a one-line message: control characters escaped, long quoted values cut."""
    text = terminal_safe(text.translate(_ONE_LINE))
    return _LONG_QUOTED.sub(lambda m: f"'{m.group(1)[:60]}...' ({len(m.group(1))} characters)", text)


def shown(p: Problem) -> Problem:
    """A problem as it can be shown: what the data put in it cannot garble a terminal or flood it.

    >>> shown(Problem("x.yaml", 1, "entity a", "name", "contains '\\x1b[2J'")).message
    "contains '\\\\u001b[2J'"
    """
    record = _printable(p.record)
    return Problem(
        _printable(p.file),
        p.line,
        record if len(record) < 120 else record[:100] + "...",
        _printable(p.field)[:120],
        _printable(p.message),
        _printable(p.suggestion),
    )
