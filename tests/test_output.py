"""Building: deterministic bytes, and a failed build changes nothing."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from graph import FORMATS, DataError, OutputError, build, load
from graph import output as output_module

from .conftest import DATA, FIXTURES, ROOT


def _digests(out: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir())}


def test_build_writes_every_format(built: Path) -> None:
    assert sorted(p.name for p in built.iterdir()) == sorted(f.filename for f in FORMATS.values())


def test_two_builds_are_byte_identical_across_hash_seeds(tmp_path: Path, built: Path) -> None:
    """Each build in a fresh interpreter with a different hash seed."""
    digests = []
    for seed in ("1", "4242"):
        out = tmp_path / f"out-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, str(ROOT / "build_graph.py"), "--data", str(DATA), "--out", str(out)],
            check=True,
            capture_output=True,
            env=env,
            cwd=tmp_path,
            timeout=300,
        )
        digests.append(_digests(out))
    assert digests[0] == digests[1] == _digests(built)


def test_a_failed_build_leaves_previous_outputs_untouched(tmp_path: Path, make_data: Callable[..., Path]) -> None:
    out = tmp_path / "out"
    build(DATA, out)
    before = _digests(out)
    with pytest.raises(DataError):
        build(make_data(FIXTURES / "bad" / "unknown_reference"), out)
    assert _digests(out) == before


def test_a_write_failure_midway_leaves_previous_outputs_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    build(DATA, out)
    before = _digests(out)
    real_fsync = os.fsync
    calls = {"n": 0}

    def disk_full_on_third_file(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(output_module.os, "fsync", disk_full_on_third_file)
    with pytest.raises(OutputError, match=r"No space left on device.*previous outputs are unchanged"):
        build(FIXTURES / "base", out)
    assert _digests(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith(".")], "temporary files left behind"


def test_an_interrupt_midway_leaves_previous_outputs_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    build(DATA, out)
    before = _digests(out)

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(output_module.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build(FIXTURES / "base", out)
    assert _digests(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_output_directory_that_is_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("not a directory", encoding="utf-8")
    with pytest.raises(OutputError, match="cannot create output directory"):
        build(DATA, blocker)
    assert blocker.read_text(encoding="utf-8") == "not a directory"


def test_only_the_chosen_formats(tmp_path: Path) -> None:
    result = build(DATA, tmp_path / "out", formats=["turtle", "graphml"])
    assert sorted(result.files) == ["graph.graphml", "graph.ttl"]


def test_a_small_dataset_builds(tmp_path: Path) -> None:
    result = build(FIXTURES / "base", tmp_path / "out")
    assert result.triples > 0 and len(result.files) == len(FORMATS)
    assert load(FIXTURES / "base").entities.keys() == set(result.graph.nodes) - {"lawsuit_gucci", "withdrawal_kors"}
