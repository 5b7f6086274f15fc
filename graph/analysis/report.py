"""Human-readable reports of the analysis results, for the command line.

Each answer shows why: the facts, their dates as the sources give them, and
the evidence quotes with their sources. A fact only possibly in effect on the
day asked says so, and why: ``possibly: ended between 2016-04-01 and
2016-05-08``. A claim a source does not state in public in its own voice says
who says so: ``believed, according to Some people in the industry``,
``reported, according to Barbara Kolsun in private``; an entity whose ties to
the one asked about all rest on such claims is marked ``only on others' word
or in private``.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Iterable
from typing import Any

import networkx as nx

from ..model.claims import Attribution
from ..model.dates import Certainty
from .asof import When
from .balance import Camps
from .claims import names_of
from .findings import Finding, Link, TimelineEntry, chain_certainty

__all__ = ["camps_text", "findings_text", "path_text", "stats_text", "timeline_text"]

ARROWS = {"out": "→", "in": "←", "both": "↔"}
WIDTH = 100


def _when(when: When) -> str:
    """A fact's dates as the sources give them, or why it is only possibly in effect on the day asked."""
    if when.certainty is Certainty.POSSIBLE:
        return f"possibly: {when.why}"
    return when.text()


def _day(as_of: dt.date | None, certain: bool = False, stated: bool = False) -> str:
    """``as of 2016-05-10`` or ``at any time``, and whether only the certain facts (or the stated ones) are kept."""
    day = "at any time" if as_of is None else f"as of {as_of.isoformat()}"
    return day + (", certain only" if certain else "") + (", stated only" if stated else "")


ONLY_ATTRIBUTED = "only on others' word or in private"
"""The mark of an entity, or a tie, that rests only on claims a source attributes to someone or made in private."""


def _who(G: nx.MultiDiGraph, a: Attribution) -> str:
    """`` · believed, according to Some people in the industry`` ("" in a source's own public voice)."""
    text = a.describe(names_of(G, a))
    return f" · {text}" if text else ""


def _possibly(findings: list[Finding]) -> str:
    n = sum(1 for f in findings if f.certainty is Certainty.POSSIBLE)
    return f" ({n} only possibly in effect)" if n else ""


def _quotes(evidence: Iterable[dict[str, str]], indent: str) -> list[str]:
    lines = []
    for e in evidence:
        text = f"“{e['quote']}” [{e['source']}]"
        lines += textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent + " ")
    return lines


def _finding_lines(G: nx.MultiDiGraph, f: Finding, indent: str = "  ") -> list[str]:
    via = f" (via {f.via_name})" if f.via_name and not f.type.startswith("shared:") else ""
    if f.type.startswith("shared:"):  # "Gucci also withdrew in protest of Alibaba Group"
        lines = [f"{indent}{ARROWS[f.direction]} {f.other_name} {f.label} · {_when(f.when)}"]
    else:
        who = _who(G, f.chain[0].attribution) if len(f.chain) == 1 else ""
        lines = [f"{indent}{ARROWS[f.direction]} {f.label} {f.other_name}{via} · {_when(f.when)}{who}"]
    if len(f.chain) > 1:
        for link in f.chain:
            lines.append(f"{indent}    because {_link_sentence(G, link)}")
    lines += _quotes(f.evidence, indent + "    ")
    return lines


def _link_sentence(G: nx.MultiDiGraph, link: Link) -> str:
    sentence = f"{G.nodes[link.source]['name']} {link.label} {G.nodes[link.target]['name']}"
    if link.via:
        sentence += f" (via {G.nodes[link.via]['name']})"
    sentence += f", {_when(link.when)}" if link.when.dated or link.when.why else ""
    return sentence + _who(G, link.attribution)


def findings_text(G: nx.MultiDiGraph, title: str, findings: list[Finding]) -> str:
    """Findings grouped by the other entity."""
    others: dict[str, list[Finding]] = {}
    for f in findings:
        others.setdefault(f.other, []).append(f)
    n = len(others)
    facts = f"{len(findings)} fact{'s' if len(findings) != 1 else ''}"
    lines = [f"{title}: {n} entit{'y' if n == 1 else 'ies'}, {facts}{_possibly(findings)}"]
    hearsay = sum(1 for group in others.values() if all(f.attributed for f in group))
    if hearsay:
        lines[0] += f"; {hearsay} of the entities {ONLY_ATTRIBUTED}"
    for other, group in others.items():
        mark = f" · {ONLY_ATTRIBUTED}" if all(f.attributed for f in group) else ""
        lines += ["", f"{group[0].other_name} ({other}){mark}"]
        for f in group:
            lines += _finding_lines(G, f)
    if not findings:
        lines.append("  (none)")
    return "\n".join(lines)


