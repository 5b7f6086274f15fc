"""Who says so, in the RDF: attribution, same claims, denials without a direct triple, licences, passages not
curated; written by the export, read back by import, and RDF that gets them wrong refused by name."""

from __future__ import annotations

import re

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from graph import DataError, Dataset, from_rdf, load_schema, to_rdf
from graph.rdf.ontology import ontology

SCHEMA = load_schema()
V = SCHEMA.vocabulary
CDK, CDKS, CDKSRC, CDKG = V.entity, V.statement, V.source, V.ontology
MODE, VISIBILITY, SAME = URIRef(CDKG + "attributionMode"), URIRef(CDKG + "visibility"), URIRef(CDKG + "sameClaimAs")


@pytest.fixture(scope="module")
def rdf(dataset: Dataset) -> Graph:
    return to_rdf(dataset)


def _problems(g: Graph) -> str:
    with pytest.raises(DataError) as caught:
        from_rdf(g)
    return str(caught.value)


def test_every_claim_node_says_how_the_source_gives_it(rdf: Graph, dataset: Dataset) -> None:
    modes = {m.id: URIRef(m.iri) for m in SCHEMA.attribution.modes.values()}
    for rid, r in dataset.relations.items():
        assert set(rdf.objects(URIRef(CDKS + rid), MODE)) == {modes[r.attribution.mode]}, rid
        who = {URIRef(CDK + a) for a in r.attribution.according_to}
        assert set(rdf.objects(URIRef(CDKS + rid), PROV.wasAttributedTo)) == who, rid
    for fid, f in dataset.facts.items():
        assert set(rdf.objects(URIRef(CDK + fid), MODE)) == {modes[f.attribution.mode]}, fid


def test_the_remark_forbes_reports_is_attributed_to_forbes(rdf: Graph) -> None:
    remark = URIRef(CDK + "remark_jack_ma_rather_lose")
    assert (remark, PROV.wasAttributedTo, URIRef(CDK + "forbes")) in rdf
    assert (remark, MODE, URIRef(CDKG + "Reported")) in rdf


def test_private_support_is_marked_private(rdf: Graph, dataset: Dataset) -> None:
    private = {rid for rid, r in dataset.relations.items() if r.attribution.private}
    assert private and private == {
        str(s)[len(CDKS) :] for s in rdf.subjects(VISIBILITY, URIRef(CDKG + "Private")) if str(s).startswith(CDKS)
    }
    assert not list(rdf.subjects(VISIBILITY, URIRef(CDKG + "Public")))  # the default is not written


def test_a_denial_has_a_statement_and_no_direct_triple(rdf: Graph, dataset: Dataset) -> None:
    denied = dataset.relations["jack_ma-speaker_at-iacc_spring_conference_2016.voa"]
    assert denied.attribution.mode == "denied"
    st = URIRef(CDKS + denied.id)
    assert (st, MODE, URIRef(CDKG + "Denied")) in rdf and (st, RDF.type, RDF.Statement) in rdf
    # the article's planned keynote still asserts the triple: a direct triple means some source asserts it
    p = URIRef(SCHEMA.expand(SCHEMA.relation_types["speaker_at"].iri))
    assert (URIRef(CDK + "jack_ma"), p, URIRef(CDK + "iacc_spring_conference_2016")) in rdf
    alone = to_rdf(Dataset(dataset.schema, dataset.sources, dataset.entities, {}, {denied.id: denied}))
    assert (URIRef(CDK + "jack_ma"), p, URIRef(CDK + "iacc_spring_conference_2016")) not in alone
    assert (st, RDF.subject, URIRef(CDK + "jack_ma")) in alone


def test_the_records_of_one_claim_are_linked(rdf: Graph) -> None:
    assert (URIRef(CDKS + "alibaba-member_of-iacc.voa"), SAME, URIRef(CDKS + "alibaba-member_of-iacc")) in rdf
    assert (URIRef(CDK + "lawsuit_sdny_15cv3784"), SAME, URIRef(CDK + "lawsuit_manhattan_2015_05")) in rdf or (
        URIRef(CDK + "lawsuit_manhattan_2015_05"),
        SAME,
        URIRef(CDK + "lawsuit_sdny_15cv3784"),
    ) in rdf


