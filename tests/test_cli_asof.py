"""The analyst's commands as of a day: certain, possible or not, --certain, the JSON fields, the note past the
sources, the timeline's order, and the same bytes every run."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from .conftest import DATA, ROOT
from .test_cli import run

AS_OF = ["opponents", "allies", "relations", "path", "camps"]


def _ok(*args: str) -> tuple[str, str]:
    code, out, err = run(*args, "--data", str(DATA))
    assert code == 0, err
    return out, err


@pytest.mark.parametrize("command", AS_OF)
def test_every_as_of_command_takes_certain(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(command, "--help")[0] == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "--as-of DATE" in text and "--certain only what is certainly in effect on that day" in text


def test_members_of_iacc_in_june_2016() -> None:
    """Michael Kors and Gucci had left by the article's publication (by 2016-05-12): no longer members."""
    out, err = _ok("relations", "IACC", "--as-of", "2016-06-01", "--type", "member_of")
    # Alibaba's membership ended with the suspension, as VOA reports it (by May 17 or 18): the article's account
    # of it holds at its publication (April 1 to May 12), and is the same claim (same_as): neither is in effect
    assert out.startswith("Relations of International AntiCounterfeiting Coalition (iacc), member_of only, as of ")
    assert "2 entities, 2 facts (2 only possibly in effect)" in out.splitlines()[0]
    assert "has member Michael Kors" not in out and "has member Gucci" not in out
    assert "← has member LVMH · possibly: ended on or after 2016-04-01, if at all" in out
    assert "has member Alibaba Group" not in out
    may, _ = _ok("relations", "IACC", "--as-of", "2016-05-14", "--type", "member_of")
    assert "← has member Alibaba Group · possibly: ended between 2016-04-01 and 2016-05-18" in may
    assert "admitted in April" not in out
    assert err == ""  # the court's order came later: no note
    _, err = _ok("relations", "IACC", "--as-of", "2016-08-05", "--type", "member_of")
    assert err.startswith("note: 2016-08-05 is after 2016-08-04, the last day any source may have been published")
    certain, _ = _ok("relations", "IACC", "--as-of", "2016-06-01", "--type", "member_of", "--certain")
    assert "certain only: 0 entities, 0 facts" in certain


def test_possible_findings_say_why() -> None:
    out, err = _ok("opponents", "alibaba", "--as-of", "2016-05-01")
    assert err == ""  # on or before the last publication day: no note
    assert "← protested by Gucci (via Gucci leaves IACC to join the camp against Alibaba) · possibly: happened " in out
    assert "between 2016-04-01 and 2016-05-08" in out
    assert "← sued by Kering (via Kering v. Alibaba (second lawsuit, November 2015)) · 2015-11" in out


def test_json_has_certainty_why_and_bounds_and_certain_keeps_the_certain() -> None:
    out, _ = _ok("opponents", "alibaba", "--as-of", "2016-05-01", "--json")
    found = json.loads(out)
    assert {f["certainty"] for f in found} == {"certain", "possible"}
    gucci = next(f for f in found if f["relation"]["id"] == "withdrawal_gucci_iacc/protested_against/gucci/alibaba")
    assert gucci["bounds"] == {"date": {"earliest": "2016-04-01", "latest": "2016-05-08"}}
    assert gucci["why"] == "happened between 2016-04-01 and 2016-05-08" and gucci["planned"] is False
    out, _ = _ok("opponents", "alibaba", "--as-of", "2016-05-01", "--json", "--certain")
    assert json.loads(out) == [f for f in found if f["certainty"] == "certain"]


def test_a_note_on_stderr_past_the_sources_keeps_json_clean() -> None:
    out, err = _ok("camps", "--as-of", "2016-09-01", "--json")
    assert json.loads(out)["as_of"] == "2016-09-01"
    assert "nothing later is known" in err
    for command in (["opponents", "gucci"], ["allies", "gucci"], ["path", "gucci", "alibaba"]):
        assert "nothing later is known" in _ok(*command, "--as-of", "2016-08-05")[1], command
        assert _ok(*command, "--as-of", "2016-08-04")[1] == "", command


def test_camps_and_path_say_at_any_time_and_what_is_only_possible() -> None:
    out, _ = _ok("camps")
    assert out.startswith("Camps at any time\n")
    assert "Only possibly in effect (1 of 149 ties; --certain leaves them out):" in out
    assert "Jack Ma speaker at" not in out  # planned in the article, cancelled in VOA: one claim, never in effect
    assert (
        "Michael Evans speaker at IACC Spring 2016 Conference · possibly: planned as of its source (2016-05-19)" in out
    )
    out, _ = _ok("camps", "--as-of", "2016-05-10", "--certain")
    assert out.startswith("Camps as of 2016-05-10, certain only\n") and "Only possibly" not in out
    out, _ = _ok("path", "Longchamp", "Taobao", "--as-of", "2016-06-01")
    assert "Chain 1: Longchamp — Alibaba Group — Taobao · possibly (a step is only possibly in effect)" in out
    out, _ = _ok("path", "Longchamp", "Taobao", "--as-of", "2016-06-01", "--certain")
    assert out.startswith("No chain of facts links Longchamp (longchamp) and Taobao (taobao), as of 2016-06-01")


def test_the_timeline_marks_what_cannot_be_ordered() -> None:
    out, _ = _ok("timeline")
    lines = out.splitlines()
    assert lines[1] == "(↕: may have come before the moment above: their dates overlap and no source orders them)"
    kors = next(line for line in lines if "Withdrawal: Michael Kors" in line)
    support = next(line for line in lines if "expressed support for Michael Kors" in line)
    assert kors.startswith("between 2016-04-01 and 2016-05-08 ↕ ") and " ↕ " not in support
    assert "2016-05-18                          Event: IACC Spring 2016 Conference (starts) (planned as of its " in out
    entries = json.loads(_ok("timeline", "--json")[0])
    assert [e["order"] for e in entries][:3] == [None, "after", "unknown"]
    assert {e["order"] for e in entries[1:]} == {"after", "unknown"}


def test_stats_say_past_which_day_nothing_is_known() -> None:
    out, _ = _ok("stats")
    assert "known until     2016-08-04 (the last day any source may have been published)" in out
    assert "sources         sdny-order-2016-08-04 (2016-08-04): " in out
    assert "                seed-article (between 2016-04-01 and 2016-05-12): " in out
    assert "                voa-2016-05-17 (between 2016-05-17 and 2016-05-18): " in out
    assert "date range      2014-01-01 to 2016-05-20" in out


@pytest.mark.parametrize(
    "args",
    [
        ["timeline", "--json"],
        ["timeline"],
        ["camps", "--as-of", "2016-05-10", "--json"],
        ["opponents", "alibaba", "--as-of", "2016-05-01", "--json"],
        ["path", "kering", "taobao", "--as-of", "2016-05-01"],
    ],
)
def test_the_same_bytes_whatever_the_hash_seed(args: list[str]) -> None:
    """Sets and dicts are iterated in hash order; nothing printed may depend on it."""
    outputs = []
    for seed in ("0", "1"):
        proc = subprocess.run(
            [sys.executable, str(ROOT / "build_graph.py"), *args, "--data", str(DATA)],
            capture_output=True,
            timeout=300,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert proc.returncode == 0, proc.stderr
        outputs.append(proc.stdout)
    assert outputs[0] == outputs[1] and outputs[0]
