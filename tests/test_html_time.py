"""The page as of a day, in the browser: certain, possible and planned facts, by the command line's rule.

The page computes, for each node and edge, whether it is in effect on a day
from what it embeds (each date's earliest and latest day, the kind, planned);
these tests hold its answers to Python's (:meth:`graph.model.timing.Timing.certainty`
through :func:`graph.model.dates.in_effect`) on every item and on every day
where an answer can change, and check that what is drawn follows the answer.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from graph import build, load, load_schema, to_networkx
from graph.model.dates import Certainty, PartialDate, in_effect
from graph.model.timing import Span, Timing
from graph.views.html import to_html

from .conftest import FIXTURES
from .test_html import Page

pytestmark = pytest.mark.browser

ONE = dt.timedelta(days=1)


def _python(G: nx.MultiDiGraph, day: dt.date | None) -> tuple[dict[str, str], dict[str, str]]:
    """Python's answer for every node and edge: a role edge holds when its fact does."""
    nodes = {n: in_effect(d, day).value for n, d in G.nodes(data=True)}
    edges = {
        k: in_effect(G.nodes[u] if d["kind"] == "role" else d, day).value
        for u, _, k, d in G.edges(keys=True, data=True)
    }
    return nodes, edges


def _page(page: Page, days: list[dt.date | None]) -> list[tuple[dict[str, str], dict[str, str]]]:
    """The page's answer for each day, all in one evaluation."""
    answers = page.page.evaluate("(days) => days.map((d) => cdkg.certainty(d))", [_iso(d) for d in days])
    return [(dict(nodes), dict(edges)) for nodes, edges in answers]


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _bounds(G: nx.MultiDiGraph) -> set[dt.date]:
    """Every day a date of the graph names as a bound, and the sources' publications."""
    items = [d for _, d in G.nodes(data=True)] + [d for *_, d in G.edges(data=True)]
    found: set[dt.date] = set()
    for d in items:
        if d.get("timing") is not None:
            found |= {b for s in d["timing"].spans.values() for b in (s.earliest, s.latest) if b is not None}
        else:  # a graph built by hand: its dates as given
            found |= {b for x in d.values() if isinstance(x, PartialDate) for b in (x.first_day(), x.last_day())}
    for s in G.graph.get("sources", {}).values():
        found |= {b for b in (s["publication"].earliest, s["publication"].latest) if b is not None}
    return found


def _days(page: Page, G: nx.MultiDiGraph) -> list[dt.date | None]:
    """Each bound, the days either side of it, the slider's ends, and all time."""
    first, last = (dt.date.fromisoformat(d) for d in page.page.evaluate("cdkg.data.range"))
    days = {b + step for b in _bounds(G) for step in (-ONE, dt.timedelta(0), ONE)} | {first, last}
    return [None, *sorted(days)]


def _check(page: Page, G: nx.MultiDiGraph) -> set[str]:
    """The page answers as Python does for every item and day; the answers it gave."""
    days = _days(page, G)
    seen: set[str] = set()
    for day, (nodes, edges) in zip(days, _page(page, days), strict=True):
        assert (nodes, edges) == _python(G, day), day
        seen |= set(nodes.values()) | set(edges.values())
    return seen


def test_the_page_answers_as_the_command_line_does(
    built: Path, G: nx.MultiDiGraph, open_page: Callable[[Path], Page]
) -> None:
    page = open_page(built / "graph.html")
    assert _check(page, G) == {"no", "possible", "certain"}
    assert any(d["timing"].planned for _, d in G.nodes(data=True))  # the seed data has a planned fact
    assert page.errors == [] and page.blocked == []


# -- many small cases: every kind of date, bounded or not, planned or not, with or without the loader's timing


def _span(rng: random.Random, base: dt.date) -> Span:
    lo = base + dt.timedelta(days=rng.randrange(60)) if rng.random() < 0.75 else None
    hi = (lo or base) + dt.timedelta(days=rng.randrange(30)) if rng.random() < 0.75 else None
    return Span(lo, hi)


def _timing(rng: random.Random, base: dt.date) -> Timing:
    kind = rng.choice(["event", "state", "state", "timeless"])
    planned = rng.random() < 0.2
    negated = rng.random() < 0.1  # denied by its source: never in effect, whatever its dates
    if kind == "event":
        date = _span(rng, base) if rng.random() < 0.9 else None
        start = _span(rng, base) if rng.random() < 0.1 else None  # not read: an event holds from its date
        return Timing("event", date=date, start=start, planned=planned, negated=negated)
    if kind == "state":
        start = _span(rng, base) if rng.random() < 0.9 else None
        end = _span(rng, base + dt.timedelta(days=20)) if rng.random() < 0.9 else None
        return Timing("state", start=start, end=end, planned=planned, negated=negated)
    return Timing("timeless", planned=planned, negated=negated)


