"""Fuzzing the loader: whatever the data, it accepts them or raises DataError.

Three sources of input: datasets generated record by record, the base
fixture's files mutated (a field dropped, a type changed, ids swapped, random
unicode inserted, a file truncated, lines duplicated, random bytes), and
random text and bytes given to the YAML reader alone. Anything but a
:class:`~graph.errors.DataError` escaping :func:`graph.load` is a bug (it
would show a traceback); so is a hang, which the alarm turns into a failure.
Inputs are kept small so that each example is quick.
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph import DataError, load
from graph.model.yamlio import read_yaml
from graph.schema.reader import load_schema

from .conftest import BASE

SCHEMA = load_schema()
# a longer campaign: CDKG_FUZZ_EXAMPLES=5000 python -m pytest tests/test_fuzz.py
EXAMPLES = int(os.environ.get("CDKG_FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # no timing assertion; a hang is caught by the alarm below
    database=None,  # nothing written into the work tree
    suppress_health_check=[HealthCheck.too_slow],
)
BASE_FILES = {p.relative_to(BASE).as_posix(): p.read_text(encoding="utf-8") for p in sorted(BASE.rglob("*.yaml"))}
IDS = ["gucci", "alibaba", "kering", "michael_kors", "iacc", "ny_court", "lawsuit_gucci", "mini"]
HANG = 60  # seconds; a few milliseconds are normal


class Hung(Exception):
    pass


@contextmanager
def alarm(seconds: int) -> Iterator[None]:
    def ring(signum: int, frame: FrameType | None) -> None:
        raise Hung(f"no answer after {seconds} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def load_or_data_error(files: dict[str, bytes]) -> None:
    """Overlay ``files`` on the base dataset and load it: accepted, or a DataError."""
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(BASE, data)
        for name, content in files.items():
            (data / name).write_bytes(content)
        with alarm(HANG):
            try:
                load(data, SCHEMA)
            except DataError as exc:
                assert exc.problems
                for p in exc.problems:
                    assert p.file.startswith(str(data)) and p.message
                    assert "\n" not in str(p)  # one line each, whatever the data held


# -- generated datasets -----------------------------------------------------------------

scalars = st.one_of(
    st.sampled_from([*IDS, *SCHEMA.entity_types, *SCHEMA.relation_types, "2016", "2016-05", "2016-02-30", ""]),
    st.text(max_size=12),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=6,
)
KEYS = [
    "id", "type", "name", "aliases", "evidence", "date", "start", "end", "subject", "object",
    "plaintiff", "defendant", "court", "withdrawer", "organisation", "in_protest_of", "title", "file",
    "description", "amount", "count", "source", "quote",
]  # fmt: skip
evidence = st.lists(
    st.fixed_dictionaries(
        {"source": st.sampled_from(["mini", "minni", ""])},
        optional={"quote": st.sampled_from(["Gucci sued Alibaba", "Kering", "nothing like it"]) | st.text(max_size=8)},
    ),
    max_size=2,
)
records = st.dictionaries(st.sampled_from(KEYS), values, max_size=7).flatmap(
    lambda r: st.just(r) | evidence.map(lambda ev: {**r, "evidence": ev})
)
datasets = st.dictionaries(
    st.sampled_from(["entities", "facts", "relations", "sources", "extra"]),
    st.lists(records, max_size=4) | values,
    max_size=4,
)


@FUZZ
@given(datasets)
def test_generated_datasets(dataset: dict[str, object]) -> None:
    text = yaml.safe_dump(dataset, allow_unicode=True, sort_keys=False)
    load_or_data_error({"fuzz.yaml": text.encode("utf-8", "surrogatepass")})


# -- mutated valid files ---------------------------------------------------------------

Mutation = Callable[[str, st.DrawFn], str]


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def drop_line(text: str, draw: st.DrawFn) -> str:
    lines = _lines(text)
    del lines[draw(st.integers(0, len(lines) - 1))]
    return "".join(lines)


def duplicate_lines(text: str, draw: st.DrawFn) -> str:
    lines = _lines(text)
    i = draw(st.integers(0, len(lines) - 1))
    j = draw(st.integers(i, min(len(lines), i + 4)))
    return "".join(lines[:j] + lines[i:j] + lines[j:])


def change_type(text: str, draw: st.DrawFn) -> str:
    lines = _lines(text)
    keyed = [i for i, line in enumerate(lines) if ": " in line]
    if not keyed:
        return text
    i = draw(st.sampled_from(keyed))
    key, value = lines[i].rstrip("\n").split(": ", 1)
    new = draw(st.sampled_from([f"[{value}]", f"{{x: {value}}}", "42", "-1.5e3", "true", "~", "", '""', "[]", "{}"]))
    lines[i] = f"{key}: {new}\n"
    return "".join(lines)


def swap_ids(text: str, draw: st.DrawFn) -> str:
    a, b = draw(st.lists(st.sampled_from(IDS), min_size=2, max_size=2, unique=True))
    return text.replace(a, "\0").replace(b, a).replace("\0", b)


def insert_unicode(text: str, draw: st.DrawFn) -> str:
    at = draw(st.integers(0, len(text)))
    return text[:at] + draw(st.text(min_size=1, max_size=4)) + text[at:]


def truncate(text: str, draw: st.DrawFn) -> str:
    return text[: draw(st.integers(0, len(text)))]


def indent(text: str, draw: st.DrawFn) -> str:
    lines = _lines(text)
    i = draw(st.integers(0, len(lines) - 1))
    lines[i] = draw(st.sampled_from([" ", "\t", "  - ", "? ", "- ", "&a ", "*a ", "!!str ", "--- "])) + lines[i]
    return "".join(lines)


MUTATIONS: list[Mutation] = [drop_line, duplicate_lines, change_type, swap_ids, insert_unicode, truncate, indent]


@st.composite
def mutated_files(draw: st.DrawFn) -> dict[str, bytes]:
    name = draw(st.sampled_from(sorted(BASE_FILES)))
    text = BASE_FILES[name]
    for mutation in draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=3)):
        if text:
            text = mutation(text, draw)
    raw = text.encode("utf-8", "surrogatepass")
    if draw(st.booleans()):  # random bytes over part of the file
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + draw(st.binary(min_size=1, max_size=6)) + raw[at + draw(st.integers(0, 6)) :]
    return {name: raw}


@FUZZ
@given(mutated_files())
def test_mutated_files(files: dict[str, bytes]) -> None:
    load_or_data_error(files)


# -- the YAML reader alone ---------------------------------------------------------------


@settings(FUZZ, max_examples=EXAMPLES * 3)
@given(st.text(max_size=60) | st.binary(max_size=60).map(lambda b: b.decode("latin-1")))
def test_yaml_reader_never_raises(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.yaml"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        with alarm(HANG):
            content, problems = read_yaml(path, "x.yaml")
        assert content is None or not problems
        assert all(p.file == "x.yaml" and p.message for p in problems)
