"""Text helpers every layer shares: "did you mean", and "and N more".

>>> suggest("guci", ["gucci", "kering"])
'gucci'
"""

from __future__ import annotations

import difflib
from typing import Any

__all__ = ["suggest"]


def suggest(word: str, choices: Any) -> str:
    """The closest of ``choices`` to ``word``, or ``""``.

    >>> suggest("kerring", ["gucci", "kering"])
    'kering'
    """
    matches = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return matches[0] if matches else ""
