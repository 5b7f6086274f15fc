"""The HTML network, opened as a user opens it: Debian's chromium, headless, offline."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import yaml

from graph import Dataset, build, load, load_schema, opponents, to_networkx
from graph.analysis.findings import edge_in_effect, in_effect
from graph.cli import main
from graph.errors import SchemaError
from graph.schema.reader import DEFAULT_SCHEMA
from graph.views.html import LAYOUT_THRESHOLD, layout, to_html, to_pyvis

from .conftest import BASE, FIXTURES, ROOT

pytestmark = pytest.mark.browser


class Page:
    """A page with every request, console message, error and dialog recorded."""

    def __init__(self, browser: Any, path: Path, url: str | None = None) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.console: list[tuple[str, str]] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []

        def route(r: Any) -> None:
            if r.request.url.startswith("file://"):
                r.continue_()
            else:  # the network is blocked: anything else is a failure of the page
                self.blocked.append(r.request.url)
                r.abort()

        self.context.route("**/*", route)
        self.page = self.context.new_page()
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.console.append((m.type, m.text)))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

        def dialog(d: Any) -> None:
            self.dialogs.append(d.message)
            d.dismiss()

        self.page.on("dialog", dialog)
        self.page.goto(url or path.as_uri())
        self.page.wait_for_selector("body[data-stabilized=true]", state="attached", timeout=60_000)

    def drawn(self) -> tuple[int, int]:
        n, e = self.page.evaluate("[cdkg.network.body.nodeIndices.length, cdkg.network.body.edgeIndices.length]")
        return int(n), int(e)

    def position(self, node_id: str) -> tuple[float, float]:
        """Where a node is drawn, in page coordinates."""
        x, y = self.page.evaluate(
            """(id) => {
                const net = cdkg.network;
                const p = net.canvasToDOM(net.getPositions([id])[id]);
                const box = document.getElementById('network').getBoundingClientRect();
                return [box.left + p.x, box.top + p.y];
            }""",
            node_id,
        )
        return float(x), float(y)

    def hover_node(self, node_id: str) -> str:
        """Move the mouse onto a node; return the tooltip's text."""
        self.page.mouse.move(*self.position(node_id))
        tooltip = self.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=10_000)
        assert tooltip is not None
        return str(tooltip.inner_text())

    def click_node(self, node_id: str) -> None:
        self.page.mouse.click(*self.position(node_id))

    def click_edge_between(self, a: str, b: str) -> None:
        """Click the line from a to b where no node and no other edge is under the mouse."""
        (xa, ya), (xb, yb) = self.position(a), self.position(b)
        box = self.page.evaluate(
            "(() => { const r = document.getElementById('network').getBoundingClientRect(); "
            "return [r.left, r.top]; })()"
        )
        for t in [0.5, 0.4, 0.6, 0.3, 0.7, 0.35, 0.65, 0.25, 0.75, 0.45, 0.55]:
            x, y = xa + (xb - xa) * t, ya + (yb - ya) * t
            point = {"x": x - box[0], "y": y - box[1]}
            alone = self.page.evaluate(
                """([p, a, b]) => {
                    const net = cdkg.network, e = net.getEdgeAt(p);
                    return net.getNodeAt(p) === undefined && e !== undefined
                        && [net.body.edges[e].fromId, net.body.edges[e].toId].sort().join() === [a, b].sort().join();
                }""",
                [point, a, b],
            )
            if alone:
                self.page.mouse.click(x, y)
                return
        raise AssertionError(f"no point of the edge {a} - {b} is clear of other items")

    def visible(self) -> tuple[set[str], set[str]]:
        nodes, edges = self.page.evaluate("cdkg.visible()")
        return set(nodes), set(edges)

    def counts(self) -> tuple[int, int]:
        return int(self.page.inner_text("#node-count")), int(self.page.inner_text("#edge-count"))

    def faded(self) -> set[str]:
        return set(self.page.evaluate("cdkg.faded()"))

    def close(self) -> None:
        self.context.close()


