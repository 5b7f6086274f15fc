"""Hostile queries: no request or file read of their own, a time and a memory limit, clean errors."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any, ClassVar

import pytest

from graph import UsageError, load, to_rdf
from graph.cli import main
from graph.rdf.query import run_query, sparql

from .conftest import BASE, local_server

RUNAWAY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
"""The graph's triples to the fourth power (about 10^15 rows on the base fixture: Oxigraph counts the cube in
under a second)."""


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


class _Listener(BaseHTTPRequestHandler):
    heard: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).heard.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "application/n-triples")
        self.end_headers()
        self.wfile.write(b"<http://x/s> <http://x/p> <http://x/o> .\n")

    do_POST = do_GET

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    """A server on 127.0.0.1 that answers anything and notes every request it gets."""
    handler = type("Handler", (_Listener,), {"heard": []})
    with local_server(handler) as url:
        yield url, handler.heard


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("SELECT * WHERE { SERVICE <{url}/sparql> { ?s ?p ?o } }", "the query uses SERVICE <{url}/sparql>"),
        ("SELECT * WHERE { SERVICE SILENT <{url}/s> { ?s ?p ?o } }", "uses SERVICE"),
        ("SELECT * WHERE { ?x ?y ?z OPTIONAL { SERVICE <{url}/s> { ?x ?p ?o } } }", "uses SERVICE"),
        ("ASK { ?x ?y ?z FILTER EXISTS { SERVICE <{url}/s> { ?x ?p ?o } } }", "uses SERVICE"),
        ("SELECT * FROM <{url}/g.nt> WHERE { ?s ?p ?o }", "names graphs with FROM or FROM NAMED"),
        ("SELECT * FROM NAMED <{url}/g.nt> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM or FROM NAMED"),
        ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", "reads no other file or URL"),
        ("LOAD <{url}/g.nt>", "invalid SPARQL query"),
        ("CLEAR ALL", "invalid SPARQL query"),
    ],
)
def test_a_query_never_reaches_the_network_or_a_file(query: str, message: str, listener: tuple[str, list[str]]) -> None:
    url, heard = listener
    code, out, err = run("sparql", query.replace("{url}", url), "--data", str(BASE))
    assert code == 2 and out == ""
    assert message.replace("{url}", url) in err
    assert heard == []


def test_the_library_refuses_service_too(listener: tuple[str, list[str]]) -> None:
    url, heard = listener
    with pytest.raises(UsageError, match="uses SERVICE"):
        sparql(to_rdf(load(BASE)), f"SELECT * WHERE {{ SERVICE <{url}/q> {{ ?s ?p ?o }} }}")
    assert heard == []


def test_a_query_that_never_ends_is_stopped() -> None:
    code, out, err = run("sparql", RUNAWAY.replace("*", "(COUNT(*) AS ?n)"), "--timeout", "1", "--data", str(BASE))
    assert (code, out) == (1, "")
    assert err == "error: the query did not finish within 1 s; stopped (--timeout SECONDS allows more)\n"


def test_a_query_that_eats_memory_is_stopped() -> None:
    code, out, err = run("sparql", RUNAWAY + " ORDER BY ?a", "--memory", "16", "--data", str(BASE))
    assert (code, out) == (1, "")
    assert err == "error: the query needed more than 16 MiB of memory; stopped (--memory MIB allows more)\n"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('SELECT * WHERE { BIND(REGEX("a", "(") AS ?x) FILTER(?x) }', "the query has an invalid regular expression"),
        ("SELECT (SUM(?d) AS ?s) WHERE { ?x cdkg:date ?d }", "does not have a numeric datatype"),
    ],
    ids=["regex", "sum-of-dates"],
)
def test_the_library_tells_a_query_that_cannot_be_evaluated(query: str, message: str) -> None:
    """rdflib (``graph.rdf.query``) raises where an expression fails."""
    with pytest.raises(UsageError, match=message):
        run_query(to_rdf(load(BASE)), query)


@pytest.mark.parametrize(
    ("query", "rows"),
    [
        ('SELECT * WHERE { BIND(REGEX("a", "(") AS ?x) FILTER(?x) }', []),
        ("SELECT (SUM(?d) AS ?s) WHERE { ?x cdkg:date ?d }", [{}]),
    ],
    ids=["regex", "sum-of-dates"],
)
def test_the_command_follows_sparql_where_an_expression_fails(
    query: str, rows: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    """Oxigraph (the command) follows SPARQL 1.1: an expression in error is unbound, a FILTER on it false."""
    code, out, err = run("sparql", query, "--format", "json", "--data", str(BASE))
    assert code == 0, err
    assert json.loads(out)["results"]["bindings"] == rows
    assert "Traceback" not in err + capsys.readouterr().err


@pytest.mark.parametrize("nesting", ["{ " * 3000 + "}" * 3000, "FILTER(" + "(" * 3000 + "1" + ")" * 3001])
def test_a_query_nested_too_deeply_is_refused(nesting: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Oxigraph's parser recurses: a query nested thousands deep is refused before it reaches it."""
    code, out, err = run("sparql", "SELECT * WHERE { " + nesting + " }", "--data", str(BASE))
    assert code == 2 and out == "" and "invalid SPARQL query: nested too deeply" in err
    assert "Traceback" not in err + capsys.readouterr().err


