"""The indicator page's URL state, read with Swedish messages: every bad value names its parameter.

URL parameters of `/indikator/<id>`: `omrade` (area code), `kon` (T, K, M), `fran` and `till` (the
periods of the time series), `ar` (the period compared across län and kommuner), and `malset`/`mal`
(the goal the reader came from, for the breadcrumb).
Every bad value gives a message naming the parameter and a sensible default, never an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from core.enums import RIKET, Sex
from dashboard import queries
from dashboard.components import href
from dashboard.db import Database, cached_query
from dashboard.format import period_label
from dashboard.view_state import DEFAULT_REGION

SEX_NAMES = {s.value: s.label for s in Sex}
INDICATOR_PARAMS = ("omrade", "kon", "fran", "till", "ar", "malset", "mal")


def indicator_exists(db: Database, indicator_id: str) -> bool:
    return indicator_id in queries.indicator_catalogue(db).index


@dataclass(frozen=True)
class IndicatorState:
    """Everything the indicator page shows, as read from its URL."""

    indicator_id: str
    area_code: str
    sex: str = "T"
    period_from: str | None = None
    period_to: str | None = None
    period: str | None = None  # compared across län and kommuner
    goal_set: str | None = None
    goal_id: str | None = None

    def params(self) -> dict[str, str | None]:
        return {
            "omrade": self.area_code,
            "kon": self.sex,
            "fran": self.period_from,
            "till": self.period_to,
            "ar": self.period,
            "malset": self.goal_set,
            "mal": self.goal_id,
        }

    def href(self, **changes: str | None) -> str:
        """The URL of this view, optionally with some parameters changed (`omrade="06"`)."""
        return href(f"/indikator/{self.indicator_id}", **{**self.params(), **changes})


def sorted_periods(obs: pd.DataFrame) -> list[str]:
    """The distinct periods of these observations, oldest first."""
    return sorted(obs["period"].unique().tolist())


def series_periods(obs: pd.DataFrame, area_code: str, sex: str) -> list[str]:
    """The periods of the area's own series for this sex (else every period of the indicator): Från and Till."""
    return sorted_periods(obs[(obs["area_code"] == area_code) & (obs["sex"] == sex)]) or sorted_periods(obs)


def home_region(db: Database) -> str:
    """The region a page opens on without a choice: 23 when its goals are loaded, else the first region loaded."""
    codes = list(queries.regions(db)["region_code"])
    return DEFAULT_REGION if DEFAULT_REGION in codes or not codes else codes[0]


def _default_area(obs: pd.DataFrame, region: str) -> str:
    """The first of these with values: the region's län, riket, the region's kommun first in code order, another län."""
    totals = obs[obs["sex"] == "T"] if (obs["sex"] == "T").any() else obs
    have = set(totals["area_code"].unique().tolist())
    for code in (region, RIKET):
        if code in have:
            return code
    kommuner = totals[(totals["level"] == "kommun") & (totals["parent_code"] == region)]
    if not kommuner.empty:
        return str(kommuner.loc[kommuner["period"] == kommuner["period"].max(), "area_code"].min())
    lan = sorted(set(totals.loc[totals["level"] == "lan", "area_code"]))
    return lan[0] if lan else (sorted(have)[0] if have else region)


def where_values_are(db: Database, indicator_id: str, sex: str = "T") -> str:
    """ "riket, 21 län och 8 kommuner i Jämtlands län": where the indicator has values, for a page that has none."""
    obs = queries.observations(db, indicator_id)
    mine = obs[obs["sex"] == sex]
    names = queries.areas(db)["name"]
    parts = ["riket"] if (mine["area_code"] == RIKET).any() else []
    lan = sorted(set(mine.loc[mine["level"] == "lan", "area_code"]))
    if lan:
        parts.append(f"{len(lan)} län" if len(lan) > 3 else ", ".join(names[c] for c in lan))
    counts = mine[mine["level"] == "kommun"].groupby("parent_code")["area_code"].nunique()
    for parent, n in counts.items():
        parts.append(f"{n} {'kommun' if n == 1 else 'kommuner'} i {names.get(parent, parent)}")
    return ", ".join(parts[:-1]) + " och " + parts[-1] if len(parts) > 1 else (parts[0] if parts else "inga områden")


def period_span(periods: list[str]) -> str:
    return f"{period_label(periods[0])}–{period_label(periods[-1])}" if periods else "inga perioder"


