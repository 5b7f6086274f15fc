"""The command line's options: one function per command that adds its arguments to an argparse parser.

:mod:`graph.cli` maps each command to its function here and its ``cmd_*``
function in :mod:`graph.cli.commands`; ``--help`` shows each command's docstring through
:func:`description`.

>>> p = argparse.ArgumentParser()
>>> path_args(p)
>>> p.parse_args(["gucci", "alibaba", "--limit", "3"]).limit
3
"""

from __future__ import annotations

import argparse
import math
import textwrap

from ..pipeline import FORMATS, SHACL_AUTO_LIMIT, SHACL_MODES
from ..rdf.formats import RDF_FORMATS
from ..rdf.results import DEFAULT_MEMORY, DEFAULT_TIMEOUT, RESULT_FORMATS
from ..views.limits import MAX_NODES

__all__ = [
    "EXAMPLE",
    "MAX_SECONDS",
    "as_of",
    "build_args",
    "camps_args",
    "common",
    "count",
    "description",
    "import_args",
    "json_flag",
    "named",
    "path_args",
    "positive_count",
    "push_args",
    "relations_args",
    "seconds",
    "shacl_arg",
    "snapshot_arg",
    "sparql_args",
    "timeline_args",
]

EXAMPLE = "example: cdkg "
"""How a command's docstring gives its example; --help adds the same with ``python build_graph.py``."""


MAX_SECONDS = 86_400.0
"""The longest ``--timeout`` accepted: a day."""


def count(text: str) -> int:
    """A whole number of 0 or more, for argparse.

    >>> count("3")
    3
    >>> count("-5")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: expected a whole number of 0 or more, not '-5'
    """
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number of 0 or more, not '{text}'")
    return value


def positive_count(text: str) -> int:
    """A whole number of 1 or more, for argparse.

    >>> positive_count("0")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: expected a whole number of 1 or more, not '0'
    """
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, not '{text}'")
    return value


def seconds(text: str) -> float:
    """A number of seconds above 0 and at most :data:`MAX_SECONDS`, for argparse (``nan``, ``inf`` refused).

    >>> seconds("2.5")
    2.5
    >>> seconds("1e300")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: expected a number of seconds above 0 and at most 86400, not '1e300'
    """
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 < value <= MAX_SECONDS:  # false for nan too
        raise argparse.ArgumentTypeError(
            f"expected a number of seconds above 0 and at most {MAX_SECONDS:g}, not '{text}'"
        )
    return value


def build_args(p: argparse.ArgumentParser, suppress: bool = True) -> None:
    default = argparse.SUPPRESS if suppress else None
    p.add_argument("--out", metavar="DIR", default=default or "out", help="the output directory (default: out)")
    p.add_argument(
        "--format",
        action="append",
        metavar="NAME",
        default=default,
        help=f"write only this output (repeatable); one of: {', '.join(FORMATS)}",
    )
    shacl_arg(p, suppress)
    p.add_argument(
        "--focus",
        metavar="NAME",
        default=default,
        help="the HTML page draws only the neighbourhood of NAME (an id, a name or an alias)",
    )
    p.add_argument(
        "--hops",
        type=count,
        metavar="N",
        default=default or 2,
        help="with --focus: how many steps from NAME (default: 2)",
    )
    p.add_argument(
        "--max-nodes",
        type=count,
        metavar="N",
        default=default or MAX_NODES,
        help=f"the HTML page draws at most N nodes, the best-connected or nearest first (default: {MAX_NODES}; 0: all)",
    )


def shacl_arg(p: argparse.ArgumentParser, suppress: bool = True) -> None:
    p.add_argument(
        "--shacl",
        choices=SHACL_MODES,
        default=argparse.SUPPRESS if suppress else "auto",
        help=f"check the RDF against the SHACL shapes: auto (up to {SHACL_AUTO_LIMIT:,} triples; default), "
        "always, never",
    )


def as_of(p: argparse.ArgumentParser) -> None:
    p.add_argument("--as-of", metavar="DATE", help="the graph as it stood on this day (YYYY-MM-DD)")
    p.add_argument(
        "--certain",
        action="store_true",
        help="only what is certainly in effect on that day (without --as-of: at any time, so not what is planned)",
    )
    p.add_argument(
        "--stated",
        action="store_true",
        help="only what sources state in their own voice (not what they report someone said or believes, nor a denial)",
    )


