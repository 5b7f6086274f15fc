"""Reading YAML safely, with the line of every record and field.

PyYAML's parser is the base (libyaml's when it is installed, else PyYAML's
own); on top of it this loader

* keeps the line of every mapping and of each of its keys (for error messages),
* refuses duplicate keys in one mapping (PyYAML silently keeps the last),
* refuses aliases (``*ref``): curated data never needs them, and refusing them
  stops "billion laughs" bombs before they expand,
* refuses explicit tags (``!!python/object``, ``!!binary``, ``!!set``, ``!custom``):
  nothing in a data file is ever constructed beyond text, numbers, true/false,
  lists and mappings (``!!str``, ``!!seq`` and ``!!map`` on their own kind, and
  the non-specific ``!``, are accepted),
* refuses merge keys (``<<:``); ``<<`` as a value is text,
* refuses nesting deeper than :data:`MAX_DEPTH` before building anything, so a
  hostile ``[[[[...]]]]`` is a data error, not a crash,
* keeps dates as the text the curator wrote (``2016-05-18`` stays a string, so
  its precision is not lost), and reads only plain decimals as numbers:
  ``0x1F``, ``010``, ``1_000`` and ``20:16`` (a YAML 1.1 "sexagesimal") stay
  text, as do ``yes``, ``no``, ``on`` and ``off`` (only ``true`` and ``false``
  are true/false), and a mapping key is always the text written.

The values are built straight from the parser's events, with an explicit stack
(no node tree, no recursion): the ones PyYAML's Composer and SafeConstructor
with the resolver narrowed as above would give, about six times faster. A file
with a problem gives the first one met in the order written.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from ..errors import Problem

__all__ = ["MAX_DEPTH", "Record", "read_yaml"]

MAX_DEPTH = 50
"""Deepest nesting of lists and mappings accepted (curated data needs about 6)."""

_TAG = "tag:yaml.org,2002:"
# the only explicit tags allowed, each on its own kind of node
_EXPLICIT = {ScalarEvent: _TAG + "str", SequenceStartEvent: _TAG + "seq", MappingStartEvent: _TAG + "map"}


class _PyParser(Reader, Scanner, Parser):
    """PyYAML's own parser, for when libyaml is not installed."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)


try:
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - PyYAML without libyaml
    _Parser = _PyParser  # type: ignore[assignment, misc]


class Record(dict[str, Any]):
    """A mapping read from YAML, remembering where it and each key were.

    >>> from graph.model.yamlio import _from_text
    >>> record = _from_text("id: gucci\\nname: Gucci\\n")
    >>> record, record.line, record.line_of("name"), record.line_of("date")
    ({'id': 'gucci', 'name': 'Gucci'}, 1, 2, 1)
    """

    # No instance dict, and the lines of the keys as offsets from the mapping's
    # line in a dict shared by every record of the same shape: a big file holds
    # hundreds of thousands of records, most of them alike.
    __slots__ = ("_offsets", "line")
    line: int
    _offsets: dict[str, int]

    def line_of(self, key: str) -> int:
        """The line of ``key`` if present, else the line of the mapping."""
        return self.line + self._offsets.get(key, 0)

    @property
    def key_lines(self) -> dict[str, int]:
        """The line of each key."""
        return {key: self.line + offset for key, offset in self._offsets.items()}


