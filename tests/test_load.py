"""Loading and validation: the real data, every bad-input fixture, the edge cases."""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from graph import DataError, Dataset, load
from graph.load import find_quote, normalise_space

from .conftest import BASE, DATA, FIXTURES, ROOT

BAD = sorted(p for p in (FIXTURES / "bad").iterdir() if p.is_dir())


# -- the curated data ---------------------------------------------------------


def test_every_quote_occurs_verbatim_in_its_source(dataset: Dataset) -> None:
    """Checked independently of the loader: whitespace-normalised substring."""
    records = [*dataset.entities.values(), *dataset.facts.values(), *dataset.relations.values()]
    assert all(r.evidence for r in [*dataset.facts.values(), *dataset.relations.values()])
    for record in records:
        for e in record.evidence:
            text = " ".join((DATA / dataset.sources[e.source].file).read_text(encoding="utf-8").split())
            assert " ".join(e.quote.split()) in text, (record.id, e.quote)


def test_source_is_kept_verbatim(dataset: Dataset) -> None:
    shared = ROOT.parent / "shared" / "seed-article.txt"
    source = dataset.sources["seed-article"]
    assert (DATA / source.file).read_bytes() == source.text.encode("utf-8")
    if shared.exists():  # the team's copy, when this checkout sits beside it
        assert shared.read_bytes() == (DATA / source.file).read_bytes()
    assert str(source.published) == "2016-05" and source.published_note
    assert source.language == "en"


@pytest.mark.parametrize(
    ("entity", "alias"),
    [
        ("kering", "Kaiyun Group"),
        ("jack_ma", "Ma Yun"),
        ("alibaba", "Ali Baba"),
        ("iacc", "IACC"),
        ("candice_li", "Li Uzoigwe"),
        ("barbara_kolsun", "Kolsun"),
        ("lee_sporn", "Sporn"),
    ],
)
def test_aliases_are_the_names_the_source_used(dataset: Dataset, entity: str, alias: str) -> None:
    e = dataset.entities[entity]
    assert alias in [a.name for a in e.aliases]
    assert all(a.source == "seed-article" for a in e.aliases if a.name == alias)
    assert alias in normalise_space(dataset.sources["seed-article"].text)


def test_the_article_entities_are_curated(dataset: Dataset) -> None:
    for eid in [
        "alibaba", "jack_ma", "taobao", "tmall", "charm_and_luxury", "iacc", "michael_kors",
        "lee_sporn", "gucci", "kering", "yves_saint_laurent", "longchamp", "forbes",
        "barbara_kolsun", "stuart_weitzman", "candice_li", "iacc_members_supporting_kors",
        "louis_vuitton", "lvmh", "three_taobao_shopkeepers", "iacc_spring_conference_2016",
        "manhattan_federal_court", "beijing_court",
    ]:  # fmt: skip
        assert eid in dataset.entities, eid
    types = {f.type for f in dataset.facts.values()}
    assert {"lawsuit", "withdrawal", "mediation", "accusation"} <= types


def test_lawsuits_keep_every_part(dataset: Dataset) -> None:
    ny = dataset.facts["lawsuit_manhattan_2015_05"]
    assert ny.roles == {
        "plaintiff": ("gucci", "yves_saint_laurent"),
        "defendant": ("alibaba",),
        "court": ("manhattan_federal_court",),
    }
    assert str(ny.date) == "2015-05" and ny.date and ny.date.precision == "month"
    assert "trademark" in str(ny.fields["claim"]).lower()
    second = dataset.facts["lawsuit_kering_2015_11"]
    assert second.roles["plaintiff"] == ("kering",) and str(second.date) == "2015-11"
    beijing = dataset.facts["lawsuit_louis_vuitton_beijing_2016"]
    assert beijing.roles["defendant"] == ("three_taobao_shopkeepers",)
    assert beijing.roles["court"] == ("beijing_court",)
    assert int(beijing.fields["amount"]) == 250000 and beijing.fields["currency"] == "CNY"
    assert str(beijing.date) == "2016" and beijing.date and beijing.date.precision == "year"


def test_withdrawals_say_from_what_and_in_protest_of_whom(dataset: Dataset) -> None:
    for fid, who in [("withdrawal_michael_kors_iacc", "michael_kors"), ("withdrawal_gucci_iacc", "gucci")]:
        w = dataset.facts[fid]
        assert w.roles == {"withdrawer": (who,), "organisation": ("iacc",), "in_protest_of": ("alibaba",)}


