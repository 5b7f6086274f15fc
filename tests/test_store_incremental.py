"""The snapshot's store made from the previous one and the difference (graph/rdf/oxstore.py, graph/snapshot.py):
the same quads as a full load after every kind of edit, a full load when the difference is large or the
previous text cannot be trusted, and the store written in a child process that a failure never leaves behind."""

from __future__ import annotations

import multiprocessing
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from bench.generate import generate
from graph import build, pipeline
from graph import snapshot as snap
from graph.errors import OutputError
from graph.rdf import oxstore
from graph.schema import DEFAULT_SCHEMA
from graph.snapshot import FOLDER, MODEL, header_of, held_store, read_snapshot, store_name, store_text

from .conftest import ROOT

RDF = ["ntriples"]  # the store is made from the RDF lines: one RDF output is enough, and fast


def _dump(store: str) -> tuple[list[str], list[str]]:
    opened = ox.Store.read_only(store)
    text = opened.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8")
    return sorted(text.splitlines()), sorted(str(g) for g in opened.named_graphs())


def quads(store: Path) -> tuple[list[str], list[str]]:
    """A store's quads as sorted N-Quads lines, and its named graphs: read in a child process, so that
    this one never starts RocksDB (and may fork the build's store writer: graph.snapshot.may_fork)."""
    with multiprocessing.get_context("fork").Pool(1) as pool:
        return pool.apply(_dump, (str(store),))


def text_quads(text: Path) -> tuple[list[str], list[str]]:
    """The quads of a store's text, loaded into a store in memory and dumped as :func:`quads` does."""
    opened = ox.Store()
    opened.load(path=str(text), format=ox.RdfFormat.N_QUADS)
    dumped = opened.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8")
    return sorted(dumped.splitlines()), sorted(str(g) for g in opened.named_graphs())


def current_store(out: Path) -> Path:
    header = header_of(out / MODEL)
    assert header is not None
    return out / FOLDER / store_name(header["files"])


def full_load(data: Path, tmp_path: Path, schema: Path = DEFAULT_SCHEMA) -> tuple[list[str], list[str]]:
    """The quads of the store a build into a new output directory loads."""
    fresh = tmp_path / f"fresh-{time.monotonic_ns()}"
    result = build(data, fresh, formats=RDF, schema=schema)
    assert result.store.startswith("loaded"), result.store
    return quads(current_store(fresh))


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    generate(200, target)  # 5 sources, 199 relations: 31,108 quads
    return target


def _edit(path: Path, pattern: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    changed, n = re.subn(pattern, new, text, count=count, flags=re.M)
    assert n, f"{pattern} not in {path}"
    path.write_text(changed, encoding="utf-8")


def _drop_relation(data: Path) -> None:
    path = data / "relations-001.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: r0000003\n")
    path.write_text(text[:start] + text[text.index("  - id: r0000004\n") :], encoding="utf-8")


def _drop_source_quotes(data: Path) -> None:
    """Every quote of src00004 quotes src00000 instead: src00004's named graph is gone."""
    kept = re.search(r"\{source: src00000, quote: [^}]*\}", (data / "relations-001.yaml").read_text()).group(0)  # type: ignore[union-attr]
    for path in data.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"\{source: src00004, quote: [^}]*\}", kept, text), encoding="utf-8")


EDITS: dict[str, Callable[[Path], None]] = {
    "a record changed": lambda d: _edit(d / "entities.yaml", r"name: Company 2$", "name: Company Two"),
    "a record added": lambda d: (d / "more.yaml").write_text(
        "entities:\n  - id: com9999999\n    type: company\n    name: Company Added\n", encoding="utf-8"
    ),
    "a record deleted": _drop_relation,
    "a source's text changed": lambda d: (d / "sources/src00001.txt").write_text(
        "A preface moves every quote.\n" + (d / "sources/src00001.txt").read_text(encoding="utf-8"), encoding="utf-8"
    ),
    "a source's graph emptied": _drop_source_quotes,
}


