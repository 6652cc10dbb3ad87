"""The kommun page's state (`/kommuner?indikator=&region=&ar=`, read with Swedish messages) and its choices.

Without a choice the page opens on what the län has: the indicator with most kommun values there, its latest
period. Any of the 21 län may be chosen, with or without goal files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from dashboard import queries
from dashboard.components import href
from dashboard.db import Database, cached_query
from dashboard.indicator_view import IndicatorState, home_region, period_span, sorted_periods
from dashboard.queries import areas, observations

KOMMUN_PARAMS = ("indikator", "region", "ar")


@dataclass(frozen=True)
class KommunState:
    indicator_id: str
    region_code: str
    period: str | None

    def href(self, **changes: str | None) -> str:
        params = {"indikator": self.indicator_id, "region": self.region_code, "ar": self.period}
        return href("/kommuner", **{**params, **changes})

    def indicator_state(self) -> IndicatorState:
        return IndicatorState(self.indicator_id, self.region_code, "T", None, None, self.period)


@cached_query
def kommun_indicators(db: Database) -> pd.DataFrame:
    """Indicators with kommun values (sex T): id, name and how many kommuner have a value."""
    coverage = queries.kommun_coverage(db)
    return coverage.groupby(["indicator_id", "name"], as_index=False)["kommuner"].sum().sort_values("name")


def kommun_regions(db: Database) -> pd.DataFrame:
    """The 21 län (code, name) with how many kommun values of any indicator each has, by name."""
    lan = areas(db).loc[lambda a: a["level"] == "lan", ["area_code", "name"]]
    counts = queries.kommun_coverage(db).groupby("region_code")["kommuner"].sum()
    return lan.assign(kommuner=lan["area_code"].map(counts).fillna(0).astype(int)).sort_values("name")


def resolve_kommun_state(db: Database, params: Mapping[str, str | None]) -> tuple[KommunState | None, list[str]]:
    """Read `indikator`, `region`, `ar`; None when no indicator has kommun values.

    Without a choice the page opens on what the län has: the indicator with most kommun values there, its
    latest period. A län without any kommun values keeps its indicator with a note saying where values are.
    """
    messages: list[str] = []
    coverage = queries.kommun_coverage(db)
    if coverage.empty:
        return None, ["Databasen har inga värden för kommuner."]
    lan = kommun_regions(db).set_index("area_code")
    region = params.get("region")
    if not region or region not in lan.index:
        default = home_region(db) if home_region(db) in lan.index else str(lan.index[0])
        if region:
            messages.append(
                f"Länet ”{region}” finns inte (parametern region; ange en länskod som 06 eller 23). Visar {lan.loc[default, 'name']}."
            )
        region = default
    here = coverage[coverage["region_code"] == region].sort_values(["kommuner", "latest"], ascending=False)
    choices = kommun_indicators(db)
    names = choices.set_index("indicator_id")["name"]
    indicator = params.get("indikator")
    if not indicator or indicator not in names.index:
        ranked = here if not here.empty else choices.sort_values("kommuner", ascending=False)
        default = str(ranked["indicator_id"].iloc[0])
        if indicator:
            messages.append(
                f"Indikatorn ”{indicator}” har inga värden för kommuner (parametern indikator). Visar {names[default]}."
            )
        indicator = default
    obs = observations(db, indicator)
    kommun_periods = sorted_periods(obs[(obs["level"] == "kommun") & (obs["sex"] == "T")])
    mine = sorted_periods(obs[(obs["level"] == "kommun") & (obs["parent_code"] == region) & (obs["sex"] == "T")])
    period = params.get("ar")
    if period and period not in kommun_periods:
        messages.append(f"Perioden ”{period}” har inga kommunvärden (parametern ar; perioder: {period_span(kommun_periods)}).")
        period = None
    if not period:
        period = (mine or kommun_periods)[-1]
    return KommunState(indicator, region, period), messages
