"""CSV for spreadsheets and pandas, and the same graph as ``neo4j-admin database import`` files.

``out/csv/`` holds four tables, UTF-8 (no byte order mark), RFC 4180 (Python's
:mod:`csv`: every field that needs it quoted, a quote doubled, CRLF between
rows, a line break inside a field kept inside its quotes), rows sorted by id,
so the same data give the same bytes:

* ``nodes.csv``: one row per node of the graph (entities and n-ary facts);
* ``edges.csv``: one row per edge (curated relations, the relations a fact
  implies, and each fact's role edges);
* ``facts.csv``: one row per participant of each n-ary fact, in its role;
* ``evidence.csv``: one row per evidence quote of each record, with its
  position in its source.

The columns (:data:`NODE_COLUMNS` ... :data:`EVIDENCE_COLUMNS`, the schema's
fields between) are documented in the README. Lists (aliases, ``according_to``,
``same_as``) are joined by ``"; "``; each date is given as curated (``2015-05``)
and as the first and last day it may be (``date_earliest`` ... ``end_latest``);
booleans are ``true`` or ``false``, the balance ``1``, ``-1`` or ``0``.

**Formula injection.** A spreadsheet takes a cell that begins with ``=``,
``+``, ``-`` or ``@`` (and, in some, a tab or a carriage return) for a
formula, and a formula can fetch a URL or run a command. In ``csv/`` such a
text cell is written with a ``'`` before it (``'=HYPERLINK(...)``): the
spreadsheet shows it as text, apostrophe included. A text cell that begins
with ``'`` gets one too, so the rule reads back exactly: a text cell that
begins with ``'`` lost one ``'`` (:func:`unescape`). Numbers (the balance, an
integer field) are written as numbers and never escaped. The ``neo4j/``
files are for ``neo4j-admin``, which evaluates nothing: they hold the values
as they are.

``out/csv/neo4j/`` holds the same graph with ``neo4j-admin database import``
headers (``id:ID(Record)``, ``:LABEL``, ``:START_ID(Record)``,
``:END_ID(Record)``, ``:TYPE``, typed properties such as ``balance:int``,
``date_earliest:date``, ``aliases:string[]``): records, sources and evidence
as nodes in their own id spaces, the graph's edges as relationships (its type
in capitals: ``SUED``, ``PLAINTIFF``), and each evidence linked to its record
(``EVIDENCE_OF``, for entities and facts; a relation's evidence names its id
in ``record``) and its source (``QUOTED_IN``). Array items are separated by
U+001F (the unit separator), which the loader refuses in any value, so no
item can hold it: ``--array-delimiter=U+001F``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from decimal import Decimal
from typing import IO, Any

import networkx as nx

from ..model.claims import Attribution
from ..model.dates import PartialDate
from ..model.records import Dataset, Evidence
from ..model.timing import POINTS, Timing

__all__ = [
    "ARRAY_DELIMITER",
    "CSV_FILES",
    "EDGE_COLUMNS",
    "EVIDENCE_COLUMNS",
    "FACT_COLUMNS",
    "NEO4J_FILES",
    "NODE_COLUMNS",
    "Tables",
    "escape",
    "tables",
    "unescape",
    "write_csv",
    "write_neo4j",
]

CSV_FILES = ("nodes.csv", "edges.csv", "facts.csv", "evidence.csv")
"""The files of ``csv/``."""
NEO4J_FILES = ("nodes.csv", "sources.csv", "evidence.csv", "relationships.csv", "evidence_of.csv", "quoted_in.csv")
"""The files of ``csv/neo4j/``."""

ARRAY_DELIMITER = "\x1f"
"""Between the items of a ``neo4j/`` array (``--array-delimiter=U+001F``)."""

BOUNDS = tuple(f"{p}_{b}" for p in POINTS for b in ("earliest", "latest"))
CLAIM = ("according_to", "mode", "visibility", "same_as")
NODE_COLUMNS = ("id", "label", "kind", "type", "type_label", "aliases")
"""The first columns of ``nodes.csv``; the schema's entity and fact fields follow, then :data:`TAIL`."""
EDGE_COLUMNS = ("id", "source", "target", "kind", "type", "label", "stance", "balance", "directed", "fact")
"""The first columns of ``edges.csv``; the schema's relation fields follow, then :data:`TAIL`."""
TAIL = (*POINTS, *BOUNDS, "planned", *CLAIM, "origin")
"""The last columns of ``nodes.csv`` and ``edges.csv``: dates, bounds, attribution, where it was written."""
FACT_COLUMNS = ("fact", "fact_type", "fact_name", "role", "role_label", "participant", "participant_name")
EVIDENCE_COLUMNS = ("record", "record_kind", "n", "source", "quote", "start", "end")
"""``n``: the quote's place among its record's (1, 2 ...); ``start``, ``end``: its code points in the source."""

