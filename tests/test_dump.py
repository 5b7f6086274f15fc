"""The YAML writer: what it writes, the loader reads back as it was, and the same data give the same bytes."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings

from graph import Dataset, load, to_yaml
from graph.model.dump import DATA_FILES

from .conftest import BASE, DATA
from .test_rdf_in import comparable, datasets


def _write(files: dict[str, str], target: Path, texts: Path) -> Path:
    target.mkdir()
    for name, text in files.items():
        (target / name).write_text(text, encoding="utf-8")
    shutil.copytree(texts / "sources", target / "sources")
    return target


@pytest.mark.parametrize("data", [DATA, BASE], ids=["seed", "base"])
def test_the_loader_reads_back_what_was_written(tmp_path: Path, data: Path) -> None:
    original = load(data)
    again = load(_write(to_yaml(original), tmp_path / "again", data))
    for section in ("sources", "entities", "facts", "relations"):
        before = {k: _plain(v) for k, v in getattr(original, section).items()}
        after = {k: _plain(v) for k, v in getattr(again, section).items()}
        assert before == after, section


def _plain(record: object) -> object:
    """A record without where it was read from."""
    import dataclasses

    return dataclasses.replace(record, origin=None)  # type: ignore[type-var]


def test_files_are_sorted_and_deterministic(dataset: Dataset) -> None:
    files = to_yaml(dataset)
    assert set(files) == set(DATA_FILES) and files == to_yaml(dataset)
    entities = yaml.safe_load(files["entities.yaml"])["entities"]
    assert [e["id"] for e in entities] == sorted(e["id"] for e in entities)
    kering = next(e for e in entities if e["id"] == "kering")
    assert list(kering)[:4] == ["id", "type", "name", "aliases"]
    assert kering["aliases"] == [
        {"name": "Kaiyun Group", "source": "seed-article"},
        {"name": "Kering S.A.", "source": "sdny-order-2016-08-04"},
        {"name": "KERINGS S.A.", "source": "sdny-order-2016-08-04"},
        {"name": "Kering", "source": "sdny-order-2016-08-04"},
    ]


def test_dates_attribution_and_exclusions_are_written_as_curated(dataset: Dataset) -> None:
    files = to_yaml(dataset)
    sources = {s["id"]: s for s in yaml.safe_load(files["sources.yaml"])["sources"]}
    assert sources["seed-article"]["published"] == {"earliest": "2016-04-01", "latest": "2016-05-12"}
    assert sources["sdny-order-2016-08-04"]["published"] == "2016-08-04"
    assert sources["voa-2016-05-17"]["licence"].startswith("Public domain")
    assert [x["reason"][:12] for x in sources["seed-article"]["not_curated"]][:1] == ["The headline"]
    relations = {r["id"]: r for r in yaml.safe_load(files["relations.yaml"])["relations"]}
    private = relations["iacc_members_supporting_kors-expressed_support_for-michael_kors"]
    assert (private["according_to"], private["mode"], private["visibility"]) == (
        "barbara_kolsun",
        "reported",
        "private",
    )
    owned = relations["alibaba-owns-tmall"]
    assert (owned["according_to"], owned["mode"]) == ("industry_insiders", "believed")
    assert "mode" not in relations["alibaba-owns-taobao"] and "according_to" not in relations["alibaba-owns-taobao"]


@pytest.mark.parametrize(
    ("amount", "written"),
    [
        (Decimal("250000"), "250000"),
        (Decimal("2.5"), "2.5"),
        (Decimal("0.12345678901234567890"), "'0.12345678901234567890'"),
    ],
)
def test_decimals_keep_every_digit(dataset: Dataset, amount: Decimal, written: str) -> None:
    import dataclasses

    fact = dataset.facts["lawsuit_louis_vuitton_beijing_2016"]
    changed = dataclasses.replace(fact, fields={**fact.fields, "amount": amount})
    text = to_yaml(dataclasses.replace(dataset, facts={**dataset.facts, fact.id: changed}))["facts.yaml"]
    assert f"amount: {written}\n" in text
    assert (
        Decimal(
            str(
                yaml.safe_load(text)["facts"][[f["id"] for f in yaml.safe_load(text)["facts"]].index(fact.id)]["amount"]
            )
        )
        == amount
    )


# -- the dates as curated --------------------------------------------------------------------------------


def _record(files: dict[str, str], section: str, rid: str) -> dict[str, object]:
    found: dict[str, object] = next(r for r in yaml.safe_load(files[f"{section}.yaml"])[section] if r["id"] == rid)
    return found


def test_dates_are_written_as_curated(dataset: Dataset) -> None:
    """Not the values the loader fills in from bounds, relative dates and order: what the curator wrote."""
    files = to_yaml(dataset)
    gucci = _record(files, "relations", "gucci-member_of-iacc")
    assert gucci["end"] == {"relative": "last weekend", "after": "withdrawal_gucci_iacc"} and "start" not in gucci
    assert _record(files, "facts", "mediation_kering_alibaba")["date"] == {
        "after": ["forbes_report_2015_11_06", "lawsuit_kering_2015_11"]
    }
    assert _record(files, "facts", "lawsuit_kering_2015_11")["date"] == {
        "value": "2015-11",
        "after": "lawsuit_manhattan_2015_05",
    }
    keynote = _record(files, "relations", "jack_ma-speaker_at-iacc_spring_conference_2016")
    assert (keynote["start"], keynote["end"], keynote["status"]) == ("2016-05-18", "2016-05-20", "planned")
    source = _record(files, "sources", "seed-article")
    # the loader gives a publication without a note its published_note: written once
    assert source["published"] == {"earliest": "2016-04-01", "latest": "2016-05-12"}
    assert str(source["published_note"]).startswith("Not printed; inferred from the text.")


@pytest.mark.parametrize(
    ("published", "note", "written"),
    [
        ("published: {value: 2016-05, note: from the masthead}", "", {"value": "2016-05", "note": "from the masthead"}),
        ("published: {earliest: 2016-04, note: a}", "published_note: b", {"earliest": "2016-04", "note": "a"}),
        ("published: {note: why}", "published_note: why", {"note": "why"}),
        ("published: 2016-05", "published_note: why", "2016-05"),
        ("", "published_note: why", None),
    ],
)
def test_a_publication_reads_back_with_its_note(
    tmp_path: Path, make_data: Callable[..., Path], published: str, note: str, written: object
) -> None:
    sources = "sources:\n  - id: mini\n    title: A minimal test source\n    language: en\n    file: sources/mini.txt\n"
    sources += "".join(f"    {line}\n" for line in (published, note) if line)
    original = load(make_data(files={"sources.yaml": sources}))
    files = to_yaml(original)
    assert _record(files, "sources", "mini").get("published") == written
    again = load(_write(files, tmp_path / "again", BASE))
    assert _plain(again.sources["mini"]) == _plain(original.sources["mini"])


def _texts(ds: Dataset) -> dict[str, str]:
    """A text for each source that holds every quote and alias name citing it."""
    found: dict[str, list[str]] = {sid: [] for sid in ds.sources}
    for rec in (*ds.entities.values(), *ds.facts.values(), *ds.relations.values()):
        for e in rec.evidence:
            found[e.source].append(e.quote)
    for entity in ds.entities.values():
        for alias in entity.aliases:
            if alias.source:
                found[alias.source].append(alias.name)
    return {sid: "\n\n".join(dict.fromkeys(quotes)) + "\n" for sid, quotes in found.items()}


def _ambiguous(ds: Dataset) -> bool:
    """Whether a quote of the random data is part of another of the same source (it would occur twice in its text)."""
    by_source: dict[str, set[str]] = {}
    names: dict[str, set[str]] = {}
    for rec in (*ds.entities.values(), *ds.facts.values(), *ds.relations.values()):
        for e in rec.evidence:
            by_source.setdefault(e.source, set()).add(e.quote)
    for entity in ds.entities.values():
        for alias in entity.aliases:
            if alias.source:
                names.setdefault(alias.source, set()).add(alias.name)
    return any(
        a != b and a in b for sid, quotes in by_source.items() for a in quotes for b in quotes | names.get(sid, set())
    )


def _unanchored(ds: Dataset) -> dict[str, dict[str, object]]:
    """``comparable``, less the quotes' anchors: the synthetic texts place them anywhere (test_anchors checks them)."""

    def strip(rec: object) -> object:
        evidence = getattr(rec, "evidence", None)
        if evidence is None:
            return rec
        return dataclasses.replace(rec, evidence=tuple(dataclasses.replace(e, anchor=None) for e in evidence))  # type: ignore[type-var]

    return {section: {k: strip(v) for k, v in records.items()} for section, records in comparable(ds).items()}


@settings(max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(ds=datasets())
def test_random_data_written_as_yaml_loads_back(tmp_path_factory: pytest.TempPathFactory, ds: Dataset) -> None:
    """Random datasets with dates of every kind (values, bounds, relative dates, order, notes, statuses)."""
    assume(not _ambiguous(ds))
    target = tmp_path_factory.mktemp("yaml")
    for name, text in to_yaml(ds).items():
        (target / name).write_text(text, encoding="utf-8")
    (target / "sources").mkdir()
    for sid, text in _texts(ds).items():
        (target / "sources" / f"{sid}.txt").write_text(text, encoding="utf-8")
    assert _unanchored(load(target)) == _unanchored(ds)
