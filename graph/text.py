"""Text helpers every layer shares: "did you mean", and text fit for a terminal.

>>> suggest("guci", ["gucci", "kering"])
'gucci'
>>> terminal_safe("Gucci\\u202e\\x1b[2J")
'Gucci\\\\u202e\\\\u001b[2J'
"""

from __future__ import annotations

import argparse
import difflib
import re
from typing import Any, TextIO

__all__ = ["SafeArgumentParser", "TerminalWriter", "suggest", "terminal_safe"]


def suggest(word: str, choices: Any) -> str:
    """The closest of ``choices`` to ``word``, or ``""``.

    >>> suggest("kerring", ["gucci", "kering"])
    'kering'
    """
    matches = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return matches[0] if matches else ""


# What a terminal may obey or what hides or reorders text: C0 controls but tab and line feed,
# DEL and C1 (CSI is U+009B), the bidi embeddings, overrides, isolates and marks, zero-width
# and other invisible characters, the line and paragraph separators, interlinear annotations,
# lone surrogates (they cannot even be written as UTF-8), noncharacters and the tag characters.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u115f\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb\ufffe\uffff\ud800-\udfff"
    "\U000e0000-\U000e007f]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:  # as JSON writes it: a UTF-16 pair, so a JSON or Turtle string stays valid
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """``text`` with every character a terminal could obey, or that hides or reorders text, escaped.

    Tab and line feed stay; every other C0 control, DEL and C1, the bidi
    controls (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C),
    zero-width and invisible characters (U+200B-U+200D, U+2060, U+FEFF...),
    U+2028 and U+2029, lone surrogates and the tag characters become
    ``\\uXXXX``, the escape JSON, Turtle and SPARQL share: in a JSON or
    Turtle string the escaped text still means the same value.

    >>> terminal_safe("a\\tb\\nc\\rd\\u200be\\u2066")
    'a\\tb\\nc\\\\u000dd\\\\u200be\\\\u2066'
    >>> terminal_safe("tag\\U000e0041")
    'tag\\\\udb40\\\\udc41'
    """
    return _UNSAFE.sub(_escape, text)


class TerminalWriter:
    """A text stream that passes everything written through :func:`terminal_safe`.

    The CLI writes every message and report through one, so that no character
    from the data, a file or a server reaches the terminal raw. ``verbatim``
    is the stream underneath, for output that must stay byte for byte (CSV
    into a file or a pipe).

    >>> import io
    >>> buf = io.StringIO()
    >>> print("bell\\x07", file=TerminalWriter(buf))
    >>> buf.getvalue()
    'bell\\\\u0007\\n'
    """

    def __init__(self, stream: TextIO) -> None:
        self.verbatim = stream

    def write(self, text: str) -> int:
        self.verbatim.write(terminal_safe(text))
        return len(text)

    def flush(self) -> None:
        self.verbatim.flush()

    def isatty(self) -> bool:
        return self.verbatim.isatty()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.verbatim, name)


class SafeArgumentParser(argparse.ArgumentParser):
    """An argument parser whose error messages (which quote what was typed) are terminal-safe."""

    def error(self, message: str) -> Any:
        super().error(terminal_safe(message))
