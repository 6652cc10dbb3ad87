"""Load and validate the embedded configuration: indicator catalogue, regions, goal sets, comments.

Validation collects every problem at once; each names the file, the path inside it and the reason.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

DIRECTIONS = ("higher", "lower")
FREQUENCIES = ("yearly", "monthly", "quarterly")
TARGET_KINDS = ("value", "riket", "baseline", "none")
TOLERANCE_KINDS = ("relative", "points")
SEXES = ("T", "K", "M")
PERIOD_RE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])|K[1-4])?$")
AREA_RE = re.compile(r"^\d{2}(\d{2})?$")


@dataclass(frozen=True)
class Problem:
    """One validation problem: where it is and what is wrong."""

    file: str
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.path}: {self.reason}"


def problem_list(heading: str, problems: list, limit: int | None = None) -> str:
    """ "N <heading>:" and one indented line a problem, at most `limit` of them and a count of the rest."""
    shown = problems if limit is None else problems[:limit]
    lines = "\n".join(f"  - {p}" for p in shown)
    more = f"\n  … and {len(problems) - limit} more" if limit is not None and len(problems) > limit else ""
    return f"{len(problems)} {heading}:\n{lines}{more}"


class ConfigError(Exception):
    """Raised with every problem found, so an analyst can fix them in one go."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(problem_list("problem(s) in the configuration", problems))


@dataclass(frozen=True)
class Indicator:
    indicator_id: str
    name: str
    unit: str
    direction: str
    decimals: int
    frequency: str
    source: str
    description: str = ""
    source_ref: str = ""


@dataclass(frozen=True)
class Target:
    indicator_id: str
    area_code: str
    sex: str
    target_kind: str
    comparator: str
    tolerance: float
    tolerance_kind: str
    target_value: float | None = None
    target_year: int | None = None
    baseline_value: float | None = None
    baseline_year: int | None = None
    label: str | None = None


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


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    default_goal_set: str
    goal_sets: tuple[GoalSet, ...]


@dataclass(frozen=True)
class Comment:
    indicator_id: str
    area_code: str
    period: str
    text: str
    author: str
    created_at: dt.date | None


@dataclass
class Config:
    """Everything the build needs besides the observations."""

    indicators: dict[str, Indicator]
    regions: list[Region] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)


class _Collector:
    """Gathers problems for one file."""

    def __init__(self, file: Path, root: Path):
        try:
            self.file = str(file.relative_to(root))
        except ValueError:
            self.file = str(file)
        self.problems: list[Problem] = []

    def add(self, path: str, reason: str) -> None:
        self.problems.append(Problem(self.file, path, reason))


