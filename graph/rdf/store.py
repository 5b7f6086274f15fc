"""Publishing the graph to a triple store through the standard protocols.

:func:`push` uploads N-Triples to a SPARQL 1.1 Graph Store HTTP Protocol
endpoint (Oxigraph ``/store``, Fuseki ``/DATASET/data``, GraphDB and RDF4J
``/repositories/REPO/rdf-graphs/service``) into one named graph, then counts
the graph's triples through the store's SPARQL query endpoint. Only the
standard library (``urllib``) is used.

* Without ``replace`` the triples are added to the graph (HTTP ``POST``).
* With ``replace`` the graph's content is replaced in one HTTP ``PUT``: the
  store swaps it in one transaction, so a reader sees the old graph or the
  new one, never a mix or an empty graph.
* HTTP basic auth comes from the environment variable ``CDKG_STORE_AUTH``
  (``user:password``); it never appears on the command line, in a message or
  in an error.

>>> guess_query_url("http://127.0.0.1:7878/store")
'http://127.0.0.1:7878/query'
>>> guess_query_url("http://localhost:3030/cdkg/data")
'http://localhost:3030/cdkg/query'
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from ..errors import StoreError, UsageError
from ..schema import Schema, load_schema

__all__ = ["AUTH_ENV", "PushResult", "check_iri", "count_triples", "default_graph", "guess_query_url", "push"]

AUTH_ENV = "CDKG_STORE_AUTH"
_IRI_FORBIDDEN = set(' <>"{}|\\^`') | {chr(c) for c in range(0x21)}


def default_graph(schema: Schema | None = None) -> str:
    """The named graph :func:`push` uploads into unless told: the schema's ``vocabulary.graph``.

    >>> default_graph()
    'https://w3id.org/cdkg/graph'
    """
    return (schema or load_schema()).vocabulary.graph


def check_iri(iri: str, what: str = "graph IRI") -> str:
    """An absolute IRI, or a :class:`~graph.errors.UsageError` saying what is wrong.

    >>> check_iri("https://w3id.org/cdkg/graph")
    'https://w3id.org/cdkg/graph'
    >>> check_iri("my graph")
    Traceback (most recent call last):
    ...
    graph.errors.UsageError: the graph IRI 'my graph' is not an absolute IRI: it has no scheme (...)
    """
    scheme, sep, rest = iri.partition(":")
    example = "write it like https://example.org/graph"
    if not sep or not scheme or not scheme[0].isalpha() or not all(c.isalnum() or c in "+-." for c in scheme):
        raise UsageError(f"the {what} '{iri}' is not an absolute IRI: it has no scheme ({example})")
    bad = sorted({c for c in iri if c in _IRI_FORBIDDEN})
    if bad or not rest:
        shown = ", ".join(repr(c) for c in bad) or "nothing after the scheme"
        raise UsageError(f"the {what} '{iri}' is not an absolute IRI: {shown} ({example})")
    return iri


def _check_url(url: str, what: str) -> urllib.parse.SplitResult:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"the {what} must be an http:// or https:// URL, not '{_shown(url)}'")
    if parts.username or parts.password:
        raise UsageError(
            f"put the store's credentials in the environment variable {AUTH_ENV} (user:password), "
            f"not in the URL {_shown(url)}"
        )
    return parts


def _shown(url: str) -> str:
    """The URL without any user:password part."""
    parts = urllib.parse.urlsplit(url)
    if "@" in parts.netloc:
        parts = parts._replace(netloc="***@" + parts.netloc.rpartition("@")[2])
    return urllib.parse.urlunsplit(parts)


def guess_query_url(store_url: str) -> str | None:
    """The SPARQL query endpoint beside a Graph Store endpoint, for the stores whose layout is known."""
    parts = urllib.parse.urlsplit(store_url)
    path = parts.path.rstrip("/")
    for suffix, replacement in (("/store", "/query"), ("/data", "/query"), ("/rdf-graphs/service", "")):
        if path.endswith(suffix):
            return urllib.parse.urlunsplit(parts._replace(path=path[: -len(suffix)] + replacement, query=""))
    return None


@dataclass(frozen=True)
class PushResult:
    """What a push did: the graph, the triples sent and the count the store reports."""

    store_url: str
    query_url: str
    graph: str
    sent: int
    counted: int
    replaced: bool

    @property
    def matches(self) -> bool:
        """Whether the store holds exactly the triples sent."""
        return self.sent == self.counted


class _Client:
    def __init__(self, auth: str | None, timeout: float) -> None:
        self.timeout = timeout
        self.secret = auth or ""
        self.headers: dict[str, str] = {}
        if auth:
            if ":" not in auth:
                raise UsageError(f"{AUTH_ENV} must hold user:password")
            token = base64.b64encode(auth.encode("utf-8")).decode("ascii")
            self.headers["Authorization"] = f"Basic {token}"

    def scrub(self, text: str) -> str:
        if self.secret:
            for secret in {self.secret, self.secret.partition(":")[2]} - {""}:
                text = text.replace(secret, "***")
        return text

    def send(self, method: str, url: str, body: bytes, headers: dict[str, str], what: str) -> bytes:
        # only http(s) URLs reach here (_check_url)
        request = urllib.request.Request(url, data=body, method=method, headers={**self.headers, **headers})  # noqa: S310
        shown = _shown(url).partition("?")[0]
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                data: bytes = response.read()
                return data
        except urllib.error.HTTPError as exc:
            detail = " ".join(exc.read(2000).decode("utf-8", "replace").split())[:300]
            hint = " (check the credentials in " + AUTH_ENV + ")" if exc.code in (401, 403) else ""
            raise StoreError(
                self.scrub(
                    f"the store at {shown} refused {what}: HTTP {exc.code} {exc.reason}{hint}"
                    + (f": {detail}" if detail else "")
                )
            ) from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, TimeoutError):
                raise StoreError(f"no answer from the store at {shown} within {self.timeout:g} s ({what})") from None
            text = getattr(reason, "strerror", None) or str(reason)
            raise StoreError(
                self.scrub(f"cannot reach the store at {shown} ({what}): {text}; is it running?")
            ) from None
        except TimeoutError:
            raise StoreError(f"no answer from the store at {shown} within {self.timeout:g} s ({what})") from None
        except OSError as exc:
            raise StoreError(self.scrub(f"cannot reach the store at {shown} ({what}): {exc}")) from None


def count_triples(query_url: str, graph: str, auth: str | None = None, timeout: float = 60.0) -> int:
    """The number of triples in ``graph``, by a SPARQL ``COUNT`` query to ``query_url``."""
    _check_url(query_url, "query endpoint")
    check_iri(graph)
    client = _Client(auth, timeout)
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    body = urllib.parse.urlencode({"query": query}).encode("ascii")
    data = client.send(
        "POST",
        query_url,
        body,
        {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"},
        "the count query",
    )
    try:
        return int(json.loads(data)["results"]["bindings"][0]["n"]["value"])
    except (ValueError, KeyError, IndexError, TypeError):
        raise StoreError(
            f"the query endpoint {_shown(query_url)} did not answer the count query with SPARQL JSON results"
        ) from None


def push(
    ntriples: bytes,
    store_url: str,
    graph: str | None = None,
    replace: bool = False,
    query_url: str | None = None,
    auth: str | None = None,
    timeout: float = 60.0,
    schema: Schema | None = None,
) -> PushResult:
    """Upload N-Triples into ``graph`` at a Graph Store endpoint, then count the graph's triples.

    ``graph`` defaults to :func:`default_graph` of ``schema`` (the packaged schema if none is given).

    ``auth`` is ``user:password`` for HTTP basic auth (the CLI reads it from
    ``CDKG_STORE_AUTH``). Raises :class:`~graph.errors.UsageError` for a bad
    URL or IRI (before anything is sent) and :class:`~graph.errors.StoreError`
    when the store cannot be reached, times out or refuses.
    """
    parts = _check_url(store_url, "store URL")
    graph = graph or default_graph(schema)
    check_iri(graph)
    query_url = query_url or guess_query_url(store_url)
    if query_url is None:
        raise UsageError(
            f"cannot tell the SPARQL query endpoint of {_shown(store_url)}; give it with --query-url "
            "(known layouts: Oxigraph .../store, Fuseki .../data, GraphDB and RDF4J .../rdf-graphs/service)"
        )
    _check_url(query_url, "query endpoint")
    client = _Client(auth, timeout)
    params = [*urllib.parse.parse_qsl(parts.query), ("graph", graph)]
    target = urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(params)))
    client.send(
        "PUT" if replace else "POST",
        target,
        ntriples,
        {"Content-Type": "application/n-triples"},
        "the replacement of the graph" if replace else "the upload",
    )
    sent = sum(1 for line in ntriples.splitlines() if line.strip() and not line.startswith(b"#"))
    counted = count_triples(query_url, graph, auth, timeout)
    return PushResult(_shown(store_url), _shown(query_url), graph, sent, counted, replace)
