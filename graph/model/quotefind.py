"""Finding the source's own words for an approximate quote: the curator's ``quote find``.

A curator types or pastes a quote that is almost the source's: other
whitespace, other quotation marks, other case, a word wrong or missing.
:func:`find_spans` tries, in order, the loader's own rule (whitespace and
quotation marks tolerated: what evidence must meet), the same ignoring case,
and a fuzzy search over windows of the source's words, and returns the spans
found with their code point offsets and a similarity score, best first.

>>> text = "Ma Yun said \\u201cI would rather lose this lawsuit\\u201d in the interview."
>>> [(m.how, m.exact) for m in find_spans('"i would rather lose this lawsuit"', text)]
[('ignoring case', '\\u201cI would rather lose this lawsuit\\u201d')]
>>> best = find_spans("I would rather loose this law suit", text)[0]
>>> best.how, best.exact, best.score > 0.8
('fuzzy', '\u201cI would rather lose this lawsuit\u201d', True)
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from .anchors import occurrences
from .rules import fold_quotes

__all__ = ["Match", "find_spans"]

_WORD = re.compile(r"\S+")
_TRIM = "\"'\u201c\u201d\u2018\u2019.,;:!?()[]"


@dataclass(frozen=True, order=True, slots=True)
class Match:
    """A span of the source that matches a quote: where, its text as written, how it was found and how well."""

    start: int
    end: int
    exact: str
    how: str
    """``verbatim`` (whitespace and quotation marks tolerated: what evidence accepts), ``ignoring case``, ``fuzzy``."""
    score: float = 1.0


def _key(text: str) -> str:
    return " ".join(fold_quotes(text).lower().split())


def find_spans(quote: str, text: str, limit: int = 5, cutoff: float = 0.6) -> list[Match]:
    """The spans of ``text`` that match ``quote``, best first (at most ``limit``; fuzzy ones above ``cutoff``)."""
    if not quote.split():
        return []
    found = occurrences(quote, text)
    if found:
        return [Match(s, e, text[s:e], "verbatim") for s, e in found[:limit]]
    folded = fold_quotes(text).lower()
    found = occurrences(quote.lower(), text, folded)
    if found:
        return [Match(s, e, text[s:e], "ignoring case") for s, e in found[:limit]]
    return _fuzzy(quote, text, limit, cutoff)


def _fuzzy(quote: str, text: str, limit: int, cutoff: float) -> list[Match]:
    """Windows of about the quote's length in words, scored by :class:`difflib.SequenceMatcher`."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    target = _key(quote)
    n = len(target.split())
    wanted = {w.strip(_TRIM) for w in target.split()}
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(target)
    scored: list[tuple[float, int, int]] = []
    for size in sorted({max(1, n - 2), max(1, n - 1), n, n + 1, n + 2}):
        for i in range(0, max(0, len(words) - size) + 1):
            window = words[i : i + size]
            if not window:
                continue
            start, end = window[0][0], window[-1][1]
            candidate = _key(text[start:end])
            shared = sum(1 for w in candidate.split() if w.strip(_TRIM) in wanted)
            if shared * 2 < n:  # most words differ: not worth a comparison
                continue
            matcher.set_seq1(candidate)
            if matcher.real_quick_ratio() < cutoff or matcher.quick_ratio() < cutoff:
                continue
            score = matcher.ratio()
            if score >= cutoff:
                scored.append((score, start, end))
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    out: list[Match] = []
    for score, start, end in scored:
        start, end = _trimmed(text, start, end)
        if any(m.start < end and start < m.end for m in out):  # overlapping windows: keep the best
            continue
        out.append(Match(start, end, text[start:end], "fuzzy", round(score, 3)))
        if len(out) == limit:
            break
    return out


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without leading or trailing punctuation a window may have taken from the next sentence."""
    while start < end and text[start] in ".,;:!?)]":
        start += 1
    while end > start and text[end - 1] in ",;:([":
        end -= 1
    return start, end
