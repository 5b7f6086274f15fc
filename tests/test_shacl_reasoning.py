"""The shapes hold with the ontology loaded beside the data and under RDFS and OWL-RL reasoning
(pySHACL's ``ont_graph`` and ``inference``), and every injected violation of tests/test_shacl.py is
still caught in each mode.

pySHACL with OWL-RL takes seconds on the curated data, so each mode runs once per module: on the
curated data, and on the base fixture with every injected violation at once (each case's own nodes
renamed apart, so that no case repairs another's).
"""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.term import Node

from graph import Dataset, to_rdf
from graph.rdf.ontology import ontology
from graph.rdf.shacl import Violation, violations

from .test_shacl import CASES, SCHEMA, _copy, rdf  # noqa: F401 - rdf: the fixture

MODES = ["none", "rdfs", "owlrl"]
"""``none``: the ontology loaded beside the data, no inference."""


@pytest.fixture(scope="module")
def vocabulary() -> Graph:
    return ontology(SCHEMA)


@pytest.mark.parametrize("inference", MODES)
def test_the_curated_data_conform_with_the_ontology(dataset: Dataset, vocabulary: Graph, inference: str) -> None:
    assert violations(to_rdf(dataset), SCHEMA, engine="pyshacl", ontology=vocabulary, inference=inference) == []


def _apart(node: Node, i: int) -> Node:
    return URIRef(f"{node}-{i}") if isinstance(node, URIRef) and "intruder" in node else node


def _every_case_at_once(base: Graph) -> tuple[Graph, list[str]]:
    """The base fixture with every case's change, and each case's focus node (renamed as its nodes are)."""
    combined, foci = _copy(base), []
    before = set(base)
    for i, (_, _, inject) in enumerate(CASES):
        g = _copy(base)
        focus = inject(g)
        after = set(g)
        for t in before - after:
            combined.remove(t)
        for s, p, o in after - before:
            combined.add((_apart(s, i), p, _apart(o, i)))
        foci.append(f"{focus}-{i}" if "intruder" in focus else focus)
    return combined, foci


@pytest.fixture(scope="module", params=MODES)
def reasoned(request: pytest.FixtureRequest, rdf: Graph, vocabulary: Graph) -> tuple[list[str], list[Violation]]:  # noqa: F811
    combined, foci = _every_case_at_once(rdf)
    found = violations(combined, SCHEMA, engine="pyshacl", ontology=vocabulary, inference=request.param)
    return foci, found


@pytest.mark.parametrize("case", range(len(CASES)), ids=[f"{c[0]}:{c[1]}" for c in CASES])
def test_each_injected_violation_is_caught_under_reasoning(
    reasoned: tuple[list[str], list[Violation]], case: int
) -> None:
    foci, found = reasoned
    expected = CASES[case][1]
    assert any(v.focus == foci[case] and v.shape.startswith(f"cdksh:{expected}") for v in found), (
        foci[case],
        expected,
        sorted({v.shape for v in found if v.focus == foci[case]}),
    )


def test_the_base_fixture_conforms_under_reasoning(rdf: Graph, vocabulary: Graph) -> None:  # noqa: F811
    """The cases above start from a conforming graph (with the ontology, under OWL-RL)."""
    assert violations(rdf, SCHEMA, engine="pyshacl", ontology=vocabulary, inference="owlrl") == []


def test_inference_needs_pyshacl(rdf: Graph) -> None:  # noqa: F811
    with pytest.raises(ValueError, match="need engine='pyshacl'"):
        violations(rdf, SCHEMA, inference="rdfs")
