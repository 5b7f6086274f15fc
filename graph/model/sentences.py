"""A source's text cut into sentences, each with its code point offsets: what the curator's to-do list counts.

The cut is plain and predictable rather than clever: a sentence ends at a
full stop, a question or an exclamation mark (with any closing quotation
marks or brackets after it) followed by whitespace, or at the end of a line.
A line break always ends a sentence, so a list or a page header is one
sentence per line. A full stop is not an end when the next word starts with a
lower-case letter, a digit, a section sign or a bracket, nor after an
initialism ("L.G.I.", "U.S.C.") or a common abbreviation ("Inc.", "Ltd.",
"No.", "v.").

>>> [s.text for s in sentences("Gucci left. Kering sued\\nLVMH said \\u201cno.\\u201d Then 15 U.S.C. § 1051 applies.")]
['Gucci left.', 'Kering sued', 'LVMH said \\u201cno.\\u201d', 'Then 15 U.S.C. § 1051 applies.']
>>> [s.text for s in sentences("Gucci America, Inc. v. Alibaba Group Holding Ltd. Kering S.A. (L.G.I.) S.A. sued.")]
['Gucci America, Inc. v. Alibaba Group Holding Ltd. Kering S.A. (L.G.I.) S.A. sued.']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Sentence", "sentences"]

# an end: . ! ? and closing marks, then whitespace, then something that starts a sentence (not a lower-case
# letter, a digit or a section sign: "15 U.S.C. § 1051", "et seq., the")
_END = re.compile(r"""[.!?][\"'\u201d\u2019)\]]*(?=[ \t]+[^a-z0-9§(\[\s])""")
_INITIALISM = re.compile(r"(?:^|[\s(])(?:[A-Za-z]\.)+$")
_ABBREVIATIONS = frozenset(
    {"inc", "ltd", "co", "corp", "no", "nos", "v", "vs", "mr", "mrs", "ms", "dr", "st", "jr", "sr", "al", "seq"}
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a source: its text as written and where it is (code points, end exclusive)."""

    start: int
    end: int
    text: str


def sentences(text: str) -> list[Sentence]:
    """The sentences of ``text``, in order, without the whitespace between them."""
    out: list[Sentence] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body_end = pos + len(line.rstrip("\r\n"))
        cut = pos
        for m in _END.finditer(text, pos, body_end):
            if text[m.start()] == "." and _abbreviation(text[cut : m.start() + 1]):
                continue
            _add(out, text, cut, m.end())
            cut = m.end()
        _add(out, text, cut, body_end)
        pos += len(line)
    return out


def _abbreviation(head: str) -> bool:
    """Whether ``head`` (up to and with a full stop) ends with an initialism or a common abbreviation."""
    if _INITIALISM.search(head):
        return True
    word = head[:-1].rsplit(None, 1)[-1] if head[:-1].split() else ""
    return word.lower().lstrip("(") in _ABBREVIATIONS


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        out.append(Sentence(start, end, text[start:end]))
