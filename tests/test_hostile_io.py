"""Hostile files and directories: RDF that would go online or hang, import over the user's files,
two builds into one directory, a build killed while it commits."""

from __future__ import annotations

import hashlib
import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any, ClassVar

import pytest

from graph import build, load, to_rdf
from graph.cachefile import FILE_CACHE
from graph.cli import main
from graph.rdf.parse import MAX_JSONLD_DEPTH
from graph.snapshot import FOLDER, MODEL, header_of
from graph.staging import JOURNAL, LOCK_INFO, STAGE_PREFIX, Staging

from .conftest import BASE, DATA, FIXTURES, ROOT, local_server

BAD_RDF = sorted(p for p in (FIXTURES / "bad_rdf").iterdir() if p.is_dir())


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def digests(directory: Path) -> dict[str, str]:
    """Each file's digest; a snapshot's store (a database, whose files differ from one writing to the next)
    by its folder's name, which is made from its inputs (under a name beginning with "." if a build left it
    half-made), its model by the inputs it records, and the loader's file cache by its being there (a build
    writes it as soon as the data are read, even if the build then fails: it is a cache, not an output)."""
    found = {}
    for p in sorted(directory.rglob("*")):
        rel = p.relative_to(directory)
        if len(rel.parts) >= 2 and rel.parts[0] == FOLDER and rel.parts[1].startswith(("store-", ".store-")):
            if len(rel.parts) == 2:
                found[("." if rel.parts[1].startswith(".") else "") + str(rel)] = "a store"
        elif rel.as_posix() == MODEL:
            found[str(rel)] = json.dumps((header_of(p) or {}).get("files"), sort_keys=True)
        elif rel.as_posix() == FILE_CACHE:  # the loader's cache, written once the data are read: not an output
            found[str(rel)] = "a cache"
        elif p.is_file():
            found[str(rel)] = hashlib.sha256(p.read_bytes()).hexdigest()
    return found


# -- RDF read back: the corpus, and what is too large to commit ------------------------


@pytest.mark.parametrize("case", BAD_RDF, ids=[p.name for p in BAD_RDF])
def test_hostile_rdf_is_refused_precisely(case: Path) -> None:
    file = next(p for p in case.iterdir() if p.name.startswith("graph."))
    code, out, err = run("import", str(file))
    assert (code, out) == (1, "")
    assert err == (case / "expected.txt").read_text(encoding="utf-8").replace("{file}", str(file))


class _Listener(BaseHTTPRequestHandler):
    heard: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).heard.append(self.path)
        body = b'{"@context": {"name": "http://www.w3.org/2000/01/rdf-schema#label"}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    handler = type("Handler", (_Listener,), {"heard": []})
    with local_server(handler) as url:
        yield url, handler.heard


@pytest.mark.parametrize(
    "context",
    ['"{url}/c.jsonld"', '{"@import": "{url}/c.jsonld"}', '["{url}/c.jsonld"]', '{"p": {"@context": "{url}/c"}}'],
)
def test_no_jsonld_context_is_fetched(context: str, listener: tuple[str, list[str]], tmp_path: Path) -> None:
    url, heard = listener
    doc = tmp_path / "g.jsonld"
    doc.write_text(f'{{"@context": {context.replace("{url}", url)}, "@id": "https://w3id.org/cdkg/id/x"}}')
    code, _, err = run("import", str(doc))
    assert code == 1 and "is not fetched: the reader never goes online" in err
    assert heard == []


