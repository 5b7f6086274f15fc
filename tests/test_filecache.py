"""The loader's file cache (:mod:`graph.model.filecache`, kept in a file by :mod:`graph.snapshot`).

A load from the cache must be the load without it: the same dataset on valid
data, the same problems in the same order on invalid data, whichever files
changed since; and it reads again only the files whose bytes changed. A cache
file that cannot be trusted is ignored.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.generate import generate
from bench.queries import split_relations
from graph.cachefile import FILE_CACHE, read_file_cache, write_file_cache
from graph.errors import DataError
from graph.model import evidence, problems, structure
from graph.model.filecache import FileCache
from graph.model.loader import load
from graph.schema import load_schema

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data"
SCHEMA = ROOT / "graph" / "schema" / "schema.yaml"
BAD = sorted(p for p in (ROOT / "tests" / "fixtures" / "bad").iterdir() if p.is_dir())


def outcome(data: Path, cache: FileCache | None = None, schema: Any = None) -> Any:
    """What a load gives: the dataset, or the problems it raised."""
    try:
        return load(data, schema, cache=cache)
    except DataError as exc:
        return exc.problems


class Cached:
    """Loads through a cache file, as a build does: read the cache, load with it, write it back."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.cache = FileCache()

    def load(self, data: Path, schema: Any = None) -> Any:
        self.cache = read_file_cache(self.path)
        found = outcome(data, self.cache, schema)
        write_file_cache(self.path, self.cache)
        return found


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """The data files the loader parses (by the name shown), counted."""
    seen: Counter[str] = Counter()
    read = structure.read_yaml

    def counting(path: Path, shown: str, raw: bytes | None = None) -> Any:
        seen[Path(shown).name] += 1
        return read(path, shown, raw)

    monkeypatch.setattr(structure, "read_yaml", counting)
    return seen


@pytest.fixture
def seed(tmp_path: Path) -> Path:
    """A copy of the seed data, to edit."""
    shutil.copytree(SEED, tmp_path / "data")
    return tmp_path / "data"


@pytest.fixture
def generated(tmp_path: Path) -> Path:
    """300 generated relations in 9 files, with entities, facts and sources in 3 more."""
    generate(300, tmp_path / "gen")
    split_relations(tmp_path / "gen", 12)
    return tmp_path / "gen"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_seed_data_from_the_cache_is_the_same(seed: Path, tmp_path: Path, parsed: Counter[str]) -> None:
    cached = Cached(tmp_path / "out" / FILE_CACHE)
    first = cached.load(seed)
    assert isinstance(first, type(load(SEED))) and first == outcome(seed)
    files = sorted(p.name for p in seed.glob("*.yaml"))
    assert sorted(parsed) == files and cached.cache.checked == len(files)
    parsed.clear()
    assert cached.load(seed) == first
    assert not parsed and cached.cache.checked == 0  # nothing read or checked on its own again
    assert stat.S_IMODE(cached.path.stat().st_mode) == 0o600


def _edit_one(data: Path) -> set[str]:
    _edit(data / "brands.yaml", "name: Gucci", "name: Gucci Italia")
    return {"brands.yaml"}


def _add_one(data: Path) -> set[str]:
    (data / "zz-more.yaml").write_text(
        "entities:\n  - {id: another-brand, type: Company, name: Another Brand}\n", encoding="utf-8"
    )
    return {"zz-more.yaml"}


def _delete_one(data: Path) -> set[str]:
    (data / "opinions.yaml").unlink()
    return set()


def _change_a_source(data: Path) -> set[str]:
    text = next((data / "sources").iterdir())
    text.write_text(text.read_text(encoding="utf-8") + "\nA line added to the source.\n", encoding="utf-8")
    return set()


@pytest.mark.parametrize("change", [_edit_one, _add_one, _delete_one, _change_a_source])
def test_a_cache_kept_in_memory_gives_what_a_load_without_it_gives(change: Any, seed: Path) -> None:
    cache = FileCache()
    outcome(seed, cache)
    again = change(seed)
    assert outcome(seed, cache) == outcome(seed) and cache.parsed == len(again)


@pytest.mark.parametrize("change", [_edit_one, _add_one, _delete_one, _change_a_source])
def test_after_a_change_the_cache_gives_what_a_load_without_it_gives(
    change: Any, seed: Path, tmp_path: Path, parsed: Counter[str]
) -> None:
    cached = Cached(tmp_path / "out" / FILE_CACHE)
    cached.load(seed)
    parsed.clear()
    again = change(seed)
    from_cache = cached.load(seed)
    assert set(parsed) == again  # only what changed is read again
    present = {f"{seed}/{p.name}" for p in seed.glob("*.yaml")}
    assert set(cached.cache.entries) == present  # a file deleted is dropped from the cache
    assert from_cache == outcome(seed)