def edits_scenario(data: Path, tmp_path: Path, background: bool | str, *only: str) -> None:
    """Every edit of :data:`EDITS` (or those named ``only``) in turn, each rebuild's store compared with a
    full load's."""
    out = tmp_path / "out"
    assert build(data, out, formats=RDF).store.startswith("loaded")
    for what, edit in EDITS.items():
        if only and what not in only:
            continue
        before = current_store(out)
        edit(data)
        result = build(data, out, formats=RDF)
        assert result.store.startswith("updated a copy of the previous store"), f"{what}: {result.store}"
        assert not result.store.startswith("updated a copy of the previous store: 0 "), f"{what}: nothing changed"
        assert result.store.endswith(", in a child process") == bool(background), f"{what}: {result.store}"
        store = current_store(out)
        assert store != before and not before.exists() and not store_text(before).exists(), what
        assert quads(store) == full_load(data, tmp_path), what
        assert text_quads(store_text(store)) == quads(store), f"{what}: the text is not its store's"
    left = sorted(p.name for p in (out / FOLDER).iterdir())
    assert left == sorted(["files.pickle", "model.sqlite", store.name, store.name + ".nq"]), left


SCENARIO = """
import sys
from pathlib import Path
import tests.test_store_incremental as t
from bench.generate import generate
tmp = Path(sys.argv[1])
generate(200, tmp / "data")
getattr(t, sys.argv[2])(tmp / "data", tmp, *sys.argv[3:])
"""


