"""Lazy re-exports (PEP 562): a package names its public API, a command pays only for what it uses.

>>> getattr_, dir_ = lazy_exports("graph", {"PartialDate": ".model.dates"})
>>> getattr_("PartialDate").__name__
'PartialDate'
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(package: str, names: dict[str, str]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A module ``__getattr__`` and ``__dir__`` that import ``name`` from ``names[name]`` when first asked for.

    ``names`` maps each public name to the module that defines it, relative to
    ``package`` (``".model.loader"``). The value is cached in the package.
    """

    def __getattr__(name: str) -> Any:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, package), name)
        importlib.import_module(package).__dict__[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*names, *importlib.import_module(package).__dict__})

    return __getattr__, __dir__