def test_a_changed_source_text_checks_every_file_again_but_reads_none(seed: Path, tmp_path: Path) -> None:
    cached = Cached(tmp_path / "out" / FILE_CACHE)
    cached.load(seed)
    _change_a_source(seed)
    cached.load(seed)
    assert cached.cache.parsed == 0 and cached.cache.checked == len(list(seed.glob("*.yaml")))


def test_another_schema_empties_the_cache(seed: Path, tmp_path: Path, parsed: Counter[str]) -> None:
    cached = Cached(tmp_path / "out" / FILE_CACHE)
    cached.load(seed)
    schema = tmp_path / "schema.yaml"
    text = SCHEMA.read_text(encoding="utf-8")
    assert "    label: Brand / company\n" in text
    schema.write_text(
        text.replace("    label: Brand / company\n", "    label: Brand or company\n", 1), encoding="utf-8"
    )
    parsed.clear()
    assert cached.load(seed, schema) == outcome(seed, schema=load_schema(schema))
    assert len(parsed) == len(list(seed.glob("*.yaml")))


def test_an_edit_against_cached_files_is_reported_as_without_the_cache(generated: Path, tmp_path: Path) -> None:
    """A duplicate id and a dangling reference in the edited file, against records of cached files."""
    cached = Cached(tmp_path / "out" / FILE_CACHE)
    assert not isinstance(cached.load(generated), list)
    first, last = sorted(generated.glob("relations-*.yaml"))[0], sorted(generated.glob("relations-*.yaml"))[-1]
    taken = first.read_text(encoding="utf-8").split("\n  - id: ", 2)[1].split("\n", 1)[0]
    mine = last.read_text(encoding="utf-8").split("\n  - id: ", 2)[1].split("\n", 1)[0]
    _edit(last, f"- id: {mine}\n", f"- id: {taken}\n")
    _edit(last, "    subject: ", "    subject: nobody-at-all\n    x_subject: ")
    from_cache = cached.load(generated)
    assert cached.cache.parsed == 1
    assert from_cache == outcome(generated)
    messages = [p.message for p in from_cache]
    assert any(m.startswith(f"duplicate id '{taken}'") for m in messages)
    assert "unknown entity 'nobody-at-all'" in messages and "unknown field" in messages


def test_records_named_by_their_place_are_named_as_without_the_cache(seed: Path, tmp_path: Path) -> None:
    """``entity #3`` counts the entities of every file before it: an edit to an earlier file renames it."""
    (seed / "zz-late.yaml").write_text("entities:\n  - {type: Company, name: No Id}\n", encoding="utf-8")
    cached = Cached(tmp_path / "out" / FILE_CACHE)
    before = cached.load(seed)
    (seed / "aa-early.yaml").write_text("entities:\n  - {type: Company, name: Also No Id}\n", encoding="utf-8")
    after = cached.load(seed)
    assert after == outcome(seed) and [p.record for p in after] != [p.record for p in before]


