"""Building every output, and writing them so that a failed build changes nothing.

Outputs are looked up in one table, :data:`FORMATS` (name -> file and writer);
the CLI's choices and its "unknown format" message come from it.
"""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Graph

from .build import to_networkx
from .errors import OutputError, UsageError
from .graphml import to_graphml
from .html import MAX_NODES, to_html
from .jsonld import jsonld_from_ntriples
from .load import load
from .model import Dataset
from .names import resolve
from .rdf import NTQuad, graph_lines, nt_quads, ntriples, ontology, to_nquads, to_rdf, to_trig, to_turtle
from .schema import Schema, suggest

__all__ = ["FORMATS", "SHACL_AUTO_LIMIT", "BuildResult", "Format", "build", "check_shapes", "render", "write_atomic"]


@dataclass
class _Context:
    """What writers share, built once per build and only when needed."""

    dataset: Dataset
    graph: nx.MultiDiGraph
    _quads: list[NTQuad] | None = None
    _nt: str | None = None
    _groups: dict[str, list[str]] | None = None
    _rdf: Graph | None = None
    html_options: dict[str, Any] = field(default_factory=dict)

    @property
    def quads(self) -> list[NTQuad]:
        """Every triple as N-Triples terms with its source: what all RDF writers start from."""
        if self._quads is None:
            self._quads = list(nt_quads(self.dataset))
        return self._quads

    @property
    def nt(self) -> str:
        if self._nt is None:
            self._nt = ntriples(self.dataset, self.quads)
        return self._nt

    @property
    def groups(self) -> dict[str, list[str]]:
        """The sorted lines of each named graph: what TriG and N-Quads are written from."""
        if self._groups is None:
            self._groups = graph_lines(self.dataset, self.quads)
        return self._groups

    @property
    def rdf(self) -> Graph:
        """The rdflib graph (an Oxigraph store), for the SHACL check."""
        if self._rdf is None:
            self._rdf = to_rdf(self.dataset, self.nt)
        return self._rdf

    def release(self) -> None:
        """Drop the per-triple data the RDF writers shared (the N-Triples text stays, for the count)."""
        self._quads = None
        self._groups = None

    @property
    def triples(self) -> int:
        return self.nt.count("\n")


def _turtle(ctx: _Context) -> bytes:
    return to_turtle(ctx.dataset, ctx.nt).encode("utf-8")


def _ntriples(ctx: _Context) -> bytes:
    return ctx.nt.encode("utf-8")


def _jsonld(ctx: _Context) -> bytes:
    return jsonld_from_ntriples(ctx.nt, ctx.dataset.schema.prefixes).encode("utf-8")


def _trig(ctx: _Context) -> bytes:
    return to_trig(ctx.dataset, ctx.groups).encode("utf-8")


def _nquads(ctx: _Context) -> bytes:
    return to_nquads(ctx.dataset, ctx.groups).encode("utf-8")


def _shapes(ctx: _Context) -> bytes:
    from .shacl import shapes

    return shapes(ctx.dataset.schema).serialize(format="turtle", encoding="utf-8")


def _ontology(ctx: _Context) -> bytes:
    return ontology(ctx.dataset.schema).serialize(format="turtle", encoding="utf-8")


def _graphml(ctx: _Context) -> bytes:
    return to_graphml(ctx.graph)


def _html(ctx: _Context) -> bytes:
    return to_html(ctx.graph, ctx.dataset.schema, **ctx.html_options).encode("utf-8")


@dataclass(frozen=True)
class Format:
    """An output: its name on the command line, its file and its writer."""

    name: str
    filename: str
    description: str
    write: Callable[[_Context], bytes]
    rdf: bool = False
    """An export of the data as RDF: the build checks it against the SHACL shapes first."""


