"""Writing a set of files into a directory together or not at all, one writer at a time.

:class:`Staging` is how every output is written (the build's, ``import
--out``'s). The protocol, and what it guarantees:

1. **One writer.** An advisory lock (``flock``) on the directory itself is
   taken first; a second writer is refused at once with a message naming the
   holder (its PID, host, start time and command, from ``.cdkg-lock``, which
   exists while the lock is held). The kernel releases the lock when its
   holder dies, however it dies, so a lock is never stale.
2. **Recovery.** Under the lock, the commit of a writer that was killed is
   finished (step 5), then whatever a dead writer left is removed: its
   staging directory and the temporary files of earlier versions.
3. **Staging.** Each file is written into a fresh staging directory inside
   the target (``.cdkg-stage-*``, same file system) and flushed to disk.
   Nothing the user sees has changed yet; an error, an interrupt or a kill up
   to here leaves the directory as it was (a kill leaves the staging
   directory, which the next writer removes).
4. **Decision.** The files already there are kept aside (hard links in the
   staging directory), then a commit record (``.cdkg-commit``: the staging
   directory and the names) is written to a temporary name, flushed and
   renamed into place: one atomic rename decides the commit.
5. **Renames.** Each staged file is renamed over its target, the directory
   flushed, and the record removed. If a rename fails, the files already
   renamed get their previous content back and the record goes: the
   directory is as it was. If the writer is killed while the record exists,
   the next writer (step 2) renames whatever is still staged: the directory
   then holds every new file. So after a kill, each file is old or new as a
   whole, never truncated, and the set is made whole (every file new) by the
   next ``cdkg`` that writes into the directory, before it does anything
   else; between the kill and then, a reader may see some new files and some
   old ones. No POSIX call renames several files at once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import shutil
import socket
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import IO

from .errors import OutputError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory lock, the commit protocol still holds
    fcntl = None  # type: ignore[assignment]

__all__ = ["JOURNAL", "LOCK_INFO", "STAGE_PREFIX", "Staging", "recover", "write_atomic"]

LOCK_INFO = ".cdkg-lock"
"""Who holds the directory's lock, while it is held: PID, host, start time and command."""
JOURNAL = ".cdkg-commit"
"""The commit record: present from the moment a commit is decided until its renames are done."""
STAGE_PREFIX = ".cdkg-stage-"
"""The staging directories' names begin so."""

