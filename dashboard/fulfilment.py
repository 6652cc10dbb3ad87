"""Goal fulfilment: each target of a goal set judged for a report year, and the roll-ups.

The outcome for report year Y is the newest observation dated in Y, or up to the goal set's
`max_age_years` before it (annual reports use the latest figure available); its period is always
shown, so an older figure is never passed off as this year's.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from dataclasses import dataclass, field

import pandas as pd

from core.enums import RIKET
from dashboard import queries
from dashboard.db import Database, cached_query
from dashboard.format import number, with_unit
from dashboard.status import Due, Phase, Progress, Status, assess, phase, roll_up
from dashboard.trajectory import as_progress, assess_trajectory, period_time
from dashboard.workspace import read as workspace


@dataclass(frozen=True)
class TargetResult:
    """One indicator of a goal, judged for one report year."""

    goal_key: str
    goal_id: str
    indicator_id: str
    label: str
    unit: str
    decimals: int
    direction: str
    area_code: str
    area_name: str
    sex: str
    target_kind: str
    target_value: float | None
    target_year: int | None
    baseline_value: float | None
    baseline_year: int | None
    outcome: float | None
    outcome_period: str | None
    outcome_flag: str | None
    outcome_source: str | None
    status: Status | None  # the status counted: the report's recorded judgement, else the rule's; None: not judged
    note: str | None
    series: tuple[tuple[str, float], ...] = field(default_factory=tuple)
    computed_status: Status | None = None  # the goal set's rule applied to the data
    progress: Progress | None = None  # a signal toward `due` when the year is not a due year
    due: Due | None = None  # the value judged against, or heading for
    previous: Due | None = None  # the last milestone already due, between two due years
    previous_status: Status | None = None
    recorded: Recorded | None = None
    unsourced: str | None = None
    milestones: tuple[Due, ...] = ()  # every due value, the final target last
    position: int = 0  # the target's place in its goal (with goal_key, what a judgement is recorded for)
    target_record_id: str | None = None  # the workspace record of an edited target (None: the goal file's)

    @property
    def has_target(self) -> bool:
        return self.target_kind != "none"

    @property
    def disagrees(self) -> bool:
        """True when the report's recorded judgement differs from the rule's result."""
        return self.recorded is not None and self.computed_status is not None and self.recorded.status != self.computed_status

    def fmt(self, value: float | None) -> str:
        return with_unit(value, self.unit, self.decimals)

    @property
    def target_text(self) -> str:
        """The target as the annual report writes it."""
        sign = "≥" if self.direction == "higher" else "≤"
        year = f" till {self.target_year}" if self.target_year else ""
        if self.target_kind == "value":
            interim = "".join(f"{sign} {self.fmt(m.value)} {_when(m.label)}, " for m in self.milestones if not m.final)
            final = self.milestones[-1].value if self.milestones else self.target_value
            return f"{interim}{sign} {self.fmt(final)}{year}"
        if self.target_kind == "riket":
            level = f" ({self.fmt(self.target_value)})" if self.target_value is not None else ""
            return f"{'Minst' if self.direction == 'higher' else 'Högst'} som riket{level}{year}"
        if self.target_kind == "baseline":
            base_year = f" ({self.baseline_year})" if self.baseline_year else ""
            more = "Högre" if self.direction == "higher" else "Lägre"
            return f"{more} än utgångsvärdet {number(self.baseline_value, self.decimals)}{base_year}{year}"
        return "Inget målvärde"


@dataclass(frozen=True)
class Recorded:
    """A judgement the goal set's report published for this target and year."""

    status: Status
    words: str
    source: str
    line: int | None
    reason: str = ""  # the analyst's reason, when recorded in the workspace
    record_id: str | None = None  # the workspace record (None: read from the goal files)
    version: int = 0

    @property
    def citation(self) -> str:
        return f"{self.source}, rad {self.line}" if self.line else self.source


def _when(label: str) -> str:
    """ "år 2015/2016" for a year or span, "(Målvärde 2021)" for the report's own words."""
    return f"år {label}" if label.replace("/", "").replace("–", "").isdigit() else f"({label})"


def _year_of(period: str) -> int:
    return int(period[:4])


def _clean(value: float | None) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


@dataclass(frozen=True)
class _Series:
    """One (indicator, area, sex)'s latest observations in period order, ready to look up by year."""

    periods: tuple[str, ...]
    years: tuple[int, ...]
    values: tuple[float, ...]
    flags: tuple[str | None, ...]
    sources: tuple[str, ...]
    points: tuple[tuple[str, float], ...]  # (period, value) where there is a value

    def outcome_at(self, year: int, max_age: int) -> int | None:
        """Position of the newest observation dated in `year`, or up to `max_age` years before it."""
        i = bisect.bisect_right(self.years, year) - 1
        return i if i >= 0 and self.years[i] >= year - max_age else None

    def value_in(self, period: str) -> float | None:
        return self.values[self.periods.index(period)] if period in self.periods else None


_EMPTY = _Series((), (), (), (), (), ())