def path_text(
    G: nx.MultiDiGraph,
    a: str,
    b: str,
    chains: list[list[list[Finding]]],
    as_of: dt.date | None = None,
    certain: bool = False,
    stated: bool = False,
) -> str:
    """The chains, each with its steps; a chain only possibly in effect on the day asked says so."""
    name_a, name_b = G.nodes[a]["name"], G.nodes[b]["name"]
    if not chains:
        return f"No chain of facts links {name_a} ({a}) and {name_b} ({b}), {_day(as_of, certain, stated)}."
    hops = len(chains[0])
    lines = [
        f"{len(chains)} shortest chain{'s' if len(chains) != 1 else ''} of {hops} step{'s' if hops != 1 else ''} "
        f"from {name_a} ({a}) to {name_b} ({b}), {_day(as_of, certain, stated)}"
    ]
    for i, chain in enumerate(chains, 1):
        route = [name_a] + [step[0].other_name for step in chain]
        weakest = chain_certainty(chain)
        mark = " · possibly (a step is only possibly in effect)" if weakest is Certainty.POSSIBLE else ""
        lines += ["", f"Chain {i}: " + " — ".join(route) + mark]
        for step in chain:
            lines.append(f"  {step[0].entity_name} → {step[0].other_name}:")
            for f in step:
                lines += _finding_lines(G, f, indent="    ")
    return "\n".join(lines)


def timeline_text(entries: list[TimelineEntry], undated: int, name: str | None = None) -> str:
    """The moments in order, each with the days it may be; ``↕`` marks one not ordered against the one above."""
    title = f"Timeline of {name}" if name else "Timeline"
    lines = [f"{title}: {len(entries)} dated moment{'s' if len(entries) != 1 else ''}"]
    if any(e.order == "unknown" for e in entries):
        lines.append("(↕: may have come before the moment above: their dates overlap and no source orders them)")
    width = max((len(str(e.span)) for e in entries), default=4)
    for e in entries:
        mark = "↕ " if e.order == "unknown" else "  "
        planned = " (planned as of its source)" if e.planned else ""
        lines.append(f"{str(e.span).ljust(width)} {mark}{e.what}{planned}")
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
    """Each part's camps, its contested ties and the ties only possibly in effect on the day asked."""
    lines = [f"Camps {_day(result.as_of, result.certain, result.stated)}", ""]
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
                lines.append(f"    {f.entity_name} {f.label} {f.other_name} · {_when(f.when)}{_who(G, f.attribution)}")
                lines += _quotes(f.evidence[:1], "        ")
            if len(part.frustrated) > LIST_MAX:
                lines.append(f"    and {len(part.frustrated) - LIST_MAX} more (--json lists all)")
        if part.possible:
            n = len(part.possible)
            lines.append(f"  Only possibly in effect ({n} of {part.ties} ties; --certain leaves them out):")
            for f in part.possible[:LIST_MAX]:
                lines.append(f"    {f.entity_name} {f.label} {f.other_name} · {_when(f.when)}")
            if n > LIST_MAX:
                lines.append(f"    and {n - LIST_MAX} more (--json lists all)")
        lines += _attributed_lines(G, part.attributed, part.ties)
        lines.append("")
    if result.unaligned:
        names = some([G.nodes[n]["name"] for n in result.unaligned])
        lines += textwrap.wrap(f"In no camp (no signed tie): {names}", WIDTH, subsequent_indent="  ")
    return "\n".join(lines).rstrip()


def _attributed_lines(G: nx.MultiDiGraph, ties: tuple[Finding, ...], total: int) -> list[str]:
    """The ties resting only on others' word or on private claims, each with who says so."""
    if not ties:
        return []
    hint = "; --stated leaves them out" if not any(f.attribution.own_voice for f in ties) else ""
    lines = [f"  Resting {ONLY_ATTRIBUTED} ({len(ties)} of {total} ties{hint}):"]
    for f in ties[:LIST_MAX]:
        lines.append(f"    {f.entity_name} {f.label} {f.other_name}{_who(G, f.attribution)}")
    if len(ties) > LIST_MAX:
        lines.append(f"    and {len(ties) - LIST_MAX} more (--json lists all)")
    return lines


def _sources(sources: dict[str, dict[str, Any]], limit: int = 10) -> list[str]:
    """One line a source (the first ``limit``), under the heading ``sources``."""
    items = [f"{k} ({v['published'] or 'undated'}): {v['title']}" for k, v in sources.items()]
    if len(items) > limit:
        items = [*items[:limit], f"and {len(items) - limit} more (--json lists all)"]
    return [("sources         " if i == 0 else " " * 16) + item for i, item in enumerate(items or [""])]


def stats_text(s: dict[str, Any]) -> str:
    known = s.get("known_until")
    lines = [
        f"entities        {s['entities']}",
        f"facts           {s['facts']}",
        "by type         " + ", ".join(f"{k} {v}" for k, v in s["nodes_by_type"].items()),
        "edges           " + ", ".join(f"{k} {v}" for k, v in s["edges_by_kind"].items()),
        "by stance       " + ", ".join(f"{k} {v}" for k, v in s["edges_by_stance"].items()),
        "by relation     " + ", ".join(f"{k} {v}" for k, v in s["edges_by_type"].items()),
        f"evidence        {s['evidence_quotes']} quotes",
        *_sources(s["sources"]),
        "date range      " + (" to ".join(s["date_range"]) if s["date_range"] else "no dates"),
        "known until     "
        + (
            f"{known} (the last day any source may have been published)"
            if known
            else "unknown (a source is undated)"
            if s["sources"]
            else "no sources"
        ),
        f"undated facts   {s['undated_facts']}",
    ]
    return "\n".join(textwrap.fill(line, WIDTH, subsequent_indent=" " * 16) for line in lines)
