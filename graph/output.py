"""Building every output, and writing them so that a failed build changes nothing.

Outputs are looked up in one table, :data:`FORMATS` (name -> file and writer);
the CLI's choices and its "unknown format" message come from it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
from rdflib import Graph

from .build import to_networkx
from .errors import OutputError, UsageError
from .graphml import to_graphml
from .html import to_html
from .jsonld import to_jsonld
from .load import load
from .model import Dataset
from .rdf import ontology, to_rdf
from .schema import Schema, suggest

__all__ = ["FORMATS", "BuildResult", "Format", "build", "render", "write_atomic"]


@dataclass
class _Context:
    """What writers share, built once per build and only when needed."""

    dataset: Dataset
    graph: nx.MultiDiGraph
    _rdf: Graph | None = None

    @property
    def rdf(self) -> Graph:
        if self._rdf is None:
            self._rdf = to_rdf(self.dataset)
        return self._rdf


def _turtle(ctx: _Context) -> bytes:
    return ctx.rdf.serialize(format="turtle", encoding="utf-8")


def _ntriples(ctx: _Context) -> bytes:
    lines = ctx.rdf.serialize(format="nt", encoding="utf-8").splitlines()
    return b"".join(line + b"\n" for line in sorted(set(lines)) if line.strip())


def _jsonld(ctx: _Context) -> bytes:
    return to_jsonld(ctx.rdf, ctx.dataset.schema.prefixes).encode("utf-8")


def _ontology(ctx: _Context) -> bytes:
    return ontology(ctx.dataset.schema).serialize(format="turtle", encoding="utf-8")


def _graphml(ctx: _Context) -> bytes:
    return to_graphml(ctx.graph)


def _html(ctx: _Context) -> bytes:
    return to_html(ctx.graph, ctx.dataset.schema).encode("utf-8")


@dataclass(frozen=True)
class Format:
    """An output: its name on the command line, its file and its writer."""

    name: str
    filename: str
    description: str
    write: Callable[[_Context], bytes]


FORMATS: dict[str, Format] = {
    f.name: f
    for f in [
        Format("turtle", "graph.ttl", "RDF, Turtle", _turtle),
        Format("ntriples", "graph.nt", "RDF, N-Triples (sorted lines)", _ntriples),
        Format("jsonld", "graph.jsonld", "RDF, JSON-LD with a compact @context", _jsonld),
        Format("ontology", "ontology.ttl", "the OWL/RDFS vocabulary generated from the schema", _ontology),
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


def render(dataset: Dataset, formats: Iterable[str] | None = None) -> tuple[nx.MultiDiGraph, int, dict[str, bytes]]:
    """Render outputs in memory: the graph, the triple count and filename -> bytes."""
    ctx = _Context(dataset, to_networkx(dataset))
    names = check_formats(formats) if formats is not None else list(FORMATS)
    out = {FORMATS[n].filename: FORMATS[n].write(ctx) for n in names}
    triples = len(ctx.rdf) if ctx._rdf is not None else 0
    return ctx.graph, triples, out


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(out_dir: Path, files: dict[str, bytes]) -> dict[str, Path]:
    """Write every file, or none: each goes to a temporary file first, and all
    are renamed into place only once all were written."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create output directory {out_dir}: {exc.strerror or exc}") from None
    temps: list[tuple[str, str]] = []
    try:
        for name, content in sorted(files.items()):
            fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=f".{name}.", suffix=".tmp")
            temps.append((tmp, name))
            Path(tmp).chmod(0o666 & ~_umask())
            with os.fdopen(fd, "wb") as fh:
                fh.write(content)
                fh.flush()
                os.fsync(fh.fileno())
        written = {}
        for tmp, name in temps:
            target = out_dir / name
            Path(tmp).replace(target)
            written[name] = target
        temps.clear()
        return written
    except OSError as exc:
        raise OutputError(
            f"cannot write to {out_dir}: {exc.strerror or exc}; the previous outputs are unchanged"
        ) from None
    finally:
        for tmp, _ in temps:
            with contextlib.suppress(OSError):
                Path(tmp).unlink()


def build(
    data_dir: str | Path = "data",
    out_dir: str | Path = "out",
    formats: Iterable[str] | None = None,
    schema: Schema | str | Path | None = None,
) -> BuildResult:
    """Validate the data and write every output into ``out_dir``.

    Nothing is written unless the data are valid and every output rendered.
    """
    dataset = load(data_dir, schema)
    graph, triples, files = render(dataset, formats)
    written = write_atomic(Path(out_dir), files)
    return BuildResult(dataset, graph, triples, written)