@cached_query
def _series(db: Database, region_code: str, goal_set: str, per: dt.date | None) -> dict[tuple[str, str, str], _Series]:
    """The goal set's observations (as published by `per`, or the latest) grouped once per database version."""
    tgts = queries.targets(db, region_code, goal_set)
    areas = tuple(sorted(set(tgts["area_code"]) | {RIKET}))
    indicators = tuple(sorted(set(tgts["indicator_id"])))
    obs = (
        queries.observations_for(db, indicators, areas) if per is None else queries.observations_as_of(db, indicators, areas, per)
    )
    rows: dict[tuple[str, str, str], list[tuple]] = {}
    columns = ("indicator_id", "area_code", "sex", "period", "value", "flag", "source")
    for ind, area, sex, period, value, flag, source in zip(*(obs[c].tolist() for c in columns), strict=True):
        rows.setdefault((ind, area, sex), []).append((str(period), float(value), None if pd.isna(flag) else str(flag), source))
    out = {}
    for key, group in rows.items():  # in period order, as the query returns them
        periods, values, flags, sources = (tuple(col) for col in zip(*group, strict=True))
        points = tuple((p, v) for p, v in zip(periods, values, strict=True) if not math.isnan(v))
        out[key] = _Series(periods, tuple(_year_of(p) for p in periods), values, flags, tuple(map(str, sources)), points)
    return out


def _rule(db: Database, region_code: str, goal_set: str) -> tuple[int, bool]:
    """The goal set's max age of an outcome and whether equalling the baseline counts as met."""
    sets = queries.goal_sets(db, region_code)
    row = sets.loc[sets["goal_set"] == goal_set]
    if row.empty:
        return 0, False
    return int(row["max_age_years"].iloc[0]), bool(row["baseline_equal_counts"].iloc[0])


@cached_query
def due_by_target(
    db: Database, region_code: str, goal_set: str, per: dt.date | None = None
) -> dict[tuple[str, int], tuple[Due, ...]]:
    """Every target's due values, the final one last: the goal files', or the newest workspace version's."""
    out: dict[tuple[str, int], list[Due]] = {}
    for m in queries.milestones(db, region_code, goal_set).itertuples():
        out.setdefault((m.goal_key, int(m.position)), []).append(Due(int(m.due_year), _clean(m.value), m.label, bool(m.final)))
    for key, edited in workspace.targets(db, region_code, goal_set, per).items():
        out[key] = [Due(int(m["year"]), m["value"], m["label"], False) for m in edited["milestones"]]
        if edited["target_year"] is not None:
            out[key].append(Due(int(edited["target_year"]), edited["target_value"], str(edited["target_year"]), True))
    return {k: tuple(v) for k, v in out.items() if v}


@cached_query
def _recorded(db: Database, region_code: str, goal_set: str, per: dt.date | None) -> dict[tuple[str, int, int], Recorded]:
    """The recorded judgements per (goal, target, year), as they stood at the end of `per` (None: now)."""
    return {
        (j.goal_key, int(j.position), int(j.year)): Recorded(
            Status(j.status),
            j.words,
            j.source,
            None if pd.isna(j.line) else int(j.line),
            j.reason or "",
            j.record_id,
            int(j.version),
        )
        for j in workspace.judgements(db, region_code, goal_set, per).itertuples()
    }


EDITABLE = ("target_kind", "target_value", "target_year", "baseline_value", "baseline_year")


@cached_query
def target_rows(db: Database, region_code: str, goal_set: str, per: dt.date | None = None) -> list:
    """The goal set's targets, each with its newest workspace version's values where an analyst edited it."""
    edited = workspace.targets(db, region_code, goal_set, per)
    rows = list(queries.targets(db, region_code, goal_set).assign(record_id=None).itertuples())
    return [_edited(t, edited.get((t.goal_key, int(t.position)))) for t in rows]


def _edited(t, own: dict | None):
    return t._replace(**{f: own[f] for f in EDITABLE}, record_id=own["record_id"]) if own else t


