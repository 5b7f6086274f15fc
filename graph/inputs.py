"""What a snapshot is made from: the code that made it and the inputs it read, by hash.

:func:`fingerprint` hashes the schema and every file under the data directory
(reusing a file's hash while its stat marks say it cannot have changed);
:func:`versions` names the code, Python and networkx that made a file, which
the snapshot's model, its store and the loader's file cache all record.
"""

from __future__ import annotations

import functools
import hashlib
import os
import stat
import sys
import time
from pathlib import Path

__all__ = ["FORMAT", "RACY_NS", "Fingerprint", "code_hash", "fingerprint", "versions"]

FORMAT = 2
"""The snapshot's format version: a snapshot of another version is rebuilt."""
_PACKAGE = Path(__file__).resolve().parent


@functools.cache
def code_hash() -> str:
    """A hash of the package's code and packaged schema: a snapshot made by other code is rebuilt.

    Once per process: the code that runs is the code that was there when it started (each build asked for
    it five times, 25 ms of a small build's 150)."""
    h = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in (".py", ".yaml", ".j2") and path.is_file():
            h.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def versions() -> dict[str, str]:
    import networkx

    return {
        "format": str(FORMAT),
        "code": code_hash(),
        "python": f"{sys.version_info.major}.{sys.version_info.minor}",
        "networkx": str(networkx.__version__),
    }


def _digest(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


RACY_NS = 2_000_000_000
"""A file changed this close (ns) before its hash was taken may change again within the same clock tick
without its times changing (as git's index knows): it is not marked, so the next check hashes it again."""


class Fingerprint(dict[str, str]):
    """The inputs' hashes (name -> SHA-256), and the stat marks (size, mtime, ctime, inode, device) of the
    files it hashed that had not changed for :data:`RACY_NS` before: what the next check may trust instead
    of reading a file again."""

    marks: dict[str, list[int]]


def _mark(st: os.stat_result, now: int) -> list[int] | None:
    if max(st.st_mtime_ns, st.st_ctime_ns) > now - RACY_NS:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]


def fingerprint(
    data_dir: str | Path,
    schema_file: str,
    out_dir: str | Path | None = None,
    known: tuple[dict[str, str], dict[str, list[int]]] | None = None,
) -> Fingerprint:
    """The SHA-256 of the schema file and of every file under ``data_dir`` (not hidden, not in ``out_dir``).

    Every file, not only those the loader reads: a source's text is a file the registry names, and
    hashing all of them before the data are read means that an edit made while a build reads them
    is seen by the next query (its hash differs), never recorded as read. ``known``: the hashes and
    marks of an earlier fingerprint; a file whose size, times, inode and device are still its mark's
    keeps its hash unread (a write changes the ctime, which no one can set back).

    >>> found = fingerprint("data", "graph/schema/schema.yaml")
    >>> "schema" in found and all(k == "schema" or k.startswith("data/") for k in found), len(found["schema"])
    (True, 64)
    """
    hashes, marks = known or ({}, {})
    now = time.time_ns()
    found = Fingerprint()
    found.marks = {}

    def add(name: str, path: Path, st: os.stat_result) -> None:
        mark = _mark(st, now)
        if mark is not None and marks.get(name) == mark and name in hashes:
            found[name] = hashes[name]
        else:
            found[name] = _digest(path)
        if mark is not None:
            found.marks[name] = mark

    schema = Path(schema_file)
    add("schema", schema, schema.stat())
    root = Path(data_dir).resolve()
    skip = Path(out_dir).resolve() if out_dir is not None else None
    for base, dirs, files in os.walk(root):
        here = Path(base)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (skip is None or here / d != skip))
        for name in sorted(files):
            path = here / name
            if name.startswith("."):
                continue
            try:
                st = path.stat()
            except OSError:  # gone since the walk, or a broken link: not an input
                continue
            if stat.S_ISREG(st.st_mode):
                add("data/" + path.relative_to(root).as_posix(), path, st)
    return found
