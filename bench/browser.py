#!/usr/bin/env python3
"""The HTML page at scale, in the browser: how long it takes to draw, and to answer.

    python bench/browser.py                          # 5,000 nodes, 3 runs
    python bench/browser.py --nodes 5000 --repeat 5 --keep /tmp/new.html --compare /tmp/old.html

Generates a synthetic dataset (bench/generate.py) with slightly more nodes
than ``--nodes`` (the generator makes about 37 nodes per 28 relations), so
that the page draws exactly ``--nodes``: the best-connected, through
``to_html``'s own ``max_nodes`` cap, as a build of a larger graph does
(at 5,000: 3,800 relations, 5,020 nodes, the page's default cap). It renders
the page with ``graph.views.html.to_html`` (timed), given the answers the
build gives it (``graph.analysis.explorer.explorer_answers``, timed once: the
timeline; no camps at this size), and opens it in Debian's
Chromium, headless, through Playwright, with every non-file request blocked,
as the browser tests do (tests/conftest.py, tests/test_html.py). Each run
opens the page in a fresh browser context and measures:

- open until drawn: ``performance.now()`` in the page (milliseconds since the
  navigation started) when the page sets ``data-stabilized`` on its body,
  which it does on the network's first ``afterDrawing`` (a
  ``MutationObserver`` installed before the page's scripts records it);
  Playwright's wall clock around ``goto`` + ``wait_for_selector`` is shown
  as a check, and Chromium's own account (the DevTools protocol's
  ``Performance.getMetrics``) says how much of it is running JavaScript
  (vis-network's drawing included; the rest is reading and parsing the page,
  and painting);
- every interaction, inside one ``page.evaluate``: from just before the
  action until the next frame is drawn (a ``requestAnimationFrame`` after the
  action, then a task, so that vis-network's own redraw, queued in the same
  frame, and the paint are included).

``--compare PAGE`` measures other pages of the same data in the same run,
interleaved with the new one (keep the old page with ``--keep`` before a
change, compare after it): timings on a shared machine are only comparable
within one run. Prints the best and the median of ``--repeat`` runs. Nothing
here asserts a time.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Browser

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RELATIONS_PER_NODE = 0.76  # bench/generate.py makes about 37 nodes per 28 relations
SEARCH = "company 12"

# Installed before the page's own scripts: the moment the page says it has drawn.
OBSERVE = """
(() => {
  new MutationObserver(() => {
    if (window.__benchDrawn === undefined && document.body && document.body.dataset.stabilized === "true") {
      window.__benchDrawn = performance.now();
    }
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-stabilized"] });
})();
"""

# Each returns milliseconds from just before the action until the next frame has been drawn.
FRAME = "const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));"
MEASURE_SEARCH = (
    "async (query) => {"
    + FRAME
    + """
  const box = document.getElementById("search");
  let slowest = 0;
  await frame();
  for (let i = 1; i <= query.length; i++) {
    const t0 = performance.now();
    box.value = query.slice(0, i);
    box.dispatchEvent(new Event("input"));
    await frame();
    slowest = Math.max(slowest, performance.now() - t0);
  }
  const found = document.querySelectorAll("#search-results button").length;
  box.value = "";
  box.dispatchEvent(new Event("input"));
  await frame();
  return [slowest, found];
}"""
)


def _timed(script: str) -> str:
    """A page function that runs ``script`` (a statement with ``arg`` in scope) and times it to the next frame."""
    return (
        "async (arg) => {"
        + FRAME
        + "await frame(); const t0 = performance.now(); "
        + script
        + "; await frame(); return performance.now() - t0; }"
    )


ACTIONS: list[tuple[str, str]] = [
    (
        "filter: uncheck the largest entity type",
        "document.querySelector(`input[data-filter='type'][value='${arg.type}']`).click()",
    ),
    (
        "filter: check it again",
        "document.querySelector(`input[data-filter='type'][value='${arg.type}']`).click()",
    ),
    (
        "as of a date (the date box)",
        "(() => { const b = document.getElementById('as-of'); b.value = arg.day;"
        " b.dispatchEvent(new Event('change')); })()",
    ),
    ("as of: all time", "document.getElementById('as-of-clear').click()"),
    ("focus the best-connected node", "cdkg.focus(arg.hub)"),
    ("focus: 2 hops", "document.getElementById('hops-2').click()"),
    ("reset", "document.getElementById('reset').click()"),
    ("open the who-opposes-whom table", "document.querySelector(`#view-tabs button[data-tab='opposition']`)?.click()"),
    ("open the timeline", "document.querySelector(`#view-tabs button[data-tab='timeline']`)?.click()"),
    ("close the tabs", "document.querySelector(`#view-tabs button[data-tab='timeline']`)?.click()"),
]


def measure(browser: Browser, page_path: Path, args: dict[str, Any]) -> dict[str, float]:
    """One run on one page, in a fresh browser context: every figure, in seconds."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    blocked: list[str] = []
    errors: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    try:
        context.route("**/*", route)
        context.add_init_script(OBSERVE)
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        cdp = context.new_cdp_session(page)
        cdp.send("Performance.enable")
        t = time.perf_counter()
        page.goto(page_path.as_uri(), timeout=120_000)
        page.wait_for_selector("body[data-stabilized=true]", state="attached", timeout=120_000)
        wall = time.perf_counter() - t
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        drawn, n_nodes = page.evaluate("[window.__benchDrawn, cdkg.network.body.nodeIndices.length]")
        result = {
            "open until drawn": drawn / 1000,
            "  wall clock (goto + wait)": wall,
            "  of which JavaScript (CDP ScriptDuration)": metrics["ScriptDuration"],
        }
        slowest, found = page.evaluate(MEASURE_SEARCH, SEARCH)
        if not found:
            raise SystemExit(f"{page_path}: searching {SEARCH!r} found nothing")
        result[f"search as you type ({SEARCH!r}, slowest key)"] = slowest / 1000
        for name, script in ACTIONS:
            result[name] = page.evaluate(_timed(script), args) / 1000
        if errors or blocked:
            raise SystemExit(f"{page_path}: page errors {errors}, blocked requests {blocked}")
        result["nodes drawn"] = n_nodes
        return result
    finally:
        context.close()


def _page_args(G: Any) -> dict[str, Any]:
    """What the actions act on: the largest entity type, the best-connected node, the median date."""
    from collections import Counter

    types = Counter(d["type"] for _, d in G.nodes(data=True) if d["kind"] == "entity")
    hub = max(G.nodes, key=lambda n: (G.degree(n), n))
    dates = sorted(str(d["date"])[:4] for *_, d in G.edges(data=True) if d.get("date") is not None)
    day = f"{dates[len(dates) // 2]}-06-30" if dates else "2015-06-30"
    return {"type": types.most_common(1)[0][0], "hub": hub, "day": day}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nodes", type=int, default=5000, help="nodes the page draws (5000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs, each in a fresh page (3)")
    parser.add_argument("--keep", type=Path, help="also write the rendered page here")
    parser.add_argument("--compare", type=Path, action="append", default=[], help="another page to measure too")
    parser.add_argument("--chromium", type=Path, help="the browser (default: $CDKG_CHROMIUM, else PATH's)")
    args = parser.parse_args()
    from docs.screenshot import chromium

    args.chromium = args.chromium or chromium()
    if not args.chromium.exists():
        print(
            f"error: {args.chromium} not found: install Debian's chromium (apt-get install chromium)", file=sys.stderr
        )
        return 1
    for other in args.compare:
        if not other.is_file():
            print(f"error: {other} not found", file=sys.stderr)
            return 1

    from playwright.sync_api import sync_playwright

    from bench.generate import generate
    from docs.screenshot import ARGS as CHROMIUM_ARGS  # the browser tests' launch flags
    from graph import load, load_schema, to_networkx
    from graph.analysis.explorer import explorer_answers
    from graph.views.html import select, to_html

    print(
        f"# cdkg browser benchmark · {platform.python_implementation()} {platform.python_version()} · "
        f"{platform.machine()} · {os.cpu_count()} cores · {time.strftime('%Y-%m-%d')}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        relations = max(1, math.ceil(args.nodes * RELATIONS_PER_NODE))
        while True:  # a few more nodes than asked: the page draws the best-connected ones
            generate(relations, Path(tmp) / f"data-{relations}")
            G = to_networkx(load(Path(tmp) / f"data-{relations}"))
            if G.number_of_nodes() >= args.nodes:
                break
            relations += math.ceil((args.nodes - G.number_of_nodes()) * RELATIONS_PER_NODE) + 1
        schema = load_schema()
        t = time.perf_counter()
        answers = explorer_answers(G)  # as the build does: the timeline (no camps at this size)
        answering = time.perf_counter() - t
        renders = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            html = to_html(G, schema, max_nodes=args.nodes, answers=answers)
            renders.append(time.perf_counter() - t)
        H, _ = select(G, max_nodes=args.nodes)
        page_path = Path(tmp) / "graph.html"
        page_path.write_text(html, encoding="utf-8")
        if args.keep:
            args.keep.write_text(html, encoding="utf-8")
        print(
            f"\n{relations} relations -> {G.number_of_nodes()} nodes, {G.number_of_edges()} edges; "
            f"the page draws {H.number_of_nodes()} nodes, {H.number_of_edges()} edges"
        )
        pages = {"this page": page_path, **{str(p): p for p in args.compare}}
        sizes = {name: path.stat().st_size for name, path in pages.items()}
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in pages}
        page_args = _page_args(H)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(args.chromium), args=CHROMIUM_ARGS)
            try:
                for _ in range(args.repeat):
                    for name, path in pages.items():  # interleaved, so that a busy moment hits every page alike
                        runs[name].append(measure(browser, path, page_args))
            finally:
                browser.close()

    names = list(pages)
    header = "| seconds (best / median) | " + " | ".join(names) + " |"
    print("\n" + header + "\n|---|" + "---:|" * len(names))
    print("| page size (MB) | " + " | ".join(f"{sizes[n] / 1e6:.1f}" for n in names) + " |")
    print(f"| `to_html` in Python | {_cell(renders)} |" + " |" * (len(names) - 1))
    print(f"| `explorer_answers` in Python (once) | {answering:.2f} |" + " |" * (len(names) - 1))
    for row in runs[names[0]][0]:
        if row == "nodes drawn":
            continue
        print(f"| {row} | " + " | ".join(_cell([r[row] for r in runs[n]]) for n in names) + " |")
    drawn = {n: {int(r["nodes drawn"]) for r in runs[n]} for n in names}
    print(f"\nnodes drawn: {', '.join(f'{n}: {sorted(d)}' for n, d in drawn.items())}; runs: {args.repeat}")
    print(f"actions on: type {page_args['type']!r}, node {page_args['hub']!r}, as of {page_args['day']}")
    return 0


def _cell(values: list[float]) -> str:
    return f"{min(values):.2f} / {statistics.median(values):.2f}"


if __name__ == "__main__":
    sys.exit(main())
