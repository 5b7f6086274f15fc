"""Write docs/audit.md: the sentence-by-sentence audit of every source, from the data.

Run ``python docs/audit.py`` after curating; ``tests/test_audit.py`` fails while the
committed table differs from what the data gives. The notes on what was fixed are
kept in ``docs/audit-notes.md`` and copied in at the top.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.analysis.conflicts import conflicts  # noqa: E402
from graph.analysis.coverage import coverage  # noqa: E402
from graph.model import load  # noqa: E402
from graph.model.records import Dataset  # noqa: E402


def _cell(text: str, limit: int = 0) -> str:
    text = " ".join(text.split()).replace("|", "\\|")
    return text if not limit or len(text) <= limit else text[: limit - 1] + "…"


def _claim(ds: Dataset, rid: str) -> str:
    rec = ds.facts.get(rid) or ds.relations.get(rid) or ds.entities[rid]
    attribution = getattr(rec, "attribution", None)
    said = ""
    if attribution is not None:
        names = {e.id: e.name for e in ds.entities.values()}
        said = attribution.describe(names)
    status = rec.fields.get("status")
    extra = "; ".join(x for x in (said, f"status {status}" if status else "") if x)
    return f"`{rid}`" + (f" ({extra})" if extra else "")


def render(ds: Dataset) -> str:
    notes = (ROOT / "docs" / "audit-notes.md").read_text(encoding="utf-8").rstrip("\n")
    lines = [notes, ""]
    for report in coverage(ds):
        src = ds.sources[report.source]
        lines += [
            f"## {src.title}",
            "",
            f"Source `{src.id}`: {report.total} sentences; {report.count('cited')} cited by the evidence, "
            f"{report.count('not curated')} left out with a reason, {report.count('to do')} to do.",
            "",
            "| # | Sentence | Records (attribution) | Decision |",
            "|---|---|---|---|",
        ]
        for n, item in enumerate(report.sentences, 1):
            records = ", ".join(_claim(ds, rid) for rid in item.records)
            decision = {"cited": "curated", "not curated": f"not curated: {item.reason}", "to do": "**to do**"}[
                item.status
            ]
            lines.append(f"| {n} | {_cell(item.sentence.text, 160)} | {records} | {_cell(decision)} |")
        lines.append("")
    found = conflicts(ds)
    lines += ["## Where the sources disagree", "", "What `cdkg conflicts` reports:", ""]
    lines += ["| Kind | On | One account | The other | Detail |", "|---|---|---|---|---|"]
    for c in found:
        a = f"`{c.a.record}` ({', '.join(c.a.sources)}): {_cell(c.a.claim)}"
        b = f"`{c.b.record}` ({', '.join(c.b.sources)}): {_cell(c.b.claim)}"
        lines.append(f"| {c.kind} | {c.subject} | {a} | {b} | {_cell(c.detail)} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    out = ROOT / "docs" / "audit.md"
    out.write_text(render(load(ROOT / "data")), encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