BALANCE_NUMBERS = {"positive": 1, "negative": -1, "none": 0}
_FORMULA = ("=", "+", "-", "@", "\t", "\r", "'")

Row = dict[str, Any]
Tables = dict[str, tuple[tuple[str, ...], list[Row]]]
"""File name -> (columns, rows): what :func:`tables` gives and the writers read."""
Opener = Callable[[str], AbstractContextManager[IO[bytes]]]


def escape(text: str) -> str:
    """A text cell a spreadsheet will not take for a formula.

    >>> escape("=HYPERLINK(\\"http://x\\")"), escape("-1"), escape("'quoted"), escape("Kering")
    ('\\'=HYPERLINK("http://x")', "'-1", "''quoted", 'Kering')
    """
    return "'" + text if text.startswith(_FORMULA) else text


def unescape(text: str) -> str:
    """A text cell of ``csv/`` as the data hold it (the inverse of :func:`escape`).

    >>> unescape("'=1+1"), unescape("''quoted"), unescape("plain")
    ('=1+1', "'quoted", 'plain')
    """
    return text[1:] if text.startswith("'") else text


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "; ".join(map(str, value))
    return "" if value is None else str(value)


def _flat(data: dict[str, Any]) -> Row:
    """A node's or edge's attributes as cells: dates as curated and their bounds, the attribution's parts."""
    row: Row = {}
    for name, value in data.items():
        if isinstance(value, Timing):
            for point, span in value.spans.items():
                row[f"{point}_earliest"] = span.earliest.isoformat() if span.earliest else None
                row[f"{point}_latest"] = span.latest.isoformat() if span.latest else None
            row["planned"] = value.planned
        elif isinstance(value, Attribution):
            row.update(according_to=list(value.according_to), mode=value.mode, visibility=value.visibility)
        elif isinstance(value, PartialDate):
            row[name] = str(value)
        elif name == "balance" and isinstance(value, str):
            row[name] = BALANCE_NUMBERS.get(value, value)
        elif name not in ("evidence", "specs", "roles", "timing"):
            row[name] = value
    return row


def _field_columns(ds: Dataset, kinds: Iterable[str]) -> tuple[str, ...]:
    wanted = set(kinds)
    return tuple(f.id for f in ds.schema.fields.values() if wanted & set(f.on))


def tables(G: nx.MultiDiGraph, ds: Dataset) -> Tables:
    """The four tables of ``csv/``: name -> (columns, rows of values), rows sorted, values not yet text."""
    node_columns = (*NODE_COLUMNS, *_field_columns(ds, ("entity", "fact")), *TAIL)
    nodes = []
    for node in sorted(G.nodes):
        data = G.nodes[node]
        record = ds.facts.get(node)
        row = {"id": node, "label": data.get("name", node), **_flat(data)}
        row["same_as"] = list(record.same_as) if record else []
        nodes.append(row)
    edge_columns = (*EDGE_COLUMNS, *_field_columns(ds, ("relation",)), *TAIL)
    edges = []
    for u, v, key, data in sorted(G.edges(keys=True, data=True), key=lambda e: str(e[2])):
        relation = ds.relations.get(key) if data.get("kind") == "relation" else None
        row = {**_flat(data), "id": key, "source": u, "target": v}
        row["same_as"] = list(relation.same_as) if relation else []
        edges.append(row)
    facts = []
    for fact in sorted(ds.facts.values(), key=lambda f: f.id):
        spec = ds.schema.entity_types[fact.type]
        for role, members in fact.roles.items():
            for member in sorted(members):
                facts.append(
                    {
                        "fact": fact.id,
                        "fact_type": fact.type,
                        "fact_name": fact.name,
                        "role": role,
                        "role_label": spec.roles[role].label,
                        "participant": member,
                        "participant_name": ds.node(member).name,
                    }
                )
    evidence = []
    quoted: list[tuple[str, str, tuple[Evidence, ...]]] = [("entity", e.id, e.evidence) for e in ds.entities.values()]
    quoted += [("fact", f.id, f.evidence) for f in ds.facts.values()]
    quoted += [("relation", r.id, r.evidence) for r in ds.relations.values()]
    for kind, rid, items in sorted(quoted, key=lambda q: q[1]):
        for n, e in enumerate(items, 1):
            anchor = e.anchor
            evidence.append(
                {
                    "record": rid,
                    "record_kind": kind,
                    "n": n,
                    "source": e.source,
                    "quote": e.quote,
                    "start": anchor.start if anchor else None,
                    "end": anchor.end if anchor else None,
                }
            )
    return {
        "nodes.csv": (node_columns, nodes),
        "edges.csv": (edge_columns, edges),
        "facts.csv": (FACT_COLUMNS, facts),
        "evidence.csv": (EVIDENCE_COLUMNS, evidence),
    }