def test_dates_keep_their_precision(dataset: Dataset) -> None:
    alibaba_joined = dataset.relations["alibaba-member_of-iacc"]
    assert str(alibaba_joined.start) == "2016-04" and alibaba_joined.end is None
    conference = dataset.entities["iacc_spring_conference_2016"]
    assert (str(conference.start), str(conference.end)) == ("2016-05-18", "2016-05-20")
    forbes = dataset.relations["forbes-publisher_of-forbes_report_2015_11_06"]
    assert forbes.date and forbes.date.precision == "day"
    # every inferred date says how it was inferred
    for r in [*dataset.relations.values(), *dataset.facts.values()]:
        if r.dates and any(d.precision != "day" for d in r.dates.values()):
            assert "date_note" in r.fields, r.id


# -- bad input ------------------------------------------------------------------


@pytest.mark.parametrize("case", BAD, ids=[p.name for p in BAD])
def test_bad_input_is_reported_precisely(case: Path, make_data: Callable[..., Path]) -> None:
    data = make_data(case)
    expected = [
        line.replace("{data}", str(data))
        for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    with pytest.raises(DataError) as info:
        load(data)
    got = [str(p) for p in info.value.problems]
    assert got == expected
    for problem in info.value.problems:
        assert problem.file.startswith(str(data)) and problem.message


@pytest.mark.parametrize("case", BAD, ids=[p.name for p in BAD])
def test_bad_input_through_the_cli(case: Path, make_data: Callable[..., Path], tmp_path: Path) -> None:
    data = make_data(case)
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "build_graph.py"), "validate", "--data", str(data)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    first = (case / "expected.txt").read_text(encoding="utf-8").splitlines()[0].replace("{data}", str(data))
    assert first in proc.stderr
    assert not out.exists()


def test_every_problem_is_reported_at_once(make_data: Callable[..., Path]) -> None:
    with pytest.raises(DataError) as info:
        load(make_data(FIXTURES / "bad" / "many_errors"))
    files = {Path(p.file).name for p in info.value.problems}
    assert files == {"more.yaml", "relations.yaml"}
    assert len(info.value.problems) == 4


def test_bom_and_crlf_are_accepted(make_data: Callable[..., Path]) -> None:
    raw = (FIXTURES / "good" / "bom_crlf" / "entities.yaml").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    plain = load(BASE)
    crlf = load(make_data(FIXTURES / "good" / "bom_crlf"))
    assert {k: (e.name, e.aliases) for k, e in crlf.entities.items()} == {
        k: (e.name, e.aliases) for k, e in plain.entities.items()
    }


def test_alias_bomb_is_refused_quickly(make_data: Callable[..., Path]) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.process_time()
    with pytest.raises(DataError, match="aliases"):
        load(make_data(FIXTURES / "bad" / "alias_bomb"))
    # not a timing assertion: a bomb that expanded would use gigabytes and minutes
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200_000
    assert time.process_time() - started < 60


def test_python_tags_are_never_executed(make_data: Callable[..., Path], tmp_path: Path) -> None:
    marker = Path("/tmp/cdkg-pwned")
    marker.unlink(missing_ok=True)
    with pytest.raises(DataError, match="not allowed"):
        load(make_data(FIXTURES / "bad" / "python_tag"))
    assert not marker.exists()


def test_missing_data_directory(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="data directory not found"):
        load(tmp_path / "nope")
    with pytest.raises(DataError, match=r"no \.yaml files"):
        load(tmp_path)


def test_fields_are_typed(make_data: Callable[..., Path]) -> None:
    data = make_data(
        files={
            "more.yaml": (
                "entities:\n  - id: prada\n    type: company\n    name: Prada\n    count: many\n"
                "facts:\n  - id: f1\n    type: lawsuit\n    name: A suit\n    plaintiff: gucci\n"
                "    defendant: [alibaba]\n    amount: lots\n"
                "    evidence:\n      - {source: mini, quote: Gucci sued Alibaba}\n"
            )
        }
    )
    with pytest.raises(DataError) as info:
        load(data)
    text = str(info.value)
    assert "more.yaml:5: entity prada: field 'count': expected a whole number, found 'many'" in text
    assert "more.yaml:12: fact f1: field 'amount': expected a number, found 'lots'" in text
    assert len(info.value.problems) == 2  # a lone id for a role (plaintiff: gucci) is accepted


def test_quote_search_reports_where_it_parts_ways() -> None:
    text = normalise_space("Kering is the parent company of Gucci; the article calls it Kaiyun Group.")
    assert find_quote("Kering  is the\nparent company", text) == (True, "Kering is the parent company")
    found, prefix = find_quote("Kering is the parent company of Balenciaga", text)
    assert not found and prefix == "Kering is the parent company of "
