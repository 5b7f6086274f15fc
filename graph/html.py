"""The interactive HTML network: one self-contained page that works offline.

The page is built with pyvis's network model (nodes, edges, options, added
directly: ``from_nx`` mutates the graph and drops edge keys) and rendered
through the project's own template (``templates/graph.html.j2``), which
inlines vis-network's script and stylesheet from the pyvis package. pyvis's
stock template is not used: it loads Bootstrap from a CDN in every mode and
switches tooltips to ``innerHTML`` when a title contains ``href``.

What the page offers: a legend from the schema that doubles as filters (entity
types, relation types, stances), search by name or alias, focus on a node's
neighbourhood (1 or 2 hops; the rest fades), an evidence panel (facts, dates,
verbatim quotes and their sources), an as-of date control that applies the
same rule as the command line's ``--as-of``, and a layout that settles, then
freezes.

Every string from the data reaches the page as JSON inside a
``<script type="application/json">`` element (``<``, ``>`` and ``&``
escaped) or through the template's autoescaping; the page's script writes
them with ``textContent`` only, and tooltips are plain strings, which
vis-network shows as text. A Content-Security-Policy forbids every request.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx

from .analysis import effect_window
from .dates import PartialDate
from .schema import Schema

__all__ = ["script_json", "to_html"]

_TEMPLATES = Path(__file__).with_name("templates")
ROLE_STYLE = {"color": "#b0b0b0", "width": 1, "dashes": [2, 3]}
LAYOUT_THRESHOLD = 300
"""Above this many nodes the page gets a precomputed layout and no physics."""
_VIS_VERSION = "vis-9.1.2"
_LABEL_MAX = 40
_FIELDS = (
    ("description", "Description"),
    ("claim", "Claim"),
    ("amount", "Amount"),
    ("currency", "Currency"),
    ("role", "Role"),
    ("country", "Country"),
    ("location", "Location"),
    ("count", "Number"),
    ("status", "Status"),
    ("date_note", "How dated"),
    ("note", "Note"),
)


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


def _dates(data: dict[str, Any]) -> dict[str, str]:
    return {k: str(data[k]) for k in ("date", "start", "end") if isinstance(data.get(k), PartialDate)}


def _fields(data: dict[str, Any]) -> list[list[str]]:
    return [[label, str(data[key])] for key, label in _FIELDS if data.get(key) not in (None, "")]


def _window(attrs: dict[str, Any]) -> list[str | None]:
    first, last = effect_window(attrs)
    return [first.isoformat() if first else None, last.isoformat() if last else None]


def _sentence(G: nx.MultiDiGraph, u: str, v: str, d: dict[str, Any]) -> str:
    if d["kind"] == "role":
        return f"{G.nodes[v]['name']}: {d['label']} in {G.nodes[u]['name']}"
    arrow = "—" if not d.get("directed", True) else ""
    verb = f"{arrow} {d['label']} {arrow}".strip() if arrow else d["label"]
    return f"{G.nodes[u]['name']} {verb} {G.nodes[v]['name']}"


def _name(G: nx.MultiDiGraph, node: str) -> str:
    """A node's name, also for nodes left out of a drawn part (see :func:`select`)."""
    if node in G:
        return str(G.nodes[node]["name"])
    return str(G.graph.get("all_names", {}).get(node, node))


def _edge_info(G: nx.MultiDiGraph, u: str, v: str, d: dict[str, Any]) -> dict[str, Any]:
    source = G.nodes[u] if d["kind"] == "role" else d
    return {
        "sentence": _sentence(G, u, v, d),
        "stance": d["stance"] if d["kind"] != "role" else "role",
        "via": _name(G, d["fact"]) if d.get("fact") and d["kind"] != "role" else None,
        "dates": _dates(source),
        "fields": _fields(d),
        "evidence": list(source.get("evidence", [])),
    }


def _label(name: str) -> str:
    return name if len(name) <= _LABEL_MAX else name[: _LABEL_MAX - 1].rstrip() + "…"


