"""Goal fulfilment: each target of a goal set judged for a report year, and the roll-ups.

The outcome for report year Y is the newest observation dated in Y, or up to the goal set's
`max_age_years` before it (annual reports use the latest figure available); its period is always
shown, so an older figure is never passed off as this year's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from dashboard import queries
from dashboard.db import Database
from dashboard.format import number, with_unit
from dashboard.status import Status, assess, roll_up

RIKET = "00"


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
    status: Status | None  # None: followed without a target
    note: str | None
    series: tuple[tuple[str, float], ...] = field(default_factory=tuple)

    @property
    def has_target(self) -> bool:
        return self.target_kind != "none"

    def fmt(self, value: float | None) -> str:
        return with_unit(value, self.unit, self.decimals)

    @property
    def target_text(self) -> str:
        """The target as the annual report writes it."""
        sign = "≥" if self.direction == "higher" else "≤"
        year = f" till {self.target_year}" if self.target_year else ""
        if self.target_kind == "value":
            return f"{sign} {self.fmt(self.target_value)}{year}"
        if self.target_kind == "riket":
            level = f" ({self.fmt(self.target_value)})" if self.target_value is not None else ""
            return f"{'Minst' if self.direction == 'higher' else 'Högst'} som riket{level}{year}"
        if self.target_kind == "baseline":
            base_year = f" ({self.baseline_year})" if self.baseline_year else ""
            more = "Högre" if self.direction == "higher" else "Lägre"
            return f"{more} än utgångsvärdet {number(self.baseline_value, self.decimals)}{base_year}{year}"
        return "Inget målvärde"


def _year_of(period: str) -> int:
    return int(period[:4])


def _clean(value: float | None) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def _outcome_row(obs: pd.DataFrame, year: int, max_age: int) -> pd.Series | None:
    years = obs["period"].str[:4].astype(int)
    window = obs[(years <= year) & (years >= year - max_age)]
    if window.empty:
        return None
    return window.sort_values("period").iloc[-1]


def evaluate(db: Database, region_code: str, goal_set: str, year: int) -> list[TargetResult]:
    """Judge every target of the goal set for `year`."""
    return db.cached(("evaluate", region_code, goal_set, year), lambda: _evaluate(db, region_code, goal_set, year))


def _evaluate(db: Database, region_code: str, goal_set: str, year: int) -> list[TargetResult]:
    sets = queries.goal_sets(db, region_code)
    max_age = int(sets.loc[sets["goal_set"] == goal_set, "max_age_years"].iloc[0]) if goal_set in set(sets["goal_set"]) else 0
    tgts = queries.targets(db, region_code, goal_set)
    if tgts.empty:
        return []
    areas = tuple(sorted(set(tgts["area_code"]) | {RIKET}))
    obs = queries.observations_for(db, tuple(sorted(set(tgts["indicator_id"]))), areas)
    grouped = {key: frame for key, frame in obs.groupby(["indicator_id", "area_code", "sex"], sort=False)}
    results = []
    for t in tgts.itertuples(index=False):
        own = grouped.get((t.indicator_id, t.area_code, t.sex), obs.iloc[0:0])
        row = _outcome_row(own, year, max_age) if not own.empty else None
        outcome = _clean(row["value"]) if row is not None else None
        period = str(row["period"]) if row is not None else None
        note = None
        target_value = _clean(t.target_value)
        strict = False
        if t.target_kind == "baseline":
            target_value, strict = _clean(t.baseline_value), True
        elif t.target_kind == "riket":
            target_value = None
            if period is not None:
                riket = grouped.get((t.indicator_id, RIKET, t.sex), obs.iloc[0:0])
                match = riket[riket["period"] == period]
                if match.empty:
                    note = f"Rikets värde för {period} saknas"
                else:
                    target_value = _clean(match["value"].iloc[0])
        if row is None:
            latest = own["period"].iloc[-1] if not own.empty else None
            note = f"Data saknas för {year}" + (f" (senaste: {latest})" if latest else "")
        status = None
        if t.target_kind != "none":
            status = assess(
                outcome, target_value, t.direction, tolerance=float(t.tolerance), tolerance_kind=t.tolerance_kind, strict=strict
            )
        series = tuple((str(p), float(v)) for p, v in zip(own["period"], own["value"], strict=True) if not math.isnan(v))
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
                outcome_flag=None if row is None or pd.isna(row["flag"]) else str(row["flag"]),
                outcome_source=None if row is None else str(row["source"]),
                status=status,
                note=note,
                series=series,
            )
        )
    return results


def available_years(db: Database, region_code: str, goal_set: str) -> list[int]:
    """Years in which at least one target of the goal set has an outcome."""

    def compute() -> list[int]:
        tgts = queries.targets(db, region_code, goal_set)
        if tgts.empty:
            return []
        obs = queries.observations_for(db, tuple(sorted(set(tgts["indicator_id"]))), tuple(sorted(set(tgts["area_code"]))))
        keys = set(zip(tgts["indicator_id"], tgts["area_code"], tgts["sex"], strict=True))
        mine = obs[[k in keys for k in zip(obs["indicator_id"], obs["area_code"], obs["sex"], strict=True)]]
        return sorted({_year_of(p) for p in mine["period"]})

    return db.cached(("available_years", region_code, goal_set), compute)


def default_year(db: Database, region_code: str, goal_set: str) -> int | None:
    """The report year with the most measured targets; on a tie the one with most outcomes of that very year, then the latest."""
    years = available_years(db, region_code, goal_set)
    if not years:
        return None

    def score(year: int) -> tuple[int, int, int]:
        results = evaluate(db, region_code, goal_set, year)
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
