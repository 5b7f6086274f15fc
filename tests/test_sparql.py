"""SPARQL over the RDF: prefixes bound, values bound (never pasted), result formats."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import Graph, Literal, URIRef

from graph import Dataset, to_rdf
from graph.errors import UsageError
from graph.rdf.query import format_result, parse_binding, sparql
from graph.schema import load_schema

CDK = load_schema().vocabulary.entity


@pytest.fixture(scope="module")
def rdf(dataset: Dataset) -> Graph:
    return to_rdf(dataset)


OPPONENTS = """
SELECT DISTINCT ?who WHERE {
  ?st rdf:object ?target ; rdf:subject ?s ; cdkg:stance "oppose" .
  ?s rdfs:label ?who .
} ORDER BY ?who
"""


def test_prefixes_are_bound_and_values_bound(rdf: Graph) -> None:
    rows = sparql(rdf, OPPONENTS, {"target": URIRef(CDK + "alibaba")})
    who = [str(r.who) for r in rows]
    assert {"Gucci", "Kering", "Longchamp", "Michael Kors"} <= set(who) and "Taobao" not in who


def test_a_hostile_value_is_just_a_value(rdf: Graph) -> None:
    hostile = 'Kering" } . ?x ?y ?z { "'
    rows = sparql(rdf, "SELECT ?e WHERE { ?e rdfs:label ?name }", {"name": hostile})
    assert list(rows) == []
    rows = sparql(rdf, "SELECT ?e WHERE { ?e skos:altLabel ?name }", {"name": "Kaiyun Group"})
    assert [r.e for r in rows] == [URIRef(CDK + "kering")]


def test_bindings_from_the_command_line() -> None:
    assert parse_binding("who=cdk:kering") == ("who", URIRef(CDK + "kering"))
    assert parse_binding("?who=<https://example.org/x>") == ("who", URIRef("https://example.org/x"))
    assert parse_binding("name=Ma Yun") == ("name", Literal("Ma Yun"))
    assert parse_binding("name=nope:x") == ("name", Literal("nope:x"))
    with pytest.raises(UsageError, match="VAR=VALUE"):
        parse_binding("no equals sign")


def test_bad_query_is_a_usage_error(rdf: Graph) -> None:
    with pytest.raises(UsageError, match="invalid SPARQL"):
        sparql(rdf, "SELECT ?x WHERE { ?x ?y }")
    with pytest.raises(UsageError, match="invalid SPARQL"):
        sparql(rdf, "SELECT ?x WHERE { ?x nope:y ?z }")


def test_result_formats(rdf: Graph) -> None:
    query = (
        "SELECT ?name ?alias WHERE { cdk:kering rdfs:label ?name ; skos:altLabel ?alias "
        'FILTER (?alias = "Kaiyun Group") }'
    )
    table = format_result(sparql(rdf, query), "table")
    assert table.splitlines()[0].split() == ["name", "alias"] and "Kering" in table and "(1 row)" in table
    data = json.loads(format_result(sparql(rdf, query), "json"))
    assert data["head"]["vars"] == ["name", "alias"]
    assert data["results"]["bindings"][0]["alias"]["value"] == "Kaiyun Group"
    rows = list(csv.reader(io.StringIO(format_result(sparql(rdf, query), "csv"))))
    assert rows == [["name", "alias"], ["Kering", "Kaiyun Group"]]
    assert format_result(sparql(rdf, "ASK { cdk:kering cdkg:sued cdk:alibaba }"), "table") == "True"
    constructed = format_result(sparql(rdf, "CONSTRUCT { ?s cdkg:sued ?o } WHERE { ?s cdkg:sued ?o }"), "table")
    assert "cdk:kering cdkg:sued cdk:alibaba" in constructed
