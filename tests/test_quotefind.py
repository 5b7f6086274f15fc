"""``quote find``: the source's own words for an approximate quote."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.model.quotefind import find_spans
from graph.model.rules import fold_quotes, normalise_space

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "data" / "sources" / "seed-article.txt").read_text(encoding="utf-8")
WORDS = ["Gucci", "left", "IACC", "Alibaba", "joined", "in", "April", "\u201cfakes\u201d", "Ma", "Yun", "said", "it's"]


@settings(max_examples=150, deadline=None)
@given(
    words=st.lists(st.sampled_from(WORDS), min_size=3, max_size=40),
    spaces=st.lists(st.sampled_from([" ", "  ", "\n", "\t"]), min_size=40, max_size=40),
    data=st.data(),
)
def test_a_quote_with_other_case_spaces_and_marks_is_found_where_it_is(
    words: list[str], spaces: list[str], data: st.DataObject
) -> None:
    text = "".join(w + s for w, s in zip(words, spaces, strict=False))
    i = data.draw(st.integers(0, len(words) - 1))
    j = data.draw(st.integers(i + 1, len(words)))
    quote = " ".join(fold_quotes(w) for w in words[i:j])
    if data.draw(st.booleans()):
        quote = quote.upper()
    found = find_spans(quote, text)
    assert found and found[0].how in ("verbatim", "ignoring case")
    for m in found:
        assert text[m.start : m.end] == m.exact
        assert normalise_space(fold_quotes(m.exact)).lower() == normalise_space(quote).lower()


def test_a_misspelt_quote_finds_the_passage_it_means() -> None:
    best = find_spans("Gucci decided to leave the organisation last wednesday", SEED)[0]
    assert best.how == "fuzzy" and best.exact.startswith("Gucci decided to officially leave the organization")
    assert SEED[best.start : best.end] == best.exact and best.score > 0.8


def test_a_garbled_translation_is_found_as_the_source_garbles_it() -> None:
    best = find_spans("Barbara Kolsun, former general counsel of Stuart Weitzman", SEED)[0]
    assert "Stuart Weitzman" in best.exact and SEED[best.start : best.end] == best.exact


def test_nothing_close_gives_nothing() -> None:
    assert find_spans("completely unrelated words about the weather in Paris", SEED) == []
    assert find_spans("   ", SEED) == []


def test_the_closest_spans_come_best_first_and_do_not_overlap() -> None:
    found = find_spans("luxury brand withdrew from the IACC", SEED, limit=5)
    assert len(found) >= 2 and {m.how for m in found} == {"fuzzy"}
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)
    assert all(a.end <= b.start or b.end <= a.start for a in found for b in found if a is not b)
