"""The project's exceptions.

Every error a user can cause is a :class:`CdkgError`; the CLI turns it into a
message and an exit code. Anything else escaping is a bug and keeps its
traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "CdkgError",
    "DataError",
    "OutputError",
    "Problem",
    "QueryError",
    "SchemaError",
    "ShapeError",
    "StoreError",
    "UsageError",
]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located as precisely as it can be.

    >>> str(Problem("data/r.yaml", 42, "relation r-017", "object",
    ...             "unknown entity 'guci'", "gucci"))
    "data/r.yaml:42: relation r-017: field 'object': unknown entity 'guci' (did you mean 'gucci'?)"
    """

    file: str
    line: int
    record: str
    field: str
    message: str
    suggestion: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        parts = [where]
        if self.record:
            parts.append(self.record)
        if self.field:
            parts.append(f"field '{self.field}'")
        text = ": ".join(parts) + ": " + self.message
        if self.suggestion:
            text += f" (did you mean '{self.suggestion}'?)"
        return text


class CdkgError(Exception):
    """Base class of the errors a user's input or environment can cause."""

    exit_code = 1


class DataError(CdkgError):
    """The curated data (or RDF read back) is invalid: carries every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__(self._text())

    def _text(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the data:"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


class SchemaError(CdkgError):
    """The schema file itself is inconsistent."""


class OutputError(CdkgError):
    """An output could not be written; earlier outputs are left as they were."""


class ShapeError(CdkgError):
    """The RDF export breaks the SHACL shapes generated from the schema: carries every violation.

    >>> print(ShapeError(["cdk:x: rdfs:label: every entity needs exactly one rdfs:label [cdksh:Entity-label]"]))
    the RDF breaks 1 SHACL constraint (out/shapes.ttl):
      cdk:x: rdfs:label: every entity needs exactly one rdfs:label [cdksh:Entity-label]
    """

    def __init__(self, violations: Iterable[str]) -> None:
        self.violations = sorted(set(violations))
        n = len(self.violations)
        head = f"the RDF breaks {n} SHACL constraint{'s' if n != 1 else ''} (out/shapes.ttl):"
        super().__init__("\n".join([head, *(f"  {v}" for v in self.violations)]))


class QueryError(CdkgError):
    """A query could not run to its end within its limits of time and memory."""


class StoreError(CdkgError):
    """A triple store could not be reached, or refused a request."""


class UsageError(CdkgError):
    """The command line was wrong (exit code 2)."""

    exit_code = 2
