"""The interactive HTML network: one self-contained file that works offline.

The page is built with pyvis's network model (nodes, edges, options) and
rendered through the project's own template (``templates/graph.html.j2``),
which inlines vis-network's script and stylesheet from the pyvis package, so
the page makes no network request. pyvis's stock template is not used: it
loads Bootstrap from a CDN in every mode and switches tooltips to
``innerHTML`` when a title contains ``href``.

Every string from the data reaches the page as JSON inside a
``<script type="application/json">`` element (with ``<``, ``>`` and ``&``
escaped) or through the template's autoescaping; tooltips are plain strings,
which vis-network shows as text.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx

from .dates import PartialDate
from .schema import Schema

__all__ = ["to_html"]

_TEMPLATES = Path(__file__).with_name("templates")
_VIS_VERSION = "vis-9.1.2"


def _vis_assets() -> tuple[str, str]:
    try:
        import pyvis
    except ImportError as exc:  # pragma: no cover - pyvis is a dependency
        raise ImportError("the HTML output needs pyvis: pip install pyvis") from exc
    lib = Path(pyvis.__file__).parent / "templates" / "lib" / _VIS_VERSION
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    # inlined as they are: they must not be able to close their own element
    if "</script" in js.lower() or "</style" in css.lower():  # pragma: no cover
        raise RuntimeError(f"{lib}: vis-network assets contain a closing tag; cannot inline them")
    return js, css


def script_json(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element.

    >>> script_json({"q": "</script><b>"})
    '{"q": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def _dates_text(data: dict[str, Any]) -> str:
    parts = []
    if isinstance(data.get("date"), PartialDate):
        parts.append(str(data["date"]))
    if isinstance(data.get("start"), PartialDate) or isinstance(data.get("end"), PartialDate):
        start = data.get("start") or "?"
        end = data.get("end") or "…"
        parts.append(f"{start} – {end}")
    return ", ".join(parts)


def _evidence_text(evidence: list[dict[str, str]]) -> str:
    return "\n".join(f"“{e['quote']}”\n  — {e['source']}" for e in evidence)


def _node_title(G: nx.MultiDiGraph, n: str) -> str:
    d = G.nodes[n]
    lines = [d["name"], d["type_label"]]
    if d.get("aliases"):
        lines.append("Also: " + ", ".join(d["aliases"]))
    when = _dates_text(d)
    if when:
        lines.append("Date: " + when)
    for key in ("description", "claim", "amount", "currency", "status", "date_note"):
        if d.get(key) is not None:
            lines.append(f"{key.replace('_', ' ').capitalize()}: {d[key]}")
    if d.get("evidence"):
        lines += ["", _evidence_text(d["evidence"])]
    return "\n".join(lines)


def _edge_title(G: nx.MultiDiGraph, u: str, v: str, d: dict[str, Any]) -> str:
    arrow = "→" if d.get("directed", True) else "—"
    lines = [f"{G.nodes[u]['name']} {arrow} {d['label']} {arrow} {G.nodes[v]['name']}"]
    if d["kind"] == "role":
        lines[0] = f"{G.nodes[u]['name']}: {d['label']} {G.nodes[v]['name']}"
    if d.get("fact"):
        lines.append(f"From: {G.nodes[d['fact']]['name']}")
    when = _dates_text(d)
    if when:
        lines.append("Date: " + when)
    for key in ("role", "description", "status", "date_note"):
        if d.get(key):
            lines.append(f"{key.replace('_', ' ').capitalize()}: {d[key]}")
    if d.get("evidence"):
        lines += ["", _evidence_text(d["evidence"])]
    return "\n".join(lines)


def _network(G: nx.MultiDiGraph, schema: Schema) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Nodes and edges as pyvis builds them, without ``from_nx`` (it mutates G)."""
    from pyvis.network import Network

    net = Network(directed=True)
    for n, d in G.nodes(data=True):
        t = schema.entity_types[d["type"]]
        net.add_node(
            n,
            label=d["name"],
            title=_node_title(G, n),
            shape=t.shape,
            color=t.color,
            type=d["type"],
            kind=d["kind"],
            font={"size": 14 if d["kind"] == "entity" else 11},
        )
    parallel: Counter[tuple[str, str]] = Counter()
    for u, v, k, d in G.edges(keys=True, data=True):
        pair = (min(u, v), max(u, v))
        index = parallel[pair]
        parallel[pair] += 1
        if d["kind"] == "role":
            style = {"color": "#b0b0b0", "width": 1, "dashes": [2, 3]}
        else:
            style = dict(schema.relation_types[d["type"]].style)
        net.add_edge(
            u,
            v,
            id=k,
            title=_edge_title(G, u, v, d),
            color={"color": style["color"], "highlight": style["color"], "hover": style["color"]},
            width=style["width"],
            dashes=style["dashes"],
            arrows={"to": {"enabled": bool(d.get("directed", True)), "scaleFactor": 0.6}},
            smooth={"enabled": True, "type": "curvedCW", "roundness": 0.12 + 0.18 * index}
            if index
            else {"enabled": False},
            stance=d["stance"] if d["kind"] != "role" else "role",
            relation=d["type"],
            kind=d["kind"],
        )
    return net.nodes, net.edges


