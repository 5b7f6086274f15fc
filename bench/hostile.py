#!/usr/bin/env python3
"""The hostile inputs that were slow or greedy on purpose (docs/hostile.md), timed before and after.

    python bench/hostile.py            # the sizes of the issue
    python bench/hostile.py --small    # a quick run (the tests' smoke run)

"Before" is what the code did until then, measured in the same run: rdflib's
N-Triples and Turtle readers (the RDF reader now uses pyoxigraph's), and
saying where every quote not found parts ways with its source (now within a
budget). "After" is the current code. Each case runs in this process; the
push cases against a server started here on 127.0.0.1. Wall-clock seconds on
whatever machine this is: compare within one run.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import resource
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def _escapes(n: int) -> bytes:
    label = '\\u0041\\n\\"' * n
    return f'<https://w3id.org/cdkg/id/x> <http://www.w3.org/2000/01/rdf-schema#label> "{label}" .\n'.encode()


def _prefixes(n: int) -> bytes:
    return "".join(f"@prefix p{i}: <http://example.org/{i}/> .\n" for i in range(n)).encode()


def reading(small: bool) -> None:
    import rdflib

    from graph.errors import DataError
    from graph.rdf.parse import from_rdf

    print("## Reading RDF back (import)")
    print(f"{'case':40} {'size':>9} {'rdflib':>9} {'now':>9}")
    cases = [
        (
            "a literal of escapes, N-Triples",
            ".nt",
            "nt",
            _escapes,
            [25_000, 50_000] if small else [45_000, 90_000, 180_000],
        )
    ]
    cases.append(
        ("@prefix lines, Turtle", ".ttl", "turtle", _prefixes, [2_000, 4_000] if small else [5_000, 10_000, 20_000])
    )
    for what, suffix, fmt, make, sizes in cases:
        for n in sizes:
            data = make(n)
            with tempfile.NamedTemporaryFile(suffix=suffix) as fh:
                fh.write(data)
                fh.flush()

                def rdflib_reads(d: bytes = data, f: str = fmt) -> None:
                    rdflib.Graph().parse(data=d.decode(), format=f)

                before = _timed(rdflib_reads)

                def now(name: str = fh.name) -> None:
                    with contextlib.suppress(DataError):  # off the pattern: read all the same, which is timed
                        from_rdf(name)

                after = _timed(now)
            print(f"{what + f' ({n:,})':40} {len(data) / 1e6:7.2f}MB {before:8.2f}s {after:8.3f}s")


def quotes(small: bool) -> None:
    from graph.model import evidence
    from graph.model.rules import find_quote, fold_quotes, normalise_space

    size, n = (5_000_000, 20) if small else (50_000_000, 100)
    rng = random.Random(7)  # noqa: S311 - made-up text, not a secret
    words = ["alpha", "beta", "gamma", "delta", "counterfeit", "brand", "lawsuit", "court", "Alibaba", "Gucci"]
    text = normalise_space(" ".join(rng.choice(words) for _ in range(size // 6)))[:size]
    folded = fold_quotes(text)
    wrong = [f"Gucci sued Alibaba in the New York court in May 2015, quote number {i}" for i in range(n)]
    before = _timed(lambda: [find_quote(q, text, folded) for q in wrong])
    budget = evidence.WHERE_BUDGET

    def now() -> None:
        left = budget
        for q in wrong:
            find_quote(q, text, folded, left > 0)
            left -= len(text) * len(q).bit_length()

    after = _timed(now)
    print(
        f"\n## {n} quotes not found in a {len(text) / 1e6:.0f} MB source (the loader's budget: {budget:,} characters)"
    )
    print(
        f"before: {before:.2f} s ({before / n * 1000:.0f} ms each); now: {after:.2f} s ({after / n * 1000:.0f} ms each)"
    )


def _drip_server(whole: bytes, delay: float) -> tuple[socket.socket, int]:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)

    def serve() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            conn.recv(1 << 20)
            try:
                for i in range(len(whole)):
                    conn.sendall(whole[i : i + 1])
                    time.sleep(delay)
            except OSError:
                pass
            conn.close()

    threading.Thread(target=serve, daemon=True).start()
    return listener, listener.getsockname()[1]


_PEAK = "print(next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM')) / 1024)"
"""The peak RSS of this process (ru_maxrss would count the forking parent's: it survives exec on Linux)."""

_HUGE = """
import sys
sys.path.insert(0, sys.argv[2])
from graph import StoreError
from graph.rdf.store import count_triples
try:
    count_triples(sys.argv[1], "https://w3id.org/cdkg/graph", timeout=120)
except StoreError:
    pass
"""


_URLLIB = """
import sys, urllib.request
urllib.request.urlopen(urllib.request.Request(sys.argv[1], data=b"query=x"), timeout=120).read()
"""
"""What the store client did before: urllib, the answer read whole."""


def push(small: bool) -> None:
    from graph import StoreError, push

    print("\n## push")
    whole = b"HTTP/1.1 204 No Content\r\nX-Pad: " + b"." * 100 + b"\r\n\r\n"
    listener, port = _drip_server(whole, 0.05 if small else 0.2)
    started = time.perf_counter()
    try:
        push(b"<http://x/s> <http://x/p> <http://x/o> .\n", f"http://127.0.0.1:{port}/store", timeout=1 if small else 3)
    except StoreError as exc:
        took = time.perf_counter() - started
        print(f"a store sending a byte every {0.05 if small else 0.2} s: gave up after {took:.1f} s ({exc})")
    listener.close()
    size = (50 if small else 400) * 2**20
    peaks = [_huge_answer(_HUGE + _PEAK, size), _huge_answer(_URLLIB + _PEAK, size)]
    only_import = "import graph.rdf.store\n" + _PEAK
    floor = subprocess.run([sys.executable, "-c", only_import], capture_output=True, text=True, check=True, cwd=ROOT)
    print(
        f"a {size / 2**20:.0f} MiB answer to the count query: peak RSS {peaks[0]:.0f} MiB, before (urllib, read "
        f"whole) {peaks[1]:.0f} MiB; a process that only imports the store module: {float(floor.stdout):.0f} MiB"
    )


def _huge_answer(script: str, size: int) -> float:
    """The peak RSS of ``script`` asking a server that answers with ``size`` bytes."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)

    def serve() -> None:
        conn, _ = server.accept()
        conn.recv(1 << 20)
        try:
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % size)
            chunk = b" " * 2**20
            for _ in range(size // len(chunk)):
                conn.sendall(chunk)
            conn.shutdown(socket.SHUT_WR)
            while conn.recv(1 << 16):  # until the client hangs up: closing with its bytes unread would reset it
                pass
        except OSError:
            pass
        conn.close()

    threading.Thread(target=serve, daemon=True).start()
    url = f"http://127.0.0.1:{server.getsockname()[1]}/query"
    proc = subprocess.run([sys.executable, "-c", script, url, str(ROOT)], capture_output=True, text=True)
    if proc.returncode:
        raise RuntimeError(proc.stderr)
    server.close()
    return float(proc.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", action="store_true", help="small sizes: a smoke run")
    args = parser.parse_args()
    reading(args.small)
    quotes(args.small)
    push(args.small)
    print(f"\npeak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
