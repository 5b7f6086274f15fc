"""The page's claims, in the browser: who says so, ties that rest only on hearsay, each quote in its sentence.

Expected values come from the curated data (data/*.yaml) and the sources' own
text (data/sources/), read here independently of the page's code.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from graph import Dataset
from graph.model.sentences import sentences

from .conftest import DATA
from .test_html import Page, _expected_visible

pytestmark = pytest.mark.browser

BELIEF = "criticism_industry_member_with_problems"  # data/opinions.yaml: believed, according to industry_insiders
PRIVATE = "iacc_members_supporting_kors-expressed_support_for-michael_kors"  # data/iacc.yaml: reported, private
TMALL = "alibaba-owns-tmall"  # data/alibaba.yaml: believed; its quote is part of a sentence
DENIED = "jack_ma-speaker_at-iacc_spring_conference_2016.voa"  # data/voa.yaml: mode denied


@pytest.fixture(scope="module")
def page(browser: Any, built: Path) -> Iterator[Page]:
    """One page of the curated data for the module (each test leaves the filters and the day as it found them)."""
    p = Page(browser, built / "graph.html")
    yield p
    assert p.errors == [] and p.blocked == [] and p.dialogs == []
    assert [m for m in p.console if m[0] in ("error", "warning")] == []
    p.close()


def _claim_of(ds: Dataset, G: nx.MultiDiGraph, u: str, d: dict[str, Any]) -> Any:
    """The record whose claim an edge rests on: its relation, or the fact it comes from (a role's is its fact)."""
    if d["kind"] == "role":
        return ds.facts[u]
    return ds.facts[d["fact"]] if d["kind"] == "derived" else ds.relations[d["id"]]


def test_tooltips_and_panel_say_who_says_so(page: Page) -> None:
    title = page.page.evaluate(f"cdkg.nodes.get('{BELIEF}').title")
    assert "\nAttribution: believed, according to Some people in the industry\n" in title
    title = page.page.evaluate(f"cdkg.edges.get('{PRIVATE}').title")
    assert title.startswith("About 20 brands and other IACC members expressed support for Michael Kors\n")
    assert "\nRests only on a reported, believed or private claim\n" in title
    assert "\nAttribution: reported, according to Barbara Kolsun in private\n" in title
    # a role in the fact speaks with its fact's attribution
    role = page.page.evaluate(f"cdkg.edges.get('{BELIEF}/critic/industry_insiders').title")
    assert "\nAttribution: believed, according to Some people in the industry\n" in role
    # in the source's own voice: nothing said
    assert "Attribution" not in page.page.evaluate("cdkg.edges.get('kering-owns-gucci').title")
    page.page.evaluate(f"cdkg.focus('{BELIEF}')")
    details = page.page.inner_text("#details")
    assert "Attribution\nbelieved, according to Some people in the industry\n" in details


def test_ties_on_reported_believed_or_private_claims_are_marked(
    page: Page, dataset: Dataset, G: nx.MultiDiGraph
) -> None:
    # from the data: every claim that is reported or believed, or made in private (a denial is never drawn)
    expected = set()
    for u, _, k, d in G.edges(keys=True, data=True):
        a = _claim_of(dataset, G, u, d).attribution
        if a.mode in ("reported", "believed") or a.visibility == "private":
            expected.add(k)
    assert {PRIVATE, TMALL, f"{BELIEF}/critic/industry_insiders"} <= expected
    assert DENIED not in expected and "kering-owns-gucci" not in expected
    marked = page.page.evaluate(
        "cdkg.edges.getIds().filter((id) => cdkg.network.body.edges[id].options.background.enabled)"
    )
    assert set(marked) == expected
    legend = page.page.inner_text("#legend-claims li[data-claim='secondhand']")
    assert "rests only on a reported, believed or private claim" in legend and legend.endswith(str(len(expected)))
    assert page.page.evaluate(f"cdkg.edges.get('{PRIVATE}').title").count("Rests only on") == 1
    # the legend is a filter too
    page.page.uncheck("input[data-filter='claim'][value='secondhand']")
    shown = _expected_visible(G, None)
    assert page.visible() == (shown[0], shown[1] - expected)
    page.page.check("input[data-filter='claim'][value='secondhand']")
    assert page.visible() == shown


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentences of the source that the span touches, as the source writes them."""
    touched = [s for s in sentences(text) if s.end > start and s.start < end]
    return text[touched[0].start : touched[-1].end]


def test_each_quote_can_be_shown_in_its_sentence(page: Page, dataset: Dataset) -> None:
    page.page.evaluate("cdkg.focus('tmall')")  # its panel lists Alibaba's ownership of it
    block = page.page.locator("#details .fact", has_text="Alibaba Group owns Tmall").first
    summary = block.locator("details.sentence summary").first
    quote = dataset.relations[TMALL].evidence[0]
    text = (DATA / dataset.sources[quote.source].file).read_text(encoding="utf-8")
    assert quote.anchor is not None
    start, end = quote.anchor.start, quote.anchor.end
    assert summary.inner_text() == f"In its sentence (characters {start}–{end} of {quote.source})"
    assert not block.locator("details.sentence p").first.is_visible()  # closed until asked
    summary.click()
    p = block.locator("details.sentence p").first
    assert p.is_visible()
    # the sentence as the source writes it, the quote marked in it: text nodes and one <mark>, nothing else
    sentence = _sentence_around(text, start, end)
    assert sentence.startswith("Some people in the industry believe that Alibaba Group owns Taobao and Tmall")
    assert p.evaluate("e => e.textContent") == sentence
    assert p.evaluate("e => [...e.children].map(c => c.tagName)") == ["MARK"]
    assert (
        p.locator("mark").evaluate("e => e.textContent")
        == text[start:end]
        == "Alibaba Group owns Taobao and Tmall platforms"
    )


def test_every_quote_embeds_its_anchor(page: Page, dataset: Dataset) -> None:
    """Each row of the page's quote table: offsets in code points, and the sentence cut around text[start:end]."""
    rows = page.page.evaluate("cdkg.data.quotes")
    texts = {sid: (DATA / s.file).read_text(encoding="utf-8") for sid, s in dataset.sources.items()}
    quoted = {
        (e.source, e.quote, e.anchor.start)
        for r in [*dataset.entities.values(), *dataset.facts.values(), *dataset.relations.values()]
        for e in r.evidence
        if e.anchor is not None
    }
    assert {(r[0], r[1], r[2]) for r in rows} == quoted
    for source, _, start, end, before, exact, after in rows:
        text = texts[source]
        assert exact == text[start:end]
        assert before + exact + after == _sentence_around(text, start, end)


def test_a_denied_claim_is_listed_by_its_ends(page: Page) -> None:
    headings = "[...document.querySelectorAll('#details h2')].map(h => h.textContent)"
    block = "[...document.querySelectorAll('#details .fact')].map(b => b.innerText).filter(t => t.includes('denied'))"
    page.page.evaluate("cdkg.focus('jack_ma')")
    # VOA's denial, and the article's planned keynote: the same claim (same_as), which VOA denies
    assert page.page.evaluate(headings)[-2:] == ["Denied by a source (2)", "Sources"]
    (denied,) = page.page.evaluate(block)
    assert denied.startswith("Jack Ma speaker at")
    assert "Attribution\ndenied\n" in denied and "has cancelled his appearance" in denied
    page.page.evaluate("cdkg.setAsOf('2016-05-19')")  # on the day he was to speak: still denied, still listed
    assert page.page.evaluate(headings)[-2:] == ["Denied by a source (2)", "Sources"]
    page.page.evaluate("cdkg.setAsOf(null)")
