"""Read and validate one goal-set file: its rule, priorities, goals (targets in etl.targets) and the counts
the report itself published.

The rule (tolerance, its kind, whether equalling the baseline counts as met) belongs to the
goal set; a file that states none gets the 10 % rule, marked as not stated by the report.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.regions import COMPARISON_ID
from core.targets import as_number as _number
from core.targets import as_year as _year
from etl.config import TOLERANCE_KINDS, Indicator, Problem, _Collector, _line, _mappings, _read_yaml, _text
from etl.targets import Target, _parse_target


@dataclass(frozen=True)
class Rule:
    """The goal set's traffic-light rule; `source` is None when the report does not state it."""

    tolerance: float = 0.10
    tolerance_kind: str = "relative"
    baseline_equal_counts: bool = False
    source: str | None = None
    words: str | None = None


@dataclass(frozen=True)
class PublishedCount:
    """A roll-up a report printed, for the whole goal set (priority None) or one priority."""

    year: int
    priority: str | None
    met: int
    partly_met: int
    not_met: int
    measured: int | None
    source: str
    words: str | None = None
    line: int | None = None
    note: str | None = None  # why the tool's count can differ from the report's (Swedish, shown beside it)


@dataclass(frozen=True)
class Goal:
    goal_id: str
    priority: str
    priority_title: str
    title: str
    title_missing: bool
    description: str | None
    targets: tuple[Target, ...]


@dataclass(frozen=True)
class GoalSet:
    region_code: str
    goal_set: str
    name: str
    kind: str
    source: str | None
    max_age_years: int
    goals: tuple[Goal, ...]
    rule: Rule = Rule()
    published: dt.date | None = None
    published_counts: tuple[PublishedCount, ...] = ()


def _parse_rule(raw: Any, out: _Collector) -> Rule:
    if raw is None:
        return Rule()
    if not isinstance(raw, dict):
        out.add("rule", "must be a mapping {tolerance, tolerance_kind, baseline_equal_counts, source, words}")
        return Rule()
    tolerance = _number(raw.get("tolerance", 0.10))
    kind = raw.get("tolerance_kind", "relative")
    if kind not in TOLERANCE_KINDS:
        out.add("rule.tolerance_kind", f"must be relative or points, got {kind!r}")
        kind = "relative"
    if tolerance is None or tolerance < 0 or (kind == "relative" and tolerance > 1):
        out.add("rule.tolerance", f"must be a share 0–1 (0.10 = 10 %) or, for points, a number ≥ 0; got {raw.get('tolerance')!r}")
        tolerance = 0.10
    equal = raw.get("baseline_equal_counts", False)
    if not isinstance(equal, bool):
        out.add("rule.baseline_equal_counts", f"must be true or false, got {equal!r}")
        equal = False
    return Rule(tolerance, str(kind), equal, _text(raw, "source", "rule", out), _text(raw, "words", "rule", out, required=False))


def _parse_counts(raw: Any, priorities: set[str], out: _Collector) -> tuple[PublishedCount, ...]:
    found = []
    for at, item in _mappings(raw, "published_counts", "{year, met, partly_met, not_met, source}", out):
        year = _year(item.get("year"))
        if year is None:
            out.add(f"{at}.year", f"must be a year, got {item.get('year')!r}")
        priority = item.get("priority")
        if priority is not None and str(priority) not in priorities:
            out.add(f"{at}.priority", f"{priority!r} is not a priority id of this goal set")
        counts = {}
        for key in ("met", "partly_met", "not_met", "measured"):
            value = item.get(key)
            if value is None and key == "measured":
                counts[key] = None
            elif not isinstance(value, int) or isinstance(value, bool) or value < 0:
                out.add(f"{at}.{key}", f"must be a whole number ≥ 0, got {value!r}")
            else:
                counts[key] = value
        source = _text(item, "source", at, out)
        if year is not None and source and len(counts) == 4:
            found.append(
                PublishedCount(
                    year,
                    None if priority is None else str(priority),
                    counts["met"],
                    counts["partly_met"],
                    counts["not_met"],
                    counts["measured"],
                    source,
                    _text(item, "words", at, out, required=False),
                    _line(item, at, out),
                    _text(item, "note", at, out, required=False),
                )
            )
    return tuple(found)


