"""The snapshot: what the query commands read instead of the YAML, when it is fresh.

The build writes, beside its outputs, ``OUT/snapshot/``:

* ``model.pickle``: a header, then the networkx graph the query commands run
  on (the validated model: every record's fields, dates, computed time and
  evidence) as a pickle. The header (JSON) says what made it: the format
  version, a hash of the package's code, the Python and networkx versions,
  the data directory and the schema file, the SHA-256 of the schema and of
  every file under the data directory (the YAML and the sources' texts), the
  payload's length and SHA-256, the store's folder and the prefixes.
* ``store-DIGEST/``: an Oxigraph store (RocksDB) holding the RDF: every
  distinct triple in the default graph (as ``graph.nt``) and each source's in
  its named graph (as ``graph.nq``), for ``sparql``. ``DIGEST`` is a hash of
  the code and of the inputs' hashes: a folder of that name is the store of
  those inputs, and is never changed once made.
* ``store-DIGEST.nq``: the current store's quads as sorted N-Quads lines, from
  which the next build makes its store: a copy of this one (a RocksDB
  checkpoint, hard links) with the quads that changed removed and added
  (:func:`graph.rdf.oxstore.write_store`), not a load of every quad.

Why a pickle is safe here: it is unpickled only when the header matches the
code, the inputs and the payload's own hash, and only from a file the current
user owns that no one else may write (the build writes it ``0600``, in the
output directory, which only the build writes); a data directory, which may
come from anyone, never holds one. A truncated, foreign, damaged or older
snapshot fails one of these checks and is rebuilt, never unpickled.

The model file is written through :class:`~graph.staging.Staging`, so it is
replaced by one rename: a query reads the old one or the new one. A store
folder is made under a temporary name and renamed whole; it is never changed
after, and a folder the current model does not name is removed only when no
query holds it open (a shared ``flock``), so a query that read the old model
reads the old store.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import hashlib
import json
import multiprocessing
import os
import pickle
import shutil
import signal
import struct
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO, Any

from .errors import OutputError
from .staging import Staging

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no flock, stores are kept until the next build
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "BACKGROUND",
    "FOLDER",
    "FORMAT",
    "MODEL",
    "PendingStore",
    "Snapshot",
    "Stale",
    "code_hash",
    "discard_store",
    "fingerprint",
    "header_of",
    "held_store",
    "may_fork",
    "previous_store",
    "publish_store",
    "read_snapshot",
    "store_name",
    "store_text",
    "tidy",
    "write_model",
    "write_store_folder",
]

FOLDER = "snapshot"
"""The snapshot's folder in the output directory."""
MODEL = f"{FOLDER}/model.pickle"
"""The model file, relative to the output directory."""
MAGIC = b"CDKG-SNAPSHOT\n"
FORMAT = 1
"""The snapshot's format version: a snapshot of another version is rebuilt."""
_HEADER_MAX = 64 << 20
_PACKAGE = Path(__file__).resolve().parent


def code_hash() -> str:
    """A hash of the package's code and packaged schema: a snapshot made by other code is rebuilt."""
    h = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in (".py", ".yaml", ".j2") and path.is_file():
            h.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _versions() -> dict[str, str]:
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


def fingerprint(data_dir: str | Path, schema_file: str, out_dir: str | Path | None = None) -> dict[str, str]:
    """The SHA-256 of the schema file and of every file under ``data_dir`` (not hidden, not in ``out_dir``).

    Every file, not only those the loader reads: a source's text is a file the registry names, and
    hashing all of them before the data are read means that an edit made while a build reads them
    is seen by the next query (its hash differs), never recorded as read.

    >>> found = fingerprint("data", "graph/schema/schema.yaml")
    >>> "schema" in found and all(k == "schema" or k.startswith("data/") for k in found), len(found["schema"])
    (True, 64)
    """
    root = Path(data_dir).resolve()
    skip = Path(out_dir).resolve() if out_dir is not None else None
    found = {"schema": _digest(Path(schema_file))}
    for base, dirs, files in os.walk(root):
        here = Path(base)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (skip is None or here / d != skip))
        for name in sorted(files):
            path = here / name
            if not name.startswith(".") and path.is_file():
                found["data/" + path.relative_to(root).as_posix()] = _digest(path)
    return found


@dataclass(frozen=True)
class Stale:
    """Why there is no fresh snapshot to read, and whether a query may write one in its place."""

    reason: str
    rebuild: bool
    """True when the output directory holds a snapshot of this data (stale, damaged, of other code)."""