def test_the_budgets_shared_by_every_problem_are_spent_as_without_the_cache(
    generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The "did you mean" and "where the quote parts ways" of every problem draw on budgets of the whole load."""
    monkeypatch.setattr(problems, "SUGGESTION_BUDGET", 60)  # the first record: 17 fields, 27 types
    monkeypatch.setattr(evidence, "WHERE_BUDGET", 1)
    for path in sorted(generated.glob("relations-*.yaml"))[:3]:
        _edit(path, "type: ", "type: membr_of\n    typo: ")
        _edit(path, 'quote: "', 'quote: "Not in the source. ')
    cached = Cached(tmp_path / "out" / FILE_CACHE)
    assert cached.load(generated) == outcome(generated)
    _edit(sorted(generated.glob("relations-*.yaml"))[1], 'quote: "', 'quote: "Wrong again. ')
    from_cache = cached.load(generated)
    assert cached.cache.parsed == 1 and from_cache == outcome(generated)
    hints = [p.suggestion for p in from_cache if p.field == "type"]
    assert hints[0] and not hints[-1]  # the budget ran out between the first and the last


@pytest.mark.parametrize("case", BAD[::4], ids=[p.name for p in BAD[::4]])
def test_bad_fixtures_from_the_cache(case: Path, make_data: Any, tmp_path: Path) -> None:
    data = make_data(case)
    cached = Cached(tmp_path / "out" / FILE_CACHE)
    without = outcome(data)
    assert isinstance(without, list) and cached.load(data) == without and cached.load(data) == without


def _damage(path: Path, how: str) -> None:
    raw = path.read_bytes()
    if how == "truncated":
        path.write_bytes(raw[: len(raw) - 100])
    elif how == "damaged":
        path.write_bytes(raw[:-50] + bytes([raw[-50] ^ 1]) + raw[-49:])
    elif how == "garbage":
        path.write_bytes(b"\x80\x04not a cache at all")
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "other code":
        path.write_bytes(raw.replace(b'"code": "', b'"code": "0', 1))
    elif how == "a snapshot":
        path.write_bytes(raw.replace(b"CDKG-FILECACHE\n", b"CDKG-SNAPSHOT\n", 1))
    elif how == "a FIFO":
        path.unlink()
        os.mkfifo(path)
    elif how == "writable by others":
        path.chmod(0o664)
    elif how == "another owner's":
        if not hasattr(os, "geteuid") or os.geteuid() != 0:
            pytest.skip("needs root to give the file away")
        os.chown(path, os.geteuid() + 4242, -1)


@pytest.mark.parametrize(
    "how",
    [
        "truncated",
        "damaged",
        "garbage",
        "empty",
        "other code",
        "a snapshot",
        "writable by others",
        "another owner's",
        "a FIFO",
    ],
)
def test_a_cache_that_cannot_be_trusted_is_ignored(how: str, seed: Path, tmp_path: Path) -> None:
    cached = Cached(tmp_path / "out" / FILE_CACHE)
    expected = cached.load(seed)
    _damage(cached.path, how)
    assert cached.load(seed) == expected
    assert cached.cache.parsed == len(list(seed.glob("*.yaml")))  # everything read anew
    assert cached.load(seed) == expected and cached.cache.parsed == 0  # and the cache written again


_EDITS = ("duplicate", "dangle", "drop", "misquote", "redate", "retype")


def _apply(data: Path, edit: str, which: int) -> None:
    files = sorted(data.glob("relations-*.yaml"))
    path = files[which % len(files)]
    other = files[(which + 1) % len(files)].read_text(encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    head, *records = text.split("\n  - id: ")
    i = which % len(records)
    rec = records[i]
    if edit == "duplicate":
        rec = other.split("\n  - id: ", 2)[1].split("\n", 1)[0] + "\n" + rec.split("\n", 1)[1]
    elif edit == "dangle":
        rec = rec.replace("    object: ", "    object: x", 1)
    elif edit == "drop":
        records.pop(i)
        path.write_text("\n  - id: ".join([head, *records]) + "\n", encoding="utf-8")
        return
    elif edit == "misquote":
        rec = rec.replace('quote: "', 'quote: "Misquoted ', 1)
    elif edit == "redate":
        rec = rec.replace("    type: ", "    date: 1999-02-30\n    type: ", 1)
    elif edit == "retype":
        rec = rec.replace("    type: ", "    type: x", 1)
    records[i] = rec
    path.write_text("\n  - id: ".join([head, *records]), encoding="utf-8")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.sampled_from(_EDITS), st.integers(0, 50)), min_size=1, max_size=3))
def test_any_edits_from_the_cache_are_as_without_it(edits: list[tuple[str, int]], tmp_path: Path) -> None:
    """Edits to generated data, one load after each: from the cache as without it."""
    work = tmp_path / "hyp"
    shutil.rmtree(work, ignore_errors=True)
    generate(60, work / "data")
    split_relations(work / "data", 8)
    cached = Cached(work / "out" / FILE_CACHE)
    cached.load(work / "data")
    for edit, which in edits:
        _apply(work / "data", edit, which)
        assert cached.load(work / "data") == outcome(work / "data")


def test_a_cache_a_killed_build_was_writing_is_tidied(tmp_path: Path) -> None:
    from graph.snapshot import FOLDER, tidy

    folder = tmp_path / FOLDER
    folder.mkdir()
    old, recent = folder / ".files.pickle.abc.tmp", folder / ".files.pickle.def.tmp"
    old.write_bytes(b"half")
    recent.write_bytes(b"being written")
    os.utime(old, (0, 0))
    tidy(tmp_path, "store-none")
    assert not old.exists() and recent.exists(), "an hour-old one goes; one another build may be writing stays"