def test_jsonld_nested_ten_thousand_levels(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for i, text in enumerate(['{"http://a/p": ' * 10_000 + '"x"' + "}" * 10_000, "[" * 10_000 + "]" * 10_000]):
        doc = tmp_path / f"deep{i}.jsonld"
        doc.write_text(text, encoding="utf-8")
        code, _, err = run("import", str(doc))
        assert code == 1 and err == (
            f"error: 1 problem in the data:\n  {doc}: nested more than {MAX_JSONLD_DEPTH} levels deep; not read\n"
        )
    assert "Traceback" not in capsys.readouterr().err


def test_turtle_nested_ten_thousand_levels(tmp_path: Path) -> None:
    doc = tmp_path / "deep.ttl"
    nested = "[ <http://a/p> " * 10_000 + "1" + " ]" * 10_000
    doc.write_text(f"<https://w3id.org/cdkg/id/x> <http://a/p> {nested} .")
    code, _, err = run("import", str(doc))
    assert code == 1 and err.startswith("error: ") and "cdk:x" in err


def test_a_literal_full_of_escapes(tmp_path: Path) -> None:
    """1.8 MB of escapes: rdflib's reader took time growing with the square of it (docs/hostile.md)."""
    doc = tmp_path / "escapes.nt"
    label = '\\u0041\\n\\"' * 180_000
    doc.write_text(f'<https://w3id.org/cdkg/id/x> <http://www.w3.org/2000/01/rdf-schema#label> "{label}" .\n')
    code, _, err = run("import", str(doc))
    assert code == 1 and "cdk:x: field 'rdf:type': expected exactly one class of the schema, found none" in err


def test_twenty_thousand_prefixes(tmp_path: Path) -> None:
    doc = tmp_path / "prefixes.ttl"
    doc.write_text("".join(f"@prefix p{i}: <http://example.org/{i}/> .\n" for i in range(20_000)))
    code, out, _ = run("import", str(doc))
    assert code == 0 and "entities   0" in out


# -- import --out: never over the user's files, everything checked first -------------------


@pytest.fixture
def seed_nt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("nt") / "graph.nt"
    path.write_bytes(to_rdf(load(DATA)).serialize(format="nt", encoding="utf-8"))
    return path


def test_import_refuses_a_directory_with_the_users_files(seed_nt: Path, tmp_path: Path) -> None:
    target = tmp_path / "mine"
    (target / "sources").mkdir(parents=True)
    (target / "notes.txt").write_text("my notes")
    (target / "sources" / "seed-article.txt").write_text("my own copy, edited")
    before = digests(target)
    code, _, err = run("import", str(seed_nt), "--out", str(target), "--data", str(DATA))
    assert code == 2 and f"--out {target}/ is not empty (notes.txt, sources)" in err and "--force" in err
    assert digests(target) == before
    code, _, err = run("import", str(seed_nt), "--out", str(target), "--data", str(DATA), "--force")
    assert code == 0, err
    assert (target / "notes.txt").read_text() == "my notes"
    copied = (target / "sources" / "seed-article.txt").read_bytes()
    assert copied == (DATA / "sources" / "seed-article.txt").read_bytes()


def test_import_writes_nothing_when_a_folder_it_needs_is_a_file(seed_nt: Path, tmp_path: Path) -> None:
    target = tmp_path / "mine"
    target.mkdir()
    (target / "sources").write_text("a plain file where the sources' folder goes")
    code, _, err = run("import", str(seed_nt), "--out", str(target), "--data", str(DATA), "--force")
    assert code == 1 and f"{target}/sources is a file, not a directory; nothing was written" in err
    assert sorted(p.name for p in target.iterdir()) == ["sources"]


@pytest.mark.parametrize(
    ("file", "message"),
    [
        ("sources.yaml", "its file 'sources.yaml' would be written over the data file import writes"),
        ("Entities.YAML", "its file 'Entities.YAML' would be written over the data file import writes"),
        ("sources/more.yaml", "its file 'sources/more.yaml' would be written over a data file the loader would read"),
    ],
)
def test_import_refuses_a_source_file_that_collides(file: str, message: str, seed_nt: Path, tmp_path: Path) -> None:
    rdf = tmp_path / "g.nt"
    rdf.write_bytes(seed_nt.read_bytes().replace(b'"sources/seed-article.txt"', f'"{file}"'.encode()))
    code, _, err = run("import", str(rdf), "--out", str(tmp_path / "new"), "--data", str(DATA))
    assert code == 2 and f"source 'seed-article': {message}" in err
    assert not (tmp_path / "new").exists()


# -- one build at a time, and a kill while committing ------------------------------------------

_PAUSING_BUILD = """
import os, sys, time
from pathlib import Path

mode, marker, after = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
calls = 0

def pause():
    global calls
    calls += 1
    if calls > after:
        marker.write_text(str(os.getpid()))
        time.sleep(120)

if mode == "rename":  # pause before the rename of staged file number after + 1
    real_replace = Path.replace
    def replace(self, target):
        if self.parent.name.startswith(".cdkg-stage-"):
            pause()
        return real_replace(self, target)
    Path.replace = replace
else:  # pause while writing: before flushing file number after + 1
    real_fsync = os.fsync
    def fsync(fd):
        if os.fstat(fd).st_size:
            pause()
        real_fsync(fd)
    os.fsync = fsync

from graph.cli import main
sys.exit(main(sys.argv[4:]))
"""


def paused_build(tmp_path: Path, mode: str, after: int, data: Path, out: Path) -> subprocess.Popen[bytes]:
    """A build in its own process, paused (holding the lock) at the moment ``mode`` and ``after`` say."""
    marker = tmp_path / f"paused-{mode}-{after}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = [sys.executable, "-c", _PAUSING_BUILD, mode, str(marker), str(after), "--data", str(data), "--out", str(out)]
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):
        if marker.exists() or proc.poll() is not None:
            break
        time.sleep(0.05)
    assert marker.exists(), f"the build did not reach its pause (exit {proc.poll()})"
    return proc


