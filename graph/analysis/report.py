"""Human-readable reports of the analysis results, for the command line.

Each answer shows why: the facts, their dates as written, and the evidence
quotes with their sources.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from typing import Any

import networkx as nx

from .balance import Camps
from .findings import Finding, Link, TimelineEntry

__all__ = ["camps_text", "findings_text", "path_text", "stats_text", "timeline_text"]

ARROWS = {"out": "→", "in": "←", "both": "↔"}
WIDTH = 100


def _dates(f: Finding) -> str:
    d = f.dates
    if "date" in d:
        return str(d["date"])
    if "start" in d or "end" in d:
        return f"{d.get('start', '?')} – {d.get('end', '…')}"
    return "undated"


def _quotes(evidence: Iterable[dict[str, str]], indent: str) -> list[str]:
    lines = []
    for e in evidence:
        text = f"“{e['quote']}” [{e['source']}]"
        lines += textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent + " ")
    return lines


def _finding_lines(G: nx.MultiDiGraph, f: Finding, indent: str = "  ") -> list[str]:
    via = f" (via {f.via_name})" if f.via_name and not f.type.startswith("shared:") else ""
    if f.type.startswith("shared:"):  # "Gucci also withdrew in protest of Alibaba Group"
        lines = [f"{indent}{ARROWS[f.direction]} {f.other_name} {f.label} · {_dates(f)}"]
    else:
        lines = [f"{indent}{ARROWS[f.direction]} {f.label} {f.other_name}{via} · {_dates(f)}"]
    if len(f.chain) > 1:
        for link in f.chain:
            lines.append(f"{indent}    because {_link_sentence(G, link)}")
    lines += _quotes(f.evidence, indent + "    ")
    return lines


def _link_sentence(G: nx.MultiDiGraph, link: Link) -> str:
    when = link.dates.get("date") or link.dates.get("start")
    sentence = f"{G.nodes[link.source]['name']} {link.label} {G.nodes[link.target]['name']}"
    if link.via:
        sentence += f" (via {G.nodes[link.via]['name']})"
    return sentence + (f", {when}" if when else "")


def findings_text(G: nx.MultiDiGraph, title: str, findings: list[Finding]) -> str:
    """Findings grouped by the other entity."""
    others: dict[str, list[Finding]] = {}
    for f in findings:
        others.setdefault(f.other, []).append(f)
    n = len(others)
    lines = [f"{title}: {n} entit{'y' if n == 1 else 'ies'}, {len(findings)} fact{'s' if len(findings) != 1 else ''}"]
    for other, group in others.items():
        lines += ["", f"{group[0].other_name} ({other})"]
        for f in group:
            lines += _finding_lines(G, f)
    if not findings:
        lines.append("  (none)")
    return "\n".join(lines)


def path_text(G: nx.MultiDiGraph, a: str, b: str, chains: list[list[list[Finding]]]) -> str:
    name_a, name_b = G.nodes[a]["name"], G.nodes[b]["name"]
    if not chains:
        return f"No chain of facts links {name_a} ({a}) and {name_b} ({b})."
    hops = len(chains[0])
    lines = [
        f"{len(chains)} shortest chain{'s' if len(chains) != 1 else ''} of {hops} step{'s' if hops != 1 else ''} "
        f"from {name_a} ({a}) to {name_b} ({b})"
    ]
    for i, chain in enumerate(chains, 1):
        route = [name_a] + [step[0].other_name for step in chain]
        lines += ["", f"Chain {i}: " + " — ".join(route)]
        for step in chain:
            lines.append(f"  {step[0].entity_name} → {step[0].other_name}:")
            for f in step:
                lines += _finding_lines(G, f, indent="    ")
    return "\n".join(lines)


def timeline_text(entries: list[TimelineEntry], undated: int, name: str | None = None) -> str:
    title = f"Timeline of {name}" if name else "Timeline"
    lines = [f"{title}: {len(entries)} dated moment{'s' if len(entries) != 1 else ''}"]
    width = max((len(str(e.date)) for e in entries), default=4)
    for e in entries:
        lines.append(f"{str(e.date).ljust(width)}  {e.what}")
        if e.note:
            lines += textwrap.wrap(
                f"({e.note})", WIDTH, initial_indent=" " * (width + 4), subsequent_indent=" " * (width + 5)
            )
        lines += _quotes(e.evidence[:1], " " * (width + 4))
    if undated:
        lines += ["", f"{undated} undated fact{'s' if undated != 1 else ''} not shown (see `relations`)."]
    return "\n".join(lines)


LIST_MAX = 40
"""Most names (or ties) a text report lists in one place; ``--json`` lists them all."""


def some(names: list[str], limit: int = LIST_MAX, sep: str = ", ", hint: str = " (--json lists all)") -> str:
    """``names`` joined, or the first ``limit`` of them and how many more.

    >>> some(["Gucci", "Kering"]), some([f"n{i}" for i in range(5)], limit=3)
    ('Gucci, Kering', 'n0, n1, n2 and 2 more (--json lists all)')
    """
    if len(names) <= limit:
        return sep.join(names)
    return f"{sep.join(names[:limit])} and {len(names) - limit} more{hint}"


def camps_text(G: nx.MultiDiGraph, result: Camps) -> str:
    lines = []
    for i, part in enumerate(result.parts, 1):
        size = sum(len(c.members) for c in part.camps)
        how = "exact" if part.exact else "best found by local search"
        lines.append(f"Part {i}: {size} entities, {part.ties} signed ties, frustration {len(part.frustrated)} ({how})")
        for camp in part.camps:
            if not camp.members:
                continue
            lines.append(f"  Camp of {camp.leader_name} ({len(camp.members)}):")
            names = some([G.nodes[m]["name"] for m in camp.members])
            lines += textwrap.wrap(names, WIDTH, initial_indent="    ", subsequent_indent="    ")
        if part.frustrated:
            lines.append("  Contested ties (no split satisfies them):")
            for f in part.frustrated[:LIST_MAX]:
                lines.append(f"    {f.entity_name} {f.label} {f.other_name} · {_dates(f)}")
                lines += _quotes(f.evidence[:1], "        ")
            if len(part.frustrated) > LIST_MAX:
                lines.append(f"    and {len(part.frustrated) - LIST_MAX} more (--json lists all)")
        lines.append("")
    if result.unaligned:
        names = some([G.nodes[n]["name"] for n in result.unaligned])
        lines += textwrap.wrap(f"In no camp (no signed tie): {names}", WIDTH, subsequent_indent="  ")
    return "\n".join(lines).rstrip()


def stats_text(s: dict[str, Any]) -> str:
    lines = [
        f"entities        {s['entities']}",
        f"facts           {s['facts']}",
        "by type         " + ", ".join(f"{k} {v}" for k, v in s["nodes_by_type"].items()),
        "edges           " + ", ".join(f"{k} {v}" for k, v in s["edges_by_kind"].items()),
        "by stance       " + ", ".join(f"{k} {v}" for k, v in s["edges_by_stance"].items()),
        "by relation     " + ", ".join(f"{k} {v}" for k, v in s["edges_by_type"].items()),
        f"evidence        {s['evidence_quotes']} quotes",
        "sources         "
        + some([f"{k} ({v['published'] or 'undated'}): {v['title']}" for k, v in s["sources"].items()], 10, "; "),
        "date range      " + (" to ".join(s["date_range"]) if s["date_range"] else "no dates"),
        f"undated facts   {s['undated_facts']}",
    ]
    return "\n".join(textwrap.fill(line, WIDTH, subsequent_indent=" " * 16) for line in lines)
