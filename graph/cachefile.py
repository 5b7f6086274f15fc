"""The loader's file cache on disk: ``OUT/snapshot/files.pickle`` (:class:`~graph.model.filecache.FileCache`).

A header (a magic line, then JSON: the cache's format, the code, Python and
networkx versions, the payload's length and SHA-256), then the pickled cache.
It is read only as the snapshot's model is (see :mod:`graph.snapshot`): from
a file the current user owns that no one else may write, whose header
matches this code and whose payload matches its hash; anything else is an
empty cache, never a traceback.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import struct
import tempfile
from pathlib import Path
from typing import IO, Any

from .errors import OutputError
from .inputs import versions
from .model.filecache import FileCache
from .snapshot import FOLDER

__all__ = ["FILE_CACHE", "read_file_cache", "write_file_cache"]

_HEADER_MAX = 64 << 20


def _read_header(fh: IO[bytes], magic: bytes) -> dict[str, Any] | None:
    if fh.read(len(magic)) != magic:
        return None
    raw = fh.read(8)
    if len(raw) != 8:
        return None
    (size,) = struct.unpack(">Q", raw)
    if size > _HEADER_MAX:
        return None
    try:
        header = json.loads(fh.read(size).decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    return header if isinstance(header, dict) else None


def _trusted(fh: IO[bytes]) -> bool:
    """Owned by the current user and writable by no one else (as the build writes it)."""
    st = os.fstat(fh.fileno())
    return not hasattr(os, "geteuid") or (st.st_uid == os.geteuid() and not st.st_mode & 0o022)


FILE_CACHE = f"{FOLDER}/files.pickle"
"""The loader's file cache (:class:`~graph.model.filecache.FileCache`), relative to the output directory."""
_CACHE_MAGIC = b"CDKG-FILECACHE\n"
_CACHE_FORMAT = 1


def read_file_cache(path: str | Path) -> FileCache:
    """The file cache at ``path``, or an empty one if there is none it can trust.

    Trusted as the model file is (see the module's docstring): a header of the same format, code,
    Python and networkx, the payload's length and SHA-256 as recorded, in a file the current user
    owns that no one else may write. A missing, truncated, damaged, foreign or older cache is an empty
    one: the load reads every file, never a traceback.

    >>> read_file_cache("no/such/files.pickle").entries
    {}
    """
    try:
        if not Path(path).is_file():  # nor a FIFO, whose reading would wait for a writer
            return FileCache()
        with Path(path).open("rb") as fh:
            if not _trusted(fh):
                return FileCache()
            header = _read_header(fh, _CACHE_MAGIC)
            if header is None or header.get("cache_format") != _CACHE_FORMAT:
                return FileCache()
            if {k: header.get(k) for k in ("format", "code", "python", "networkx")} != versions():
                return FileCache()
            size = header.get("payload_bytes")
            if not isinstance(size, int) or size < 0:
                return FileCache()
            payload = fh.read(size + 1)
    except (OSError, ValueError):
        return FileCache()
    if len(payload) != size or hashlib.sha256(payload).hexdigest() != header.get("payload"):
        return FileCache()
    try:
        cache = pickle.loads(payload)  # noqa: S301 - checked: see the module's docstring
    except Exception:  # the hash matched what this code wrote, so it cannot happen; but a cache is never fatal
        return FileCache()
    return cache if isinstance(cache, FileCache) else FileCache()


def write_file_cache(path: str | Path, cache: FileCache) -> None:
    """Write ``cache`` to ``path`` (mode 0600), replacing the file by one rename: a reader sees the old
    one or the new one; nothing if it holds what the file does. Raises :class:`~graph.errors.OutputError`
    if it cannot be written."""
    target = Path(path)
    if not cache.changed and target.is_file():
        return
    payload = pickle.dumps(cache, protocol=pickle.HIGHEST_PROTOCOL)
    header = {
        **versions(),
        "cache_format": _CACHE_FORMAT,
        "payload": hashlib.sha256(payload).hexdigest(),
        "payload_bytes": len(payload),
    }
    raw = json.dumps(header, sort_keys=True).encode("utf-8")
    tmp: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        tmp = Path(name)
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), 0o600)
            fh.write(_CACHE_MAGIC + struct.pack(">Q", len(raw)) + raw)
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(target)
        tmp = None
    except OSError as exc:
        raise OutputError(f"cannot write the file cache {target}: {exc.strerror or exc}") from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()
