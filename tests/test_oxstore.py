"""SPARQL on Oxigraph (graph/rdf/oxstore.py): the same answers as rdflib's, on the README's queries and the
tests'; against a remote endpoint (a real ``oxigraph serve``) too."""

from __future__ import annotations

import io
import json
import re
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from rdflib import Dataset as RdflibDataset
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from graph import build, load, to_rdf
from graph.cli import main
from graph.errors import StoreError, UsageError
from graph.rdf.export import export_lines
from graph.rdf.oxstore import run_on_endpoint, run_on_store, store_quads, values_block
from graph.rdf.query import sparql
from graph.rdf.results import binding_rule
from graph.rdf.terms import graph_iris

from .conftest import BASE, DATA, ROOT, local_server

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _readme_queries() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sparql\n(.*?)```", text, re.S)


TEST_QUERIES: list[tuple[str, dict[str, str]]] = [
    ("SELECT DISTINCT ?who WHERE { ?st rdf:object ?target ; cdkg:stance 'oppose' ; rdf:subject ?s . "
     "?s rdfs:label ?who }", {"target": "cdk:alibaba"}),
    ("SELECT ?e WHERE { ?e rdfs:label ?name }", {"name": 'Evil "} DROP ALL'}),
    ("SELECT ?e WHERE { ?e skos:altLabel ?name }", {"name": "Kaiyun Group"}),
    ("SELECT ?name ?alias WHERE { cdk:kering rdfs:label ?name ; skos:altLabel ?alias } ORDER BY ?alias", {}),
    ("ASK { cdk:kering cdkg:sued cdk:alibaba }", {}),
    ("SELECT ?n WHERE { cdk:jack_ma skos:altLabel ?n } ORDER BY ?n", {}),
    ("SELECT ?e WHERE { ?e skos:altLabel ?n }", {"n": "Ma Yun"}),
    ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", {}),
    ("SELECT (COUNT(?st) AS ?n) WHERE { GRAPH cdksrc:seed-article { ?st a rdf:Statement } }", {}),
    ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", {}),
    ("SELECT ?type (COUNT(?e) AS ?n) WHERE { ?e a ?type } GROUP BY ?type ORDER BY DESC(?n) ?type", {}),
    ("SELECT ?s ?d WHERE { ?s cdkg:date ?d FILTER(STR(?d) >= '2016') } ORDER BY ?s", {}),
    ("SELECT ?s ?label WHERE { ?s rdfs:label ?label FILTER(LANG(?label) != '' || CONTAINS(?label, 'Gucci')) }", {}),
    ("SELECT * WHERE { ?s a cdkg:Lawsuit OPTIONAL { ?s cdkg:date ?d } }", {}),
    ("SELECT ?n WHERE { ?e rdfs:label ?n }", {"e": "<https://w3id.org/cdkg/id/gucci>"}),
]  # fmt: skip
"""The queries the tests run (test_sparql, test_cli, test_rdf), and a few more of each kind."""


def _norm_term(term: dict[str, Any]) -> tuple[str, str, str, str]:
    kind = {"typed-literal": "literal"}.get(term["type"], term["type"])
    datatype = term.get("datatype", "")
    return kind, term["value"], "" if datatype == XSD_STRING else datatype, term.get("xml:lang", "")


def _rows(payload: dict[str, Any]) -> Any:
    if "boolean" in payload:
        return payload["boolean"]
    return sorted(
        sorted((var, _norm_term(term)) for var, term in row.items()) for row in payload["results"]["bindings"]
    )


@pytest.fixture(scope="module")
def data() -> Any:
    ds = load(DATA)
    lines = export_lines(ds)
    quads = "".join(store_quads(lines.union, lines.graphs, graph_iris(ds.schema, lines.graphs)))
    union = RdflibDataset()
    union.parse(data=quads, format="nquads")
    return ds, quads, union, to_rdf(ds)


def _rdflib(g: Graph, query: str, bindings: dict[str, str], prefixes: dict[str, str]) -> Any:
    init = {}
    for var, value in bindings.items():
        _, is_iri, text = binding_rule(f"{var}={value}", prefixes)
        init[var] = URIRef(text) if is_iri else Literal(text)
    result = g.query(query, initNs=prefixes, initBindings=init)
    return _rows(json.loads(result.serialize(format="json") or b"{}"))


def _oxigraph(query: str, bindings: dict[str, str], quads: str, prefixes: dict[str, str], store: Path | None) -> Any:
    bound = {}
    for var, value in bindings.items():
        _, is_iri, text = binding_rule(f"{var}={value}", prefixes)
        bound[var] = (is_iri, text)
    text = run_on_store(store, query, bound, prefixes, pieces=lambda: [quads], fmt="json")
    return _rows(json.loads(text))


QUERIES = (
    [(q, {}) for q in _readme_queries()]
    + TEST_QUERIES
    + [((ROOT / "docs" / "queries" / "opponents-of-alibaba.rq").read_text(encoding="utf-8"), {})]
)


@pytest.mark.parametrize(("query", "bindings"), QUERIES, ids=[f"q{i}" for i in range(len(QUERIES))])
def test_oxigraph_answers_as_rdflib_does(query: str, bindings: dict[str, str], data: Any) -> None:
    ds, quads, union, plain = data
    prefixes = ds.schema.prefixes
    expected = _rdflib(union, query, bindings, prefixes)
    assert expected not in ([], False) or "Evil" in str(bindings), f"a query that finds nothing proves little: {query}"
    assert _oxigraph(query, bindings, quads, prefixes, None) == expected
    if "GRAPH" not in query:  # the graph the command ran rdflib on before: the triples, without named graphs
        assert _rdflib(plain, query, bindings, prefixes) == expected


@pytest.fixture(scope="module")
def snapshot_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    build(DATA, out, formats=["turtle"])
    return out


@pytest.mark.parametrize(("query", "bindings"), QUERIES[:4], ids=[f"q{i}" for i in range(4)])
def test_the_snapshot_store_answers_as_the_one_in_memory(
    query: str, bindings: dict[str, str], data: Any, snapshot_store: Path
) -> None:
    ds, quads, union, _ = data
    prefixes = ds.schema.prefixes
    (store,) = (p for p in (snapshot_store / "snapshot").iterdir() if p.name.startswith("store-") and p.is_dir())
    assert _oxigraph(query, bindings, quads, prefixes, store) == _rdflib(union, query, bindings, prefixes)


def test_construct_gives_the_same_graph(data: Any) -> None:
    ds, quads, _, _ = data
    query = "CONSTRUCT { ?s cdkg:sued ?o } WHERE { ?s cdkg:sued ?o }"
    ours = Graph().parse(
        data=run_on_store(None, query, {}, ds.schema.prefixes, pieces=lambda: [quads]), format="turtle"
    )
    theirs = sparql(to_rdf(ds), query).graph
    assert len(ours) > 0 and isomorphic(ours, theirs)


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_values_are_bound_never_spliced() -> None:
    """A value that would end the query, were it text, is one string: its rows are none, not an error."""
    hostile = '"} } SELECT * WHERE { ?s ?p ?o } #'
    code, out, err = run(
        "sparql", "SELECT ?e WHERE { ?e rdfs:label ?n }", "--bind", f"n={hostile}", "--data", str(BASE)
    )
    assert (code, out.splitlines()[-1]) == (0, "(0 rows)"), err
    code, out, err = run("sparql", "SELECT ?n WHERE { BIND(?v AS ?n) }", "--bind", f"v={hostile}", "--format", "csv",
                         "--data", str(BASE))  # fmt: skip
    assert code == 0 and out.splitlines()[1] == '"' + hostile.replace('"', '""') + '"', out
    with pytest.raises(UsageError, match="is not an IRI"):
        values_block("SELECT * WHERE { ?s ?p ?o }", {"s": (True, "http://x/> } <y")})


def test_a_runaway_query_is_stopped_on_the_snapshot_store_too(snapshot_store: Path) -> None:
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    code, out, err = run("sparql", runaway, "--timeout", "1", "--data", str(DATA), "--out", str(snapshot_store))
    assert (code, out) == (1, "") and "did not finish within 1 s" in err


# -- a remote endpoint: a real oxigraph serve ----------------------------------------


@pytest.fixture(scope="module")
def endpoint(oxigraph: str, data: Any) -> str:
    """The server holding what the snapshot's store holds: the triples in the default graph, the sources' graphs."""
    _, quads, _, _ = data
    request = urllib.request.Request(
        f"{oxigraph}/store", data=quads.encode("utf-8"), headers={"Content-Type": "application/n-quads"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=60) as answer:
        assert answer.status in (200, 201, 204)
    return f"{oxigraph}/query"


@pytest.mark.parametrize(("query", "bindings"), QUERIES, ids=[f"q{i}" for i in range(len(QUERIES))])
def test_an_endpoint_answers_as_the_embedded_store(
    query: str, bindings: dict[str, str], data: Any, endpoint: str
) -> None:
    ds, quads, _, _ = data
    prefixes = ds.schema.prefixes
    bound = {}
    for var, value in bindings.items():
        _, is_iri, text = binding_rule(f"{var}={value}", prefixes)
        bound[var] = (is_iri, text)
    remote = _rows(json.loads(run_on_endpoint(endpoint, query, bound, prefixes, fmt="json")))
    assert remote == _oxigraph(query, bindings, quads, prefixes, None)


def test_sparql_endpoint_on_the_command_line(endpoint: str) -> None:
    code, out, err = run("sparql", "SELECT ?e WHERE { ?e skos:altLabel ?n }", "--bind", "n=Kaiyun Group",
                         "--endpoint", endpoint, "--format", "csv")  # fmt: skip
    assert (code, out) == (0, "e\nhttps://w3id.org/cdkg/id/kering\n"), err
    code, out, err = run("sparql", "CONSTRUCT { ?s cdkg:sued ?o } WHERE { ?s cdkg:sued ?o }", "--endpoint", endpoint)
    assert code == 0 and "cdkg:sued" in out, err
    code, out, err = run(
        "sparql", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "--endpoint", endpoint
    )
    assert code == 2 and "uses SERVICE" in err


class _Redirect(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.send_response(307)
        self.send_header("Location", "http://127.0.0.2:9/query")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Echo(BaseHTTPRequestHandler):
    """Refuses, echoing the request's headers (credentials included) in its answer."""

    def do_POST(self) -> None:
        body = str(self.headers).encode()
        self.send_response(500)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def redirecting() -> Iterator[str]:
    with local_server(_Redirect) as url:
        yield url


def test_an_endpoint_redirecting_elsewhere_is_not_followed(redirecting: str) -> None:
    with pytest.raises(StoreError, match="another origin: not followed"):
        run_on_endpoint(f"{redirecting}/query", "ASK { ?s ?p ?o }", {}, {})


def test_the_credentials_never_show(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CDKG_STORE_AUTH", "analyst:s3cret-pass")
    with local_server(_Echo) as url:
        code, out, err = run("sparql", "ASK { ?s ?p ?o }", "--endpoint", f"{url}/query")
    assert (code, out) == (1, "") and "refused the query: HTTP 500" in err
    assert "s3cret" not in err and "YW5hbHlzdDpzM2NyZXQtcGFzcw" not in err
