"""Who says so: a record's attribution, as the source gives it.

By default a source states a fact in its own voice. ``according_to`` names
the entity the source attributes it to (a person, an unnamed group such as
"some people in the industry", a document such as a magazine's report);
``mode`` says how (stated, reported, believed, denied: the schema's
attribution vocabulary); ``visibility: private`` marks a claim made in
private, which is not a public declaration.

>>> a = Attribution(("industry_insiders",), "believed")
>>> a.own_voice, a.describe({"industry_insiders": "some people in the industry"})
(False, 'believed, according to some people in the industry')
"""

from __future__ import annotations

from dataclasses import dataclass

from ..schema import Schema
from .problems import Report, kind_of
from .temporal import read_ids
from .timing import PickledByFields
from .yamlio import Record

__all__ = [
    "ATTRIBUTION_KEYS", "Attribution", "check_same_as", "read_according_to", "read_same_as",
    "read_voice",
]  # fmt: skip

ATTRIBUTION_KEYS = ("according_to", "mode", "visibility", "same_as")
"""The keys of a record that say who asserts it."""


@dataclass(frozen=True, order=True, slots=True)
class Attribution(PickledByFields):
    """Who asserts a record, in what mode, in public or in private."""

    according_to: tuple[str, ...] = ()
    mode: str = "stated"
    visibility: str = "public"

    @property
    def own_voice(self) -> bool:
        """Whether the source states it in its own voice (attributed to no one, stated)."""
        return not self.according_to and self.mode == "stated"

    @property
    def private(self) -> bool:
        return self.visibility == "private"

    def describe(self, names: dict[str, str] | None = None) -> str:
        """For people: ``"reported, according to Forbes"``, ``"stated in private"``; "" in the source's own voice."""
        parts = []
        if self.mode != "stated" or self.according_to:
            parts.append(self.mode)
        if self.according_to:
            who = ", ".join((names or {}).get(a, a) for a in self.according_to)
            parts.append(f"according to {who}")
        text = ", ".join(parts)
        if self.private:
            text = f"{text} in private" if text else "in private"
        return text


def read_according_to(report: Report, file: str, rec: Record, label: str, entities: dict[str, str]) -> tuple[str, ...]:
    """The entities ``according_to`` names: the part of the attribution that needs the other files' records."""
    raw = rec.get("according_to")
    if raw is None:
        return ()
    who: list[str] = []
    for item in raw if isinstance(raw, list) else [raw]:
        if not isinstance(item, str) or not item.strip():
            report.add(
                file, rec.line_of("according_to"), label, "according_to",
                f"expected an entity id or a list of them, found {kind_of(item)}",
            )  # fmt: skip
        elif item not in entities:
            report.add(
                file, rec.line_of("according_to"), label, "according_to",
                f"unknown entity '{item}'", report.suggest(item, entities),
            )  # fmt: skip
        else:
            who.append(item)
    return tuple(who)


def read_voice(report: Report, schema: Schema, file: str, rec: Record, label: str) -> tuple[str, str]:
    """The attribution's ``mode`` and ``visibility``: the part of it the record alone decides."""
    vocab = schema.attribution
    mode = _choice(report, file, rec, label, "mode", vocab.default_mode, list(vocab.modes))
    visibility = _choice(report, file, rec, label, "visibility", vocab.default_visibility, list(vocab.visibilities))
    return mode, visibility


def _choice(report: Report, file: str, rec: Record, label: str, key: str, default: str, choices: list[str]) -> str:
    value = rec.get(key)
    if value is None:
        return default
    if not isinstance(value, str) or value not in choices:
        shown = f"'{value}'" if isinstance(value, str) else kind_of(value)
        report.add(
            file, rec.line_of(key), label, key, f"unknown {key} {shown}: expected one of {', '.join(choices)}",
            report.suggest(value, choices) if isinstance(value, str) else "",
        )  # fmt: skip
        return default
    return value


def read_same_as(report: Report, file: str, rec: Record, label: str) -> tuple[str, ...]:
    """The ids ``same_as`` names (checked once every record is read: :func:`check_same_as`)."""
    return read_ids(report, file, rec.line_of("same_as"), label, "same_as", rec.get("same_as"))


def check_same_as(report: Report, records: dict[str, tuple[str, str, tuple[str, ...], str, int]]) -> None:
    """Each ``same_as`` names another record of the same kind and type.

    ``records``: id -> (kind, type, same_as, file, line), for the facts and relations.
    """
    for rid, (kind, rtype, same, file, line) in records.items():
        for other in same:
            label = f"{kind} {rid}"
            if other == rid:
                report.add(file, line, label, "same_as", "a record cannot be the same as itself")
            elif other not in records:
                report.add(file, line, label, "same_as", f"unknown record '{other}'", report.suggest(other, records))
            elif records[other][:2] != (kind, rtype):
                okind, otype = records[other][:2]
                report.add(
                    file, line, label, "same_as",
                    f"'{other}' is a {okind} of type '{otype}': "
                    f"the same fact has the same kind and type ({kind} '{rtype}')",
                )  # fmt: skip