class _YamlProblem(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


# -- implicit types ---------------------------------------------------------------
# YAML 1.1's, as PyYAML's Resolver has them, narrowed to what cannot surprise a
# curator; looked up by the first character of a plain scalar as Resolver.resolve does.

_NULL, _BOOL, _INT, _FLOAT = _TAG + "null", _TAG + "bool", _TAG + "int", _TAG + "float"
_MERGE, _STR = _TAG + "merge", _TAG + "str"
_IMPLICIT: dict[str | None, list[tuple[str, re.Pattern[str]]]] = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (_BOOL, _INT, _FLOAT)]
    for first, resolvers in Resolver.yaml_implicit_resolvers.items()
}
for _tag, _rx, _first in (
    (_BOOL, r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    # at most 18 digits: Python refuses to convert very long digit strings, and no count needs more
    (_INT, r"^[-+]?(?:0|[1-9][0-9]{0,17})$", "-+0123456789"),
    (
        _FLOAT,
        r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$",
        "-+0123456789.",
    ),
):
    for _ch in _first:
        _IMPLICIT.setdefault(_ch, []).append((_tag, re.compile(_rx)))
del _tag, _rx, _first, _ch
_WILDCARD = _IMPLICIT.pop(None, [])
# first character ('' for the empty scalar) -> the resolvers to try, in order
_RESOLVERS = {first: resolvers + _WILDCARD for first, resolvers in _IMPLICIT.items() if first is not None}
_MAY_MERGE = {first for first, resolvers in _RESOLVERS.items() if any(tag == _MERGE for tag, _ in resolvers)}


def _resolved_tag(value: str) -> str:
    """The tag PyYAML's resolver (narrowed) gives a plain scalar."""
    for tag, rx in _RESOLVERS.get(value[:1], _WILDCARD):
        if rx.match(value):
            return tag
    return _STR


_INF = 1e300
while _INF != _INF * _INF:
    _INF *= _INF
_NAN = -_INF / _INF  # as SafeConstructor makes them


_TRUTH = {"true": True, "false": False}


def _to_bool(value: str) -> Any:
    # `$` in the patterns also matches before a final newline: `! "true\n"` is
    # resolved as true/false, which PyYAML then fails to convert; keep it as text.
    return _TRUTH.get(value.lower(), value)


def _to_float(value: str) -> Any:
    text = value.lower()
    sign = -1 if text[0] == "-" else 1
    if text[0] in "+-":
        text = text[1:]
    if text == ".inf":
        return sign * _INF
    if text == ".nan":
        return _NAN
    try:
        return sign * float(text)
    except ValueError:  # `! ".inf\n"` (see _to_bool)
        return value


_CONSTRUCT: dict[str, Any] = {
    _NULL: lambda value: None,
    _BOOL: _to_bool,
    _INT: int,  # what SafeConstructor computes for every text the narrowed pattern admits
    _FLOAT: _to_float,
    # `2016-05-18`, `=` and `<<` as values are text
    **dict.fromkeys((_STR, _TAG + "timestamp", _TAG + "value", _MERGE), str),
}


# -- building values from events ------------------------------------------------------

_SHARED_TEXT = 40  # texts up to this long are kept once per file (ids, types, names, dates recur)


def _build(parser: Any) -> Any:
    """The value of the single document in ``parser``'s events, built as they come.

    The first problem met, in the order written, is raised at once.
    """
    get_event = parser.get_event
    get_event()  # the stream's start
    if parser.check_event(StreamEndEvent):  # nothing in it
        get_event()
        return None
    get_event()  # the document's start
    root, root_mark = _document(get_event)
    get_event()  # the document's end
    if not parser.check_event(StreamEndEvent):
        event = get_event()
        raise ComposerError(
            "expected a single document in the stream", root_mark, "but found another document", event.start_mark
        )
    get_event()  # the stream's end
    return root


def _document(get_event: Any) -> tuple[Any, Any]:
    """The value of one document's events, and the mark of its start; an explicit stack, no recursion."""
    anchors: dict[str, Any] = {}  # anchor -> the mark of its node
    texts: dict[str, str] = {}  # one string object for each distinct key or short text: less memory
    shapes: dict[tuple[Any, ...], dict[str, int]] = {}  # key lines of a record, shared (see Record)
    stack: list[tuple[Any, ...]] = []  # the enclosing lists and mappings, and the state of each
    root: Any = None
    root_mark: Any = None
    depth = 0  # lists and mappings open
    node: Any = None  # the innermost list or mapping open
    in_mapping = False
    key: Any = None  # the key waiting for its value, or None when a key comes next
    lines: list[Any] = []  # key, offset of its line, key, ... for the open mapping

    for event in iter(get_event, None):  # the parser gives None only after the stream's end
        kind = event.__class__
        if kind is ScalarEvent:
            if event.tag is None and event.anchor is None and depth < MAX_DEPTH:
                plain = event.implicit[0]
            else:
                _refuse(event, kind, depth, anchors)
                plain = (event.tag is None or event.tag == "!") and event.implicit[0]
            value = event.value
            if key is None and in_mapping:
                key = _key(event, value, plain, node, lines, texts)
                lines += (key, event.start_mark.line + 1 - node.line)
                continue
            if len(value) <= _SHARED_TEXT:
                value = texts.setdefault(value, value)
            if plain:
                value = _resolve(event, value)
            if in_mapping:
                node[key] = value
                key = None
            elif depth:
                node.append(value)
            else:
                return value, event.start_mark
            continue

        if kind is MappingEndEvent or kind is SequenceEndEvent:
            if in_mapping:
                shape = tuple(lines)
                shared = shapes.get(shape)
                if shared is None:
                    shared = shapes[shape] = dict(zip(shape[::2], shape[1::2], strict=True))
                node._offsets = shared
            depth -= 1
            if not depth:
                return root, root_mark
            node, in_mapping, lines, key = stack.pop()
            continue

        # a list or a mapping starts (or an alias, which _refuse refuses)
        if kind is AliasEvent or event.tag is not None or event.anchor is not None or depth >= MAX_DEPTH:
            _refuse(event, kind, depth, anchors)
        mark = event.start_mark
        if kind is MappingStartEvent:
            new: Any = Record()
            new.line = mark.line + 1
        else:
            new = []
        if not depth:
            root, root_mark = new, mark
        else:
            if not in_mapping:
                node.append(new)
            elif key is None:
                raise _YamlProblem(mark.line + 1, "a key must be plain text, not a list or a mapping")
            else:
                node[key] = new
            stack.append((node, in_mapping, lines, None))
        node, in_mapping, lines, key = new, kind is MappingStartEvent, [], None
        depth += 1
    raise AssertionError("the parser ended the stream inside a document")  # pragma: no cover - it never does


def _key(event: Any, value: str, plain: bool, node: Record, lines: list[Any], texts: dict[str, str]) -> str:
    """A mapping's key, as written (`yes`, `010` and `~` are keys too); merge keys and duplicates refused."""
    line = event.start_mark.line + 1
    if plain and value[:1] in _MAY_MERGE and _resolved_tag(value) == _MERGE:
        raise _YamlProblem(line, "YAML merge keys (<<) are not allowed")
    key = texts.setdefault(value, value)
    if key in node:
        first = node.line + lines[lines.index(key) + 1]
        raise _YamlProblem(line, f"duplicate key '{key}' in one mapping (first at line {first})")
    return key


def _resolve(event: Any, value: str) -> Any:
    """A plain scalar's value: None, true/false, a number, else the text."""
    for resolved, rx in _RESOLVERS.get(value[:1], _WILDCARD):
        if rx.match(value):
            construct = _CONSTRUCT.get(resolved)
            if construct is None:
                message = f"YAML error: could not determine a constructor for the tag {resolved!r}"
                raise _YamlProblem(event.start_mark.line + 1, message)
            return construct(value)
    return value


def _refuse(event: Any, kind: type, depth: int, anchors: dict[str, Any]) -> None:
    """Refuse what the Composer (with the checks above) refuses in a node, in its order; note its anchor."""
    mark = event.start_mark
    if kind is AliasEvent:
        raise _YamlProblem(mark.line + 1, "YAML aliases (*name) are not allowed in data files; write the value out")
    tag = event.tag
    if tag is not None and tag != "!" and tag != _EXPLICIT.get(kind):
        raise _YamlProblem(
            mark.line + 1,
            f"YAML tag '{_short(tag)}' is not allowed: data files hold plain text, numbers, lists and mappings",
        )
    if depth >= MAX_DEPTH:
        raise _YamlProblem(
            mark.line + 1, f"lists and mappings nested more than {MAX_DEPTH} deep; a data file needs only a few levels"
        )
    anchor = event.anchor
    if anchor is not None:
        if anchor in anchors:
            raise ComposerError(
                f"found duplicate anchor {anchor!r}; first occurrence", anchors[anchor], "second occurrence", mark
            )
        anchors[anchor] = mark


def _from_text(text: str) -> Any:
    """The value of YAML ``text`` (problems raised as exceptions)."""
    parser = _Parser(text)
    try:
        return _build(parser)
    finally:
        parser.dispose()


def _short(tag: str) -> str:
    return tag.replace(_TAG, "!!")


def _line_of_character(text: str, character: object) -> int:
    """The line of the first occurrence of a refused character (the reader's offset is in bytes or characters)."""
    if isinstance(character, int):
        at = text.find(chr(character))
        if at >= 0:
            return text.count("\n", 0, at) + 1
    return 0


def read_yaml(path: Path, shown: str, raw: bytes | None = None) -> tuple[Any, list[Problem]]:
    """Read one YAML file; return its content and the problems found.

    ``shown`` is the name used for the file in messages. A file that cannot be
    read or parsed gives ``(None, [problem])``. ``raw``: the file's bytes when
    already read (the loader's file cache parses the very bytes it hashed).
    """
    if raw is None:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            return None, [Problem(shown, 0, "", "", f"cannot read file: {exc.strerror}")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        byte = raw[exc.start]
        return None, [Problem(shown, line, "", "", f"file is not valid UTF-8 (byte 0x{byte:02x}); save it as UTF-8")]
    del raw
    try:
        content = _from_text(text)
    except _YamlProblem as exc:
        return None, [Problem(shown, exc.line, "", "", exc.message)]
    except yaml.reader.ReaderError as exc:
        line = _line_of_character(text, exc.character)
        what = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "a character"
        return None, [
            Problem(shown, line, "", "", f"{what} is a control character, not allowed in a data file; remove it")
        ]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        if exc.problem and "maximum nesting depth" in exc.problem:
            # PyYAML 6.0.4 and later stop deep flow collections in their scanner, before our check
            message = f"lists and mappings nested more than {MAX_DEPTH} deep; a data file needs only a few levels"
            return None, [Problem(shown, line, "", "", message)]
        if exc.problem == "but found another document":
            message = (
                "a second YAML document ('---') starts here; a data file is one mapping: "
                "merge the two or put the second in its own file"
            )
            return None, [Problem(shown, line, "", "", message)]
        what = exc.problem or "invalid YAML"
        if exc.context:
            started = exc.context_mark.line + 1 if exc.context_mark else 0
            where = f" (started at line {started})" if started and started != line else ""
            what = f"{exc.context}{where}: {what}"
        if "\t" in text and "tab" in what.lower():
            what += " (indent with spaces, not tabs)"
        return None, [Problem(shown, line, "", "", f"YAML syntax error: {what}")]
    except yaml.YAMLError as exc:
        return None, [Problem(shown, 0, "", "", f"YAML error: {exc}")]
    return content, []
