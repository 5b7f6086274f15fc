"""What reading and checking each data file alone gave, kept by the SHA-256 of its bytes: :class:`FileCache`.

:func:`~graph.model.loader.load` reads and checks every data file in two
phases: what one file alone decides (its YAML, the records of each section,
their fields, dates and quotes, each record's model object and the problems
of all that) and what needs the other files too (ids taken once across the
data, references and their types, ``according_to``, ``same_as``, the dates'
chronology, and the budgets of "did you mean" and of saying where a quote
parts ways with its source, which every problem of a load shares). Given a
cache, the first phase of a file whose bytes it read before is taken from
the cache; the second runs on every record at every load. The problems of
the first phase are kept as notes (:class:`~graph.model.structure.Recorder`)
and told in their place among the others, so a load from the cache gives
the same :class:`~graph.model.records.Dataset`, or the same problems in the
same order, as a load without one: an uncached load is a load with an empty
cache, through the same code.

What is kept for a file is a pure function of

* its bytes and the name it is shown by (an :class:`Entry` per name, with the digest of the bytes),
* the schema (:func:`schema_key`: a cache of another schema starts empty) and the code (the file the
  cache is written to records the package's code hash: see :func:`graph.snapshot.read_file_cache`),
* for the records' checks, the sources registry as quotes are looked up in it: its ids in order, the
  broken ones and the digest of each text (:func:`sources_key`); when that changes, the file's records
  are checked again (from the records kept, without reading the file again).

Only the files of the last load are kept, so the cache holds one entry per data file.

>>> cache = FileCache()
>>> cache.start("schema-digest")
>>> entry = cache.entry("data/x.yaml", b"entities: []", lambda: "read")
>>> cache.prune(); cache.parsed, list(cache.entries)
(1, ['data/x.yaml'])
>>> cache.start("schema-digest")
>>> cache.entry("data/x.yaml", b"entities: []", lambda: "read again") is entry, cache.parsed
(True, 0)
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..schema import Schema
    from .sections import Drafts
    from .sources import Sources
    from .structure import FileRead

__all__ = ["Entry", "FileCache", "schema_key", "sources_key"]


@dataclass(slots=True)
class Entry:
    """What the cache holds for one data file."""

    digest: str
    """The SHA-256 of the file's bytes."""
    read: FileRead
    """The file read on its own: its records by section and its problems."""
    sources: str = ""
    """The :func:`sources_key` :attr:`drafts` were checked against ("" before they are)."""
    drafts: Drafts | None = None
    """Each record's own checks (see :class:`~graph.model.sections.Drafting`)."""
    kept: bytes | None = field(default=None, compare=False, repr=False)
    """The entry as it was read from the cache's file, while it has not changed since (written again as is)."""

    def check(self, sources: str, drafts: Drafts) -> None:
        """Keep ``drafts``, the records' checks against the registry of key ``sources``."""
        self.sources, self.drafts, self.kept = sources, drafts, None


class FileCache:
    """Per data file (by the name it is shown by), what reading and checking it alone gave.

    Give one to :func:`~graph.model.loader.load`, which reads from it and adds to it;
    :func:`graph.snapshot.read_file_cache` and :func:`graph.snapshot.write_file_cache` keep it in a file.
    There each entry is a pickle of its own, unpickled only when its file's bytes are the same, and
    written again as it was read while it is unchanged: an edit to one file costs that file's entry.
    """

    def __init__(self) -> None:
        self.schema = ""
        """The :func:`schema_key` of the schema its entries were checked with."""
        self.entries: dict[str, Entry] = {}
        self.parsed = 0
        """Data files read anew in the last load (their bytes were not those kept)."""
        self.checked = 0
        """Data files whose records were checked anew in the last load."""
        self._stored: dict[str, tuple[str, bytes]] = {}  # from the file: name -> (digest, pickled entry)
        self._seen: dict[str, Entry] = {}

    @property
    def changed(self) -> bool:
        """Whether it holds anything its file does not (or no longer holds what it does)."""
        return set(self.entries) != set(self._stored) or any(e.kept is None for e in self.entries.values())

    def __getstate__(self) -> dict[str, Any]:
        entries = {
            name: (e.digest, e.kept or pickle.dumps((e.read, e.sources, e.drafts), protocol=pickle.HIGHEST_PROTOCOL))
            for name, e in self.entries.items()
        }
        return {"schema": self.schema, "entries": entries}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__()  # type: ignore[misc]
        self.schema, self._stored = state["schema"], state["entries"]

    def start(self, schema: str) -> None:
        """Begin a load with the schema of key ``schema``: the entries of another schema are dropped."""
        if schema != self.schema:
            self.schema, self.entries, self._stored = schema, {}, {}
        self._seen, self.parsed, self.checked = {}, 0, 0

    def entry(self, shown: str, raw: bytes, read: Callable[[], FileRead]) -> Entry:
        """The entry of the file ``shown`` whose bytes are ``raw``: the one kept if its bytes were the same,
        else a new one of what ``read()`` gives."""
        digest = hashlib.sha256(raw).hexdigest()
        found = self.entries.get(shown)
        if found is None or found.digest != digest:
            stored = self._stored.get(shown)
            if stored is not None and stored[0] == digest:
                # unpickled from the cache's file, which graph.snapshot.read_file_cache checked (owner, hash)
                read_, sources, drafts = pickle.loads(stored[1])  # noqa: S301
                found = Entry(digest, read_, sources, drafts, stored[1])
            else:
                found = Entry(digest, read())
                self.parsed += 1
        self._seen[shown] = found
        return found

    def uncached(self, read: FileRead) -> Entry:
        """An entry for a file that could not be read (its problem is told; nothing is kept)."""
        self.parsed += 1
        return Entry("", read)

    def prune(self) -> None:
        """Keep only the entries of the files read since :meth:`start` (files gone are dropped)."""
        self.entries, self._seen = self._seen, {}


def schema_key(schema: Schema) -> str:
    """A digest of everything in ``schema`` (what the records' checks read of it).

    >>> from graph.schema import load_schema
    >>> schema_key(load_schema()) == schema_key(load_schema())
    True
    """
    return hashlib.sha256(pickle.dumps(schema, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()


def sources_key(sources: Sources) -> str:
    """A digest of the registry as the records' quotes and attributed aliases are checked against it:
    the ids of the sources read (in order: "did you mean" takes them so), the broken ones, each text."""
    h = hashlib.sha256()
    for sid, src in sources.sources.items():
        h.update(f"{sid}\0{len(src.text)}\0".encode())
        h.update(hashlib.sha256(src.text.encode("utf-8", "surrogatepass")).digest())
    h.update(b"\0broken\0" + "\0".join(sorted(sources.broken)).encode())
    return h.hexdigest()