def _read_yaml(path: Path, out: _Collector) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        out.add("-", "file not found")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "-"
        out.add(where, f"not valid YAML: {getattr(exc, 'problem', exc)}")
    return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _year(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2100 else None


def load_catalogue(path: Path, root: Path) -> tuple[dict[str, Indicator], list[Problem]]:
    """Read `indicators.yaml` and check every field."""
    out = _Collector(path, root)
    doc = _read_yaml(path, out)
    indicators: dict[str, Indicator] = {}
    if doc is None:
        return indicators, out.problems
    entries = doc.get("indicators") if isinstance(doc, dict) else None
    if not isinstance(entries, dict) or not entries:
        out.add("indicators", "missing or empty mapping of indicators")
        return indicators, out.problems
    for ind_id, spec in entries.items():
        where = f"indicators.{ind_id}"
        if not re.fullmatch(r"[a-z][a-z0-9_]*", str(ind_id)):
            out.add(where, "id must be lowercase ascii letters, digits and _")
        if not isinstance(spec, dict):
            out.add(where, "must be a mapping")
            continue
        for key in ("name", "unit", "source"):
            if not isinstance(spec.get(key), str) or not spec.get(key, "").strip():
                out.add(f"{where}.{key}", "missing text")
        if spec.get("direction") not in DIRECTIONS:
            out.add(f"{where}.direction", f"must be one of {', '.join(DIRECTIONS)}, got {spec.get('direction')!r}")
        if spec.get("frequency") not in FREQUENCIES:
            out.add(f"{where}.frequency", f"must be one of {', '.join(FREQUENCIES)}, got {spec.get('frequency')!r}")
        decimals = spec.get("decimals")
        if not isinstance(decimals, int) or isinstance(decimals, bool) or not 0 <= decimals <= 4:
            out.add(f"{where}.decimals", f"must be a whole number 0–4, got {decimals!r}")
            decimals = 1
        indicators[str(ind_id)] = Indicator(
            indicator_id=str(ind_id),
            name=str(spec.get("name", "")),
            unit=str(spec.get("unit", "")),
            direction=str(spec.get("direction", "higher")),
            decimals=decimals,
            frequency=str(spec.get("frequency", "yearly")),
            source=str(spec.get("source", "")),
            description=str(spec.get("description", "") or ""),
            source_ref=str(spec.get("source_ref", "") or ""),
        )
    return indicators, out.problems


def _parse_target(raw: Any, where: str, region_code: str, indicators: dict[str, Indicator], out: _Collector) -> Target | None:
    if not isinstance(raw, dict):
        out.add(where, "target must be a mapping")
        return None
    ind_id = raw.get("indicator")
    indicator = indicators.get(str(ind_id))
    if ind_id is None:
        out.add(f"{where}.indicator", "missing indicator")
    elif indicator is None:
        out.add(f"{where}.indicator", f"unknown indicator {ind_id!r} (not in indicators.yaml)")
    area = str(raw.get("area", region_code))
    if not AREA_RE.match(area):
        out.add(f"{where}.area", f"area code must be 2 or 4 digits, got {area!r}")
    sex = raw.get("sex", "T")
    if sex not in SEXES:
        out.add(f"{where}.sex", f"must be T, K or M, got {sex!r}")
    spec = raw.get("target")
    if not isinstance(spec, dict) or spec.get("kind") not in TARGET_KINDS:
        out.add(
            f"{where}.target", "missing target; give {kind: value, value: N}, {kind: riket}, {kind: baseline} or {kind: none}"
        )
        return None
    kind = spec["kind"]
    target_value = None
    if kind == "value":
        target_value = _number(spec.get("value"))
        if target_value is None:
            out.add(f"{where}.target.value", f"a target of kind value needs a number, got {spec.get('value')!r}")
    baseline_value = baseline_year = None
    baseline = raw.get("baseline")
    if baseline is not None:
        if not isinstance(baseline, dict):
            out.add(f"{where}.baseline", "must be a mapping {value: N, year: YYYY}")
        else:
            baseline_value = _number(baseline.get("value"))
            if baseline_value is None:
                out.add(f"{where}.baseline.value", f"must be a number, got {baseline.get('value')!r}")
            if "year" in baseline:
                baseline_year = _year(baseline.get("year"))
                if baseline_year is None:
                    out.add(f"{where}.baseline.year", f"must be a year, got {baseline.get('year')!r}")
    if kind == "baseline" and baseline_value is None:
        out.add(f"{where}.baseline", "a target of kind baseline needs a baseline value")
    target_year = None
    if "target_year" in raw:
        target_year = _year(raw.get("target_year"))
        if target_year is None:
            out.add(f"{where}.target_year", f"must be a year, got {raw.get('target_year')!r}")
    if target_year and baseline_year and target_year < baseline_year:
        out.add(f"{where}.target_year", f"target year {target_year} is before the baseline year {baseline_year}")
    tolerance = raw.get("tolerance", 0.10)
    if _number(tolerance) is None or not 0 <= float(tolerance) <= 100:
        out.add(f"{where}.tolerance", f"must be a non-negative number, got {tolerance!r}")
        tolerance = 0.10
    tolerance_kind = raw.get("tolerance_kind", "relative")
    if tolerance_kind not in TOLERANCE_KINDS:
        out.add(f"{where}.tolerance_kind", f"must be relative or points, got {tolerance_kind!r}")
    if tolerance_kind == "relative" and _number(tolerance) is not None and float(tolerance) > 1:
        out.add(f"{where}.tolerance", f"a relative tolerance is a share (0.10 = 10 %), got {tolerance!r}")
    direction = indicator.direction if indicator else "higher"
    comparator = raw.get("comparator", ">=" if direction == "higher" else "<=")
    if comparator not in (">=", "<="):
        out.add(f"{where}.comparator", f"must be '>=' or '<=', got {comparator!r}")
    elif indicator and comparator != (">=" if direction == "higher" else "<="):
        out.add(f"{where}.comparator", f"{comparator!r} contradicts the indicator's direction {direction!r}")
    label = raw.get("label")
    return Target(
        indicator_id=str(ind_id),
        area_code=area,
        sex=str(sex),
        target_kind=kind,
        comparator=str(comparator),
        tolerance=float(tolerance),
        tolerance_kind=str(tolerance_kind),
        target_value=target_value,
        target_year=target_year,
        baseline_value=baseline_value,
        baseline_year=baseline_year,
        label=str(label) if label else None,
    )


def load_goal_set(
    path: Path, root: Path, region_code: str, indicators: dict[str, Indicator]
) -> tuple[GoalSet | None, list[Problem]]:
    """Read one goal-set file: priorities → goals → targets."""
    out = _Collector(path, root)
    doc = _read_yaml(path, out)
    if doc is None:
        return None, out.problems
    if not isinstance(doc, dict):
        out.add("-", "must be a mapping with id, name, priorities")
        return None, out.problems
    if doc.get("id") != path.stem:
        out.add("id", f"must equal the file name {path.stem!r}, got {doc.get('id')!r}")
    for key in ("name", "kind"):
        if not isinstance(doc.get(key), str):
            out.add(key, "missing text")
    max_age = doc.get("max_age_years", 1)
    if not isinstance(max_age, int) or max_age < 0:
        out.add("max_age_years", f"must be a whole number ≥ 0, got {max_age!r}")
        max_age = 1
    priorities = doc.get("priorities")
    goals: list[Goal] = []
    seen: set[str] = set()
    if not isinstance(priorities, list) or not priorities:
        out.add("priorities", "missing or empty list")
        priorities = []
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
    goal_set = GoalSet(
        region_code=region_code,
        goal_set=path.stem,
        name=str(doc.get("name", "")),
        kind=str(doc.get("kind", "")),
        source=doc.get("source"),
        max_age_years=max_age,
        goals=tuple(goals),
    )
    return goal_set, out.problems


def load_comments(path: Path, root: Path, indicators: dict[str, Indicator]) -> tuple[list[Comment], list[Problem]]:
    """Read a region's `comments.yaml`."""
    out = _Collector(path, root)
    doc = _read_yaml(path, out)
    comments: list[Comment] = []
    if doc is None:
        return comments, out.problems
    entries = doc.get("comments") if isinstance(doc, dict) else None
    if not isinstance(entries, list):
        out.add("comments", "must be a list")
        return comments, out.problems
    for i, raw in enumerate(entries):
        where = f"comments[{i}]"
        if not isinstance(raw, dict):
            out.add(where, "must be a mapping")
            continue
        if raw.get("indicator") not in indicators:
            out.add(f"{where}.indicator", f"unknown indicator {raw.get('indicator')!r}")
        period = str(raw.get("period", ""))
        if not PERIOD_RE.match(period):
            out.add(f"{where}.period", f"period must look like 2016, 2016-10 or 2016K4, got {raw.get('period')!r}")
        area = str(raw.get("area", ""))
        if not AREA_RE.match(area):
            out.add(f"{where}.area", f"area code must be 2 or 4 digits, got {raw.get('area')!r}")
        for key in ("text", "author"):
            if not isinstance(raw.get(key), str) or not raw[key].strip():
                out.add(f"{where}.{key}", "missing text")
        created = raw.get("created_at")
        if created is not None and not isinstance(created, dt.date):
            out.add(f"{where}.created_at", f"must be a date YYYY-MM-DD, got {created!r}")
            created = None
        comments.append(
            Comment(str(raw.get("indicator")), area, period, str(raw.get("text", "")), str(raw.get("author", "")), created)
        )
    return comments, out.problems


def load_config(data_dir: Path) -> Config:
    """Load catalogue, regions, goal sets and comments under `data_dir`; raise ConfigError listing every problem."""
    root = data_dir.parent
    indicators, problems = load_catalogue(data_dir / "indicators.yaml", root)
    config = Config(indicators=indicators)
    for region_dir in sorted(p for p in (data_dir / "regions").glob("*") if p.is_dir()):
        out = _Collector(region_dir / "region.yaml", root)
        doc = _read_yaml(region_dir / "region.yaml", out)
        problems += out.problems
        if not isinstance(doc, dict):
            continue
        code = str(doc.get("code", ""))
        if code != region_dir.name:
            problems.append(Problem(out.file, "code", f"must equal the folder name {region_dir.name!r}, got {doc.get('code')!r}"))
        goal_sets = []
        for path in sorted((region_dir / "goals").glob("*.yaml")):
            goal_set, found = load_goal_set(path, root, region_dir.name, indicators)
            problems += found
            if goal_set:
                goal_sets.append(goal_set)
        if not goal_sets:
            problems.append(Problem(out.file, "goals/", "the region has no goal-set file in goals/"))
        default = doc.get("default_goal_set")
        if default not in {g.goal_set for g in goal_sets}:
            problems.append(Problem(out.file, "default_goal_set", f"{default!r} is not a goal-set file in goals/"))
        config.regions.append(Region(region_dir.name, str(doc.get("name", "")), str(default), tuple(goal_sets)))
        if (region_dir / "comments.yaml").exists():
            comments, found = load_comments(region_dir / "comments.yaml", root, indicators)
            problems += found
            config.comments += comments
    if problems:
        raise ConfigError(problems)
    return config
