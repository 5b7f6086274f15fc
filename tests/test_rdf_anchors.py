"""An independent reader of the N-Triples finds every quote at its Web Annotation position in the source's file."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Namespace

from graph.model import load
from graph.rdf import to_rdf
from graph.rdf.export import ntriples

ROOT = Path(__file__).resolve().parent.parent
OA = Namespace("http://www.w3.org/ns/oa#")
CDKG = Namespace("https://w3id.org/cdkg/ontology#")


def test_every_oa_exact_is_at_its_start_and_end_of_the_source_file() -> None:
    ds = load(ROOT / "data")
    g = Graph()
    g.parse(data=ntriples(ds), format="nt")  # what a reader of out/graph.nt sees
    files = {s: str(f) for s, f in g.subject_objects(CDKG.file)}
    checked = 0
    for ev, source in g.subject_objects(OA.hasSource):
        text = (ROOT / "data" / files[source]).read_text(encoding="utf-8")
        selectors = list(g.objects(ev, OA.hasSelector))
        quote = next(s for s in selectors if (s, OA.exact, None) in g)
        position = next(s for s in selectors if (s, OA.start, None) in g)
        start, end = int(g.value(position, OA.start)), int(g.value(position, OA.end))  # type: ignore[arg-type]
        assert text[start:end] == str(g.value(quote, OA.exact))
        assert text[:start].endswith(str(g.value(quote, OA.prefix)))
        assert text[end:].startswith(str(g.value(quote, OA.suffix)))
        checked += 1
    evidence = sum(len(r.evidence) for r in (*ds.entities.values(), *ds.facts.values(), *ds.relations.values()))
    passages = sum(len(s.not_curated) for s in ds.sources.values())  # the passages not curated are anchored too
    assert checked == evidence + passages and evidence > 0 and passages > 0
    assert len(to_rdf(ds)) == len(g)
