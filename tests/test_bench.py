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
