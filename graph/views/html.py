"""The interactive HTML network: one self-contained page that works offline.

The page is rendered through the project's own template
(``templates/graph.html.j2``), which inlines vis-network's script and
stylesheet from the pyvis package. pyvis's stock template is not used: it
loads Bootstrap from a CDN in every mode and switches tooltips to
``innerHTML`` when a title contains ``href``.

What the page offers: a legend from the schema that doubles as filters (entity
types, relation types, stances), search by name or alias, focus on a node's
neighbourhood (1 or 2 hops; the rest fades), an evidence panel (facts, dates,
verbatim quotes and their sources), an as-of date control that applies the
same rule as the command line's ``--as-of`` (see :mod:`.pagetime`), and a layout
that settles, then freezes.

Everything the page knows of the model comes from the schema: the entity
types (label, colour, shape), the relation types and stances (label, order,
line style; a sentence's colour is its stance's, darkened), the fields an item
shows and their labels (in the schema's order), and the role edges' style
(``role_style``). A schema copy with a field, a type or a relation of its own
shows them with nothing changed here.

The data reaches the page compact (see :func:`_network`): what items of a type
share comes once from the schema's tables, every quote is written once, and
vis-network gets only what it draws (styles through its groups and defaults).
Filters hide items (one batched update of the items that change) and focus
fades the rest by drawing over it, so that neither rebuilds 18,000 items.

Every string from the data reaches the page as JSON inside a
``<script type="application/json">`` element (``<``, ``>`` and ``&``
escaped) or through the template's autoescaping; the page's script writes
them with ``textContent`` only, and tooltips are plain strings, which
vis-network shows as text. A Content-Security-Policy forbids every request.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import math
import random
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx

from ..model.records import Dataset, Evidence
from ..schema import Schema
from .limits import MAX_NODES
from .pageclaims import Claims, secondhand_label
from .pagetime import date_texts, page_time, published, slider_days, sources_end

__all__ = ["script_json", "to_html", "to_pyvis"]

_TEMPLATES = Path(__file__).with_name("templates")
_SCRIPTS = Path(__file__).with_name("js")
SCRIPT_MODULES = (
    "core",
    "time",
    "state",
    "camps",
    "network",
    "labels",
    "panel",
    "tables",
    "timeline",
    "export",
    "controls",
)
"""The page's script, one module per concern (``js/NAME.js``), inlined in this order into one function scope."""
LAYOUT_THRESHOLD = 300
"""Above this many nodes the page gets a precomputed layout and no physics."""
_VIS_VERSION = "vis-9.1.2"
_LABEL_MAX = 40


def _vis_assets() -> tuple[str, str]:
    # found, not imported: importing pyvis imports IPython, a third of a second
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - pyvis is a dependency
        raise ImportError("the HTML output needs pyvis: pip install pyvis")
    lib = Path(next(iter(spec.submodule_search_locations))) / "templates" / "lib" / _VIS_VERSION
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    # inlined as they are: they must not be able to close their own element
    if "</script" in js.lower() or "</style" in css.lower():  # pragma: no cover
        raise RuntimeError(f"{lib}: vis-network assets contain a closing tag; cannot inline them")
    return js, css


def _app_script() -> str:
    """The page's own script: its modules, in order, each headed by its name."""
    parts = []
    for name in SCRIPT_MODULES:
        text = (_SCRIPTS / f"{name}.js").read_text(encoding="utf-8")
        if "</script" in text.lower():  # pragma: no cover - a module of ours, checked by the tests too
            raise RuntimeError(f"{name}.js contains a closing script tag; cannot inline it")
        parts.append(f"// ---- {name}.js\n{text}")
    return "\n".join(parts)