def test_the_network_draws_every_node_and_edge_offline(
    built: Path, G: nx.MultiDiGraph, open_page: Callable[[Path], Page]
) -> None:
    page = open_page(built / "graph.html")
    # every node and edge but the one claim a source denies (data/voa.yaml: Jack Ma will not speak), which is
    # never in effect, as on the command line: VOA's record, and the article's of the same claim (same_as)
    denied = {"jack_ma-speaker_at-iacc_spring_conference_2016.voa", "jack_ma-speaker_at-iacc_spring_conference_2016"}
    assert all(G.edges["jack_ma", "iacc_spring_conference_2016", k]["timing"].negated for k in denied)
    assert page.drawn() == (G.number_of_nodes(), G.number_of_edges() - _never(G)) and _never(G) == 2
    assert page.visible() == (set(G.nodes), {k for *_, k in G.edges(keys=True)} - denied)
    assert page.blocked == []
    assert page.requests == [(built / "graph.html").as_uri()]
    assert [m for m in page.console if m[0] in ("error", "warning")] == []
    assert page.errors == []


def test_legend_comes_from_the_schema(built: Path, open_page: Callable[[Path], Page]) -> None:
    page = open_page(built / "graph.html")
    types = page.page.eval_on_selector_all("#legend-types li", "els => els.map(e => e.dataset.type)")
    assert {"company", "person", "platform", "lawsuit", "withdrawal"} <= set(types)
    stances = page.page.eval_on_selector_all("#legend-stances li", "els => els.map(e => e.dataset.stance)")
    assert stances == ["oppose", "support", "neutral", "role"]
    relations = page.page.eval_on_selector_all("#legend-relations li", "els => els.map(e => e.dataset.relation)")
    assert {"sued", "protested_against", "member_of", "owns"} <= set(relations)


def test_tooltip_shows_evidence_as_text(built: Path, open_page: Callable[[Path], Page]) -> None:
    page = open_page(built / "graph.html")
    text = page.hover_node("kering")
    assert "Kering" in text and "Kaiyun Group" in text
    assert "The parent company of Gucci, Kaiyun Group" in text and "seed-article" in text


def test_physics_can_be_frozen_and_resumed(built: Path, open_page: Callable[[Path], Page]) -> None:
    page = open_page(built / "graph.html")
    button = page.page.locator("#physics-toggle")
    assert button.inner_text() == "Resume physics"  # frozen once the layout has settled
    button.click()
    assert button.inner_text() == "Freeze layout"
    assert page.page.evaluate("cdkg.network.physics.physicsEnabled") is True


def test_hostile_strings_are_shown_and_never_run(
    tmp_path: Path, make_data: Callable[..., Path], open_page: Callable[[Path], Page]
) -> None:
    data = make_data(FIXTURES / "hostile")
    out = tmp_path / "out"
    build(data, out, formats=["html"])
    G = to_networkx(load(data))
    page = open_page(out / "graph.html")
    assert page.drawn() == (G.number_of_nodes(), G.number_of_edges())
    # the strings are data: intact in the network's data sets
    assert page.page.evaluate("cdkg.nodes.get('evil').label") == "<img src=x onerror=alert(1)>"
    assert page.page.evaluate("cdkg.nodes.get('evil_suit').label") == "</script><b>Evil</b> v. Pâtisserie"
    assert page.page.evaluate("cdkg.nodes.get('patisserie').label") == "Pâtisserie Ébène 开云"
    # ... shown as text
    text = page.hover_node("evil")
    assert "<img src=x onerror=alert(1)>" in text and "</script><script>alert(2)</script>" in text
    assert "开云集团" in text and "{{ 7*7 }} ${7*7}" in text
    # innerText turns line breaks into <br>; nothing else may become an element
    tags = page.page.evaluate("[...document.querySelector('div.vis-tooltip').children].map(c => c.tagName)")
    assert set(tags) <= {"BR"}
    sources = page.page.inner_text("#sources")
    assert "<b>Bold</b> source & </script><script>alert('title')</script>" in sources
    # ... and nothing ran or was injected
    assert page.page.evaluate("document.querySelectorAll('img, svg, b, iframe, object, embed').length") == 0
    assert page.page.evaluate("document.scripts.length") == 3
    # the evidence panel and the search show them as text too
    page.click_node("evil")
    details = page.page.inner_text("#details")
    assert details.startswith("<img src=x onerror=alert(1)>\nBrand / company")
    assert "</script><script>alert(2)</script>" in details and "{{ 7*7 }} ${7*7} <svg onload=alert(3)>" in details
    # ... each quote in its sentence too: the source's text, as text, the quote in a <mark>
    page.page.evaluate("document.querySelectorAll('#details details.sentence').forEach(d => { d.open = true; })")
    marks = page.page.eval_on_selector_all("#details details.sentence mark", "ms => ms.map(m => m.textContent)")
    assert (
        'The brand <img src=x onerror=alert(1)> sued "Evil & Co" </script><script>alert(2)</script> in 2016.' in marks
    )
    assert page.page.evaluate(
        "[...document.querySelectorAll('#details details.sentence p *')].every(e => e.tagName === 'MARK')"
    )
    page.page.fill("#search", "patisserie ebene")
    assert page.page.eval_on_selector_all("#search-results button", "bs => bs.map(b => b.textContent)") == [
        "Pâtisserie Ébène 开云"
    ]
    # ... and nothing ran or was injected
    assert page.page.evaluate("document.querySelectorAll('img, svg, b, iframe, object, embed').length") == 0
    assert page.page.evaluate("document.scripts.length") == 3
    assert page.dialogs == []
    assert page.errors == []
    assert page.blocked == []


