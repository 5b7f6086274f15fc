"""The page with any ids: every Object.prototype name, random text, the escape the page itself uses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from graph import load, load_schema, to_networkx
from graph.views.html import to_html

from .conftest import BASE
from .test_html import Page

pytestmark = pytest.mark.browser

PROTOTYPE_NAMES = [
    "constructor", "__defineGetter__", "__defineSetter__", "hasOwnProperty", "__lookupGetter__",
    "__lookupSetter__", "isPrototypeOf", "propertyIsEnumerable", "toString", "valueOf", "__proto__",
    "toLocaleString",
]  # fmt: skip
"""Object.getOwnPropertyNames(Object.prototype), checked against the browser below."""

TEMPLATE = to_networkx(load(BASE))
N_NODES, N_EDGES = TEMPLATE.number_of_nodes(), TEMPLATE.number_of_edges()

ids = st.one_of(
    st.sampled_from(PROTOTYPE_NAMES),
    st.sampled_from(["length", "push", "map", "concat", "0", "4294967295", "-1", "NaN", "undefined", "null"]),
    st.sampled_from(["\u0001constructor", "\u0001", "\u0001\u0001x", "</script>", "a b", "__", "prototype"]),
    st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=12),
)


def relabelled(node_ids: list[str], edge_ids: list[str]) -> nx.MultiDiGraph:
    """The base fixture's graph with these ids for its nodes and its edges (references included)."""
    name = dict(zip(TEMPLATE.nodes, node_ids, strict=True))
    H = nx.MultiDiGraph()
    H.graph.update(TEMPLATE.graph)
    for n, d in TEMPLATE.nodes(data=True):
        attrs = dict(d)
        if "roles" in attrs:
            attrs["roles"] = {role: [name[m] for m in members] for role, members in attrs["roles"].items()}
        H.add_node(name[n], **attrs)
    for (u, v, _, d), key in zip(TEMPLATE.edges(keys=True, data=True), edge_ids, strict=True):
        attrs = {**d, "fact": name[d["fact"]]} if d.get("fact") else dict(d)
        H.add_edge(name[u], name[v], key=key, **attrs)
    return H


@pytest.fixture(scope="module")
def schema() -> Any:
    return load_schema()


def check_page(browser: Any, tmp_path: Path, schema: Any, node_ids: list[str], edge_ids: list[str]) -> None:
    H = relabelled(node_ids, edge_ids)
    page_file = tmp_path / "graph.html"
    page_file.write_text(to_html(H, schema), encoding="utf-8")
    page = Page(browser, page_file)
    try:
        assert page.errors == [] and page.blocked == []
        assert page.drawn() == (N_NODES, N_EDGES)
        nodes, edges = page.visible()
        assert (nodes, edges) == (set(node_ids), set(edge_ids))
        for node in node_ids:
            page.page.evaluate("(id) => cdkg.focus(id)", node)
            assert page.page.get_attribute("#details", "data-shown") == f"node:{node}"
            # the permalink names it, and gives it back
            assert page.page.evaluate("cdkg.decode(location.hash).focus") == [node]
            neighbours = {node} | set(nx.all_neighbors(H, node))
            assert set(node_ids) - page.faded() == neighbours
        for edge in edge_ids[:4]:
            page.page.evaluate("(id) => cdkg.update({item: 'edge:' + id})", edge)
            assert page.page.evaluate("cdkg.decode(location.hash).item") == f"edge:{edge}"
        assert page.page.evaluate("Object.getOwnPropertyNames(Object.prototype)") == PROTOTYPE_NAMES
        assert page.errors == []
    finally:
        page.close()


@settings(
    max_examples=4,  # 6 took 8 s of the suite
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # no shrinking: each example is a page load
)
@given(
    node_ids=st.lists(ids, min_size=N_NODES, max_size=N_NODES, unique=True),
    edge_ids=st.lists(ids, min_size=N_EDGES, max_size=N_EDGES, unique=True),
)
@example(node_ids=PROTOTYPE_NAMES[:N_NODES], edge_ids=(PROTOTYPE_NAMES * 2)[4 : 4 + N_EDGES])
@example(
    node_ids=["__proto__", "\u0001__proto__", "toLocaleString", "valueOf", "length", "\u0001", "hasOwnProperty", "0"],
    edge_ids=[*PROTOTYPE_NAMES[:1], "\u0001constructor", *PROTOTYPE_NAMES[1 : N_EDGES - 1]],
)
def test_any_ids_draw_and_focus(
    browser: Any, tmp_path_factory: pytest.TempPathFactory, schema: Any, node_ids: list[str], edge_ids: list[str]
) -> None:
    check_page(browser, tmp_path_factory.mktemp("page"), schema, node_ids, edge_ids)
