#!/usr/bin/env python3
"""Synthetic counterfeit-dispute datasets for the benchmark.

    python bench/generate.py 10000 /tmp/data-10k

writes a data directory the loader accepts, with about N relations and, in
the curated data's proportions, entities by type, n-ary facts (lawsuits,
withdrawals, accusations, remarks, mediations), relation types, dates of
mixed precision (year, month, day; states with start and end) and evidence
quotes drawn from generated source texts, so that quote verification really
runs. The same N and seed give the same files.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import yaml

from graph.schema import DEFAULT_SCHEMA

ROOT = Path(__file__).resolve().parent.parent

# Proportions of the curated seed data (data/), per relation.
ENTITY_TYPES = {
    "company": 9, "person": 5, "platform": 3, "group": 2, "court": 2,
    "event": 2, "media": 1, "organisation": 1, "document": 1,
}  # fmt: skip
FACT_TYPES = {"lawsuit": 3, "withdrawal": 2, "accusation": 2, "remark": 3, "mediation": 1}
RELATION_TYPES = {
    "member_of": 5, "officer_of": 4, "owns": 4, "participant_in": 2, "invested_in": 1,
    "founder_of": 1, "advises": 1, "affiliated_with": 1, "sells_products_of": 1, "sells_on": 1,
    "organiser_of": 1, "speaker_at": 1, "publisher_of": 1, "reports_on": 1, "objected_to": 1,
    "expressed_support_for": 1, "cooperates_with": 1,
}  # fmt: skip
SEED = {"entities": 26, "facts": 11, "relations": 28}
SENTENCES_PER_SOURCE = 120
RELATIONS_PER_SOURCE = 40

WORDS = [
    "brand", "platform", "counterfeit", "lawsuit", "coalition", "member", "court", "seller", "trademark",
    "luxury", "market", "goods", "shop", "protest", "letter", "injunction", "damages", "website", "listing",
    "fake", "shoddy", "enforcement", "evidence", "agreement", "mediation", "filing", "complaint", "counsel",
    "chairman", "director", "investor",
]  # fmt: skip


def _schema() -> dict[str, Any]:
    raw: dict[str, Any] = yaml.safe_load(DEFAULT_SCHEMA.read_text(encoding="utf-8"))
    return raw


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(9, 18))]
    return f"Item {n}: " + " ".join(words).capitalize() + "."


def _date(rng: random.Random) -> str:
    year = rng.randint(2005, 2024)
    kind = rng.random()
    if kind < 0.3:
        return f"{year}"
    if kind < 0.7:
        return f"{year}-{rng.randint(1, 12):02d}"
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def generate(n_relations: int, out: Path, seed: int = 0) -> dict[str, int]:
    """Write a dataset of about ``n_relations`` relations into ``out``; return its counts."""
    rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
    schema = _schema()
    relation_specs = schema["relation_types"]
    fact_specs = schema["entity_types"]
    scale = n_relations / SEED["relations"]
    out.mkdir(parents=True, exist_ok=True)
    (out / "sources").mkdir(exist_ok=True)

    # sources: texts of numbered sentences; every quote is one of them
    n_sources = max(1, n_relations // RELATIONS_PER_SOURCE)
    sentences: list[tuple[str, str]] = []
    source_lines = ["sources:"]
    counter = 0
    for s in range(n_sources):
        sid = f"src{s:05d}"
        text = []
        for _ in range(SENTENCES_PER_SOURCE):
            counter += 1
            sentence = _sentence(rng, counter)
            text.append(sentence)
            sentences.append((sid, sentence))
        (out / "sources" / f"{sid}.txt").write_text("\n".join(text) + "\n", encoding="utf-8")
        source_lines += [
            f"  - id: {sid}",
            f"    title: Synthetic report {s}",
            # after every date the generator writes (2005 to 2029): a source reports what happened before it
            f"    published: {rng.randint(2030, 2031)}-{rng.randint(1, 12):02d}",
            "    language: en",
            f"    file: sources/{sid}.txt",
        ]
    (out / "sources.yaml").write_text("\n".join(source_lines) + "\n", encoding="utf-8")

    def evidence(lines: list[str], k: int = 1) -> None:
        lines.append("    evidence:")
        for _ in range(k):
            sid, sentence = rng.choice(sentences)
            lines.append(f"      - {{source: {sid}, quote: {_quote(sentence)}}}")

    # entities
    by_type: dict[str, list[str]] = defaultdict(list)
    lines = ["entities:"]
    total = sum(ENTITY_TYPES.values())
    n = 0
    for etype, weight in ENTITY_TYPES.items():
        for _ in range(max(2, round(scale * SEED["entities"] * weight / total))):
            eid = f"{etype[:3]}{n:07d}"
            n += 1
            by_type[etype].append(eid)
            lines += [f"  - id: {eid}", f"    type: {etype}", f"    name: {etype.capitalize()} {n}"]
            if rng.random() < 0.3:
                lines.append(f"    aliases: [{etype.upper()}-{n}]")
            if etype in ("event", "document"):
                lines.append(f"    date: {_date(rng)}")
            if rng.random() < 0.2:
                evidence(lines)
    (out / "entities.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    def pick(types: list[str]) -> str | None:
        pool = [t for t in types if by_type.get(t)]
        return rng.choice(by_type[rng.choice(pool)]) if pool else None

    # n-ary facts
    lines = ["facts:"]
    total = sum(FACT_TYPES.values())
    n_facts = 0
    for ftype, weight in FACT_TYPES.items():
        roles = fact_specs[ftype]["roles"]
        for _ in range(max(1, round(scale * SEED["facts"] * weight / total))):
            fid = f"{ftype[:3]}f{n_facts:07d}"
            n_facts += 1
            record = [f"  - id: {fid}", f"    type: {ftype}", f"    name: {ftype.capitalize()} {n_facts}"]
            ok = True
            for role, spec in roles.items():
                want = max(spec.get("min", 0), 1 if rng.random() < 0.7 else 0)
                if spec.get("max") is not None:
                    want = min(want + rng.randint(0, 1), spec["max"])
                else:
                    want += rng.randint(0, 1)
                chosen: list[str] = []
                for _ in range(want * 3):
                    if len(chosen) >= want:
                        break
                    candidate = pick(list(spec["range"]))
                    if candidate and candidate not in chosen:
                        chosen.append(candidate)
                if len(chosen) < spec.get("min", 0):
                    ok = False
                if chosen:
                    record.append(f"    {role}: [{', '.join(chosen)}]")
            if not ok:
                continue
            if rng.random() < 0.9:
                record.append(f"    date: {_date(rng)}")
            lines += record
            evidence(lines, k=rng.randint(1, 2))
    (out / "facts.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    # binary relations, in files of at most 10,000
    total = sum(RELATION_TYPES.values())
    types = [t for t, w in RELATION_TYPES.items() for _ in range(w)]
    counts: Counter[str] = Counter()
    chunk: list[str] = ["relations:"]
    written = 0
    for i in range(n_relations):
        rtype = types[i % len(types)] if i < len(types) else rng.choice(types)
        spec = relation_specs[rtype]
        subject, obj = pick(list(spec["domain"])), pick(list(spec["range"]))
        if not subject or not obj or subject == obj:
            continue
        counts[rtype] += 1
        chunk += [f"  - id: r{i:07d}", f"    type: {rtype}", f"    subject: {subject}", f"    object: {obj}"]
        if spec["temporal"] == "state":
            if rng.random() < 0.6:
                start = _date(rng)
                chunk.append(f"    start: {start}")
                if rng.random() < 0.4:
                    chunk.append(f"    end: {int(start[:4]) + rng.randint(1, 5)}")
        elif rng.random() < 0.8:
            chunk.append(f"    date: {_date(rng)}")
        evidence(chunk, k=rng.randint(1, 2))
        written += 1
        if written % 10_000 == 0:
            (out / f"relations-{written // 10_000:03d}.yaml").write_text("\n".join(chunk) + "\n", encoding="utf-8")
            chunk = ["relations:"]
    if len(chunk) > 1:
        (out / f"relations-{written // 10_000 + 1:03d}.yaml").write_text("\n".join(chunk) + "\n", encoding="utf-8")
    return {"entities": n, "facts": n_facts, "relations": written, "sources": n_sources, "quotes": len(sentences)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("relations", type=int, help="about how many relations")
    parser.add_argument("out", type=Path, help="the data directory to write")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(generate(args.relations, args.out, args.seed))


if __name__ == "__main__":
    main()
