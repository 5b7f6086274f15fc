"""The HTML network, opened as a user opens it: Debian's chromium, headless, offline."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from graph import build, load, to_networkx

from .conftest import FIXTURES

pytestmark = pytest.mark.browser


class Page:
    """A page with every request, console message, error and dialog recorded."""

    def __init__(self, browser: Any, path: Path) -> None:
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
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-stabilized=true]", state="attached", timeout=60_000)

    def drawn(self) -> tuple[int, int]:
        n, e = self.page.evaluate("[cdkg.network.body.nodeIndices.length, cdkg.network.body.edgeIndices.length]")
        return int(n), int(e)

    def hover_node(self, node_id: str) -> str:
        """Move the mouse onto a node; return the tooltip's text."""
        x, y = self.page.evaluate(
            """(id) => {
                const net = cdkg.network;
                const p = net.canvasToDOM(net.getPositions([id])[id]);
                const box = document.getElementById('network').getBoundingClientRect();
                return [box.left + p.x, box.top + p.y];
            }""",
            node_id,
        )
        self.page.mouse.move(x, y)
        tooltip = self.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=10_000)
        assert tooltip is not None
        return str(tooltip.inner_text())

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def open_page(browser: Any) -> Iterator[Callable[[Path], Page]]:
    pages: list[Page] = []

    def open_(path: Path) -> Page:
        pages.append(Page(browser, path))
        return pages[-1]

    yield open_
    for p in pages:
        p.close()


def test_the_network_draws_every_node_and_edge_offline(
    built: Path, G: nx.MultiDiGraph, open_page: Callable[[Path], Page]
) -> None:
    page = open_page(built / "graph.html")
    assert page.drawn() == (G.number_of_nodes(), G.number_of_edges())
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
    assert page.dialogs == []
    assert page.errors == []
    assert page.blocked == []