def test_sources_carry_their_licence_and_what_was_not_curated(rdf: Graph, dataset: Dataset) -> None:
    voa = URIRef(CDKSRC + "voa-2016-05-17")
    assert str(rdf.value(voa, DCTERMS.rights)).startswith("Public domain")
    for sid, src in dataset.sources.items():
        nodes = list(rdf.objects(URIRef(CDKSRC + sid), URIRef(CDKG + "notCurated")))
        assert len(nodes) == len(src.not_curated), sid
        for node, x in zip(sorted(nodes, key=lambda n: int(str(n).rsplit("nc", 1)[1])), src.not_curated, strict=True):
            assert rdf.value(node, URIRef(CDKG + "reason")) == Literal(x.reason)
            assert (node, RDF.type, URIRef(CDKG + "NotCurated")) in rdf


def test_the_ontology_names_the_modes_and_visibilities() -> None:
    g = ontology(SCHEMA)
    for m in SCHEMA.attribution.modes.values():
        assert (URIRef(m.iri), RDF.type, URIRef(CDKG + "AttributionMode")) in g
    assert (URIRef(CDKG + "Private"), RDF.type, URIRef(CDKG + "Visibility")) in g


def test_rdf_without_attribution_reads_as_the_sources_own_public_claims(rdf: Graph, dataset: Dataset) -> None:
    g = Graph()
    for t in rdf:
        if t[1] not in (MODE, VISIBILITY, PROV.wasAttributedTo):
            g.add(t)
    # derived statements must repeat their fact's attribution: drop the attributed facts' ones too
    back = from_rdf(_without_denials(g, dataset))
    assert all(r.attribution.own_voice and not r.attribution.private for r in back.relations.values())


def _without_denials(g: Graph, dataset: Dataset) -> Graph:
    """``g`` less the denied records (without a mode they would assert what the source denies)."""
    denied = [rid for rid, r in dataset.relations.items() if r.attribution.mode == "denied"]
    out = Graph()
    for s, p, o in g:
        if any(str(s).startswith(CDKS + rid) or str(o).startswith(CDKS + rid) for rid in denied):
            continue
        out.add((s, p, o))
    return out


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda g: g.set((URIRef(CDKS + "gucci-member_of-iacc"), MODE, URIRef(CDKG + "Rumoured"))),
            r"unknown attribution mode cdkg:Rumoured: expected one of cdkg:Believed, cdkg:Denied",
        ),
        (
            lambda g: g.add((URIRef(CDKS + "gucci-member_of-iacc"), MODE, URIRef(CDKG + "Believed"))),
            r"cdks:gucci-member_of-iacc.*expected one attribution mode, found 2",
        ),
        (
            lambda g: g.add((URIRef(CDKS + "gucci-member_of-iacc"), PROV.wasAttributedTo, URIRef(CDK + "nobody"))),
            r"cdk:nobody is not an entity",
        ),
        (
            lambda g: g.add((URIRef(CDKS + "gucci-member_of-iacc"), SAME, URIRef(CDKS + "alibaba-owns-tmall"))),
            r"cdks:alibaba-owns-tmall is not a relation of type 'member_of'",
        ),
        (
            lambda g: g.add((URIRef(CDKS + "gucci-member_of-iacc"), SAME, URIRef(CDKS + "gucci-member_of-iacc"))),
            r"a record cannot be the same claim as itself",
        ),
        (
            lambda g: g.set((URIRef(CDKS + "gucci-member_of-iacc"), VISIBILITY, Literal("private"))),
            r"unknown visibility 'private'",
        ),
        (
            lambda g: g.add((URIRef(CDKS + "x.nc1"), RDF.type, URIRef(CDKG + "NotCurated"))),
            r"cdks:x\.nc1.*a passage not curated that no source links to",
        ),
        (
            lambda g: g.add((URIRef(CDKSRC + "voa-2016-05-17"), URIRef(CDKG + "notCurated"), URIRef(CDK + "kering"))),
            r"cdk:kering is not a cdkg:NotCurated",
        ),
    ],
)
def test_attribution_off_the_pattern_is_refused_by_name(rdf: Graph, change: object, message: str) -> None:
    g = Graph()
    for t in rdf:
        g.add(t)
    change(g)  # type: ignore[operator]
    found = _problems(g)
    assert re.search(message, found), found


def test_a_derived_statement_must_carry_its_facts_attribution(rdf: Graph) -> None:
    g = Graph()
    for t in rdf:
        g.add(t)
    derived = next(
        s
        for s in g.subjects(URIRef(CDKG + "derivedFromFact"), URIRef(CDK + "criticism_insider_forbes"))
        if isinstance(s, URIRef)
    )
    g.set((derived, MODE, URIRef(CDKG + "Stated")))
    assert "has the fact's attribution" in _problems(g)
