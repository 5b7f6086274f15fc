"""The shape of the data: files of sections, records of fields, and each field's kind.

:class:`DataFiles` reads the data files into their sections' raw records, each
file on its own (:func:`read_file`, kept by the loader's file cache);
:class:`Fields` reads one field of a record: text, an id, a typed field of
the schema, and refuses the fields a record may not have.

The checks of one file alone note their problems in a :class:`Recorder`, which
:func:`replay` tells later to the load's :class:`~graph.model.problems.Report`,
in their place among the problems the checks across files find: so a file's
own checks can be kept from one load to the next and the problems still come
out in the order of the records and their fields.

>>> SECTIONS
('sources', 'entities', 'facts', 'relations')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Problem
from ..schema import Schema
from .problems import Report, kind_of, quote_advice
from .records import Value
from .rules import ID_ADVICE, ID_PATTERN, forbidden_character, is_blank, normalise_space
from .yamlio import Record, read_yaml

if TYPE_CHECKING:
    from .filecache import Entry, FileCache

__all__ = [
    "SECTIONS", "DataFiles", "Fields", "FileRead", "Recorder", "Steps", "label", "read_file", "replay", "singular",
]  # fmt: skip

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


Steps = tuple[tuple[Any, ...], ...]
"""What a :class:`Recorder` noted: ``("add", file, line, record, field, message, hint)``,
``("suggest", word, choices)``, ``("extend", problems)`` or ``("later", ...)``."""

_HINT = "\0hint:"  # a hint to be asked when replayed: no suggestion holds a NUL (pools are ids and schema names)


class Recorder(Report):
    """A :class:`~graph.model.problems.Report` that notes what it is told, to be told again by :func:`replay`.

    A "did you mean" is not answered now: it draws on the load's budget of comparisons, which the
    checks across files share, so it is asked when replayed, in its place; meanwhile :meth:`suggest`
    gives a placeholder that :meth:`add` keeps.

    >>> r = Recorder()
    >>> r.add("x.yaml", 2, "entity a", "type", "unknown entity type 'Compnay'", r.suggest("Compnay", ["Company"]))
    >>> report = Report()
    >>> replay(report, r.take())
    >>> report.problems[0].suggestion, r.take()
    ('Company', ())
    """

    def __init__(self) -> None:
        super().__init__()
        self.steps: list[tuple[Any, ...]] = []
        self.hints = 0

    def add(self, file: str, line: int, record: str, fld: str, msg: str, hint: str = "") -> None:
        self.steps.append(("add", file, line, record, fld, msg, hint))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.steps.append(("extend", tuple(problems)))

    def suggest(self, word: str, choices: Iterable[str]) -> str:
        self.steps.append(("suggest", word, tuple(choices)))
        self.hints += 1
        return f"{_HINT}{self.hints - 1}"

    def later(self, step: tuple[Any, ...]) -> None:
        """Note a check that :func:`replay` hands to its ``later`` (one that needs the load's state)."""
        self.steps.append(("later", *step))

    def take(self) -> Steps:
        """What was noted since the last :meth:`take` (``()`` if nothing), and start afresh."""
        steps = tuple(self.steps) if self.steps else ()
        self.steps, self.hints = [], 0
        return steps


def replay(report: Report, steps: Steps, later: Callable[[tuple[Any, ...]], None] | None = None) -> None:
    """Tell ``report`` what a :class:`Recorder` noted, in order, asking each "did you mean" now."""
    hints: list[str] = []
    for step in steps:
        kind = step[0]
        if kind == "add":
            hint = step[6]
            if hint.startswith(_HINT):
                hint = hints[int(hint[len(_HINT) :])]
            report.add(step[1], step[2], step[3], step[4], step[5], hint)
        elif kind == "suggest":
            hints.append(report.suggest(step[1], step[2]))
        elif kind == "extend":
            report.extend(step[1])
        elif later is not None:
            later(step[1:])
        else:
            raise ValueError(f"no one to run {step!r}")  # a bug: a step that needs the load's state


@dataclass(frozen=True, slots=True)
class FileRead:
    """One data file read on its own: what it holds by section, and its problems.

    A pure function of the file's bytes and the name it is shown by, so the file cache keeps it.
    """

    steps: Steps
    unreadable: bool
    """It did not parse (a reference may then point into it: see :class:`~graph.model.references.References`)."""
    records: dict[str, tuple[Record, ...]]
    """The records of each section it holds, in the order written."""


def read_file(path: Path, shown: str, raw: bytes | None) -> FileRead:
    """Read the data file ``path`` (its bytes ``raw``, when read already), shown as ``shown``."""
    notes = Recorder()
    content, problems = read_yaml(path, shown, raw)
    if problems:
        notes.extend(problems)
        return FileRead(notes.take(), True, {})
    if content is None:
        notes.add(shown, 0, "", "", "file is empty; expected a mapping with " + _sections())
        return FileRead(notes.take(), False, {})
    if not isinstance(content, Record):
        kind = "text" if isinstance(content, str) else kind_of(content)
        notes.add(shown, 1, "", "", f"expected a mapping with {_sections()}, found {kind}")
        return FileRead(notes.take(), False, {})
    records: dict[str, list[Record]] = {}
    for key, value in content.items():
        line = content.line_of(key)
        if key not in SECTIONS:
            hint = notes.suggest(key, SECTIONS)
            notes.add(shown, line, "", key, f"unknown section; expected {_sections()}", hint)
            continue
        if value is None:
            continue
        if not isinstance(value, list):
            notes.add(shown, line, "", key, "expected a list of records")
            continue
        for i, item in enumerate(value, 1):
            if not isinstance(item, Record):
                notes.add(shown, line, f"{singular(key)} #{i}", "", "expected a mapping (a record)")
                continue
            records.setdefault(key, []).append(item)
    return FileRead(notes.take(), False, {k: tuple(v) for k, v in records.items()})


class DataFiles:
    """The data files read, in the order read: each one's :class:`FileRead`, through the file cache."""

    def __init__(self, report: Report, data_dir: Path, shown_dir: str, cache: FileCache) -> None:
        self.report = report
        self.data_dir = data_dir
        self.shown_dir = shown_dir
        self.cache = cache
        self.resolved = data_dir.resolve()
        self.files: list[tuple[str, Entry]] = []
        """Each data file read (as shown) and what the cache holds for it."""
        self.unreadable: list[str] = []  # data files that could not be parsed

    def read(self, path: Path) -> None:
        """Read one data file (from the cache when its bytes are those read before); its problems are told."""
        shown = f"{self.shown_dir}/{path.relative_to(self.data_dir).as_posix()}"
        if not path.resolve().is_relative_to(self.resolved):
            self.report.add(shown, 0, "", "", "a symbolic link that leads outside the data directory: not read")
            self.unreadable.append(shown)
            return
        try:
            raw = path.read_bytes()
        except OSError:  # read_file says why
            entry = self.cache.uncached(read_file(path, shown, None))
        else:
            entry = self.cache.entry(shown, raw, lambda: read_file(path, shown, raw))
        replay(self.report, entry.read.steps)
        if entry.read.unreadable:
            self.unreadable.append(shown)
        self.files.append((shown, entry))

    def raw(self, section: str) -> list[tuple[str, Record]]:
        """Every record of ``section`` in the files read, with its file (as shown), in the order read."""
        return [(shown, rec) for shown, entry in self.files for rec in entry.read.records.get(section, ())]


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
