"""Who says so on the command line: the attribution in text and JSON, --stated, the marks of camps and opponents."""

from __future__ import annotations

import json

import pytest

from .conftest import DATA
from .test_cli import run

AS_OF = ["opponents", "allies", "relations", "path", "camps"]


def _ok(*args: str) -> str:
    code, out, err = run(*args, "--data", str(DATA))
    assert code == 0, err
    return out


@pytest.mark.parametrize("command", AS_OF)
def test_every_as_of_command_takes_stated(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(command, "--help")[0] == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "--stated only what sources state in their own voice" in text


def test_opponents_say_who_says_so_and_mark_what_rests_on_others_word() -> None:
    out = _ok("opponents", "alibaba")
    assert out.splitlines()[0].endswith("; 2 of the entities only on others' word or in private")
    assert "\nSome people in the industry (industry_insiders) · only on others' word or in private\n" in out
    assert (
        "  ← criticised by Some people in the industry (via Some people in the industry believe Alibaba is a "
        "member with problems) · undated · believed, according to Some people in the industry\n"
    ) in out
    assert "\nKering (kering)\n" in out  # in the sources' own voice: no mark
    stated = _ok("opponents", "alibaba", "--stated")
    assert stated.startswith("Opponents of Alibaba Group (alibaba), stated only: 15 entities, 21 facts\n")
    assert "according to" not in stated and "industry_insiders" not in stated


def test_allies_show_a_private_report() -> None:
    out = _ok("allies", "Michael Kors")
    assert " · reported, according to Barbara Kolsun in private\n" in out
    assert "Allies of Michael Kors (michael_kors), stated only: 1 entity, 1 fact" in _ok(
        "allies", "Michael Kors", "--stated"
    )


def test_json_has_the_attribution_with_names() -> None:
    found = json.loads(_ok("opponents", "alibaba", "--json"))
    industry = next(f for f in found if f["other"]["id"] == "industry_insiders")
    assert industry["attribution"] == {
        "according_to": [{"id": "industry_insiders", "name": "Some people in the industry"}],
        "mode": "believed",
        "visibility": "public",
        "own_voice": False,
        "attributed": True,
    }
    kering = [f for f in found if f["other"]["id"] == "kering"]
    assert kering and all(f["attribution"]["own_voice"] and not f["attribution"]["according_to"] for f in kering)
    stated = json.loads(_ok("opponents", "alibaba", "--json", "--stated"))
    assert stated == [f for f in found if f["attribution"]["own_voice"]]


def test_path_and_relations_take_stated() -> None:
    out = _ok("path", "alibaba_insider", "Forbes")
    assert " · believed, according to An insider from Alibaba" in out
    stated = _ok("path", "alibaba_insider", "Forbes", "--stated")
    assert "stated only" in stated.splitlines()[0] and "according to" not in stated
    out = _ok("relations", "Jack Ma", "--type", "speaker", "--stated")
    assert out.startswith("Relations of Jack Ma (jack_ma), speaker only, stated only: 0 entities, 0 facts")


def test_camps_list_the_ties_resting_on_others_word() -> None:
    out = _ok("camps")
    assert "  Resting only on others' word or in private (6 of 149 ties; --stated leaves them out):\n" in out
    assert "    Alibaba Group owns Tmall · believed, according to Some people in the industry\n" in out
    assert (
        "    About 20 brands and other IACC members expressed support for Michael Kors · reported, according to "
        "Barbara Kolsun in private\n"
    ) in out  # says who says so
    stated = _ok("camps", "--stated")
    assert stated.startswith("Camps at any time, stated only\n\nPart 1: 40 entities, 143 signed ties, frustration 3")
    assert "Resting only" not in stated
    data = json.loads(_ok("camps", "--json", "--stated"))
    assert data["stated"] is True and data["parts"][0]["attributed"] == []
