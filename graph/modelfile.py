"""The model file: the networkx graph the query commands run on, in SQLite, each node read when first needed.

A query about one entity (``opponents``, ``allies``, ``relations``) reads that
entity's neighbourhood, not the whole graph: at 100,000 relations unpickling
the whole graph was about 3 s of each such query's 3.3 s. The file
(``OUT/snapshot/model.sqlite``) has three tables:

* ``meta``: the header (JSON: what made the file, see :mod:`graph.snapshot`),
  the graph's own attributes and the answers computed when it was written
  (``stats``), each a pickle;
* ``node``: one row per node, in the graph's order: its id, a pickle of its
  attributes, its out-edges (each successor with its keys and their
  attributes, in the graph's order) and its predecessors (in order), and the
  BLAKE2b digest of that pickle;
* ``name``: every name a node answers to, normalised as
  :func:`graph.analysis.names.normalise_name` does, with its node: what
  :func:`~graph.analysis.names.resolve` looks a typed name up in.

:class:`ModelGraph` is a ``MultiDiGraph`` whose node and adjacency mappings
read rows on demand: the same nodes, edges, attributes and iteration orders
as the graph it was written from, so every analysis gives the same answer;
iterating the whole graph reads every row at once. A row whose digest does
not match raises :class:`DamagedModel`.

Why a pickle per row is safe: see :mod:`graph.snapshot` (the file is read only
when its header matches the code and the inputs, and only from a file its
user owns that no one else may write); the digest tells damage from data.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import pickle
import sqlite3
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from .analysis.names import name_labels, nodes_index
from .errors import OutputError

__all__ = ["DamagedModel", "ModelFile", "ModelGraph", "model_bytes", "open_model", "read_header"]

_TABLES = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE node(pos INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, data BLOB NOT NULL, digest BLOB NOT NULL);
CREATE TABLE name(key TEXT NOT NULL, id TEXT NOT NULL);
"""
_INDEXES = "CREATE INDEX name_key ON name(key);"


class DamagedModel(OutputError):
    """A row of the model file does not match its digest (or the database cannot be read)."""


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def model_bytes(G: nx.MultiDiGraph, header: str, memo: Mapping[str, Any]) -> bytes:
    """The model file of ``G``: ``header`` (JSON text), ``memo`` (answers computed now, by name) and every node."""
    con = sqlite3.connect(":memory:")
    try:
        con.executescript(_TABLES)
        dump = pickle.dumps
        meta = [("header", header.encode("utf-8")), ("graph", dump(G.graph, protocol=5))]
        meta += [(f"memo:{k}", dump(v, protocol=5)) for k, v in sorted(memo.items())]
        con.executemany("INSERT INTO meta VALUES (?, ?)", meta)
        succ, pred = G._succ, G._pred
        rows, names = [], []
        for pos, (n, attrs) in enumerate(G._node.items()):
            out = [(v, list(keys.items())) for v, keys in succ[n].items()]
            data = dump((attrs, out, list(pred[n])), protocol=5)
            rows.append((pos, n, data, _digest(data)))
            names += [(key, n) for key in sorted(name_labels(n, attrs))]
        con.executemany("INSERT INTO node VALUES (?, ?, ?, ?)", rows)
        con.executemany("INSERT INTO name VALUES (?, ?)", names)
        con.execute(_INDEXES)
        con.commit()
        return bytes(con.serialize())
    finally:
        con.close()


def _connect(path: Path) -> sqlite3.Connection:
    """``path`` opened read-only and immutable (it is replaced by a rename, never written in place)."""
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    return sqlite3.connect(uri, uri=True, check_same_thread=False)


