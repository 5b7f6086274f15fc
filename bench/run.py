#!/usr/bin/env python3
"""The benchmark: every build stage at several sizes, with baselines measured in the same run.

    python bench/run.py                       # sizes 100, 1000, 10000
    python bench/run.py --sizes 100,1000,10000,100000

For each size it generates a synthetic dataset (bench/generate.py) and builds
it in a fresh process, timing each stage in the build's order (read +
validate, the RDF lines, the SHACL check, each RDF file, networkx, the other
files) and reading the process's peak RSS. In the same run, each in a process
of its own, it measures the baselines: the import floor (a process that only
imports networkx, rdflib and pyvis) against the seed build, and the same five
RDF files from the same quads by rdflib's built-in serialisers and by
``pyoxigraph.serialize``; it prints the ratios the targets are stated in.
Times are wall-clock seconds on whatever machine this is: compare ratios
within one run, not figures across runs.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def stage_floor() -> dict[str, Any]:
    """In a fresh process: the cost of importing the libraries any build needs."""
    t = time.perf_counter()
    import networkx  # noqa: F401
    import pyvis  # noqa: F401
    import rdflib  # noqa: F401

    return {"import": time.perf_counter() - t, "peak_mib": _peak_mib()}


RDF_FORMATS = ("turtle", "ntriples", "jsonld", "trig", "nquads")


def stage_build(data: Path, out: Path, shacl: bool) -> dict[str, Any]:
    """In a fresh process: every stage of a full build of ``data``, timed by the build's own stage hook."""
    times: dict[str, float] = {}
    t = time.perf_counter()
    import contextlib
    from collections.abc import Iterator
    from typing import IO

    from graph import load
    from graph.pipeline import FORMATS, STAGE_NETWORKX, STAGE_RDF, STAGE_SHACL, Staging, render_files

    times["import"] = time.perf_counter() - t
    gc.disable()  # as graph.pipeline.build does while it builds

    t = time.perf_counter()
    dataset = load(data)
    times["read + validate"] = time.perf_counter() - t
    # a stage lasts from its announcement to the next one's
    names = {STAGE_RDF: "rdf triples", STAGE_SHACL: "shacl check", STAGE_NETWORKX: "networkx"}
    names.update({fmt.filename: name for name, fmt in FORMATS.items()})
    marks: list[tuple[str, float]] = []
    sizes: dict[str, int] = {}

    def progress(stage: str) -> None:
        marks.append((names[stage], time.perf_counter()))

    with Staging(out) as staging:

        @contextlib.contextmanager
        def open_file(name: str) -> Iterator[IO[bytes]]:
            with staging.open(name) as fh:
                yield fh
                sizes[name] = fh.tell()

        G, triples, _ = render_files(
            dataset, list(FORMATS), open_file, shacl="always" if shacl else "never", progress=progress
        )
        marks.append(("write (rename)", time.perf_counter()))
        staging.commit()
        marks.append(("", time.perf_counter()))
    for (stage, start), (_, end) in itertools.pairwise(marks):
        if stage != "shacl check" or shacl:
            times[stage] = times.get(stage, 0.0) + end - start
    result: dict[str, Any] = {
        "times": times,
        "total": sum(times.values()),
        "peak_mib": _peak_mib(),
        "triples": triples,
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "relations": len(dataset.relations),
        "quotes": sum(len(r.evidence) for r in dataset.relations.values())
        + sum(len(f.evidence) for f in dataset.facts.values()),
        "bytes": sizes,
    }
    return result


