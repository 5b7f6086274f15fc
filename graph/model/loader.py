"""Reading and validating the curated data.

:func:`load` reads every ``*.yaml`` file under the data directory (in sorted
order; which file a record lives in does not matter), checks it against the
schema and returns a :class:`~graph.model.Dataset`. It reports **every**
problem at once in one :class:`~graph.errors.DataError`, each naming the file,
line, record and field.

A data file is a mapping with any of these lists::

    sources:   [...]   # the sources registry (id, title, file, published...)
    entities:  [...]   # id, type, name, aliases, dates, fields, evidence
    facts:     [...]   # n-ary facts: id, type, name, one key per role, dates...
    relations: [...]   # id, type, subject, object, dates, fields, evidence

>>> ds = load("data")
>>> ds.entities["kering"].names
['Kering', 'Kaiyun Group']
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ..errors import DataError, Problem
from ..schema import Schema, load_schema
from ..text import suggest
from .dates import PartialDate
from .records import Alias, Dataset, Entity, Evidence, Fact, Origin, Relation, Source, Value
from .yamlio import Record, read_yaml

__all__ = ["ID_PATTERN", "find_quote", "load", "normalise_space"]

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*\Z")  # \Z: `$` would let a final newline through
SECTIONS = ("sources", "entities", "facts", "relations")
_DATE_KEYS = ("date", "start", "end")
_SOURCE_KEYS = {
    "id", "title", "file", "publisher", "published", "published_note",
    "language", "language_note", "url",
}  # fmt: skip


# Control characters (tab and line breaks aside), lone surrogates and the noncharacters U+FFFE
# and U+FFFF are refused in any text: they are invisible, a terminal may obey them, a surrogate
# cannot be written as UTF-8, and XML (GraphML) can hold none of them.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def forbidden_character(value: str) -> str:
    """The first character no data text may hold, described (``"the control character U+0001"``), or ""."""
    bad = _FORBIDDEN.search(value)
    if not bad:
        return ""
    code = ord(bad.group())
    if 0xD800 <= code <= 0xDFFF:
        return f"a lone surrogate U+{code:04X}"
    if code >= 0xFFFE:
        return f"the noncharacter U+{code:04X}"
    return f"the control character U+{code:04X}"


# what a message shows of the data: control characters escaped, long values cut
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")
_LONG_QUOTED = re.compile(r"'([^']{101,})'")
# Typographic quotation marks match straight ones when a quote is looked up in its
# source (a quote pasted from a web page often has one kind, the source the other).
# The evidence kept is the source's own text, so every output stays verbatim.
_QUOTE_MARKS = str.maketrans("\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f", "''''\"\"\"\"")
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_SUGGESTION_BUDGET = 200_000  # name comparisons for "did you mean": a huge broken file must not hang


def fold_quotes(text: str) -> str:
    """Typographic quotation marks made straight, one character for one.

    >>> fold_quotes("\u201cIt\u2019s\u201d")
    '"It\\'s"'
    """
    return text.translate(_QUOTE_MARKS)


def normalise_space(text: str) -> str:
    """Collapse every run of whitespace to one space and strip the ends.

    >>> normalise_space("  a\\n  b\\tc ")
    'a b c'
    """
    return " ".join(text.split())


def find_quote(quote: str, normalised_text: str, folded_text: str | None = None) -> tuple[bool, str]:
    """Whether ``quote`` occurs in the (already normalised) text.

    Whitespace is normalised and typographic quotation marks match straight
    ones (:func:`fold_quotes`). When the quote occurs, also return it as the
    source writes it; when it does not, the longest prefix of the quote that
    does occur, to show the curator where the two part ways. Both searches
    are linear in the text (a binary search over prefix lengths).
    ``folded_text`` is ``fold_quotes(normalised_text)``, when already at hand.

    >>> find_quote("\u201cfakes\u201d  in\\nChina", normalise_space('no "fakes" in China'))
    (True, '"fakes" in China')
    """
    q = normalise_space(quote)
    folded = fold_quotes(normalised_text) if folded_text is None else folded_text
    fq = fold_quotes(q)
    at = folded.find(fq)
    if at >= 0:
        return True, normalised_text[at : at + len(q)]
    lo, hi = 0, len(q)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fq[:mid] in folded:
            lo = mid
        else:
            hi = mid - 1
    return False, q[:lo]


class _Checker:
    """Collects problems while turning raw records into model objects."""

    def __init__(self, schema: Schema, data_dir: Path, shown_dir: str) -> None:
        self.schema = schema
        self.data_dir = data_dir
        self.shown_dir = shown_dir
        self.problems: list[Problem] = []
        self.sources: dict[str, Source] = {}
        self.normalised: dict[str, str] = {}
        self.folded: dict[str, str] = {}  # the normalised text with straight quotation marks
        self.raw: dict[str, list[tuple[str, Record]]] = {s: [] for s in SECTIONS}
        self.seen_ids: dict[str, tuple[str, Origin]] = {}
        self.ids_ignoring_case: dict[str, str] = {}  # id.lower() -> id
        self.budget = _SUGGESTION_BUDGET
        self.unreadable: list[str] = []  # data files that could not be parsed
        self.broken_sources: set[str] = set()  # registered, but their text could not be read

    def problem(self, file: str, line: int, record: str, fld: str, msg: str, hint: str = "") -> None:
        self.problems.append(_shown(Problem(file, line, record, fld, msg, hint)))

    def suggest(self, word: str, choices: Iterable[str]) -> str:
        """:func:`~graph.schema.suggest`, within a budget of comparisons."""
        pool = list(choices)
        if len(word) > 100 or len(pool) > self.budget:
            return ""
        self.budget -= len(pool)
        return suggest(word, pool)

    # -- files -------------------------------------------------------------
    def read_file(self, path: Path) -> None:
        shown = f"{self.shown_dir}/{path.relative_to(self.data_dir).as_posix()}"
        if not path.resolve().is_relative_to(self.data_dir.resolve()):
            self.problem(shown, 0, "", "", "a symbolic link that leads outside the data directory: not read")
            self.unreadable.append(shown)
            return
        content, problems = read_yaml(path, shown)
        self.problems.extend(_shown(p) for p in problems)
        if problems:
            self.unreadable.append(shown)
            return
        if content is None:
            self.problem(shown, 0, "", "", "file is empty; expected a mapping with " + _sections())
            return
        if not isinstance(content, Record):
            kind = "text" if isinstance(content, str) else _kind(content)
            self.problem(shown, 1, "", "", f"expected a mapping with {_sections()}, found {kind}")
            return
        for key, value in content.items():
            line = content.line_of(key)
            if key not in SECTIONS:
                self.problem(
                    shown, line, "", key, f"unknown section; expected {_sections()}", self.suggest(key, SECTIONS)
                )
                continue
            if value is None:
                continue
            if not isinstance(value, list):
                self.problem(shown, line, "", key, "expected a list of records")
                continue
            for i, item in enumerate(value, 1):
                if not isinstance(item, Record):
                    self.problem(shown, line, f"{_singular(key)} #{i}", "", "expected a mapping (a record)")
                    continue
                self.raw[key].append((shown, item))

    # -- helpers -----------------------------------------------------------
    def label(self, section: str, rec: Record, index: int) -> str:
        rid = rec.get("id")
        return f"{_singular(section)} {rid}" if isinstance(rid, str) and rid else f"{_singular(section)} #{index}"

    def text(self, file: str, rec: Record, label: str, key: str, required: bool, where: str = "") -> str:
        """The text of ``rec[key]``, stripped; "" (and a problem) when it is not text.

        A number or true/false is not text: ``name: 1.10`` would not keep what
        the curator wrote, so it must be quoted.
        """
        fld = f"{where}.{key}" if where else key
        value = rec.get(key)
        if value is None:
            if required:
                self.problem(file, rec.line, label, fld, "missing required field")
            return ""
        if not isinstance(value, str):
            self.problem(file, rec.line_of(key), label, fld, f"expected text, found {_kind(value)}{_quote_it(value)}")
            return ""
        return self.clean(file, rec.line_of(key), label, fld, value)

    def clean(self, file: str, line: int, label: str, fld: str, value: str) -> str:
        """``value`` stripped, or "" (and a problem) if it is blank or holds a control character."""
        bad = forbidden_character(value)
        if bad:
            self.problem(file, line, label, fld, f"contains {bad}; remove it")
            return ""
        if not value.strip().strip(_INVISIBLE).strip():
            self.problem(file, line, label, fld, "is empty or only whitespace")
            return ""
        return value.strip()

    def check_id(self, file: str, rec: Record, label: str) -> str:
        rid = rec.get("id")
        if rid is None:
            self.problem(file, rec.line, label, "id", "missing required field")
            return ""
        if not isinstance(rid, str):
            self.problem(file, rec.line_of("id"), label, "id", f"expected text, found {_kind(rid)}{_quote_it(rid)}")
            return ""
        if not ID_PATTERN.match(rid):
            self.problem(
                file, rec.line_of("id"), label, "id",
                f"invalid id {rid!r}: use letters, digits, '_', '-' and '.', starting with a letter or digit",
            )  # fmt: skip
            return ""
        return rid

    def claim_id(self, rid: str, file: str, rec: Record, label: str) -> bool:
        """Take ``rid`` for this record; ids that differ only in case clash too.

        IRIs would tell ``Gucci`` from ``gucci``, but a curator would not, nor
        the analyst's name lookup, which ignores case.
        """
        here = Origin(file, rec.line_of("id"))
        if rid in self.seen_ids:
            what, first = self.seen_ids[rid]
            self.problem(file, here.line, label, "id", f"duplicate id '{rid}': already used by {what} at {first}")
            return False
        other = self.ids_ignoring_case.get(rid.lower())
        if other is not None:
            what, first = self.seen_ids[other]
            self.problem(
                file, here.line, label, "id",
                f"id '{rid}' differs only in case from '{other}' ({what} at {first}): "
                "ids must differ in more than case",
            )  # fmt: skip
            return False
        self.seen_ids[rid] = (label, here)
        self.ids_ignoring_case[rid.lower()] = rid
        return True

    def unknown_keys(self, file: str, rec: Record, label: str, allowed: set[str]) -> None:
        for key in rec:
            if key not in allowed:
                self.problem(file, rec.line_of(key), label, key, "unknown field", self.suggest(key, sorted(allowed)))

    def dates(self, file: str, rec: Record, label: str, temporal: str = "") -> dict[str, PartialDate | None]:
        out: dict[str, PartialDate | None] = dict.fromkeys(_DATE_KEYS)
        for key in _DATE_KEYS:
            if rec.get(key) is None:
                continue
            try:
                out[key] = PartialDate.parse(rec[key])
            except ValueError as exc:
                self.problem(file, rec.line_of(key), label, key, str(exc))
        if "date" in rec and ("start" in rec or "end" in rec):
            self.problem(file, rec.line_of("date"), label, "date", "give either 'date' or 'start'/'end', not both")
        if temporal == "state" and "date" in rec:
            self.problem(
                file, rec.line_of("date"), label, "date",
                "this relation is a state that holds over time: give 'start' and/or 'end', not 'date'",
            )  # fmt: skip
        start, end = out["start"], out["end"]
        if start and end and end.last_day() < start.first_day():
            self.problem(file, rec.line_of("end"), label, "end", f"end {end} is before start {start}")
        return out

    def fields(self, file: str, rec: Record, label: str, kind: str) -> dict[str, Value]:
        out: dict[str, Value] = {}
        for fid, spec in self.schema.fields_for(kind).items():
            if rec.get(fid) is None:
                continue
            value = rec[fid]
            line = rec.line_of(fid)
            if spec.datatype == "string":
                if not isinstance(value, str):
                    self.problem(file, line, label, fid, f"expected text, found {_kind(value)}{_quote_it(value)}")
                elif text := self.clean(file, line, label, fid, value):
                    out[fid] = normalise_space(text)
            elif spec.datatype == "integer":
                if isinstance(value, int) and not isinstance(value, bool):
                    out[fid] = value
                else:
                    self.problem(file, line, label, fid, f"expected a whole number, found {_kind(value)}")
            elif spec.datatype == "decimal":
                try:
                    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
                        raise InvalidOperation
                    number = Decimal(str(value))
                    if not number.is_finite():
                        raise InvalidOperation
                    out[fid] = number
                except InvalidOperation:
                    self.problem(file, line, label, fid, f"expected a number, found {_kind(value)}")
        return out

    def evidence(self, file: str, rec: Record, label: str, required: bool) -> tuple[Evidence, ...]:
        value = rec.get("evidence")
        if value is None:
            if required:
                self.problem(
                    file, rec.line, label, "evidence",
                    "missing required field: give at least one {source, quote}",
                )  # fmt: skip
            return ()
        line = rec.line_of("evidence")
        if not isinstance(value, list) or not value:
            self.problem(
                file, line, label, "evidence", f"expected a non-empty list of {{source, quote}}, found {_kind(value)}"
            )
            return ()
        out: list[Evidence] = []
        for i, item in enumerate(value, 1):
            where = f"evidence[{i}]"
            if not isinstance(item, Record):
                self.problem(file, line, label, where, "expected a mapping with 'source' and 'quote'")
                continue
            self.unknown_keys(file, item, label, {"source", "quote"})
            src = self.text(file, item, label, "source", True, where)
            quote = self.text(file, item, label, "quote", True, where)
            if not src or not quote:
                continue
            if src in self.broken_sources:
                continue
            if src not in self.sources:
                self.problem(
                    file, item.line_of("source"), label, f"{where}.source",
                    f"unknown source '{src}' (not in the sources registry)", self.suggest(src, self.sources),
                )  # fmt: skip
                continue
            found, verbatim = find_quote(quote, self.normalised[src], self.folded[src])
            if not found:
                where_split = (
                    f"; the source matches up to '...{verbatim[-40:]}' and then differs"
                    if len(verbatim) >= 8
                    else "; not even its beginning occurs there"
                )
                self.problem(
                    file, item.line_of("quote"), label, f"{where}.quote",
                    f"quote not found in source '{src}'{where_split}",
                )  # fmt: skip
                continue
            out.append(Evidence(src, verbatim))  # as the source writes it
        return tuple(out)

    def aliases(self, file: str, rec: Record, label: str) -> tuple[Alias, ...]:
        value = rec.get("aliases")
        if value is None:
            return ()
        line = rec.line_of("aliases")
        if not isinstance(value, list):
            self.problem(
                file, line, label, "aliases", f"expected a list of names or {{name, source}}, found {_kind(value)}"
            )
            return ()
        out: list[Alias] = []
        for i, item in enumerate(value, 1):
            where = f"aliases[{i}]"
            if isinstance(item, str):
                if text := self.clean(file, line, label, where, item):
                    out.append(Alias(normalise_space(text)))
                continue
            if not isinstance(item, Record):
                self.problem(file, line, label, where, f"expected a name or {{name, source}}, found {_kind(item)}")
                continue
            self.unknown_keys(file, item, label, {"name", "source"})
            name = self.text(file, item, label, "name", True, where)
            src = self.text(file, item, label, "source", False, where)
            if not name:
                continue
            if src in self.broken_sources:
                continue
            if src:
                if src not in self.sources:
                    self.problem(
                        file, item.line_of("source"), label, f"{where}.source",
                        f"unknown source '{src}' (not in the sources registry)", self.suggest(src, self.sources),
                    )  # fmt: skip
                    continue
                found, verbatim = find_quote(name, self.normalised[src], self.folded[src])
                if not found:
                    self.problem(
                        file, item.line_of("name"), label, f"{where}.name",
                        f"alias '{name}' does not occur in source '{src}'",
                    )  # fmt: skip
                    continue
                name = verbatim  # as the source writes it
            out.append(Alias(normalise_space(name), src))
        return tuple(out)

    # -- sections ----------------------------------------------------------
    def read_sources(self) -> None:
        root = self.data_dir.resolve()
        source_ids: dict[str, str] = {}  # id.lower() -> id
        for index, (file, rec) in enumerate(self.raw["sources"], 1):
            label = self.label("sources", rec, index)
            self.unknown_keys(file, rec, label, _SOURCE_KEYS)
            sid = self.check_id(file, rec, label)
            title = self.text(file, rec, label, "title", True)
            rel = self.text(file, rec, label, "file", True)
            published: PartialDate | None = None
            if rec.get("published") is not None:
                try:
                    published = PartialDate.parse(rec["published"])
                except ValueError as exc:
                    self.problem(file, rec.line_of("published"), label, "published", str(exc))
            if not sid:
                continue
            if sid in self.sources or sid in self.broken_sources:
                first = self.sources[sid].origin if sid in self.sources else "an earlier entry"
                self.problem(file, rec.line_of("id"), label, "id", f"duplicate source id '{sid}': already at {first}")
                continue
            other = source_ids.get(sid.lower())
            if other is not None:
                self.problem(
                    file, rec.line_of("id"), label, "id",
                    f"source id '{sid}' differs only in case from '{other}': ids must differ in more than case",
                )  # fmt: skip
                continue
            source_ids[sid.lower()] = sid
            text = ""
            self.broken_sources.add(sid)  # until its text is read
            if rel:
                line = rec.line_of("file")
                where = _escapes(rel, root)
                if where:
                    self.problem(file, line, label, "file", where)
                    continue
                target = (root / rel).resolve()
                try:
                    if not target.exists():
                        self.problem(file, line, label, "file", f"source file '{rel}' not found")
                        continue
                    if target.is_dir():
                        self.problem(file, line, label, "file", f"'{rel}' is a directory, not a file")
                        continue
                    if not target.is_file():  # a FIFO or a device would block or never end
                        self.problem(file, line, label, "file", f"'{rel}' is not a regular file")
                        continue
                    text = target.read_bytes().decode("utf-8-sig")
                except OSError as exc:
                    self.problem(file, rec.line_of("file"), label, "file", f"cannot read '{rel}': {exc.strerror}")
                    continue
                except UnicodeDecodeError:
                    self.problem(file, rec.line_of("file"), label, "file", f"source file '{rel}' is not UTF-8 text")
                    continue
            if not title or not rel:
                continue
            self.broken_sources.discard(sid)
            self.sources[sid] = Source(
                id=sid,
                title=normalise_space(title),
                file=Path(rel).as_posix(),
                text=text,
                publisher=self.text(file, rec, label, "publisher", False),
                published=published,
                published_note=normalise_space(self.text(file, rec, label, "published_note", False)),
                language=self.text(file, rec, label, "language", False),
                language_note=normalise_space(self.text(file, rec, label, "language_note", False)),
                url=self.text(file, rec, label, "url", False),
                origin=Origin(file, rec.line),
            )
            self.normalised[sid] = normalise_space(text)
            self.folded[sid] = fold_quotes(self.normalised[sid])

    def read_entities(self) -> dict[str, Entity]:
        out: dict[str, Entity] = {}
        plain = self.schema.plain_types
        allowed = {"id", "type", "name", "aliases", "evidence", *_DATE_KEYS, *self.schema.fields_for("entity")}
        for index, (file, rec) in enumerate(self.raw["entities"], 1):
            label = self.label("entities", rec, index)
            self.unknown_keys(file, rec, label, allowed)
            eid = self.check_id(file, rec, label)
            etype = self.text(file, rec, label, "type", True)
            if etype and etype not in plain:
                hint = self.suggest(etype, plain)
                msg = f"unknown entity type '{etype}'"
                if etype in self.schema.fact_types:
                    msg = f"'{etype}' is an n-ary fact type: put this record under 'facts:'"
                self.problem(
                    file, rec.line_of("type"), label, "type", msg, hint if etype not in self.schema.entity_types else ""
                )
                etype = ""
            name = self.text(file, rec, label, "name", True)
            entity = Entity(
                id=eid,
                type=etype,
                name=normalise_space(name),
                aliases=self.aliases(file, rec, label),
                fields=self.fields(file, rec, label, "entity"),
                evidence=self.evidence(file, rec, label, required=False),
                origin=Origin(file, rec.line),
                **self.dates(file, rec, label),
            )
            if eid and self.claim_id(eid, file, rec, label) and etype and name:
                out[eid] = entity
        return out

    def read_facts(self, nodes: dict[str, str]) -> dict[str, Fact]:
        """Facts, with role references resolved against ``nodes`` (id -> type)."""
        out: dict[str, Fact] = {}
        facts = self.schema.fact_types
        pending: list[tuple[str, Record, str, Fact]] = []
        for index, (file, rec) in enumerate(self.raw["facts"], 1):
            label = self.label("facts", rec, index)
            fid = self.check_id(file, rec, label)
            ftype = self.text(file, rec, label, "type", True)
            spec = facts.get(ftype)
            if ftype and spec is None:
                msg = f"unknown fact type '{ftype}'"
                if ftype in self.schema.entity_types:
                    msg = f"'{ftype}' is an entity type, not an n-ary fact type: put this record under 'entities:'"
                self.problem(file, rec.line_of("type"), label, "type", msg, self.suggest(ftype, facts))
            roles_allowed = set(spec.roles) if spec else set()
            allowed = {"id", "type", "name", "evidence", *_DATE_KEYS, *self.schema.fields_for("fact"), *roles_allowed}
            if spec:
                self.unknown_keys(file, rec, label, allowed)
            name = self.text(file, rec, label, "name", True)
            roles: dict[str, tuple[str, ...]] = {}
            for role in spec.roles.values() if spec else ():
                value = rec.get(role.id)
                if value is None:
                    members: list[Any] = []
                elif isinstance(value, str):
                    members = [value]
                elif isinstance(value, list):
                    members = value
                else:
                    self.problem(
                        file,
                        rec.line_of(role.id),
                        label,
                        role.id,
                        f"expected an id or a list of ids, found {_kind(value)}",
                    )
                    continue
                ids = tuple(m for m in members if isinstance(m, str))
                if len(ids) != len(members):
                    self.problem(file, rec.line_of(role.id), label, role.id, "every participant must be an id (text)")
                if len(set(ids)) != len(ids):
                    self.problem(file, rec.line_of(role.id), label, role.id, "a participant is listed twice")
                if len(ids) < role.min:
                    need = "at least one participant" if role.min == 1 else f"at least {role.min} participants"
                    self.problem(file, rec.line_of(role.id), label, role.id, f"needs {need}")
                if role.max is not None and len(ids) > role.max:
                    self.problem(
                        file, rec.line_of(role.id), label, role.id, f"allows at most {role.max}, found {len(ids)}"
                    )
                if ids:
                    roles[role.id] = ids
            fact = Fact(
                id=fid,
                type=ftype if spec else "",
                name=normalise_space(name),
                roles=roles,
                fields=self.fields(file, rec, label, "fact"),
                evidence=self.evidence(file, rec, label, required=True),
                origin=Origin(file, rec.line),
                **self.dates(file, rec, label),
            )
            if fid and self.claim_id(fid, file, rec, label) and spec and name:
                pending.append((file, rec, label, fact))
                nodes[fid] = ftype
        for file, rec, label, fact in pending:
            spec = facts[fact.type]
            for role_id, ids in fact.roles.items():
                role = spec.roles[role_id]
                for pid in ids:
                    self.check_ref(
                        file, rec.line_of(role_id), label, role_id, pid, role.range, nodes, f"the role '{role_id}'"
                    )
                    if pid == fact.id:
                        self.problem(file, rec.line_of(role_id), label, role_id, "a fact cannot take part in itself")
            out[fact.id] = fact
        return out

    def check_ref(
        self, file: str, line: int, label: str, fld: str, ref: str,
        allowed: tuple[str, ...], nodes: dict[str, str], what: str,
    ) -> bool:  # fmt: skip
        if ref not in nodes:
            # a file that did not parse may hold this record: its error is already reported
            if not self.unreadable:
                hint = ""
                if self.budget >= len(nodes):  # else even listing the candidates, error after error, is slow
                    hint = self.suggest(ref, [n for n, t in nodes.items() if t in allowed] or list(nodes))
                self.problem(file, line, label, fld, f"unknown entity '{ref}'", hint)
            return False
        if nodes[ref] not in allowed:
            self.problem(
                file, line, label, fld,
                f"'{ref}' is {_a(nodes[ref])}, but {what} takes {_or(allowed)}",
            )  # fmt: skip
            return False
        return True

    def read_relations(self, nodes: dict[str, str]) -> dict[str, Relation]:
        out: dict[str, Relation] = {}
        types = self.schema.relation_types
        allowed = {"id", "type", "subject", "object", "evidence", *_DATE_KEYS, *self.schema.fields_for("relation")}
        for index, (file, rec) in enumerate(self.raw["relations"], 1):
            label = self.label("relations", rec, index)
            self.unknown_keys(file, rec, label, allowed)
            rid = self.check_id(file, rec, label)
            rtype = self.text(file, rec, label, "type", True)
            spec = types.get(rtype)
            if rtype and spec is None:
                if rtype in self.schema.fact_types:
                    msg, hint = f"'{rtype}' is an n-ary fact type: put this record under 'facts:', one key per role", ""
                elif rtype in self.schema.entity_types:
                    msg, hint = (
                        f"'{rtype}' is an entity type, not a relation type: put this record under 'entities:'",
                        "",
                    )
                else:
                    msg, hint = f"unknown relation type '{rtype}'", self.suggest(rtype, types)
                self.problem(file, rec.line_of("type"), label, "type", msg, hint)
            subject = self.text(file, rec, label, "subject", True)
            obj = self.text(file, rec, label, "object", True)
            ok = bool(rid and spec and subject and obj)
            swapped = bool(spec and _swapped(spec.domain, spec.range, nodes.get(subject), nodes.get(obj)))
            if spec and swapped:
                self.problem(
                    file, rec.line_of("object"), label, "object",
                    f"subject and object the wrong way round? '{subject}' is {_a(nodes[subject])} and '{obj}' "
                    f"{_a(nodes[obj])}, but '{rtype}' goes from {_or(spec.domain)} to {_or(spec.range)}",
                )  # fmt: skip
                ok = False
            elif spec and subject:
                ok &= self.check_ref(
                    file,
                    rec.line_of("subject"),
                    label,
                    "subject",
                    subject,
                    spec.domain,
                    nodes,
                    f"the subject of '{rtype}'",
                )
            if spec and obj and not swapped:
                ok &= self.check_ref(
                    file, rec.line_of("object"), label, "object", obj, spec.range, nodes, f"the object of '{rtype}'"
                )
            if spec and subject and subject == obj and not spec.allow_self:
                self.problem(
                    file, rec.line_of("object"), label, "object", f"'{rtype}' cannot relate '{subject}' to itself"
                )
                ok = False
            relation = Relation(
                id=rid,
                type=rtype,
                subject=subject,
                object=obj,
                fields=self.fields(file, rec, label, "relation"),
                evidence=self.evidence(file, rec, label, required=True),
                origin=Origin(file, rec.line),
                **self.dates(file, rec, label, spec.temporal if spec else ""),
            )
            if rid and self.claim_id(rid, file, rec, label) and ok:
                out[rid] = relation
        return out


def load(data_dir: str | Path = "data", schema: Schema | str | Path | None = None) -> Dataset:
    """Read, validate and return the dataset under ``data_dir``.

    Raises :class:`~graph.errors.DataError` listing every problem found.
    """
    if not isinstance(schema, Schema):
        schema = load_schema(schema)
    root = Path(data_dir)
    shown = str(data_dir).rstrip("/") or "."
    if not root.is_dir():
        raise DataError([Problem(shown, 0, "", "", "data directory not found")])
    checker = _Checker(schema, root, shown)
    files = sorted(
        (p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()),
        key=lambda p: p.relative_to(root).as_posix(),
    )
    if not files:
        raise DataError([Problem(shown, 0, "", "", "no .yaml files found in the data directory")])
    for path in files:
        checker.read_file(path)
    checker.read_sources()
    if not checker.sources and not checker.raw["sources"]:
        checker.problem(shown, 0, "", "sources", "no sources registry: add a 'sources:' list to a data file")
    entities = checker.read_entities()
    nodes = {eid: e.type for eid, e in entities.items()}
    facts = checker.read_facts(nodes)
    relations = checker.read_relations(nodes)
    if checker.problems:
        raise DataError(checker.problems)
    return Dataset(
        schema=schema,
        sources=dict(sorted(checker.sources.items())),
        entities=dict(sorted(entities.items())),
        facts=dict(sorted(facts.items())),
        relations=dict(sorted(relations.items())),
    )


def _singular(section: str) -> str:
    return {"sources": "source", "entities": "entity", "facts": "fact", "relations": "relation"}.get(section, section)


def _sections() -> str:
    return ", ".join(f"'{s}'" for s in SECTIONS)


def _kind(value: object) -> str:
    if isinstance(value, Record):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return f"'{value}'" if value.strip() else "only whitespace"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    return repr(value)


def _swapped(domain: tuple[str, ...], range_: tuple[str, ...], subject: str | None, obj: str | None) -> bool:
    """Whether the types of subject and object fit the relation only the other way round."""
    if subject is None or obj is None:
        return False
    fits = subject in domain and obj in range_
    return not fits and obj in domain and subject in range_


def _a(noun: str) -> str:
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def _quote_it(value: object) -> str:
    """The advice for a number or true/false where text was expected."""
    return "; put it in quotes if it is text" if isinstance(value, int | float) else ""


def _escapes(rel: str, root: Path) -> str:
    """Why the source path ``rel`` leaves the data directory ``root`` (resolved), or ""."""
    if Path(rel).is_absolute():
        return f"'{rel}' is an absolute path: give a path inside the data directory, relative to it"
    if not Path(os.path.normpath(root / rel)).is_relative_to(root):
        return f"'{rel}' is outside the data directory"
    if not (root / rel).resolve().is_relative_to(root):
        return f"'{rel}' is a symbolic link that leads outside the data directory"
    return ""


def _printable(text: str) -> str:
    """``text`` fit for a one-line message: control characters escaped, long quoted values cut."""
    text = _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
    return _LONG_QUOTED.sub(lambda m: f"'{m.group(1)[:60]}...' ({len(m.group(1))} characters)", text)


def _shown(p: Problem) -> Problem:
    """A problem as it can be shown: what the data put in it cannot garble a terminal or flood it."""
    record = _printable(p.record)
    return Problem(
        _printable(p.file),
        p.line,
        record if len(record) < 120 else record[:100] + "...",
        _printable(p.field)[:120],
        _printable(p.message),
        _printable(p.suggestion),
    )


def _or(names: tuple[str, ...]) -> str:
    names = tuple(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
