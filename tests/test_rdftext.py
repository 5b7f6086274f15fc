"""The RDF writers (Turtle and TriG by pyoxigraph, JSON-LD and N-Quads by hand): every file reads back
as the very triples written, and the same lines give the same bytes."""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph import load
from graph.rdf import serialize as rdftext
from graph.rdf.export import export_lines
from graph.rdf.terms import graph_iris
from graph.rdf.terms import iri as _i
from graph.rdf.terms import literal as _lit

ROOT = Path(__file__).resolve().parent.parent
PREFIXES = {"ex": "http://example.org/ns/", "exh": "http://example.org/h#", "rdf": ox.NamedNode(
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#").value, "xsd": "http://www.w3.org/2001/XMLSchema#"}  # fmt: skip
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _write(pieces: Iterator[str]) -> bytes:
    buf = io.BytesIO()
    rdftext.write_chunks(buf, pieces)
    return buf.getvalue()


def _turtle(lines: list[str], prefixes: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    rdftext.turtle(buf, lines, prefixes)
    return buf.getvalue()


def _trig(groups: dict[str, list[str]], prefixes: dict[str, str], names: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    rdftext.trig(buf, groups, prefixes, names)
    return buf.getvalue()


def _triples(data: bytes, fmt: ox.RdfFormat) -> set[tuple[object, object, object]]:
    return {(q.subject, q.predicate, q.object) for q in ox.parse(data, format=fmt)}


def _quads(data: bytes, fmt: ox.RdfFormat) -> set[tuple[object, object, object, object]]:
    return {(q.subject, q.predicate, q.object, q.graph_name) for q in ox.parse(data, format=fmt)}


def _check(groups: dict[str, list[str]]) -> None:
    """Every writer's output of ``groups`` (sorted distinct lines per graph) reads back as those lines."""
    union = sorted(set(itertools.chain.from_iterable(groups.values())))
    expected = _triples("".join(union).encode("utf-8"), ox.RdfFormat.N_TRIPLES)
    turtle = _turtle(union, PREFIXES)
    assert _triples(turtle, ox.RdfFormat.TURTLE) == expected, turtle.decode()
    jsonld = _write(rdftext.jsonld(union, PREFIXES))
    assert _triples(jsonld, ox.RdfFormat.JSON_LD) == expected, jsonld.decode()
    names = {g: f"http://example.org/graph/{g}" for g in groups if g}
    nq = "".join(
        "".join(line[:-3] + (f" <{names[g]}> .\n" if g else " .\n") for line in lines) for g, lines in groups.items()
    )
    expected_quads = _quads(nq.encode("utf-8"), ox.RdfFormat.N_QUADS)
    trig = _trig(groups, PREFIXES, names)
    assert _quads(trig, ox.RdfFormat.TRIG) == expected_quads, trig.decode()
    nquads = _write(rdftext.nquads(groups, names))
    assert nquads == nq.encode("utf-8")


def test_the_seed_exports_read_back_as_their_triples() -> None:
    ds = load(ROOT / "data")
    lines = export_lines(ds)
    expected = _triples("".join(lines.union).encode("utf-8"), ox.RdfFormat.N_TRIPLES)
    assert _triples(_turtle(lines.union, ds.schema.prefixes), ox.RdfFormat.TURTLE) == expected
    assert _triples(_write(rdftext.jsonld(lines.union, ds.schema.prefixes)), ox.RdfFormat.JSON_LD) == expected
    names = graph_iris(ds.schema, lines.graphs)
    trig = _quads(_trig(lines.graphs, ds.schema.prefixes, names), ox.RdfFormat.TRIG)
    nquads = _quads(_write(rdftext.nquads(lines.graphs, names)), ox.RdfFormat.N_QUADS)
    assert trig == nquads
    assert {q[:3] for q in trig} == expected
    assert {str(q[3]) for q in trig} == {"DEFAULT", *(f"<{n}>" for n in names.values())}


def test_turtle_is_compact_and_readable() -> None:
    lines = sorted(
        [
            f"{_i('http://example.org/ns/a')} {_i(RDF_TYPE)} {_i('http://example.org/ns/Brand')} .\n",
            f"{_i('http://example.org/ns/a')} {_i('http://example.org/h#name')} {_lit('A')} .\n",
            f"{_i('http://example.org/ns/a')} {_i('http://example.org/h#name')} {_lit('Ä')} .\n",
            f"{_i('http://example.org/ns/a')} {_i('http://example.org/h#on')} "
            f"{_lit('2016-04', 'http://www.w3.org/2001/XMLSchema#gYearMonth')} .\n",
            f"{_i('http://example.org/ns/b.')} {_i(RDF_TYPE)} {_i('http://other.org/x')} .\n",
        ]
    )
    text = _turtle(lines, PREFIXES).decode()
    # one block per subject, its predicates in the order of the sorted lines, with prefixed names
    assert 'ex:a exh:name "A" , "Ä" ;\n\texh:on "2016-04"^^xsd:gYearMonth ;\n\ta ex:Brand .' in text
    # a local name ending in "." is escaped, or the IRI written in full
    assert "ex:b\\. a <http://other.org/x> ." in text or "<http://example.org/ns/b.> a <http://other.org/x> ." in text
    assert sorted(text.splitlines()[:4]) == sorted(f"@prefix {p}: <{iri}> ." for p, iri in PREFIXES.items())
    _check({"": lines})


def test_rdf_type_is_a_only_as_a_predicate() -> None:
    lines = [f"{_i('http://example.org/ns/p')} {_i('http://example.org/ns/path')} {_i(RDF_TYPE)} .\n"]
    text = _turtle(lines, PREFIXES).decode()
    assert "ex:p ex:path rdf:type ." in text
    _check({"": lines})


def test_jsonld_strings_with_escapes_json_lacks_are_re_encoded() -> None:
    s, p = _i("http://example.org/ns/s"), _i("http://example.org/ns/p")
    lines = sorted(
        [
            f'{s} {p} "smile \\U0001F600" .\n',  # N-Triples' 8-digit escape
            f'{s} {p} "it\\\'s" .\n',  # an escaped apostrophe
            f'{s} {p} "tab\there" .\n',  # a raw tab, allowed in N-Triples, not in JSON
            f'{s} {p} "back\\\\Uslash" .\n',  # an escaped backslash before a U: not an escape
            f'{s} {p} "plain"@en-GB .\n',
        ]
    )
    _check({"": lines})
    doc = _write(rdftext.jsonld(lines, PREFIXES)).decode()
    assert "smile \U0001f600" in doc and "it's" in doc and "tab\\there" in doc


def test_iris_with_escapes_and_odd_local_names_stay_valid() -> None:
    iris = [
        "http://example.org/ns/a\\u00E9",  # a UCHAR escape in the IRI
        "http://example.org/ns/-dash",
        "http://example.org/ns/with%20space",
        "http://example.org/ns/x~y",
        "http://example.org/ns/",
        "http://example.org/h#frag.ment",
        "http://example.org/ns/sub/deeper",
        "urn:isbn:123",
    ]
    lines = sorted(f"<{iri}> <http://example.org/ns/p> <{iris[0]}> .\n" for iri in iris)
    _check({"": lines})


@pytest.mark.parametrize("chunk", [1, 2, 3])
def test_chunk_boundaries_do_not_change_the_output(monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    ds = load(ROOT / "data")
    lines = export_lines(ds)
    names = graph_iris(ds.schema, lines.graphs)
    writers = {
        "turtle": lambda: _turtle(lines.union, ds.schema.prefixes),
        "jsonld": lambda: _write(rdftext.jsonld(lines.union, ds.schema.prefixes)),
        "trig": lambda: _trig(lines.graphs, ds.schema.prefixes, names),
        "nquads": lambda: _write(rdftext.nquads(lines.graphs, names)),
    }
    whole = {name: make() for name, make in writers.items()}
    monkeypatch.setattr(rdftext, "CHUNK", chunk)
    monkeypatch.setattr(rdftext, "BUFFER", chunk * 7)
    for name, make in writers.items():
        assert make() == whole[name], name


def test_the_jsonld_writer_refuses_blank_nodes() -> None:
    with pytest.raises(ValueError, match="IRIs and literals only"):
        _write(rdftext.jsonld(['_:b0 <http://example.org/ns/p> "x" .\n'], PREFIXES))


_local = st.lists(st.sampled_from(["a", "Z", "0", "_", "-", ".", "~", "%20", "é", "/", ":"]), max_size=6).map("".join)
_iri = st.builds(
    lambda base, local: base + local,
    st.sampled_from(["http://example.org/ns/", "http://example.org/h#", "http://other.org/", "urn:x:"]),
    _local,
)
_text = st.text(st.characters(blacklist_categories=["Cs"]), max_size=12)
_object = st.one_of(
    _iri.map(_i),
    _text.map(_lit),
    st.tuples(_text, st.sampled_from(["http://www.w3.org/2001/XMLSchema#date", "http://other.org/dt"])).map(
        lambda t: _lit(*t)
    ),
    st.tuples(_text, st.sampled_from(["en", "zh-Hans", "de-CH-1996"])).map(lambda t: f"{_lit(t[0])}@{t[1]}"),
)
_line = st.builds(lambda s, p, o: f"{_i(s)} {_i(p)} {o} .\n", _iri, st.one_of(_iri, st.just(RDF_TYPE)), _object)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(["", "g1", "g2"]), st.lists(_line, max_size=12), max_size=3))
def test_any_lines_read_back_in_every_format(groups: dict[str, list[str]]) -> None:
    _check({g: sorted(set(lines)) for g, lines in sorted(groups.items())})