def _dates(rng: random.Random) -> dict[str, Any]:
    """The dates of an item without the loader's timing (a graph built by hand)."""
    if rng.random() < 0.5:
        return {"temporal": "event", "date": PartialDate(2016, rng.randint(1, 3))}
    found: dict[str, Any] = {"temporal": "state"}
    if rng.random() < 0.7:
        found["start"] = PartialDate(2016, rng.randint(1, 2), rng.randint(1, 28))
    if rng.random() < 0.7:
        found["end"] = PartialDate(2016, rng.randint(2, 4))
    return found


def _random_graph(seed: int, n_nodes: int = 80, n_edges: int = 160) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    base = dt.date(2016, 1, 1)
    G = nx.MultiDiGraph(
        sources={"s": {"title": "A source", "published": None, "publication": Span(None, dt.date(2016, 3, 15))}}
    )

    rare = [
        Timing("state"),
        Timing("event"),
        Timing("timeless", planned=True),
        Timing("state", planned=True),
        Timing("timeless", negated=True),  # a denied entity-like record: never in effect, at all time too
        Timing("event", date=Span(base, base), negated=True),
    ]

    def when(i: int) -> dict[str, Any]:
        if i < len(rare):  # the odd cases, every time: no dates at all
            return {"timing": rare[i]}
        return {"timing": _timing(rng, base)} if rng.random() < 0.8 else _dates(rng)

    for i in range(n_nodes):
        fact = i % 4 == 0
        G.add_node(f"n{i}", name=f"Node {i}", type="lawsuit" if fact else "company", kind="fact" if fact else "entity")
        G.nodes[f"n{i}"].update(when(i))
    for j in range(n_edges):
        u, v = f"n{rng.randrange(n_nodes)}", f"n{rng.randrange(n_nodes)}"
        if G.nodes[u]["kind"] == "fact" and rng.random() < 0.5:  # a role: its fact's dates
            G.add_edge(u, v, key=f"e{j}", kind="role", type="plaintiff", stance="neutral")
        else:
            G.add_edge(u, v, key=f"e{j}", kind="relation", type="sued", stance="oppose", **when(n_nodes))
    return G


@pytest.mark.parametrize("seed", [1, 2])
def test_the_page_answers_as_python_on_random_dates(
    seed: int, tmp_path: Path, open_page: Callable[[Path], Page]
) -> None:
    G = _random_graph(seed)
    path = tmp_path / "graph.html"
    path.write_text(to_html(G, load_schema()), encoding="utf-8")
    page = open_page(path)
    assert _check(page, G) == {"no", "possible", "certain"}
    kinds = {d["timing"].kind if "timing" in d else "window" for _, d in G.nodes(data=True)}
    assert kinds == {"event", "state", "timeless", "window"}
    # denied items are told so, and never in effect: not at all time, not on any day
    denied = [n for n, d in G.nodes(data=True) if "timing" in d and d["timing"].negated]
    assert len(denied) > 2
    told_denied = page.page.evaluate("cdkg.data.nodes.filter(n => n.time && n.time.negated).map(n => n.id)")
    assert sorted(told_denied) == sorted(denied)
    assert not set(denied) & page.visible()[0]
    # the page is told the kind where the dates do not imply it (an event with no date, a state with neither end)
    told = page.page.evaluate("cdkg.data.nodes.concat(cdkg.data.edges).map(x => x.time ? x.time.kind || '' : null)")
    assert set(told) == {None, "", "event", "state", "timeless", "window"}
    assert page.errors == [] and page.blocked == []


# -- what is drawn follows the answer


def _look(G: nx.MultiDiGraph, attrs: dict[str, Any], day: dt.date | None) -> str:
    c = in_effect(attrs, day)
    if c is Certainty.NO:
        return "no"
    timing = attrs.get("timing")
    return "planned" if timing is not None and timing.planned else c.value


