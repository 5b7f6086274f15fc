"""Building every output, and writing them so that a failed build changes nothing.

The files are written through :class:`graph.staging.Staging`: one build at a
time per output directory (a lock naming its holder), all files committed
together or none, and what a killed build left behind cleaned up (see
:mod:`graph.staging` for the protocol and its guarantee).

Outputs are looked up in one table, :data:`FORMATS` (name -> file and writer);
the CLI's choices and its "unknown format" message come from it.
"""

from __future__ import annotations

import contextlib
import gc
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .errors import UsageError
from .schema import Schema, load_schema
from .snapshot import MODEL, PendingStore, fingerprint, publish_store, store_name, tidy, write_model
from .staging import Staging, write_atomic
from .text import suggest
from .views.limits import MAX_NODES
from .views.tables import CSV_FILES, NEO4J_FILES

if TYPE_CHECKING:  # the writers import what they need when they run: a query command imports none of them
    import networkx as nx
    from rdflib import Graph

    from .model.records import Dataset
    from .rdf.export import ExportLines
    from .views.tables import Tables

__all__ = [
    "FORMATS",
    "SHACL_AUTO_LIMIT",
    "STAGE_MODEL",
    "STAGE_NETWORKX",
    "STAGE_RDF",
    "STAGE_SHACL",
    "STAGE_STORE",
    "STAGE_STORE_WAIT",
    "BuildContext",
    "BuildResult",
    "Format",
    "Opener",
    "Staging",
    "build",
    "check_shapes",
    "export_lines",
    "render",
    "render_files",
    "write_atomic",
]


@dataclass
class BuildContext:
    """What the writers of one build share, each made once and only when needed.

    >>> from graph import load
    >>> ctx = BuildContext(load("data"))
    >>> ctx.has_graph, ctx.lines.triples == ctx.triples, ctx.has_graph
    (False, True, False)
    """

    dataset: Dataset
    html_options: dict[str, Any] = field(default_factory=dict)
    """Keyword arguments of :func:`graph.views.html.to_html` (``focus``, ``hops``, ``max_nodes``)."""
    shared: dict[str, Any] = field(default_factory=dict)
    """What several writers of one build make once (the CSV tables, for ``csv`` and ``neo4j``)."""
    _graph: nx.MultiDiGraph | None = None
    _lines: ExportLines | None = None
    _triples: int = 0

    @property
    def graph(self) -> nx.MultiDiGraph:
        """The networkx graph (built when first asked for)."""
        if self._graph is None:
            from .views.network import to_networkx

            self._graph = to_networkx(self.dataset)
        return self._graph

    @property
    def has_graph(self) -> bool:
        """Whether the networkx graph was built already."""
        return self._graph is not None

    @property
    def lines(self) -> ExportLines:
        """The sorted N-Triples lines, per graph and together: what every RDF writer starts from."""
        if self._lines is None:
            self._lines = export_lines(self.dataset)
            self._triples = self._lines.triples
        return self._lines

    def release(self) -> None:
        """Drop what the RDF writers shared (the triple count stays)."""
        self._lines = None

    @property
    def triples(self) -> int:
        """How many distinct triples the RDF exports hold (0 if none was made)."""
        if self._lines is not None:
            return self._lines.triples
        return self._triples


def export_lines(ds: Dataset) -> ExportLines:
    """:func:`graph.rdf.export.export_lines`, imported when a build first needs it (a query command never does)."""
    from .rdf.export import export_lines as lines

    return lines(ds)


def _turtle(ctx: BuildContext, out: IO[bytes]) -> None:
    from .rdf import serialize as rdftext

    rdftext.turtle(out, ctx.lines.union, ctx.dataset.schema.prefixes)


def _ntriples(ctx: BuildContext, out: IO[bytes]) -> None:
    from .rdf import serialize as rdftext

    rdftext.write_chunks(out, ctx.lines.union)


def _jsonld(ctx: BuildContext, out: IO[bytes]) -> None:
    from .rdf import serialize as rdftext

    rdftext.write_chunks(out, rdftext.jsonld(ctx.lines.union, ctx.dataset.schema.prefixes))


def _trig(ctx: BuildContext, out: IO[bytes]) -> None:
    from .rdf import serialize as rdftext
    from .rdf.terms import graph_iris

    graphs, schema = ctx.lines.graphs, ctx.dataset.schema
    rdftext.trig(out, graphs, schema.prefixes, graph_iris(schema, graphs))


