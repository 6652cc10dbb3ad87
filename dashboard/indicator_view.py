"""The data one view of an indicator shows (series, comparisons, goals, position, publication).

The view's state (its URL parameters and their messages) is read in `dashboard.indicator_state`; its
names are importable from here too.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace

import pandas as pd

from core import clock
from core.enums import RIKET
from core.indicator import Indicator
from core.period import Frequency, long_date, month_year
from core.regions import PROJECT_NAME
from core.schedule import Schedule
from dashboard import fulfilment, queries
from dashboard.db import LARGE, Database, cached_query
from dashboard.indicator_state import (
    INDICATOR_PARAMS,
    SEX_NAMES,
    IndicatorState,
    goal_ids_by_set,
    home_region,
    indicator_exists,
    period_span,
    resolve_indicator_state,
    series_periods,
    sorted_periods,
    unknown_params,
    where_values_are,
)
from dashboard.trajectory import TrajectoryResult, assess_trajectory, period_time
from dashboard.workspace import read as workspace

__all__ = [
    "INDICATOR_PARAMS",
    "RIKET",
    "SEX_NAMES",
    "TOTAL_UNITS",
    "GoalTarget",
    "IndicatorData",
    "IndicatorState",
    "Position",
    "goal_ids_by_set",
    "home_region",
    "indicator_data",
    "indicator_exists",
    "next_publication",
    "period_span",
    "publication_schedule",
    "rank_of",
    "ranks",
    "resolve_indicator_state",
    "series_periods",
    "sorted_periods",
    "unknown_params",
    "where_values_are",
]


TOTAL_UNITS = {"antal", "mdkr", "miljoner", "TWh", "ton"}  # totals: a gap to riket's total says nothing


# --- publication ---------------------------------------------------------------------------------


def publication_schedule(db: Database, indicator_id: str) -> Schedule | None:
    """The publication schedule of the indicator's source per data/sources.yaml (as the ETL stored it), or None."""
    schedule = queries.publication_schedules(db).get(indicator_id)
    return None if schedule is None else Schedule(Frequency(schedule[0]), schedule[1])


def next_publication(db: Database, indicator_id: str, latest_period: str | None, today: dt.date | None = None) -> str:
    """The next period and roughly when it is published (its end plus the source's lag), or "okänd".

    Past that day (by `core.clock.today()` unless given) it says "försenad" and the day it was expected.
    """
    schedule = publication_schedule(db, indicator_id)
    if schedule is None or latest_period is None:
        return "okänd"
    period, when = schedule.next_expected(latest_period)
    if when < (today or clock.today()):
        return f"{period.label} – försenad: väntades omkring {long_date(when)} ({schedule.description})"
    return f"{period.label}, omkring {month_year(when)} ({schedule.description})"


# --- the data of one view -------------------------------------------------------------------------


@dataclass(frozen=True)
class GoalTarget:
    """The indicator as a target of one goal of the area's region, judged by the region's rule."""

    result: fulfilment.TargetResult
    goal_set_name: str
    goal_set: str
    goal_title: str
    report_year: int
    trajectory: TrajectoryResult


@dataclass(frozen=True)
class Position:
    """Rank among the areas of the same level (1 = best in the indicator's direction) and the gap to riket."""

    rank: int | None
    of: int
    level: str
    gap_to_riket: float | None
    period: str | None


