"""The inputs' fingerprint (graph/snapshot.py): a file is read again unless its stat marks say it cannot
have changed, and a file changed too recently to tell is always read."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from graph import build, inputs, snapshot
from graph.inputs import RACY_NS, fingerprint
from graph.schema import DEFAULT_SCHEMA
from graph.snapshot import MODEL, header_of, read_snapshot

from .test_snapshot import ask

LONG_AGO = 1_500_000_000  # 2017


@pytest.fixture
def no_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files made by the test are seconds old (their ctime, which no one can set back, says so): mark them."""
    monkeypatch.setattr(inputs, "RACY_NS", 0)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    read: list[str] = []
    digest = inputs._digest

    def counting(path: Path) -> str:
        read.append(path.name)
        return digest(path)

    monkeypatch.setattr(inputs, "_digest", counting)
    return read


def test_unchanged_files_are_not_read_again(
    make_data: Callable[..., Path], counted: list[str], no_window: None
) -> None:
    data = make_data()
    first = fingerprint(data, str(DEFAULT_SCHEMA))
    assert set(first.marks) == set(first)
    counted.clear()
    again = fingerprint(data, str(DEFAULT_SCHEMA), known=(dict(first), first.marks))
    assert again == first
    read = set(counted)
    assert not read & {Path(n).name for n in first.marks}, read


def test_a_recent_file_is_read_every_time(make_data: Callable[..., Path], counted: list[str]) -> None:
    data = make_data()
    first = fingerprint(data, str(DEFAULT_SCHEMA))  # every file was written now: within the window
    assert "data/entities.yaml" not in first.marks and "data/relations.yaml" not in first.marks
    counted.clear()
    fingerprint(data, str(DEFAULT_SCHEMA), known=(dict(first), {n: [0, 0, 0, 0, 0] for n in first}))
    assert {"entities.yaml", "relations.yaml", "sources.yaml"} <= set(counted)


def test_an_edit_that_keeps_the_size_and_the_mtime_is_seen(
    make_data: Callable[..., Path], tmp_path: Path, no_window: None
) -> None:
    """A write changes the ctime, which cannot be set back: the edit is seen though size and mtime are kept."""
    data = make_data()
    for p in data.rglob("*"):
        os.utime(p, (LONG_AGO, LONG_AGO))
    out = tmp_path / "out"
    build(data, out, formats=["graphml"])
    header = header_of(out / MODEL)
    assert header is not None and "data/relations.yaml" in header["marks"], "old files are marked"
    before, _ = ask(data, out, "relations", "alibaba", "--json")
    rel = data / "relations.yaml"
    text = rel.read_text(encoding="utf-8")
    edited = text.replace("start: 2016-04", "start: 2016-03", 1)
    assert len(edited) == len(text) and edited != text
    rel.write_text(edited, encoding="utf-8")
    os.utime(rel, (LONG_AGO, LONG_AGO))
    assert rel.stat().st_size == len(text.encode()) and rel.stat().st_mtime_ns == LONG_AGO * 10**9
    found = read_snapshot(out, data, str(DEFAULT_SCHEMA))
    assert isinstance(found, snapshot.Stale) and "relations.yaml changed" in found.reason, found
    after, _ = ask(data, out, "relations", "alibaba", "--json")
    assert after != before, "the answer is the edited data's"


def test_the_window_is_seconds_not_days() -> None:
    assert 0 < RACY_NS <= 5_000_000_000
