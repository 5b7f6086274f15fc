"""The model file (graph/modelfile.py): the graph read back row by row is the graph written, in every order,
and every analysis answers on it as on the graph in memory, reading only what it needs."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from graph import analysis, load, to_networkx
from graph.analysis.balance import camps
from graph.analysis.findings import compute_stats
from graph.analysis.names import nodes_index, resolve
from graph.errors import UsageError
from graph.modelfile import DamagedModel, ModelFile, ModelGraph, model_bytes, open_model, read_header

from .conftest import DATA


def _written(G: nx.MultiDiGraph, tmp_path: Path, name: str = "model.sqlite") -> Path:
    path = tmp_path / name
    path.write_bytes(model_bytes(G, '{"made": "by the test"}', {"stats": compute_stats(G)}))
    return path


@pytest.fixture(scope="module")
def seed() -> nx.MultiDiGraph:
    return to_networkx(load(DATA))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> nx.MultiDiGraph:
    from bench.generate import generate

    data = tmp_path_factory.mktemp("generated") / "data"
    generate(300, data)
    return to_networkx(load(data))


def _shape(G: nx.MultiDiGraph, lazy_first: bool) -> dict[str, Any]:
    """Everything of ``G`` with its orders: per node (read one by one, as a query does) or whole."""
    per_node = {
        n: (
            dict(G.nodes[n]),
            [(u, v, k, d) for u, v, k, d in G.out_edges(n, keys=True, data=True)],
            [(u, v, k, d) for u, v, k, d in G.in_edges(n, keys=True, data=True)],
        )
        for n in (list(G) if lazy_first else [])
    }
    return {
        "graph": G.graph,
        "nodes": list(G.nodes(data=True)),
        "edges": list(G.edges(keys=True, data=True)),
        "in": [list(G.in_edges(n, keys=True)) for n in G],
        "per node": per_node,
    }


@pytest.mark.parametrize("which", ["seed", "generated"])
@pytest.mark.parametrize("lazy_first", [True, False], ids=["node-by-node", "whole"])
def test_the_graph_read_back_is_the_graph_written(
    which: str, lazy_first: bool, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    G = request.getfixturevalue(which)
    M = open_model(_written(G, tmp_path))
    assert isinstance(M, ModelGraph) and len(M) == len(G)
    assert _shape(M, lazy_first) == _shape(G, lazy_first)
    assert M.number_of_edges() == G.number_of_edges()
    for u, v, k in list(G.edges(keys=True))[:50]:
        assert M.has_edge(u, v, k) and M.get_edge_data(u, v, k) == G.get_edge_data(u, v, k)
    assert "no such node" not in M and ["a", "list"] not in M.nodes


def test_a_query_of_one_entity_reads_its_neighbourhood_only(generated: nx.MultiDiGraph, tmp_path: Path) -> None:
    M = open_model(_written(generated, tmp_path))
    hub = max(generated, key=generated.degree)
    quiet = min((n for n in generated if generated.nodes[n]["kind"] == "entity"), key=generated.degree)
    assert analysis.opponents(M, quiet) == analysis.opponents(generated, quiet)
    read = set(M._rows.attrs)
    around = {quiet, *generated.successors(quiet), *generated.predecessors(quiet)}
    assert quiet in read and read <= around | {u for n in around for u in generated.predecessors(n)}
    assert len(read) < len(generated) / 10 and not M._rows.complete
    assert analysis.relations(M, hub) == analysis.relations(generated, hub)


def test_every_analysis_answers_as_on_the_graph_in_memory(seed: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = _written(seed, tmp_path)
    entities = sorted(n for n, d in seed.nodes(data=True) if d["kind"] == "entity")
    for n in entities:
        M = open_model(path)  # fresh each time: what one query reads
        for ask in (analysis.opponents, analysis.allies, analysis.relations):
            assert ask(M, n, "2016-05-14") == ask(seed, n, "2016-05-14"), (ask.__name__, n)
        assert analysis.timeline(M, n) == analysis.timeline(seed, n)
    M = open_model(path)
    assert analysis.path(M, "Longchamp", "Taobao") == analysis.path(seed, "Longchamp", "Taobao")
    assert analysis.timeline(M) == analysis.timeline(seed)
    assert camps(M).to_dict(M) == camps(seed).to_dict(seed)


def test_stats_are_read_from_the_file_not_recomputed(seed: nx.MultiDiGraph, tmp_path: Path) -> None:
    M = open_model(_written(seed, tmp_path))
    assert analysis.stats(M) == compute_stats(seed) == analysis.stats(seed)
    assert not M._rows.attrs, "stats read a node"
    assert compute_stats(M) == compute_stats(seed)


def test_names_resolve_through_the_names_table(seed: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = _written(seed, tmp_path)
    M = open_model(path)
    assert M.name_index() == nodes_index(seed)
    typed = [name for n, d in seed.nodes(data=True) for name in [n, d["name"], *d["aliases"]]]
    typed += ["kaiyun group", "MA YUN", "  Alibaba  Group ", "Kerring", "Taobo", "zzzz", "Group", "lawsuit"]
    for name in typed:
        outcomes = []
        for G in (open_model(path), seed):
            try:
                outcomes.append(resolve(G, name))
            except UsageError as exc:
                outcomes.append(str(exc))
        assert outcomes[0] == outcomes[1], name


def test_a_copy_is_an_ordinary_graph(seed: nx.MultiDiGraph, tmp_path: Path) -> None:
    M = open_model(_written(seed, tmp_path))
    C = M.copy()
    assert type(C) is ModelGraph and C.memo("stats") is None and C._rows is None
    assert nx.utils.graphs_equal(C, seed) and C.name_index() == nodes_index(seed)
    assert resolve(C, "Ma Yun") == "jack_ma"


def test_a_header_is_read_only_from_a_whole_file(seed: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = _written(seed, tmp_path)
    assert read_header(path) == '{"made": "by the test"}'
    raw = path.read_bytes()
    for cut in (raw[:-1], raw[: len(raw) // 2], raw[:100], b"", b"not a database at all"):
        path.write_bytes(cut)
        assert read_header(path) is None, len(cut)
    assert read_header(tmp_path / "missing") is None


def test_a_damaged_row_is_an_error_and_the_file_is_removed(seed: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = _written(seed, tmp_path)
    with contextlib.closing(sqlite3.connect(path)) as con:
        (data,) = con.execute("SELECT data FROM node WHERE id = 'gucci'").fetchone()
        con.execute("UPDATE node SET data = ? WHERE id = 'gucci'", (data[:-1] + bytes([data[-1] ^ 1]),))
        con.commit()
    M = open_model(path)
    assert M.nodes["kering"]["name"] == "Kering", "the other rows are read"
    with pytest.raises(DamagedModel, match="'gucci' does not match its digest"):
        M.nodes["gucci"]
    assert not path.exists()


def test_the_file_checked_is_the_file_read(seed: nx.MultiDiGraph, generated: nx.MultiDiGraph, tmp_path: Path) -> None:
    """A build renaming a new model file into place after a query checked the old one: the query reads the old."""
    path = _written(seed, tmp_path)
    held = ModelFile(path)
    assert held.header() == '{"made": "by the test"}'
    _written(generated, tmp_path, "new.sqlite").replace(path)
    held.close()
    M = held.graph()
    assert len(M) == len(seed) and analysis.opponents(M, "alibaba") == analysis.opponents(seed, "alibaba")
    assert len(open_model(path)) == len(generated)


def test_paths_read_level_by_level_are_the_paths(generated: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = _written(generated, tmp_path)
    entities = sorted(n for n, d in generated.nodes(data=True) if d["kind"] == "entity")
    for a, b in zip(entities[::37], entities[5::41], strict=False):
        M = open_model(path)
        assert analysis.path(M, a, b, limit=5) == analysis.path(generated, a, b, limit=5), (a, b)
        assert analysis.path(M, a, b, "2021-01-01", certain=True) == analysis.path(
            generated, a, b, "2021-01-01", certain=True
        )


def test_membership_and_size_without_reading_every_id(seed: nx.MultiDiGraph, tmp_path: Path) -> None:
    M = open_model(_written(seed, tmp_path))
    assert len(M) == len(seed) and "alibaba" in M and "nobody" not in M and 3 not in M.nodes
    assert M._rows._ids is None, "every id read to answer one"
    assert list(M) == list(seed) and "nobody" not in M
