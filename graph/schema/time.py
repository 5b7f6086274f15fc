"""The schema's time vocabulary: the statuses a record may have, and the relative dates a curator may write.

A source dates much of what it reports relative to its own publication ("last
Wednesday", "at the beginning of this year"). The schema declares which such
expressions a curator may write and how each is read, as one of a few
:data:`RELATIVE_RULES` with its parameters; the model computes the interval
from the source's publication interval. The statuses (``former``,
``planned``...) say how a record stands at the publication of the sources that
report it, as one of the :data:`STATUS_RULES`.

>>> from graph.schema import load_schema
>>> t = load_schema().time
>>> t.relative["last Wednesday"].rule, t.statuses["former"].rule
('weekday_before', 'ended_by_publication')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["RELATIVE_RULES", "STATUS_RULES", "RelativeDate", "Status", "TimeVocabulary", "read_time"]

RELATIVE_RULES: dict[str, tuple[str, ...]] = {
    "weekday_before": ("weekday",),
    "weekday_on_or_before": ("weekday",),
    "weekday_after": ("weekday",),
    "weekend_before": (),
    "week_before": (),
    "latest_month_before": ("month",),
    "month_of_year": ("month",),
    "day_of_previous_year": ("month", "day"),
    "month_of_previous_year": ("month",),
    "start_of_year": ("months",),
    "same_year": (),
    "previous_year": (),
}
"""The readings a relative date may have (implemented by :mod:`graph.model.relative`), with their parameters."""

STATUS_RULES = {
    "holds_at_publication": "the record holds on the day its source was published (its end, if any, is later)",
    "held_before_publication": "the record held at some time before publication; whether it still holds is unknown",
    "ended_by_publication": "the record held, and ended on or before the day its source was published",
    "after_publication": "the event was expected: not done as of publication, and not known to be done after",
    "none": "no rule: the status is a label only",
}
"""What a status says about a record's dates, by rule."""


@dataclass(frozen=True)
class RelativeDate:
    """A relative date expression a curator may write, and how it is read."""

    text: str
    rule: str
    params: dict[str, int] = field(default_factory=dict)
    description: str = ""


@dataclass(frozen=True)
class Status:
    """A declared value of the ``status`` field, and what it says about dates."""

    id: str
    label: str
    rule: str
    description: str = ""

    @property
    def planned(self) -> bool:
        """Whether the status marks something expected, not done."""
        return self.rule == "after_publication"


@dataclass(frozen=True)
class TimeVocabulary:
    """The statuses and relative date expressions the schema declares."""

    statuses: dict[str, Status] = field(default_factory=dict)
    relative: dict[str, RelativeDate] = field(default_factory=dict)

    def find(self, text: str) -> RelativeDate | None:
        """The relative date ``text`` names, ignoring case and runs of spaces.

        >>> from graph.schema import load_schema
        >>> load_schema().time.find("Last  wednesday").text
        'last Wednesday'
        """
        wanted = " ".join(text.split()).lower()
        for expr in self.relative.values():
            if " ".join(expr.text.split()).lower() == wanted:
                return expr
        return None


def read_time(raw: Any, problems: list[str]) -> TimeVocabulary:
    """The schema's ``time:`` section (absent: no statuses with rules and no relative dates)."""
    if raw is None:
        return TimeVocabulary()
    if not isinstance(raw, dict):
        problems.append("time: must be a mapping with `statuses` and `relative`")
        return TimeVocabulary()
    statuses: dict[str, Status] = {}
    for sid, spec in _mapping("time.statuses", raw.get("statuses"), problems).items():
        where = f"time.statuses `{sid}`"
        spec = spec if isinstance(spec, dict) else {}
        rule = str(spec.get("rule", ""))
        if rule not in STATUS_RULES:
            problems.append(f"{where}: rule must be one of {', '.join(STATUS_RULES)}")
        statuses[str(sid)] = Status(str(sid), str(spec.get("label") or sid), rule, str(spec.get("description", "")))
    relative: dict[str, RelativeDate] = {}
    for text, spec in _mapping("time.relative", raw.get("relative"), problems).items():
        where = f"time.relative `{text}`"
        spec = spec if isinstance(spec, dict) else {}
        rule = str(spec.get("rule", ""))
        params: dict[str, int] = {}
        if rule not in RELATIVE_RULES:
            problems.append(f"{where}: rule must be one of {', '.join(RELATIVE_RULES)}")
        else:
            for name in RELATIVE_RULES[rule]:
                value = spec.get(name)
                if not isinstance(value, int) or isinstance(value, bool):
                    problems.append(f"{where}: rule `{rule}` needs an integer `{name}`")
                else:
                    params[name] = value
        relative[str(text)] = RelativeDate(str(text), rule, params, str(spec.get("description", "")))
    return TimeVocabulary(statuses, relative)


def _mapping(where: str, value: Any, problems: list[str]) -> dict[Any, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.append(f"{where}: must be a mapping")
        return {}
    return value
