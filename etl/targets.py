"""Read and validate one target of a goal set: what it measures, its due values and the judgements a
report published for it.

A target's due values are its milestones (oldest first) and, last, the target itself at `target_year`;
a milestone given for a span ("2015/2016") is due in its later year. A target without a year is judged
every year.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.judgements import STATUSES
from core.targets import as_number as _number
from core.targets import as_year as _year
from core.targets import due_year, milestone_breaks, needs_value, years_break
from etl.config import AREA_RE, SEXES, TARGET_KINDS, TOLERANCE_KINDS, Indicator, _Collector, _line, _mappings, _text


@dataclass(frozen=True)
class Milestone:
    """A value due in a year; `label` keeps the report's words for the year ("2015/2016")."""

    year: int
    value: float | None
    label: str


@dataclass(frozen=True)
class Judgement:
    """What a report published for a target and year, in its own words."""

    year: int
    status: str
    words: str
    source: str
    line: int | None = None


@dataclass(frozen=True)
class Target:
    indicator_id: str
    area_code: str
    sex: str
    target_kind: str
    comparator: str
    tolerance: float | None = None  # None: the goal set's rule
    tolerance_kind: str | None = None
    target_value: float | None = None
    target_year: int | None = None
    baseline_value: float | None = None
    baseline_year: int | None = None
    label: str | None = None
    milestones: tuple[Milestone, ...] = ()  # interim ones, before target_year
    judgements: tuple[Judgement, ...] = ()
    unsourced: str | None = None

    @property
    def due(self) -> tuple[Milestone, ...]:
        """Every due value, the final target last (empty for a target without a year)."""
        if self.target_year is None:
            return ()
        return (*self.milestones, Milestone(self.target_year, self.target_value, str(self.target_year)))


def _parse_milestones(raw: Any, where: str, kind: str, target_year: int | None, out: _Collector) -> tuple[Milestone, ...]:
    if isinstance(raw, list) and target_year is None:
        out.add(where, "milestones need the target's final year in target_year")
    found: list[Milestone] = []
    for at, item in _mappings(raw, where, "{value: N, year: YYYY}", out):
        year, written = due_year(item.get("year"))
        if year is None:
            out.add(f"{at}.year", f"must be a year or a span such as 2015/2016, got {item.get('year')!r}")
            continue
        value = _number(item.get("value"))
        if needs_value(kind) and value is None:
            out.add(f"{at}.value", f"a milestone of a target of kind value needs a number, got {item.get('value')!r}")
        broken = milestone_breaks(year, found[-1].year if found else None, target_year)
        if "order" in broken:
            out.add(f"{at}.year", f"milestones must be in year order, {year} follows {found[-1].year}")
        if "target_year" in broken:
            out.add(f"{at}.year", f"a milestone is due before the target year {target_year}, got {year}")
        found.append(Milestone(year, value, str(item.get("label") or written)))
    return tuple(found)


def _parse_judgements(raw: Any, where: str, out: _Collector) -> tuple[Judgement, ...]:
    found: list[Judgement] = []
    for at, item in _mappings(raw, where, "{year, status, words, source}", out):
        year = _year(item.get("year"))
        if year is None:
            out.add(f"{at}.year", f"must be a year, got {item.get('year')!r}")
        status = item.get("status")
        if status not in STATUSES:
            out.add(f"{at}.status", f"must be one of {', '.join(STATUSES)}, got {status!r}")
        words, source = _text(item, "words", at, out), _text(item, "source", at, out)
        if year in {j.year for j in found}:
            out.add(f"{at}.year", f"a judgement for {year} is given twice")
        if year is not None and status in STATUSES and words and source:
            found.append(Judgement(year, str(status), words, source, _line(item, at, out)))
    return tuple(found)


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
    if needs_value(kind):
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
    if years_break(target_year, baseline_year):
        out.add(f"{where}.target_year", f"target year {target_year} is before the baseline year {baseline_year}")
    tolerance = raw.get("tolerance")
    if tolerance is not None and (_number(tolerance) is None or not 0 <= float(tolerance) <= 100):
        out.add(f"{where}.tolerance", f"must be a non-negative number, got {tolerance!r}")
        tolerance = None
    tolerance_kind = raw.get("tolerance_kind")
    if tolerance_kind is not None and tolerance_kind not in TOLERANCE_KINDS:
        out.add(f"{where}.tolerance_kind", f"must be relative or points, got {tolerance_kind!r}")
        tolerance_kind = None
    if tolerance_kind != "points" and tolerance is not None and float(tolerance) > 1:
        out.add(f"{where}.tolerance", f"a relative tolerance is a share (0.10 = 10 %), got {tolerance!r}")
    direction = indicator.direction if indicator else "higher"
    comparator = raw.get("comparator", ">=" if direction == "higher" else "<=")
    if comparator not in (">=", "<="):
        out.add(f"{where}.comparator", f"must be '>=' or '<=', got {comparator!r}")
    elif indicator and comparator != (">=" if direction == "higher" else "<="):
        out.add(f"{where}.comparator", f"{comparator!r} contradicts the indicator's direction {direction!r}")
    label = raw.get("label")
    unsourced = raw.get("unsourced")
    if unsourced is not None and (not isinstance(unsourced, str) or not unsourced.strip()):
        out.add(f"{where}.unsourced", "must be a sentence saying what no source gives")
        unsourced = None
    return Target(
        indicator_id=str(ind_id),
        area_code=area,
        sex=str(sex),
        target_kind=kind,
        comparator=str(comparator),
        tolerance=None if tolerance is None else float(tolerance),
        tolerance_kind=None if tolerance_kind is None else str(tolerance_kind),
        target_value=target_value,
        target_year=target_year,
        baseline_value=baseline_value,
        baseline_year=baseline_year,
        label=str(label) if label else None,
        milestones=_parse_milestones(raw.get("milestones"), f"{where}.milestones", kind, target_year, out),
        judgements=_parse_judgements(raw.get("judgements"), f"{where}.judgements", out),
        unsourced=unsourced.strip() if unsourced else None,
    )
