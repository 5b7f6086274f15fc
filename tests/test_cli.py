"""The command line: the summary, exit codes, no tracebacks, the console script."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from graph.cli import main

from .conftest import DATA, FIXTURES, ROOT


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_build_prints_a_summary(tmp_path: Path) -> None:
    code, out, err = run("--data", str(DATA), "--out", str(tmp_path / "out"))
    assert code == 0 and err == ""
    assert "entities   26" in out
    assert "3 lawsuits" in out and "2 withdrawals" in out
    assert "11 opposition" in out
    assert "triples    " in out
    for name in ("graph.ttl", "graph.nt", "graph.jsonld", "graph.graphml", "graph.html", "ontology.ttl"):
        assert name in out and (tmp_path / "out" / name).exists()


def test_validate_writes_nothing(tmp_path: Path) -> None:
    code, out, _ = run("validate", "--data", str(DATA))
    assert code == 0 and "is valid" in out and "evidence quotes" in out


def test_data_error_exits_1_with_every_problem(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "base", data)
    shutil.copytree(FIXTURES / "bad" / "many_errors", data, dirs_exist_ok=True)
    code, out, err = run("--data", str(data), "--out", str(tmp_path / "out"))
    assert code == 1 and out == ""
    assert err.startswith("error: 4 problems in the data:")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "turtl"], "unknown format 'turtl' (did you mean 'turtle'?); choose from turtle, ntriples"),
        (["frobnicate"], "invalid choice"),
        (["--nope"], "unrecognized arguments"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(*args, "--data", str(DATA))
    assert code == 2
    assert message in err + capsys.readouterr().err


def test_help_shows_examples(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("validate", "--help")[0] == 0
    assert "example: python build_graph.py validate" in capsys.readouterr().out


def test_script_from_a_fresh_process(tmp_path: Path) -> None:
    """`python build_graph.py` with its defaults, run from the repository root."""
    proc = subprocess.run(
        [sys.executable, "build_graph.py", "--out", str(tmp_path / "out"), "--format", "turtle"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out" / "graph.ttl").exists()


def test_bad_data_from_a_fresh_process_has_no_traceback(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "x.yaml").write_text("entities: [\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(ROOT / "build_graph.py"), "--data", str(data), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and "x.yaml:" in proc.stderr


def test_console_script_is_the_same_cli() -> None:
    exe = shutil.which("cdkg")
    if exe is None:
        pytest.fail("the `cdkg` console script is not installed: pip install -e '.[test]'")
    proc = subprocess.run([exe, "validate", "--data", str(DATA)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and "is valid" in proc.stdout