@dataclass(frozen=True)
class Snapshot:
    """A fresh snapshot: its header, and how to read its graph and reach its store."""

    out_dir: Path
    header: dict[str, Any]
    payload: bytes

    @property
    def files(self) -> dict[str, str]:
        """The inputs' hashes (:func:`fingerprint`) it was made from."""
        return dict(self.header["files"])

    @property
    def store(self) -> Path:
        """The Oxigraph store's folder for these inputs (there if a build or a ``sparql`` made it)."""
        return self.out_dir / FOLDER / store_name(self.files)

    @property
    def prefixes(self) -> dict[str, str]:
        return dict(self.header["prefixes"])

    def graph(self) -> Any:
        """The networkx graph (unpickled now: the header and the payload's hash matched).

        Its millions of objects are unpickled with the cyclic garbage collector paused, then frozen
        (moved out of its reach: a short-lived query would only scan them again and again)."""
        enabled = gc.isenabled()
        gc.disable()
        try:
            graph = pickle.loads(self.payload)  # noqa: S301 - checked: see the module's docstring
            gc.freeze()
        finally:
            if enabled:
                gc.enable()
        return graph


def _read_header(fh: IO[bytes]) -> dict[str, Any] | None:
    if fh.read(len(MAGIC)) != MAGIC:
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


def header_of(path: str | Path) -> dict[str, Any] | None:
    """The header of the model file at ``path`` (None if it is not one cdkg wrote)."""
    with Path(path).open("rb") as fh:
        return _read_header(fh)


def _trusted(fh: IO[bytes]) -> bool:
    """Owned by the current user and writable by no one else (as the build writes it)."""
    st = os.fstat(fh.fileno())
    return not hasattr(os, "geteuid") or (st.st_uid == os.geteuid() and not st.st_mode & 0o022)


def read_snapshot(out_dir: str | Path, data_dir: str | Path, schema_file: str) -> Snapshot | Stale:
    """The snapshot in ``out_dir`` if it is fresh for ``data_dir`` and ``schema_file``, else why not."""
    out = Path(out_dir)
    path = out / MODEL
    if not (out / FOLDER).is_dir():
        return Stale(f"no snapshot in {out}/ (a build writes one)", rebuild=False)
    try:
        with path.open("rb") as fh:
            if not _trusted(fh):
                return Stale(f"{path} is writable by others or not yours: not read", rebuild=True)
            header = _read_header(fh)
            if header is None:
                return Stale(f"{path} is not a snapshot cdkg wrote", rebuild=True)
            if header.get("data") != str(Path(data_dir).resolve()):
                return Stale(f"{out}/ holds the snapshot of {header.get('data')}", rebuild=False)
            if {k: header.get(k) for k in ("format", "code", "python", "networkx")} != _versions():
                return Stale("the snapshot was made by another version of cdkg", rebuild=True)
            if header.get("schema") != str(Path(schema_file).resolve()):
                return Stale("the snapshot was made with another schema file", rebuild=True)
            changed = _changes(header.get("files"), fingerprint(data_dir, schema_file, out))
            if changed:
                return Stale(changed, rebuild=True)
            payload = fh.read(int(header.get("payload_bytes", -1)) + 1)
    except FileNotFoundError:
        return Stale(f"no snapshot in {out}/ (a build writes one)", rebuild=True)
    except (OSError, ValueError, TypeError) as exc:
        return Stale(f"{path} cannot be read ({exc})", rebuild=True)
    if len(payload) != header.get("payload_bytes") or hashlib.sha256(payload).hexdigest() != header.get("payload"):
        return Stale(f"{path} is truncated or damaged", rebuild=True)
    return Snapshot(out, header, payload)


def _changes(recorded: Any, now: dict[str, str]) -> str:
    """What changed since the snapshot, in words ("" if nothing)."""
    if not isinstance(recorded, dict):
        return "the snapshot records no inputs"
    for name in sorted(set(recorded) | set(now)):
        what = "the schema" if name == "schema" else name.removeprefix("data/")
        if name not in now:
            return f"{what} was deleted since the snapshot"
        if name not in recorded:
            return f"{what} was added since the snapshot"
        if recorded[name] != now[name]:
            return f"{what} changed since the snapshot"
    return ""


def write_model(
    staging: Staging,
    graph: Any,
    data_dir: str | Path,
    schema_file: str,
    files: dict[str, str],
    extra: dict[str, Any],
) -> None:
    """Stage the model file: the header (``files``: the :func:`fingerprint` taken before the data were
    read) and the pickled ``graph``."""
    payload = pickle.dumps(graph, protocol=pickle.HIGHEST_PROTOCOL)
    header = {
        **_versions(),
        "data": str(Path(data_dir).resolve()),
        "schema": str(Path(schema_file).resolve()),
        "files": files,
        "payload": hashlib.sha256(payload).hexdigest(),
        "payload_bytes": len(payload),
        **extra,
    }
    raw = json.dumps(header, sort_keys=True).encode("utf-8")
    with staging.open(MODEL) as fh:
        os.fchmod(fh.fileno(), 0o600)
        fh.write(MAGIC + struct.pack(">Q", len(raw)) + raw)
        fh.write(payload)


