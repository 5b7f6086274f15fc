"""Finding every evidence quote in its source: the loader's search against a regular expression per quote.

Generates data (bench/generate.py), loads it, and times, in one run, both ways of
finding every quote in its source's text, whitespace and quotation marks
tolerated: the one :mod:`graph.model.anchors` uses (``str.find`` in the text with
its whitespace runs collapsed, made once per text) and the one it replaced (the
quote's words joined by ``\\s+``, compiled and searched per quote). The answers
must be equal; the figures are printed. ``--sizes`` relations (default 10,000).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import generate  # noqa: E402
from graph import load  # noqa: E402
from graph.model.anchors import Haystack, occurrences  # noqa: E402
from graph.model.rules import fold_quotes  # noqa: E402


def by_regex(quote: str, folded: str) -> list[tuple[int, int]]:
    """The baseline: a regular expression per quote (what graph.model.anchors did before)."""
    words = fold_quotes(quote).split()
    if not words:
        return []
    return [(m.start(), m.end()) for m in re.compile(r"\s+".join(map(re.escape, words))).finditer(folded)]


def run(size: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        generate(size, data)
        started = time.perf_counter()
        ds = load(data)
        loaded = time.perf_counter() - started
    texts = {sid: s.text for sid, s in ds.sources.items()}
    folded = {sid: fold_quotes(t) for sid, t in texts.items()}
    pairs = [
        (e.quote, e.source) for part in (ds.entities, ds.facts, ds.relations) for r in part.values() for e in r.evidence
    ]
    points = sum(map(len, texts.values()))
    print(f"## {size:,} relations: {len(pairs):,} quotes in {len(texts)} sources ({points:,} code points)")
    print(f"load (with the search below): {loaded:.2f} s")
    started = time.perf_counter()
    before = [by_regex(q, folded[s]) for q, s in pairs]
    regex = time.perf_counter() - started
    started = time.perf_counter()
    hay = {sid: Haystack.of(f) for sid, f in folded.items()}  # as the loader makes them, once per source
    after = [occurrences(q, texts[s], hay[s]) for q, s in pairs]
    found = time.perf_counter() - started
    assert after == before, "the two searches disagree"
    print(f"regex per quote (before): {regex:.2f} s; str.find in the collapsed text (now): {found:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    for size in parser.parse_args().sizes:
        run(size)


if __name__ == "__main__":
    main()
