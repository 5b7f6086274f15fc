"""Building: deterministic bytes, and a failed build changes nothing."""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import IO

import pytest
import yaml
from rdflib import URIRef

from graph import FORMATS, DataError, OutputError, build, load
from graph import pipeline as output_module
from graph import staging as staging_module
from graph.cli import main
from graph.model.loader import ID_PATTERN
from graph.rdf.export import to_rdf
from graph.snapshot import FOLDER

from .conftest import DATA, FIXTURES, ROOT

BASE_DATA = FIXTURES / "base"


def _digests(out: Path) -> dict[str, str]:
    """Every output's digest (not the snapshot's: it names the data directory, and records where each record is)."""
    return {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.relative_to(out).parts[0] != FOLDER
    }


def test_build_writes_every_format(built: Path) -> None:
    written = sorted(str(p.relative_to(built)) for p in built.rglob("*") if p.is_file())
    outputs = sorted(path for f in FORMATS.values() for path in f.paths)
    assert [w for w in written if not w.startswith(f"{FOLDER}/")] == outputs and (built / FOLDER).is_dir()


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

    monkeypatch.setattr(staging_module.os, "fsync", disk_full_on_third_file)
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

    monkeypatch.setattr(staging_module.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build(FIXTURES / "base", out)
    assert _digests(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_a_writer_failing_midway_leaves_previous_outputs_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outputs stream into their temporary files: one that breaks off leaves nothing behind."""
    out = tmp_path / "out"
    build(DATA, out)
    before = _digests(out)

    def half_then_broken(ctx: object, fh: IO[bytes]) -> None:
        fh.write(b"<html>half a page")
        raise RuntimeError("the writer broke")

    monkeypatch.setitem(output_module.FORMATS, "html", replace(output_module.FORMATS["html"], write=half_then_broken))
    with pytest.raises(RuntimeError, match="the writer broke"):
        build(FIXTURES / "base", out)
    assert _digests(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith(".")], "temporary files left behind"


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
    assert result.triples > 0 and len(result.files) == sum(len(f.paths) for f in FORMATS.values())
    assert load(FIXTURES / "base").entities.keys() == set(result.graph.nodes) - {"lawsuit_gucci", "withdrawal_kors"}


def test_an_unwritable_output_directory_leaves_previous_outputs_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Simulated, as root writes through any permission: no file can be created in out/."""
    out = tmp_path / "out"
    build(FIXTURES / "base", out)
    before = _digests(out)

    def refused(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(staging_module.tempfile, "mkstemp", refused)
    with pytest.raises(OutputError, match=r"Permission denied.*previous outputs are unchanged"):
        build(FIXTURES / "base", out)
    err = io.StringIO()
    assert main(["--data", str(FIXTURES / "base"), "--out", str(out)], io.StringIO(), err) == 1
    assert "Permission denied" in err.getvalue() and "Traceback" not in err.getvalue()
    assert _digests(out) == before


def test_a_refused_rename_leaves_previous_outputs_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    build(FIXTURES / "base", out)
    before = _digests(out)

    def refused(self: Path, target: object) -> Path:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "replace", refused)
    with pytest.raises(OutputError, match="Permission denied"):
        build(FIXTURES / "base", out)
    monkeypatch.undo()
    assert _digests(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith(".")], "temporary files left behind"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only directory; the test above simulates it")
def test_a_read_only_output_directory(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(DATA, out)
    before = _digests(out)
    out.chmod(0o555)
    try:
        with pytest.raises(OutputError, match="previous outputs are unchanged"):
            build(FIXTURES / "base", out)
    finally:
        out.chmod(0o755)
    assert _digests(out) == before


# -- strings from data never make an IRI ------------------------------------------------


@pytest.mark.parametrize("hostile", [False, True], ids=["data", "hostile"])
def test_every_iri_is_built_from_a_validated_id(hostile: bool, make_data: Callable[..., Path]) -> None:
    dataset = load(make_data(FIXTURES / "hostile")) if hostile else load(DATA)
    records = {*dataset.entities, *dataset.facts, *dataset.relations}
    base = "https://w3id.org/cdkg/"
    iris = {str(t) for triple in to_rdf(dataset) for t in triple if isinstance(t, URIRef) and str(t).startswith(base)}
    assert iris
    for iri in iris:
        kind, _, local = iri.removeprefix(base).partition("/")
        if kind.startswith("ontology#"):
            local = kind.partition("#")[2]
        assert ID_PATTERN.match(local), iri
        if kind == "id":
            assert local in records, iri
        elif kind == "source":
            assert local in dataset.sources, iri
        elif kind == "statement":  # a relation, `<record>.evN`, `<record>.<date>`, `<fact>.<relation type>.<id>.<id>`
            source, _, rest = local.partition(".")
            assert (
                any(local == r or local.startswith(f"{r}.") for r in records)
                or (rest == "published" and source in dataset.sources)  # a publication, curated
                or (source in dataset.sources and re.fullmatch(r"nc[0-9]+(\.quote|\.position)?", rest))  # not curated
            ), iri


# -- order does not matter ---------------------------------------------------------------


def _copy_reversed(source: Path, target: Path) -> None:
    """Copy ``source``, creating its files in reverse order."""
    files = sorted((p for p in source.rglob("*") if p.is_file()), reverse=True)
    for path in files:
        (target / path.relative_to(source)).parent.mkdir(parents=True, exist_ok=True)
        (target / path.relative_to(source)).write_bytes(path.read_bytes())


def test_file_order_does_not_change_any_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files created in reverse order, and listed in reverse order too."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shutil.copytree(DATA, tmp_path / "a" / "data")
    _copy_reversed(DATA, tmp_path / "b" / "data")
    monkeypatch.chdir(tmp_path / "a")  # the same relative data path: it appears in GraphML's `origin`
    build("data", "out")
    listing = Path.rglob
    monkeypatch.setattr(Path, "rglob", lambda self, pattern: reversed(list(listing(self, pattern))))
    monkeypatch.chdir(tmp_path / "b")
    build("data", "out")
    assert _digests(tmp_path / "a" / "out") == _digests(tmp_path / "b" / "out")


def test_moving_records_between_files_changes_only_their_origin(tmp_path: Path) -> None:
    """Every record in one file, each list reversed: only the `origin` (file:line) of GraphML, GEXF and
    the CSV tables of nodes and edges may differ."""
    merged: dict[str, list[object]] = {}
    for path in sorted(BASE_DATA.rglob("*.yaml")):
        for section, records in yaml.safe_load(path.read_text(encoding="utf-8")).items():
            merged.setdefault(section, []).extend(records or [])
    moved = tmp_path / "moved"
    shutil.copytree(BASE_DATA / "sources", moved / "sources")
    text = yaml.safe_dump({k: v[::-1] for k, v in merged.items()}, allow_unicode=True, sort_keys=False, width=200)
    (moved / "all.yaml").write_text(text, encoding="utf-8")
    build(BASE_DATA, tmp_path / "a")
    build(moved, tmp_path / "b")
    a, b = _digests(tmp_path / "a"), _digests(tmp_path / "b")
    with_origin = {"graph.graphml", "graph.gexf", "csv/nodes.csv", "csv/edges.csv"}
    assert {k for k in a if a[k] != b[k]} == with_origin | {
        f"csv/neo4j/{n}" for n in ("nodes.csv", "relationships.csv")
    }
    for name in with_origin - {"graph.graphml"}:
        first, second = (
            re.sub(r"[^,\"\s>]*\.yaml:\d+", "", (tmp_path / d / name).read_text(encoding="utf-8")) for d in "ab"
        )
        assert first == second, name

    def without_origin(path: Path) -> str:
        return re.sub(r'<data key="[^"]+">[^<]*\.yaml:\d+</data>', "", path.read_text(encoding="utf-8"))

    graphml = [p / "graph.graphml" for p in (tmp_path / "a", tmp_path / "b")]
    assert without_origin(graphml[0]) == without_origin(graphml[1])
    assert "all.yaml:" in graphml[1].read_text(encoding="utf-8")


def test_a_rename_failing_midway_puts_back_what_was_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The third rename fails: the two files already replaced get their previous content back."""
    out = tmp_path / "out"
    build(DATA, out)
    before = _digests(out)
    real_replace = Path.replace
    calls = {"n": 0}

    def failing_third(self: Path, target: str | os.PathLike[str]) -> Path:
        if str(self).endswith(".tmp"):
            calls["n"] += 1
            if calls["n"] == 3:
                raise OSError(5, "Input/output error")
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", failing_third)
    with pytest.raises(OutputError, match="Input/output error"):
        build(FIXTURES / "base", out)
    assert calls["n"] == 3
    assert _digests(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith(".")], "temporary files left behind"