def _nquads(ctx: BuildContext, out: IO[bytes]) -> None:
    from .rdf import serialize as rdftext
    from .rdf.terms import graph_iris

    graphs = ctx.lines.graphs
    rdftext.write_chunks(out, rdftext.nquads(graphs, graph_iris(ctx.dataset.schema, graphs)))


def _vocabulary_turtle(g: Graph, out: IO[bytes]) -> None:
    """A small rdflib graph (the ontology, the shapes) as Turtle, with the prefixes it uses.

    Its blank nodes (``owl:unionOf`` and ``sh:in`` lists) have ids made from
    what they hold, so the same schema gives the same bytes.
    """
    from .rdf import serialize as rdftext
    from .rdf.terms import graph_lines

    lines = graph_lines(g)
    text = "".join(lines)
    prefixes = {str(prefix): str(iri) for prefix, iri in g.namespaces() if prefix and f"<{iri}" in text}
    rdftext.turtle(out, lines, prefixes)


def _shapes(ctx: BuildContext, out: IO[bytes]) -> None:
    from .rdf.shacl import shared_shapes

    _vocabulary_turtle(shared_shapes(ctx.dataset.schema), out)


def _ontology(ctx: BuildContext, out: IO[bytes]) -> None:
    from .rdf.ontology import ontology

    _vocabulary_turtle(ontology(ctx.dataset.schema), out)


def _graphml(ctx: BuildContext, out: IO[bytes]) -> None:
    from .views.graphml import write_graphml

    write_graphml(ctx.graph, out)


def _gexf(ctx: BuildContext, out: IO[bytes]) -> None:
    from .views.gexf import write_gexf

    write_gexf(ctx.graph, ctx.dataset.schema, out)


def _tables(ctx: BuildContext) -> Tables:
    from .views.tables import tables

    if "tables" not in ctx.shared:
        ctx.shared["tables"] = tables(ctx.graph, ctx.dataset)
    found: Tables = ctx.shared["tables"]
    return found


def _csv(ctx: BuildContext, open_file: Opener) -> None:
    from .views.tables import write_csv

    write_csv(_tables(ctx), open_file)


def _neo4j(ctx: BuildContext, open_file: Opener) -> None:
    from .views.tables import write_neo4j

    write_neo4j(_tables(ctx), ctx.dataset, open_file)


def _html(ctx: BuildContext, out: IO[bytes]) -> None:
    from .analysis.explorer import explorer_answers  # the camps and the timeline the explorer shows
    from .views.html import to_html

    page = to_html(
        ctx.graph, ctx.dataset.schema, dataset=ctx.dataset, answers=explorer_answers(ctx.graph), **ctx.html_options
    )
    out.write(page.encode("utf-8"))


Opener = Callable[[str], contextlib.AbstractContextManager[IO[bytes]]]
"""Opens one output file for writing, by name."""


@dataclass(frozen=True)
class Format:
    """An output: its name on the command line, its file (or folder) and its writer.

    A folder output (``files`` given) writes each of its files through an
    :data:`Opener` of names inside ``filename``; they are staged and committed
    with the rest of the build, in its one commit (see :mod:`graph.staging`),
    so the folder holds the new files or the old ones, never some of each once
    the commit is made whole. Files in the folder that the format does not
    write are left as they are.
    """

    name: str
    filename: str
    description: str
    write: Callable[[BuildContext, IO[bytes]], None] | None = None
    """Writes the output to a binary file, as it goes."""
    rdf: bool = False
    """An export of the data as RDF: the build checks it against the SHACL shapes first."""
    graph: bool = False
    """Written from the networkx graph (built once the RDF writers' lines are gone)."""
    files: tuple[str, ...] = ()
    """A folder output's files, by name inside ``filename``."""
    write_files: Callable[[BuildContext, Opener], None] | None = None
    """A folder output's writer: writes each of ``files`` into the opener's file of that name."""

    @property
    def paths(self) -> tuple[str, ...]:
        """The files it writes, relative to the output directory.

        >>> FORMATS["csv"].paths[0], FORMATS["turtle"].paths
        ('csv/nodes.csv', ('graph.ttl',))
        """
        return tuple(f"{self.filename}/{name}" for name in self.files) if self.files else (self.filename,)

    def render(self, ctx: BuildContext, open_file: Opener) -> None:
        """Write the output through ``open_file`` (names relative to the output directory)."""
        if self.write_files is None:
            assert self.write is not None, f"format {self.name} has no writer"
            with open_file(self.filename) as fh:
                self.write(ctx, fh)
            return
        written: list[str] = []

        def inside(name: str) -> contextlib.AbstractContextManager[IO[bytes]]:
            if name not in self.files or name in written:
                raise ValueError(f"format {self.name} does not write {name!r} (or wrote it twice)")
            written.append(name)
            return open_file(f"{self.filename}/{name}")

        self.write_files(ctx, inside)
        if sorted(written) != sorted(self.files):
            raise ValueError(f"format {self.name} wrote {written}, not {list(self.files)}")


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
        Format("graphml", "graph.graphml", "GraphML for Gephi, yEd, Cytoscape", _graphml, graph=True),
        Format("gexf", "graph.gexf", "GEXF 1.3 for Gephi, with the time of every fact", _gexf, graph=True),
        Format(
            "csv", "csv", "CSV tables: nodes, edges, facts, evidence", graph=True, files=CSV_FILES, write_files=_csv
        ),
        Format(
            "neo4j",
            "csv/neo4j",
            "CSV with neo4j-admin import headers",
            graph=True,
            files=NEO4J_FILES,
            write_files=_neo4j,
        ),
        Format("html", "graph.html", "the interactive network, one offline HTML file", _html, graph=True),
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
    store: str = ""
    """How the snapshot's store was made, in words ("" when it was not: no snapshot, or no RDF written)."""


