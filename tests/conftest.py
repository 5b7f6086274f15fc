"""Shared fixtures: the real curated data, small fixture datasets, a browser."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import networkx as nx
import pytest

from docs.screenshot import ARGS as CHROMIUM_ARGS  # one set of launch flags for the tests and the screenshot
from docs.screenshot import chromium
from graph import Dataset, build, load, to_networkx

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BASE = FIXTURES / "base"
CHROMIUM = chromium()  # $CDKG_CHROMIUM, else `chromium` on PATH, else /usr/bin/chromium


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    return load(DATA)


@pytest.fixture(scope="session")
def G(dataset: Dataset) -> nx.MultiDiGraph:
    return to_networkx(dataset)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One full build of the real data; the output directory."""
    out = tmp_path_factory.mktemp("out")
    build(DATA, out)
    return out


@pytest.fixture
def make_data(tmp_path: Path) -> Callable[..., Path]:
    """Copy the base fixture dataset, overlay files, return the data directory."""

    def make(*overlays: Path, files: dict[str, str] | None = None) -> Path:
        target = tmp_path / "data"
        shutil.copytree(BASE, target)
        for overlay in overlays:
            shutil.copytree(overlay, target, dirs_exist_ok=True)
        for name, text in (files or {}).items():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            (target / name).write_text(text, encoding="utf-8")
        return target

    return make


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's chromium, headless, driven by Playwright (no browser download)."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium; .ci/run does), "
            "or name the browser in CDKG_CHROMIUM"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


# -- a real triple store, for push and the examples that use it --------------------------


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _oxigraph() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(found).exists():
        pytest.fail("the oxigraph server is not installed: pip install -e '.[test]' (PyPI package oxigraph)")
    return found


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Oxigraph server on 127.0.0.1 and a free port, in memory; its base URL. Stopped by its PID."""
    port = free_port()
    log = (tmp_path_factory.mktemp("oxigraph") / "server.log").open("wb")
    proc = subprocess.Popen([_oxigraph(), "serve", "--bind", f"127.0.0.1:{port}"], stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):  # up to ~20 s for the server to listen
            if proc.poll() is not None:
                pytest.fail(f"oxigraph serve exited with {proc.returncode}: see {log.name}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("oxigraph serve did not start listening")
        yield base
    finally:
        os.kill(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


@contextmanager
def local_server(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """A threaded HTTP server on 127.0.0.1 with ``handler``, on a free port; its base URL, shut down after."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def open_page(browser: object) -> Iterator[Callable[[Path], object]]:
    """Open pages (each in its own context, every request recorded and blocked), closed after the test."""
    from .test_html import Page

    pages: list[Page] = []

    def open_(path: Path) -> Page:
        pages.append(Page(browser, path))
        return pages[-1]

    yield open_
    for p in pages:
        p.close()