@dataclass(frozen=True)
class IndicatorData:
    """What a view of one indicator shows; every frame has `source`, so every figure can say where it is from."""

    state: IndicatorState
    indicator: Indicator
    area_name: str
    area_level: str
    region_code: str | None  # the län of the area (None for riket)
    region_name: str | None  # "Region Jämtland Härjedalen" when the region is in the database
    series: pd.DataFrame  # the area's own series in the chosen range: period, value, flag, source
    riket: pd.DataFrame  # riket's series in the same range
    lan: pd.DataFrame  # the 21 län at `state.period`: area_code, area_name, value, flag, source
    kommuner: pd.DataFrame  # the region's kommuner at `state.period`
    all_kommuner: pd.DataFrame  # every kommun with a value at `state.period` (for the rank among 290)
    by_sex: pd.DataFrame  # the area's women and men: period, sex, value, flag, source
    goals: list[GoalTarget] = field(default_factory=list)
    trend: TrajectoryResult | None = None  # trajectory without a target (observed growth over the range)
    position: Position | None = None
    comments: pd.DataFrame = field(default_factory=pd.DataFrame)
    last_updated: dt.datetime | None = None
    next_publication: str = "okänd"
    lan_name: str | None = None  # "Jämtlands län" (the län of the area)
    processed_by: str = PROJECT_NAME  # the region's configuration: who processed the figures

    def sources(self, *frames: pd.DataFrame) -> list[str]:
        """The distinct sources of the given frames (default: the area's series and riket)."""
        chosen = frames or (self.series, self.riket)
        found = [s for f in chosen if not f.empty for s in f["source"].dropna()]
        return list(dict.fromkeys(found)) or [self.indicator.source]

    def period_value(self, frame: pd.DataFrame, code: str) -> float | None:
        row = frame[frame["area_code"] == code]
        return None if row.empty or pd.isna(row["value"].iloc[0]) else float(row["value"].iloc[0])


def _indicator(db: Database, indicator_id: str) -> Indicator:
    row = queries.indicator_catalogue(db).loc[indicator_id]
    return Indicator(
        indicator_id=indicator_id,
        name=str(row["name"]),
        unit=str(row["unit"]),
        direction=str(row["direction"]),
        decimals=int(row["decimals"]),
        frequency=str(row["frequency"]),
        source=str(row["source"]),
        description="" if pd.isna(row["description"]) else str(row["description"]),
        source_ref="" if pd.isna(row["source_ref"]) else str(row["source_ref"]),
    )


def _in_range(frame: pd.DataFrame, state: IndicatorState) -> pd.DataFrame:
    keep = pd.Series(True, index=frame.index)
    if state.period_from:
        keep &= frame["period"] >= state.period_from
    if state.period_to:
        keep &= frame["period"] <= state.period_to
    return frame[keep]


def ranks(values: pd.DataFrame, direction: str) -> dict[str, int]:
    """Each area with a value → 1 + how many areas are strictly better."""
    valid = values.dropna(subset=["value"])
    ranked = valid["value"].rank(method="min", ascending=direction == "lower")
    return dict(zip(valid["area_code"].tolist(), ranked.astype(int).tolist(), strict=True))


def rank_of(values: pd.DataFrame, code: str, direction: str) -> int | None:
    """1 + how many areas are strictly better; None when the area has no value."""
    return ranks(values, direction).get(code)


def _series_points(frame: pd.DataFrame) -> list[tuple[float, float]]:
    return [(period_time(p), float(v)) for p, v in zip(frame["period"], frame["value"], strict=True) if not math.isnan(v)]


def _goal_targets(db: Database, data: IndicatorData, full_series: pd.DataFrame) -> list[GoalTarget]:
    """The indicator as a target of each goal of the region's goal sets, for this area and sex."""
    if data.region_code is None or data.series.empty:
        return []
    regions = queries.regions(db)
    if data.region_code not in set(regions["region_code"]):
        return []
    year = int(data.series["period"].iloc[-1][:4])
    found = []
    for goal_set in queries.goal_sets(db, data.region_code).itertuples():
        goals = queries.goals(db, data.region_code, goal_set.goal_set).set_index("goal_key")
        for r in fulfilment.evaluate(db, data.region_code, goal_set.goal_set, year):
            if (r.indicator_id, r.area_code, r.sex) != (data.state.indicator_id, data.state.area_code, data.state.sex):
                continue
            target = r.target_value if r.target_kind in ("value", "riket") else None
            base_time = float(r.baseline_year) if r.baseline_year else None
            trajectory = assess_trajectory(
                _series_points(full_series),
                r.direction,  # type: ignore[arg-type]
                target=target,
                target_time=float(r.target_year) if target is not None and r.target_year else None,
                base_time=base_time,
            )
            title = goals.loc[r.goal_key, "title"] if r.goal_key in goals.index else ""
            found.append(GoalTarget(r, str(goal_set.name), str(goal_set.goal_set), str(title), year, trajectory))
    return found