SHACL_AUTO_LIMIT = 10_000_000
"""With ``shacl="auto"``, exports up to this many triples are checked against the shapes.

The native checker (:mod:`graph.rdf.shacl_native`) checks about 470,000 triples a
second, a few percent of the build's time at every size measured (3.9 million
triples, 100,000 relations: about 8 s, where pySHACL took a minute for a tenth
of that); the limit only keeps its index of node types (about 100 MB at 100,000
relations) out of the way of a much larger export. Above it the build says
that it skipped the check, and ``--shacl always`` runs it."""

SHACL_MODES = ("auto", "always", "never")


def check_shapes(ctx: BuildContext, mode: str = "auto") -> str:
    """Check the RDF against the SHACL shapes as ``mode`` says; return what was done, as a sentence."""
    if mode not in SHACL_MODES:
        raise UsageError(f"unknown SHACL mode '{mode}'; choose from {', '.join(SHACL_MODES)}")
    n = ctx.lines.triples
    if mode == "never":
        return f"not checked against the SHACL shapes (--shacl never), {n} triples"
    if mode == "auto" and n > SHACL_AUTO_LIMIT:
        return (
            f"SHACL check skipped: {n} triples is over the automatic limit of {SHACL_AUTO_LIMIT:,}; "
            "run with --shacl always to check"
        )
    from .rdf.shacl import validate

    validate(ctx.lines.union, ctx.dataset.schema)  # shacl-rust reads the sorted lines, joined
    return f"{n} triples conform to the SHACL shapes"


STAGE_RDF = "RDF triples"
"""The stage :func:`render_files` announces before it makes the RDF lines."""
STAGE_SHACL = "SHACL check"
"""The stage before the SHACL check (announced whenever RDF is written, whatever the mode)."""
STAGE_NETWORKX = "networkx"
"""The stage before the networkx graph is built."""
STAGE_STORE = "snapshot: store"
"""The stage before the snapshot's Oxigraph store is written (see :mod:`graph.snapshot`)."""
STAGE_STORE_WAIT = "snapshot: store, waited for"
"""The stage before the build waits for the store's child process: what the other files did not hide."""
STAGE_MODEL = "snapshot: model"
"""The stage before the snapshot's model file is written."""


def render_files(
    dataset: Dataset,
    names: list[str],
    open_file: Opener,
    *,
    shacl: str = "auto",
    focus: str | None = None,
    hops: int = 2,
    max_nodes: int | None = MAX_NODES,
    progress: Callable[[str], None] | None = None,
    on_lines: Callable[[BuildContext], None] | None = None,
) -> tuple[nx.MultiDiGraph, int, str]:
    """Write the outputs ``names`` (checked names of :data:`FORMATS`), each into ``open_file(filename)``.

    Returns the networkx graph, the triple count and the SHACL status.
    ``progress`` is told each stage as it starts, in the build's order:
    :data:`STAGE_RDF` and :data:`STAGE_SHACL` (when an RDF export is among
    the outputs), each output's filename, and :data:`STAGE_NETWORKX` where
    the graph is built; so a stage lasts until the next is announced (the
    benchmark times them so). ``on_lines`` is called once the RDF lines are
    made (and checked), before any file is written: the build writes the
    snapshot's store from them. The other options are :func:`render`'s.
    """
    say = progress or (lambda _: None)
    ctx = BuildContext(dataset)
    if focus:  # a name that matches nothing is an error before any work
        say(STAGE_NETWORKX)
        from .analysis.names import resolve

        ctx.html_options["focus"] = resolve(ctx.graph, focus)
    ctx.html_options.update(hops=hops, max_nodes=max_nodes)
    status = ""
    if any(FORMATS[n].rdf for n in names):
        say(STAGE_RDF)
        ctx.lines  # noqa: B018 - every RDF writer starts from them
        say(STAGE_SHACL)
        status = check_shapes(ctx, shacl)
    if on_lines is not None:
        on_lines(ctx)
    # the RDF exports first: then their shared lines can go before the networkx graph is built
    for n in sorted(names, key=lambda n: not FORMATS[n].rdf):
        if not FORMATS[n].rdf:
            ctx.release()
        if not ctx.has_graph and FORMATS[n].graph:
            say(STAGE_NETWORKX)
            ctx.graph  # noqa: B018 - built once the RDF writers' lines are gone
        say(FORMATS[n].filename)
        FORMATS[n].render(ctx, open_file)
    ctx.release()
    if not ctx.has_graph:
        say(STAGE_NETWORKX)
    return ctx.graph, ctx.triples, status


