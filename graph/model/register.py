"""Registering a new source: its text copied verbatim into the data directory, its entry added to the registry.

:func:`add_source` is the curator's ``source add``. It checks everything
before it writes anything: the file is UTF-8 text (a byte-order mark is
kept, nothing is re-encoded or re-wrapped), the id is new and well formed,
the publication date parses (a date at its precision, or ``EARLIEST/LATEST``),
and the copy would not replace a different file. It then writes the text
(``sources/<id>.<ext>``) and appends the entry to the data directory's
``sources.yaml``, keeping what is there byte for byte. Each write goes
through a temporary file and a rename, so a failure leaves no half file.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import UsageError
from .dates import PartialDate
from .rules import ID_PATTERN
from .yamlio import read_yaml

__all__ = ["NewSource", "add_source", "parse_published"]


@dataclass(frozen=True)
class NewSource:
    """What ``source add`` registered: the id, where the text went, and the entry as written."""

    id: str
    text_path: Path
    registry: Path
    entry: str


def parse_published(value: str) -> dict[str, str] | str:
    """A publication date as the registry writes it: ``2016-05`` or ``2016-05-17/2016-05-18`` (earliest/latest).

    >>> parse_published("2016-05-17/2016-05-18")
    {'earliest': '2016-05-17', 'latest': '2016-05-18'}
    >>> parse_published("2016-08-04")
    '2016-08-04'
    """
    lo, sep, hi = value.partition("/")
    try:
        if not sep:
            return str(PartialDate.parse(value))
        first, last = PartialDate.parse(lo), PartialDate.parse(hi)
    except ValueError as exc:
        raise UsageError(f"--published: {exc}") from None
    if last.last_day() < first.first_day():
        raise UsageError(f"--published: the latest day {last} is before the earliest {first}")
    return {"earliest": str(first), "latest": str(last)}


def _existing_ids(data: Path) -> dict[str, str]:
    """The source ids of every data file (id -> file), read as the loader reads them."""
    out: dict[str, str] = {}
    for path in sorted(p for p in data.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()):
        raw, problems = read_yaml(path, str(path))
        if problems:
            raise UsageError(f"{problems[0]}: fix the data before adding a source")
        for item in (raw or {}).get("sources") or [] if isinstance(raw, dict) else []:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                out[item["id"]] = str(path)
    return out


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def add_source(
    data: Path,
    file: Path,
    *,
    title: str,
    published: str | None = None,
    source_id: str | None = None,
    publisher: str = "",
    url: str = "",
    licence: str = "",
    language: str = "",
    published_note: str = "",
) -> NewSource:
    """Copy ``file`` into ``data/sources/`` and register it in ``data/sources.yaml``.

    Raises :class:`~graph.errors.UsageError` (nothing written) when anything is wrong.
    """
    if not data.is_dir():
        raise UsageError(f"data directory '{data}' not found")
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read '{file}': {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(
            f"'{file}' is not UTF-8 text (byte {exc.start}): convert it first, keeping its words"
        ) from None
    if not text.strip():
        raise UsageError(f"'{file}' is empty")
    sid = source_id or file.stem
    if not ID_PATTERN.match(sid):
        raise UsageError(f"source id '{sid}' may have only letters, digits, '_', '-' and '.': give one with --id")
    if not title.strip():
        raise UsageError("--title must not be empty")
    existing = _existing_ids(data)
    if sid in existing or sid.lower() in {k.lower() for k in existing}:
        raise UsageError(f"source id '{sid}' is taken (in {existing.get(sid, 'the registry')}): give another with --id")
    rel = Path("sources") / (sid + (file.suffix or ".txt"))
    target = data / rel
    if target.exists() and target.read_bytes() != raw:
        raise UsageError(f"'{target}' exists with other content: nothing written")
    entry: dict[str, object] = {"id": sid, "title": " ".join(title.split())}
    for key, value in (("publisher", publisher), ("url", url), ("licence", licence)):
        if value:
            entry[key] = value
    if published:
        entry["published"] = parse_published(published)
    if published_note:
        entry["published_note"] = published_note
    if language:
        entry["language"] = language
    entry["file"] = rel.as_posix()
    block = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=100)
    block = "".join("  " + line if line.strip() else line for line in block.splitlines(keepends=True))
    registry = data / "sources.yaml"
    before = registry.read_bytes() if registry.exists() else b"sources:\n"
    head = before.decode("utf-8-sig")
    raw_registry, problems = read_yaml(registry, str(registry)) if registry.exists() else ({"sources": []}, [])
    if problems or not isinstance(raw_registry, dict) or not isinstance(raw_registry.get("sources", []), list):
        raise UsageError(f"'{registry}' has no 'sources:' list to add to")
    if "sources" not in raw_registry:
        head = head.rstrip("\n") + "\nsources:\n"
    updated = head.rstrip("\n") + "\n\n" + block
    try:  # the entry lands in the sources list, and nothing else moves
        old, new = yaml.safe_load(head) or {}, yaml.safe_load(updated)
    except yaml.YAMLError:
        old, new = None, None
    if not isinstance(new, dict) or new.get("sources", [])[:-1] != (old or {}).get("sources", []):
        raise UsageError(f"'{registry}' does not end with its 'sources:' list: add the entry by hand (nothing written)")
    if not target.exists():
        _atomic_write(target, raw)
    _atomic_write(registry, updated.encode("utf-8"))
    return NewSource(sid, target, registry, block)
