"""The README's examples stay true: each command it shows is run and its output compared.

A ```text block whose first line is ``$ python build_graph.py ...`` is a
command and what it prints (stdout, then stderr). The commands run in one
working directory holding a copy of ``data/`` (so ``out/`` and ``imported/``
are written there, never into the repository), in the README's order; the
block ``validate --data broken`` gets ``broken/`` made from the ``many_errors``
fixture. The comparison is exact, line for line, but for this normalisation:

- a file size (``(75.9 kB)``) matches any size: sizes move with every change
  to a writer, and the build's test checks the files themselves;
- ``…`` marks what the README abridges: a line that is only ``…`` (indented or
  not) stands for any number of lines, a ``…`` within a line for any text;
- ``push`` and ``sparql --endpoint`` go to a real Oxigraph server on 127.0.0.1
  and a free port (the ``oxigraph`` fixture of ``conftest.py``), the one
  ``push`` published to: the README's port, 7878, is replaced by the server's
  in the command and back in the output.

Every ```python block is executed from the repository's root; a line
``expression  # literal`` must evaluate to that literal.
"""

from __future__ import annotations

import ast
import contextlib
import io
import os
import re
import shlex
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pytest import FixtureRequest

from graph.cli import main

from .conftest import DATA, FIXTURES, ROOT

README = ROOT / "README.md"
PROMPT = "$ python build_graph.py"
README_PORT = "7878"
SIZE = re.compile(r"\(\d+(?:\.\d+)? [kMG]?B\)")


@dataclass(frozen=True)
class Example:
    line: int
    argv: list[str]
    expected: str


def _blocks(language: str) -> Iterator[tuple[int, str]]:
    """(line of the opening fence, content) of each fenced block in ``language``; a block indented in a list
    item loses its fence's indentation."""
    lines = README.read_text(encoding="utf-8").splitlines()
    start, indent = None, 0
    for i, line in enumerate(lines, 1):
        if start is None and line.strip() == f"```{language}":
            start, indent = i, len(line) - len(line.lstrip())
        elif start is not None and line.strip() == "```":
            yield start, "\n".join(x[indent:] if x[:indent].isspace() else x for x in lines[start : i - 1])
            start = None


def _examples() -> list[Example]:
    found = []
    for line, text in _blocks("text"):
        first, _, rest = text.partition("\n")
        if first.startswith(PROMPT):
            found.append(Example(line, shlex.split(first.removeprefix(PROMPT)), rest))
    return found


EXAMPLES = _examples()


def _pattern(expected: str) -> re.Pattern[str]:
    """The README's text as a regular expression, by the normalisation above.

    >>> bool(_pattern("a (1.0 kB)\\n  …\\nz …").fullmatch("a (2.5 MB)\\nb\\nc\\nz and more\\n"))
    True
    """
    parts = []
    for line in expected.splitlines():
        if line.strip() == "…":
            parts.append(r"(?:[^\n]*\n)*?")
            continue
        pieces = [re.escape(p) for p in SIZE.split(line)]
        parts.append(r"\(SIZE\)".join(pieces).replace("…", r"[^\n]*?").replace(r"\(SIZE\)", SIZE.pattern) + "\n")
    return re.compile("".join(parts))


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory with a copy of the data and the bad fixture as ``broken/``, as the README's commands expect."""
    root = tmp_path_factory.mktemp("readme")
    shutil.copytree(DATA, root / "data")
    shutil.copytree(FIXTURES / "base", root / "broken")
    shutil.copytree(FIXTURES / "bad" / "many_errors", root / "broken", dirs_exist_ok=True)
    (root / "broken" / "expected.txt").unlink()
    return root


@contextlib.contextmanager
def _cwd(path: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def _run(argv: list[str], where: Path) -> str:
    out, err = io.StringIO(), io.StringIO()
    with _cwd(where):
        main(argv, out=out, err=err)
    return out.getvalue() + err.getvalue()


def test_the_readme_has_its_examples() -> None:
    commands = [e.argv[0] if e.argv else "build" for e in EXAMPLES]
    assert commands == [
        "build",
        "opponents",
        "camps",
        "relations",
        "opponents",
        "timeline",
        "allies",
        "camps",
        "validate",
        "import",
        "push",
        "sparql",
    ]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: f"line {e.line}: {shlex.join(e.argv) or 'build'}")
def test_the_readme_command_prints_what_it_shows(example: Example, workdir: Path, request: FixtureRequest) -> None:
    argv = list(example.argv)
    port = README_PORT
    if argv[:1] == ["push"] or "--endpoint" in argv:
        base = request.getfixturevalue("oxigraph")
        port = base.rpartition(":")[2]
        argv = [a.replace(f"127.0.0.1:{README_PORT}", f"127.0.0.1:{port}") for a in argv]
        if "--endpoint" in argv:  # what the README pushed just before (in this process, on this server)
            _run(["push", f"{base}/store", "--replace"], workdir)
    if argv[:1] == ["import"] and not (workdir / "out").is_dir():
        _run([], workdir)  # the import example reads the build's output
    printed = _run(argv, workdir).replace(f"127.0.0.1:{port}/", f"127.0.0.1:{README_PORT}/")
    assert _pattern(example.expected + "\n").fullmatch(printed), f"README.md line {example.line}:\n{printed}"


@pytest.mark.parametrize("block", [text for _, text in _blocks("python")], ids=lambda t: t.splitlines()[-1][:40])
def test_the_readme_python_runs_and_gives_what_it_says(block: str) -> None:
    namespace: dict[str, object] = {}
    with _cwd(ROOT):
        for node in ast.parse(block).body:
            source = ast.get_source_segment(block, node) or ""
            line = block.splitlines()[node.lineno - 1]
            comment = line.partition("  # ")[2] if isinstance(node, ast.Expr) else ""
            try:
                claimed = ast.literal_eval(comment)
            except (ValueError, SyntaxError):
                exec(compile(ast.Module([node], []), "README.md", "exec"), namespace)  # the README's own code
                continue
            assert eval(source, namespace) == claimed, line  # the README's own code