# -- what reaches the terminal --------------------------------------------------------------


HIDDEN = "Evil\u202eCorp\u200b\u2066x\u2069"


@pytest.fixture
def hidden_name(make_data: Any) -> Path:
    data: Path = make_data()
    text = (data / "entities.yaml").read_text(encoding="utf-8").replace("name: Gucci", f'name: "{HIDDEN}"')
    (data / "entities.yaml").write_text(text, encoding="utf-8")
    return data


@pytest.mark.parametrize(
    "args",
    [["opponents", "alibaba"], ["relations", "gucci"], ["timeline", "gucci"], ["camps"], ["path", "gucci", "kering"]],
)
def test_bidi_and_zero_width_characters_never_reach_the_terminal_raw(hidden_name: Path, args: list[str]) -> None:
    code, out, err = run(*args, "--data", str(hidden_name))
    assert code == 0, err
    assert "Evil\\u202eCorp\\u200b\\u2066x\\u2069" in out
    assert not set(out) & set(HIDDEN) - set("EvilCorpx")


def test_json_keeps_the_value_and_escapes_it(hidden_name: Path) -> None:
    code, out, _ = run("opponents", "alibaba", "--json", "--data", str(hidden_name))
    assert code == 0 and "\u202e" not in out
    assert HIDDEN in {f["other"]["name"] for f in json.loads(out)}


def test_csv_into_a_pipe_stays_verbatim_and_a_table_is_escaped(hidden_name: Path) -> None:
    query = "SELECT ?n WHERE { cdk:gucci rdfs:label ?n }"
    code, out, _ = run("sparql", query, "--format", "csv", "--data", str(hidden_name))
    assert code == 0 and out == f"n\n{HIDDEN}\n"
    code, out, _ = run("sparql", query, "--data", str(hidden_name))
    assert code == 0 and "\u202e" not in out and "Evil\\u202eCorp" in out
    code, out, _ = run("sparql", query, "--format", "json", "--data", str(hidden_name))
    assert json.loads(out)["results"]["bindings"][0]["n"]["value"] == HIDDEN


@pytest.mark.parametrize("args", [["--format", "\x1b[2Jturtle"], ["stats", "extra\x1b[2J"]])
def test_a_usage_error_quoting_escapes_is_escaped(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """From the library (an unknown output format) and from argparse itself (an invalid choice)."""
    code, _, err = run(*args, "--data", str(BASE), "--out", "/nonexistent/never")
    assert code == 2
    err += capsys.readouterr().err
    assert "\x1b" not in err and "\\u001b[2J" in err
