#!/usr/bin/env python3
"""Take the README's screenshot of the HTML network, with the browser-test tooling.

    python build_graph.py && python docs/screenshot.py

Opens ``out/graph.html`` in Debian's chromium (headless, through Playwright,
network blocked), focuses an entity so that its neighbourhood and evidence
panel show, and writes ``docs/graph.png``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# headless, and quiet: without the background-networking flags Chromium keeps calling out
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium() -> Path:
    """The browser: $CDKG_CHROMIUM, else ``chromium`` on PATH, else Debian's /usr/bin/chromium."""
    return Path(os.environ.get("CDKG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--html", type=Path, default=ROOT / "out" / "graph.html")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "graph.png")
    parser.add_argument("--focus", default="alibaba", help="the node to focus (default: alibaba)")
    parser.add_argument("--chromium", default=str(chromium()), help="the browser (default: $CDKG_CHROMIUM or PATH's)")
    args = parser.parse_args()
    if not args.html.is_file():
        print(f"error: {args.html} not found: run `python build_graph.py` first", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=ARGS)
        context = browser.new_context(viewport={"width": 1500, "height": 900}, device_scale_factor=1)
        context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
        page = context.new_page()
        page.goto(args.html.resolve().as_uri())
        page.wait_for_selector("body[data-stabilized=true]", state="attached", timeout=60_000)
        if args.focus:
            page.evaluate("(id) => { cdkg.focus(id); cdkg.network.fit(); }", args.focus)
        page.wait_for_timeout(300)  # let the canvas repaint after the fit
        args.out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(args.out))
        browser.close()
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
