"""The query commands' view of the data: the snapshot when it is fresh, else the data themselves.

:func:`query_graph` (opponents, allies, relations, path, timeline, camps, stats)
and :func:`query_store` (sparql) read :mod:`graph.snapshot` from the output
directory when its header matches the code, the schema and every file of the
data directory. When it does not, and the output directory holds a snapshot of
this data directory (stale, damaged, of another version), they write a new
one in its place first, under the output directory's lock (as a build); when
the directory holds none or another data directory's, or a build holds the
lock, or it cannot be written, they answer from the data read now, as the
commands did before the snapshot, and never from a stale snapshot. ``note``
is told what happened, in a sentence (the CLI shows it on a terminal).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cachefile import FILE_CACHE, read_file_cache, write_file_cache
from .errors import DataError, OutputError
from .schema import Schema, load_schema
from .snapshot import (
    PendingStore,
    Snapshot,
    Stale,
    fingerprint,
    held_store,
    previous_store,
    publish_store,
    read_snapshot,
    store_name,
    store_text,
    tidy,
    write_model,
    write_store_folder,
)
from .staging import Staging

if TYPE_CHECKING:
    import networkx as nx

    from .model.records import Dataset

__all__ = ["Answerable", "load_cached", "query_graph", "query_store", "refresh", "start_store_for", "write_store_for"]

Note = Callable[[str], None]


def load(data_dir: str | Path, schema: Schema | str | Path | None) -> Dataset:
    """:func:`graph.model.loader.load`, imported when the data must be read (not when the snapshot is fresh)."""
    from .model.loader import load as read

    return read(data_dir, schema)


def load_cached(
    data_dir: str | Path, schema: Schema | str | Path | None, out_dir: str | Path
) -> tuple[Dataset, Callable[[], None]]:
    """The data read through the per-file cache of ``out_dir``'s snapshot (:mod:`graph.model.filecache`):
    only the files changed since it was written are read and checked again on their own.

    Returns the dataset and what to call once the snapshot's folder is committed. The cache is written
    at once when the folder is there (also when the data have a problem: fixing it is then quick), else
    after the commit (a first build that fails leaves nothing behind). An unwritten cache costs the
    next build time, nothing else."""
    from .model.loader import load as read

    path = Path(out_dir) / FILE_CACHE
    cache = read_file_cache(path)

    def keep() -> None:
        with contextlib.suppress(OutputError):
            write_file_cache(path, cache)

    try:
        ds = read(data_dir, schema, cache=cache)
    except DataError:
        if path.parent.is_dir():
            keep()
        raise
    if path.parent.is_dir():
        keep()
        return ds, lambda: None  # the cache's records are not kept through the rendering
    return ds, keep


def _schema(schema: Schema | str | Path | None) -> Schema:
    return schema if isinstance(schema, Schema) else load_schema(schema)


def start_store_for(
    out_dir: Path, ds: Dataset, files: dict[str, str], lines: Any = None, background: bool = False
) -> PendingStore:
    """Start making the store of ``files`` (the inputs' hashes) from ``ds`` (or its export ``lines``) under a
    temporary name, in a child process if ``background`` (:func:`graph.snapshot.write_store_folder`):
    from the previous store (the one the model file names) and the difference when it is there, else
    loaded anew. :func:`graph.snapshot.publish_store` names it once the model is committed."""
    from .rdf.export import export_lines
    from .rdf.oxstore import write_store
    from .rdf.terms import graph_iris

    made = lines if lines is not None else export_lines(ds)
    iris = graph_iris(ds.schema, made.graphs)
    previous = previous_store(out_dir)

    def write(path: Path) -> str:
        old_text = store_text(previous) if previous is not None else None
        return write_store(path, store_text(path), made.union, made.graphs, iris, previous, old_text)

    return write_store_folder(out_dir, store_name(files), write, background)


def write_store_for(out_dir: Path, ds: Dataset, files: dict[str, str], lines: Any = None) -> Path | None:
    """:func:`start_store_for` in this process: the temporary folder, written (None if the store of
    these inputs is there already)."""
    return start_store_for(out_dir, ds, files, lines).wait()


def refresh(
    out_dir: str | Path, data_dir: str | Path, schema: Schema | str | Path | None, store: bool
) -> tuple[Dataset, nx.MultiDiGraph]:
    """Write a new snapshot of ``data_dir`` into ``out_dir`` (its store too if ``store``); the data and graph.

    Raises :class:`~graph.errors.OutputError` if a build holds the directory or it cannot be written."""
    from .views.network import to_networkx

    sch = _schema(schema)
    out = Path(out_dir)
    files = fingerprint(data_dir, sch.path, out)  # before the data are read: an edit during the read is seen later
    ds, keep_cache = load_cached(data_dir, sch, out)
    with Staging(out) as staging:
        pending = start_store_for(out, ds, files, background=True) if store else PendingStore(None)
        try:  # the graph and the model are made while a child process writes the store
            G = to_networkx(ds)
            write_model(staging, G, data_dir, sch.path, files, {"prefixes": sch.prefixes})
            made = pending.wait()
            staging.commit()
        except BaseException:
            pending.discard()
            raise
        publish_store(out, made, store_name(files))
        tidy(out, store_name(files))
    keep_cache()
    return ds, G


def _fallback(stale: Stale, out: Path, note: Note) -> None:
    if stale.rebuild:
        note(f"{stale.reason}; a build is writing {out}/ or it cannot be written: reading the data")
    else:
        note(f"{stale.reason}; reading the data")


def query_graph(
    data_dir: str | Path, schema: Schema | str | Path | None, out_dir: str | Path, note: Note
) -> nx.MultiDiGraph:
    """The networkx graph of ``data_dir``: from a fresh snapshot in ``out_dir``, else made now (see the module)."""
    from .views.network import to_networkx

    sch_file = _schema_file(schema)
    out = Path(out_dir)
    found = read_snapshot(out, data_dir, sch_file)
    if isinstance(found, Snapshot):
        return found.graph()
    if found.rebuild:
        note(f"{found.reason}; writing a new snapshot into {out}/snapshot/")
        try:
            return refresh(out, data_dir, schema, store=False)[1]
        except OutputError:
            _fallback(found, out, note)
    else:
        _fallback(found, out, note)
    return to_networkx(load(data_dir, schema))


def _schema_file(schema: Schema | str | Path | None) -> str:
    """The schema's file, without reading it when it is a path (the packaged one when None)."""
    if isinstance(schema, Schema):
        return schema.path
    from .schema import DEFAULT_SCHEMA

    return str(Path(schema or DEFAULT_SCHEMA).resolve())


class Answerable:
    """Where a ``sparql`` query runs: the snapshot's store (``store``), or a store made in memory from
    ``dataset`` (``store`` None); ``prefixes`` are the schema's."""

    def __init__(self, store: Path | None, prefixes: dict[str, str], dataset: Dataset | None = None) -> None:
        self.store, self.prefixes, self.dataset = store, prefixes, dataset

    def pieces(self) -> Iterator[str]:
        """The N-Quads of the store made in memory."""
        from .rdf.export import export_lines
        from .rdf.oxstore import store_quads
        from .rdf.terms import graph_iris

        assert self.dataset is not None
        lines = export_lines(self.dataset)
        yield from store_quads(lines.union, lines.graphs, graph_iris(self.dataset.schema, lines.graphs))


@contextlib.contextmanager
def query_store(
    data_dir: str | Path, schema: Schema | str | Path | None, out_dir: str | Path, note: Note
) -> Iterator[Answerable]:
    """Where ``sparql`` runs, held for as long as the block lasts (no build removes the store meanwhile)."""
    sch_file = _schema_file(schema)
    out = Path(out_dir)
    stale = Stale("the snapshot kept changing while it was read", rebuild=True)
    for _ in range(3):  # a build may replace the snapshot between reading it and holding its store
        found = read_snapshot(out, data_dir, sch_file)
        if isinstance(found, Stale):
            stale = found
            if not found.rebuild:
                break
            note(f"{found.reason}; writing a new snapshot into {out}/snapshot/")
            try:
                refresh(out, data_dir, schema, store=True)
            except OutputError:
                break
            continue
        if not found.store.is_dir():  # a query other than sparql wrote the model alone
            note(f"the snapshot has no store yet; writing it into {out}/snapshot/")
            try:
                with Staging(out):
                    sch = _schema(schema)
                    if fingerprint(data_dir, sch.path, out) != found.files:  # changed since: read it again
                        continue
                    made = write_store_for(out, load(data_dir, sch), found.files)
                    publish_store(out, made, store_name(found.files))
            except OutputError:
                stale = Stale("the snapshot has no store", rebuild=True)
                break
        with held_store(found) as store:
            if store is not None:
                yield Answerable(store, found.prefixes)
                return
    _fallback(stale, out, note)
    ds = load(data_dir, schema)
    yield Answerable(None, ds.schema.prefixes, ds)