class ModelFile:
    """An open model file: the one whose owner and header were checked is the one its rows are read from, even
    if a build renames a new file into its place meanwhile (SQLite opens the file the descriptor holds)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        self.con: sqlite3.Connection | None = None

    def stat(self) -> os.stat_result:
        return os.fstat(self.fd)

    def header(self) -> str | None:
        """The header (JSON text), or None if this is not a whole model file."""
        if os.pread(self.fd, 16, 0) != b"SQLite format 3\x00":
            return None
        held = Path(f"/proc/self/fd/{self.fd}")
        try:
            self.con = _connect(held if held.exists() else self.path)
            row = self.con.execute("SELECT value FROM meta WHERE key = 'header'").fetchone()
            pages = self.con.execute("PRAGMA page_count").fetchone()[0]
            size = pages * self.con.execute("PRAGMA page_size").fetchone()[0]
        except sqlite3.Error:
            return None
        if row is None or size != self.stat().st_size:  # cut short: its last pages are missing
            return None
        try:
            return bytes(row[0]).decode("utf-8")
        except UnicodeDecodeError:
            return None

    def graph(self) -> ModelGraph:
        """The graph (:meth:`header` read first)."""
        if self.con is None:
            raise DamagedModel(f"{self.path} cannot be read")
        return ModelGraph.of_file(self.path, self.con)

    def close(self) -> None:
        """Close the descriptor (SQLite keeps its own: the graph stays readable)."""
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def read_header(path: Path) -> str | None:
    """The header (JSON text) of the model file at ``path``, or None if it is not one (or cannot be read)."""
    try:
        held = ModelFile(path)
    except OSError:
        return None
    try:
        return held.header()
    finally:
        held.close()
        if held.con is not None:
            held.con.close()


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Unpickle with the cyclic collector paused, then freeze what was made out of its reach (a short
    query would only scan those objects again and again)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        gc.freeze()
    finally:
        if enabled:
            gc.enable()


class _Rows:
    """The node rows of an open model file, each unpickled once, when first needed."""

    def __init__(self, path: Path, con: sqlite3.Connection) -> None:
        self.path = path
        self.con = con
        self._ids: list[str] | None = None  # every id in the graph's order: read when first iterated
        self._known: dict[str, bool] = {}  # ids asked for before that
        self.attrs: dict[str, dict[str, Any]] = {}
        self.succ: dict[str, dict[str, dict[str, Any]]] = {}
        self.preds: dict[str, list[str]] = {}
        self.pred: dict[str, dict[str, dict[str, Any]]] = {}
        self.complete = False

    @property
    def ids(self) -> list[str]:
        if self._ids is None:
            self._ids = [r[0] for r in self._query("SELECT id FROM node ORDER BY pos")]
            self._known = dict.fromkeys(self._ids, True)
        return self._ids

    def known(self, n: str) -> bool:
        """Whether ``n`` is a node (one indexed lookup, until every id has been read)."""
        found = self._known.get(n)
        if found is None:
            if self._ids is not None:
                return False
            found = self._known[n] = bool(self._query("SELECT 1 FROM node WHERE id = ?", (n,)))
        return found

    def count(self) -> int:
        return len(self._ids) if self._ids is not None else self._query("SELECT count(*) FROM node")[0][0]

    def _query(self, sql: str, args: tuple[Any, ...] = ()) -> list[Any]:
        try:
            return self.con.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise self.damaged(str(exc)) from None

    def damaged(self, why: str) -> DamagedModel:
        with contextlib.suppress(OSError):
            self.path.unlink()  # the next query rebuilds it
        return DamagedModel(f"{self.path} is damaged ({why}); it was removed: run the command again")

    def _add(self, n: str, data: bytes, digest: bytes) -> None:
        if _digest(data) != digest:
            raise self.damaged(f"the row of '{n}' does not match its digest")
        try:
            attrs, out, preds = pickle.loads(data)  # noqa: S301 - checked: see the module's docstring
            succ = {v: dict(keys) for v, keys in out}
        except (pickle.UnpicklingError, TypeError, ValueError, AttributeError, EOFError) as exc:
            raise self.damaged(f"the row of '{n}' cannot be read: {exc}") from None
        if not isinstance(attrs, dict) or not isinstance(preds, list):
            raise self.damaged(f"the row of '{n}' is not a node's")
        self.attrs[n] = attrs
        self.succ[n] = succ
        self.preds[n] = preds

    def load(self, n: str) -> None:
        if n not in self.attrs:
            rows = self._query("SELECT data, digest FROM node WHERE id = ?", (n,))
            if not rows:
                raise self.damaged(f"no row for '{n}'")
            self._add(n, *rows[0])

    def load_many(self, nodes: list[str]) -> None:
        """The rows of ``nodes`` not read yet, a few hundred to a query."""
        wanted = [n for n in dict.fromkeys(nodes) if n not in self.attrs]
        sql = "SELECT id, data, digest FROM node WHERE id IN (SELECT value FROM json_each(?))"
        for i in range(0, len(wanted), 500):
            for n, data, digest in self._query(sql, (json.dumps(wanted[i : i + 500]),)):  # the ids bound as one value
                self._add(n, data, digest)

    def load_all(self) -> None:
        if self.complete:
            return
        with _gc_paused():
            for n, data, digest in self._query("SELECT id, data, digest FROM node ORDER BY pos"):
                if n not in self.attrs:
                    self._add(n, data, digest)
            ids = self.ids  # in the graph's order, whatever order the rows were first read in
            self.attrs = {n: self.attrs[n] for n in ids}
            self.succ = {n: self.succ[n] for n in ids}
            self.pred = {v: self.pred_of(v) for v in ids}
        self.complete = True

    def pred_of(self, v: str) -> dict[str, dict[str, Any]]:
        """The predecessors of ``v``: each one's key dict to ``v``, the very object its successors hold."""
        found = self.pred.get(v)
        if found is None:
            self.load(v)
            for u in self.preds[v]:
                self.load(u)
            found = self.pred[v] = {u: self.succ[u][v] for u in self.preds[v]}
        return found

    def memo(self, key: str) -> Any:
        rows = self._query("SELECT value FROM meta WHERE key = ?", (f"memo:{key}",))
        return pickle.loads(rows[0][0]) if rows else None  # noqa: S301 - checked: see the module's docstring


