"""Hostile stores: redirects, echoed credentials, escapes, broken, huge and slow answers.

Every store here is a small server started by the test on 127.0.0.1, answering
with exactly the bytes a case needs (``ScriptedStore``); each case is also a
row of docs/hostile.md.
"""

from __future__ import annotations

import base64
import contextlib
import io
import socket
import socketserver
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from graph import StoreError, push
from graph.cli import main
from graph.rdf.store import AUTH_ENV, MAX_REPLY

from .conftest import BASE

Reply = Callable[[socket.socket, bytes], None]
"""Answers one request (its head and body as received) on the socket."""


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


class ScriptedStore:
    """A TCP server on 127.0.0.1 that answers each request with ``reply``; records what it got."""

    def __init__(self, reply: Reply) -> None:
        self.requests: list[bytes] = []
        self.sent = 0  # bytes the replies managed to send
        store = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                conn: socket.socket = self.request
                conn.settimeout(10)
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    data += chunk
                head, _, body = data.partition(b"\r\n\r\n")
                lines = head.lower().split(b"\r\n")
                length = next((int(line.split(b":")[1]) for line in lines if line.startswith(b"content-length")), 0)
                while len(body) < length:
                    body += conn.recv(65536)
                store.requests.append(head + b"\r\n\r\n" + body)
                with contextlib.suppress(OSError):  # the client hung up: what the case wants, often
                    reply(conn, head)

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def store() -> Iterator[Callable[[Reply], ScriptedStore]]:
    started: list[ScriptedStore] = []

    def start(reply: Reply) -> ScriptedStore:
        started.append(ScriptedStore(reply))
        return started[-1]

    yield start
    for s in started:
        s.close()


def answer(status: str, body: bytes = b"", headers: tuple[str, ...] = ()) -> Reply:
    def reply(conn: socket.socket, head: bytes) -> None:
        lines = [f"HTTP/1.1 {status}", f"Content-Length: {len(body)}", "Connection: close", *headers]
        conn.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)

    return reply


def counting(n: int) -> bytes:
    return b'{"results": {"bindings": [{"n": {"value": "%d"}}]}}' % n


def a_store_that_counts(n: int) -> Reply:
    """Accepts an upload (204) and answers the count query with ``n``."""

    def reply(conn: socket.socket, head: bytes) -> None:
        if head.startswith(b"POST /query"):
            answer("200 OK", counting(n), ("Content-Type: application/sparql-results+json",))(conn, head)
        else:
            answer("204 No Content")(conn, head)

    return reply


SECRET = "alice:s3cret-pass"
TOKEN = base64.b64encode(SECRET.encode()).decode()


