"""The rules for a target's values: one set, used by the ETL's checks of the goal files and the edit form.

Each rule takes values already read (numbers, years) and names what breaks it; the callers word the
message in their own language and place (a goal file's path, a form's field).
"""

from __future__ import annotations

import re
from typing import Any

FIRST_YEAR, LAST_YEAR = 1900, 2100
SPAN_RE = re.compile(r"^(\d{4})\s*[/–-]\s*(\d{4})$")


def as_number(value: Any) -> float | None:
    """`value` as a float when it is a number (not a bool), else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def as_year(value: Any) -> int | None:
    """`value` when it is a year between 1900 and 2100, else None."""
    return value if isinstance(value, int) and not isinstance(value, bool) and FIRST_YEAR <= value <= LAST_YEAR else None


def due_year(value: Any) -> tuple[int | None, str]:
    """A year, or a span "2015/2016" due in its later year; with the label as written."""
    if isinstance(value, str) and (m := SPAN_RE.match(value.strip())):
        first, last = int(m.group(1)), int(m.group(2))
        return (last if first < last and as_year(last) else None), value.strip()
    return as_year(value), str(value)


def needs_value(kind: str) -> bool:
    """Whether a target (and each of its milestones) of this kind needs a number."""
    return kind == "value"


def milestone_breaks(year: int, previous: int | None, target_year: int | None) -> tuple[str, ...]:
    """The rules a milestone due in `year` breaks: "order" (not after the one before), "target_year" (not before it)."""
    broken = []
    if previous is not None and year <= previous:
        broken.append("order")
    if target_year is not None and year >= target_year:
        broken.append("target_year")
    return tuple(broken)


def years_break(target_year: int | None, baseline_year: int | None) -> bool:
    """Whether the target year comes before the baseline year."""
    return bool(target_year and baseline_year and target_year < baseline_year)