class _Lazy(Mapping[str, Any]):
    """A node-keyed mapping that reads rows when asked: one key, one row; every item, every row."""

    def __init__(self, rows: _Rows) -> None:
        self.rows = rows

    def _get(self, n: str) -> Any:
        raise NotImplementedError

    def _whole(self) -> dict[str, Any]:
        raise NotImplementedError

    def __getitem__(self, n: str) -> Any:
        if n not in self:
            raise KeyError(n)
        return self._get(n)

    def __contains__(self, n: object) -> bool:
        return isinstance(n, str) and self.rows.known(n)

    def __iter__(self) -> Iterator[str]:
        return iter(self.rows.ids)

    def __len__(self) -> int:
        return self.rows.count()

    def items(self) -> Any:
        self.rows.load_all()
        return self._whole().items()

    def values(self) -> Any:
        self.rows.load_all()
        return self._whole().values()


class _Nodes(_Lazy):
    def _get(self, n: str) -> Any:
        self.rows.load(n)
        return self.rows.attrs[n]

    def _whole(self) -> dict[str, Any]:
        return self.rows.attrs


class _Succ(_Lazy):
    def _get(self, n: str) -> Any:
        self.rows.load(n)
        return self.rows.succ[n]

    def _whole(self) -> dict[str, Any]:
        return self.rows.succ


class _Pred(_Lazy):
    def _get(self, n: str) -> Any:
        return self.rows.pred_of(n)

    def _whole(self) -> dict[str, Any]:
        return self.rows.pred


class ModelGraph(nx.MultiDiGraph):  # type: ignore[misc]
    """A ``MultiDiGraph`` read from a model file as it is used (made with :func:`open_model`).

    Made with no file (as networkx does when it copies a graph), it is an
    ordinary ``MultiDiGraph``. It also answers what the file holds beside the
    graph: the names index (:meth:`names_for`, :meth:`name_index`) and the
    answers computed when it was written (:meth:`memo`).
    """

    _rows: _Rows | None = None

    @classmethod
    def of_file(cls, path: Path, con: sqlite3.Connection) -> ModelGraph:
        G = cls()
        rows = _Rows(path, con)
        graph_row = rows._query("SELECT value FROM meta WHERE key = 'graph'")
        G.graph.update(pickle.loads(graph_row[0][0]))  # noqa: S301 - checked: see the module's docstring
        G._node = _Nodes(rows)
        G._adj = _Succ(rows)  # networkx makes _succ the same mapping
        G._pred = _Pred(rows)
        G._rows = rows
        return G

    def names_for(self, key: str) -> set[str]:
        """The nodes answering to the normalised name ``key``."""
        if self._rows is None:
            return nodes_index(self).get(key, set())
        return {r[0] for r in self._rows._query("SELECT id FROM name WHERE key = ?", (key,))}

    def name_index(self) -> dict[str, set[str]]:
        """Every normalised name, with the nodes answering to it."""
        if self._rows is None:
            return nodes_index(self)
        index: dict[str, set[str]] = {}
        for key, n in self._rows._query("SELECT key, id FROM name"):
            index.setdefault(key, set()).add(n)
        return index

    def memo(self, key: str) -> Any:
        """The answer named ``key`` computed when the file was written (None if it was not)."""
        return self._rows.memo(key) if self._rows is not None else None

    def prefetch(self, nodes: list[str]) -> None:
        """Read the rows of ``nodes`` and of their predecessors now, in a few queries (a search about to
        read them all), instead of one query each as they are asked for."""
        rows = self._rows
        if rows is None or rows.complete:
            return
        rows.load_many(nodes)
        rows.load_many([u for n in nodes if n in rows.preds for u in rows.preds[n]])


def open_model(path: Path) -> ModelGraph:
    """The graph of the model file at ``path`` (its header checked by the caller: see :mod:`graph.snapshot`)."""
    try:
        con = _connect(path)
    except sqlite3.Error as exc:
        raise DamagedModel(f"{path} cannot be read ({exc})") from None
    return ModelGraph.of_file(path, con)
