"""The house's rules, checked on the source: layers, private names, sizes.

The layers, lowest first (``graph/__init__.py`` re-exports and is exempt)::

    errors, text, lazy, staging  <  schema  <  model  <  rdf | views | analysis
        <  pipeline, inputs, snapshot, modelfile, cachefile, fresh  <  cli

A module may import from its own layer and the layers below; ``rdf``,
``views`` and ``analysis`` sit side by side and never import one another.
No module imports another module's private (``_name``) name, no module is
over 600 lines and no function over 100.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "graph"
MODULES = sorted(p for p in PACKAGE.rglob("*.py"))

RANK = {"errors": 0, "text": 0, "lazy": 0, "staging": 0, "schema": 1, "model": 2, "rdf": 3, "views": 3, "analysis": 3}
RANK.update(pipeline=4, inputs=4, snapshot=4, modelfile=4, cachefile=4, fresh=4, cli=5)
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 100


def _dotted(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _imports(path: Path, text: str | None = None) -> list[tuple[int, str, list[str]]]:
    """(line, absolute module, imported names) of every import from the package in ``path``
    (or in ``text``, read as if it were the module at ``path``)."""
    me = _dotted(path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8") if text is None else text)):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if target == "graph" or target.startswith("graph."):
                found.append((node.lineno, target, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name, []) for a in node.names if a.name.startswith("graph.")]
    return found


def _id(path: Path) -> str:
    return str(path.relative_to(PACKAGE.parent))


@pytest.mark.parametrize("path", [p for p in MODULES if p.name != "__init__.py" or p.parent != PACKAGE], ids=_id)
def test_dependencies_point_one_way(path: Path) -> None:
    me = _layer(_dotted(path))
    wrong = []
    for line, target, names in _imports(path):
        for name in names or [""]:
            module = f"{target}.{name}" if target == "graph" and name else target
            them = _layer(module)
            if them == me or them not in RANK:
                continue
            if RANK[them] > RANK[me] or (RANK[them] == RANK[me] == 3):
                wrong.append(f"line {line}: {me} imports {module}")
    assert not wrong, wrong


@pytest.mark.parametrize("path", MODULES, ids=_id)
def test_no_private_name_is_imported_from_another_module(path: Path) -> None:
    wrong = [
        f"line {line}: {name} from {target}"
        for line, target, names in _imports(path)
        for name in names
        if name.startswith("_") and not name.startswith("__")
    ]
    assert not wrong, wrong


@pytest.mark.parametrize("path", MODULES, ids=_id)
def test_modules_and_functions_stay_small(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_MODULE_LINES, f"{len(text.splitlines())} lines"
    long = [
        f"{node.name} (line {node.lineno}): {node.end_lineno - node.lineno + 1} lines"
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert not long, long


def test_the_rules_see_every_layer() -> None:
    """The checks above are not vacuous: they find imports in every layer."""
    layers = {_layer(_dotted(p)) for p in MODULES if _imports(p)}
    assert {"schema", "model", "rdf", "views", "analysis", "pipeline", "cli"} <= layers


def test_a_private_import_and_an_upward_import_are_caught() -> None:
    """The parser of imports resolves relative imports, so the rules cannot pass by missing them."""
    module = PACKAGE / "model" / "records.py"
    assert _imports(module, "from ..rdf.export import _x\nfrom .dates import y\n") == [
        (1, "graph.rdf.export", ["_x"]),
        (2, "graph.model.dates", ["y"]),
    ]
    assert _imports(PACKAGE / "model" / "__init__.py", "from .loader import load\n") == [
        (1, "graph.model.loader", ["load"])
    ]
