"""The command line: ``python build_graph.py`` or ``cdkg``.

Thin by design: parse arguments, call one library function, print its answer
(a readable report, or ``--json``), and turn the library's errors into a
message and an exit code: 1 for bad data or a failed write, 2 for a wrong
command line (an unknown or ambiguous name included). A user's mistake never
prints a traceback.

Everything the commands print, and every error message, goes through one
:class:`~graph.text.TerminalWriter`: no control, bidi or invisible character
from the data, a file or a server reaches the terminal raw.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO, cast

from .. import __version__
from ..errors import CdkgError, DataError, Problem
from ..pipeline import FORMATS
from ..text import SafeArgumentParser, TerminalWriter
from . import curation, options
from .commands import (
    cmd_allies,
    cmd_build,
    cmd_camps,
    cmd_import,
    cmd_opponents,
    cmd_path,
    cmd_push,
    cmd_relations,
    cmd_sparql,
    cmd_stats,
    cmd_timeline,
    cmd_validate,
)

__all__ = ["main", "make_parser"]


# -- the parser -------------------------------------------------------------------


@dataclass(frozen=True)
class Command:
    run: Callable[[argparse.Namespace, TextIO, TextIO], int]
    arguments: Callable[[argparse.ArgumentParser], None]


COMMANDS: dict[str, Command] = {
    "build": Command(cmd_build, options.build_args),
    "validate": Command(cmd_validate, options.shacl_arg),
    "opponents": Command(cmd_opponents, options.named),
    "allies": Command(cmd_allies, options.named),
    "relations": Command(cmd_relations, options.relations_args),
    "path": Command(cmd_path, options.path_args),
    "timeline": Command(cmd_timeline, options.timeline_args),
    "camps": Command(cmd_camps, options.camps_args),
    "sparql": Command(cmd_sparql, options.sparql_args),
    "stats": Command(cmd_stats, options.json_flag),
    "import": Command(cmd_import, options.import_args),
    "push": Command(cmd_push, options.push_args),
    "source": Command(curation.cmd_source, curation.source_args),
    "quote": Command(curation.cmd_quote, curation.quote_args),
    "coverage": Command(curation.cmd_coverage, curation.coverage_args),
    "conflicts": Command(curation.cmd_conflicts, curation.conflicts_args),
}


def make_parser() -> argparse.ArgumentParser:
    parser = SafeArgumentParser(
        prog="cdkg",
        description=(
            "Counterfeit-dispute knowledge graph. With no command, validates the data and\n"
            "builds every output (as 'build').\n\n"
            "example: cdkg --data data --out out\n"
            "     (or python build_graph.py --data data --out out)\n"
            "example: cdkg opponents alibaba --as-of 2016-05-10\n"
            "     (or python build_graph.py opponents alibaba --as-of 2016-05-10)"
        ),
        epilog=textwrap.fill(
            "Outputs: " + "; ".join(f"{f.filename} ({f.description})" for f in FORMATS.values()),
            width=79,
            break_on_hyphens=False,
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"cdkg {__version__}")
    options.common(parser, suppress=False)
    options.build_args(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, command in COMMANDS.items():
        doc = command.run.__doc__ or ""
        p = sub.add_parser(
            name,
            help=doc.strip().splitlines()[0],
            description=options.description(doc),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        options.common(p, suppress=True)
        command.arguments(p)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the CLI; return the exit code."""
    out = cast(TextIO, TerminalWriter(out or sys.stdout))
    err = cast(TextIO, TerminalWriter(err or sys.stderr))
    parser = make_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        return int(exc.code or 0)
    command = COMMANDS[args.command or "build"]
    try:
        if command.run is not cmd_import:  # import reads --data only for the sources' texts, if there
            _check_data(args.data)
        return command.run(args, out, err)
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


def _check_data(data: str) -> None:
    """A missing data directory is refused with how to name one (exit 1, as the loader's own refusal)."""
    if not Path(data).is_dir():
        hint = "pass --data DIR, the directory of curated YAML files (the default, data, is the repository's)"
        raise DataError([Problem(data.rstrip("/") or ".", 0, "", "", f"data directory not found; {hint}")])