def stage_baselines(data: Path) -> dict[str, float]:
    """In a fresh process of its own (so that the build's peak memory is the build's): the same five
    RDF files from the same quads, by rdflib's built-in serialisers and by ``pyoxigraph.serialize``."""
    import pyoxigraph as ox
    from rdflib import Dataset, Graph

    from graph import load
    from graph.rdf.export import export_lines
    from graph.rdf.terms import graph_iri

    gc.disable()
    dataset = load(data)
    lines = export_lines(dataset)

    nq = "".join(
        "".join(g_lines).replace(" .\n", f" <{graph_iri(dataset.schema, g)}> .\n") if g else "".join(g_lines)
        for g, g_lines in lines.graphs.items()
    )
    out: dict[str, float] = {}
    # rdflib, default (Memory) stores, as a user would have them
    union = Graph().parse(data="".join(lines.union), format="nt")
    quads = Dataset()
    quads.parse(data=nq, format="nquads")
    for fmt, g in (("turtle", union), ("nt", union), ("json-ld", union), ("trig", quads), ("nquads", quads)):
        t = time.perf_counter()
        g.serialize(format=fmt)
        out[f"rdflib {fmt}"] = time.perf_counter() - t
    del union, quads
    # pyoxigraph.serialize of the same triples and quads, as terms already made
    triples = list(ox.parse("".join(lines.union).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    oxquads = list(ox.parse(nq.encode("utf-8"), format=ox.RdfFormat.N_QUADS))
    for name, oxformat, items in (
        ("turtle", ox.RdfFormat.TURTLE, triples),
        ("nt", ox.RdfFormat.N_TRIPLES, triples),
        ("json-ld", ox.RdfFormat.JSON_LD, triples),
        ("trig", ox.RdfFormat.TRIG, oxquads),
        ("nquads", ox.RdfFormat.N_QUADS, oxquads),
    ):
        t = time.perf_counter()
        ox.serialize(items, format=oxformat)
        out[f"pyoxigraph {name}"] = time.perf_counter() - t
    return out


def _child(*args: str) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=False, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"benchmark stage failed: {' '.join(args)}\n{proc.stderr}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def _wall(*command: str) -> float:
    t = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - t


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,10000", help="relations per dataset, comma-separated")
    parser.add_argument("--no-baselines", action="store_true", help="skip the rdflib and pyoxigraph baselines")
    parser.add_argument(
        "--shacl", choices=("always", "never"), default="always",
        help="time the build's SHACL check too (always, the default, as a build does)",
    )  # fmt: skip
    parser.add_argument("--repeat", type=int, default=3, help="runs of the whole-process timings, best kept (3)")
    parser.add_argument("--stage", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:
        if args.stage[0] == "floor":
            print(json.dumps(stage_floor()))
        else:
            stage = args.stage
            if stage[0] == "baselines":
                print(json.dumps(stage_baselines(Path(stage[1]))))
            else:
                print(json.dumps(stage_build(Path(stage[1]), Path(stage[2]), stage[3] == "1")))
        return 0

    from bench.generate import generate

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    print(
        f"# cdkg benchmark · {platform.python_implementation()} {platform.python_version()} · "
        f"{platform.machine()} · {os.cpu_count()} cores · {time.strftime('%Y-%m-%d')}"
    )
    floor = _child("--stage", "floor")
    floor_wall = min(_wall(sys.executable, "-c", "import networkx, rdflib, pyvis") for _ in range(args.repeat))
    print(
        f"\nimport floor (networkx + rdflib + pyvis): {floor['import']:.2f} s in-process, "
        f"{floor_wall:.2f} s as a process, peak {floor['peak_mib']:.0f} MiB"
    )
    with tempfile.TemporaryDirectory() as tmp:
        seed_wall = min(
            _wall(sys.executable, "build_graph.py", "--out", str(Path(tmp) / "seed-out")) for _ in range(args.repeat)
        )
        print(
            f"seed build (python build_graph.py, all outputs): {seed_wall:.2f} s "
            f"= {seed_wall / floor_wall:.2f} x the import floor (target <= 1.5)"
        )
        rows = []
        for size in sizes:
            data = Path(tmp) / f"data-{size}"
            counts = generate(size, data)
            shacl = args.shacl == "always"
            result = _child("--stage", "build", str(data), str(Path(tmp) / f"out-{size}"), "1" if shacl else "0")
            if not args.no_baselines:
                result["baselines"] = _child("--stage", "baselines", str(data))
            result["size"] = size
            result["generated"] = counts
            rows.append(result)
            _print_size(result)
        if len(rows) > 1:
            print("\nscaling (total time ratio between consecutive sizes; linear = the size ratio)")
            for a, b in itertools.pairwise(rows):
                print(
                    f"  {a['size']:>7} -> {b['size']:>7}: x{b['total'] / a['total']:.1f} "
                    f"(size x{b['size'] / a['size']:.0f}), peak {a['peak_mib']:.0f} -> {b['peak_mib']:.0f} MiB"
                )
    return 0


def _print_size(r: dict[str, Any]) -> None:
    print(
        f"\n## {r['size']} relations: {r['nodes']} nodes, {r['edges']} edges, {r['triples']} triples, "
        f"{r['quotes']} quotes verified"
    )
    for stage, seconds in r["times"].items():
        print(f"  {stage:<16} {seconds:8.2f} s")
    print(f"  {'total':<16} {r['total']:8.2f} s    peak RSS {r['peak_mib']:.0f} MiB")
    rdf_formats = [k for k in r["times"] if k in RDF_FORMATS]
    ours = r["times"]["rdf triples"] + sum(r["times"][k] for k in rdf_formats)
    base = r.get("baselines")
    if base:
        print(f"  baselines on the same {r['triples']} triples (five files each):")
        for k, v in base.items():
            rate = r["triples"] / v if v else float("inf")
            print(f"    {k:<18} {v:8.2f} s  ({rate / 1000:,.0f}k triples/s)")
        rdflib = sum(v for k, v in base.items() if k.startswith("rdflib"))
        oxigraph = sum(v for k, v in base.items() if k.startswith("pyoxigraph"))
        print(
            f"  RDF stage (triples + {', '.join(rdf_formats)}): {ours:.2f} s; "
            f"rdflib's serialisers {rdflib:.2f} s = x{rdflib / ours:.1f} faster (target >= 10); "
            f"pyoxigraph.serialize {oxigraph:.2f} s, ours x{ours / oxigraph:.1f} of it (target <= 4)"
        )


if __name__ == "__main__":
    sys.exit(main())