def script_json(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element.

    >>> script_json({"q": "</script><b>"})
    '{"q": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def _heading(label: str) -> str:
    """A schema label as the page heads a row with it.

    >>> _heading("amount claimed")
    'Amount claimed'
    """
    return label[:1].upper() + label[1:]


class _Fields:
    """The rows of an item's fields: the schema's fields for its kind of record, in the schema's order."""

    def __init__(self, schema: Schema) -> None:
        self.labels: dict[str, list[tuple[str, str]]] = {}
        for f in schema.fields.values():
            for kind in f.on:
                self.labels.setdefault(kind, []).append((f.id, _heading(f.label)))

    def __call__(self, data: dict[str, Any], kind: str) -> list[list[str]]:
        return [[label, str(data[key])] for key, label in self.labels.get(kind, ()) if data.get(key) not in (None, "")]


def _name(G: nx.MultiDiGraph, node: str) -> str:
    """A node's name, also for nodes left out of a drawn part (see :func:`select`)."""
    if node in G:
        return str(G.nodes[node]["name"])
    return str(G.graph.get("all_names", {}).get(node, node))


def _label(name: str) -> str:
    return name if len(name) <= _LABEL_MAX else name[: _LABEL_MAX - 1].rstrip() + "…"


class _Quotes:
    """Every quote once: items refer to their evidence by index into one table of rows.

    A row is ``[source, quote]``, and with an anchor ``start, end`` (code
    points in the source's text) and the sentence around it in three: before
    the quote, the source's own text of it, after (see :mod:`.pageclaims`).
    """

    def __init__(self, claims: Claims) -> None:
        self.claims = claims
        self.index: dict[tuple[Any, ...], int] = {}
        self.rows: list[list[Any]] = []

    def __call__(self, evidence: list[dict[str, str]], record: Any = None) -> list[int]:
        found: tuple[Evidence, ...] = getattr(record, "evidence", ())
        if len(found) != len(evidence) or any(
            (e.source, e.quote) != (d["source"], d["quote"]) for e, d in zip(found, evidence, strict=True)
        ):
            found = tuple(Evidence(d["source"], d["quote"]) for d in evidence)
        out = []
        for e in found:
            key = (e.source, e.quote, e.anchor.start if e.anchor else None)
            if key not in self.index:
                self.index[key] = len(self.rows)
                self.rows.append(self.claims.anchored(e))
            out.append(self.index[key])
        return out

    def table(self) -> list[list[Any]]:
        return self.rows


def _info(item: dict[str, Any], dates: dict[str, str], fields: list[list[str]], evidence: list[int]) -> None:
    """What the evidence panel and the tooltip show, only what there is."""
    for key, value in (("dates", dates), ("fields", fields), ("evidence", evidence)):
        if value:
            item[key] = value


def _network(
    G: nx.MultiDiGraph, schema: Schema, claims: Claims
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[list[Any]]]:
    """The page's nodes and edges, compact, and the table of quotes they refer to.

    An item carries what is its own: its style, type label, stance, direction
    and sentence come from the schema's tables in the page (``types``,
    ``relations``); empty fields are left out; a role edge has no dates, time
    or evidence of its own (the page reads its fact's, the node it comes from);
    a quote quoted by a fact and by the edges derived from it is written once;
    a fact's or an edge's attribution is there when it is not the source's own
    public statement (``said``, ``secondhand``: see :mod:`.pageclaims`).
    """
    positions = layout(G) if G.number_of_nodes() > LAYOUT_THRESHOLD else {}
    quotes = _Quotes(claims)
    field_rows = _Fields(schema)
    nodes: list[dict[str, Any]] = []
    for n, d in G.nodes(data=True):
        t = schema.entity_types[d["type"]]
        item: dict[str, Any] = {"id": n, "name": d["name"], "type": d["type"]}
        label = _label(d["name"])
        if label != d["name"]:
            item["label"] = label
        if n in positions:
            item["x"], item["y"] = positions[n]
        time = page_time(d)
        if time is not None:
            item["time"] = time
        if d.get("aliases"):
            item["aliases"] = list(d["aliases"])
        fields = field_rows(d, d["kind"])
        for role_id, members in (d.get("roles") or {}).items():
            role = t.roles[role_id].label if role_id in t.roles else role_id
            fields.append([role, ", ".join(_name(G, m) for m in members)])
        record = claims.record_of(d, n)
        item.update(claims.said(claims.attribution(d, record)))
        _info(item, date_texts(d), fields, quotes(d.get("evidence", []), record))
        nodes.append(item)
    edges: list[dict[str, Any]] = []
    parallel: Counter[tuple[str, str]] = Counter()
    for u, v, k, d in G.edges(keys=True, data=True):
        pair = (min(u, v), max(u, v))
        curve = parallel[pair]
        parallel[pair] += 1
        item = {"id": k, "from": u, "to": v, "type": d["type"]}
        if d["kind"] != "relation":
            item["kind"] = d["kind"]
        if curve:
            item["curve"] = curve
        if d["kind"] != "role":  # a role has its fact's dates, time and evidence (the page reads them there)
            time = page_time(d)
            if time is not None:
                item["time"] = time
            if d.get("fact"):
                item["via"] = _name(G, d["fact"])
            record = claims.record_of(d)
            item.update(claims.said(claims.attribution(d, record)))
            _info(item, date_texts(d), field_rows(d, "relation"), quotes(d.get("evidence", []), record))
        edges.append(item)
    return nodes, edges, quotes.table()


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
    (['alibaba', 'longchamp'], 'Showing 2 of 70 nodes: those within 1 hop of Longchamp.')
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
    # built in G's order (a subgraph view iterates a small part in the order of a set, which varies
    # between runs) and directly: copying a subgraph view takes a third of a second at 5,000 nodes
    keep = set(kept)
    H = G.__class__()
    H.graph.update(G.graph)
    H.add_nodes_from((n, d) for n, d in G.nodes(data=True) if n in keep)
    H.add_edges_from((u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True) if u in keep and v in keep)
    H.graph["all_names"] = {n: d["name"] for n, d in G.nodes(data=True)}
    return H, f"Showing {H.number_of_nodes()} of {total} nodes: {why}."


def _options(n_nodes: int, schema: Schema) -> dict[str, Any]:
    # Styles are shared through vis-network's groups (one per entity type) and edge defaults rather
    # than set on every item: vis merges an item's own options into a copy of the defaults, and
    # 18,000 items with few options of their own take about half the time to create.
    groups = {
        t.id: {"color": t.color, "shape": t.shape, "font": {"size": 11 if t.is_fact else 14}}
        for t in schema.entity_types.values()
    }
    nodes = {"borderWidth": 1, "font": {"face": "system-ui, sans-serif"}}
    edges = {"selectionWidth": 2, "smooth": False, "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}}}
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
            "groups": groups,
            "nodes": nodes,
            "edges": edges,
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
        "groups": groups,
        "nodes": nodes,
        "edges": edges,
    }


def to_pyvis(
    G: nx.MultiDiGraph,
    schema: Schema,
    focus: str | None = None,
    hops: int = 2,
    max_nodes: int | None = MAX_NODES,
) -> Any:
    """The same drawn part of the graph as a :class:`pyvis.network.Network`, for notebooks.

    Built directly, item by item, not through pyvis's ``from_nx`` (which is
    slow on large graphs, changes the networkx graph and drops edge keys):
    ``G`` is left as it was, every edge keeps its key as its id, and nodes
    carry their type's colour and shape, the same labels, and above
    :data:`LAYOUT_THRESHOLD` nodes the same precomputed positions with physics
    off. Tooltips are plain text. The build's page (:func:`to_html`) does not
    need it: it writes the same items through its own template, with the
    explorer's controls, and without importing pyvis (which imports IPython).

    >>> from graph import load, to_networkx
    >>> ds = load("data")
    >>> net = to_pyvis(to_networkx(ds), ds.schema)
    >>> len(net.get_nodes()), len(net.get_edges()) == to_networkx(ds).number_of_edges()
    (70, True)
    """
    from pyvis.network import Network

    H, _ = select(G, focus, hops, max_nodes)
    positions = layout(H) if H.number_of_nodes() > LAYOUT_THRESHOLD else {}
    net = Network(height="750px", width="100%", directed=True, cdn_resources="in_line")
    for n, d in H.nodes(data=True):
        t = schema.entity_types[d["type"]]
        node: dict[str, Any] = {
            "id": n,
            "label": _label(d["name"]),
            "title": f"{d['name']} ({t.label})",
            "color": t.color,
            "shape": t.shape,
        }
        if n in positions:
            node["x"], node["y"] = positions[n]
            node["physics"] = False
        net.nodes.append(node)  # Network.add_node checks membership in a list: quadratic on large graphs
        net.node_ids.append(n)
        net.node_map[n] = node
    for u, v, k, d in H.edges(keys=True, data=True):
        if d["kind"] == "role":
            style, directed = schema.role_style, True
            title = f"{_name(H, u)}: {d['label']} {_name(H, v)}"
        else:
            r = schema.relation_types[d["type"]]
            style, directed = r.style, r.directed
            title = f"{_name(H, u)} {r.label} {_name(H, v)}"
        edge = {"id": k, "from": u, "to": v, "title": title, "color": style["color"], "width": style["width"]}
        if style["dashes"]:
            edge["dashes"] = style["dashes"]
        if directed:
            edge["arrows"] = "to"
        net.edges.append(edge)
    net.options = _options(H.number_of_nodes(), schema)
    return net


def _line(style: dict[str, Any]) -> dict[str, Any]:
    """How the legend draws a style's line: its colour, width, and CSS border style."""
    return {"color": style["color"], "width": style["width"], "line": "dashed" if style["dashes"] else "solid"}


def _legend(G: nx.MultiDiGraph, schema: Schema) -> dict[str, Any]:
    """The legend's entries, from the schema, with what the drawn graph has of each.

    Every stance is listed; entity and relation types only where the graph has
    some. ``role`` is the line of a role edge.
    """
    type_counts = Counter(d["type"] for _, d in G.nodes(data=True))
    stance_counts: Counter[str] = Counter()
    relation_counts: Counter[str] = Counter()
    n_role = 0
    for *_, d in G.edges(data=True):
        if d["kind"] == "role":
            n_role += 1
        else:
            stance_counts[d["stance"]] += 1
            relation_counts[d["type"]] += 1
    return {
        "legend_types": [
            {"id": t.id, "label": t.label, "color": t.color, "shape": t.shape, "count": type_counts[t.id]}
            for t in schema.entity_types.values()
            if type_counts[t.id]
        ],
        "legend_stances": [
            {"id": sid, "label": s["label"], **_line(s["style"]), "count": stance_counts[sid]}
            for sid, s in schema.stances.items()
        ],
        "legend_relations": [
            {"id": r.id, "label": r.label, "stance": r.stance, **_line(r.style), "count": relation_counts[r.id]}
            for r in schema.relation_types.values()
            if relation_counts[r.id]
        ],
        "role": {**_line(schema.role_style), "count": n_role},
    }


def _page_data(
    G: nx.MultiDiGraph,
    schema: Schema,
    sources: dict[str, dict[str, str]],
    claims: Claims,
    answers: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """What the page's script reads: the items, the quotes, the schema's tables, and the analysis' answers.

    The tables hold what every item of a type or a relation shares (labels,
    roles, direction, style); ``stances`` is their order (the evidence panel
    lists a node's facts in it, role edges last). ``answers`` (``camps`` and
    ``timeline``, see :func:`to_html`) come as given; without them the page
    has no camp colours and no timeline.
    """
    nodes, edges, quotes = _network(G, schema, claims)
    keys = {e["id"] for e in edges}
    first, last = slider_days(G)
    known = sources_end(G)
    types = {
        t.id: {
            "label": t.label,
            "color": t.color,
            "fact": t.is_fact,
            "roles": {rid: role.label for rid, role in t.roles.items()},
        }
        for t in schema.entity_types.values()
    }
    relations = {
        r.id: {
            "label": r.label,
            "stance": r.stance,
            "directed": r.directed,
            "style": dict(r.style),
            "temporal": r.temporal,
        }
        for r in schema.relation_types.values()
    }
    return {
        "nodes": nodes,
        "edges": edges,
        "quotes": quotes,
        "types": types,
        "relations": relations,
        "stances": list(schema.stances),
        "role": dict(schema.role_style),
        "sources": sources,
        "range": [first.isoformat(), last.isoformat()],
        "known": known.isoformat() if known else None,
        "secondhand": secondhand_label(schema),
        "options": _options(len(nodes), schema),
        "camps": (answers or {}).get("camps"),
        # only the moments of what is drawn
        "timeline": [r for r in (answers or {}).get("timeline", []) if r[0] in G or r[0] in keys],
    }


def _render(context: dict[str, Any]) -> str:
    """The page: the project's template, autoescaped, with vis-network inlined."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    from .. import __version__

    vis_js, vis_css = _vis_assets()
    env = Environment(
        loader=FileSystemLoader(str(_TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        keep_trailing_newline=True,
    )
    return env.get_template("graph.html.j2").render(
        version=__version__, vis_js=vis_js, vis_css=vis_css, app_js=_app_script(), **context
    )


def to_html(
    G: nx.MultiDiGraph,
    schema: Schema,
    title: str = "Counterfeit-dispute knowledge graph",
    focus: str | None = None,
    hops: int = 2,
    max_nodes: int | None = MAX_NODES,
    dataset: Dataset | None = None,
    answers: dict[str, Any] | None = None,
) -> str:
    """Render the graph as a self-contained HTML page (a string).

    ``focus``/``hops``/``max_nodes`` draw a part of a large graph (see
    :func:`select`); the page says which part. Types, stances, fields, their
    labels and every style come from ``schema``. ``dataset``, the one ``G``
    was built from, gives each quote its anchor and its sentence, and each
    claim its attribution where ``G`` does not carry it (:mod:`.pageclaims`).
    ``answers`` are the analysis' answers the explorer shows, computed on the
    whole graph by the build (:func:`graph.analysis.explorer.explorer_answers`:
    the views never compute them): ``camps`` (colour by camp) and ``timeline``.
    """
    full = G.number_of_nodes()
    G, subset = select(G, focus, hops, max_nodes)
    sources = {sid: {"title": s["title"], "published": published(s)} for sid, s in G.graph.get("sources", {}).items()}
    data = _page_data(G, schema, sources, Claims(G, schema, dataset), answers)
    secondhand_facts = {n["id"] for n in data["nodes"] if n.get("secondhand")}
    n_secondhand = sum(
        1 for e in data["edges"] if e.get("secondhand") or (e.get("kind") == "role" and e["from"] in secondhand_facts)
    )
    first, last = (dt.date.fromisoformat(d) for d in data["range"])
    known = data["known"]
    days = (last - first).days
    return _render(
        {
            "title": title,
            "data_json": script_json(data),
            "n_nodes": len(data["nodes"]),
            "n_edges": len(data["edges"]),
            **_legend(G, schema),
            "sources": [{"id": sid, **s} for sid, s in sources.items()],
            "date_min": first.isoformat(),
            "date_max": last.isoformat(),
            "date_days": days,
            "date_known": known or "",
            # where the slider's track turns unknown, in per cent of its length
            "known_at": round(100 * (dt.date.fromisoformat(known) - first).days / days, 2) if known and days else 100,
            "secondhand": {"label": secondhand_label(schema), "count": n_secondhand},
            "subset": subset,
            "camps": bool(data["camps"]),
            "camp_limit": (answers or {}).get("camp_limit"),
            "n_total": full,
        }
    )