def _network(G: nx.MultiDiGraph, schema: Schema) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
    """Nodes, edges and their details, built with pyvis's model."""
    from pyvis.edge import Edge
    from pyvis.network import Network
    from pyvis.node import Node

    net = Network(directed=True)
    details: dict[str, dict[str, Any]] = {"nodes": {}, "edges": {}}
    positions = layout(G) if G.number_of_nodes() > LAYOUT_THRESHOLD else {}

    def add_node(n_id: str, label: str, shape: str, **options: Any) -> None:
        # Network.add_node checks membership in a list: quadratic on large graphs
        node = Node(n_id, shape, label=label, **options)
        net.nodes.append(node.options)
        net.node_ids.append(n_id)
        net.node_map[n_id] = node.options

    def add_edge(source: str, to: str, **options: Any) -> None:
        net.edges.append(Edge(source, to, directed=False, **options).options)

    # Items stay compact (styles and tooltips are expanded by the page from `styles` and
    # `details`): a 5,000-node page is a third of the size it would be otherwise.
    for n, d in G.nodes(data=True):
        t = schema.entity_types[d["type"]]
        fields = _fields(d)
        for role_id, members in (d.get("roles") or {}).items():
            label = t.roles[role_id].label if role_id in t.roles else role_id
            fields.append([label, ", ".join(_name(G, m) for m in members)])
        details["nodes"][n] = {
            "name": d["name"],
            "type_label": d["type_label"],
            "aliases": list(d.get("aliases", [])),
            "dates": _dates(d),
            "fields": fields,
            "evidence": list(d.get("evidence", [])),
        }
        extra: dict[str, Any] = {}
        if n in positions:
            extra = {"x": positions[n][0], "y": positions[n][1]}
        add_node(
            n,
            label=_label(d["name"]),
            shape=t.shape,
            type=d["type"],
            kind=d["kind"],
            when=_window(d),
            **extra,
        )
    parallel: Counter[tuple[str, str]] = Counter()
    for u, v, k, d in G.edges(keys=True, data=True):
        pair = (min(u, v), max(u, v))
        curve = parallel[pair]
        parallel[pair] += 1
        role = d["kind"] == "role"
        details["edges"][k] = _edge_info(G, u, v, d)
        add_edge(
            u,
            v,
            id=k,
            relation=d["type"],
            stance="role" if role else d["stance"],
            kind=d["kind"],
            dir=bool(d.get("directed", True)),
            curve=curve,
            when=_window(G.nodes[u] if role else d),
        )
    return net.nodes, net.edges, details


