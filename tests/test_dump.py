"""The YAML writer: what it writes, the loader reads back as it was, and the same data give the same bytes."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from graph import Dataset, load, to_yaml
from graph.model.dump import DATA_FILES

from .conftest import BASE, DATA


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
