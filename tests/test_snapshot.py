"""The snapshot (graph/snapshot.py, graph/fresh.py): read when fresh, rebuilt when not, never stale, never a mix."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import pickle
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from graph import build
from graph.cli import main
from graph.schema import DEFAULT_SCHEMA
from graph.snapshot import FOLDER, MODEL, Snapshot, header_of, read_snapshot, store_name

from .conftest import ROOT
from .test_hostile_io import kill, paused_build


class Terminal(io.StringIO):
    """A stderr that says it is a terminal, so that the snapshot's notes are shown."""

    def isatty(self) -> bool:
        return True


TERMINAL_CLI = """
import io, sys
from graph.cli import main
class Terminal(io.StringIO):
    def isatty(self):
        return True
err = Terminal()
code = main(sys.argv[1:], err=err)
sys.stderr.write(err.getvalue())
sys.exit(code)
"""
"""The command line in a process of its own, with a stderr that says it is a terminal."""


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), Terminal()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def ask(data: Path, out: Path, *args: str) -> tuple[str, str]:
    code, text, err = run(*args, "--data", str(data), "--out", str(out))
    assert code == 0, err
    return text, err


def names(data: Path, out: Path) -> tuple[set[str], str]:
    """The entities' names, by ``sparql`` on the store, and what was noted."""
    text, err = ask(data, out, "sparql", "SELECT ?n WHERE { ?e rdfs:label ?n }", "--format", "csv")
    return set(text.split("\n")[1:-1]), err


@pytest.fixture
def built(make_data: Callable[..., Path], tmp_path: Path) -> tuple[Path, Path]:
    data = make_data()
    out = tmp_path / "out"
    build(data, out)
    return data, out


def test_a_build_writes_a_snapshot_of_its_inputs(built: tuple[Path, Path]) -> None:
    data, out = built
    header = header_of(out / MODEL)
    assert header is not None and header["data"] == str(data.resolve())
    assert sorted(header["files"]) == [
        "data/entities.yaml",
        "data/facts.yaml",
        "data/relations.yaml",
        "data/sources.yaml",
        "data/sources/mini.txt",
        "schema",
    ]
    assert (out / FOLDER / store_name(header["files"]) / "CURRENT").is_file()
    assert (out / MODEL).stat().st_mode & 0o777 == 0o600, "only its owner may write (or read) the pickle"


def test_a_fresh_snapshot_is_read_without_a_note(built: tuple[Path, Path]) -> None:
    data, out = built
    for args in (["opponents", "alibaba"], ["camps"], ["stats"], ["sparql", "ASK { ?s ?p ?o }"]):
        _, err = ask(data, out, *args)
        assert err == "", f"{args}: {err}"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


NEW_FILE = """entities:
  - id: lvmh
    type: company
    name: LVMH Group
"""


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write(text)


@pytest.mark.parametrize(
    ("change", "noted", "name_in", "name_out"),
    [
        (lambda d: _edit(d / "entities.yaml", "name: Michael Kors", "name: Michael Kors Holdings"),
         "entities.yaml changed since the snapshot", "Michael Kors Holdings", "Michael Kors"),
        (lambda d: (d / "more.yaml").write_text(NEW_FILE, encoding="utf-8"),
         "more.yaml was added since the snapshot", "LVMH Group", None),
        (lambda d: (d / "sources" / "other.txt").write_text("Another text.\n", encoding="utf-8"),
         "sources/other.txt was added since the snapshot", "Gucci", None),
        (lambda d: _append(d / "sources" / "mini.txt", "\nA line no record quotes.\n"),
         "sources/mini.txt changed since the snapshot", "Gucci", None),
    ],
    ids=["edit", "add", "add-source-text", "source-text"],
)  # fmt: skip
def test_a_change_is_noticed_by_every_query(
    built: tuple[Path, Path], change: Callable[[Path], Any], noted: str, name_in: str, name_out: str | None
) -> None:
    data, out = built
    before, _ = names(data, out)
    change(data)
    after, err = names(data, out)
    assert noted in err and "writing a new snapshot" in err, err
    assert name_in in after and (name_out is None or name_out not in after), after
    assert names(data, out) == (after, ""), "the new snapshot is fresh"
    assert ask(data, out, "stats", "--json")[1] == "", "the model was written with the store"
    assert (before != after) == (name_out is not None or "LVMH Group" in after)


