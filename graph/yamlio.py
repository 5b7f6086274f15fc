"""Reading YAML safely, with the line of every record and field.

PyYAML's safe loader is the base; on top of it this loader

* keeps the line of every mapping and of each of its keys (for error messages),
* refuses duplicate keys in one mapping (PyYAML silently keeps the last),
* refuses aliases (``*ref``): curated data never needs them, and refusing them
  stops "billion laughs" bombs before they expand,
* keeps dates as the text the curator wrote (``2016-05-18`` stays a string, so
  its precision is not lost).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem

__all__ = ["Record", "read_yaml"]

_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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


class _Loader(_Base):  # type: ignore[misc, valid-type]
    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects:
            raise _YamlProblem(
                node.start_mark.line + 1,
                "YAML aliases (*name) are not allowed in data files; write the value out",
            )
        return super().construct_object(node, deep=deep)

    def construct_record(self, node: yaml.MappingNode) -> Iterator[Record]:
        record = Record()
        record.line = node.start_mark.line + 1
        record.key_lines = {}
        yield record
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _YamlProblem(key_node.start_mark.line + 1, "YAML merge keys (<<) are not allowed")
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if not isinstance(key, str):
                key = str(key)
            if key in record:
                raise _YamlProblem(
                    line,
                    f"duplicate key '{key}' in one mapping (first at line {record.key_lines[key]})",
                )
            record[key] = self.construct_object(value_node, deep=True)
            record.key_lines[key] = line


def _keep_text(loader: _Loader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_record)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _keep_text)


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
        return None, [Problem(shown, line, "", "", "file is not valid UTF-8")]
    try:
        content = yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except _YamlProblem as exc:
        return None, [Problem(shown, exc.line, "", "", exc.message)]
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        tag = (exc.problem or "").split("tag '")[-1].rstrip("'").replace("tag:yaml.org,2002:", "!!")
        return None, [
            Problem(
                shown,
                mark.line + 1 if mark else 0,
                "",
                "",
                f"YAML tag '{tag}' is not allowed: data files hold plain text, numbers, lists and mappings",
            )
        ]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
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