def in_fresh_process(tmp_path: Path, scenario: str, *args: str) -> None:
    """Run ``scenario`` in a new interpreter: one where no RocksDB ran, so that the build forks its child
    (a pytest worker may have opened a store in an earlier test)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", SCENARIO, str(tmp_path), scenario, *args],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]


def test_every_edit_gives_the_store_a_full_load_gives_in_a_child_process(tmp_path: Path) -> None:
    # the path a build from the command line takes; the other edits are the sequential path's below
    in_fresh_process(tmp_path, "edits_scenario", "1", "a record changed", "a record added", "a source's text changed")


def test_every_edit_gives_the_store_a_full_load_gives_without_fork(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(snap, "BACKGROUND", False)  # the edits the child's test leaves, and one it makes
    edits_scenario(data, tmp_path, False, "a record changed", "a record deleted", "a source's graph emptied")


def test_a_schema_change_updates_the_store_or_loads_it_when_most_quads_change(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(data, out, formats=RDF)
    small = tmp_path / "small.yaml"  # each schema in a file of its own: a process reads a schema file once
    small.write_text(DEFAULT_SCHEMA.read_text(encoding="utf-8").replace("iri: org:memberOf", "iri: org:memberIn"))
    result = build(data, out, formats=RDF, schema=small)
    assert result.store.startswith("updated"), result.store
    assert quads(current_store(out)) == full_load(data, tmp_path, small)
    every = tmp_path / "every.yaml"  # another namespace: every IRI changes
    every.write_text(small.read_text().replace("namespace: https://w3id.org/cdkg/", "namespace: https://x.test/k/"))
    result = build(data, out, formats=RDF, schema=every)
    assert result.store.startswith("loaded"), f"over {oxstore.MOST_CHANGED:.0%} changed: {result.store}"
    assert quads(current_store(out)) == full_load(data, tmp_path, every)


@pytest.mark.parametrize(
    "damage",
    [
        lambda t: t.write_text("".join(t.read_text().splitlines(keepends=True)[:-3])),  # truncated
        lambda t: t.write_text(t.read_text().replace("quads in the default graph", "quads", 1)),  # not as written
        lambda t: t.write_text(t.read_text().replace('"Company 2"', '"Company 3"')),  # two lines the same
        lambda t: t.unlink(),
    ],
    ids=["truncated", "a damaged comment", "not its store's quads", "gone"],
)
def test_a_text_that_does_not_match_its_store_gives_a_full_load(
    data: Path, tmp_path: Path, damage: Callable[[Path], Any]
) -> None:
    out = tmp_path / "out"
    build(data, out, formats=RDF)
    damage(store_text(current_store(out)))
    EDITS["a record changed"](data)
    result = build(data, out, formats=RDF)
    assert result.store.startswith("loaded"), result.store  # anew: what a full load gives (tested above)
    store = current_store(out)
    assert text_quads(store_text(store)) == quads(store), "the new text is its store's"


def test_a_store_a_query_holds_is_kept_but_its_text_goes(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(data, out, formats=RDF)
    found = read_snapshot(out, data, str(DEFAULT_SCHEMA))
    assert not isinstance(found, snap.Stale)
    with held_store(found) as held:
        assert held is not None
        EDITS["a record changed"](data)
        build(data, out, formats=RDF)
        assert (held / "CURRENT").is_file() and not store_text(held).exists()
        assert quads(held) != quads(current_store(out)), "the held store is the old one, unchanged"


def _no_store_left(out: Path, kept: Path) -> None:
    names = sorted(p.name for p in (out / FOLDER).iterdir())
    assert names == sorted(["files.pickle", "model.sqlite", kept.name, kept.name + ".nq"]), names
    assert multiprocessing.active_children() == []


def child_failure_scenario(data: Path, tmp_path: Path) -> None:
    """The store's child fails (its disk full): the build's error, the snapshot as it was."""
    out = tmp_path / "out"
    build(data, out, formats=RDF)
    kept, model = current_store(out), (out / MODEL).read_bytes()

    def full(*_: Any) -> int:
        raise OSError(28, "No space left on device")

    oxstore.update_store = full  # type: ignore[assignment]  # the child forked from this process has it too
    oxstore.load_store = full  # type: ignore[assignment]
    EDITS["a record changed"](data)
    with pytest.raises(OutputError, match=r"cannot write the snapshot's store into .*: No space left on device"):
        build(data, out, formats=RDF)
    assert (out / MODEL).read_bytes() == model, "a failed build leaves the snapshot as it was"
    _no_store_left(out, kept)


def test_a_failure_in_the_child_is_the_builds_error(tmp_path: Path) -> None:
    in_fresh_process(tmp_path, "child_failure_scenario")


def build_failure_scenario(data: Path, tmp_path: Path, failure_name: str) -> None:
    """The build fails (Ctrl-C, a bug) while its child writes the store: the child killed, its store gone."""
    failure = {"KeyboardInterrupt": KeyboardInterrupt, "RuntimeError": RuntimeError}[failure_name]
    out = tmp_path / "out"
    build(data, out, formats=RDF)
    kept = current_store(out)
    pid_file = tmp_path / "child.pid"
    real = oxstore.update_store

    def slow(*args: Any) -> int | None:
        pid_file.write_text(str(os.getpid()))
        time.sleep(60)  # killed long before
        return real(*args)

    def failing(*_: Any, **__: Any) -> None:
        for _ in range(200):  # the child has started its work
            if pid_file.exists() and pid_file.read_text():
                break
            time.sleep(0.05)
        raise failure("stopped")

    oxstore.update_store = slow  # type: ignore[assignment]
    pipeline.write_model = failing  # type: ignore[assignment]
    EDITS["a record changed"](data)
    with pytest.raises(failure):
        build(data, out, formats=RDF)
    child = int(pid_file.read_text())
    assert child != os.getpid()
    with pytest.raises(ProcessLookupError):  # killed and reaped
        os.kill(child, 0)
    _no_store_left(out, kept)


@pytest.mark.parametrize("failure", ["KeyboardInterrupt", "RuntimeError"])
def test_a_failure_in_the_build_kills_the_child_and_discards_its_store(tmp_path: Path, failure: str) -> None:
    in_fresh_process(tmp_path, "build_failure_scenario", failure)
