"""The snapshot: what the query commands read instead of the YAML, when it is fresh.

The build writes, beside its outputs, ``OUT/snapshot/``:

* ``model.sqlite``: the networkx graph the query commands run on (the
  validated model: every record's fields, dates, computed time and evidence),
  one row per node, read as a query needs it (:mod:`graph.modelfile`), and a
  header (JSON) that says what made it: the format version, a hash of the
  package's code, the Python and networkx versions, the data directory and
  the schema file, the SHA-256 of the schema and of every file under the data
  directory (the YAML and the sources' texts) and the prefixes.
* ``store-DIGEST/``: an Oxigraph store (RocksDB) holding the RDF: every
  distinct triple in the default graph (as ``graph.nt``) and each source's in
  its named graph (as ``graph.nq``), for ``sparql``. ``DIGEST`` is a hash of
  the code and of the inputs' hashes: a folder of that name is the store of
  those inputs, and is never changed once made.
* ``store-DIGEST.nq``: the current store's quads as sorted N-Quads lines, from
  which the next build makes its store: a copy of this one (a RocksDB
  checkpoint, hard links) with the quads that changed removed and added
  (:func:`graph.rdf.oxstore.write_store`), not a load of every quad.

Why its pickles are safe here: they are unpickled only when the header
matches the code and the inputs, only from a file the current user owns that
no one else may write (the build writes it ``0600``, in the output directory,
which only the build writes), and each row only when it matches its digest; a
data directory, which may come from anyone, never holds one. A truncated,
foreign or older snapshot fails one of these checks and is rebuilt, never
unpickled; a row damaged since it was written stops the query with a clear
error and the file is removed, so the next query rebuilds it.

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
import hashlib
import json
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import OutputError
from .inputs import FORMAT, Fingerprint, code_hash, fingerprint
from .inputs import versions as _versions
from .staging import Staging

if TYPE_CHECKING:
    from .modelfile import ModelFile

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no flock, stores are kept until the next build
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "BACKGROUND",
    "FOLDER",
    "FORMAT",
    "MODEL",
    "Fingerprint",
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
MODEL = f"{FOLDER}/model.sqlite"
"""The model file, relative to the output directory."""


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
    file: ModelFile | None = None
    """The open model file (:class:`graph.modelfile.ModelFile`) the header was read from."""

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
        """The networkx graph, each node read from the file when first needed (:mod:`graph.modelfile`)."""
        from .modelfile import open_model

        return self.file.graph() if self.file is not None else open_model(self.out_dir / MODEL)


def header_of(path: str | Path) -> dict[str, Any] | None:
    """The header of the model file at ``path`` (None if it is not one cdkg wrote)."""
    from .modelfile import read_header

    text = read_header(Path(path))
    if text is None:
        return None
    try:
        header = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return header if isinstance(header, dict) else None


def read_snapshot(out_dir: str | Path, data_dir: str | Path, schema_file: str) -> Snapshot | Stale:
    """The snapshot in ``out_dir`` if it is fresh for ``data_dir`` and ``schema_file``, else why not."""
    out = Path(out_dir)
    path = out / MODEL
    if not (out / FOLDER).is_dir():
        return Stale(f"no snapshot in {out}/ (a build writes one)", rebuild=False)
    from .modelfile import ModelFile

    try:
        held = ModelFile(path)
    except FileNotFoundError:
        return Stale(f"no snapshot in {out}/ (a build writes one)", rebuild=True)
    except OSError as exc:
        return Stale(f"{path} cannot be read ({exc})", rebuild=True)
    try:
        found = _check(held, out, data_dir, schema_file)
    except (OSError, ValueError, TypeError) as exc:
        found = Stale(f"{path} cannot be read ({exc})", rebuild=True)
    finally:
        held.close()
    if isinstance(found, Stale) and held.con is not None:
        held.con.close()
    return found


def _check(held: ModelFile, out: Path, data_dir: str | Path, schema_file: str) -> Snapshot | Stale:
    path = held.path
    st = held.stat()
    if hasattr(os, "geteuid") and (st.st_uid != os.geteuid() or st.st_mode & 0o022):
        return Stale(f"{path} is writable by others or not yours: not read", rebuild=True)
    text = held.header()
    try:
        header = json.loads(text) if text is not None else None
    except (ValueError, RecursionError):
        header = None
    if not isinstance(header, dict):
        return Stale(f"{path} is not a snapshot cdkg wrote (or it is cut short)", rebuild=True)
    if header.get("data") != str(Path(data_dir).resolve()):
        return Stale(f"{out}/ holds the snapshot of {header.get('data')}", rebuild=False)
    if {k: header.get(k) for k in ("format", "code", "python", "networkx")} != _versions():
        return Stale("the snapshot was made by another version of cdkg", rebuild=True)
    if header.get("schema") != str(Path(schema_file).resolve()):
        return Stale("the snapshot was made with another schema file", rebuild=True)
    files, marks = header.get("files"), header.get("marks")
    known = (files, marks) if isinstance(files, dict) and isinstance(marks, dict) else None
    changed = _changes(files, fingerprint(data_dir, schema_file, out, known))
    if changed:
        return Stale(changed, rebuild=True)
    return Snapshot(out, header, held)


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
    """Stage the model file (:mod:`graph.modelfile`): the header (``files``: the :func:`fingerprint` taken
    before the data were read), ``graph``, and the answers a query would otherwise read the whole graph
    for, computed now: ``stats``."""
    from .analysis.findings import compute_stats
    from .modelfile import model_bytes

    header = {
        **_versions(),
        "data": str(Path(data_dir).resolve()),
        "schema": str(Path(schema_file).resolve()),
        "files": files,
        "marks": getattr(files, "marks", {}),
        **extra,
    }
    payload = model_bytes(graph, json.dumps(header, sort_keys=True), {"stats": compute_stats(graph)})
    with staging.open(MODEL) as fh:
        os.fchmod(fh.fileno(), 0o600)
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
        if entry.is_file() and entry.name.startswith(".files.pickle.") and entry.name.endswith(".tmp"):
            # a file cache a killed build was writing (the cache is written outside the lock: an hour-old one)
            with contextlib.suppress(OSError):
                if time.time() - entry.stat().st_mtime > 3600:
                    entry.unlink()
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