# -- redirects ------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["301 Moved Permanently", "302 Found", "303 See Other", "307 Temporary Redirect"])
def test_a_redirect_to_another_origin_is_not_followed(
    status: str, store: Callable[[Reply], ScriptedStore], monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = store(a_store_that_counts(1360))
    first = store(answer(status, headers=(f"Location: {elsewhere.url}/steal",)))
    monkeypatch.setenv(AUTH_ENV, SECRET)
    code, out, err = run("push", f"{first.url}/store", "--data", str(BASE))
    assert code == 1 and "Pushed" not in out
    assert f"with a redirect (HTTP {status.split()[0]}) to {elsewhere.url}/steal, another origin: not followed" in err
    assert elsewhere.requests == [], "nothing, credentials least of all, reaches the other host"
    assert TOKEN not in err and "s3cret" not in err


def test_a_redirect_that_would_drop_the_upload_is_not_followed(store: Callable[[Reply], ScriptedStore]) -> None:
    first = store(answer("303 See Other", headers=("Location: /elsewhere",)))
    code, out, err = run("push", f"{first.url}/store", "--data", str(BASE))
    assert code == 1 and out == ""
    assert "(HTTP 303) to " + first.url + "/elsewhere: not followed (it would turn the request into a GET)" in err
    assert len(first.requests) == 1


def test_a_307_within_the_store_is_followed_with_its_body(store: Callable[[Reply], ScriptedStore]) -> None:
    def reply(conn: socket.socket, head: bytes) -> None:
        if head.startswith(b"POST /store"):
            answer("307 Temporary Redirect", headers=("Location: /real/store?graph=x",))(conn, head)
        else:
            a_store_that_counts(len_sent())(conn, head)

    def len_sent() -> int:
        return sum(1 for line in s.requests[0].split(b"\r\n\r\n", 1)[1].splitlines() if line.strip())

    s = store(reply)
    code, _, err = run("push", f"{s.url}/store", "--data", str(BASE), "--query-url", f"{s.url}/query")
    assert code == 0, err
    assert [r.split(b" ")[:2] for r in s.requests] == [
        [b"POST", b"/store?graph=https%3A%2F%2Fw3id.org%2Fcdkg%2Fgraph"],
        [b"POST", b"/real/store?graph=x"],
        [b"POST", b"/query"],
    ]
    assert s.requests[0].split(b"\r\n\r\n", 1)[1] == s.requests[1].split(b"\r\n\r\n", 1)[1]


# -- credentials and escapes in what the store says ---------------------------------------


def test_a_refused_login_never_shows_the_token(
    store: Callable[[Reply], ScriptedStore], monkeypatch: pytest.MonkeyPatch
) -> None:
    echo = f"you sent Authorization: Basic {TOKEN} ({SECRET}, s3cret-pass, {TOKEN.rstrip('=')})".encode()
    s = store(answer(f"401 Basic {TOKEN}", echo, ('WWW-Authenticate: Basic realm="x"',)))
    monkeypatch.setenv(AUTH_ENV, SECRET)
    code, out, err = run("push", f"{s.url}/store", "--data", str(BASE))
    assert code == 1 and "HTTP 401" in err and f"check the credentials in {AUTH_ENV}" in err
    for form in (TOKEN, TOKEN.rstrip("="), SECRET, "s3cret", "alice%3As3cret"):
        assert form not in out + err


def test_an_error_page_that_echoes_the_token_is_scrubbed(
    store: Callable[[Reply], ScriptedStore], monkeypatch: pytest.MonkeyPatch
) -> None:
    s = store(answer("500 Oops", f"header was Basic {TOKEN}; password s3cret-pass".encode()))
    monkeypatch.setenv(AUTH_ENV, SECRET)
    code, _, err = run("push", f"{s.url}/store", "--data", str(BASE))
    assert code == 1 and "HTTP 500 Oops: header was Basic ***; password ***" in err


def test_escapes_in_an_error_page_reach_the_terminal_escaped(store: Callable[[Reply], ScriptedStore]) -> None:
    s = store(answer("500 \x1b[31mred", b"\x1b[2J\x1b]0;owned\x07 body \xe2\x80\xae"))
    code, _, err = run("push", f"{s.url}/store", "--data", str(BASE))
    assert code == 1
    assert "\x1b" not in err and "\x07" not in err and "\u202e" not in err
    assert "HTTP 500 \\u001b[31mred: \\u001b[2J\\u001b]0;owned\\u0007 body \\u202e" in err


# -- broken, huge and slow answers ---------------------------------------------------------


def raw(data: bytes, then_wait: float = 0.0) -> Reply:
    def reply(conn: socket.socket, head: bytes) -> None:
        conn.sendall(data)
        time.sleep(then_wait)

    return reply


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (raw(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nonly this"), "cut its answer to the upload short"),
        (raw(b"SSH-2.0-OpenSSH_9.2\r\n"), "did not answer the upload in HTTP (is that the store's address?)"),
        (raw(b"HTTP/1.1 200 OK\r\nX-Big: " + b"a" * 70_000 + b"\r\n\r\n"), "a header line over 64 KiB"),
        (
            raw(b"HTTP/1.1 200 OK\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(150)) + b"\r\n"),
            "sent a malformed answer to the upload: got more than 100 headers",
        ),
        (raw(b""), "closed the connection without answering the upload"),
    ],
    ids=["truncated", "not-http", "huge-header", "too-many-headers", "closed"],
)
def test_a_broken_answer_is_a_clear_error(
    reply: Reply, message: str, store: Callable[[Reply], ScriptedStore], capsys: pytest.CaptureFixture[str]
) -> None:
    s = store(reply)
    code, out, err = run("push", f"{s.url}/store", "--data", str(BASE))
    assert code == 1 and out == "" and err.startswith(f"error: the store at {s.url}/store ")
    assert message in err and "Traceback" not in err + capsys.readouterr().err


def test_a_store_that_drips_is_cut_off_at_the_deadline(store: Callable[[Reply], ScriptedStore]) -> None:
    """One byte every 0.1 s: each read is quick, the whole is not. Left alone it would finish after
    about 10 s and the push would succeed; the deadline of 1 s for the whole request cuts it off."""
    whole = b"HTTP/1.1 204 No Content\r\nX-Pad: " + b"." * 100 + b"\r\n\r\n"

    def drip(conn: socket.socket, head: bytes) -> None:
        for i in range(len(whole)):
            conn.sendall(whole[i : i + 1])
            time.sleep(0.1)

    s = store(drip)
    with pytest.raises(StoreError, match=r"no answer from the store at .* within 1 s \(the upload\)"):
        push(b"<http://x/s> <http://x/p> <http://x/o> .\n", f"{s.url}/store", timeout=1)


def test_a_huge_answer_is_not_read_whole(store: Callable[[Reply], ScriptedStore]) -> None:
    """The count query answered with 200 MB: push reads 1 MiB and stops; the store could not send the rest."""
    size = 200 * 2**20

    def reply(conn: socket.socket, head: bytes) -> None:
        if not head.startswith(b"POST /query"):
            return answer("204 No Content")(conn, head)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % size)
        chunk = b" " * 2**20
        for _ in range(size // len(chunk)):
            conn.sendall(chunk)
            s.sent += len(chunk)

    s = store(reply)
    with pytest.raises(StoreError, match="did not answer the count query with SPARQL JSON results"):
        push(b"<http://x/s> <http://x/p> <http://x/o> .\n", f"{s.url}/store", timeout=20)
    time.sleep(0.2)
    assert s.sent < 64 * 2**20, s.sent  # what the socket buffers took, not 200 MB
    assert MAX_REPLY == 2**20


def test_no_proxy_from_the_environment_is_used(
    store: Callable[[Reply], ScriptedStore], monkeypatch: pytest.MonkeyPatch
) -> None:
    proxy = store(answer("502 Bad Gateway"))
    s = store(a_store_that_counts(1))
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "all_proxy"):
        monkeypatch.setenv(name, proxy.url)
    result = push(b"<http://x/s> <http://x/p> <http://x/o> .\n", f"{s.url}/store", timeout=10)
    assert result.matches and proxy.requests == []


# -- numbers on the command line ---------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["push", "http://127.0.0.1:1/store", "--timeout", "-1"], "expected a number of seconds above 0"),
        (["push", "http://127.0.0.1:1/store", "--timeout", "nan"], "not 'nan'"),
        (["push", "http://127.0.0.1:1/store", "--timeout", "inf"], "not 'inf'"),
        (["push", "http://127.0.0.1:1/store", "--timeout", "1e300"], "at most 86400, not '1e300'"),
        (["push", "http://127.0.0.1:1/store", "--timeout", "0"], "not '0'"),
        (["sparql", "ASK {}", "--timeout", "nan"], "not 'nan'"),
        (["sparql", "ASK {}", "--memory", "-5"], "expected a whole number of 1 or more, not '-5'"),
        (["--max-nodes", "-5", "--out", "{tmp}"], "expected a whole number of 0 or more, not '-5'"),
        (["--max-nodes", "1e300", "--out", "{tmp}"], "not '1e300'"),
        (["--hops", "-1", "--out", "{tmp}"], "expected a whole number of 0 or more, not '-1'"),
        (["build", "--hops", "nan", "--out", "{tmp}"], "not 'nan'"),
        (["path", "gucci", "kering", "--limit", "0"], "expected a whole number of 1 or more, not '0'"),
    ],
)
def test_numbers_are_checked_by_the_parser(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(*(a.replace("{tmp}", str(tmp_path / "out")) for a in args), "--data", str(BASE))
    assert code == 2 and out == ""
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