def store_name(files: dict[str, str], versions: dict[str, str] | None = None) -> str:
    """The store folder of these inputs: the same inputs and code give the same folder, which is then kept.

    ``versions``: those of the code that made the store (a model file's header), if not this code's."""
    import pyoxigraph  # its version too: a store written by another Oxigraph may not open

    made_by = _versions() if versions is None else versions
    h = hashlib.sha256(json.dumps([made_by, pyoxigraph.__version__, files], sort_keys=True).encode("utf-8"))
    return "store-" + h.hexdigest()[:20]


def store_text(folder: Path) -> Path:
    """The text kept beside the store ``folder``: its quads as sorted N-Quads, what the next store is
    made from by difference (:func:`graph.rdf.oxstore.update_store`).

    >>> store_text(Path("out/snapshot/store-0123")).as_posix()
    'out/snapshot/store-0123.nq'
    """
    return folder.with_name(folder.name + ".nq")


def previous_store(out_dir: Path) -> Path | None:
    """The store the model file in ``out_dir`` names, if it is there with its text (else None): the
    store a build's new one may be made from."""
    try:
        header = header_of(out_dir / MODEL)
    except OSError:
        return None
    if header is None or not isinstance(header.get("files"), dict):
        return None
    versions = {k: str(header.get(k)) for k in ("format", "code", "python", "networkx")}
    folder = out_dir / FOLDER / store_name(header["files"], versions)
    return folder if (folder / "CURRENT").is_file() and store_text(folder).is_file() else None


BACKGROUND = "fork" in multiprocessing.get_all_start_methods()
"""Whether a store may be written in a forked child process, while the build writes its other files."""


def may_fork() -> bool:
    """Whether a child forked now may open an Oxigraph store: :data:`BACKGROUND`, and no RocksDB thread
    in this process (/proc/self/task). A process that ever opened a store on disk keeps RocksDB's thread
    pool, which a forked child does not have but believes it has: its first flush would wait forever."""
    if not BACKGROUND:
        return False
    try:
        names = [(task / "comm").read_text(encoding="utf-8") for task in Path("/proc/self/task").iterdir()]
    except OSError:  # no /proc: no way to know, so no fork
        return False
    return not any(name.startswith("rocksdb") for name in names)


class PendingStore:
    """A store folder being written (in a child process) or written, for :func:`publish_store` once the
    model is committed, or for :meth:`discard` if the build fails."""

    def __init__(self, made: Path | None, how: str = "", child: Any = None, receive: Any = None) -> None:
        self.made = made
        self.how = how  # how the store was made, in words, once written
        self._child, self._receive = child, receive

    def wait(self) -> Path | None:
        """The folder once written (None if the store of these inputs was there already).

        Raises :class:`~graph.errors.OutputError` if the child could not write it (the folder
        discarded), and a RuntimeError with the child's traceback on a bug."""
        if self._child is None:
            return self.made
        try:
            kind, text = self._receive.recv()
        except EOFError:
            kind, text = "died", ""
        finally:
            self._child.join()
            self._receive.close()
            code, self._child = self._child.exitcode, None
        if kind == "ok":
            self.how = f"{text}, in a child process"
            return self.made
        self.discard()
        if kind == "error":
            raise OutputError(str(text))
        if kind == "died":
            raise OutputError(f"the snapshot's store was not written: its process ended (exit code {code})")
        raise RuntimeError(f"writing the snapshot's store failed in its process:\n{text}")

    def discard(self) -> None:
        """Stop the child if it runs (killed, then reaped), and remove what it wrote (:func:`discard_store`)."""
        if self._child is not None:
            if self._child.is_alive():
                self._child.kill()
            self._child.join()
            self._receive.close()
            self._child = None
        discard_store(self.made)
        self.made = None


