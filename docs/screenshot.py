#!/usr/bin/env python3
"""Take the README's screenshots of the HTML explorer, one per view, with the browser-test tooling.

    python build_graph.py && python docs/screenshot.py

Opens ``out/graph.html`` in Debian's chromium (headless, through Playwright,
network blocked) at each view's permalink (:data:`VIEWS`: the state is in the
URL's fragment, as a user would share it) and writes ``docs/NAME.png``.
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


VIEWS = {
    # the network focused on Alibaba, its evidence in the panel
    "graph": "focus=alibaba&item=node%3Aalibaba",
    # the camps of 10 May 2016 (the day after Gucci's name left the IACC list), the contested ties marked
    "graph-camps": "colour=camp&asof=2016-05-10",
    # who opposes whom, sorted by date, one row chosen: its pair focused, its evidence shown
    "graph-table": "focus=kering&focus=alibaba&item=edge%3Alawsuit_kering_2015_11%2Fsued%2Fkering%2Falibaba"
    "&tab=opposition&sort=date",
    # the timeline, played to 1 May 2016: what is in effect that day, certainly or possibly
    "graph-timeline": "asof=2016-05-01&tab=timeline&colour=camp",
}
"""Each screenshot's name and the fragment of the view it shows."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--html", type=Path, default=ROOT / "out" / "graph.html")
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="the directory of the images (default: docs)")
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
        for name, fragment in VIEWS.items():
            page = context.new_page()
            page.goto(args.html.resolve().as_uri() + "#" + fragment)
            page.wait_for_selector("body[data-stabilized=true]", state="attached", timeout=60_000)
            page.wait_for_timeout(300)  # let the canvas repaint after the fit
            args.out.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.out / f"{name}.png"))
            page.close()
            print(f"wrote {args.out / name}.png")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
