"""Publishing the graph to a triple store through the standard protocols.

:func:`push` uploads N-Triples to a SPARQL 1.1 Graph Store HTTP Protocol
endpoint (Oxigraph ``/store``, Fuseki ``/DATASET/data``, GraphDB and RDF4J
``/repositories/REPO/rdf-graphs/service``) into one named graph, then counts
the graph's triples through the store's SPARQL query endpoint. Only the
standard library (``http.client``) is used.

* Without ``replace`` the triples are added to the graph (HTTP ``POST``).
* With ``replace`` the graph's content is replaced in one HTTP ``PUT``: the
  store swaps it in one transaction, so a reader sees the old graph or the
  new one, never a mix or an empty graph.
* HTTP basic auth comes from the environment variable ``CDKG_STORE_AUTH``
  (``user:password``); it never appears on the command line, in a message or
  in an error, in any form (the password, the base64 token, URL-encoded), and
  the body of a refused login is never shown.
* Requests go to the store's own origin only: a redirect to another scheme,
  host or port is refused with a message (the credentials and the data go
  nowhere else), and so is one that would turn the upload into a ``GET``; a
  ``307`` or ``308`` within the origin is followed. No proxy is taken from the
  environment.
* ``timeout`` is one deadline for each request, answer included (a store
  that sends a byte a second is cut off), and at most 1 MiB of an answer is
  read. A truncated, malformed or non-HTTP answer is a clear error.

>>> guess_query_url("http://127.0.0.1:7878/store")
'http://127.0.0.1:7878/query'
>>> guess_query_url("http://localhost:3030/cdkg/data")
'http://localhost:3030/cdkg/query'
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import json
import socket
import threading
import urllib.parse
from dataclasses import dataclass

from ..errors import StoreError, UsageError
from ..schema import Schema, load_schema

__all__ = [
    "AUTH_ENV",
    "MAX_ANSWER",
    "PushResult",
    "check_iri",
    "count_triples",
    "default_graph",
    "guess_query_url",
    "push",
    "sparql_request",
]

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
    try:
        parts.port  # noqa: B018 - raises for a port that is not a number
    except ValueError:
        raise UsageError(f"the {what} has a port that is not a number: '{_shown(url)}'") from None
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


MAX_REPLY = 1 << 20
"""The most of a store's answer that is read (1 MiB): a count's results, or an error's first words."""

MAX_REDIRECTS = 3
"""Redirects followed within the store's own origin (307 and 308 only: they keep the method and the body)."""


def _origin(parts: urllib.parse.SplitResult) -> tuple[str, str, int | None]:
    default = {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), parts.port or default


class _Answer:
    """A store's answer: status, reason, Location and at most :data:`MAX_REPLY` (+1) bytes of body."""

    def __init__(self, status: int, reason: str, location: str, body: bytes) -> None:
        self.status, self.reason, self.location, self.body = status, reason, location, body


