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


NODES = LAYOUT_THRESHOLD + 100  # a precomputed layout and no physics, as at 5,000 nodes


@pytest.fixture(scope="module")
def smoke(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """One run of the benchmark, keeping its page; its output and the page (shared: each run starts a browser)."""
    kept = tmp_path_factory.mktemp("bench") / "kept.html"
    proc = subprocess.run(
        [sys.executable, "bench/browser.py", "--nodes", str(NODES), "--repeat", "1", "--keep", str(kept)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout, kept


def test_browser_benchmark_smoke(smoke: tuple[str, Path]) -> None:
    out, kept = smoke
    assert f"the page draws {NODES} nodes" in out and f"nodes drawn: this page: [{NODES}]" in out
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


def test_browser_benchmark_compares_pages(smoke: tuple[str, Path]) -> None:
    """``--compare`` measures another page of the same graph in the same run: here, the one the smoke run kept."""
    kept = smoke[1]
    proc = subprocess.run(
        [sys.executable, "bench/browser.py", "--nodes", str(NODES), "--repeat", "1", "--compare", str(kept)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert f"| seconds (best / median) | this page | {kept} |" in proc.stdout
    assert f"nodes drawn: this page: [{NODES}], {kept}: [{NODES}]" in proc.stdout