# -- the explorer: search, filters, focus, evidence, time ------------------------------


@pytest.fixture
def seed_page(built: Path, open_page: Callable[[Path], Page]) -> Page:
    return open_page(built / "graph.html")


def test_search_by_alias_focuses_the_node(seed_page: Page) -> None:
    page = seed_page
    page.page.fill("#search", "kaiyun")
    buttons = page.page.eval_on_selector_all("#search-results button", "bs => bs.map(b => b.dataset.node)")
    assert buttons == ["kering"]
    page.page.click("#search-results button[data-node='kering']")
    assert page.page.evaluate("cdkg.network.getSelectedNodes()") == ["kering"]
    assert page.page.get_attribute("body", "data-focus") == "kering"
    assert page.page.get_attribute("#details", "data-shown") == "node:kering"
    # case and accents are ignored; Enter takes the first result, entities before facts
    page.page.fill("#search", "MA YUN")
    page.page.press("#search", "Enter")
    assert page.page.get_attribute("body", "data-focus") == "jack_ma"


def _undirected(G: nx.MultiDiGraph) -> nx.Graph:
    return nx.Graph(G.to_undirected(as_view=True))


def test_focus_fades_the_rest_of_the_picture(seed_page: Page) -> None:
    """The fading is drawn: the pixel at a node's centre turns pale grey, the neighbourhood keeps its colour."""
    colours = """async (focus) => {
        if (focus) cdkg.focus(focus);
        cdkg.network.fit();
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        const net = cdkg.network, ratio = window.devicePixelRatio || 1;
        const ctx = document.querySelector('#network canvas').getContext('2d');
        return Object.fromEntries(['gucci', 'alibaba'].map((id) => {
            const p = net.canvasToDOM(net.getPositions([id])[id]);
            return [id, Array.from(ctx.getImageData(Math.round(p.x * ratio), Math.round(p.y * ratio), 1, 1).data)];
        }));
    }"""

    def saturation(rgba: list[int]) -> int:
        return max(rgba[:3]) - min(rgba[:3])

    before = seed_page.page.evaluate(colours, None)
    assert saturation(before["gucci"]) > 100 and saturation(before["alibaba"]) > 100  # brands are orange
    after = seed_page.page.evaluate(colours, "longchamp")  # within 1 hop: Alibaba only
    assert saturation(after["gucci"]) < 20 and min(after["gucci"][:3]) > 170  # pale grey
    assert after["alibaba"] == before["alibaba"]


def test_focus_fades_all_but_the_neighbourhood(seed_page: Page, G: nx.MultiDiGraph) -> None:
    page = seed_page
    page.click_node("longchamp")
    assert page.page.get_attribute("body", "data-focus") == "longchamp"
    H = _undirected(G)
    one = set(nx.single_source_shortest_path_length(H, "longchamp", cutoff=1))
    two = set(nx.single_source_shortest_path_length(H, "longchamp", cutoff=2))
    assert page.faded() == set(G.nodes) - one
    page.page.click("#hops-2")
    assert page.faded() == set(G.nodes) - two
    page.page.click("#reset")
    assert page.faded() == set()
    assert page.page.get_attribute("body", "data-focus") == ""


def test_clicking_a_node_shows_its_evidence(seed_page: Page) -> None:
    page = seed_page
    page.click_node("kering")
    details = page.page.inner_text("#details")
    assert details.startswith("Kering\nBrand / company")
    assert "Also called: Kaiyun Group" in details
    assert "“The parent company of Gucci, Kaiyun Group, has always been keen on the problem of fakes" in details
    # each quote says its source's id; the titles are listed once, at the end
    labels = page.page.eval_on_selector_all("#details blockquote .src", "ss => ss.map(s => s.textContent.trim())")
    assert "seed-article" in labels
    listed = page.page.eval_on_selector_all("#details ul.sources li", "ls => ls.map(l => l.textContent)")
    assert [t for t in listed if t.startswith("seed-article: Alibaba'S Commitment To Crack Down")] == [
        t for t in listed if t.startswith("seed-article")
    ]
    assert len(listed) == len(set(labels)) and details.count("Alibaba'S Commitment To Crack Down") == 1
    assert "Kering sued Alibaba Group" in details and "2015-11" in details