def test_a_deleted_file_is_noticed(built: tuple[Path, Path]) -> None:
    data, out = built
    (data / "more.yaml").write_text(NEW_FILE, encoding="utf-8")
    text, err = ask(data, out, "stats", "--json")
    assert "more.yaml was added" in err and json.loads(text)["entities"] > 0
    with_lvmh = json.loads(text)["entities"]
    (data / "more.yaml").unlink()
    text, err = ask(data, out, "stats", "--json")
    assert "more.yaml was deleted since the snapshot" in err, err
    assert json.loads(text)["entities"] == with_lvmh - 1


def test_a_schema_change_is_noticed(built: tuple[Path, Path], tmp_path: Path) -> None:
    data, out = built
    schema = tmp_path / "schema.yaml"
    schema.write_bytes(DEFAULT_SCHEMA.read_bytes())
    _, err = ask(data, out, "stats", "--schema", str(schema))
    assert "another schema file" in err, "another file is another schema"
    _, err = ask(data, out, "stats", "--schema", str(schema))
    assert err == ""
    _edit(schema, "inverse: owned by", "inverse: held by")
    # in a process of its own: a process reads a schema file once (graph.schema.load_schema caches it)
    done = subprocess.run(
        [sys.executable, "-c", TERMINAL_CLI, "relations", "gucci", "--schema", str(schema), "--data", str(data),
         "--out", str(out)],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "the schema changed since the snapshot" in done.stderr, done.stderr
    assert "held by Kering" in done.stdout and "owned by" not in done.stdout, done.stdout


def test_a_graph_command_writes_the_model_and_sparql_then_the_store(built: tuple[Path, Path]) -> None:
    data, out = built
    _edit(data / "entities.yaml", "name: Gucci", "name: Gucci S.p.A.")
    _, err = ask(data, out, "opponents", "alibaba")
    assert "changed since the snapshot" in err
    found = read_snapshot(out, data, str(DEFAULT_SCHEMA))
    assert isinstance(found, Snapshot) and not found.store.exists()
    after, err = names(data, out)
    assert "no store yet" in err and "Gucci S.p.A." in after
    assert names(data, out)[1] == ""
    stores = [p.name for p in (out / FOLDER).iterdir() if p.name.startswith("store-") and p.is_dir()]
    assert stores == [found.store.name]


# -- a snapshot that cannot be trusted is rebuilt, never unpickled --------------------


def _rewrite_header(path: Path, **changes: Any) -> None:
    with contextlib.closing(sqlite3.connect(path)) as con:
        (raw,) = con.execute("SELECT value FROM meta WHERE key = 'header'").fetchone()
        header = json.loads(raw)
        header.update(changes)
        con.execute("UPDATE meta SET value = ? WHERE key = 'header'", (json.dumps(header).encode(),))
        con.commit()


def _swap_row(path: Path, marker: str, digest: bool = False) -> None:
    """Put a pickle that writes ``marker`` in the place of Alibaba's row (and its digest too if ``digest``)."""
    evil = pickle.dumps(Boom(marker))
    with contextlib.closing(sqlite3.connect(path)) as con:
        if digest:
            check = hashlib.blake2b(evil, digest_size=16).digest()
            con.execute("UPDATE node SET data = ?, digest = ? WHERE id = 'alibaba'", (evil, check))
        else:
            con.execute("UPDATE node SET data = ? WHERE id = 'alibaba'", (evil,))
        con.commit()


class Boom:
    """Unpickling this writes a file: proof that a pickle was loaded."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (Path(self.marker).write_text, ("unpickled",))


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda p, m: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]), "cut short"),
        (lambda p, m: p.write_bytes(p.read_bytes()[:-1]), "cut short"),
        (lambda p, m: p.write_bytes(p.read_bytes()[:10]), "not a snapshot cdkg wrote"),
        (lambda p, m: p.write_bytes(b"\x80\x05" + pickle.dumps(Boom(m))), "not a snapshot cdkg wrote"),
        (lambda p, m: p.write_bytes(b""), "not a snapshot cdkg wrote"),
        (lambda p, m: p.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200), "not a snapshot cdkg wrote"),
        (lambda p, m: _rewrite_header(p, format="0"), "another version of cdkg"),
        (lambda p, m: _rewrite_header(p, code="0" * 64), "another version of cdkg"),
        (lambda p, m: p.chmod(0o666), "writable by others"),
    ],
    ids=["truncated", "its-last-byte-cut", "cut-in-its-header", "a-bare-pickle", "empty", "a-bare-sqlite-header",
         "older-format", "other-code", "writable-by-others"],
)  # fmt: skip
def test_a_damaged_or_foreign_snapshot_is_rebuilt(
    built: tuple[Path, Path], tmp_path: Path, damage: Callable[[Path, str], Any], reason: str
) -> None:
    data, out = built
    expected, _ = ask(data, out, "opponents", "alibaba", "--json")
    marker = tmp_path / "unpickled"
    damage(out / MODEL, str(marker))
    code, text, err = run("opponents", "alibaba", "--json", "--data", str(data), "--out", str(out))
    assert (code, text) == (0, expected), err
    assert reason in err and "Traceback" not in err, err
    assert not marker.exists(), "a pickle that failed its checks was loaded"
    assert ask(data, out, "opponents", "alibaba", "--json") == (expected, ""), "rebuilt, then fresh"


def test_a_damaged_row_is_never_unpickled(built: tuple[Path, Path], tmp_path: Path) -> None:
    """A row changed since it was written (its digest no longer matches) stops the query with a clear error
    and removes the file; the next query rebuilds it."""
    data, out = built
    expected, _ = ask(data, out, "opponents", "alibaba", "--json")
    marker = tmp_path / "unpickled"
    _swap_row(out / MODEL, str(marker))
    code, text, err = run("opponents", "alibaba", "--json", "--data", str(data), "--out", str(out))
    assert code != 0 and text == "" and not marker.exists(), (code, err)
    assert "model.sqlite is damaged" in err and "digest" in err and "Traceback" not in err, err
    assert not (out / MODEL).exists()
    assert ask(data, out, "opponents", "alibaba", "--json")[0] == expected


def test_the_digest_is_what_tells_damage_from_data(built: tuple[Path, Path], tmp_path: Path) -> None:
    """The mutant check: the same swapped row with a matching digest is read (so the digest is what stopped it
    above). Only the file's owner can write it: see graph/snapshot.py."""
    data, out = built
    marker = tmp_path / "unpickled"
    _swap_row(out / MODEL, str(marker), digest=True)
    run("opponents", "alibaba", "--json", "--data", str(data), "--out", str(out))
    assert marker.exists()


def test_a_snapshot_of_other_data_is_left_alone(built: tuple[Path, Path], make_data: Callable[..., Path]) -> None:
    data, out = built
    before = (out / MODEL).read_bytes()
    other = data.parent / "other"
    other.mkdir()
    for p in data.rglob("*"):
        if p.is_file():
            (other / p.relative_to(data)).parent.mkdir(parents=True, exist_ok=True)
            (other / p.relative_to(data)).write_bytes(p.read_bytes())
    _, err = ask(other, out, "stats")
    assert f"holds the snapshot of {data.resolve()}" in err and "reading the data" in err
    assert (out / MODEL).read_bytes() == before


def test_no_snapshot_folder_no_writing(make_data: Callable[..., Path], tmp_path: Path) -> None:
    """A query never makes an output directory: it writes a snapshot only where a build made one."""
    data = make_data()
    _, err = ask(data, tmp_path / "nowhere", "opponents", "alibaba")
    assert "no snapshot in" in err and not (tmp_path / "nowhere").exists()
    _, err = ask(data, tmp_path / "nowhere", "sparql", "ASK { ?s ?p ?o }")
    assert "no snapshot in" in err and not (tmp_path / "nowhere").exists()


def test_piped_the_notes_are_not_shown(built: tuple[Path, Path]) -> None:
    data, out = built
    _edit(data / "entities.yaml", "name: Gucci", "name: Gucci Group")
    stdout, stderr = io.StringIO(), io.StringIO()
    assert main(["stats", "--data", str(data), "--out", str(out)], out=stdout, err=stderr) == 0
    assert stderr.getvalue() == ""
    assert header_of(out / MODEL) is not None


# -- a query during a build reads the old snapshot or the new one ----------------------


@pytest.mark.parametrize(("mode", "after"), [("fsync", 3), ("rename", 0), ("rename", 2)])
def test_a_query_during_a_build_reads_the_old_or_the_new(
    built: tuple[Path, Path], tmp_path: Path, mode: str, after: int
) -> None:
    data, out = built
    query = "SELECT ?n WHERE { ?e rdfs:label ?n } ORDER BY ?n"
    old = ask(data, out, "opponents", "alibaba", "--json")[0], ask(data, out, "sparql", query)[0]
    other = tmp_path / "other-out"
    new_data = data
    _edit(data / "entities.yaml", "name: Michael Kors", "name: Michael Kors Holdings")
    build(new_data, other)
    new = ask(data, other, "opponents", "alibaba", "--json")[0], ask(data, other, "sparql", query)[0]
    assert old[0] != new[0] and old[1] != new[1]
    first = paused_build(tmp_path, mode, after, data, out)  # holds the lock, paused while writing or renaming
    try:
        found, err = ask(data, out, "opponents", "alibaba", "--json")
        assert found == new[0], "the data changed: never the stale snapshot"
        rows, err2 = ask(data, out, "sparql", query)
        assert rows == new[1]
        for noted in (err, err2):  # the stale snapshot is there, and the paused build holds the directory
            assert "entities.yaml changed since the snapshot" in noted and "a build is writing" in noted, noted
    finally:
        kill(first)
    assert ask(data, out, "opponents", "alibaba", "--json")[0] == new[0]


def test_a_query_while_a_build_of_the_same_data_waits_reads_the_snapshot(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    data, out = built
    expected = ask(data, out, "opponents", "alibaba", "--json")[0]
    first = paused_build(tmp_path, "rename", 1, data, out)
    try:
        assert ask(data, out, "opponents", "alibaba", "--json") == (expected, "")
        assert ask(data, out, "sparql", "ASK { cdk:gucci ?p ?o }", "--format", "json")[1] == ""
    finally:
        kill(first)
    assert os.path.exists(out / MODEL)


def test_out_before_the_command_is_the_snapshot_read(built: tuple[Path, Path]) -> None:
    data, out = built
    _edit(data / "entities.yaml", "name: Gucci", "name: Gucci Group")
    code, _, err = run("--out", str(out), "stats", "--data", str(data))
    assert code == 0 and f"writing a new snapshot into {out}/snapshot/" in err, err


def test_a_build_without_rdf_writes_the_model_and_sparql_the_store(
    make_data: Callable[..., Path], tmp_path: Path
) -> None:
    """The store is made from the RDF lines, which a GraphML-only build does not make."""
    data, out = make_data(), tmp_path / "out"
    build(data, out, formats=["graphml"])
    assert header_of(out / MODEL) is not None
    assert not [p for p in (out / FOLDER).iterdir() if p.name.startswith("store-")]
    assert ask(data, out, "stats")[1] == ""
    rows, err = names(data, out)
    assert "no store yet" in err and "Gucci" in rows
    assert names(data, out) == (rows, "")
