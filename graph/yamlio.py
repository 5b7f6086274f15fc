"""Reading YAML safely, with the line of every record and field.

PyYAML's safe loader is the base (libyaml's parser when it is installed); on
top of it this loader

* keeps the line of every mapping and of each of its keys (for error messages),
* refuses duplicate keys in one mapping (PyYAML silently keeps the last),
* refuses aliases (``*ref``): curated data never needs them, and refusing them
  stops "billion laughs" bombs before they expand,
* refuses explicit tags (``!!python/object``, ``!!binary``, ``!!set``, ``!custom``):
  nothing in a data file is ever constructed beyond text, numbers, true/false,
  lists and mappings,
* refuses nesting deeper than :data:`MAX_DEPTH` before building anything, so a
  hostile ``[[[[...]]]]`` is a data error, not a crash,
* keeps dates as the text the curator wrote (``2016-05-18`` stays a string, so
  its precision is not lost), and reads only plain decimals as numbers:
  ``0x1F``, ``010``, ``1_000`` and ``20:16`` (a YAML 1.1 "sexagesimal") stay
  text, as do ``yes``, ``no``, ``on`` and ``off`` (only ``true`` and ``false``
  are true/false), and a mapping key is always the text written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from .errors import Problem

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
    from yaml._yaml import CParser as _ParserBase
except ImportError:  # pragma: no cover - PyYAML without libyaml
    _ParserBase = _PyParser  # type: ignore[assignment, misc]


class Record(dict[str, Any]):
    """A mapping read from YAML, remembering where it and each key were."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        """The line of ``key`` if present, else the line of the mapping."""
        return self.key_lines.get(key, self.line)


class _YamlProblem(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class _Resolver(Resolver):
    """YAML 1.1's implicit types, narrowed to what cannot surprise a curator."""


_Resolver.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (_TAG + "bool", _TAG + "int", _TAG + "float")]
    for first, resolvers in Resolver.yaml_implicit_resolvers.items()
}
_Resolver.add_implicit_resolver(_TAG + "bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
# at most 18 digits: Python refuses to convert very long digit strings, and no count needs more
_Resolver.add_implicit_resolver(_TAG + "int", re.compile(r"^[-+]?(?:0|[1-9][0-9]{0,17})$"), list("-+0123456789"))
_Resolver.add_implicit_resolver(
    _TAG + "float",
    re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$"),
    list("-+0123456789."),
)


class _Loader(Composer, _ParserBase, SafeConstructor, _Resolver):
    def __init__(self, stream: str) -> None:
        _ParserBase.__init__(self, stream)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        _Resolver.__init__(self)
        self.depth = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        event = self.peek_event()
        line = event.start_mark.line + 1 if event is not None and event.start_mark else 0
        if isinstance(event, AliasEvent):
            raise _YamlProblem(line, "YAML aliases (*name) are not allowed in data files; write the value out")
        tag = getattr(event, "tag", None)
        if tag not in (None, "!") and _EXPLICIT.get(type(event)) != tag:
            raise _YamlProblem(
                line,
                f"YAML tag '{_short(tag)}' is not allowed: data files hold plain text, numbers, lists and mappings",
            )
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _YamlProblem(
                line, f"lists and mappings nested more than {MAX_DEPTH} deep; a data file needs only a few levels"
            )
        try:
            node = super().compose_node(parent, index)
        finally:
            self.depth -= 1
        return node

    def construct_record(self, node: MappingNode) -> Iterator[Record]:
        record = Record()
        record.line = node.start_mark.line + 1
        record.key_lines = {}
        yield record
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == _TAG + "merge":
                raise _YamlProblem(line, "YAML merge keys (<<) are not allowed")
            if not isinstance(key_node, ScalarNode):
                raise _YamlProblem(line, "a key must be plain text, not a list or a mapping")
            key = str(key_node.value)  # as written: `yes`, `010` and `~` are keys too
            if key in record:
                raise _YamlProblem(
                    line,
                    f"duplicate key '{key}' in one mapping (first at line {record.key_lines[key]})",
                )
            record[key] = self.construct_object(value_node, deep=True)
            record.key_lines[key] = line


def _keep_text(loader: _Loader, node: ScalarNode) -> str:
    return str(loader.construct_scalar(node))


_Loader.add_constructor(_TAG + "map", _Loader.construct_record)  # type: ignore[type-var]
for _tag in ("timestamp", "value", "merge"):  # `2016-05-18`, `=` and `<<` as values are text
    _Loader.add_constructor(_TAG + _tag, _keep_text)  # type: ignore[type-var]


def _short(tag: str) -> str:
    return tag.replace(_TAG, "!!")


def _line_of_character(text: str, character: object) -> int:
    """The line of the first occurrence of a refused character (the reader's offset is in bytes or characters)."""
    if isinstance(character, int):
        at = text.find(chr(character))
        if at >= 0:
            return text.count("\n", 0, at) + 1
    return 0


def read_yaml(path: Path, shown: str) -> tuple[Any, list[Problem]]:
    """Read one YAML file; return its content and the problems found.

    ``shown`` is the name used for the file in messages. A file that cannot be
    read or parsed gives ``(None, [problem])``.
    """
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
    try:
        loader = _Loader(text)
        try:
            content = loader.get_single_data()
        finally:
            loader.dispose()
    except _YamlProblem as exc:
        return None, [Problem(shown, exc.line, "", "", exc.message)]
    except yaml.reader.ReaderError as exc:
        line = _line_of_character(text, exc.character)
        what = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "a character"
        return None, [
            Problem(shown, line, "", "", f"{what} is a control character, not allowed in a data file; remove it")
        ]
    except yaml.constructor.ConstructorError as exc:  # a plain scalar that is not what its tag says
        mark = exc.problem_mark
        return None, [Problem(shown, mark.line + 1 if mark else 0, "", "", f"YAML error: {exc.problem}")]
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