def resolve_indicator_state(
    db: Database, indicator_id: str, params: Mapping[str, str | None]
) -> tuple[IndicatorState, list[str]]:
    """Read the state from URL parameters (the indicator must exist); messages name each bad parameter."""
    messages: list[str] = []
    all_areas = queries.areas(db)
    obs = queries.observations(db, indicator_id)
    area = params.get("omrade")
    if area is None or area == "":
        area = _default_area(obs, home_region(db))
    elif area not in all_areas.index:
        default = _default_area(obs, home_region(db))
        messages.append(
            f"Området ”{area}” finns inte (parametern omrade; ange en kod som 00 för riket, 23 för ett län eller 2380 för en kommun). "
            f"Visar {all_areas.loc[default, 'name'] if default in all_areas.index else default}."
        )
        area = default
    sexes = sorted(set(obs.loc[obs["area_code"] == area, "sex"].unique()) or set(obs["sex"].unique()) or {"T"}, key="TKM".index)
    sex = params.get("kon") or ("T" if "T" in sexes else sexes[0])
    if sex not in SEX_NAMES:
        fallback = "T" if "T" in sexes else sexes[0]
        messages.append(f"Könet ”{sex}” finns inte (parametern kon; välj T, K eller M). Visar {SEX_NAMES[fallback]}.")
        sex = fallback
    periods = series_periods(obs, area, sex)
    bounds: dict[str, str | None] = {}
    for name in ("fran", "till"):
        value = params.get(name)
        if value and value not in periods:
            messages.append(
                f"Perioden ”{value}” finns inte i serien (parametern {name}; perioder med data: {period_span(periods)}). Visar hela serien."
            )
            value = None
        bounds[name] = value
    if bounds["fran"] and bounds["till"] and bounds["fran"] > bounds["till"]:
        messages.append("Parametern fran ligger efter till; perioderna har bytt plats.")
        bounds["fran"], bounds["till"] = bounds["till"], bounds["fran"]
    compare = _comparable_periods(obs, sex)
    period = params.get("ar")
    if period and period not in compare:
        messages.append(
            f"Perioden ”{period}” saknar jämförbara värden (parametern ar; perioder med värden för flera områden: {period_span(compare)})."
        )
        period = None
    if not period:
        upto = [p for p in compare if bounds["till"] is None or p <= bounds["till"]]
        period = (upto or compare or periods or [None])[-1]
    goal_set, goal_id = _goal_params(db, params.get("malset") or None, params.get("mal") or None, messages)
    state = IndicatorState(indicator_id, area, sex, bounds["fran"], bounds["till"], period, goal_set, goal_id)
    return state, messages


@cached_query
def goal_ids_by_set(db: Database) -> dict[str, frozenset[str]]:
    """Every goal set of every region with the ids of its goals."""
    found: dict[str, set[str]] = {}
    for region in queries.regions(db)["region_code"]:
        for goal_set in queries.goal_sets(db, region)["goal_set"]:
            found.setdefault(goal_set, set()).update(queries.goals(db, region, goal_set)["goal_id"].astype(str))
    return {k: frozenset(v) for k, v in found.items()}


def _goal_params(db: Database, goal_set: str | None, goal_id: str | None, messages: list[str]) -> tuple[str | None, str | None]:
    """`malset` and `mal` (the goal the reader came from) when they name a real goal set and goal; else None."""
    if goal_set is None and goal_id is None:
        return None, None
    known = goal_ids_by_set(db)
    if goal_set not in known:
        where = f"”{goal_set}” finns inte (parametern malset" if goal_set else "saknas (parametern malset behövs till mal"
        messages.append(
            f"Målsamlingen {where}; välj en av: {', '.join(sorted(known))}). Visar sidan utan väg tillbaka till målet."
        )
        return None, None
    if goal_id is not None and goal_id not in known[goal_set]:
        messages.append(
            f"Målet ”{goal_id}” finns inte i målsamlingen {goal_set} (parametern mal). Visar sidan utan väg tillbaka till målet."
        )
        goal_id = None
    return goal_set, goal_id


def _comparable_periods(obs: pd.DataFrame, sex: str) -> list[str]:
    """Periods with län or kommun values for this sex (else every period)."""
    mine = obs[obs["sex"] == sex]
    spread = mine[mine["level"].isin(["lan", "kommun"])]
    return sorted_periods(spread) or sorted_periods(mine)


def unknown_params(params: Mapping[str, object], known: tuple[str, ...]) -> list[str]:
    return [f"Okänd parameter ”{k}” ignorerades." for k in params if k not in known]
