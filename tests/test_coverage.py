"""The curator's to-do list: sentences, and which of them the evidence cites or the curators left out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from graph.analysis.coverage import coverage
from graph.errors import DataError
from graph.model import load
from graph.model.sentences import sentences


def test_sentences_keep_their_offsets() -> None:
    text = "One. Two!\n  Three?  Four \u201cfive.\u201d Six\n"
    got = sentences(text)
    assert [s.text for s in got] == ["One.", "Two!", "Three?", "Four \u201cfive.\u201d", "Six"]
    assert all(text[s.start : s.end] == s.text for s in got)


def test_abbreviations_and_initialisms_do_not_end_a_sentence() -> None:
    text = "Gucci America, Inc. v. Alibaba Group Holding Ltd., No. 14 cv 5119 (PKC). The court ruled."
    assert [s.text for s in sentences(text)] == [
        "Gucci America, Inc. v. Alibaba Group Holding Ltd., No. 14 cv 5119 (PKC).",
        "The court ruled.",
    ]


def _data(make_data: Callable[..., Path], registry_extra: str) -> Path:
    return make_data(
        files={
            "sources.yaml": (
                "sources:\n  - id: mini\n    title: A minimal test source\n    published: 2016-05\n"
                f"    file: sources/mini.txt\n{registry_extra}"
            )
        }
    )


def test_coverage_lists_what_no_evidence_cites(make_data: Callable[..., Path]) -> None:
    data = _data(make_data, "")
    (report,) = coverage(load(data))
    assert report.source == "mini"
    statuses = {s.sentence.text[:20]: s.status for s in report.sentences}
    assert statuses["Gucci sued Alibaba i"] == "cited"
    assert report.count("to do") == 0 and report.share == 1.0  # every line of the mini source is cited
    cited = next(s for s in report.sentences if s.status == "cited")
    assert cited.records  # which records cite it
    js = report.as_json()
    assert js["sentences"] == report.total and js["cited"] + js["not_curated"] + js["to_do"] == report.total


def test_a_passage_left_out_is_listed_with_its_reason(make_data: Callable[..., Path]) -> None:
    text = "Gucci sued Alibaba in May 2015. The weather was fine.\n"
    data = _data(
        make_data,
        "    not_curated:\n      - {quote: The weather was fine., reason: not about the dispute}\n",
    )
    (data / "sources" / "mini.txt").write_text(text + (data / "sources" / "mini.txt").read_text(encoding="utf-8"))
    (report,) = coverage(load(data))
    weather = next(s for s in report.sentences if s.sentence.text.startswith("The weather"))
    assert weather.status == "not curated" and weather.reason == "not about the dispute"


def test_a_passage_left_out_must_be_in_the_source(make_data: Callable[..., Path]) -> None:
    data = _data(make_data, "    not_curated:\n      - {quote: Not in the text at all, reason: none}\n")
    with pytest.raises(DataError) as info:
        load(data)
    assert any("not_curated[1].quote" in str(p) and "not found" in str(p) for p in info.value.problems)


def test_an_unknown_source_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        coverage(load("data"), "no-such-source")
