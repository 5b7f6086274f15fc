"""Publishing: push to a real Oxigraph server, query back, replace; dead, refusing and silent stores."""

from __future__ import annotations

import base64
import io
import json
import socket
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest
from rdflib import XSD, Graph, Literal
from rdflib.compare import isomorphic

from graph import Dataset, StoreError, UsageError, load, load_schema, push, to_rdf
from graph.cli import main
from graph.rdf.store import AUTH_ENV, count_triples, default_graph
from graph.rdf.terms import decimal_lexical

from .conftest import BASE, DATA, free_port


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def canonical(g: Graph) -> Graph:
    """Decimals in their canonical form, as a store keeps them (Oxigraph writes 250000.0 as 250000)."""
    out = Graph()
    for s, p, o in g:
        if isinstance(o, Literal) and o.datatype == XSD.decimal:
            o = Literal(decimal_lexical(Decimal(str(o))), datatype=XSD.decimal)
        out.add((s, p, o))
    return out


def fetch_graph(base: str, graph: str) -> Graph:
    """The graph as the store holds it, through the Graph Store protocol's GET."""
    url = f"{base}/store?" + urllib.parse.urlencode({"graph": graph})
    request = urllib.request.Request(url, headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return canonical(Graph().parse(data=response.read().decode("utf-8"), format="nt"))


def select(base: str, query: str) -> list[dict[str, Any]]:
    body = urllib.parse.urlencode({"query": query}).encode("ascii")
    request = urllib.request.Request(
        f"{base}/query", data=body, headers={"Accept": "application/sparql-results+json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        rows: list[dict[str, Any]] = json.loads(response.read())["results"]["bindings"]
        return rows


def test_push_then_query_back(oxigraph: str, dataset: Dataset) -> None:
    graph = "https://example.org/graphs/push-then-query"
    code, out, err = run("push", f"{oxigraph}/store", "--graph", graph, "--data", str(DATA))
    assert code == 0, err
    sent = len(to_rdf(dataset))
    assert f"Pushed {sent} triples" in out and f"counts {sent} triples in the graph: it matches" in out
    assert isomorphic(fetch_graph(oxigraph, graph), canonical(to_rdf(dataset)))
    rows = select(
        oxigraph,
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        f"SELECT ?name WHERE {{ GRAPH <{graph}> {{ <https://w3id.org/cdkg/id/kering> skos:altLabel ?name }} }}",
    )
    assert sorted(r["name"]["value"] for r in rows) == sorted({a.name for a in dataset.entities["kering"].aliases})


def test_the_readme_query_runs_in_the_store(oxigraph: str, dataset: Dataset) -> None:
    graph = "https://example.org/graphs/readme"
    assert run("push", f"{oxigraph}/store", "--graph", graph, "--data", str(DATA))[0] == 0
    query = (DATA.parent / "docs" / "queries" / "opponents-of-alibaba.rq").read_text(encoding="utf-8")
    in_graph = query.replace(
        "SELECT ?who ?relation ?date ?quote WHERE {", f"SELECT ?who ?relation ?date ?quote FROM <{graph}> WHERE {{"
    )
    rows = select(oxigraph, in_graph)
    local = list(to_rdf(dataset).query(query))
    assert len(rows) == len(local) > 0
    assert {r["who"]["value"] for r in rows} == {str(r.who) for r in local}


def test_add_then_replace(oxigraph: str) -> None:
    graph = "https://example.org/graphs/replace"
    full, small = to_rdf(load(DATA)), to_rdf(load(BASE))
    assert run("push", f"{oxigraph}/store", "--graph", graph, "--data", str(DATA))[0] == 0
    code, out, _ = run("push", f"{oxigraph}/store", "--graph", graph, "--data", str(BASE))
    union = len(full + small)
    assert code == 0 and f"counts {union} triples" in out and "that were there before" in out
    code, out, _ = run("push", f"{oxigraph}/store", "--graph", graph, "--data", str(BASE), "--replace")
    assert code == 0 and f"replaced the graph <{graph}>" in out and "it matches" in out
    assert isomorphic(fetch_graph(oxigraph, graph), canonical(small))
    assert count_triples(f"{oxigraph}/query", graph) == len(small)


def test_graphs_are_separate_and_the_default_is_documented(oxigraph: str) -> None:
    result = push(to_rdf(load(BASE)).serialize(format="nt", encoding="utf-8"), f"{oxigraph}/store", replace=True)
    assert result.graph == default_graph(load_schema()) and result.matches
    assert count_triples(f"{oxigraph}/query", "https://example.org/graphs/never-pushed") == 0


def test_push_to_a_dead_port(capsys: pytest.CaptureFixture[str]) -> None:
    port = free_port()
    code, out, err = run("push", f"http://127.0.0.1:{port}/store", "--data", str(BASE))
    assert code == 1 and out == ""
    assert err.startswith(f"error: cannot reach the store at http://127.0.0.1:{port}/store (the upload):")
    assert "is it running?" in err and "Traceback" not in err + capsys.readouterr().err


@pytest.mark.parametrize(
    ("graph", "message"),
    [
        ("not an iri", "the graph IRI 'not an iri' is not an absolute IRI: it has no scheme"),
        ("http://example.org/my graph", "the graph IRI 'http://example.org/my graph' is not an absolute IRI: ' '"),
        ("<https://example.org/g>", "is not an absolute IRI: it has no scheme"),
    ],
)
def test_push_with_a_wrong_graph_iri(oxigraph: str, graph: str, message: str) -> None:
    code, out, err = run("push", f"{oxigraph}/store", "--graph", graph, "--data", str(BASE))
    assert code == 2 and out == "" and message in err


def test_a_store_that_refuses(oxigraph: str) -> None:
    code, _, err = run("push", f"{oxigraph}/nope/store", "--graph", "https://example.org/g", "--data", str(BASE))
    assert code == 1
    assert err.startswith(f"error: the store at {oxigraph}/nope/store refused the upload: HTTP 404")


def test_an_unknown_layout_needs_the_query_url(oxigraph: str) -> None:
    code, _, err = run("push", f"{oxigraph}/graphs", "--data", str(BASE))
    assert code == 2 and "give it with --query-url" in err
    code, out, _ = run("push", f"{oxigraph}/store", "--query-url", f"{oxigraph}/query", "--data", str(BASE))
    assert code == 0 and "it matches" in out


def test_credentials_in_the_url_are_refused() -> None:
    with pytest.raises(UsageError) as info:
        push(b"", "http://alice:s3cret@127.0.0.1:1/store")
    assert "s3cret" not in str(info.value) and AUTH_ENV in str(info.value)


# -- a stand-in store, to see what is sent: auth, methods, silence --------------------------


class _Recorder(BaseHTTPRequestHandler):
    requests: ClassVar[list[tuple[str, str, dict[str, str]]]] = []
    status = 200
    count = 0

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        type(self).requests.append((self.command, self.path, dict(self.headers.items())))
        if self.status != 200:
            self.send_response(self.status)
            self.send_header("WWW-Authenticate", 'Basic realm="store"')
            self.end_headers()
            self.wfile.write(b"wrong password alice:s3cret")  # a store that echoes what it got
            return
        body = b""
        if self.path.startswith("/query"):
            body = json.dumps({"results": {"bindings": [{"n": {"value": str(self.count)}}]}}).encode()
        self.send_response(200 if body else 204)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_PUT = _answer

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def stand_in() -> Iterator[tuple[str, type[_Recorder]]]:
    handler = type("Handler", (_Recorder,), {"requests": [], "status": 200, "count": 0})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", handler
    server.shutdown()
    server.server_close()


def test_basic_auth_comes_from_the_environment(
    stand_in: tuple[str, type[_Recorder]], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, handler = stand_in
    handler.count = len(to_rdf(load(BASE)))
    monkeypatch.setenv(AUTH_ENV, "alice:s3cret")
    code, out, err = run("push", f"{url}/store", "--data", str(BASE), "--replace")
    assert code == 0, err
    assert [(m, p.split("?")[0]) for m, p, _ in handler.requests] == [("PUT", "/store"), ("POST", "/query")]
    for _, _, headers in handler.requests:
        assert base64.b64decode(headers["Authorization"].removeprefix("Basic ")) == b"alice:s3cret"
    assert "s3cret" not in out + err


def test_without_replace_it_adds(stand_in: tuple[str, type[_Recorder]]) -> None:
    url, handler = stand_in
    handler.count = len(to_rdf(load(BASE)))
    assert run("push", f"{url}/store", "--data", str(BASE))[0] == 0
    assert handler.requests[0][0] == "POST"
    assert "Authorization" not in handler.requests[0][2]


def test_a_count_that_does_not_match_after_replace_fails(stand_in: tuple[str, type[_Recorder]]) -> None:
    url, handler = stand_in
    handler.count = 3
    code, _, err = run("push", f"{url}/store", "--data", str(BASE), "--replace")
    assert code == 1 and "counts 3 triples in <https://w3id.org/cdkg/graph>, but" in err


def test_a_refusal_never_shows_the_password(
    stand_in: tuple[str, type[_Recorder]], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, handler = stand_in
    handler.status = 401
    monkeypatch.setenv(AUTH_ENV, "alice:s3cret")
    code, out, err = run("push", f"{url}/store", "--data", str(BASE))
    assert code == 1
    assert "HTTP 401" in err and f"check the credentials in {AUTH_ENV}" in err
    assert "s3cret" not in out + err


def test_a_silent_store_times_out() -> None:
    """A socket that listens but never answers: the push gives up after --timeout."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        port = listener.getsockname()[1]
        with pytest.raises(
            StoreError, match=r"no answer from the store at http://127\.0\.0\.1:\d+/store within 0\.5 s"
        ):
            push(b"", f"http://127.0.0.1:{port}/store", timeout=0.5)