def _never(G: nx.MultiDiGraph) -> int:
    """The edges never in effect: a claim a source denies (VOA's cancelled keynote, and the article's, the same)."""
    return sum(1 for *_, d in G.edges(data=True) if d.get("timing") is not None and d["timing"].negated)


def _expected_title(ds: Dataset, G: nx.MultiDiGraph, u: str, v: str, d: dict[str, Any]) -> str:
    """An edge's tooltip, from the graph: a role speaks with its fact's dates, evidence and attribution."""

    def name(node: str) -> str:
        return str(G.nodes[node]["name"])

    if d["kind"] == "role":
        lines, source, claim = [f"{name(v)}: {d['label']} in {name(u)}"], G.nodes[u], ds.facts[u].attribution
    else:
        verb = d["label"] if d["directed"] else f"— {d['label']} —"
        lines, source = [f"{name(u)} {verb} {name(v)}"], d
        claim = ds.facts[d["fact"]].attribution if d.get("fact") else ds.relations[d["id"]].attribution
        if d.get("fact"):
            lines.append(f"From: {name(d['fact'])}")
    if claim.mode in ("reported", "believed") or claim.private:  # the schema's modes and visibility but the defaults
        lines.append("Rests only on a reported, believed or private claim")
    if claim.describe({n: name(n) for n in G}):
        lines.append(f"Attribution: {claim.describe({n: name(n) for n in G})}")
    if source["timing"].planned:  # at all time, what the sources expected is shown as planned
        lines.append("Planned: expected by its sources, at most possibly in effect")
    # each date as the command line writes it, with its bounds
    lines += [f"{point.title()}: {span}" for point, span in source["timing"].spans.items()]
    fields = load_schema().fields.values()  # the schema's fields, in its order, with their labels
    lines += [f"{f.label[0].upper()}{f.label[1:]}: {d[f.id]}" for f in fields if d.get(f.id) not in (None, "")]
    if source.get("evidence"):
        lines += ["", "\n".join(f"“{e['quote']}”\n  — {e['source']}" for e in source["evidence"])]
    return "\n".join(lines)


def test_every_edge_says_what_the_graph_says(seed_page: Page, dataset: Dataset, G: nx.MultiDiGraph) -> None:
    """The page gets edges compact (sentences, a role's evidence, quotes once) and puts them back together."""
    titles = seed_page.page.evaluate("Object.fromEntries(cdkg.edges.get().map(e => [e.id, e.title]))")
    assert titles == {k: _expected_title(dataset, G, u, v, d) for u, v, k, d in G.edges(keys=True, data=True)}
    kinds = {d["kind"] for *_, d in G.edges(data=True)}
    assert kinds == {"relation", "role", "derived"}


def test_clicking_an_edge_shows_its_fact(seed_page: Page) -> None:
    page = seed_page
    page.click_edge_between("kering", "gucci")
    assert page.page.get_attribute("#details", "data-shown") == "edge:kering-owns-gucci"
    details = page.page.inner_text("#details")
    assert details.startswith("Kering owns Gucci")
    assert "“The parent company of Gucci, Kaiyun Group”" in details
    # a role in a fact: the fact's date and evidence
    page.click_edge_between("lawsuit_louis_vuitton_beijing_2016", "beijing_court")
    assert (
        page.page.get_attribute("#details", "data-shown")
        == "edge:lawsuit_louis_vuitton_beijing_2016/court/beijing_court"
    )
    details = page.page.inner_text("#details")
    assert details.startswith("Beijing court: court in Louis Vuitton v. three Taobao shopkeepers (Beijing, 2016)")
    assert "Date\nbetween 2016-01-01 and 2016-03-31\n" in details  # the bounds "at the beginning of this year" allows
    assert "seed-article: Alibaba'S Commitment" in details


def _expected_visible(G: nx.MultiDiGraph, day: dt.date | None, **hidden: set[str]) -> tuple[set[str], set[str]]:
    """What the page should show: the command line's rule (graph.analysis), plus filters."""
    types, stances, relations = hidden.get("types", set()), hidden.get("stances", set()), hidden.get("relations", set())
    nodes = {n for n, d in G.nodes(data=True) if d["type"] not in types and in_effect(d, day)}
    edges = set()
    for u, v, k, d in G.edges(keys=True, data=True):
        stance = "role" if d["kind"] == "role" else d["stance"]
        if stance in stances or (d["kind"] != "role" and d["type"] in relations):
            continue
        if u in nodes and v in nodes and edge_in_effect(G, u, d, day):
            edges.add(k)
    return nodes, edges