def kill(proc: subprocess.Popen[bytes]) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()


@pytest.fixture(scope="module")
def old_and_new(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], dict[str, str]]:
    """The outputs of the base fixture (the old ones) and of the seed data (the new ones)."""
    old, new = tmp_path_factory.mktemp("old"), tmp_path_factory.mktemp("new")
    build(BASE, old)
    build(DATA, new)
    return digests(old), digests(new)


def test_a_second_build_is_refused_naming_the_first(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with Staging(out):
        code, _, err = run("--data", str(BASE), "--out", str(out))
        assert code == 1
        assert f"{out} is being written by another cdkg (PID {os.getpid()} on " in err and "nothing was written" in err
        assert (out / LOCK_INFO).exists()
    assert not (out / LOCK_INFO).exists()
    assert run("--data", str(BASE), "--out", str(out))[0] == 0


def test_a_build_waiting_to_commit_keeps_the_other_out(tmp_path: Path, old_and_new: Any) -> None:
    old, _ = old_and_new
    out = tmp_path / "out"
    build(BASE, out)
    first = paused_build(tmp_path, "rename", 2, DATA, out)
    try:
        code, _, err = run("--data", str(BASE), "--out", str(out))
        assert code == 1 and f"PID {first.pid} on " in err
    finally:
        kill(first)
    assert run("--data", str(BASE), "--out", str(out))[0] == 0
    assert digests(out) == old


def test_a_kill_while_writing_changes_nothing_and_leaves_nothing(tmp_path: Path, old_and_new: Any) -> None:
    old, _ = old_and_new
    out = tmp_path / "out"
    build(BASE, out)
    (out / ".graph.ttl.k2j4_x9a.tmp").write_bytes(b"x" * 1000)  # left by a build of an earlier version
    kill(paused_build(tmp_path, "fsync", 3, DATA, out))
    assert {k: v for k, v in digests(out).items() if not k.startswith(".")} == old
    assert any(p.name.startswith(STAGE_PREFIX) for p in out.iterdir()), "the dead build's staging is there"
    assert run("--data", str(BASE), "--out", str(out), "--format", "html")[0] == 0
    assert digests(out) == old, "the next build removed what the dead one left"


@pytest.mark.parametrize("renamed", [0, 4])
def test_a_kill_while_renaming_is_made_whole_by_the_next_build(renamed: int, tmp_path: Path, old_and_new: Any) -> None:
    old, new = old_and_new
    out = tmp_path / "out"
    build(BASE, out)
    kill(paused_build(tmp_path, "rename", renamed, DATA, out))
    assert (out / JOURNAL).exists(), "the commit was decided"
    now = {k: v for k, v in digests(out).items() if not k.startswith(".")}
    files = [k for k in new if new[k] != "a store"]  # the new store is named once the commit is done
    assert all(now[k] in (old[k], new[k]) for k in files), "each file is old or new as a whole"
    changed = {k for k in files if new[k] != old[k]}
    assert bool(renamed) == any(now[k] == new[k] for k in changed) and any(now[k] == old[k] for k in changed)
    assert run("--data", str(DATA), "--out", str(out), "--format", "turtle")[0] == 0
    assert digests(out) == new


def test_quotes_not_found_are_all_told_within_a_budget(make_data: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where a wrong quote parts ways with its source costs a few scans of the source: past a budget
    (2,000 million characters; here 1) every wrong quote is still told, without where."""
    from graph import DataError
    from graph.model import evidence

    wrong = "\n".join(
        f"  - {{id: r{i}, type: owns, subject: kering, object: gucci, evidence: [{{source: mini, quote: 'Kering "
        f"is the parent company of Gucci, wrong {i}'}}]}}"
        for i in range(3)
    )
    data = make_data(files={"wrong.yaml": f"relations:\n{wrong}\n"})
    monkeypatch.setattr(evidence, "WHERE_BUDGET", 1)
    with pytest.raises(DataError) as info:
        load(data)
    messages = [p.message for p in info.value.problems]
    assert messages[0].endswith("and then differs")
    assert messages[1:] == ["quote not found in source 'mini'; too many quotes not found to say where each parts "
                            "ways with its source"] * 2  # fmt: skip
