"""Load and validate the embedded configuration: indicator catalogue, regions, goal sets, comments.

Validation collects every problem at once; each names the file, the path inside it and the reason.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from core.enums import Direction, Sex, TargetKind, ToleranceKind
from core.indicator import Indicator
from core.period import PERIOD_RE, Frequency
from core.regions import PROJECT_NAME

if TYPE_CHECKING:
    from etl.goal_sets import GoalSet

DIRECTIONS = Direction.values()
FREQUENCIES = Frequency.values()
TARGET_KINDS = TargetKind.values()
TOLERANCE_KINDS = ToleranceKind.values()
SEXES = Sex.values()
AREA_RE = re.compile(r"^\d{2}(\d{2})?$")
REGION_KEYS = {"code", "name", "default_goal_set", "processed_by"}


@dataclass(frozen=True)
class Problem:
    """One validation problem: where it is (file, line when known, path inside the file) and what is wrong."""

    file: str
    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path}: {self.reason}"


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
class Region:
    code: str
    name: str
    default_goal_set: str
    goal_sets: tuple[GoalSet, ...]
    processed_by: str = PROJECT_NAME  # the "Bearbetning:" line of charts, deck and exports


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
    """Gathers problems for one file; `lines` maps a path inside it to its line (filled by `_read_yaml`)."""

    def __init__(self, file: Path, root: Path):
        try:
            self.file = str(file.relative_to(root))
        except ValueError:
            self.file = str(file)
        self.problems: list[Problem] = []
        self.lines: dict[str, int] = {}

    def add(self, path: str, reason: str, line: int | None = None) -> None:
        self.problems.append(Problem(self.file, path, reason, line or self.line_of(path)))

    def line_of(self, path: str) -> int | None:
        """The line of `path`, else of its nearest parent that is in the file (a missing key: where it belongs)."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = re.sub(r"(\.[^.\[]*|\[\d+\])$", "", path) if re.search(r"[.\[]", path) else ""
        return None


def yaml_lines(node: yaml.Node, path: str = "") -> dict[str, int]:
    """Every path in a composed YAML document ("priorities[0].goals[1].targets[0].sex") → its 1-based line."""
    found = {path: node.start_mark.line + 1} if path else {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = f"{path}.{key.value}" if path else str(key.value)
            found.update(yaml_lines(value, child))
            found[child] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            found.update(yaml_lines(item, f"{path}[{i}]"))
    return found


def _read_yaml(path: Path, out: _Collector) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
        doc = yaml.safe_load(text)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        out.lines = yaml_lines(node) if node is not None else {}
        return doc
    except FileNotFoundError:
        out.add("-", "file not found")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        out.add("-", f"not valid YAML: {getattr(exc, 'problem', exc)}", mark.line + 1 if mark else None)
    return None


def _text(raw: dict, key: str, where: str, out: _Collector, *, required: bool = True) -> str | None:
    value = raw.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        out.add(f"{where}.{key}", "missing text")
        return None
    return value.strip()


def _mappings(raw: Any, where: str, shape: str, out: _Collector) -> list[tuple[str, dict]]:
    """The entries of an optional list of mappings, each with its path; a wrong shape is a problem, not an entry."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        out.add(where, f"must be a list of {shape}")
        return []
    found = []
    for i, item in enumerate(raw):
        if isinstance(item, dict):
            found.append((f"{where}[{i}]", item))
        else:
            out.add(f"{where}[{i}]", f"must be a mapping {shape}")
    return found


def _line(raw: dict, where: str, out: _Collector) -> int | None:
    line = raw.get("line")
    if line is None:
        return None
    if not isinstance(line, int) or isinstance(line, bool) or line < 1:
        out.add(f"{where}.line", f"must be a line number ≥ 1, got {line!r}")
        return None
    return line


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
    from etl.goal_sets import load_goal_set  # goal_sets builds on this module's readers

    root = data_dir.parent
    indicators, problems = load_catalogue(data_dir / "indicators.yaml", root)
    config = Config(indicators=indicators)
    for region_dir in sorted(p for p in (data_dir / "regions").glob("*") if p.is_dir()):
        out = _Collector(region_dir / "region.yaml", root)
        doc = _read_yaml(region_dir / "region.yaml", out)
        if not isinstance(doc, dict):
            problems += out.problems
            continue
        code = str(doc.get("code", ""))
        if code != region_dir.name:
            out.add("code", f"must equal the folder name {region_dir.name!r}, got {doc.get('code')!r}")
        goal_sets = []
        for path in sorted((region_dir / "goals").glob("*.yaml")):
            goal_set, found = load_goal_set(path, root, region_dir.name, indicators)
            problems += found
            if goal_set:
                goal_sets.append(goal_set)
        if not goal_sets:
            out.add("goals/", "the region has no goal-set file in goals/ (`python -m etl region new` writes an empty one)")
        default = doc.get("default_goal_set")
        if default not in {g.goal_set for g in goal_sets}:
            out.add("default_goal_set", f"{default!r} is not a goal-set file in goals/")
        processed_by = doc.get("processed_by", PROJECT_NAME)
        if not isinstance(processed_by, str) or not processed_by.strip():
            out.add("processed_by", f"must name who processed the figures (e.g. the region's name), got {processed_by!r}")
            processed_by = PROJECT_NAME
        for key in sorted(str(k) for k in set(doc) - REGION_KEYS):
            out.add(key, f"unknown key; region.yaml has {', '.join(sorted(REGION_KEYS))}")
        if not isinstance(doc.get("name"), str) or not doc["name"].strip():
            out.add("name", "missing text: the region's name as it should appear on every page")
        problems += out.problems
        region = Region(region_dir.name, str(doc.get("name", "")), str(default), tuple(goal_sets), processed_by.strip())
        config.regions.append(region)
        if (region_dir / "comments.yaml").exists():
            comments, found = load_comments(region_dir / "comments.yaml", root, indicators)
            problems += found
            config.comments += comments
    if problems:
        raise ConfigError(problems)
    return config