FORMATS: dict[str, Format] = {
    f.name: f
    for f in [
        Format("turtle", "graph.ttl", "RDF, Turtle", _turtle, rdf=True),
        Format("ntriples", "graph.nt", "RDF, N-Triples (sorted lines)", _ntriples, rdf=True),
        Format("jsonld", "graph.jsonld", "RDF, JSON-LD with a compact @context", _jsonld, rdf=True),
        Format("trig", "graph.trig", "RDF, TriG: one named graph per source", _trig, rdf=True),
        Format("nquads", "graph.nq", "RDF, N-Quads: one named graph per source (sorted lines)", _nquads, rdf=True),
        Format("ontology", "ontology.ttl", "the OWL/RDFS vocabulary generated from the schema", _ontology),
        Format("shapes", "shapes.ttl", "the SHACL shapes generated from the schema", _shapes),
        Format("graphml", "graph.graphml", "GraphML for Gephi, yEd, Cytoscape", _graphml),
        Format("html", "graph.html", "the interactive network, one offline HTML file", _html),
    ]
}


def check_formats(names: Iterable[str]) -> list[str]:
    """Validate format names against :data:`FORMATS`; raise a UsageError naming the choices."""
    chosen = []
    for name in names:
        if name not in FORMATS:
            hint = suggest(name, FORMATS)
            raise UsageError(
                f"unknown format '{name}'"
                + (f" (did you mean '{hint}'?)" if hint else "")
                + f"; choose from {', '.join(FORMATS)}"
            )
        chosen.append(name)
    return chosen


@dataclass
class BuildResult:
    """What a build produced."""

    dataset: Dataset
    graph: nx.MultiDiGraph
    triples: int
    files: dict[str, Path] = field(default_factory=dict)
    shacl: str = ""
    """What the SHACL check did, as a sentence ("" when no RDF was written)."""


SHACL_AUTO_LIMIT = 50_000
"""With ``shacl="auto"``, exports up to this many triples are checked against the shapes.

pySHACL checks about 6,000 triples a second here (see docs/benchmarks.md): a
check of a large export takes minutes, which a build run after every edit
cannot afford. Above the limit the build says that it skipped the check, and
``--shacl always`` runs it."""

SHACL_MODES = ("auto", "always", "never")


def check_shapes(ctx: _Context, mode: str = "auto") -> str:
    """Check the RDF against the SHACL shapes as ``mode`` says; return what was done, as a sentence."""
    if mode not in SHACL_MODES:
        raise UsageError(f"unknown SHACL mode '{mode}'; choose from {', '.join(SHACL_MODES)}")
    n = ctx.triples
    if mode == "never":
        return f"not checked against the SHACL shapes (--shacl never), {n} triples"
    if mode == "auto" and n > SHACL_AUTO_LIMIT:
        return (
            f"SHACL check skipped: {n} triples is over the automatic limit of {SHACL_AUTO_LIMIT} "
            "(pySHACL takes minutes at this size); run with --shacl always to check"
        )
    from .shacl import validate

    validate(ctx.rdf, ctx.dataset.schema)
    return f"{n} triples conform to the SHACL shapes"


def render(
    dataset: Dataset,
    formats: Iterable[str] | None = None,
    *,
    shacl: str = "auto",
    focus: str | None = None,
    hops: int = 2,
    max_nodes: int | None = MAX_NODES,
    progress: Callable[[str], None] | None = None,
) -> tuple[nx.MultiDiGraph, int, dict[str, bytes], str]:
    """Render outputs in memory: the graph, the triple count, filename -> bytes, and the SHACL status.

    When an RDF export is among the outputs, the RDF is first checked against
    the SHACL shapes (:mod:`graph.shacl`, see :func:`check_shapes`); a
    violation raises :class:`~graph.errors.ShapeError` and nothing is
    rendered. ``focus``, ``hops`` and ``max_nodes`` choose the part of a large
    graph the HTML page draws (:func:`graph.html.select`); ``progress`` is
    told each stage as it starts.
    """
    say = progress or (lambda _: None)
    say("networkx")
    ctx = _Context(dataset, to_networkx(dataset))
    ctx.html_options = {"focus": resolve(ctx.graph, focus) if focus else None, "hops": hops, "max_nodes": max_nodes}
    names = check_formats(formats) if formats is not None else list(FORMATS)
    status = ""
    if any(FORMATS[n].rdf for n in names):
        say("RDF triples")
        ctx.nt  # noqa: B018 - every RDF writer starts from it
        say("SHACL check")
        status = check_shapes(ctx, shacl)
    out = {}
    # the RDF exports first: then their shared intermediate data can go before GraphML and HTML
    for n in sorted(names, key=lambda n: not FORMATS[n].rdf):
        if not FORMATS[n].rdf:
            ctx.release()
        say(FORMATS[n].filename)
        out[FORMATS[n].filename] = FORMATS[n].write(ctx)
    out = {FORMATS[n].filename: out[FORMATS[n].filename] for n in names}
    triples = ctx.triples if ctx._nt is not None else 0
    return ctx.graph, triples, out, status


