"""The command line: the summary, exit codes, no tracebacks, the console script."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from graph.cli import main

from .conftest import DATA, FIXTURES, ROOT


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_build_prints_a_summary(tmp_path: Path) -> None:
    code, out, err = run("--data", str(DATA), "--out", str(tmp_path / "out"))
    assert code == 0 and err == ""
    assert "entities   49" in out and "sources    3 (sdny-order-2016-08-04, seed-article, voa-2016-05-17)" in out
    assert "5 lawsuits" in out and "2 withdrawals" in out and "1 suspension" in out
    assert "83 opposition" in out
    assert "triples    " in out
    for name in ("graph.ttl", "graph.nt", "graph.jsonld", "graph.graphml", "graph.html", "ontology.ttl"):
        assert name in out and (tmp_path / "out" / name).exists()


def test_validate_writes_nothing(tmp_path: Path) -> None:
    code, out, _ = run("validate", "--data", str(DATA))
    assert code == 0 and "is valid" in out and "evidence quotes" in out
    from graph import load
    from graph.rdf.export import export_lines

    assert f"{export_lines(load(DATA)).triples} triples conform to the SHACL shapes" in out


def test_data_error_exits_1_with_every_problem(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "base", data)
    shutil.copytree(FIXTURES / "bad" / "many_errors", data, dirs_exist_ok=True)
    code, out, err = run("--data", str(data), "--out", str(tmp_path / "out"))
    assert code == 1 and out == ""
    assert err.startswith("error: 4 problems in the data:")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "turtl"], "unknown format 'turtl' (did you mean 'turtle'?); choose from turtle, ntriples"),
        (["frobnicate"], "invalid choice"),
        (["--nope"], "unrecognized arguments"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(*args, "--data", str(DATA))
    assert code == 2
    assert message in err + capsys.readouterr().err


@pytest.mark.parametrize("command", ["build", "validate", "opponents", "relations", "sparql", "import", "push"])
def test_help_shows_examples_both_ways(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    """After `pip install` the command is `cdkg`; from a checkout it is `python build_graph.py`."""
    assert run(command, "--help")[0] == 0
    text = capsys.readouterr().out
    example = next(line for line in text.splitlines() if line.startswith("example: cdkg "))
    assert f"(or python build_graph.py {example.removeprefix('example: cdkg ')})" in text


def test_main_help_has_an_example_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--help")[0] == 0
    text = capsys.readouterr().out
    assert "example: cdkg --data data --out out" in text and "(or python build_graph.py --data data" in text
    from graph import __version__

    assert run("--version")[0] == 0
    assert capsys.readouterr().out == f"cdkg {__version__}\n" == "cdkg 0.1.0\n"


def test_a_missing_data_directory_says_how_to_pass_one(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "build_graph.py"), "stats"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "data: data directory not found; pass --data DIR" in proc.stderr
    code, _, err = run("camps", "--data", str(tmp_path / "nowhere"))
    assert code == 1 and "nowhere: data directory not found; pass --data DIR" in err


def _schema_copy(tmp_path: Path, **changes: object) -> Path:
    import yaml

    from graph.schema.reader import DEFAULT_SCHEMA

    raw = yaml.safe_load(Path(DEFAULT_SCHEMA).read_text(encoding="utf-8"))
    raw.update(changes)
    schema = tmp_path / "schema.yaml"
    schema.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return schema


def test_push_goes_to_the_schemas_graph_by_default(tmp_path: Path, oxigraph: str) -> None:
    schema = _schema_copy(tmp_path, graph="another-graph")  # relative to the namespace
    code, out, err = run("push", f"{oxigraph}/store", "--replace", "--schema", str(schema), "--data", str(DATA))
    assert code == 0, err
    assert "(replaced the graph <https://w3id.org/cdkg/another-graph>)" in out and "it matches" in out
    code, out, err = run("push", f"{oxigraph}/store", "--replace", "--data", str(DATA))
    assert code == 0 and "(replaced the graph <https://w3id.org/cdkg/graph>)" in out, err


def test_relations_type_comes_from_the_schema_given(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A relation type that only --schema declares is accepted; the choices are listed once each."""
    import yaml

    from graph.schema.reader import DEFAULT_SCHEMA

    types = yaml.safe_load(Path(DEFAULT_SCHEMA).read_text(encoding="utf-8"))["relation_types"]
    types["praised"] = {**types["expressed_support_for"], "label": "praised"}
    schema = _schema_copy(tmp_path, relation_types=types)
    code, out, err = run("relations", "gucci", "--type", "praised", "--schema", str(schema), "--data", str(DATA))
    assert code == 0, err
    assert out.startswith("Relations of Gucci (gucci), praised only")
    code, _, err = run("relations", "gucci", "--type", "praised", "--data", str(DATA))
    assert code == 2 and "unknown type 'praised'" in err
    code, _, err = run("relations", "gucci", "--type", "acused", "--data", str(DATA))
    assert code == 2 and "unknown type 'acused' (did you mean 'accused'?); choose from member_of, " in err
    choices = err.split("choose from ")[1].strip().split(", ")
    assert len(choices) == len(set(choices)) and "accused" in choices and "plaintiff" in choices
    assert run("relations", "--help")[0] == 0
    assert "from the schema" in " ".join(capsys.readouterr().out.split())