@cached_query
def evaluate(db: Database, region_code: str, goal_set: str, year: int, per: dt.date | None = None) -> list[TargetResult]:
    """Judge every target of the goal set for `year`, on the figures as published by `per` (None: the latest)
    and the judgements recorded by then."""
    max_age, baseline_equal_counts = _rule(db, region_code, goal_set)
    tgts = target_rows(db, region_code, goal_set, per)
    if not tgts:
        return []
    grouped = _series(db, region_code, goal_set, per)
    due_of = due_by_target(db, region_code, goal_set, per)
    recorded_of = _recorded(db, region_code, goal_set, per)
    results = []
    for t in tgts:
        own = grouped.get((t.indicator_id, t.area_code, t.sex), _EMPTY)
        riket = grouped.get((t.indicator_id, RIKET, t.sex), _EMPTY)
        due = due_of.get((t.goal_key, int(t.position)), ())
        reading = phase(year, due)
        i = own.outcome_at(year, max_age)
        outcome = None if i is None else _clean(own.values[i])
        period = None if i is None else own.periods[i]
        target_value, strict, note = _target_for(t, reading.due, period, riket, baseline_equal_counts)
        if i is None:
            latest = own.periods[-1] if own.periods else None
            note = f"Data saknas för {year}" + (f" (senaste: {latest})" if latest else "")
        rule = {"tolerance": float(t.tolerance), "tolerance_kind": t.tolerance_kind, "strict": strict}
        computed = progress = previous_status = None
        if t.target_kind != "none" and reading.judged:
            computed = assess(outcome, target_value, t.direction, **rule)
        elif t.target_kind != "none":
            progress = _progress(own, year, t, target_value, reading)
            if reading.previous is not None:
                j = own.outcome_at(reading.previous.year, max_age)
                before_value, before_strict, _ = _target_for(
                    t, reading.previous, None if j is None else own.periods[j], riket, baseline_equal_counts
                )
                previous_status = assess(
                    None if j is None else _clean(own.values[j]), before_value, t.direction, **{**rule, "strict": before_strict}
                )
        recorded = recorded_of.get((t.goal_key, int(t.position), year))
        status = recorded.status if recorded else computed
        results.append(
            TargetResult(
                goal_key=t.goal_key,
                goal_id=t.goal_id,
                indicator_id=t.indicator_id,
                label=t.label,
                unit=t.unit,
                decimals=int(t.decimals),
                direction=t.direction,
                area_code=t.area_code,
                area_name=t.area_name,
                sex=t.sex,
                target_kind=t.target_kind,
                target_value=target_value,
                target_year=None if pd.isna(t.target_year) else int(t.target_year),
                baseline_value=_clean(t.baseline_value),
                baseline_year=None if pd.isna(t.baseline_year) else int(t.baseline_year),
                outcome=outcome,
                outcome_period=period,
                outcome_flag=None if i is None else own.flags[i],
                outcome_source=None if i is None else own.sources[i],
                status=status,
                note=note,
                series=own.points,
                computed_status=computed,
                progress=progress,
                due=reading.due,
                previous=reading.previous,
                previous_status=previous_status,
                recorded=recorded,
                unsourced=None if pd.isna(t.unsourced) else t.unsourced,
                milestones=due,
                position=int(t.position),
                target_record_id=t.record_id,
            )
        )
    return results


def _target_for(t, due: Due | None, period: str | None, riket: _Series, baseline_equal_counts: bool):
    """The value a target is compared with (for `due`, or its own value), whether equal is not yet met, and a note."""
    if t.target_kind == "baseline":
        return _clean(t.baseline_value), not baseline_equal_counts, None
    if t.target_kind == "riket":
        if period is None:
            return None, False, None
        if period not in riket.periods:
            return None, False, f"Rikets värde för {period} saknas"
        return _clean(riket.value_in(period)), False, None
    if due is not None and due.value is not None:
        return due.value, False, None
    return _clean(t.target_value), False, None


def _progress(own: _Series, year: int, t, target_value: float | None, reading: Phase) -> Progress:
    """The trajectory toward the next due value, from the values up to `year`."""
    points = [(period_time(p), v) for p, v in own.points if _year_of(p) <= year]
    if target_value is None or not points or reading.due is None:
        return Progress.UNKNOWN
    base_time = None if pd.isna(t.baseline_year) else float(int(t.baseline_year))
    result = assess_trajectory(points, t.direction, target=target_value, target_time=float(reading.due.year), base_time=base_time)
    return as_progress(result)


@cached_query
def available_years(db: Database, region_code: str, goal_set: str, per: dt.date | None = None) -> list[int]:
    """Years in which at least one target of the goal set has an outcome (as published by `per`)."""
    tgts = queries.targets(db, region_code, goal_set)
    if tgts.empty:
        return []
    grouped = _series(db, region_code, goal_set, per)
    keys = set(zip(tgts["indicator_id"], tgts["area_code"], tgts["sex"], strict=True))
    return sorted({year for key in keys for year in grouped.get(key, _EMPTY).years})


def default_year(db: Database, region_code: str, goal_set: str, per: dt.date | None = None) -> int | None:
    """The report year with the most measured targets; on a tie the one with most outcomes of that very year, then the latest."""
    years = available_years(db, region_code, goal_set, per)
    if not years:
        return None

    def score(year: int) -> tuple[int, int, int]:
        results = evaluate(db, region_code, goal_set, year, per)
        measured = roll_up(r.status for r in results if r.status).measured
        fresh = sum(1 for r in results if r.outcome_period and _year_of(r.outcome_period) == year)
        return measured, fresh, year

    return max(years, key=score)


STATUS_ORDER = [Status.NOT_MET, Status.PARTLY_MET, Status.MET, Status.NO_DATA]


def worst_and_best(results: list[TargetResult]) -> tuple[Status | None, Status | None]:
    """The worst and the best measured status among a goal's targets (no_data only when nothing is measured)."""
    judged = [r.status for r in results if r.status is not None]
    measured = [s for s in judged if s is not Status.NO_DATA]
    if not measured:
        return (Status.NO_DATA, Status.NO_DATA) if judged else (None, None)
    ranked = sorted(measured, key=STATUS_ORDER.index)
    return ranked[0], ranked[-1]