def _child_dies_with_parent(parent: int) -> None:
    """In a store's child: killed if the build dies (Linux), never orphaned writing a folder no one will
    name; deaf to Ctrl-C, which the build handles by killing it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the build died before the line above
        os._exit(1)


def _write_in_child(send: Connection, parent: int, write: Callable[[Path], str], tmp: Path) -> None:
    """Runs in the child: ``write(tmp)``, then ``(kind, text)`` sent back (``ok`` and how, or the error)."""
    _child_dies_with_parent(parent)
    try:
        message = ("ok", write(tmp))
    except OSError as exc:
        message = ("error", f"cannot write the snapshot's store into {tmp.parent}: {exc.strerror or exc}")
    except Exception:
        message = ("bug", traceback.format_exc())
    send.send(message)


def write_store_folder(
    out_dir: Path, name: str, write: Callable[[Path], str], background: bool = False
) -> PendingStore:
    """Make the store folder ``name`` by ``write(path)`` into a hidden temporary folder (and its text,
    :func:`store_text`, beside it), for :func:`publish_store` to rename once the model is committed
    (nothing to do if a folder of that name, the store of the same inputs, is there already). A build
    killed before leaves the hidden folder, which the next one removes; killed after, the next
    ``sparql`` writes the store again.

    ``background`` (and :func:`may_fork`): written in a forked child process, while the caller goes
    on; :meth:`PendingStore.wait` joins it."""
    folder = out_dir / FOLDER
    if (folder / name / "CURRENT").is_file():
        return PendingStore(None)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=folder, prefix=".store-"))
    except OSError as exc:
        raise OutputError(f"cannot write the snapshot into {folder}: {exc.strerror or exc}") from None
    if background and may_fork():
        context = multiprocessing.get_context("fork")  # the child reads the lines the build made, copied on write
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=_write_in_child, args=(send, os.getpid(), write, tmp), daemon=True)
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            child.start()
        except OSError as exc:
            discard_store(tmp)
            raise OutputError(f"cannot start the process that writes the snapshot's store: {exc}") from None
        finally:
            send.close()
        return PendingStore(tmp, child=child, receive=receive)
    try:
        how = write(tmp)
    except OSError as exc:
        discard_store(tmp)
        raise OutputError(f"cannot write the snapshot's store into {folder}: {exc.strerror or exc}") from None
    except BaseException:
        discard_store(tmp)
        raise
    return PendingStore(tmp, how)


def publish_store(out_dir: Path, made: Path | None, name: str) -> None:
    """Rename the store ``made`` by :func:`write_store_folder` and its text to its name (nothing if None):
    the text first, so that a published store has its text (unless a crash came between the two)."""
    if made is None:
        return
    target = out_dir / FOLDER / name
    try:
        if store_text(made).exists():
            store_text(made).replace(store_text(target))
        if target.exists():  # an older copy of the same inputs' store, left half-removed
            shutil.rmtree(target)
        made.rename(target)
    except OSError as exc:
        discard_store(made)
        raise OutputError(f"cannot write the snapshot's store {target}: {exc.strerror or exc}") from None


def discard_store(made: Path | None) -> None:
    """Remove the store ``made`` by :func:`write_store_folder` for a build that failed, its text, and the
    snapshot folder if nothing else is in it (a first build into a new output directory leaves nothing behind)."""
    if made is None:
        return
    shutil.rmtree(made, ignore_errors=True)
    with contextlib.suppress(OSError):
        store_text(made).unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        made.parent.rmdir()  # only if empty


def tidy(out_dir: Path, keep: str) -> None:
    """Remove the store folders other than ``keep`` that no query holds, the texts of all but ``keep``
    (only the current store's is ever read), and what killed builds left.

    Call it holding the output directory's lock (after the commit)."""
    folder = out_dir / FOLDER
    if not folder.is_dir():
        return
    for entry in folder.iterdir():
        if entry.name == keep or entry.is_symlink():
            continue
        if entry.is_file() and entry.name.endswith(".nq") and entry.name != keep + ".nq":
            if entry.name.startswith((".store-", "store-")):
                entry.unlink(missing_ok=True)
            continue
        if not entry.is_dir():
            continue
        if entry.name.startswith(".store-"):
            shutil.rmtree(entry, ignore_errors=True)
        elif entry.name.startswith("store-"):
            with _locked(entry, exclusive=True) as held:
                if held:
                    shutil.rmtree(entry, ignore_errors=True)


@contextlib.contextmanager
def _locked(path: Path, exclusive: bool) -> Iterator[bool]:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        yield False
        return
    try:
        if fcntl is None:
            yield not exclusive
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB if exclusive else fcntl.LOCK_SH)
        except OSError:
            yield False
            return
        yield True
    finally:
        os.close(fd)


@contextlib.contextmanager
def held_store(snapshot: Snapshot) -> Iterator[Path | None]:
    """The snapshot's store folder, held (a shared lock) so that no build removes it while it is read;
    None if it is gone already (a newer build replaced the snapshot: read it again)."""
    with _locked(snapshot.store, exclusive=False) as held:
        yield snapshot.store if held and (snapshot.store / "CURRENT").is_file() else None
