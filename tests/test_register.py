"""``source add``: a new source's text copied verbatim, its entry appended to the registry, nothing half-written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from graph.errors import UsageError
from graph.model import load
from graph.model.register import add_source


def test_a_source_is_copied_byte_for_byte_and_registered(make_data: Callable[..., Path], tmp_path: Path) -> None:
    data = make_data()
    before = (data / "sources.yaml").read_bytes()
    text = "\ufeffAlibaba announced Tuesday that Jack Ma\r\nwould not attend.\u00a0\n".encode()
    new = tmp_path / "voa.txt"
    new.write_bytes(text)
    got = add_source(data, new, title="VOA item", published="2016-05-17/2016-05-18", licence="public domain")
    assert got.id == "voa" and got.text_path == data / "sources" / "voa.txt"
    assert got.text_path.read_bytes() == text  # BOM, CRLF and no-break space kept
    after = (data / "sources.yaml").read_bytes()
    assert after.startswith(before.rstrip(b"\n"))  # what was there is kept
    ds = load(data)
    assert str(ds.sources["voa"].publication) == "between 2016-05-17 and 2016-05-18"
    assert ds.sources["voa"].licence == "public domain"


@pytest.mark.parametrize(
    ("content", "kwargs", "message"),
    [
        (b"\xff\xfe not utf-8", {}, "not UTF-8"),
        (b"   \n", {}, "empty"),
        (b"text", {"source_id": "mini"}, "is taken"),
        (b"text", {"source_id": "MINI"}, "is taken"),
        (b"text", {"source_id": "bad id"}, "may have only"),
        (b"text", {"published": "2016-13"}, "--published"),
        (b"text", {"published": "2016-05/2016-04"}, "before the earliest"),
        (b"text", {"title": "  "}, "--title"),
    ],
)
def test_bad_input_writes_nothing(
    make_data: Callable[..., Path], tmp_path: Path, content: bytes, kwargs: dict[str, str], message: str
) -> None:
    data = make_data()
    snapshot = {p: p.read_bytes() for p in data.rglob("*") if p.is_file()}
    new = tmp_path / "new.txt"
    new.write_bytes(content)
    with pytest.raises(UsageError, match=message):
        add_source(data, new, **{"title": "A title", **kwargs})  # type: ignore[arg-type]
    assert {p: p.read_bytes() for p in data.rglob("*") if p.is_file()} == snapshot


def test_an_existing_file_with_other_content_is_not_replaced(make_data: Callable[..., Path], tmp_path: Path) -> None:
    data = make_data()
    (data / "sources" / "other.txt").write_text("the user's own file", encoding="utf-8")
    new = tmp_path / "other.txt"
    new.write_text("a different text", encoding="utf-8")
    with pytest.raises(UsageError, match="exists with other content"):
        add_source(data, new, title="Other")
    assert (data / "sources" / "other.txt").read_text(encoding="utf-8") == "the user's own file"


def test_a_registry_that_does_not_end_with_its_list_is_left_alone(
    make_data: Callable[..., Path], tmp_path: Path
) -> None:
    data = make_data()
    registry = data / "sources.yaml"
    registry.write_text(registry.read_text(encoding="utf-8") + "entities: []\n", encoding="utf-8")
    before = registry.read_bytes()
    new = tmp_path / "x.txt"
    new.write_text("some text", encoding="utf-8")
    with pytest.raises(UsageError, match="add the entry by hand"):
        add_source(data, new, title="X")
    assert registry.read_bytes() == before and not (data / "sources" / "x.txt").exists()