def layout(G: nx.MultiDiGraph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Positions for every node, computed in C (igraph's grid Fruchterman-Reingold).

    Used above :data:`LAYOUT_THRESHOLD` nodes, where letting the browser run
    physics would take minutes. Deterministic: the same graph gives the same
    positions (rounded to 0.1).
    """
    try:
        import igraph
    except ImportError as exc:  # pragma: no cover - igraph is a dependency
        raise ImportError("laying out a large graph needs igraph: pip install igraph") from exc
    nodes = sorted(G.nodes)
    if not nodes:
        return {}
    index = {n: i for i, n in enumerate(nodes)}
    pairs = sorted({(min(index[u], index[v]), max(index[u], index[v])) for u, v in G.edges() if u != v})
    g = igraph.Graph(n=len(nodes), edges=pairs)
    # igraph draws its random start from this generator: seeded, the layout is reproducible
    # (a start passed as `seed=` instead makes the grid variant about 50 times slower)
    igraph.set_random_number_generator(random.Random(seed))  # noqa: S311 - deterministic on purpose
    try:
        coords = g.layout_fruchterman_reingold(grid="grid" if len(nodes) > 1000 else "nogrid")
    finally:
        igraph.set_random_number_generator(random)
    xs = [c[0] for c in coords]
    ys = [c[1] for c in coords]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    side = 60.0 * math.sqrt(len(nodes))  # about one node per 60x60 pixels at scale 1
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {
        n: (round((x - cx) / span * side, 1), round((y - cy) / span * side, 1))
        for n, (x, y) in zip(nodes, coords, strict=True)
    }


MAX_NODES = 5000
"""The default cap on nodes in the page; larger graphs show their best-connected part."""


def select(
    G: nx.MultiDiGraph, focus: str | None = None, hops: int = 2, max_nodes: int | None = MAX_NODES
) -> tuple[nx.MultiDiGraph, str]:
    """The part of ``G`` to draw, and a sentence saying which part it is.

    With ``focus`` (a node id): the nodes within ``hops`` of it (edges read in
    either direction), nearest first. Without: the whole graph. Either way, at
    most ``max_nodes``: the nearest to the focus, or the best-connected, first.
    The sentence is empty when the whole graph is drawn.

    >>> from graph import load, to_networkx
    >>> H, note = select(to_networkx(load("data")), focus="longchamp", hops=1)
    >>> sorted(H.nodes), note
    (['alibaba', 'longchamp'], 'Showing 2 of 37 nodes: those within 1 hop of Longchamp.')
    """
    total = G.number_of_nodes()
    if focus is None and (max_nodes is None or total <= max_nodes):
        return G, ""
    degree = dict(G.degree())
    if focus is not None:
        distance = nx.single_source_shortest_path_length(G.to_undirected(as_view=True), focus, cutoff=hops)
        order = sorted(distance, key=lambda n: (distance[n], -degree[n], n))
        why = f"those within {hops} hop{'s' if hops != 1 else ''} of {G.nodes[focus]['name']}"
    else:
        order = sorted(G.nodes, key=lambda n: (-degree[n], n))
        why = "the best-connected"
    kept = order if max_nodes is None else order[:max_nodes]
    if focus is not None and max_nodes is not None and len(order) > max_nodes:
        why += f", the {max_nodes} nearest"
    H = G.subgraph(kept).copy()
    H.graph["all_names"] = {n: d["name"] for n, d in G.nodes(data=True)}
    return H, f"Showing {H.number_of_nodes()} of {total} nodes: {why}."


def _options(n_nodes: int) -> dict[str, Any]:
    if n_nodes > LAYOUT_THRESHOLD:
        return {
            "layout": {"improvedLayout": False},
            "physics": {"enabled": False},
            "interaction": {
                "hover": True,
                "tooltipDelay": 200,
                "hideEdgesOnDrag": True,
                "hideEdgesOnZoom": True,
                "multiselect": False,
            },
            "nodes": {"borderWidth": 1, "font": {"face": "system-ui, sans-serif"}},
            "edges": {"selectionWidth": 2, "smooth": False},
        }
    return {
        "layout": {"randomSeed": 7, "improvedLayout": n_nodes <= 150},
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -80, "springLength": 140, "avoidOverlap": 0.9},
            "stabilization": {"enabled": True, "iterations": 400, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False, "multiselect": False},
        "nodes": {"borderWidth": 1, "font": {"face": "system-ui, sans-serif"}},
        "edges": {"selectionWidth": 2},
    }


def _date_range(G: nx.MultiDiGraph) -> tuple[dt.date, dt.date]:
    dates = [x for _, d in G.nodes(data=True) for x in d.values() if isinstance(x, PartialDate)]
    dates += [x for *_, d in G.edges(data=True) for x in d.values() if isinstance(x, PartialDate)]
    if not dates:
        today = dt.date(2000, 1, 1)
        return today, today
    return min(x.first_day() for x in dates), max(x.last_day() for x in dates)


def to_html(
    G: nx.MultiDiGraph,
    schema: Schema,
    title: str = "Counterfeit-dispute knowledge graph",
    focus: str | None = None,
    hops: int = 2,
    max_nodes: int | None = MAX_NODES,
) -> str:
    """Render the graph as a self-contained HTML page (a string).

    ``focus``/``hops``/``max_nodes`` draw a part of a large graph (see
    :func:`select`); the page says which part.
    """
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    from . import __version__

    full = G.number_of_nodes()
    G, subset = select(G, focus, hops, max_nodes)
    nodes, edges, details = _network(G, schema)
    vis_js, vis_css = _vis_assets()
    type_counts = Counter(d["type"] for _, d in G.nodes(data=True))
    stance_counts = Counter(d["stance"] for *_, d in G.edges(data=True) if d["kind"] != "role")
    relation_counts = Counter(d["type"] for *_, d in G.edges(data=True) if d["kind"] != "role")
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
    legend_relations = [
        {
            "id": r.id,
            "label": r.label,
            "stance": r.stance,
            "color": r.style["color"],
            "width": r.style["width"],
            "line": "dashed" if r.style["dashes"] else "solid",
            "count": relation_counts[r.id],
        }
        for r in schema.relation_types.values()
        if relation_counts[r.id]
    ]
    sources = {
        sid: {"title": s["title"], "published": str(s["published"]) if s.get("published") else ""}
        for sid, s in G.graph.get("sources", {}).items()
    }
    first, last = _date_range(G)
    env = Environment(
        loader=FileSystemLoader(str(_TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        keep_trailing_newline=True,
    )
    styles = {
        "types": {t.id: {"color": t.color, "shape": t.shape} for t in schema.entity_types.values()},
        "relations": {r.id: dict(r.style) for r in schema.relation_types.values()},
        "role": ROLE_STYLE,
    }
    payload = {
        "nodes": nodes,
        "edges": edges,
        "styles": styles,
        "details": details,
        "sources": sources,
        "range": [first.isoformat(), last.isoformat()],
        "options": _options(len(nodes)),
    }
    return env.get_template("graph.html.j2").render(
        title=title,
        version=__version__,
        vis_js=vis_js,
        vis_css=vis_css,
        data_json=script_json(payload),
        n_nodes=len(nodes),
        n_edges=len(edges),
        n_role_edges=sum(1 for *_, d in G.edges(data=True) if d["kind"] == "role"),
        legend_types=legend_types,
        legend_stances=legend_stances,
        legend_relations=legend_relations,
        sources=[{"id": sid, **s} for sid, s in sources.items()],
        date_min=first.isoformat(),
        date_max=last.isoformat(),
        date_days=(last - first).days,
        subset=subset,
        n_total=full,
    )