class _Client:
    """HTTP requests to one store, with ``http.client`` alone: no redirect is followed to another
    origin, no proxy is taken from the environment, every request has one deadline for everything
    (connecting, sending, the headers and the body of the answer), and no answer is read past
    :data:`MAX_REPLY` bytes."""

    def __init__(self, auth: str | None, timeout: float, max_reply: int = MAX_REPLY) -> None:
        self.max_reply = max_reply
        if not 0 < timeout < float("inf"):  # nan and inf too
            raise UsageError(f"the timeout must be a number of seconds above 0, not {timeout}")
        self.timeout = timeout
        self.secrets: list[str] = []
        self.headers: dict[str, str] = {}
        if auth:
            if ":" not in auth:
                raise UsageError(f"{AUTH_ENV} must hold user:password")
            token = base64.b64encode(auth.encode("utf-8")).decode("ascii")
            self.headers["Authorization"] = f"Basic {token}"
            password = auth.partition(":")[2]
            forms = {auth, password, token, token.rstrip("="), base64.urlsafe_b64encode(auth.encode()).decode()}
            forms |= {urllib.parse.quote(f, safe="") for f in (auth, password)}
            forms |= {urllib.parse.quote_plus(f) for f in (auth, password)}
            self.secrets = sorted((f for f in forms if len(f) >= 3), key=len, reverse=True)

    def scrub(self, text: str) -> str:
        """``text`` with the credentials, in any of the forms they were sent or could be echoed, as ``***``."""
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return text

    def send(self, method: str, url: str, body: bytes, headers: dict[str, str], what: str) -> bytes:
        """The body of the store's answer (at most :data:`MAX_REPLY` + 1 bytes), or a StoreError."""
        shown = _shown(url).partition("?")[0]
        for _ in range(MAX_REDIRECTS + 1):
            answer = self._once(method, url, body, headers, what)
            if 300 <= answer.status < 400:
                url = self._redirected(url, answer, what)
                continue
            if answer.status >= 400:
                raise StoreError(self.scrub(self._refusal(_shown(url).partition("?")[0], answer, what)))
            return answer.body
        raise StoreError(f"the store at {shown} redirected {what} more than {MAX_REDIRECTS} times; not followed")

    def _redirected(self, url: str, answer: _Answer, what: str) -> str:
        """Where a redirect leads, if it may be followed: 307 or 308, within the same origin."""
        shown = _shown(url).partition("?")[0]
        try:
            target = urllib.parse.urljoin(url, answer.location) if answer.location else ""
            where = f" to {_shown(target)}" if target else " with no Location"
            same = bool(target) and _origin(urllib.parse.urlsplit(target)) == _origin(urllib.parse.urlsplit(url))
        except ValueError:  # a Location that is not a URL
            target, where, same = "", f" to '{answer.location[:200]}'", False
        head = f"the store at {shown} answered {what} with a redirect (HTTP {answer.status}){where}"
        if not target:
            raise StoreError(self.scrub(head + "; not followed"))
        if not same:
            raise StoreError(
                self.scrub(
                    f"{head}, another origin: not followed, so neither the data nor the credentials go there; "
                    "push to that URL yourself if it is the store"
                )
            )
        if answer.status not in (307, 308):
            raise StoreError(
                self.scrub(f"{head}: not followed (it would turn the request into a GET); push to that URL instead")
            )
        return target

    def _refusal(self, shown: str, answer: _Answer, what: str) -> str:
        denied = answer.status in (401, 403, 407)
        hint = f" (check the credentials in {AUTH_ENV})" if denied else ""
        # the body of a refused login is not shown at all: it is where a store would echo the credentials
        detail = "" if denied else " ".join(answer.body[:2000].decode("utf-8", "replace").split())[:300]
        reason = " ".join(answer.reason.split())[:100]
        return f"the store at {shown} refused {what}: HTTP {answer.status} {reason}{hint}" + (
            f": {detail}" if detail else ""
        )

    def _once(self, method: str, url: str, body: bytes, headers: dict[str, str], what: str) -> _Answer:
        parts = urllib.parse.urlsplit(url)
        shown = _shown(url).partition("?")[0]
        kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        conn = kind(parts.hostname or "", parts.port, timeout=self.timeout)
        expired = threading.Event()

        def expire() -> None:  # the one deadline: a store sending a byte a second is cut off too
            expired.set()
            if conn.sock is not None:
                with contextlib.suppress(OSError):
                    conn.sock.shutdown(socket.SHUT_RDWR)

        timer = threading.Timer(self.timeout, expire)
        timer.daemon = True
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        timer.start()
        try:
            conn.request(method, path, body=body, headers={**self.headers, **headers})
            response = conn.getresponse()
            data = response.read(self.max_reply + 1)
            if expired.is_set():
                raise TimeoutError
            if len(data) <= self.max_reply and response.length:  # the answer ended before its announced length
                raise http.client.IncompleteRead(data, response.length)
            return _Answer(response.status, response.reason, response.getheader("Location") or "", data)
        except (TimeoutError, OSError, http.client.HTTPException) as exc:
            if expired.is_set() or isinstance(exc, TimeoutError):
                raise StoreError(f"no answer from the store at {shown} within {self.timeout:g} s ({what})") from None
            raise StoreError(self.scrub(_failure(shown, exc, what))) from None
        finally:
            timer.cancel()
            conn.close()


def _failure(shown: str, exc: Exception, what: str) -> str:
    """What went wrong on the way to the store, or in its answer, in words."""
    if isinstance(exc, http.client.RemoteDisconnected):
        return f"the store at {shown} closed the connection without answering {what}"
    if isinstance(exc, http.client.BadStatusLine):
        return f"the store at {shown} did not answer {what} in HTTP (is that the store's address?)"
    if isinstance(exc, http.client.IncompleteRead):
        return f"the store at {shown} cut its answer to {what} short ({len(exc.partial)} bytes, then nothing)"
    if isinstance(exc, http.client.LineTooLong):
        return f"the store at {shown} answered {what} with a header line over 64 KiB; not read"
    if isinstance(exc, http.client.HTTPException):
        text = " ".join(str(exc).split())[:200]
        return f"the store at {shown} sent a malformed answer to {what}: {text}"
    text = getattr(exc, "strerror", None) or str(exc)
    return f"cannot reach the store at {shown} ({what}): {text}; is it running?"


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
        if len(data) > MAX_REPLY:
            raise ValueError("over the answer's limit")
        return int(json.loads(data)["results"]["bindings"][0]["n"]["value"])
    except (ValueError, KeyError, IndexError, TypeError, RecursionError):
        raise StoreError(
            f"the query endpoint {_shown(query_url)} did not answer the count query with SPARQL JSON results"
        ) from None


MAX_ANSWER = 256 << 20
"""The most of a query's answer that :func:`sparql_request` reads (256 MiB); a larger one is refused."""


def sparql_request(url: str, query: str, accept: str, auth: str | None = None, timeout: float = 60.0) -> bytes:
    """The answer of a SPARQL 1.1 query endpoint to ``query`` (an HTTP POST of the form), as bytes.

    The same client as :func:`push`: the endpoint's origin only, one deadline per request, no proxy,
    the credentials (``auth``) never in a message; at most :data:`MAX_ANSWER` bytes are read.
    """
    _check_url(url, "SPARQL endpoint")
    client = _Client(auth, timeout, MAX_ANSWER)
    body = urllib.parse.urlencode({"query": query}).encode("utf-8")
    data = client.send(
        "POST", url, body, {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}, "the query"
    )
    if len(data) > MAX_ANSWER:
        raise StoreError(
            f"the answer of {_shown(url)} is over {MAX_ANSWER >> 20} MiB; not read (narrow the query, or add a LIMIT)"
        )
    return data


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