def render(
    dataset: Dataset,
    formats: Iterable[str] | None = None,
    **options: Any,
) -> tuple[nx.MultiDiGraph, int, dict[str, bytes], str]:
    """Render outputs in memory: the graph, the triple count, filename -> bytes, and the SHACL status.

    When an RDF export is among the outputs, the RDF is first checked against
    the SHACL shapes (:mod:`graph.rdf.shacl`, see :func:`check_shapes`); a
    violation raises :class:`~graph.errors.ShapeError` and nothing is
    rendered. ``options``: ``shacl`` (the mode), ``focus``, ``hops`` and
    ``max_nodes`` (the part of a large graph the HTML page draws, see
    :func:`graph.views.html.select`) and ``progress`` (told each stage as it starts).
    """
    names = check_formats(formats) if formats is not None else list(FORMATS)
    files: dict[str, bytes] = {}

    @contextlib.contextmanager
    def in_memory(name: str) -> Iterator[IO[bytes]]:
        buf = io.BytesIO()
        yield buf
        files[name] = buf.getvalue()

    graph, triples, status = render_files(dataset, names, in_memory, **options)
    return graph, triples, {path: files[path] for n in names for path in FORMATS[n].paths}, status


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
    rendered. ``options`` are :func:`render`'s, and ``snapshot`` (default
    True): also write the snapshot the query commands read (:mod:`graph.snapshot`),
    committed with the outputs.
    """
    names = check_formats(formats) if formats is not None else list(FORMATS)
    say = options.get("progress") or (lambda _: None)
    with_snapshot = options.pop("snapshot", True)
    with _no_cyclic_gc():
        say("read + validate")
        schema = schema if isinstance(schema, Schema) else load_schema(schema)
        with_snapshot = with_snapshot and bool(schema.path)  # a schema made in memory has no file to hash
        inputs = fingerprint(data_dir, schema.path, out_dir) if with_snapshot else {}
        from .fresh import load_cached, start_store_for
        from .model.loader import load

        dataset, keep_cache = (
            load_cached(data_dir, schema, out_dir) if with_snapshot else (load(data_dir, schema), None)
        )
        out = Path(out_dir)
        with Staging(out) as staging:
            pending = PendingStore(None)

            def store(ctx: BuildContext) -> None:
                nonlocal pending
                say(STAGE_STORE)  # in a child process (where it can fork) while the other files are written
                pending = start_store_for(out, ctx.dataset, inputs, ctx.lines, background=True)

            # the store is made from the RDF lines: with no RDF output, not made yet (the first sparql makes it)
            with_store = with_snapshot and any(FORMATS[n].rdf for n in names)
            try:
                graph, triples, status = render_files(
                    dataset, names, staging.open, on_lines=store if with_store else None, **options
                )
                if with_snapshot:
                    say(STAGE_MODEL)
                    write_model(staging, graph, data_dir, schema.path, inputs, {"prefixes": schema.prefixes})
                if with_store:
                    say(STAGE_STORE_WAIT)
                made = pending.wait()
                say("write")
                written = staging.commit()
            except BaseException:  # a failed build leaves nothing behind: not the store it made either
                pending.discard()  # its process killed, if it still runs
                raise
            if with_snapshot:
                publish_store(out, made, store_name(inputs))
                tidy(out, store_name(inputs))
        if keep_cache is not None:
            keep_cache()
    written.pop(MODEL, None)
    return BuildResult(
        dataset, graph, triples, {name: written[name] for name in sorted(written)}, status, store=pending.how
    )
