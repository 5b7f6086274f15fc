"""The commands: each parses nothing, calls one library function and prints its answer.

Each ``cmd_NAME(args, out, err)`` runs ``cdkg NAME`` and returns its exit code
(notes go to ``err``); its docstring is the command's --help, with its example
(``options.EXAMPLE``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path, PurePosixPath
from typing import TextIO

import networkx as nx

from ..analysis import findings as analysis
from ..analysis import report
from ..analysis.asof import past_the_sources
from ..analysis.balance import camps
from ..analysis.names import resolve
from ..errors import StoreError, UsageError
from ..model.dates import parse_as_of
from ..model.loader import load
from ..model.records import Dataset, Entity, Fact, Source
from ..pipeline import FORMATS, build, check_formats
from ..schema import Schema, load_schema
from ..text import suggest

__all__ = [
    "cmd_allies",
    "cmd_build",
    "cmd_camps",
    "cmd_import",
    "cmd_opponents",
    "cmd_path",
    "cmd_push",
    "cmd_relations",
    "cmd_sparql",
    "cmd_stats",
    "cmd_timeline",
    "cmd_validate",
]

# -- commands -------------------------------------------------------------------


def cmd_build(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Validate the data and write every output into the output directory.

    Writes Turtle, N-Triples, JSON-LD, TriG and N-Quads (one named graph per
    source), the ontology, the SHACL shapes, GraphML and the offline HTML
    network. The RDF is checked against the shapes first; nothing is written
    unless the whole build succeeds.

    example: cdkg --data data --out out
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


def cmd_validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Check the data against the schema and the sources, and its RDF against the SHACL shapes; write nothing.

    Reports every problem at once (file, line, record, field) and exits 1 if
    there is any.

    example: cdkg validate --data data
    """
    from ..pipeline import BuildContext, check_shapes

    ds = load(args.data, args.schema)
    status = check_shapes(BuildContext(ds), args.shacl)
    quotes = sum(len(e.evidence) for e in ds.entities.values())
    quotes += sum(len(f.evidence) for f in ds.facts.values())
    quotes += sum(len(r.evidence) for r in ds.relations.values())
    print(f"{args.data}/ is valid: {quotes} evidence quotes found in their sources; {status}.", file=out)
    _print_counts(ds, out)
    return 0


def cmd_opponents(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Every entity in opposition to NAME, in either direction, and why.

    Opposition comes from the schema's stance: lawsuits (plaintiffs against
    defendants), withdrawals in protest, public accusations, objections.
    Ownership and membership are not opposition. NAME is an id, a name or an
    alias, in any case and with or without accents.

    As of a day (--as-of), a fact is certainly in effect, certainly not (left
    out) or possibly (marked, with why); --certain keeps only the certain
    ones. Without --as-of: at any time. A claim the source attributes to
    someone (reported, believed) or made in private says who says so, and an
    opponent known only from such claims is marked; --stated keeps only what
    sources state in their own voice.

    example: cdkg opponents "Ma Yun" --as-of 2016-05-01
    """
    G = _graph(args, err)
    found = analysis.opponents(G, args.name, args.as_of, args.certain, args.stated)
    return _emit(args, out, err, found, lambda: report.findings_text(G, _title(G, "Opponents of", args), found), G)


def cmd_allies(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Every entity in support of NAME or supported by it, and why.

    Support is declared support, co-plaintiffs, joint work, and a shared
    protest (two who withdrew in protest of the same party).

    example: cdkg allies "Michael Kors"
    """
    G = _graph(args, err)
    found = analysis.allies(G, args.name, args.as_of, args.certain, args.stated)
    return _emit(args, out, err, found, lambda: report.findings_text(G, _title(G, "Allies of", args), found), G)