def _drawn(page: Page) -> tuple[dict[str, str], dict[str, str]]:
    """How vis-network draws each node and edge: hidden, pale with its dash pattern, or as usual ("certain")."""
    nodes, edges = page.page.evaluate(
        """() => {
            const body = cdkg.network.body;
            const look = (o, pale, dashes) => o.hidden ? "no" : pale ? `${pale}:${JSON.stringify(dashes)}` : "certain";
            return [
                cdkg.nodes.getIds().map((id) => { const o = body.nodes[id].options;
                    return [id, look(o, o.opacity !== undefined && o.opacity !== null && o.opacity < 1 && o.opacity,
                                     o.shapeProperties.borderDashes)]; }),
                cdkg.edges.getIds().map((id) => { const o = body.edges[id].options;
                    return [id, look(o, o.color.opacity < 1 && o.color.opacity, o.dashes)]; })
            ];
        }"""
    )
    return dict(nodes), dict(edges)


NODE_DASHES = {"possible": "0.35:[5,4]", "planned": "0.35:[2,3]"}
EDGE_DASHES = {"possible": "0.35:[10,4,2,4]", "planned": "0.35:[2,6]"}


@pytest.mark.parametrize("day", [None, "2015-11-15", "2016-05-01", "2016-05-10", "2016-05-19"])
def test_what_is_drawn_follows_the_answer(
    built: Path, G: nx.MultiDiGraph, open_page: Callable[[Path], Page], day: str | None
) -> None:
    page = open_page(built / "graph.html")
    page.page.evaluate("(d) => cdkg.setAsOf(d)", day)
    as_of = dt.date.fromisoformat(day) if day else None
    node_looks = {n: _look(G, d, as_of) for n, d in G.nodes(data=True)}
    edge_looks = {
        k: _look(G, G.nodes[u] if d["kind"] == "role" else d, as_of) for u, _, k, d in G.edges(keys=True, data=True)
    }
    nodes, edges = _drawn(page)
    assert nodes == {n: NODE_DASHES.get(look, look) for n, look in node_looks.items()}
    assert edges == {k: EDGE_DASHES.get(look, look) for k, look in edge_looks.items()}
    # the counts say how many of the items shown are only possibly in effect, or planned
    shown_nodes, shown_edges = page.visible()
    looks = [node_looks[n] for n in shown_nodes] + [edge_looks[k] for k in shown_edges]
    parts = [f"{looks.count('possible')} possibly in effect"] if "possible" in looks else []
    parts += [f"{looks.count('planned')} planned"] if "planned" in looks else []
    assert page.page.inner_text("#uncertain-count") == ("; of them " + ", ".join(parts) if parts else "")
    assert page.errors == [] and [m for m in page.console if m[0] in ("error", "warning")] == []


def test_the_same_node_moves_between_looks_and_back(
    built: Path, G: nx.MultiDiGraph, open_page: Callable[[Path], Page]
) -> None:
    """Updates go both ways: possible, certain, hidden, possible again, all time."""
    page = open_page(built / "graph.html")
    for day in ["2016-05-01", "2016-05-10", "2016-03-01", "2016-05-01", None, "2016-05-19", "2016-05-10"]:
        page.page.evaluate("(d) => cdkg.setAsOf(d)", day)
        as_of = dt.date.fromisoformat(day) if day else None
        nodes, _ = _drawn(page)
        looks = {n: _look(G, d, as_of) for n, d in G.nodes(data=True)}
        assert nodes == {n: NODE_DASHES.get(look, look) for n, look in looks.items()}
    assert page.errors == [] and [m for m in page.console if m[0] in ("error", "warning")] == []


def _pixel(page: Page, node: str) -> list[int]:
    """The colour drawn just inside a box node's top edge (its middle holds its label), over the page's white."""
    rgba = page.page.evaluate(
        """async (id) => {
            cdkg.network.fit();
            await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
            const net = cdkg.network, box = net.getBoundingBox(id), ratio = window.devicePixelRatio || 1;
            const p = net.canvasToDOM({x: (box.left + box.right) / 2, y: box.top + 8});
            const ctx = document.querySelector('#network canvas').getContext('2d');
            return Array.from(ctx.getImageData(Math.round(p.x * ratio), Math.round(p.y * ratio), 1, 1).data);
        }""",
        node,
    )
    alpha = rgba[3] / 255
    return [round(c * alpha + 255 * (1 - alpha)) for c in rgba[:3]]


