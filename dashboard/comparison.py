"""The standard comparison every region has: each regional indicator of the catalogue compared with riket,
with the other län (rank) and with the region's own earlier value (trend). No traffic light: these are not
the region's targets. An indicator without a value for the län says how a refresh fills it in.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core.enums import RIKET
from core.period import Period
from dashboard import queries
from dashboard.db import Database, Reader, cached_query
from dashboard.format import number, period_label, with_unit
from dashboard.indicator_view import TOTAL_UNITS, ranks
from dashboard.queries import indicator_catalogue, observations

FEATURED = (  # named first, in this order: what a region's analysts look at first
    "foretagsamhet",
    "gastnatter_kommersiella",
    "bredband_100_hushall",
    "sjukpenningtal",
    "arbetsloshet_20_64",
    "folkmangd",
    "eftergymnasial_30_34",
    "utrikes_fodda_utom_norden",
)
HEADLINE = "arbetsloshet_20_64"  # the line every region's pages open with
RIKET_ONLY = ("ki_barometerindikatorn",)  # national series shown beside the län's
LAN_COUNT = 21


@dataclass(frozen=True)
class ComparisonRow:
    """One indicator for one län at its latest period with a value (None fields: nothing to compare)."""

    indicator_id: str
    name: str
    unit: str
    decimals: int
    direction: str
    period: str | None = None
    value: float | None = None
    riket: float | None = None
    rank: int | None = None
    of: int = 0  # län with a value at `period`
    earlier_period: str | None = None
    earlier: float | None = None
    source: str = ""
    refresh: str = ""  # how the value gets here, for an indicator without one

    def fmt(self, value: float | None) -> str:
        return with_unit(value, self.unit, self.decimals)

    @property
    def gap(self) -> float | None:
        if self.value is None or self.riket is None or self.unit in TOTAL_UNITS:
            return None
        return self.value - self.riket

    @property
    def gap_text(self) -> str:
        """ "0,4 procentenheter över riket" (rounded as shown)."""
        gap = self.gap
        if gap is None:
            return "–"
        rounded = round(gap, self.decimals)
        if rounded == 0:
            return "samma som riket"
        unit = "procentenheter" if self.unit == "%" else self.unit
        return f"{number(abs(rounded), self.decimals)} {unit} {'över' if rounded > 0 else 'under'} riket"

    @property
    def rank_text(self) -> str:
        """ "plats 4 av 21 län (1 = lägst)"; with fewer län, how many have a value."""
        if self.rank is None:
            return "–"
        best = "lägst" if self.direction == "lower" else "högst"
        among = f"{self.of} län" if self.of >= LAN_COUNT else f"de {self.of} län som har ett värde"
        return f"plats {self.rank} av {among} (1 = {best})"

    @property
    def trend_text(self) -> str:
        """Against the region's own earlier value: "ned från 4,8 % 2021, en förbättring"."""
        if self.value is None or self.earlier is None or self.earlier_period is None:
            return "inget tidigare värde"
        when = period_label(self.earlier_period)
        change = round(self.value - self.earlier, self.decimals)
        if change == 0:
            return f"oförändrat sedan {when}"
        text = f"{'upp' if change > 0 else 'ned'} från {self.fmt(self.earlier)} {when}"
        if self.unit in TOTAL_UNITS:
            return text
        better = (change > 0) == (self.direction == "higher")
        return f"{text}, en {'förbättring' if better else 'försämring'}"

    @property
    def sentence(self) -> str:
        """ "Arbetslöshet 20–64 år 2022: 3,6 % – plats 4 av 21 län (1 = lägst), 1,6 procentenheter under riket (5,2 %);
        ned från 4,8 % 2021, en förbättring." """
        if self.value is None or self.period is None:
            return f"{self.name}: inget värde för länet i databasen. {self.refresh}"
        riket = f" ({self.fmt(self.riket)})" if self.gap is not None else ""
        parts = [p for p in (self.rank_text, self.gap_text + riket) if not p.startswith("–")]
        position = f" – {', '.join(parts)}" if parts else ""
        return f"{self.name} {period_label(self.period)}: {self.fmt(self.value)}{position}; {self.trend_text}."