@pytest.mark.parametrize(
    ("group", "value"),
    [("type", "person"), ("type", "lawsuit"), ("stance", "neutral"), ("stance", "role"), ("relation", "sued")],
)
def test_filters_hide_what_they_should(seed_page: Page, G: nx.MultiDiGraph, group: str, value: str) -> None:
    page = seed_page
    page.page.uncheck(f"input[data-filter='{group}'][value='{value}']")
    key = {"type": "types", "stance": "stances", "relation": "relations"}[group]
    expected = _expected_visible(G, None, **{key: {value}})
    assert page.visible() == expected
    assert page.counts() == (len(expected[0]), len(expected[1]))
    assert page.drawn() == (len(expected[0]), len(expected[1]))
    page.page.check(f"input[data-filter='{group}'][value='{value}']")
    assert page.counts() == (G.number_of_nodes(), G.number_of_edges() - _never(G))  # all but the denied claim


def test_hidden_nodes_leave_the_physics(seed_page: Page) -> None:
    """vis-network lets a hidden node push the others: a filtered-out node must not move the layout."""
    page = seed_page.page
    physics = "cdkg.nodes.get({filter: n => n.group === 'person'}).map(n => [n.hidden === true, n.physics])"
    page.uncheck("input[data-filter='type'][value='person']")
    assert page.evaluate(physics) and all(item == [True, False] for item in page.evaluate(physics))
    page.check("input[data-filter='type'][value='person']")
    assert all(item == [False, True] for item in page.evaluate(physics))


@pytest.mark.parametrize("day", ["2015-04-30", "2015-05-01", "2015-11-30", "2016-04-30", "2016-05-01", "2016-05-19"])
def test_as_of_shows_what_the_command_line_shows(seed_page: Page, G: nx.MultiDiGraph, day: str) -> None:
    page = seed_page
    page.page.fill("#as-of", day)
    page.page.dispatch_event("#as-of", "change")
    assert page.page.get_attribute("body", "data-as-of") == day
    as_of = dt.date.fromisoformat(day)
    expected = _expected_visible(G, as_of)
    assert page.visible() == expected
    assert page.counts() == (len(expected[0]), len(expected[1]))
    # the opposition to Alibaba the page shows is exactly what `opponents alibaba --as-of DAY` answers
    shown = {
        k for k in page.visible()[1] if G.edges[_edge(G, k)]["stance"] == "oppose" and "alibaba" in _edge(G, k)[:2]
    }
    assert shown == {f.relation for f in opponents(G, "alibaba", as_of=day)}
    page.page.click("#as-of-clear")
    assert page.counts() == (G.number_of_nodes(), G.number_of_edges() - _never(G))  # all but the denied claim


def _edge(G: nx.MultiDiGraph, key: str) -> tuple[str, str, str]:
    return next((u, v, k) for u, v, k in G.edges(keys=True) if k == key)


def test_the_slider_moves_the_date(seed_page: Page, G: nx.MultiDiGraph) -> None:
    page = seed_page
    page.page.evaluate(
        "() => { const s = document.getElementById('as-of-slider');"
        " s.value = '0'; s.dispatchEvent(new Event('input')); }"
    )
    first = page.page.get_attribute("body", "data-as-of")
    # the court's earlier action, No. 14 cv 5119, dated 2014 by its docket number (data/court.yaml)
    assert first == page.page.evaluate("cdkg.data.range[0]") == "2014-01-01"
    assert page.visible() == _expected_visible(G, dt.date(2014, 1, 1))


def test_screenshot_script(tmp_path: Path, built: Path) -> None:
    """docs/screenshot.py, which made the README's picture, still works."""
    import subprocess
    import sys

    target = tmp_path / "shots"
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "docs" / "screenshot.py"),
            "--html",
            str(built / "graph.html"),
            "--out",
            str(target),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    from docs.screenshot import VIEWS

    assert sorted(p.stem for p in target.iterdir()) == sorted(VIEWS)  # one per view
    for shot in target.iterdir():
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000


