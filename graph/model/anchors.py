"""Where a quote is in its source: W3C Web Annotation text selectors, computed from the source's own text.

A curator writes a quote with whitespace normalised and straight quotation
marks; the source may break it over lines and use typographic marks. An
:class:`Anchor` is the span the quote covers in the source file's text, in
Unicode code points as the Web Annotation model's ``TextPositionSelector``
counts them (``start`` inclusive, ``end`` exclusive), with the source's own
text of the span (``exact``) and about 32 characters on each side (``prefix``,
``suffix``) for a ``TextQuoteSelector``. An independent reader finds
``exact`` at ``text[start:end]``.

>>> text = "He said:\\n\\u201cI would rather\\n lose\\u201d. Then he left."
>>> [a.exact for a in anchors('"I would rather lose"', text)]
['\\u201cI would rather\\n lose\\u201d']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .rules import fold_quotes

__all__ = ["CONTEXT", "Anchor", "anchors", "occurrences"]

CONTEXT = 32
"""Characters of the source kept on each side of a quote (``prefix``, ``suffix``)."""


@dataclass(frozen=True, order=True, slots=True)
class Anchor:
    """A quote's span in its source's text: code point offsets, the exact text, and the text around it."""

    start: int
    end: int
    exact: str
    prefix: str = ""
    suffix: str = ""
    occurrence: int = 1
    """Which occurrence of the quote in the source this is (1 is the first)."""
    occurrences: int = 1
    """How many times the quote occurs in the source."""

    @classmethod
    def at(cls, text: str, start: int, end: int, occurrence: int = 1, count: int = 1) -> Anchor:
        """The anchor of ``text[start:end]``."""
        return cls(
            start,
            end,
            text[start:end],
            text[max(0, start - CONTEXT) : start],
            text[end : end + CONTEXT],
            occurrence,
            count,
        )


def _pattern(quote: str) -> re.Pattern[str]:
    """The quote's words in order, any run of whitespace between them, quotation marks folded."""
    words = fold_quotes(quote).split()
    return re.compile(r"\s+".join(re.escape(w) for w in words))


def occurrences(quote: str, text: str, folded: str | None = None) -> list[tuple[int, int]]:
    """Every (start, end) in ``text`` where ``quote`` occurs, whitespace and quotation marks tolerated.

    Matches do not overlap (each search resumes after the previous match), as
    :meth:`str.find` counts them. ``folded`` is ``fold_quotes(text)`` when at
    hand (folding is one character for one, so offsets hold in both).

    >>> occurrences("a b", "a  b, a\\nb")
    [(0, 4), (6, 9)]
    """
    if not quote.split():
        return []
    hay = fold_quotes(text) if folded is None else folded
    return [(m.start(), m.end()) for m in _pattern(quote).finditer(hay)]


def anchors(quote: str, text: str, folded: str | None = None) -> list[Anchor]:
    """The anchor of every occurrence of ``quote`` in ``text``."""
    found = occurrences(quote, text, folded)
    return [Anchor.at(text, s, e, i, len(found)) for i, (s, e) in enumerate(found, 1)]