def indicator_data(db: Database, state: IndicatorState) -> IndicatorData:
    """Gather everything one view shows (cached per database version, state and day: "försenad" goes by the date)."""
    return _indicator_data(db, state, clock.today())


@cached_query(keep=LARGE)
def _indicator_data(db: Database, state: IndicatorState, today: dt.date) -> IndicatorData:
    indicator = _indicator(db, state.indicator_id)
    all_areas = queries.areas(db)
    obs = queries.observations(db, state.indicator_id)
    area = all_areas.loc[state.area_code] if state.area_code in all_areas.index else None
    level = str(area["level"]) if area is not None else "okänd"
    region_code = None
    if level == "lan":
        region_code = state.area_code
    elif level == "kommun":
        region_code = str(area["parent_code"])
    region = queries.region_row(db, region_code) if region_code else None
    region_name = None if region is None else str(region["name"])
    columns = ["period", "value", "flag", "source"]
    mine = obs[obs["sex"] == state.sex]
    own_full = mine[mine["area_code"] == state.area_code][columns].reset_index(drop=True)
    series = _in_range(own_full, state).reset_index(drop=True)
    riket = _in_range(mine[mine["area_code"] == RIKET][columns], state).reset_index(drop=True)
    at_period = mine[mine["period"] == state.period]
    cols = ["area_code", "area_name", "value", "flag", "source"]
    lan = at_period[at_period["level"] == "lan"][cols].reset_index(drop=True)
    kommun_rows = at_period[at_period["level"] == "kommun"][[*cols, "parent_code"]]
    kommuner = (
        kommun_rows[kommun_rows["parent_code"] == region_code][cols].reset_index(drop=True)
        if region_code
        else kommun_rows.iloc[0:0][cols]
    )
    by_sex = _in_range(obs[(obs["area_code"] == state.area_code) & obs["sex"].isin(["K", "M"])], state)[
        ["period", "sex", "value", "flag", "source"]
    ].reset_index(drop=True)
    comments = workspace.comments_for(db, (state.indicator_id,), (state.area_code,))
    data = IndicatorData(
        state=state,
        indicator=indicator,
        area_name=str(area["name"]) if area is not None else state.area_code,
        area_level=level,
        region_code=region_code,
        region_name=region_name,
        processed_by=PROJECT_NAME if region is None else str(region["processed_by"]),
        series=series,
        riket=riket,
        lan=lan,
        kommuner=kommuner,
        all_kommuner=kommun_rows[cols].reset_index(drop=True),
        by_sex=by_sex,
        comments=comments,
        last_updated=queries.last_updated(db, state.indicator_id),
        lan_name=str(all_areas.loc[region_code, "name"]) if region_code in all_areas.index else None,
        next_publication=next_publication(db, state.indicator_id, sorted_periods(obs)[-1] if not obs.empty else None, today),
    )
    peers = {"lan": lan, "kommun": data.all_kommuner}.get(level)
    position = None
    if peers is not None and state.period:
        own_value = data.period_value(peers, state.area_code)
        riket_now = riket[riket["period"] == state.period]
        riket_value = None if riket_now.empty else float(riket_now["value"].iloc[0])
        comparable = own_value is not None and riket_value is not None and indicator.unit not in TOTAL_UNITS
        gap = own_value - riket_value if comparable else None
        position = Position(
            rank_of(peers, state.area_code, indicator.direction), int(peers["value"].notna().sum()), level, gap, state.period
        )
    trend = assess_trajectory(_series_points(series), indicator.direction) if not series.empty else None  # type: ignore[arg-type]
    return replace(data, goals=_goal_targets(db, data, own_full), position=position, trend=trend)
