"""The command line: ``python build_graph.py`` or ``cdkg``.

Thin by design: parse arguments, call one library function, print its answer
(a readable report, or ``--json``), and turn the library's errors into a
message and an exit code: 1 for bad data or a failed write, 2 for a wrong
command line (an unknown or ambiguous name included). A user's mistake never
prints a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import networkx as nx

from .analysis import findings as analysis
from .analysis import report
from .analysis.balance import camps
from .analysis.names import resolve
from .errors import CdkgError, StoreError, UsageError
from .model.loader import load
from .model.records import Dataset, Entity, Fact
from .pipeline import FORMATS, SHACL_AUTO_LIMIT, SHACL_MODES, build, check_formats
from .rdf.query import RESULT_FORMATS, format_result, parse_binding, sparql
from .schema import load_schema
from .views.html import MAX_NODES
from .views.network import to_networkx

__all__ = ["main", "make_parser"]


# -- commands -------------------------------------------------------------------


def cmd_build(args: argparse.Namespace, out: TextIO) -> int:
    """Validate the data and write every output into the output directory.

    Writes Turtle, N-Triples, JSON-LD, TriG and N-Quads (one named graph per
    source), the ontology, the SHACL shapes, GraphML and the offline HTML
    network. The RDF is checked against the shapes first; nothing is written
    unless the whole build succeeds.

    example: python build_graph.py --data data --out out
    """
    formats = check_formats(args.format) if args.format else None
    result = build(
        args.data,
        args.out,
        formats,
        args.schema,
        shacl=args.shacl,
        focus=args.focus,
        hops=args.hops,
        max_nodes=args.max_nodes or None,
        progress=_progress(),
    )
    ds = result.dataset
    print(f"Built the counterfeit-dispute graph from {args.data}/ into {args.out}/", file=out)
    _print_counts(ds, out)
    stances = Counter(d["stance"] for *_, d in result.graph.edges(data=True) if d["kind"] != "role")
    derived = sum(1 for *_, d in result.graph.edges(data=True) if d["kind"] == "derived")
    print(
        f"  edges      {len(ds.relations)} curated + {derived} derived from facts: "
        + ", ".join(f"{stances[s]} {ds.schema.stances[s]['label']}" for s in ds.schema.stances),
        file=out,
    )
    if result.triples:
        print(f"  triples    {result.triples}", file=out)
    if result.shacl:
        print(f"  shapes     {result.shacl}", file=out)
    print("  files      " + "\n             ".join(_file_line(p) for p in result.files.values()), file=out)
    return 0


def cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    """Check the data against the schema and the sources, and its RDF against the SHACL shapes; write nothing.

    Reports every problem at once (file, line, record, field) and exits 1 if
    there is any.

    example: python build_graph.py validate --data data
    """
    from .pipeline import BuildContext, check_shapes

    ds = load(args.data, args.schema)
    status = check_shapes(BuildContext(ds), args.shacl)
    quotes = sum(len(e.evidence) for e in ds.entities.values())
    quotes += sum(len(f.evidence) for f in ds.facts.values())
    quotes += sum(len(r.evidence) for r in ds.relations.values())
    print(f"{args.data}/ is valid: {quotes} evidence quotes found in their sources; {status}.", file=out)
    _print_counts(ds, out)
    return 0


def cmd_opponents(args: argparse.Namespace, out: TextIO) -> int:
    """Every entity in opposition to NAME, in either direction, and why.

    Opposition comes from the schema's stance: lawsuits (plaintiffs against
    defendants), withdrawals in protest, public accusations, objections.
    Ownership and membership are not opposition. NAME is an id, a name or an
    alias, in any case and with or without accents.

    example: python build_graph.py opponents "Ma Yun" --as-of 2016-05-01
    """
    G = _graph(args)
    found = analysis.opponents(G, args.name, args.as_of)
    return _emit(args, out, found, lambda: report.findings_text(G, _title(G, "Opponents of", args), found), G)


def cmd_allies(args: argparse.Namespace, out: TextIO) -> int:
    """Every entity in support of NAME or supported by it, and why.

    Support is declared support, co-plaintiffs, joint work, and a shared
    protest (two who withdrew in protest of the same party).

    example: python build_graph.py allies "Michael Kors"
    """
    G = _graph(args)
    found = analysis.allies(G, args.name, args.as_of)
    return _emit(args, out, found, lambda: report.findings_text(G, _title(G, "Allies of", args), found), G)


def cmd_relations(args: argparse.Namespace, out: TextIO) -> int:
    """Every fact about NAME, in both directions, with dates and evidence.

    Includes the n-ary facts NAME takes part in ("plaintiff in" a lawsuit)
    and, for a fact, its participants.

    example: python build_graph.py relations "Kaiyun Group" --type sued
    """
    G = _graph(args)
    found = analysis.relations(G, args.name, args.as_of, args.type)
    return _emit(args, out, found, lambda: report.findings_text(G, _title(G, "Relations of", args), found), G)


def cmd_path(args: argparse.Namespace, out: TextIO) -> int:
    """The shortest chains of facts linking A and B, each step with its evidence.

    example: python build_graph.py path Longchamp Taobao
    """
    G = _graph(args)
    chains = analysis.path(G, args.a, args.b, args.as_of, args.limit)
    if args.json:
        payload = [[[f.to_dict(G) for f in step] for step in chain] for chain in chains]
        print(json.dumps(payload, ensure_ascii=False, indent=1), file=out)
    else:
        print(report.path_text(G, resolve(G, args.a), resolve(G, args.b), chains), file=out)
    return 0


def cmd_timeline(args: argparse.Namespace, out: TextIO) -> int:
    """The dated facts in order, each date at the precision the source gives.

    With NAME, only the facts that entity takes part in.

    example: python build_graph.py timeline Gucci
    """
    G = _graph(args)
    entries = analysis.timeline(G, args.name)
    if args.json:
        print(json.dumps([e.to_dict() for e in entries], ensure_ascii=False, indent=1), file=out)
        return 0
    undated = 0 if args.name else analysis.stats(G)["undated_facts"]
    name = f"{G.nodes[resolve(G, args.name)]['name']}" if args.name else None
    print(report.timeline_text(entries, undated, name), file=out)
    return 0


def cmd_camps(args: argparse.Namespace, out: TextIO) -> int:
    """The camps of the dispute by structural balance, and the contested ties.

    Positive ties (support, ownership, membership, office) within camps,
    negative ties (opposition) between them; ties that no split satisfies are
    listed as contested.

    example: python build_graph.py camps --as-of 2016-05-10
    """
    G = _graph(args)
    result = camps(G, args.as_of)
    if args.json:
        print(json.dumps(result.to_dict(G), ensure_ascii=False, indent=1), file=out)
    else:
        print(report.camps_text(G, result), file=out)
    return 0


def cmd_sparql(args: argparse.Namespace, out: TextIO) -> int:
    """Run a SPARQL query (text, or a file) over the graph's RDF.

    The project's prefixes (cdk:, cdkg:, cdks:, schema:, org:, prov:, skos:,
    rdfs:...) are bound. Pass values with --bind VAR=VALUE: they are bound as
    values, never pasted into the query text.

    example: python build_graph.py sparql docs/queries/opponents-of-alibaba.rq --format csv
    """
    from .rdf.export import to_rdf

    query = args.query
    candidate = Path(query)
    if "\n" not in query and len(query) < 4096 and candidate.suffix and candidate.is_file():
        query = candidate.read_text(encoding="utf-8")
    bindings = dict(parse_binding(b) for b in args.bind or [])
    result = sparql(to_rdf(load(args.data, args.schema)), query, bindings)
    print(format_result(result, args.format), file=out)
    return 0


def cmd_stats(args: argparse.Namespace, out: TextIO) -> int:
    """Counts by type and stance, the sources, and the date range.

    example: python build_graph.py stats --json
    """
    s = analysis.stats(_graph(args))
    print(json.dumps(s, ensure_ascii=False, indent=1) if args.json else report.stats_text(s), file=out)
    return 0


def cmd_import(args: argparse.Namespace, out: TextIO) -> int:
    """Read RDF that follows the project's pattern back into data.

    Reads Turtle, N-Triples, JSON-LD, TriG or N-Quads (by the file's suffix, or
    --format), checks that every triple follows the pattern (errors name the
    subject) and prints what it holds. With --out DIR, writes the data as
    YAML files the loader reads (sources.yaml, entities.yaml, facts.yaml,
    relations.yaml; deterministic), copies each source's text from --data,
    and checks that DIR loads back.

    example: python build_graph.py import out/graph.trig --out imported
    """
    from .model.dump import DATA_FILES, to_yaml
    from .pipeline import write_atomic
    from .rdf.parse import from_rdf

    ds = from_rdf(args.file, args.rdf_format, args.schema)
    print(f"{args.file} follows the pattern:", file=out)
    _print_counts(ds, out)
    quotes = sum(len(e.evidence) for e in ds.entities.values()) + sum(len(f.evidence) for f in ds.facts.values())
    quotes += sum(len(r.evidence) for r in ds.relations.values())
    print(f"  relations  {len(ds.relations)}, evidence quotes {quotes}", file=out)
    if not args.to:
        return 0
    target = Path(args.to)
    if target.is_file():
        raise UsageError(f"--out {target} is a file, not a directory")
    others = sorted(p.name for p in target.glob("*.y*ml") if p.name not in DATA_FILES) if target.is_dir() else []
    if others:
        raise UsageError(f"{target}/ already holds other data files ({', '.join(others)}); choose an empty directory")
    texts: dict[Path, dict[str, bytes]] = {}
    missing = []
    root = Path(args.data).resolve()
    for s in ds.sources.values():
        found = (root / s.file).resolve()
        if found.is_relative_to(root) and found.is_file():
            texts.setdefault((target / s.file).parent, {})[Path(s.file).name] = found.read_bytes()
        else:
            missing.append(s)
    write_atomic(target, {name: text.encode("utf-8") for name, text in to_yaml(ds).items()})
    for folder, files in sorted(texts.items()):
        write_atomic(folder, files)
    print(f"Wrote {', '.join(sorted(to_yaml(ds)))} into {target}/", file=out)
    if missing:
        for s in missing:
            print(
                f"  the text of source '{s.id}' is not at {args.data}/{s.file}: put it at {target}/{s.file}", file=out
            )
        print(
            f"  (the loader checks every quote against its source's text, so {target}/ loads once they are there)",
            file=out,
        )
        return 0
    load(target, args.schema)
    print(f"  {target}/ loads back: every quote found in its source", file=out)
    return 0


def cmd_push(args: argparse.Namespace, out: TextIO) -> int:
    """Upload the graph to a SPARQL 1.1 Graph Store endpoint, into one named graph.

    URL is the store's Graph Store endpoint: Oxigraph http://HOST:7878/store,
    Fuseki http://HOST:3030/DATASET/data, GraphDB
    http://HOST:7200/repositories/REPO/rdf-graphs/service. Without --replace
    the triples are added to the graph (POST); with --replace the graph is
    swapped in one PUT, which the store applies in one transaction. Then a
    SPARQL COUNT query checks that the store holds what was sent. HTTP basic
    auth, if the store needs it, comes from the environment variable
    CDKG_STORE_AUTH=user:password (never from the command line).

    example: python build_graph.py push http://127.0.0.1:7878/store --replace
    """
    import os

    from .pipeline import render
    from .rdf.store import AUTH_ENV, push

    ds = load(args.data, args.schema)
    files = render(ds, ["ntriples"], shacl=args.shacl)[2]
    result = push(
        files[FORMATS["ntriples"].filename],
        args.url,
        args.graph,
        replace=args.replace,
        query_url=args.query_url,
        auth=os.environ.get(AUTH_ENV) or None,
        timeout=args.timeout,
    )
    how = "replaced the graph" if result.replaced else "added to the graph"
    print(f"Pushed {result.sent} triples from {args.data}/ to {result.store_url} ({how} <{result.graph}>)", file=out)
    if result.matches:
        print(f"  {result.query_url} counts {result.counted} triples in the graph: it matches", file=out)
        return 0
    if not result.replaced and result.counted > result.sent:
        print(
            f"  {result.query_url} counts {result.counted} triples in the graph: the {result.sent} sent and "
            f"{result.counted - result.sent} that were there before (--replace swaps the graph instead)",
            file=out,
        )
        return 0
    raise StoreError(
        f"{result.query_url} counts {result.counted} triples in <{result.graph}>, but {result.sent} were sent"
    )


# -- helpers ----------------------------------------------------------------------


def _graph(args: argparse.Namespace) -> nx.MultiDiGraph:
    return to_networkx(load(args.data, args.schema))


def _title(G: nx.MultiDiGraph, what: str, args: argparse.Namespace) -> str:
    node = resolve(G, args.name)
    title = f"{what} {G.nodes[node]['name']} ({node})"
    if getattr(args, "type", None):
        title += f", {args.type} only"
    if args.as_of:
        title += f", as of {args.as_of}"
    return title


def _emit(
    args: argparse.Namespace, out: TextIO, found: list[analysis.Finding], text: Callable[[], str], G: nx.MultiDiGraph
) -> int:
    if args.json:
        print(json.dumps([f.to_dict(G) for f in found], ensure_ascii=False, indent=1), file=out)
    else:
        print(text(), file=out)
    return 0


def _print_counts(ds: Dataset, out: TextIO) -> None:
    types = ds.schema.entity_types

    def by_type(records: Sequence[Entity | Fact]) -> str:
        counts = Counter(r.type for r in records)
        return ", ".join(
            f"{n} {types[t].plural.lower() if n != 1 else types[t].label.lower()}" for t, n in sorted(counts.items())
        )

    print(f"  entities   {len(ds.entities)} ({by_type(list(ds.entities.values()))})", file=out)
    print(f"  facts      {len(ds.facts)} ({by_type(list(ds.facts.values()))})", file=out)
    print(f"  sources    {len(ds.sources)} ({report.some(list(ds.sources), 10, hint='')})", file=out)


def _file_line(path: Path) -> str:
    return f"{path} ({_size(path.stat().st_size)})"


def _size(n: int) -> str:
    """A file size in decimal units.

    >>> _size(999), _size(75_912), _size(999_999), _size(915_258_048), _size(2_500_000_000)
    ('999 B', '75.9 kB', '1.0 MB', '915.3 MB', '2.5 GB')
    """
    if n < 1000:
        return f"{n} B"
    for unit, scale in (("kB", 1e3), ("MB", 1e6)):
        if round(n / scale, 1) < 1000:
            return f"{n / scale:.1f} {unit}"
    return f"{n / 1e9:.1f} GB"


# -- the parser -------------------------------------------------------------------


@dataclass(frozen=True)
class Command:
    run: Callable[[argparse.Namespace, TextIO], int]
    arguments: Callable[[argparse.ArgumentParser], None]


def _build_args(p: argparse.ArgumentParser, suppress: bool = True) -> None:
    default = argparse.SUPPRESS if suppress else None
    p.add_argument("--out", metavar="DIR", default=default or "out", help="the output directory (default: out)")
    p.add_argument(
        "--format",
        action="append",
        metavar="NAME",
        default=default,
        help=f"write only this output (repeatable); one of: {', '.join(FORMATS)}",
    )
    _shacl_arg(p, suppress)
    p.add_argument(
        "--focus",
        metavar="NAME",
        default=default,
        help="the HTML page draws only the neighbourhood of NAME (an id, a name or an alias)",
    )
    p.add_argument(
        "--hops",
        type=int,
        metavar="N",
        default=default or 2,
        help="with --focus: how many steps from NAME (default: 2)",
    )
    p.add_argument(
        "--max-nodes",
        type=int,
        metavar="N",
        default=default or MAX_NODES,
        help=f"the HTML page draws at most N nodes, the best-connected or nearest first (default: {MAX_NODES}; 0: all)",
    )


def _shacl_arg(p: argparse.ArgumentParser, suppress: bool = True) -> None:
    p.add_argument(
        "--shacl",
        choices=SHACL_MODES,
        default=argparse.SUPPRESS if suppress else "auto",
        help=f"check the RDF against the SHACL shapes: auto (up to {SHACL_AUTO_LIMIT:,} triples; default), "
        "always, never",
    )


def _progress() -> Callable[[str], None] | None:
    """Stages on stderr when it is a terminal; nothing when it is not."""
    if not sys.stderr.isatty():
        return None
    started = time.perf_counter()

    def say(stage: str) -> None:
        print(f"\r\033[K[{time.perf_counter() - started:6.1f} s] {stage}", end="", file=sys.stderr, flush=True)
        if stage == "write":
            print(file=sys.stderr)

    return say


def _as_of(p: argparse.ArgumentParser) -> None:
    p.add_argument("--as-of", metavar="DATE", help="the graph as it stood on this day (YYYY-MM-DD)")


def _json(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print JSON (see README) instead of a report")


def _named(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", metavar="NAME", help="an id, a name or an alias (case and accents ignored)")
    _as_of(p)
    _json(p)


def _relations_args(p: argparse.ArgumentParser) -> None:
    _named(p)
    schema = load_schema()
    roles = sorted({r for t in schema.fact_types.values() for r in t.roles})
    p.add_argument(
        "--type",
        metavar="TYPE",
        choices=[*schema.relation_types, *roles],
        help="only this relation type or role: " + ", ".join([*schema.relation_types, *roles]),
    )


def _path_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("a", metavar="A", help="an id, a name or an alias")
    p.add_argument("b", metavar="B", help="an id, a name or an alias")
    p.add_argument("--limit", type=int, default=10, metavar="N", help="at most N chains (default: 10)")
    _as_of(p)
    _json(p)


def _timeline_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", metavar="NAME", nargs="?", help="only the facts this entity takes part in")
    _json(p)


def _camps_args(p: argparse.ArgumentParser) -> None:
    _as_of(p)
    _json(p)


def _sparql_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", metavar="QUERY|FILE", help="the query text, or a file holding it")
    p.add_argument("--format", choices=RESULT_FORMATS, default="table", help="table (default), json or csv")
    p.add_argument("--bind", action="append", metavar="VAR=VALUE", help="bind ?VAR to VALUE (an IRI or a string)")


def _import_args(p: argparse.ArgumentParser) -> None:
    from .rdf.parse import RDF_FORMATS

    p.add_argument("file", metavar="FILE", help="an RDF file: " + ", ".join(RDF_FORMATS))
    p.add_argument(
        "--format",
        dest="rdf_format",
        choices=sorted(set(RDF_FORMATS.values())),
        help="the RDF format (default: from the file's suffix)",
    )
    p.add_argument("--out", dest="to", metavar="DIR", help="write the data as YAML files into DIR")


def _push_args(p: argparse.ArgumentParser) -> None:
    from .rdf.store import default_graph

    p.add_argument("url", metavar="URL", help="the store's SPARQL 1.1 Graph Store endpoint")
    p.add_argument(
        "--graph", metavar="IRI", default=default_graph(), help=f"the named graph (default: {default_graph()})"
    )
    p.add_argument("--replace", action="store_true", help="replace the graph's content in one PUT (default: add)")
    p.add_argument("--query-url", metavar="URL", help="the store's SPARQL query endpoint (default: guessed from URL)")
    p.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS", help="per request (default: 60)")
    _shacl_arg(p)


COMMANDS: dict[str, Command] = {
    "build": Command(cmd_build, _build_args),
    "validate": Command(cmd_validate, _shacl_arg),
    "opponents": Command(cmd_opponents, _named),
    "allies": Command(cmd_allies, _named),
    "relations": Command(cmd_relations, _relations_args),
    "path": Command(cmd_path, _path_args),
    "timeline": Command(cmd_timeline, _timeline_args),
    "camps": Command(cmd_camps, _camps_args),
    "sparql": Command(cmd_sparql, _sparql_args),
    "stats": Command(cmd_stats, _json),
    "import": Command(cmd_import, _import_args),
    "push": Command(cmd_push, _push_args),
}


def _common(p: argparse.ArgumentParser, suppress: bool) -> None:
    p.add_argument(
        "--data",
        metavar="DIR",
        default=argparse.SUPPRESS if suppress else "data",
        help="the curated data directory (default: data)",
    )
    p.add_argument(
        "--schema",
        metavar="FILE",
        default=argparse.SUPPRESS if suppress else None,
        help="a schema file (default: the packaged graph/schema.yaml)",
    )


def _description(doc: str) -> str:
    first, _, rest = doc.partition("\n")
    return (first + "\n" + textwrap.dedent(rest)).strip()


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cdkg",
        description=(
            "Counterfeit-dispute knowledge graph. With no command, validates the data and "
            "builds every output (as 'build')."
        ),
        epilog="Outputs: " + "; ".join(f"{f.filename} ({f.description})" for f in FORMATS.values()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common(parser, suppress=False)
    _build_args(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, command in COMMANDS.items():
        doc = command.run.__doc__ or ""
        p = sub.add_parser(
            name,
            help=doc.strip().splitlines()[0],
            description=_description(doc),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        _common(p, suppress=True)
        command.arguments(p)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the CLI; return the exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    parser = make_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        return int(exc.code or 0)
    command = COMMANDS[args.command or "build"]
    try:
        return command.run(args, out)
    except CdkgError as exc:
        print(f"error: {exc}", file=err)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted; the previous outputs are unchanged", file=err)
        return 130
    except BrokenPipeError:  # `cdkg timeline | head`
        return 0


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
