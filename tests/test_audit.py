"""The audit in docs/ says what the data does: every sentence of every source cited or left out with a reason."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from graph.analysis.coverage import coverage
from graph.model import load

ROOT = Path(__file__).resolve().parent.parent


def test_every_sentence_of_every_source_is_cited_or_left_out_with_a_reason() -> None:
    ds = load(ROOT / "data")
    assert len(ds.sources) >= 3
    for report in coverage(ds):
        todo = [s.sentence.text for s in report.sentences if s.status == "to do"]
        assert todo == [], report.source
        assert all(s.reason for s in report.sentences if s.status == "not curated")


def test_the_committed_audit_is_what_the_data_gives() -> None:
    spec = importlib.util.spec_from_file_location("audit", ROOT / "docs" / "audit.py")
    assert spec and spec.loader
    audit = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(audit)
    expected = audit.render(load(ROOT / "data"))
    assert (ROOT / "docs" / "audit.md").read_text(encoding="utf-8") == expected, "run: python docs/audit.py"