def _parse_goals(priorities: list, region_code: str, indicators: dict[str, Indicator], out: _Collector) -> list[Goal]:
    goals: list[Goal] = []
    seen: set[str] = set()
    for p_index, prio in enumerate(priorities):
        p_where = f"priorities[{p_index}]"
        if not isinstance(prio, dict):
            out.add(p_where, "must be a mapping with id, title, goals")
            continue
        if not prio.get("title"):
            out.add(f"{p_where}.title", "missing title")
        raw_goals = prio.get("goals")
        if not isinstance(raw_goals, list):
            out.add(f"{p_where}.goals", "missing list of goals")
            continue
        for g_index, raw in enumerate(raw_goals):
            g_where = f"{p_where}.goals[{g_index}]"
            if not isinstance(raw, dict):
                out.add(g_where, "must be a mapping")
                continue
            goal_id = str(raw.get("id", ""))
            if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", goal_id):
                out.add(f"{g_where}.id", f"goal id must be letters, digits, '.', '-' or '_', got {raw.get('id')!r}")
            elif goal_id in seen:
                out.add(f"{g_where}.id", f"goal id {goal_id!r} is used twice")
            seen.add(goal_id)
            if not raw.get("title"):
                out.add(f"{g_where}.title", "missing title")
            raw_targets = raw.get("targets", [])
            if not isinstance(raw_targets, list):
                out.add(f"{g_where}.targets", "must be a list (empty for a goal without indicator)")
                raw_targets = []
            targets = [
                t
                for t_index, rt in enumerate(raw_targets)
                if (t := _parse_target(rt, f"{g_where}.targets[{t_index}]", region_code, indicators, out))
            ]
            goals.append(
                Goal(
                    goal_id=goal_id,
                    priority=str(prio.get("id", p_index + 1)),
                    priority_title=str(prio.get("title", "")),
                    title=str(raw.get("title", "")),
                    title_missing=bool(raw.get("title_missing", False)),
                    description=raw.get("description"),
                    targets=tuple(targets),
                )
            )
    return goals


def load_goal_set(
    path: Path, root: Path, region_code: str, indicators: dict[str, Indicator]
) -> tuple[GoalSet | None, list[Problem]]:
    """Read one goal-set file: rule, priorities → goals → targets, published counts."""
    out = _Collector(path, root)
    doc = _read_yaml(path, out)
    if doc is None:
        return None, out.problems
    if not isinstance(doc, dict):
        out.add("-", "must be a mapping with id, name, priorities")
        return None, out.problems
    if doc.get("id") != path.stem:
        out.add("id", f"must equal the file name {path.stem!r}, got {doc.get('id')!r}")
    if path.stem == COMPARISON_ID:
        out.add("id", f"{COMPARISON_ID!r} is the name of the standard comparison; choose another file name")
    for key in ("name", "kind"):
        if not isinstance(doc.get(key), str):
            out.add(key, "missing text")
    max_age = doc.get("max_age_years", 1)
    if not isinstance(max_age, int) or max_age < 0:
        out.add("max_age_years", f"must be a whole number ≥ 0, got {max_age!r}")
        max_age = 1
    published = doc.get("published")
    if published is not None and not isinstance(published, dt.date):
        out.add("published", f"must be a date YYYY-MM-DD, got {published!r}")
        published = None
    priorities = doc.get("priorities")
    if not isinstance(priorities, list):  # [] is a goal set still being written: the region shows the comparison
        out.add("priorities", "missing list of priorities (write `priorities: []` while the goal set is empty)")
        priorities = []
    goals = _parse_goals(priorities, region_code, indicators, out)
    priority_ids = {g.priority for g in goals}
    goal_set = GoalSet(
        region_code=region_code,
        goal_set=path.stem,
        name=str(doc.get("name", "")),
        kind=str(doc.get("kind", "")),
        source=doc.get("source"),
        max_age_years=max_age,
        goals=tuple(goals),
        rule=_parse_rule(doc.get("rule"), out),
        published=published,
        published_counts=_parse_counts(doc.get("published_counts"), priority_ids, out),
    )
    return goal_set, out.problems