def cmd_relations(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Every fact about NAME, in both directions, with dates and evidence.

    Includes the n-ary facts NAME takes part in ("plaintiff in" a lawsuit)
    and, for a fact, its participants.

    example: cdkg relations "Kaiyun Group" --type sued
    """
    _check_type(args.type, load_schema(args.schema))
    G = _graph(args, err)
    found = analysis.relations(G, args.name, args.as_of, args.type, args.certain, args.stated)
    return _emit(args, out, err, found, lambda: report.findings_text(G, _title(G, "Relations of", args), found), G)


def cmd_path(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """The shortest chains of facts linking A and B, each step with its evidence.

    A chain is as certain as its weakest step; --certain walks only the facts
    certainly in effect on the --as-of day.

    example: cdkg path Longchamp Taobao
    """
    G = _graph(args, err)
    chains = analysis.path(G, args.a, args.b, args.as_of, args.limit, args.certain, args.stated)
    if args.json:
        payload = [[[f.to_dict(G) for f in step] for step in chain] for chain in chains]
        print(json.dumps(payload, ensure_ascii=False, indent=1), file=out)
    else:
        day = parse_as_of(args.as_of)
        text = report.path_text(G, resolve(G, args.a), resolve(G, args.b), chains, day, args.certain, args.stated)
        print(text, file=out)
    _note(G, args, err)
    return 0


def cmd_timeline(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """The dated facts in order, each date as the days the sources allow.

    In an order consistent with the dates and with the order the sources give
    ("after", "before"); a moment that may have come before the one above it
    (their dates overlap and nothing orders them) is marked. With NAME, only
    the facts that entity takes part in.

    example: cdkg timeline Gucci
    """
    G = _graph(args, err)
    entries = analysis.timeline(G, args.name)
    if args.json:
        print(json.dumps([e.to_dict() for e in entries], ensure_ascii=False, indent=1), file=out)
        return 0
    undated = 0 if args.name else analysis.stats(G)["undated_facts"]
    name = f"{G.nodes[resolve(G, args.name)]['name']}" if args.name else None
    print(report.timeline_text(entries, undated, name), file=out)
    return 0


def cmd_camps(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """The camps of the dispute by structural balance, and the contested ties.

    Positive ties (support, ownership, membership, office) within camps,
    negative ties (opposition) between them; ties that no split satisfies are
    listed as contested. As of a day, the ties only possibly in effect are
    listed; --certain splits on the certain ties alone. The ties resting only
    on others' word or on private claims are listed; --stated splits on what
    sources state in their own voice alone.

    example: cdkg camps --as-of 2016-05-10
    """
    G = _graph(args, err)
    result = camps(G, args.as_of, args.certain, args.stated)
    if args.json:
        print(json.dumps(result.to_dict(G), ensure_ascii=False, indent=1), file=out)
    else:
        print(report.camps_text(G, result), file=out)
    _note(G, args, err)
    return 0


def cmd_sparql(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run a SPARQL query (text, or a file) over the graph's RDF.

    The project's prefixes (cdk:, cdkg:, cdks:, schema:, org:, prov:, skos:,
    rdfs:...) are bound. Pass values with --bind VAR=VALUE: they are bound as
    values, never pasted into the query text. The query reads the graph only
    (SERVICE, FROM and FROM NAMED are refused) and is stopped past --timeout
    seconds or --memory MiB.

    example: cdkg sparql docs/queries/opponents-of-alibaba.rq --format csv
    """
    import os

    from ..fresh import query_store
    from ..rdf.oxstore import run_on_endpoint, run_on_store
    from ..rdf.results import binding_rule, check_reads_only_the_graph
    from ..rdf.store import AUTH_ENV

    query = args.query
    candidate = Path(query)
    if "\n" not in query and len(query) < 4096 and candidate.suffix and candidate.is_file():
        query = candidate.read_text(encoding="utf-8")
    check_reads_only_the_graph(query)  # told at once, before any data are read
    if args.endpoint:
        prefixes = load_schema(args.schema).prefixes
        bindings = {v: (iri, value) for v, iri, value in (binding_rule(b, prefixes) for b in args.bind or [])}
        auth = os.environ.get(AUTH_ENV) or None
        text = run_on_endpoint(
            args.endpoint, query, bindings, prefixes, fmt=args.format, timeout=args.timeout, auth=auth,
            schema_file=args.schema,
        )  # fmt: skip
    else:
        with query_store(args.data, args.schema, args.out, _noter(err)) as where:
            bindings = {v: (iri, value) for v, iri, value in (binding_rule(b, where.prefixes) for b in args.bind or [])}
            text = run_on_store(
                where.store, query, bindings, where.prefixes, pieces=where.pieces if where.store is None else None,
                fmt=args.format, timeout=args.timeout, memory=args.memory, schema_file=args.schema,
            )  # fmt: skip
    if args.format == "csv" and not out.isatty():  # CSV has no escapes: into a file or a pipe it stays verbatim
        out = getattr(out, "verbatim", out)
    print(text, file=out)
    return 0


def cmd_stats(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Counts by type and stance, the sources, the date range, and past which day nothing is known.

    example: cdkg stats --json
    """
    s = analysis.stats(_graph(args, err))
    print(json.dumps(s, ensure_ascii=False, indent=1) if args.json else report.stats_text(s), file=out)
    return 0


def cmd_import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Read RDF that follows the project's pattern back into data.

    Reads Turtle, N-Triples, JSON-LD, TriG or N-Quads (by the file's suffix, or
    --format), checks that every triple follows the pattern (errors name the
    subject) and prints what it holds. With --out DIR, writes the data as
    YAML files the loader reads (sources.yaml, entities.yaml, facts.yaml,
    relations.yaml; deterministic), copies each source's text from --data,
    and checks that DIR loads back. DIR must be empty or new (--force
    replaces the files import writes); everything is checked before anything
    is written, and the files are written together or not at all.

    example: cdkg import out/graph.trig --out imported
    """
    from ..pipeline import write_atomic
    from ..rdf.parse import from_rdf

    ds = from_rdf(args.file, args.rdf_format, args.schema)
    print(f"{args.file} follows the pattern:", file=out)
    _print_counts(ds, out)
    quotes = sum(len(e.evidence) for e in ds.entities.values()) + sum(len(f.evidence) for f in ds.facts.values())
    quotes += sum(len(r.evidence) for r in ds.relations.values())
    print(f"  relations  {len(ds.relations)}, evidence quotes {quotes}", file=out)
    if not args.to:
        return 0
    target = Path(args.to)
    files, missing = _import_files(ds, target, Path(args.data), args.force)
    write_atomic(target, files)
    print(f"Wrote {', '.join(n for n in sorted(files) if '/' not in n)} into {target}/", file=out)
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


def _import_files(ds: Dataset, target: Path, data: Path, force: bool) -> tuple[dict[str, bytes], list[Source]]:
    """What ``import --out`` writes (name -> bytes) and the sources whose text is not in ``data``;
    refused, before anything is written, if it would overwrite what the user has or mix with it."""
    from ..model.dump import DATA_FILES, to_yaml

    if target.exists() and not target.is_dir():
        raise UsageError(f"--out {target} is a file, not a directory")
    yamls = list(target.rglob("*.y*ml")) if target.is_dir() else []
    others = sorted(str(p.relative_to(target)) for p in yamls if p.relative_to(target).as_posix() not in DATA_FILES)
    if others:
        raise UsageError(f"{target}/ already holds other data files ({', '.join(others)}); choose an empty directory")
    present = sorted(p.name for p in target.iterdir() if not p.name.startswith(".cdkg")) if target.is_dir() else []
    if present and not force:
        shown = ", ".join(present[:5]) + (f" and {len(present) - 5} more" if len(present) > 5 else "")
        raise UsageError(
            f"--out {target}/ is not empty ({shown}); import writes into a new or empty directory "
            "(--force replaces the files it writes and keeps the rest)"
        )
    files = {name: text.encode("utf-8") for name, text in to_yaml(ds).items()}
    taken = {name.casefold(): "the data file import writes" for name in files}
    missing: list[Source] = []
    root = data.resolve()
    for s in sorted(ds.sources.values(), key=lambda s: s.id):
        name = PurePosixPath(s.file).as_posix()
        clash = taken.get(name.casefold())
        if clash or PurePosixPath(name).suffix.lower() in (".yaml", ".yml") or name.startswith(".cdkg"):
            why = clash or "a data file the loader would read"
            raise UsageError(f"source '{s.id}': its file '{s.file}' would be written over {why}; rename the file")
        taken[name.casefold()] = f"the text of source '{s.id}'"
        found = (root / s.file).resolve()
        if found.is_relative_to(root) and found.is_file():
            files[name] = found.read_bytes()
        else:
            missing.append(s)
    return files, missing


def cmd_push(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Upload the graph to a SPARQL 1.1 Graph Store endpoint, into one named graph.

    URL is the store's Graph Store endpoint: Oxigraph http://HOST:7878/store,
    Fuseki http://HOST:3030/DATASET/data, GraphDB
    http://HOST:7200/repositories/REPO/rdf-graphs/service. Without --replace
    the triples are added to the graph (POST); with --replace the graph is
    swapped in one PUT, which the store applies in one transaction. Then a
    SPARQL COUNT query checks that the store holds what was sent. HTTP basic
    auth, if the store needs it, comes from the environment variable
    CDKG_STORE_AUTH=user:password (never from the command line).

    example: cdkg push http://127.0.0.1:7878/store --replace
    """
    import os

    from ..pipeline import render
    from ..rdf.store import AUTH_ENV, push

    ds = load(args.data, args.schema)
    files = render(ds, ["ntriples"], shacl=args.shacl)[2]
    result = push(
        files[FORMATS["ntriples"].filename],
        args.url,
        args.graph or ds.schema.vocabulary.graph,
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


def _check_type(name: str | None, schema: Schema) -> None:
    """Refuse a ``--type`` that is neither a relation type nor a role of ``schema``.

    >>> _check_type("sued", load_schema())
    >>> _check_type("sueed", load_schema())
    Traceback (most recent call last):
    ...
    graph.errors.UsageError: unknown type 'sueed' (did you mean 'sued'?); choose from member_of, ...
    """
    roles = sorted({r for t in schema.fact_types.values() for r in t.roles})
    choices = list(dict.fromkeys([*schema.relation_types, *roles]))  # a role may share a relation type's name
    if name is None or name in choices:
        return
    hint = suggest(name, choices)
    raise UsageError(
        f"unknown type '{name}'"
        + (f" (did you mean '{hint}'?)" if hint else "")
        + f"; choose from {', '.join(choices)}"
    )


def _graph(args: argparse.Namespace, err: TextIO) -> nx.MultiDiGraph:
    """The graph the query commands run on: the snapshot in --out when it is fresh (see :mod:`graph.fresh`)."""
    from ..fresh import query_graph

    return query_graph(args.data, args.schema, args.out, _noter(err))


def _noter(err: TextIO) -> Callable[[str], None]:
    """What the snapshot's reader has to say, on ``err`` when it is a terminal (piped, nothing)."""
    shown = err.isatty()

    def note(text: str) -> None:
        if shown:
            print(f"note: {text}", file=err)

    return note


def _title(G: nx.MultiDiGraph, what: str, args: argparse.Namespace) -> str:
    node = resolve(G, args.name)
    title = f"{what} {G.nodes[node]['name']} ({node})"
    if getattr(args, "type", None):
        title += f", {args.type} only"
    if args.as_of:
        title += f", as of {args.as_of}"
    if args.certain:
        title += ", certain only"
    if args.stated:
        title += ", stated only"
    return title


def _emit(
    args: argparse.Namespace,
    out: TextIO,
    err: TextIO,
    found: list[analysis.Finding],
    text: Callable[[], str],
    G: nx.MultiDiGraph,
) -> int:
    if args.json:
        print(json.dumps([f.to_dict(G) for f in found], ensure_ascii=False, indent=1), file=out)
    else:
        print(text(), file=out)
    _note(G, args, err)
    return 0


def _note(G: nx.MultiDiGraph, args: argparse.Namespace, err: TextIO) -> None:
    """On stderr, when --as-of is past every source's publication: past which day nothing is known."""
    note = past_the_sources(G, parse_as_of(args.as_of))
    if note:
        print(note, file=err)


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
