"""The curator's commands through the command line: source add, quote find, coverage, conflicts."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from graph.cli import main
from graph.model import load

ROOT = Path(__file__).resolve().parent.parent
DATA = str(ROOT / "data")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_coverage_of_every_source_is_complete() -> None:
    code, text, _ = run("coverage", "--data", DATA)
    assert code == 0
    assert text.count("100% covered") == 3 and "0 to do" in text


def test_coverage_json_lists_each_sentence_with_its_offsets() -> None:
    code, text, _ = run("coverage", "voa-2016-05-17", "--json", "--data", DATA)
    assert code == 0
    (report,) = json.loads(text)
    source = (ROOT / "data" / "sources" / "voa-alibaba-founder-cancels-speech.txt").read_text(encoding="utf-8")
    assert report["source"] == "voa-2016-05-17" and report["to_do"] == 0 and report["share_covered"] == 1.0
    for item in report["items"]:
        assert source[item["start"] : item["end"]] == item["text"]
        assert item["status"] == "cited" and item["records"]


def test_coverage_lists_what_is_to_do(make_data: Callable[..., Path]) -> None:
    data = make_data()
    (data / "sources" / "mini.txt").write_text(
        (data / "sources" / "mini.txt").read_text(encoding="utf-8") + "LVMH made no comment.\n", encoding="utf-8"
    )
    code, text, _ = run("coverage", "mini", "--data", str(data))
    assert code == 0 and "1 to do" in text and "LVMH made no comment." in text


def test_quote_find_gives_the_source_words_and_offsets() -> None:
    code, text, _ = run(
        "quote", "find", "seed-article", "gucci decided to leave the organisation last wednesday", "--data", DATA
    )
    assert code == 0 and "fuzzy" in text
    assert '"Gucci decided to officially leave the organization last Wednesday"' in text
    code, text, _ = run("quote", "find", "seed-article", "KAIYUN GROUP", "--json", "--data", DATA)
    rows = json.loads(text)
    seed = (ROOT / "data" / "sources" / "seed-article.txt").read_text(encoding="utf-8")
    assert code == 0 and rows and all(seed[r["start"] : r["end"]] == r["exact"] == "Kaiyun Group" for r in rows)
    assert {r["how"] for r in rows} == {"ignoring case"}


def test_quote_find_exits_1_when_nothing_is_close_and_names_an_unknown_source() -> None:
    code, text, _ = run("quote", "find", "seed-article", "the weather in Paris was lovely today", "--data", DATA)
    assert code == 1 and "Nothing" in text
    code, _, err = run("quote", "find", "seed-artcle", "x", "--data", DATA)
    assert code != 0 and "did you mean 'seed-article'" in err


def test_quote_find_refuses_a_limit_below_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("quote", "find", "seed-article", "x", "--limit", "0", "--data", DATA)[0] == 2
    assert "expected 1 or more" in capsys.readouterr().err


def test_conflicts_show_both_sides_with_sources_and_quotes() -> None:
    code, text, _ = run("conflicts", "--json", "--data", DATA)
    found = json.loads(text)
    kinds = {(c["kind"], c["subject"]) for c in found}
    assert ("denial", "speaker_at") in kinds and ("roles", "plaintiff") in kinds
    plaintiff = next(c for c in found if c["subject"] == "plaintiff")
    assert "kering" in plaintiff["b"]["claim"] and plaintiff["b"]["sources"] == ["sdny-order-2016-08-04"]
    assert plaintiff["a"]["sources"] == ["seed-article"] and plaintiff["a"]["quotes"]
    code, text, _ = run("conflicts", "--data", DATA)
    assert code == 0 and "denies what the other asserts" in text


def test_source_add_registers_a_text_that_the_loader_reads(make_data: Callable[..., Path], tmp_path: Path) -> None:
    data = make_data()
    new = tmp_path / "court.txt"
    new.write_text("The court ruled on 4 August 2016.\n", encoding="utf-8")
    code, text, err = run(
        "source", "add", str(new), "--title", "A ruling", "--published", "2016-08-04", "--licence", "public domain",
        "--data", str(data),
    )  # fmt: skip
    assert code == 0, err
    assert "Registered source 'court'" in text
    assert (data / "sources" / "court.txt").read_bytes() == new.read_bytes()
    assert load(data).sources["court"].published is not None
    code, _, err = run("source", "add", str(new), "--title", "Again", "--data", str(data))
    assert code != 0 and "is taken" in err


@pytest.mark.parametrize("command", [["source", "add"], ["quote", "find"], ["coverage"], ["conflicts"]])
def test_each_curation_command_has_help_with_an_example(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*command, "--help"]) == 0
    assert "example: cdkg " + command[0] in capsys.readouterr().out