def test_a_possible_fact_is_drawn_pale(built: Path, G: nx.MultiDiGraph, open_page: Callable[[Path], Page]) -> None:
    page = open_page(built / "graph.html")
    fact = "withdrawal_gucci_iacc"  # between 2016-04-01 and 2016-05-08
    page.page.evaluate("cdkg.setAsOf('2016-05-09')")
    assert in_effect(G.nodes[fact], dt.date(2016, 5, 9)) is Certainty.CERTAIN
    certain = _pixel(page, fact)
    page.page.evaluate("cdkg.setAsOf('2016-05-01')")
    assert in_effect(G.nodes[fact], dt.date(2016, 5, 1)) is Certainty.POSSIBLE
    possible = _pixel(page, fact)
    assert max(certain) - min(certain) > 80  # the withdrawal's colour
    assert min(possible) > min(certain) + 40 and max(possible) - min(possible) < max(certain) - min(certain)  # pale
    page.page.evaluate("cdkg.setAsOf('2016-05-09')")
    assert _pixel(page, fact) == certain  # and back
    assert page.page.evaluate(f"cdkg.network.body.nodes['{fact}'].options.opacity") is None
    assert [m for m in page.console if m[0] == "error"] == []  # (reading pixels back makes a warning)


# -- what the page says: dates as the command line writes them, the certainty, the bounds of time


def test_tooltip_and_panel_give_bounds_and_certainty(
    built: Path, G: nx.MultiDiGraph, open_page: Callable[[Path], Page]
) -> None:
    page = open_page(built / "graph.html")
    fact = "withdrawal_gucci_iacc"
    span = G.nodes[fact]["timing"].date
    assert str(span) == "between 2016-04-01 and 2016-05-08"  # str(Span), the command line's form
    page.page.evaluate("cdkg.setAsOf('2016-05-01')")
    title = page.page.evaluate(f"cdkg.nodes.get('{fact}').title")
    assert f"Possibly in effect on the day shown: its dates straddle it\nDate: {span}\n" in title
    page.page.evaluate(f"cdkg.focus('{fact}')")
    details = page.page.inner_text("#details")
    assert f"Date\n{span}\nAs of 2016-05-01\npossibly in effect\n" in details
    # a state: its start and its end, each with its bounds
    membership = G.edges["gucci", "iacc", "gucci-member_of-iacc"]["timing"]
    title = page.page.evaluate("cdkg.edges.get('gucci-member_of-iacc').title")
    assert f"\nStart: {membership.start}\nEnd: {membership.end}\n" in title
    assert str(membership.end) == "between 2016-04-01 and 2016-05-08"
    # the panel follows the day
    page.page.evaluate("cdkg.setAsOf('2016-05-09')")
    assert "As of 2016-05-09\ncertainly in effect\n" in page.page.inner_text("#details")
    page.page.evaluate("cdkg.setAsOf('2016-03-31')")
    assert "As of 2016-03-31\ncertainly not in effect\n" in page.page.inner_text("#details")
    # the source's publication, as the command line writes it
    publication = G.graph["sources"]["seed-article"]["publication"]
    assert f"seed-article: {G.graph['sources']['seed-article']['title']} ({publication})" in page.page.inner_text(
        "#sources"
    )


def test_a_planned_fact_is_shown_as_planned(built: Path, G: nx.MultiDiGraph, open_page: Callable[[Path], Page]) -> None:
    page = open_page(built / "graph.html")
    conference = "iacc_spring_conference_2016"
    timing = G.nodes[conference]["timing"]
    assert timing.planned and str(timing.start) == "2016-05-18"
    assert _drawn(page)[0][conference] == NODE_DASHES["planned"]  # at all time too
    assert "Planned: expected by its sources" in page.page.evaluate(f"cdkg.nodes.get('{conference}').title")
    page.page.evaluate("cdkg.setAsOf('2016-05-17')")
    assert _drawn(page)[0][conference] == "no"
    page.page.evaluate("cdkg.setAsOf('2016-05-19')")
    assert _drawn(page)[0][conference] == NODE_DASHES["planned"]
    page.page.evaluate(f"cdkg.focus('{conference}')")
    assert "As of 2016-05-19\npossibly in effect (planned)\n" in page.page.inner_text("#details")


def _slide_to(page: Page, where: str) -> str | None:
    page.page.evaluate(
        "(where) => { const s = document.getElementById('as-of-slider');"
        " s.value = where === 'max' ? s.max : s.min; s.dispatchEvent(new Event('input')); }",
        where,
    )
    return page.page.get_attribute("body", "data-as-of")


