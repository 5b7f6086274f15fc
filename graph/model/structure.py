"""The shape of the data: files of sections, records of fields, and each field's kind.

:class:`DataFiles` reads the data files into their sections' raw records;
:class:`Fields` reads one field of a record: text, an id, a typed field of
the schema, and refuses the fields a record may not have.

>>> SECTIONS
('sources', 'entities', 'facts', 'relations')
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..schema import Schema
from .problems import Report, kind_of, quote_advice
from .records import Value
from .rules import ID_ADVICE, ID_PATTERN, forbidden_character, is_blank, normalise_space
from .yamlio import Record, read_yaml

__all__ = ["SECTIONS", "DataFiles", "Fields", "label", "singular"]

SECTIONS = ("sources", "entities", "facts", "relations")
"""The lists a data file may hold."""


def singular(section: str) -> str:
    """What one record of a section is called.

    >>> singular("entities")
    'entity'
    """
    return {"sources": "source", "entities": "entity", "facts": "fact", "relations": "relation"}.get(section, section)


def label(section: str, rec: Record, index: int) -> str:
    """How messages name a record: by its id, else by its place in the section (``relation #3``)."""
    rid = rec.get("id")
    return f"{singular(section)} {rid}" if isinstance(rid, str) and rid else f"{singular(section)} #{index}"


def _sections() -> str:
    return ", ".join(f"'{s}'" for s in SECTIONS)


class DataFiles:
    """The raw records of every data file read, by section, in the order read."""

    def __init__(self, report: Report, data_dir: Path, shown_dir: str) -> None:
        self.report = report
        self.data_dir = data_dir
        self.shown_dir = shown_dir
        self.raw: dict[str, list[tuple[str, Record]]] = {s: [] for s in SECTIONS}
        self.unreadable: list[str] = []  # data files that could not be parsed

    def read(self, path: Path) -> None:
        """Read one data file: its sections' records are added to :attr:`raw`."""
        problem = self.report.add
        shown = f"{self.shown_dir}/{path.relative_to(self.data_dir).as_posix()}"
        if not path.resolve().is_relative_to(self.data_dir.resolve()):
            problem(shown, 0, "", "", "a symbolic link that leads outside the data directory: not read")
            self.unreadable.append(shown)
            return
        content, problems = read_yaml(path, shown)
        self.report.extend(problems)
        if problems:
            self.unreadable.append(shown)
            return
        if content is None:
            problem(shown, 0, "", "", "file is empty; expected a mapping with " + _sections())
            return
        if not isinstance(content, Record):
            kind = "text" if isinstance(content, str) else kind_of(content)
            problem(shown, 1, "", "", f"expected a mapping with {_sections()}, found {kind}")
            return
        for key, value in content.items():
            line = content.line_of(key)
            if key not in SECTIONS:
                hint = self.report.suggest(key, SECTIONS)
                problem(shown, line, "", key, f"unknown section; expected {_sections()}", hint)
                continue
            if value is None:
                continue
            if not isinstance(value, list):
                problem(shown, line, "", key, "expected a list of records")
                continue
            for i, item in enumerate(value, 1):
                if not isinstance(item, Record):
                    problem(shown, line, f"{singular(key)} #{i}", "", "expected a mapping (a record)")
                    continue
                self.raw[key].append((shown, item))


class Fields:
    """Reads the fields of records, noting a problem for each that is wrong."""

    def __init__(self, report: Report, schema: Schema) -> None:
        self.report = report
        self.schema = schema

    def text(self, file: str, rec: Record, label: str, key: str, required: bool, where: str = "") -> str:
        """The text of ``rec[key]``, stripped; "" (and a problem) when it is not text.

        A number or true/false is not text: ``name: 1.10`` would not keep what
        the curator wrote, so it must be quoted.
        """
        fld = f"{where}.{key}" if where else key
        value = rec.get(key)
        if value is None:
            if required:
                self.report.add(file, rec.line, label, fld, "missing required field")
            return ""
        if not isinstance(value, str):
            self.report.add(
                file, rec.line_of(key), label, fld, f"expected text, found {kind_of(value)}{quote_advice(value)}"
            )
            return ""
        return self.clean(file, rec.line_of(key), label, fld, value)

    def clean(self, file: str, line: int, label: str, fld: str, value: str) -> str:
        """``value`` stripped, or "" (and a problem) if it is blank or holds a control character."""
        bad = forbidden_character(value)
        if bad:
            self.report.add(file, line, label, fld, f"contains {bad}; remove it")
            return ""
        if is_blank(value):
            self.report.add(file, line, label, fld, "is empty or only whitespace")
            return ""
        return value.strip()

    def identifier(self, file: str, rec: Record, label: str) -> str:
        """The record's id, or "" (and a problem) when it is missing or not a valid id."""
        rid = rec.get("id")
        if rid is None:
            self.report.add(file, rec.line, label, "id", "missing required field")
            return ""
        if not isinstance(rid, str):
            self.report.add(
                file, rec.line_of("id"), label, "id", f"expected text, found {kind_of(rid)}{quote_advice(rid)}"
            )
            return ""
        if not ID_PATTERN.match(rid):
            self.report.add(file, rec.line_of("id"), label, "id", f"invalid id {rid!r}: {ID_ADVICE}")
            return ""
        return rid

    def unknown_keys(self, file: str, rec: Record, label: str, allowed: set[str]) -> None:
        """A problem for every field of ``rec`` not in ``allowed``, with the nearest allowed one."""
        for key in rec:
            if key not in allowed:
                self.report.add(
                    file, rec.line_of(key), label, key, "unknown field", self.report.suggest(key, sorted(allowed))
                )

    def typed(self, file: str, rec: Record, label: str, kind: str) -> dict[str, Value]:
        """The schema's fields for records of ``kind`` (entity, fact, relation), each of its datatype."""
        out: dict[str, Value] = {}
        for fid, spec in self.schema.fields_for(kind).items():
            if rec.get(fid) is None:
                continue
            value = rec[fid]
            line = rec.line_of(fid)
            if spec.datatype == "string":
                if not isinstance(value, str):
                    found = f"{kind_of(value)}{quote_advice(value)}"
                    self.report.add(file, line, label, fid, f"expected text, found {found}")
                elif text := self.clean(file, line, label, fid, value):
                    out[fid] = normalise_space(text)
            elif spec.datatype == "integer":
                if isinstance(value, int) and not isinstance(value, bool):
                    out[fid] = value
                else:
                    self.report.add(file, line, label, fid, f"expected a whole number, found {kind_of(value)}")
            elif spec.datatype == "decimal":
                number = _decimal(value)
                if number is None:
                    self.report.add(file, line, label, fid, f"expected a number, found {kind_of(value)}")
                else:
                    out[fid] = number
        return out


def _decimal(value: object) -> Decimal | None:
    """``value`` as a finite decimal, or None."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None
