"""The benchmark runs (at its smallest size), so it cannot rot. No test asserts a time."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def test_benchmark_smoke() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--sizes", "30", "--repeat", "1"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "import floor" in out and "seed build" in out
    assert "## 30 relations" in out and "read + validate" in out and "peak RSS" in out
    assert "rdflib turtle" in out and "pyoxigraph turtle" in out
    assert "x the import floor" in out


def test_hostile_benchmark_smoke() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "hostile.py"), "--small"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    assert "a literal of escapes, N-Triples" in proc.stdout and "@prefix lines" in proc.stdout
    assert "quotes not found" in proc.stdout and "gave up after" in proc.stdout and "peak RSS" in proc.stdout


def test_query_benchmark_smoke() -> None:
    """bench/queries.py (issue 14's targets): every figure of its table, at a tiny size (without the commands
    reading the data without a snapshot, the same measurement of other commands; 60 relations: a graph
    of 150 is small enough for the page's camps of every day, 7 s of the suite)."""
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "queries.py"), "--sizes", "60", "--repeat", "1", "--no-baseline"],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "### 60 relations (100 data files)" in out
    for figure in ("import networkx, rdflib", "full build, no snapshot", "full build, with snapshot",
                   "rebuild after editing 1 of 100 files", "`sparql COUNT(*)` after a build"):  # fmt: skip
        assert figure in out, figure
    for command in ("opponents", "allies", "relations", "path", "timeline", "camps", "stats"):
        assert f"`{command}` after a build" in out and "× the start" in out, command


def test_anchor_benchmark_smoke() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "anchors.py"), "--sizes", "60"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    assert "## 60 relations" in proc.stdout and "regex per quote (before)" in proc.stdout