# temporary files of the versions before the staging directory: `.graph.ttl.k2j4_x9a.tmp` and `.old`
_LEGACY_TEMP = re.compile(r"^\.[^/]+\.[a-z0-9_]{8}\.(tmp|old)\Z")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class _Lock:
    """An exclusive ``flock`` on a directory, with a note of who holds it."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.fd: int | None = os.open(directory, os.O_RDONLY)
        try:
            if fcntl is not None:
                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self.fd)
            self.fd = None
            try:
                holder = (directory / LOCK_INFO).read_text(encoding="utf-8").strip()[:300]
            except (OSError, UnicodeDecodeError):
                holder = "a process that has not said who it is yet"
            raise OutputError(
                f"{directory} is being written by another cdkg ({holder}); wait for it to finish, "
                "or stop it, then run again; nothing was written"
            ) from None
        except OSError:  # a file system without locks (some network mounts): go on without one
            pass
        started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        command = " ".join(["cdkg", *sys.argv[1:]])[:200]
        with contextlib.suppress(OSError):
            (directory / LOCK_INFO).write_text(
                f"PID {os.getpid()} on {socket.gethostname()}, started {started}: {command}\n", encoding="utf-8"
            )

    def release(self) -> None:
        if self.fd is None:
            return
        with contextlib.suppress(OSError):
            (self.directory / LOCK_INFO).unlink()
        os.close(self.fd)  # releases the lock
        self.fd = None


def recover(directory: Path) -> list[str]:
    """Finish the commit a killed writer left decided, then remove what dead writers left behind.

    Call it holding the directory's lock (:class:`Staging` does). Returns the
    names the finished commit renamed into place.
    """
    renamed: list[str] = []
    journal = directory / JOURNAL
    if journal.exists():
        record = json.loads(journal.read_text(encoding="utf-8"))
        stage = directory / str(record["stage"])
        if stage.name.startswith(STAGE_PREFIX) and stage.parent == directory:
            for staged, name in record["files"]:
                source = stage / str(staged)
                if source.exists():
                    target = directory / str(name)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(source, target)  # noqa: PTH105
                    renamed.append(str(name))
        _fsync_dir(directory)
        journal.unlink()
    for entry in directory.iterdir():
        if entry.name.startswith(STAGE_PREFIX) and entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        elif (entry.name == JOURNAL + ".tmp" or _LEGACY_TEMP.match(entry.name)) and entry.is_file():
            entry.unlink()
    return renamed


def _check_name(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or not path.parts or ".." in path.parts or path.name.startswith(".cdkg"):
        raise ValueError(f"not a file name inside the output directory: {name!r}")
    return path


class Staging:
    """Files written into a staging directory, then renamed into place together (see the module's
    protocol). Leaving the ``with`` block removes what was staged and not committed, and releases
    the lock."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.files: list[tuple[Path, str]] = []  # (staged file, name in out_dir)
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot create output directory {out_dir}: {exc.strerror or exc}") from None
        try:
            self.lock = _Lock(out_dir)
        except OSError as exc:
            raise self._error(exc) from None
        try:
            recover(out_dir)
            self.stage = Path(tempfile.mkdtemp(dir=out_dir, prefix=STAGE_PREFIX))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            self.lock.release()
            if isinstance(exc, OSError):
                raise self._error(exc) from None
            raise OutputError(f"{out_dir}/{JOURNAL} is not a commit record cdkg wrote; remove it") from None

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.stage, ignore_errors=True)
        self.lock.release()

    def _error(self, exc: OSError) -> OutputError:
        return OutputError(f"cannot write to {self.out_dir}: {exc.strerror or exc}; the previous outputs are unchanged")

    @contextlib.contextmanager
    def open(self, name: str) -> Iterator[IO[bytes]]:
        """A binary file to write ``name`` (a path relative to the output directory) into; flushed to disk
        when the block ends."""
        _check_name(name)
        try:
            fd, tmp = tempfile.mkstemp(dir=self.stage, prefix=f"{len(self.files)}.", suffix=".tmp")
            self.files.append((Path(tmp), name))
            Path(tmp).chmod(0o666 & ~_umask())
            fh = os.fdopen(fd, "wb")
        except OSError as exc:
            raise self._error(exc) from None
        try:
            with fh:
                yield fh
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            raise self._error(exc) from None

    def _check_targets(self) -> list[Path]:
        """Each target's folders, to be made: refused if a target is a folder, or a folder on its way a file."""
        folders: list[Path] = []
        for _, name in self.files:
            target = self.out_dir / name
            if target.is_dir() and not target.is_symlink():
                raise OutputError(f"cannot write {target}: it is a directory; the previous outputs are unchanged")
            for parent in reversed(target.relative_to(self.out_dir).parents[:-1]):
                folder = self.out_dir / parent
                if folder.exists() and not folder.is_dir():
                    raise OutputError(
                        f"cannot write {target}: {folder} is a file, not a directory; nothing was written"
                    )
                if not folder.exists() and folder not in folders:
                    folders.append(folder)
        return folders

    def commit(self) -> dict[str, Path]:
        """Rename every staged file into place, or none; return name -> path."""
        new_folders = self._check_targets()
        kept: dict[str, Path | None] = {}  # name -> its previous content, kept aside (None: there was none)
        renamed: list[tuple[Path, str]] = []
        journal = self.out_dir / JOURNAL
        try:
            for folder in new_folders:
                folder.mkdir()
            for i, (_, name) in enumerate(self.files):
                target = self.out_dir / name
                kept[name] = _keep_aside(target, self.stage / f"{i}.old") if target.exists() else None
            _fsync_dir(self.stage)
            record = {"stage": self.stage.name, "files": [[tmp.name, name] for tmp, name in self.files]}
            with open(f"{journal}.tmp", "w", encoding="utf-8") as fh:  # noqa: PTH123
                json.dump(record, fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(f"{journal}.tmp", journal)  # noqa: PTH105 - the commit is decided here
            _fsync_dir(self.out_dir)
            for tmp, name in self.files:
                tmp.replace(self.out_dir / name)
                renamed.append((tmp, name))
            for folder in {(self.out_dir / name).parent for _, name in self.files}:
                _fsync_dir(folder)
            journal.unlink()
            return {name: self.out_dir / name for _, name in self.files}
        except OSError as exc:
            self._roll_back(renamed, kept, new_folders)
            raise self._error(exc) from None

    def _roll_back(self, renamed: list[tuple[Path, str]], kept: dict[str, Path | None], folders: list[Path]) -> None:
        """Put back what the renames replaced. Each new file gets its staged name back first, so that a
        kill during this leaves a commit record whose every file is still staged: recovery makes it whole."""
        for tmp, name in reversed(renamed):
            target = self.out_dir / name
            with contextlib.suppress(OSError):
                os.link(target, tmp)
                previous = kept.get(name)
                if previous is not None:
                    os.replace(previous, target)  # noqa: PTH105
                else:
                    target.unlink()
        with contextlib.suppress(OSError):
            (self.out_dir / JOURNAL).unlink()
        with contextlib.suppress(OSError):
            Path(f"{self.out_dir / JOURNAL}.tmp").unlink()
        for folder in reversed(folders):
            with contextlib.suppress(OSError):
                folder.rmdir()


def _keep_aside(target: Path, aside: Path) -> Path:
    """A second name for ``target``'s current content (a hard link, or a copy)."""
    try:
        os.link(target, aside)
    except OSError:
        shutil.copy2(target, aside)
    return aside


def write_atomic(out_dir: Path, files: dict[str, bytes]) -> dict[str, Path]:
    """Write every file (names relative to ``out_dir``, folders allowed), or none (see :class:`Staging`)."""
    with Staging(out_dir) as staging:
        for name, content in sorted(files.items()):
            with staging.open(name) as fh:
                fh.write(content)
        return staging.commit()