# -- a large graph: precomputed layout, physics off ---------------------------------------


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, nx.MultiDiGraph]:
    from bench.generate import generate

    data = tmp_path_factory.mktemp("large") / "data"
    generate(400, data)
    dataset = load(data)
    G = to_networkx(dataset)
    assert G.number_of_nodes() > LAYOUT_THRESHOLD
    out = data.parent / "out"
    build(data, out, formats=["html"])
    return out / "graph.html", G


def test_a_large_graph_gets_a_fixed_layout(
    large: tuple[Path, nx.MultiDiGraph], open_page: Callable[[Path], Page]
) -> None:
    path, G = large
    page = open_page(path)
    assert page.drawn() == (G.number_of_nodes(), G.number_of_edges())
    assert page.page.evaluate("cdkg.network.physics.physicsEnabled") is False
    placed = page.page.evaluate(
        "cdkg.nodes.get().filter(n => typeof n.x === 'number' && typeof n.y === 'number').length"
    )
    assert placed == G.number_of_nodes()
    page.page.fill("#search", "company 1")
    assert page.page.eval_on_selector_all("#search-results button", "bs => bs.length") > 0
    assert page.errors == [] and page.blocked == []


def test_layout_is_deterministic(large: tuple[Path, nx.MultiDiGraph]) -> None:
    _, G = large
    first, second = layout(G), layout(G)
    assert first == second and set(first) == set(G.nodes)
    xs = [x for x, _ in first.values()]
    assert max(xs) - min(xs) > 100  # spread out, not piled up


def test_a_part_of_the_graph_is_byte_identical_across_hash_seeds(tmp_path: Path) -> None:
    """The nodes around a focus come in the graph's order, not a set's."""
    import subprocess
    import sys

    pages = []
    for seed in ("1", "2"):
        out = tmp_path / f"out-{seed}"
        command = ["build_graph.py", "--out", str(out), "--format", "html", "--focus", "kering", "--hops", "1"]
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, *command], check=True, capture_output=True, cwd=ROOT, timeout=300, env=env)
        pages.append((out / "graph.html").read_bytes())
    assert pages[0] == pages[1]
    # Kering, Gucci (owned), its suit of November 2015, the mediation, Jack Ma's remark about it, and the court's
    # action 15-cv-3784 with its 7 co-plaintiffs and 8 defendants (data/court.yaml): 21 of the 70 nodes
    assert b"Showing 21 of 70 nodes: those within 1 hop of Kering." in pages[0]


def test_a_part_of_the_graph_keeps_the_names_of_what_it_leaves_out(G: nx.MultiDiGraph) -> None:
    """A lawsuit drawn without its court still names the court in its panel."""
    from graph import load_schema

    page = to_html(G, load_schema(), focus="lawsuit_manhattan_2015_05", hops=1, max_nodes=2)
    shown = _page_data(page)
    assert sorted(n["id"] for n in shown["nodes"]) == ["alibaba", "lawsuit_manhattan_2015_05"]  # the best-connected
    assert "Showing 2 of 70 nodes: those within 1 hop of Gucci, Yves Saint Laurent et al. v. Alibaba" in page
    lawsuit = next(n for n in shown["nodes"] if n["id"] == "lawsuit_manhattan_2015_05")
    assert ["court", "United States Manhattan Federal Court"] in lawsuit["fields"]  # a role left out, named


# -- a pyvis network, for notebooks ------------------------------------------------------


def _snapshot(G: nx.MultiDiGraph) -> tuple[object, ...]:
    return (
        repr(sorted(G.nodes(data=True), key=lambda n: n[0])),
        repr(sorted(G.edges(keys=True, data=True), key=lambda e: e[2])),
        repr(G.graph),
    )