@contextlib.contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a build allocates its millions of
    small objects (it found nothing to free, and cost 40% of the JSON-LD writer's
    time at 10,000 relations); reference counting still frees everything."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(out_dir: Path, files: dict[str, bytes]) -> dict[str, Path]:
    """Write every file, or none.

    Each file goes to a temporary file first; all are renamed into place only
    once all were written. The files they replace are kept aside (hard links,
    or copies) until every rename succeeded, and put back if one fails, so a
    failed or interrupted write leaves the previous outputs as they were.
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create output directory {out_dir}: {exc.strerror or exc}") from None
    temps: list[tuple[str, str]] = []
    kept: dict[str, Path | None] = {}  # name -> the previous file kept aside (None: there was none)
    done = False
    try:
        for name, content in sorted(files.items()):
            fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=f".{name}.", suffix=".tmp")
            temps.append((tmp, name))
            Path(tmp).chmod(0o666 & ~_umask())
            with os.fdopen(fd, "wb") as fh:
                fh.write(content)
                fh.flush()
                os.fsync(fh.fileno())
        for _, name in temps:
            target = out_dir / name
            kept[name] = _keep_aside(target) if target.exists() else None
        written = {}
        for tmp, name in temps:
            target = out_dir / name
            Path(tmp).replace(target)
            written[name] = target
        done = True
        return written
    except OSError as exc:
        raise OutputError(
            f"cannot write to {out_dir}: {exc.strerror or exc}; the previous outputs are unchanged"
        ) from None
    finally:
        for name, previous in kept.items():
            with contextlib.suppress(OSError):
                if done:
                    if previous is not None:
                        previous.unlink()
                elif previous is not None:
                    target = out_dir / name
                    if target.exists() and previous.samefile(target):
                        previous.unlink()  # never replaced; rename(2) between two links of one file does nothing
                    else:
                        os.replace(previous, target)  # noqa: PTH105 - restore even where Path.replace failed
                elif (out_dir / name).exists() and any(n == name for _, n in temps):
                    (out_dir / name).unlink()  # new in this build, and the build failed
        for tmp, _ in temps:
            with contextlib.suppress(OSError):
                Path(tmp).unlink()


def _keep_aside(target: Path) -> Path:
    """A second name for ``target``'s current content (a hard link, or a copy)."""
    fd, aside = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".old")
    os.close(fd)
    Path(aside).unlink()
    try:
        os.link(target, aside)
    except OSError:
        shutil.copy2(target, aside)
    return Path(aside)


def build(
    data_dir: str | Path = "data",
    out_dir: str | Path = "out",
    formats: Iterable[str] | None = None,
    schema: Schema | str | Path | None = None,
    **options: Any,
) -> BuildResult:
    """Validate the data and write every output into ``out_dir``.

    Nothing is written unless the data are valid, the RDF conforms to the
    SHACL shapes (when checked: see :func:`check_shapes`) and every output
    rendered. ``options`` are :func:`render`'s.
    """
    say = options.get("progress") or (lambda _: None)
    with _no_cyclic_gc():
        say("read + validate")
        dataset = load(data_dir, schema)
        graph, triples, files, status = render(dataset, formats, **options)
    say("write")
    written = write_atomic(Path(out_dir), files)
    return BuildResult(dataset, graph, triples, written, status)
