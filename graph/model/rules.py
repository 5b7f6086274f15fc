"""The rules every reader of curated data shares: ids, forbidden characters, quotes.

The YAML loader (:mod:`graph.model.loader`) and the RDF reader
(:mod:`graph.rdf.parse`) both apply them, so a record refused in one format is
refused in the other.

>>> bool(ID_PATTERN.match("gucci-2016.1")), bool(ID_PATTERN.match("-gucci"))
(True, False)
"""

from __future__ import annotations

import re

__all__ = [
    "DATE_KEYS",
    "ID_ADVICE",
    "ID_PATTERN",
    "find_quote",
    "fold_quotes",
    "forbidden_character",
    "is_blank",
    "normalise_space",
]

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*\Z")  # \Z: `$` would let a final newline through
"""What an id may be: letters, digits, ``_``, ``-`` and ``.``, starting with a letter or digit."""

ID_ADVICE = "use letters, digits, '_', '-' and '.', starting with a letter or digit"
"""How to write a valid id, for messages."""

DATE_KEYS = ("date", "start", "end")
"""The date fields of a record: an event's ``date``, or a state's ``start`` and ``end``."""

# Control characters (tab and line breaks aside), lone surrogates and the noncharacters U+FFFE
# and U+FFFF are refused in any text: they are invisible, a terminal may obey them, a surrogate
# cannot be written as UTF-8, and XML (GraphML) can hold none of them.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
# Typographic quotation marks match straight ones when a quote is looked up in its
# source (a quote pasted from a web page often has one kind, the source the other).
# The evidence kept is the source's own text, so every output stays verbatim.
_QUOTE_MARKS = str.maketrans("\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f", "''''\"\"\"\"")


def forbidden_character(value: str) -> str:
    """The first character no data text may hold, described, or "".

    >>> forbidden_character("a\\x01b"), forbidden_character("fine\\ttext")
    ('the control character U+0001', '')
    """
    bad = _FORBIDDEN.search(value)
    if not bad:
        return ""
    code = ord(bad.group())
    if 0xD800 <= code <= 0xDFFF:
        return f"a lone surrogate U+{code:04X}"
    if code >= 0xFFFE:
        return f"the noncharacter U+{code:04X}"
    return f"the control character U+{code:04X}"


def is_blank(value: str) -> bool:
    """Whether ``value`` is empty, whitespace or invisible characters only.

    >>> is_blank(" \\u200b "), is_blank(" a ")
    (True, False)
    """
    return not value.strip().strip(_INVISIBLE).strip()


def fold_quotes(text: str) -> str:
    """Typographic quotation marks made straight, one character for one.

    >>> fold_quotes("\u201cIt\u2019s\u201d")
    '"It\\'s"'
    """
    return text.translate(_QUOTE_MARKS)


def normalise_space(text: str) -> str:
    """Collapse every run of whitespace to one space and strip the ends.

    >>> normalise_space("  a\\n  b\\tc ")
    'a b c'
    """
    return " ".join(text.split())


def find_quote(
    quote: str, normalised_text: str, folded_text: str | None = None, where: bool = True
) -> tuple[bool, str]:
    """Whether ``quote`` occurs in the (already normalised) text.

    Whitespace is normalised and typographic quotation marks match straight
    ones (:func:`fold_quotes`). When the quote occurs, also return it as the
    source writes it; when it does not, the longest prefix of the quote that
    does occur, to show the curator where the two part ways. Both searches
    are linear in the text (a binary search over prefix lengths, a few
    scans of the text); with ``where`` false, the second is not made.
    ``folded_text`` is ``fold_quotes(normalised_text)``, when already at hand.

    >>> find_quote("\u201cfakes\u201d  in\\nChina", normalise_space('no "fakes" in China'))
    (True, '"fakes" in China')
    """
    q = normalise_space(quote)
    folded = fold_quotes(normalised_text) if folded_text is None else folded_text
    fq = fold_quotes(q)
    at = folded.find(fq)
    if at >= 0:
        return True, normalised_text[at : at + len(q)]
    if not where:
        return False, ""
    lo, hi = 0, len(q)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fq[:mid] in folded:
            lo = mid
        else:
            hi = mid - 1
    return False, q[:lo]
