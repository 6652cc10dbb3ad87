"""Reading a page's state from its URL parameters, with a clear Swedish message for anything wrong.

`read_params` is the one door every page (through `dashboard.errors.safe_layout`) and every export goes
through: each parameter once, at most `MAX_VALUE` characters, at most `MAX_PARAMS` of them, before any work.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from core import clock
from core.period import long_date
from core.regions import COMPARISON_ID, COMPARISON_NAME
from dashboard import fulfilment, queries
from dashboard.db import Database

DEFAULT_REGION = "23"  # the region shown when the address names none
MAX_PARAMS = 20  # more than any page reads; the rest are not looked at
MAX_VALUE = 200  # characters: longer than any code, period, id or search a person types


def read_params(raw: Mapping[str, object]) -> tuple[dict[str, str], list[str]]:
    """Each URL parameter once, as text of at most MAX_VALUE characters, and a Swedish note for each that was not.

    `raw` maps a name to its value or to the list of its values (`?omrade=23&omrade=06`): the first is used.
    """
    params: dict[str, str] = {}
    notes: list[str] = []
    for i, (name, value) in enumerate(raw.items()):
        if i == MAX_PARAMS:
            notes.append(f"Adressen har fler än {MAX_PARAMS} parametrar; de efter ”{name}” lästes inte.")
            break
        if isinstance(value, list | tuple):
            values = [str(v) for v in value]
            if len(values) > 1:
                shown = ", ".join(f"”{v[:20]}”" for v in values[:3]) + (" …" if len(values) > 3 else "")
                notes.append(f"Parametern {name} angavs {len(values)} gånger ({shown}). Visar den första.")
            value = values[0] if values else ""
        text = str(value)
        if len(text) > MAX_VALUE:
            notes.append(f"Parametern {name} är längre än {MAX_VALUE} tecken och lästes inte. Visar standardvalet.")
            continue
        params[name] = text
    return params, notes


@dataclass
class GoalView:
    """Region, goal set and report year chosen by the URL (or their defaults)."""

    region_code: str
    region_name: str
    goal_set: str
    goal_set_name: str
    year: int | None
    years: list[int]
    messages: list[str] = field(default_factory=list)
    region_found: bool = True
    per: dt.date | None = None  # the figures as published by this date; None: the latest

    @property
    def is_comparison(self) -> bool:
        """The standard comparison with riket and the other län, not goals of the region's own."""
        return self.goal_set == COMPARISON_ID

    @property
    def per_text(self) -> str | None:
        """ "Siffrorna som de var publicerade den 27 februari 2017" for a past view."""
        if self.per is None:
            return None
        day = long_date(self.per)
        return (
            f"Siffrorna som de var publicerade den {day}, bedömningar och kommentarer som de var registrerade vid dagens slut"
            " (parametern per); nyare uppgifter visas inte."
        )


def parse_per(per: str | None, messages: list[str], today: dt.date | None = None) -> dt.date | None:
    """`?per=YYYY-MM-DD`: a past date to stand on; a bad or future one is said and ignored."""
    if per is None or per == "":
        return None
    try:
        day = dt.date.fromisoformat(per)
    except ValueError:
        messages.append(f"Datumet ”{per[:40]}” kunde inte läsas (parametern per, skriv ÅÅÅÅ-MM-DD). Visar de senaste siffrorna.")
        return None
    if day >= (today or clock.today()):
        messages.append(f"Datumet {day.isoformat()} har inte passerat (parametern per). Visar de senaste siffrorna.")
        return None
    return day


def resolve_goal_view(
    db: Database, region: str | None, malset: str | None, ar: str | None, per: str | None = None
) -> GoalView | None:
    """Resolve `?region=&malset=&ar=&per=`; None when the database holds no region at all.

    A region without goals of its own (or `malset=jamforelse`) gets the standard comparison: goal set
    COMPARISON_ID, no report year.
    """
    regions = queries.regions(db)
    if regions.empty:
        return None
    messages: list[str] = []
    codes = list(regions["region_code"])
    default_region = DEFAULT_REGION if DEFAULT_REGION in codes else codes[0]
    region_found = True
    if region is None:
        region = default_region
    elif region not in codes:
        names = ", ".join(f"{r.region_code} ({r.name})" for r in regions.itertuples())
        messages.append(f"Regionen ”{region}” finns inte (parametern region). Välj en av: {names}. Visar {default_region}.")
        region, region_found = default_region, False
    row = regions[regions["region_code"] == region].iloc[0]
    sets = queries.goal_sets(db, region)
    followed = sets[sets["goal_count"] > 0]
    default_set = str(row["default_goal_set"]) if str(row["default_goal_set"]) in set(followed["goal_set"]) else None
    default_set = default_set or (str(followed["goal_set"].iloc[0]) if not followed.empty else COMPARISON_ID)
    if malset is None:
        malset = default_set
    elif malset != COMPARISON_ID and malset not in set(followed["goal_set"]):
        options = ", ".join([*followed["goal_set"], COMPARISON_ID])
        empty = malset in set(sets["goal_set"])
        why = "har inga mål ännu" if empty else "finns inte"
        messages.append(f"Målsamlingen ”{malset}” {why} för {row['name']} (parametern malset). Välj en av: {options}.")
        malset = default_set
    day = parse_per(per, messages)
    if malset == COMPARISON_ID:
        if ar is not None:
            messages.append(f"Jämförelsen visar de senaste värdena; parametern ar (”{ar[:10]}”) gäller bara egna mål.")
        return GoalView(region, str(row["name"]), malset, COMPARISON_NAME, None, [], messages, region_found, day)
    set_name = str(sets.loc[sets["goal_set"] == malset, "name"].iloc[0])
    years = fulfilment.available_years(db, region, malset, day)
    year = fulfilment.default_year(db, region, malset, day)
    if ar is not None:
        if ar.isascii() and ar.isdigit() and int(ar) in years:
            year = int(ar)
        else:
            shown = f"{years[0]}–{years[-1]}" if years else "inga år"
            messages.append(f"Året ”{ar}” har inga värden för målen (parametern ar; år med data: {shown}). Visar {year}.")
    return GoalView(region, str(row["name"]), malset, set_name, year, years, messages, region_found, day)
