"""The command line: ``python build_graph.py`` or ``cdkg``.

Thin by design: parse arguments, call one library function, turn the
library's errors into a message and an exit code (1 for bad data or a failed
write, 2 for a wrong command line). A user's mistake never prints a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from .errors import CdkgError
from .load import load
from .model import Dataset, Entity, Fact
from .output import FORMATS, build, check_formats

__all__ = ["main"]


def cmd_build(args: argparse.Namespace, out: TextIO) -> int:
    """Validate the data and write every output into the output directory.

    Writes Turtle, N-Triples, JSON-LD, the ontology, GraphML and the offline
    HTML network. Nothing is written unless the whole build succeeds.

    example: python build_graph.py --data data --out out
    """
    formats = check_formats(args.format) if args.format else None
    result = build(args.data, args.out, formats, args.schema)
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
    print("  files      " + "\n             ".join(_file_line(p) for p in result.files.values()), file=out)
    return 0


def cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    """Check the data against the schema and the sources; write nothing.

    Reports every problem at once (file, line, record, field) and exits 1 if
    there is any.

    example: python build_graph.py validate --data data
    """
    ds = load(args.data, args.schema)
    quotes = sum(len(e.evidence) for e in ds.entities.values())
    quotes += sum(len(f.evidence) for f in ds.facts.values())
    quotes += sum(len(r.evidence) for r in ds.relations.values())
    print(f"{args.data}/ is valid: {quotes} evidence quotes found in their sources.", file=out)
    _print_counts(ds, out)
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
    print(f"  sources    {len(ds.sources)} ({', '.join(ds.sources)})", file=out)


def _file_line(path: Path) -> str:
    size = path.stat().st_size
    return f"{path} ({size / 1000:.1f} kB)"


def _add_common(p: argparse.ArgumentParser, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    p.add_argument(
        "--data",
        metavar="DIR",
        default=default if suppress else "data",
        help="the curated data directory (default: data)",
    )
    p.add_argument(
        "--schema", metavar="FILE", default=default, help="a schema file (default: the packaged graph/schema.yaml)"
    )


def _add_build(p: argparse.ArgumentParser, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    p.add_argument(
        "--out", metavar="DIR", default=default if suppress else "out", help="the output directory (default: out)"
    )
    p.add_argument(
        "--format",
        action="append",
        metavar="NAME",
        default=default,
        help=f"write only this output (repeatable); one of: {', '.join(FORMATS)}",
    )


COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO], int]] = {
    "build": cmd_build,
    "validate": cmd_validate,
}


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
    _add_common(parser, suppress=False)
    _add_build(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, func in COMMANDS.items():
        doc = func.__doc__ or ""
        p = sub.add_parser(
            name,
            help=doc.strip().splitlines()[0],
            description=_dedent(doc),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        _add_common(p, suppress=True)
        if name == "build":
            _add_build(p, suppress=True)
    return parser


def _dedent(doc: str) -> str:
    import textwrap

    first, _, rest = doc.partition("\n")
    return (first + "\n" + textwrap.dedent(rest)).strip()


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the CLI; return the exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    parser = make_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        return int(exc.code or 0)
    func = COMMANDS[args.command or "build"]
    try:
        return func(args, out)
    except CdkgError as exc:
        print(f"error: {exc}", file=err)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted; the previous outputs are unchanged", file=err)
        return 130


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
