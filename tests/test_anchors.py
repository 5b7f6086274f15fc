"""Quotes anchored in their sources: Web Annotation position and quote selectors computed from the text."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.errors import DataError
from graph.model import load
from graph.model.anchors import CONTEXT, anchors, occurrences
from graph.model.rules import find_quote, fold_quotes, normalise_space

ROOT = Path(__file__).resolve().parent.parent

DOUBLE = ['"', "\u201c", "\u201d"]
SINGLE = ["'", "\u2018", "\u2019"]
MARKS = DOUBLE + SINGLE
SPACES = [" ", "  ", "\n", "\t", " \n ", "\u00a0", "\u2003"]


@st.composite
def _texts(draw: st.DrawFn) -> str:
    words = draw(
        st.lists(
            st.sampled_from(["fake", "goods", "Ma", "Yun", "IACC", "a", "b", "x1", "\u963f\u91cc"]),
            min_size=1,
            max_size=30,
        )
    )
    out = []
    for w in words:
        if draw(st.booleans()):
            w = draw(st.sampled_from(MARKS)) + w + draw(st.sampled_from([*MARKS, ""]))
        out.append(w)
        out.append(draw(st.sampled_from(SPACES)))
    return draw(st.sampled_from(["", " ", "\n"])) + "".join(out)


@settings(max_examples=300, deadline=None)
@given(text=_texts(), data=st.data())
def test_an_anchor_is_the_quote_as_the_source_writes_it(text: str, data: st.DataObject) -> None:
    words = text.split()
    i = data.draw(st.integers(0, len(words) - 1))
    j = data.draw(st.integers(i + 1, len(words)))
    # the curator's version: single spaces, quotation marks straightened or swapped
    quote = " ".join(words[i:j])
    quote = "".join(
        data.draw(st.sampled_from(DOUBLE if ch in DOUBLE else SINGLE)) if ch in MARKS else ch for ch in quote
    )
    found = anchors(quote, text)
    assert found, "a run of the source's own words is found"
    normal = normalise_space(text)
    ok, _verbatim = find_quote(quote, normal)
    assert ok
    assert len(found) == len(occurrences(quote, text))
    for n, a in enumerate(found, 1):
        assert text[a.start : a.end] == a.exact  # what an independent reader checks
        assert fold_quotes(normalise_space(a.exact)) == fold_quotes(normalise_space(quote))
        assert text[max(0, a.start - CONTEXT) : a.start] == a.prefix and text[a.end : a.end + CONTEXT] == a.suffix
        assert a.occurrence == n and a.occurrences == len(found)
    starts = [a.start for a in found]
    assert starts == sorted(starts) and all(b.start >= a.end for a, b in itertools.pairwise(found))


def _by_regex(quote: str, text: str) -> list[tuple[int, int]]:
    """The reference: the quote's words in order, any whitespace between them, as a regular expression."""
    words = fold_quotes(quote).split()
    if not words:
        return []
    return [(m.start(), m.end()) for m in re.finditer(r"\s+".join(map(re.escape, words)), fold_quotes(text))]


@settings(max_examples=400, deadline=None)
@given(text=_texts(), data=st.data())
def test_occurrences_are_those_a_regular_expression_finds(text: str, data: st.DataObject) -> None:
    """The fast search (str.find in the text with whitespace runs collapsed) against the regex it replaced:
    quotes cut anywhere from the text, or made of its words, with their own odd whitespace."""
    words = text.split()
    i = data.draw(st.integers(0, len(words) - 1))
    j = data.draw(st.integers(i + 1, len(words)))
    glue = data.draw(st.sampled_from(SPACES))
    quote = glue.join(words[i:j])
    cut = data.draw(st.tuples(st.integers(0, len(text)), st.integers(0, len(text))))
    for q in (quote, text[min(cut) : max(cut)], "x1 " + quote, quote.upper()):
        assert occurrences(q, text) == _by_regex(q, text), q


def test_code_points_not_bytes_or_utf16_units() -> None:
    text = "\U0001f600 \u963f\u91cc\u5df4\u5df4 joined IACC"
    (a,) = anchors("joined IACC", text)
    assert (a.start, a.end) == (7, 18) and text[a.start : a.end] == "joined IACC"


def test_every_quote_of_the_seed_data_is_anchored_where_it_is() -> None:
    ds = load(ROOT / "data")
    seen = 0
    for rec in [*ds.entities.values(), *ds.facts.values(), *ds.relations.values()]:
        for ev in rec.evidence:
            assert ev.anchor is not None
            text = ds.sources[ev.source].text
            assert text[ev.anchor.start : ev.anchor.end] == ev.anchor.exact
            assert normalise_space(ev.anchor.exact) == ev.quote
            seen += 1
    assert seen >= 70


def _data(make_data: Callable[..., Path], quote_item: str) -> Path:
    return make_data(
        files={
            "sources/mini.txt": (
                "Gucci sued Alibaba in May 2015.\nGucci sued Alibaba again.\n"
                "Kering is the parent company of Gucci; the article calls it Kaiyun Group.\n"
            ),
            "relations.yaml": (
                "relations:\n  - id: r1\n    type: owns\n    subject: kering\n    object: gucci\n"
                f"    evidence:\n      - {quote_item}\n"
            ),
            "facts.yaml": "facts: []\n",
        }
    )


def test_a_quote_found_twice_needs_more_context_or_an_occurrence(make_data: Callable[..., Path]) -> None:
    data = _data(make_data, '{source: mini, quote: "Gucci sued Alibaba"}')
    with pytest.raises(DataError) as info:
        load(data)
    (msg,) = [str(p) for p in info.value.problems]
    assert "occurs 2 times in source 'mini' (at code points 0-18, 32-50)" in msg
    assert "occurrence: 1" in msg and "occurrence: 2" in msg and "relation r1" in msg
    relations = (data / "relations.yaml").read_text(encoding="utf-8")
    (data / "relations.yaml").write_text(relations.replace('Alibaba"}', 'Alibaba", occurrence: 2}'), encoding="utf-8")
    assert load(data).relations["r1"].evidence[0].anchor.start == 32  # type: ignore[union-attr]
    (data / "relations.yaml").write_text(relations.replace('Alibaba"}', 'Alibaba again"}'), encoding="utf-8")
    assert load(data).relations["r1"].evidence[0].anchor.occurrences == 1  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (
            '{source: mini, quote: "Gucci sued Alibaba", occurrence: 3}',
            "occurrence 3 asked, but the quote occurs 2 time(s)",
        ),
        ('{source: mini, quote: "Gucci sued Alibaba", occurrence: 0}', "expected which occurrence"),
        ('{source: mini, quote: "Gucci sued Alibaba", occurrence: "first"}', "expected which occurrence"),
    ],
)
def test_a_wrong_occurrence_is_reported(make_data: Callable[..., Path], item: str, message: str) -> None:
    with pytest.raises(DataError) as info:
        load(_data(make_data, item))
    assert any(message in str(p) for p in info.value.problems)