def test_script_from_a_fresh_process(tmp_path: Path) -> None:
    """`python build_graph.py` with its defaults, run from the repository root."""
    proc = subprocess.run(
        [sys.executable, "build_graph.py", "--out", str(tmp_path / "out"), "--format", "turtle"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out" / "graph.ttl").exists()


def test_bad_data_from_a_fresh_process_has_no_traceback(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "x.yaml").write_text("entities: [\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(ROOT / "build_graph.py"), "--data", str(data), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and "x.yaml:" in proc.stderr


def test_console_script_is_the_same_cli() -> None:
    exe = shutil.which("cdkg")
    if exe is None:
        pytest.fail("the `cdkg` console script is not installed: pip install -e '.[test]'")
    proc = subprocess.run([exe, "validate", "--data", str(DATA)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and "is valid" in proc.stdout


# -- the analyst's commands ------------------------------------------------------------


def test_opponents_report_shows_why() -> None:
    code, out, err = run("opponents", "alibaba", "--data", str(DATA))
    assert code == 0 and err == ""
    # the brands of the article and VOA, the court's plaintiffs, IACC (which suspended it), the unnamed critics
    assert out.startswith("Opponents of Alibaba Group (alibaba): 17 entities, 23 facts")
    for name in (
        "Michael Kors (michael_kors)",
        "Gucci (gucci)",
        "Kering (kering)",
        "Longchamp (longchamp)",
        "Gucci America, Inc. (gucci_america)",
        "International AntiCounterfeiting Coalition (iacc)",
        "Some people in the industry (industry_insiders)",
    ):
        assert name in out
    assert "(taobao)" not in out and "(tmall)" not in out
    assert "← sued by Kering (via Kering v. Alibaba (second lawsuit, November 2015)) · 2015-11" in out
    assert "[seed-article]" in out and "[sdny-order-2016-08-04]" in out and "[voa-2016-05-17]" in out


def test_opponents_json_is_documented_shape() -> None:
    code, out, _ = run("opponents", "Kaiyun Group", "--json", "--data", str(DATA))
    assert code == 0
    data = json.loads(out)
    assert isinstance(data, list) and data
    item = next(i for i in data if i["relation"]["id"].startswith("lawsuit_kering_2015_11/"))
    assert item["other"] == {"id": "alibaba", "name": "Alibaba Group"}
    assert item["relation"] == {
        "id": "lawsuit_kering_2015_11/sued/kering/alibaba",
        "type": "sued",
        "label": "sued",
        "direction": "out",
    }
    assert item["dates"] == {"date": "2015-11"}
    assert item["evidence"][0]["source"] == "seed-article"
    # the court's action too: Kering S.A. sued Alibaba and its legal entities
    assert {i["relation"]["id"] for i in data} >= {
        "lawsuit_sdny_15cv3784/sued/kering/alibaba",
        "lawsuit_sdny_15cv3784/sued/kering/alipay",
    }


def test_as_of_changes_the_answer() -> None:
    _, before, _ = run("opponents", "alibaba", "--as-of", "2015-06-01", "--json", "--data", str(DATA))
    _, after, _ = run("opponents", "alibaba", "--as-of", "2016-06-01", "--json", "--data", str(DATA))
    # on 1 June 2015 the lawsuits of May 2015 (the article's and the court's plaintiffs) are certain; the undated
    # criticisms, done by the publication of their source, are only possible
    found = {i["other"]["id"]: i["certainty"] for i in json.loads(before)}
    assert {k for k, c in found.items() if c == "certain"} == {
        "gucci",
        "yves_saint_laurent",
        "kering",
        "gucci_america",
        "balenciaga_sa",
        "balenciaga_america",
        "bottega_veneta_international",
        "bottega_veneta_inc",
        "ysl_america",
        "luxury_goods_international",
    }
    assert {k for k, c in found.items() if c == "possible"} == {
        "alibaba_accusers",
        "industry_insiders",
        "luxury_brands",
    }
    assert {"kering", "longchamp", "michael_kors"} <= {i["other"]["id"] for i in json.loads(after)}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["allies", "michael kors"],
            "↔ Gucci also withdrew in protest of Alibaba Group · between 2016-04-01 and 2016-05-08",
        ),
        (["relations", "kering", "--type", "owns"], "→ owns Gucci · undated"),
        (["path", "Longchamp", "Taobao"], "Chain 1: Longchamp — Alibaba Group — Taobao"),
        (
            ["timeline", "Gucci"],
            "between 2016-04-01 and 2016-05-08   Withdrawal: Gucci leaves IACC to join the camp against Alibaba",
        ),
        (["timeline"], "undated facts not shown"),
        (["camps"], "Contested ties (no split satisfies them):"),
        (["stats"], "by stance       oppose 83, support 32, neutral 47"),
        (
            ["sparql", "SELECT ?n WHERE { cdk:jack_ma skos:altLabel ?n } ORDER BY ?n", "--format", "csv"],
            "n\nJack Ma\nMa\nMa Yun",
        ),
        (
            ["sparql", "SELECT ?e WHERE { ?e skos:altLabel ?n }", "--bind", "n=Ma Yun"],
            "https://w3id.org/cdkg/id/jack_ma",
        ),
    ],
)
def test_each_command(args: list[str], expected: str) -> None:
    code, out, err = run(*args, "--data", str(DATA))
    assert code == 0, err
    assert expected in out


def test_sparql_from_a_file() -> None:
    code, out, _ = run(
        "sparql", str(ROOT / "docs" / "queries" / "opponents-of-alibaba.rq"), "--format", "json", "--data", str(DATA)
    )
    assert code == 0
    who = {b["who"]["value"] for b in json.loads(out)["results"]["bindings"]}
    assert {"Gucci", "Kering", "Longchamp", "Michael Kors"} <= who


@pytest.mark.parametrize("command", ["allies", "relations", "camps", "timeline", "stats"])
def test_json_everywhere(command: str) -> None:
    args = [command] + (["gucci"] if command in ("allies", "relations") else []) + ["--json", "--data", str(DATA)]
    code, out, _ = run(*args)
    assert code == 0
    json.loads(out)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["opponents", "Guci"], "error: no entity called 'Guci'; did you mean 'Gucci' (gucci)?"),
        (["opponents", "nobody at all"], "error: no entity called 'nobody at all'"),
        (["opponents", "alibaba", "--as-of", "2016-05"], "--as-of needs a day (YYYY-MM-DD)"),
        (["relations", "alibaba", "--type", "sueed"], "unknown type 'sueed' (did you mean 'sued'?); choose from"),
        (["sparql", "SELECT ?x WHERE { ?x ?y }"], "invalid SPARQL query"),
        (["sparql", "SELECT ?x WHERE {}", "--bind", "oops"], "--bind expects VAR=VALUE"),
        (["path", "gucci"], "the following arguments are required: B"),
    ],
)
def test_analysis_usage_errors_exit_2(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(*args, "--data", str(DATA))
    assert code == 2
    assert message in err + capsys.readouterr().err


def test_empty_answer_is_not_an_error() -> None:
    code, out, _ = run("opponents", "taobao", "--data", str(DATA))
    assert code == 0 and "0 entities, 0 facts" in out and "(none)" in out
    code, out, _ = run("opponents", "taobao", "--json", "--data", str(DATA))
    assert code == 0 and json.loads(out) == []


def test_progress_on_a_terminal_only(tmp_path: Path) -> None:
    """Stages on stderr when it is a terminal (a pseudo-terminal here); nothing when piped."""
    import os
    import pty

    command = [sys.executable, str(ROOT / "build_graph.py"), "--data", str(DATA), "--out", str(tmp_path / "a")]
    piped = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert piped.returncode == 0 and piped.stderr == ""

    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [*command[:-1], str(tmp_path / "b")], stdout=subprocess.DEVNULL, stderr=follower, stdin=subprocess.DEVNULL
    )
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        seen += chunk
    assert proc.wait(timeout=300) == 0
    os.close(leader)
    text = seen.decode("utf-8", "replace")
    for stage in ("read + validate", "networkx", "SHACL check", "graph.html", "write"):
        assert stage in text, text


def test_reports_of_a_large_graph_list_a_few_and_say_how_many_more(tmp_path: Path) -> None:
    from bench.generate import generate

    data = tmp_path / "data"
    generate(600, data)  # 15 sources, camps of hundreds
    code, out, _ = run("camps", "--data", str(data))
    assert code == 0 and "more (--json lists all)" in out
    code, text, _ = run("camps", "--data", str(data), "--json")
    doc = json.loads(text)
    first = doc["parts"][0]
    shown = next(line for line in out.splitlines() if line.startswith("  Camp of "))
    assert f"({len(first['camps'][0]['members'])})" in shown  # the count is the whole camp; --json lists it
    code, out, _ = run("stats", "--data", str(data))
    assert code == 0 and "more (--json lists all)" in out
    code, out, _ = run("--data", str(data), "--out", str(tmp_path / "out"), "--format", "html")
    assert code == 0 and " more)" in out.splitlines()[3]  # the sources line
