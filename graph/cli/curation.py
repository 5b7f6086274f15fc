"""The curator's commands: ``source add``, ``quote find``, ``coverage`` and ``conflicts``.

Each ``cmd_NAME(args, out, err)`` is thin, as the analyst commands are: it
calls one library function (:mod:`graph.model.register`,
:mod:`graph.model.quotefind`, :mod:`graph.analysis.coverage`,
:mod:`graph.analysis.conflicts`) and prints its answer; its docstring is
the command's --help, with its example.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TextIO

from ..analysis.conflicts import conflicts
from ..analysis.coverage import coverage
from ..errors import UsageError
from ..model.loader import load
from ..model.quotefind import find_spans
from ..model.register import add_source
from ..text import suggest
from . import options

__all__ = [
    "cmd_conflicts",
    "cmd_coverage",
    "cmd_quote",
    "cmd_source",
    "conflicts_args",
    "coverage_args",
    "quote_args",
    "source_args",
]


def source_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = sub.add_parser(
        "add",
        help="copy a source's text into the data directory and register it",
        description=options.description(cmd_source.__doc__ or ""),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    options.common(add, suppress=True)
    add.add_argument("file", metavar="FILE", type=Path, help="the source's text (UTF-8), copied byte for byte")
    add.add_argument("--title", required=True, help="the source's title")
    add.add_argument("--published", metavar="DATE", help="YYYY, YYYY-MM, YYYY-MM-DD, or EARLIEST/LATEST when unprinted")
    add.add_argument("--published-note", metavar="TEXT", default="", help="how the publication date was worked out")
    add.add_argument("--id", dest="source_id", metavar="ID", help="the source's id (default: the file's name)")
    add.add_argument("--publisher", default="", help="who published it")
    add.add_argument("--url", default="", help="where it was retrieved")
    add.add_argument("--licence", default="", help="its licence (only openly licensed texts may be stored)")
    add.add_argument("--language", default="", help="its language (a BCP 47 tag: en, zh)")


def cmd_source(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Register a source: its text copied verbatim into the data directory, its entry added to sources.yaml.

    ``source add FILE --title TITLE [--published DATE]`` checks everything
    first (UTF-8 text, a new id, a date that parses, no other file in its
    place) and writes nothing when anything is wrong; then it copies the text
    byte for byte to sources/ID.txt and appends the entry to sources.yaml.

    example: cdkg source add voa.txt --title "Alibaba Founder Cancels Speech" --published 2016-05-17/2016-05-18
    """
    new = add_source(
        Path(args.data),
        args.file,
        title=args.title,
        published=args.published,
        source_id=args.source_id,
        publisher=args.publisher,
        url=args.url,
        licence=args.licence,
        language=args.language,
        published_note=args.published_note,
    )
    print(f"Registered source '{new.id}': text at {new.text_path}, entry in {new.registry}:", file=out)
    print(new.entry.rstrip("\n"), file=out)
    print(
        f"Next: cite it in evidence ({{source: {new.id}, quote: ...}}); 'cdkg coverage {new.id}' lists what to do.",
        file=out,
    )
    return 0


def quote_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    find = sub.add_parser(
        "find",
        help="find the source's own words for an approximate quote",
        description=options.description(cmd_quote.__doc__ or ""),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    options.common(find, suppress=True)
    find.add_argument("source", metavar="SOURCE", help="a source id of the registry")
    find.add_argument("text", metavar="TEXT", help="the quote as you have it")
    find.add_argument("--limit", type=_positive, default=5, help="at most this many spans (default 5)")
    find.add_argument("--json", action="store_true", help="print JSON instead of a report")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got '{text}'") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {value}")
    return value


def _source(ds_sources: dict[str, object], sid: str) -> None:
    if sid not in ds_sources:
        hint = suggest(sid, list(ds_sources))
        raise UsageError(
            f"unknown source '{sid}'"
            + (f" (did you mean '{hint}'?)" if hint else "")
            + f"; sources: {', '.join(ds_sources)}"
        )