def json_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print JSON (see README) instead of a report")
    snapshot_arg(p)


def snapshot_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--out",
        metavar="DIR",
        default=argparse.SUPPRESS,  # the top-level --out (default: out) unless given here
        help="the output directory whose snapshot the query reads when it is fresh (default: out)",
    )


def named(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", metavar="NAME", help="an id, a name or an alias (case and accents ignored)")
    as_of(p)
    json_flag(p)


def relations_args(p: argparse.ArgumentParser) -> None:
    named(p)
    p.add_argument(
        "--type",
        metavar="TYPE",
        help="only this relation type or role of a fact type, from the schema (--schema, else the packaged one)",
    )


def path_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("a", metavar="A", help="an id, a name or an alias")
    p.add_argument("b", metavar="B", help="an id, a name or an alias")
    p.add_argument("--limit", type=positive_count, default=10, metavar="N", help="at most N chains (default: 10)")
    as_of(p)
    json_flag(p)


def timeline_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", metavar="NAME", nargs="?", help="only the facts this entity takes part in")
    json_flag(p)


def camps_args(p: argparse.ArgumentParser) -> None:
    as_of(p)
    json_flag(p)


def sparql_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", metavar="QUERY|FILE", help="the query text, or a file holding it")
    p.add_argument(
        "--endpoint",
        metavar="URL",
        help="query this SPARQL 1.1 endpoint (e.g. http://HOST:7878/query) instead of the local data",
    )
    snapshot_arg(p)
    p.add_argument("--format", choices=RESULT_FORMATS, default="table", help="table (default), json or csv")
    p.add_argument("--bind", action="append", metavar="VAR=VALUE", help="bind ?VAR to VALUE (an IRI or a string)")
    p.add_argument(
        "--timeout",
        type=seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"stop a query that runs longer (default: {DEFAULT_TIMEOUT:g})",
    )
    p.add_argument(
        "--memory",
        type=positive_count,
        default=DEFAULT_MEMORY,
        metavar="MIB",
        help=f"stop a query that takes more memory than this, over the loaded graph (default: {DEFAULT_MEMORY})",
    )


def import_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="an RDF file: " + ", ".join(RDF_FORMATS))
    p.add_argument(
        "--format",
        dest="rdf_format",
        choices=sorted(set(RDF_FORMATS.values())),
        help="the RDF format (default: from the file's suffix)",
    )
    p.add_argument("--out", dest="to", metavar="DIR", help="write the data as YAML files into DIR (new or empty)")
    p.add_argument(
        "--force", action="store_true", help="with --out: replace the files import writes in a non-empty DIR"
    )


def push_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("url", metavar="URL", help="the store's SPARQL 1.1 Graph Store endpoint")
    p.add_argument(
        "--graph", metavar="IRI", help="the named graph (default: the schema's graph IRI, https://w3id.org/cdkg/graph)"
    )
    p.add_argument("--replace", action="store_true", help="replace the graph's content in one PUT (default: add)")
    p.add_argument("--query-url", metavar="URL", help="the store's SPARQL query endpoint (default: guessed from URL)")
    p.add_argument(
        "--timeout",
        type=seconds,
        default=60.0,
        metavar="SECONDS",
        help="the longest each request may take, answer included (default: 60)",
    )
    shacl_arg(p)


def common(p: argparse.ArgumentParser, suppress: bool) -> None:
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
        help="a schema file (default: the packaged graph/schema/schema.yaml)",
    )


def description(doc: str) -> str:
    """A command's docstring as its --help text; its example shown for both ways of running the CLI.

    >>> print(description(chr(10).join(["Do it.", "", "    example: cdkg stats --json", "    "])))
    Do it.
    <BLANKLINE>
    example: cdkg stats --json
         (or python build_graph.py stats --json)
    """
    first, _, rest = doc.partition("\n")
    lines = []
    for line in (first + "\n" + textwrap.dedent(rest)).strip().splitlines():
        lines.append(line)
        if line.startswith(EXAMPLE):
            lines.append(f"     (or python build_graph.py {line.removeprefix(EXAMPLE)})")
    return "\n".join(lines)