def test_the_slider_spans_what_is_known(
    tmp_path: Path, make_data: Callable[..., Path], open_page: Callable[[Path], Page]
) -> None:
    """From the earliest day a date names; past the sources' end only for what they expected, and the page says so.

    tests/fixtures/asof: its sources end on 2016-05-31 (one published in May 2016), and Gucci's suit is
    announced for 2016-06-01.
    """
    data = make_data(FIXTURES / "asof")
    out = tmp_path / "out"
    build(data, out, formats=["html"])
    G = to_networkx(load(data))
    page = open_page(out / "graph.html")
    bounds = _bounds(G)
    end = max(s["publication"].latest for s in G.graph["sources"].values())
    assert end == dt.date(2016, 5, 31)
    assert _slide_to(page, "min") == min(bounds).isoformat()
    planned = G.nodes["suit_gucci_planned"]["timing"]
    assert planned.planned and planned.date.latest == dt.date(2016, 6, 1) > end  # what the sources expect
    assert _slide_to(page, "max") == max(bounds).isoformat() == "2016-06-01"
    known = page.page.inner_text("#as-of-known")
    assert known.startswith("Nothing is known past 2016-05-31, the last day the sources may have been published")
    assert "past 2016-05-31, where the sources end: nothing is known after it" in page.page.inner_text("#as-of-label")
    page.page.evaluate("(d) => cdkg.setAsOf(d)", end.isoformat())
    assert "where the sources end" not in page.page.inner_text("#as-of-label")
    # the hatched part of the slider's track starts where the sources end
    first = min(bounds)
    share = (end - first).days / (dt.date(2016, 6, 1) - first).days
    background = page.page.eval_on_selector("#as-of-track", "e => getComputedStyle(e).backgroundImage")
    assert f"{round(100 * share, 2)}%" in background
    assert _check(page, G) == {"no", "possible", "certain"}


def test_the_slider_of_the_curated_data(built: Path, G: nx.MultiDiGraph, open_page: Callable[[Path], Page]) -> None:
    """The curated sources end with the court's order of 2016-08-04 (data/sources.yaml), after every date they name
    (the earliest: the court's action No. 14 cv 5119, dated 2014 by its docket number; what the VOA item of May 2016
    expects, the conference of 18-20 May, is before the order)."""
    page = open_page(built / "graph.html")
    assert _slide_to(page, "min") == "2014-01-01" == min(_bounds(G)).isoformat()
    assert _slide_to(page, "max") == "2016-08-04" == max(_bounds(G)).isoformat()
    assert page.page.inner_text("#as-of-known") == (
        "The slider ends where the sources end: 2016-08-04, the last day they may have been published;"
        " nothing later is known."
    )


def test_the_slider_ends_where_the_sources_end(
    tmp_path: Path, make_data: Callable[..., Path], open_page: Callable[[Path], Page]
) -> None:
    data = make_data()
    out = tmp_path / "out"
    build(data, out, formats=["html"])
    G = to_networkx(load(data))
    end = max(s["publication"].latest for s in G.graph["sources"].values())
    page = open_page(out / "graph.html")
    assert _slide_to(page, "max") == end.isoformat() == max(_bounds(G)).isoformat()
    assert page.page.inner_text("#as-of-known") == (
        f"The slider ends where the sources end: {end.isoformat()}, the last day they may have been published;"
        " nothing later is known."
    )
    assert _check(page, G) >= {"no", "certain"}


def test_without_publication_dates_the_page_says_so(tmp_path: Path, open_page: Callable[[Path], Page]) -> None:
    G = _random_graph(3, n_nodes=12, n_edges=10)
    G.graph["sources"] = {}
    path = tmp_path / "graph.html"
    path.write_text(to_html(G, load_schema()), encoding="utf-8")
    page = open_page(path)
    assert page.page.inner_text("#as-of-known").startswith("When the sources were published is not known")
    assert _slide_to(page, "max") == max(_bounds(G)).isoformat()
    assert page.errors == []


def test_the_legend_explains_the_looks(built: Path, open_page: Callable[[Path], Page]) -> None:
    page = open_page(built / "graph.html")
    items = page.page.eval_on_selector_all(
        "#legend-certainty li", "els => els.map(e => [e.dataset.look, e.innerText.trim()])"
    )
    assert [look for look, _ in items] == ["certain", "possible", "planned", "no"]
    texts = dict(items)
    assert "straddle" in texts["possible"] and "pale" in texts["possible"]
    assert "expected" in texts["planned"] and "hidden" in texts["no"]
    opacity = page.page.eval_on_selector_all(
        "#legend-certainty .look", "els => els.map(e => getComputedStyle(e).opacity)"
    )
    assert opacity == ["1", "0.35", "0.35", "1"]
    # ... as pale as the network draws a possible fact
    page.page.evaluate("cdkg.setAsOf('2016-05-01')")
    drawn = page.page.evaluate(
        "[cdkg.nodes.get('withdrawal_gucci_iacc').opacity, cdkg.edges.get('gucci-member_of-iacc').color.opacity]"
    )
    assert drawn == [0.35, 0.35]