def cmd_quote(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Find the verbatim span of a source for an approximate quote.

    ``quote find SOURCE TEXT`` tries the rule evidence must meet (whitespace
    and quotation marks tolerated), then the same ignoring case, then a fuzzy
    search that lists the closest spans; each with its code point offsets in
    the source's text, so the curator pastes the source's exact words.
    Exits 1 when nothing is close.

    example: cdkg quote find seed-article "gucci decided to leave the organisation last wednesday"
    """
    ds = load(args.data, args.schema)
    _source(dict(ds.sources), args.source)
    found = find_spans(args.text, ds.sources[args.source].text, limit=args.limit)
    if args.json:
        rows = [{"start": m.start, "end": m.end, "exact": m.exact, "how": m.how, "score": m.score} for m in found]
        print(json.dumps(rows, ensure_ascii=False, indent=1), file=out)
        return 0 if found else 1
    if not found:
        print(f"Nothing in '{args.source}' is close to that quote.", file=out)
        return 1
    for m in found:
        how = m.how if m.how != "fuzzy" else f"fuzzy, {m.score:.0%} alike"
        print(f"{args.source} {m.start}-{m.end} ({how}):", file=out)
        print(f"  quote: {json.dumps(' '.join(m.exact.split()), ensure_ascii=False)}", file=out)
    return 0


def coverage_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("source", metavar="SOURCE", nargs="?", help="one source id (default: every source)")
    p.add_argument("--all", action="store_true", help="list every sentence with its status, not only what is to do")
    p.add_argument("--json", action="store_true", help="print JSON instead of a report")


def cmd_coverage(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Per source, the sentences no evidence cites and none is listed as left out: the curator's to-do list.

    A sentence is cited when an evidence quote covers part of it, left out
    when the source's not_curated list covers it (with the reason), and to do
    otherwise; the share covered counts the first two.

    example: cdkg coverage seed-article
    """
    ds = load(args.data, args.schema)
    if args.source is not None:
        _source(dict(ds.sources), args.source)
    reports = coverage(ds, args.source)
    if args.json:
        print(json.dumps([r.as_json() for r in reports], ensure_ascii=False, indent=1), file=out)
        return 0
    for r in reports:
        print(
            f"{r.source}: {r.share:.0%} covered: {r.total} sentences, {r.count('cited')} cited, "
            f"{r.count('not curated')} left out, {r.count('to do')} to do",
            file=out,
        )
        for n, s in enumerate(r.sentences, 1):
            if s.status == "to do" or args.all:
                what = {"cited": "cited by " + ", ".join(s.records), "not curated": f"left out: {s.reason}"}.get(
                    s.status, "to do"
                )
                print(f"  {n:>3}. [{s.sentence.start}-{s.sentence.end}] {what}", file=out)
                print(f"       {' '.join(s.sentence.text.split())}", file=out)
    return 0


def conflicts_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print JSON instead of a report")


def cmd_conflicts(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Facts on which the sources disagree: incompatible dates, roles, or a claim and its denial.

    Two records are accounts of one fact when one names the other in
    same_as, or when they are relations of one type between the same two
    nodes from different sources; each side is shown with its sources and a
    quote.

    example: cdkg conflicts --json
    """
    found = conflicts(load(args.data, args.schema))
    if args.json:
        print(json.dumps([c.as_json() for c in found], ensure_ascii=False, indent=1), file=out)
        return 0
    if not found:
        print("The sources do not disagree on any fact curated from more than one of them.", file=out)
        return 0
    print(f"{len(found)} disagreement(s) between the sources:", file=out)
    for c in found:
        print(f"- {c.kind} on {c.subject}: {c.detail}", file=out)
        for side in (c.a, c.b):
            print(f"    {side.record} ({', '.join(side.sources)}): {side.claim}", file=out)
            for q in side.quotes:
                print(f"      \u201c{q}\u201d", file=out)
    return 0