def _earlier(series: pd.DataFrame, period: str) -> pd.Series | None:
    """The same period a year before when loaded (months, quarters), else the previous loaded period."""
    earlier = series[series["period"] < period]
    if earlier.empty:
        return None
    p = Period.parse(period)
    if p.frequency.value != "yearly":
        year_ago = earlier[earlier["period"] == f"{int(period[:4]) - 1}{period[4:]}"]
        if not year_ago.empty:
            return year_ago.iloc[-1]
    return earlier.iloc[-1]


SOURCE_NAMES = {"kolada": "Kolada", "scb_v2": "SCB", "scb_v1": "SCB", "publisher": "utgivarens fil", "derived": "beräknas"}


def refresh_note(db: Reader, indicator_id: str) -> str:
    """How a refresh fills in the indicator, from its sources in data/sources.yaml (as the ETL stored them)."""
    sources = queries.indicator_sources(db)
    mine = sources[sources["indicator_id"] == indicator_id]
    if mine.empty:
        return "Ingen källa för automatisk hämtning är angiven; värden kan läsas in med python -m etl import."
    checked = mine[mine["verified"]]
    chosen = (checked if not checked.empty else mine).iloc[0]
    flag = "" if not checked.empty else " --include-unverified"
    unchecked = "" if not checked.empty else ", källan är ännu inte kontrollerad"
    if chosen["kind"] == "excel":
        return f"Fylls i efter python -m etl refresh --source excel{flag}, när {chosen['ref']} är ifylld{unchecked}."
    return f"Fylls i efter python -m etl refresh{flag} ({SOURCE_NAMES.get(chosen['kind'], chosen['kind'])}{unchecked})."


def compare(db: Database, region_code: str, indicator_id: str) -> ComparisonRow:
    """The län's latest value of one indicator against riket, the other län and its own earlier value."""
    meta = indicator_catalogue(db).loc[indicator_id]
    base = ComparisonRow(indicator_id, str(meta["name"]), str(meta["unit"]), int(meta["decimals"]), str(meta["direction"]))
    obs = observations(db, indicator_id)
    total = obs[(obs["sex"] == "T") & obs["value"].notna()]
    own = total[total["area_code"] == region_code].sort_values("period")
    if own.empty:
        return ComparisonRow(**{**base.__dict__, "refresh": refresh_note(db, indicator_id)})
    last = own.iloc[-1]
    period = str(last["period"])
    at_period = total[total["period"] == period]
    lan = at_period[at_period["level"] == "lan"]
    riket = at_period.loc[(at_period["area_code"] == RIKET) & (region_code != RIKET), "value"]
    earlier = _earlier(own, period)
    return ComparisonRow(
        **{
            **base.__dict__,
            "period": period,
            "value": float(last["value"]),
            "riket": None if riket.empty else float(riket.iloc[0]),
            "rank": ranks(lan, base.direction).get(region_code) if len(lan) > 1 else None,
            "of": len(lan),
            "earlier_period": None if earlier is None else str(earlier["period"]),
            "earlier": None if earlier is None else float(earlier["value"]),
            "source": str(last["source"]),
        }
    )


def standard_indicators(db: Database) -> list[str]:
    """The named indicators first, then every other indicator a source in data/sources.yaml fetches, in catalogue order."""
    catalogue = indicator_catalogue(db)
    fetched = set(queries.indicator_sources(db)["indicator_id"])
    rest = [i for i in catalogue.index if i in fetched and i not in FEATURED]
    return [i for i in FEATURED if i in catalogue.index] + rest


@cached_query
def comparison(db: Database, region_code: str) -> list[ComparisonRow]:
    """Every standard indicator for the län (cached per database version)."""
    return [compare(db, region_code, i) for i in standard_indicators(db)]


@cached_query
def headline(db: Database, region_code: str) -> ComparisonRow | None:
    """The län's unemployment against riket and the other län, or None without that indicator."""
    if HEADLINE not in indicator_catalogue(db).index:
        return None
    return compare(db, region_code, HEADLINE)


def riket_context(db: Database) -> list[ComparisonRow]:
    """National series that hold for every län (Konjunkturinstitutet's barometer)."""
    return [compare(db, RIKET, i) for i in RIKET_ONLY if i in indicator_catalogue(db).index]