def _options(n_nodes: int) -> dict[str, Any]:
    return {
        "layout": {"randomSeed": 7, "improvedLayout": n_nodes <= 150},
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120, "avoidOverlap": 0.4},
            "stabilization": {"enabled": True, "iterations": 400, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False, "multiselect": False},
        "nodes": {"borderWidth": 1, "font": {"face": "system-ui, sans-serif"}},
        "edges": {"selectionWidth": 2},
    }


def to_html(G: nx.MultiDiGraph, schema: Schema, title: str = "Counterfeit-dispute knowledge graph") -> str:
    """Render the graph as a self-contained HTML page (a string)."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    nodes, edges = _network(G, schema)
    vis_js, vis_css = _vis_assets()
    type_counts = Counter(d["type"] for _, d in G.nodes(data=True))
    stance_counts = Counter(d["stance"] for *_, d in G.edges(data=True) if d["kind"] != "role")
    legend_types = [
        {"id": t.id, "label": t.label, "color": t.color, "shape": t.shape, "count": type_counts[t.id]}
        for t in schema.entity_types.values()
        if type_counts[t.id]
    ]
    legend_stances = [
        {
            "id": sid,
            "label": s["label"],
            "color": s["style"]["color"],
            "width": s["style"]["width"],
            "dashed": bool(s["style"]["dashes"]),
            "count": stance_counts[sid],
        }
        for sid, s in schema.stances.items()
    ]
    relation_counts = Counter(d["type"] for *_, d in G.edges(data=True) if d["kind"] != "role")
    legend_relations = [
        {
            "id": r.id,
            "label": r.label,
            "stance": r.stance,
            "color": r.style["color"],
            "width": r.style["width"],
            "dashed": bool(r.style["dashes"]),
            "count": relation_counts[r.id],
        }
        for r in schema.relation_types.values()
        if relation_counts[r.id]
    ]
    sources = [
        {"id": sid, "title": s["title"], "published": str(s["published"]) if s.get("published") else ""}
        for sid, s in G.graph.get("sources", {}).items()
    ]
    env = Environment(
        loader=FileSystemLoader(str(_TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        keep_trailing_newline=True,
    )
    page = env.get_template("graph.html.j2").render(
        title=title,
        vis_js=vis_js,
        vis_css=vis_css,
        data_json=script_json({"nodes": nodes, "edges": edges, "options": _options(len(nodes))}),
        n_nodes=len(nodes),
        n_edges=len(edges),
        n_role_edges=sum(1 for *_, d in G.edges(data=True) if d["kind"] == "role"),
        legend_types=legend_types,
        legend_stances=legend_stances,
        legend_relations=legend_relations,
        sources=sources,
    )
    return page
