#!/usr/bin/env python3
"""The benchmark of issue 14: queries after a build, the snapshot's cost, a rebuild after one edit.

    python bench/queries.py --sizes 10000,100000

For each size it generates a synthetic dataset (bench/generate.py) in 100 data
files (the relations split over 97 of them), then measures, every figure in
the same run and each command as a whole process (wall seconds, and the
process's own peak RSS from ``wait4``):

* the start of ``python -c "import networkx, rdflib"`` (the floor the targets
  are stated against);
* a full build without the snapshot and with it (what the snapshot adds to
  the build's time and peak memory);
* every query command after the build (opponents, allies, relations, path,
  timeline, camps, stats) and ``sparql`` COUNT(*), each the median of
  ``--repeat`` runs, with the same commands reading the data without a
  snapshot (``--out`` a directory without one) for comparison;
* a rebuild after an edit to one of the 100 data files.

It prints one table per size with each target beside its figure. Times are
wall-clock seconds on whatever machine this is (a shared one is noisy):
compare the figures of one run, not figures across runs.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FILES = 100
"""Data files of a generated dataset: entities, facts, sources and the relations split over the rest."""


def split_relations(data: Path, files: int = FILES) -> int:
    """Spread the generated relations over ``files`` - 3 files (the others: entities, facts, sources)."""
    records: list[str] = []
    for path in sorted(data.glob("relations-*.yaml")):
        text = path.read_text(encoding="utf-8")
        head, body = text.split("\n", 1)
        assert head == "relations:" and body.startswith("  - id:"), f"{path}: not as bench/generate.py writes"
        chunks = body.split("\n  - id:")
        records += [c if i == 0 else "  - id:" + c for i, c in enumerate(chunks) if c.strip()]
        path.unlink()
    parts = files - 3
    per = -(-len(records) // parts)
    for i in range(parts):
        chunk = records[i * per : (i + 1) * per]
        text = "relations:\n" + "\n".join(c.rstrip("\n") for c in chunk) + "\n"
        (data / f"relations-{i:03d}.yaml").write_text(text, encoding="utf-8")
    return len(list(data.glob("*.yaml")))


LIMIT = 600.0
"""Seconds a measured query may run; past it, it is stopped and its figure is ``inf`` (a build: 6 times as long)."""


CAMPS_LIMIT = 120.0
"""Seconds ``camps`` may run (it is the search for the split, not the snapshot, that takes the time)."""


def timed(argv: list[str], env: dict[str, str] | None = None, limit: float = LIMIT) -> tuple[float, float, int]:
    """Run ``argv``; its wall seconds (``inf`` if stopped at ``limit``), its peak RSS in MiB, its exit code."""
    t = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err, env=env)
        timer = threading.Timer(limit, proc.kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        timer.cancel()
        wall = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        if wall >= limit:
            return float("inf"), usage.ru_maxrss / 1024, proc.returncode
        if proc.returncode:
            err.seek(0)
            text = err.read().decode("utf-8", "replace")
            raise RuntimeError(f"{' '.join(argv)} exited with {proc.returncode}: {text[-2000:]}")
    return wall, usage.ru_maxrss / 1024, proc.returncode


def median(argv: list[str], repeat: int, env: dict[str, str]) -> tuple[float, float]:
    runs = [timed(argv, env) for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def _names(data: Path) -> tuple[str, str]:
    """Two entity ids of the generated data (the first company, the first person)."""
    text = (data / "entities.yaml").read_text(encoding="utf-8")
    ids = [line.split("id:", 1)[1].strip() for line in text.splitlines() if line.startswith("  - id:")]
    first = next(i for i in ids if i.startswith("com"))
    other = next(i for i in ids if i.startswith("per"))
    return first, other


def bench_size(n: int, work: Path, repeat: int, baseline: bool = True) -> dict[str, Any]:
    from bench.generate import generate

    data = work / f"data-{n}"
    generate(n, data)
    files = split_relations(data)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cli = [sys.executable, str(ROOT / "build_graph.py")]
    result: dict[str, Any] = {"relations": n, "data files": files}
    result["floor"] = median([sys.executable, "-c", "import networkx, rdflib"], repeat, env)

    plain, snap = work / f"out-plain-{n}", work / f"out-{n}"
    build_plain = "import sys; from graph import build; build(sys.argv[1], sys.argv[2], snapshot=False)"
    long = 6 * LIMIT
    result["build without snapshot"] = timed([sys.executable, "-c", build_plain, str(data), str(plain)], env, long)[:2]
    result["build with snapshot"] = timed([*cli, "--data", str(data), "--out", str(snap)], env, long)[:2]

    a, b = _names(data)
    queries = {
        "opponents": ["opponents", a],
        "allies": ["allies", a],
        "relations": ["relations", a],
        "path": ["path", a, b],
        "timeline": ["timeline", a],
        "camps": ["camps"],
        "stats": ["stats"],
        "sparql COUNT(*)": ["sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"],
    }
    for name, args in queries.items():
        argv = [*cli, *args, "--data", str(data), "--out", str(snap)]
        if name == "camps":  # over ten minutes at 10,000 relations: the balance's local search, not the reading
            result[f"{name} (snapshot)"] = timed(argv, env, CAMPS_LIMIT)[:2]
        else:
            result[f"{name} (snapshot)"] = median(argv, repeat, env)
        if not baseline:
            continue
        if (n <= 10_000 and name != "camps") or name == "opponents":  # each reads all the data: minutes at 100k
            result[f"{name} (no snapshot)"] = timed([*cli, *args, "--data", str(data), "--out", str(plain)], env)[:2]

    relation_files = sorted(data.glob("relations-*.yaml"))
    edited = relation_files[len(relation_files) // 2]
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("type: member_of", "type: member_of  # edited", 1), encoding="utf-8")
    result["rebuild after editing one file"] = timed([*cli, "--data", str(data), "--out", str(snap)], env, long)[:2]
    result["edited file"] = edited.name
    return result


def table(r: dict[str, Any]) -> str:
    floor = r["floor"][0]
    full, full_peak = r["build with snapshot"]
    plain, plain_peak = r["build without snapshot"]
    n = r["relations"]
    rows = [
        ("start of `python -c \"import networkx, rdflib\"`", f"{floor:.2f} s", "", ""),
        ("full build, no snapshot", f"{plain:.1f} s, {plain_peak:.0f} MiB", "", ""),
        ("full build, with snapshot", f"{full:.1f} s, {full_peak:.0f} MiB",
         f"≤ {plain * 1.15:.1f} s (+15 %), ≤ {plain_peak:.0f} MiB",
         f"+{(full / plain - 1) * 100:.0f} %, {full_peak - plain_peak:+.0f} MiB"),
    ]  # fmt: skip
    for name in ("opponents", "allies", "relations", "path", "timeline", "camps", "stats", "sparql COUNT(*)"):
        wall, peak = r[f"{name} (snapshot)"]
        before = r.get(f"{name} (no snapshot)", [None])[0]
        if name.startswith("sparql"):
            target = f"≤ {4 * floor:.2f} s (4×)" if n <= 10_000 else "≤ 2 s, ≤ 500 MiB"
        else:
            target = f"≤ {2 * floor:.2f} s (2×)"
        without = f"; {before:.1f} s without the snapshot" if before is not None else ""
        shown = f"{wall:.2f} s, {peak:.0f} MiB" if wall != float("inf") else "stopped (over the limit)"
        rows.append((f"`{name}` after a build", shown, target,
                     f"{wall / floor:.1f}× the start{without}"))  # fmt: skip
    rebuild = r["rebuild after editing one file"][0]
    rows.append(("rebuild after editing 1 of 100 files", f"{rebuild:.1f} s", f"≤ {0.25 * full:.1f} s (25 %)",
                 f"{rebuild / full * 100:.0f} % of the full build"))  # fmt: skip
    lines = [f"### {n:,} relations ({r['data files']} data files)", "", "| figure | measured | target | ratio |",
             "|---|---|---|---|"]  # fmt: skip
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000", help="comma-separated relation counts (default: 10000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each query command (default: 3)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    parser.add_argument(
        "--no-baseline", action="store_true", help="skip the commands reading the data without a snapshot (faster)"
    )
    parser.add_argument("--work", type=Path, help="where the data and outputs go (default: a temporary folder)")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="cdkg-bench-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for n in (int(s) for s in args.sizes.split(",")):
            results.append(bench_size(n, work, args.repeat, not args.no_baseline))
            print(table(results[-1]), end="\n\n", flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