def _write(out: IO[bytes], header: Iterable[str], rows: Iterable[list[str]]) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        writer = csv.writer(text, lineterminator="\r\n")  # RFC 4180's CRLF; fields quoted where needed
        writer.writerow(header)
        writer.writerows(rows)
        text.flush()
    finally:
        text.detach()  # the caller owns the binary file


def _cell(value: Any) -> str:
    """A ``csv/`` cell: text escaped against formulas, numbers as they are."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return str(value)
    return escape(_text(value))


def write_csv(found: Tables, open_file: Opener) -> None:
    """Write the four tables (:data:`CSV_FILES`, from :func:`tables`), each into ``open_file(name)``."""
    for name, (columns, rows) in found.items():
        with open_file(name) as out:
            _write(out, columns, ([_cell(row.get(c)) for c in columns] for row in rows))


# -- neo4j-admin database import -------------------------------------------------------------


def _camel(type_id: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in type_id.split("_"))


def _neo4j_type(ds: Dataset, column: str) -> str:
    """The column's header: ``name:TYPE`` for what is not a string."""
    if column in BOUNDS:
        return f"{column}:date"
    if column in ("aliases", *CLAIM[:1], "same_as"):
        return f"{column}:string[]"
    if column in ("planned", "directed"):
        return f"{column}:boolean"
    if column == "balance":
        return f"{column}:int"
    spec = ds.schema.fields.get(column)
    if spec is not None and spec.datatype == "integer":
        return f"{column}:long"
    if spec is not None and spec.datatype == "decimal":
        return f"{column}:double"
    return column


def _value(value: Any) -> str:
    """A ``neo4j/`` value: as it is; a list's items joined by :data:`ARRAY_DELIMITER` (which no item holds)."""
    if isinstance(value, list | tuple):
        return ARRAY_DELIMITER.join(str(v).replace(ARRAY_DELIMITER, "\ufffd") for v in value)
    return _text(value)


def _records(ds: Dataset, columns: tuple[str, ...], rows: list[Row]) -> Iterator[list[str]]:
    for row in rows:
        kind = "Fact" if row.get("kind") == "fact" else "Entity"
        labels = ARRAY_DELIMITER.join([kind, _camel(str(row.get("type", "")))])
        yield [_value(row.get("id")), labels, *(_value(row.get(c)) for c in columns[1:])]


def write_neo4j(found: Tables, ds: Dataset, open_file: Opener) -> None:
    """Write the ``neo4j-admin database import`` files (:data:`NEO4J_FILES`, from :func:`tables`), each into
    ``open_file(name)``."""
    node_columns, nodes = found["nodes.csv"]
    header = ["id:ID(Record)", ":LABEL", *(_neo4j_type(ds, c) for c in node_columns[1:] if c != "id")]
    rest = tuple(c for c in node_columns if c != "id")
    with open_file("nodes.csv") as out:
        _write(out, header, _records(ds, ("id", *rest), nodes))
    source_columns = ("title", "publisher", "published", "language", "file", "url")
    with open_file("sources.csv") as out:
        _write(
            out,
            ["id:ID(Source)", ":LABEL", *source_columns],
            ([s.id, "Source", *(_value(getattr(s, c)) for c in source_columns)] for s in ds.sources.values()),
        )
    _, evidence = found["evidence.csv"]
    ids = [f"{e['record']}#{e['n']}" for e in evidence]  # '#' is in no record id
    columns = EVIDENCE_COLUMNS
    with open_file("evidence.csv") as out:
        _write(
            out,
            ["id:ID(Evidence)", ":LABEL", *(f"{c}:int" if c in ("n", "start", "end") else c for c in columns)],
            ([i, "Evidence", *(_value(e[c]) for c in columns)] for i, e in zip(ids, evidence, strict=True)),
        )
    edge_columns, edges = found["edges.csv"]
    props = [c for c in edge_columns if c not in ("source", "target")]
    with open_file("relationships.csv") as out:
        _write(
            out,
            [":START_ID(Record)", ":END_ID(Record)", ":TYPE", *(_neo4j_type(ds, c) for c in props)],
            ([e["source"], e["target"], str(e["type"]).upper(), *(_value(e.get(c)) for c in props)] for e in edges),
        )
    with open_file("evidence_of.csv") as out:
        links = [(i, e["record"]) for i, e in zip(ids, evidence, strict=True) if e["record_kind"] != "relation"]
        _write(out, [":START_ID(Evidence)", ":END_ID(Record)", ":TYPE"], ([i, r, "EVIDENCE_OF"] for i, r in links))
    with open_file("quoted_in.csv") as out:
        pairs = zip(ids, evidence, strict=True)
        _write(
            out, [":START_ID(Evidence)", ":END_ID(Source)", ":TYPE"], ([i, e["source"], "QUOTED_IN"] for i, e in pairs)
        )