def test_to_pyvis_builds_the_network_directly(G: nx.MultiDiGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    from pyvis.network import Network

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("from_nx is not used")

    monkeypatch.setattr(Network, "from_nx", refuse)
    ds = load(ROOT / "data")
    before = _snapshot(G)
    net = to_pyvis(G, ds.schema)
    assert _snapshot(G) == before  # the networkx graph is not touched
    assert sorted(net.get_nodes()) == sorted(G.nodes)
    assert sorted(e["id"] for e in net.get_edges()) == sorted(k for *_, k in G.edges(keys=True))
    kering = net.get_node("kering")
    assert kering["color"] == ds.schema.entity_types["company"].color and "Kering" in kering["title"]
    sued = next(e for e in net.get_edges() if e["from"] == "kering" and e["to"] == "alibaba" and "sued" in e["title"])
    assert sued["arrows"] == "to" and sued["color"] == ds.schema.relation_types["sued"].style["color"]
    assert '"kering"' in net.generate_html()


def test_to_pyvis_uses_the_fixed_layout_of_a_large_graph(large: tuple[Path, nx.MultiDiGraph]) -> None:
    _, G = large
    ds_schema = load(ROOT / "data").schema
    net = to_pyvis(G, ds_schema)
    positions = layout(G)
    assert len(net.get_nodes()) == G.number_of_nodes()
    assert all((n["x"], n["y"]) == positions[n["id"]] and n["physics"] is False for n in net.nodes)
    assert net.options["physics"]["enabled"] is False
    focused = to_pyvis(G, ds_schema, focus=next(iter(G.nodes)), hops=1)
    assert 0 < len(focused.get_nodes()) < G.number_of_nodes()


# -- another schema: a field, an entity type, a relation type and styles of its own ------------


def _page_data(html: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', html, re.S)
    assert found is not None
    return dict(json.loads(found.group(1)))


def _schema_copy(path: Path) -> Path:
    """The packaged schema with a field `motto` (on entities), an entity type `guild`, a relation
    type `rival_of` with a style of its own, another opposition style and label, and another role style."""
    raw = yaml.safe_load(DEFAULT_SCHEMA.read_text(encoding="utf-8"))
    raw["fields"]["motto"] = {
        "label": "motto of the house",
        "description": "What an entity says of itself.",
        "iri": "cdkg:motto",
        "datatype": "string",
        "applies_to": ["entity"],
    }
    raw["entity_types"]["guild"] = {
        "label": "Guild",
        "plural": "Guilds",
        "description": "A guild of craftsmen.",
        "iri": "cdkg:Guild",
        "style": {"color": "#123456", "shape": "star"},
    }
    raw["relation_types"]["rival_of"] = {
        "label": "rival of",
        "inverse": "rival of",
        "description": "The two compete for the same customers.",
        "iri": "cdkg:rivalOf",
        "domain": ["company", "guild"],
        "range": ["company", "guild"],
        "directed": False,
        "stance": "oppose",
        "balance": "negative",
        "temporal": "state",
        "style": {"color": "#654321", "width": 4, "dashes": [1, 2]},
    }
    raw["stances"]["oppose"].update(
        label="rivalry and conflict", style={"color": "#aa0088", "width": 5, "dashes": False}
    )
    raw["role_style"] = {"color": "#abcdef", "width": 2, "dashes": False}
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def other_schema(tmp_path: Path) -> tuple[Path, Path]:
    """A schema copy, and the base fixture data with a guild, a motto and a rivalry."""
    schema = _schema_copy(tmp_path / "schema.yaml")
    data = tmp_path / "data"
    shutil.copytree(BASE, data)
    with (data / "sources" / "mini.txt").open("a", encoding="utf-8") as f:
        f.write("The Makers' Guild, whose motto is Made by hand, is a rival of Gucci.\n")
    entities = yaml.safe_load((data / "entities.yaml").read_text(encoding="utf-8"))
    entities["entities"].append(
        {"id": "makers_guild", "type": "guild", "name": "Makers' Guild", "motto": "Made by hand"}
    )
    entities["entities"][0]["motto"] = "Quality is remembered"  # gucci
    (data / "entities.yaml").write_text(yaml.safe_dump(entities, allow_unicode=True), encoding="utf-8")
    relations = yaml.safe_load((data / "relations.yaml").read_text(encoding="utf-8"))
    relations["relations"].append(
        {
            "id": "makers_guild-rival_of-gucci",
            "type": "rival_of",
            "subject": "makers_guild",
            "object": "gucci",
            "evidence": [
                {"source": "mini", "quote": "The Makers' Guild, whose motto is Made by hand, is a rival of Gucci."}
            ],
        }
    )
    (data / "relations.yaml").write_text(yaml.safe_dump(relations, allow_unicode=True), encoding="utf-8")
    return schema, data


def _build_other(other_schema: tuple[Path, Path], out: Path) -> str:
    schema, data = other_schema
    argv = ["build", "--data", str(data), "--schema", str(schema), "--out", str(out), "--format", "html"]
    assert main(argv, out=io.StringIO(), err=io.StringIO()) == 0
    return (out / "graph.html").read_text(encoding="utf-8")


def test_the_page_shows_the_fields_of_another_schema(other_schema: tuple[Path, Path], tmp_path: Path) -> None:
    data = _page_data(_build_other(other_schema, tmp_path / "out"))
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["makers_guild"]["fields"] == [["Motto of the house", "Made by hand"]]
    assert nodes["gucci"]["fields"] == [["Motto of the house", "Quality is remembered"]]
    assert nodes["makers_guild"]["type"] == "guild" and data["types"]["guild"]["label"] == "Guild"
    rivalry = next(e for e in data["edges"] if e["id"] == "makers_guild-rival_of-gucci")
    assert rivalry["type"] == "rival_of" and rivalry["evidence"]
    assert data["relations"]["rival_of"] == {
        "label": "rival of",
        "stance": "oppose",
        "directed": False,
        "style": {"color": "#654321", "width": 4, "dashes": [1, 2]},
        "temporal": "state",  # the timeline's wording of its start ("begins")
    }
    assert data["options"]["groups"]["guild"] == {"color": "#123456", "shape": "star", "font": {"size": 14}}


def test_the_legend_and_the_styles_follow_another_schema(other_schema: tuple[Path, Path], tmp_path: Path) -> None:
    html = _build_other(other_schema, tmp_path / "out")
    guild = re.search(r'<li data-type="guild">.*?</li>', html)
    assert guild is not None and "background: #123456" in guild.group() and "Guild" in guild.group()
    assert "star · 1" in guild.group()
    rival = re.search(r'<li data-relation="rival_of" data-stance="oppose">.*?</li>', html)
    assert rival is not None and "rival of" in rival.group()
    assert "border-top-color: #654321; border-top-style: dashed; border-top-width: 4px" in rival.group()
    oppose = re.search(r'<li data-stance="oppose">.*?</li>', html)
    assert oppose is not None and "rivalry and conflict" in oppose.group()
    assert "border-top-color: #aa0088; border-top-style: solid; border-top-width: 5px" in oppose.group()
    assert ".oppose { color: color-mix(in srgb, #aa0088 80%, black); }" in html
    # the role edges' style is the schema's, in the legend and in the page's data
    role = re.search(r'<li data-stance="role">.*?</li>', html)
    assert role is not None
    assert "border-top-color: #abcdef; border-top-style: solid; border-top-width: 2px" in role.group()
    assert _page_data(html)["role"] == {"color": "#abcdef", "width": 2, "dashes": False}
    assert "#b0b0b0" not in html and "#b31b1b" not in html  # nothing left of the packaged styles


def test_to_pyvis_draws_roles_in_the_schema_style(other_schema: tuple[Path, Path]) -> None:
    schema_path, data = other_schema
    ds = load(data, schema_path)
    net = to_pyvis(to_networkx(ds), ds.schema)
    role = next(e for e in net.get_edges() if e["id"] == "lawsuit_gucci/plaintiff/gucci")
    assert (role["color"], role["width"], "dashes" in role) == ("#abcdef", 2, False)
    assert net.get_node("makers_guild")["color"] == "#123456"


def test_another_schema_in_the_browser(
    other_schema: tuple[Path, Path], tmp_path: Path, open_page: Callable[[Path], Page]
) -> None:
    _build_other(other_schema, tmp_path / "out")
    page = open_page(tmp_path / "out" / "graph.html")
    assert page.errors == [] and page.blocked == []
    assert page.page.evaluate("cdkg.edges.get('lawsuit_gucci/plaintiff/gucci').color") == "#abcdef"
    assert page.page.evaluate("cdkg.edges.get('makers_guild-rival_of-gucci').color") == "#654321"
    page.page.evaluate("cdkg.focus('gucci')")
    details = page.page.inner_text("#details")
    assert details.startswith("Gucci\nBrand / company") and "Motto of the house\nQuality is remembered" in details
    # a node's facts in the schema's order of stances, role edges last
    stances = page.page.eval_on_selector_all("#details .fact", "els => els.map(e => e.dataset.stance)")
    assert stances == sorted(stances, key=["oppose", "support", "neutral", "role"].index) and "role" in stances
    color = page.page.eval_on_selector("#details .fact > div.oppose", "e => getComputedStyle(e).color")
    assert color != page.page.eval_on_selector("#details .fact > div.role", "e => getComputedStyle(e).color")
    page.page.uncheck("input[data-filter='type'][value='guild']")
    assert "makers_guild" not in page.visible()[0]


def test_the_role_style_is_checked(tmp_path: Path) -> None:
    raw = yaml.safe_load(DEFAULT_SCHEMA.read_text(encoding="utf-8"))
    raw["role_style"] = {"color": "#abcdef", "width": 2}
    path = tmp_path / "schema.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    with pytest.raises(SchemaError, match="role_style: needs color, width and dashes"):
        load_schema(path)
