"""The browser benchmark runs (at a small size, past the fixed-layout threshold), so it cannot rot.

No test asserts a time.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from graph.views.html import LAYOUT_THRESHOLD

from .conftest import ROOT

pytestmark = pytest.mark.browser


def test_browser_benchmark_smoke(tmp_path: Path) -> None:
    nodes = LAYOUT_THRESHOLD + 100  # a precomputed layout and no physics, as at 5,000 nodes
    kept = tmp_path / "kept.html"
    proc = subprocess.run(
        [sys.executable, "bench/browser.py", "--nodes", str(nodes), "--repeat", "1", "--keep", str(kept)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert f"the page draws {nodes} nodes" in out and f"nodes drawn: this page: [{nodes}]" in out
    rows = dict(re.findall(r"^\| (.+?) \| (.+?) \|$", out, flags=re.MULTILINE))
    for row in (
        "`to_html` in Python",
        "open until drawn",
        "search as you type ('company 12', slowest key)",
        "filter: uncheck the largest entity type",
        "as of a date (the date box)",
        "focus the best-connected node",
        "reset",
    ):
        assert re.fullmatch(r"\d+\.\d\d / \d+\.\d\d", rows[row]), (row, rows.get(row))
    assert f"{kept.stat().st_size / 1e6:.1f}" == rows["page size (MB)"]
    assert '<meta name="generator" content="cdkg ' in kept.read_text(encoding="utf-8")  # the project's own page


def test_browser_benchmark_compares_pages(tmp_path: Path) -> None:
    """``--compare`` measures another page in the same run: here, the one it kept before."""
    kept = tmp_path / "kept.html"
    command = [sys.executable, "bench/browser.py", "--nodes", "50", "--repeat", "1"]
    subprocess.run([*command, "--keep", str(kept)], check=True, capture_output=True, timeout=600, cwd=ROOT)
    proc = subprocess.run(
        [*command, "--compare", str(kept)], capture_output=True, text=True, timeout=600, cwd=ROOT, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert f"| seconds (best / median) | this page | {kept} |" in proc.stdout
    assert f"nodes drawn: this page: [50], {kept}: [50]" in proc.stdout
