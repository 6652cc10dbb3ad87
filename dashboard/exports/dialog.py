"""The näringslivsdialog deck: one finding a slide, each headed by a sentence computed from the data.

The same `Deck` feeds the presentation page (`/dialog`) and the PowerPoint file (`/export/dialog.pptx`).
Slides: unemployment against riket (monthly), stämningsläget (Konjunkturinstitutet's barometer,
households against the firms' sectors, 100 = normal), layoff notices, bankruptcies, guest nights, new
companies, and "Sedan förra mötet" (what is new since a chosen date). A slide whose data is missing
says so ("Data saknas") instead of being left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go

from core.enums import RIKET
from dashboard import queries
from dashboard.db import Database
from dashboard.exports.deck import (
    Deck,
    DialogError,
    Slide,
    amount,
    bar_slide,
    bars,
    chart_x,
    end_label,
    long_period,
    meta_of,
    missing_slide,
    outdated,
    parse_since,
    period_end,
    series,
    slide_layout,
    source_line,
    speaker_notes,
)
from dashboard.figure_style import FOCUS, RIKET_COLOUR
from dashboard.format import number, period_label, with_unit
from dashboard.indicator_view import ranks
from dashboard.view_state import DEFAULT_REGION
from dashboard.workspace import read as workspace

SECTORS = {
    "ki_tillverkning": "Tillverkningsindustri",
    "ki_tjanster": "Tjänstesektorn",
    "ki_detaljhandel": "Detaljhandel",
    "ki_bygg": "Byggindustri",
}
SECTOR_COLOURS = {"ki_tillverkning": "#E69F00", "ki_tjanster": "#009E73", "ki_detaljhandel": "#CC79A7", "ki_bygg": "#56B4E9"}
HOUSEHOLD_COLOUR = "#D55E00"


# --- slides --------------------------------------------------------------------------------------


def unemployment_slide(db: Database, deck: Deck) -> Slide:
    ind = "arbetsloshet_20_64_manad"
    own, riket = series(db, ind, deck.region_code), series(db, ind, RIKET)
    common = sorted(set(own["period"]) & set(riket["period"]))
    if not common:
        return missing_slide("arbetsloshet", "Arbetslöshet", db, ind, deck, "Arbetslösheten")
    last = common[-1]
    value = float(own.loc[own["period"] == last, "value"].iloc[0])
    ref = float(riket.loc[riket["period"] == last, "value"].iloc[0])
    diff = round(value - ref, 1)
    relation = (
        "samma nivå som riket" if diff == 0 else f"{number(abs(diff), 1)} procentenheter {'under' if diff < 0 else 'över'} riket"
    )
    headline = f"Arbetslösheten i {deck.area_name} var {with_unit(value, '%', 1)} i {long_period(last)} – {relation}"
    year_ago = f"{int(last[:4]) - 1}{last[4:]}"
    before = own.loc[own["period"] == year_ago, "value"]
    detail = f"Riket: {with_unit(ref, '%', 1)}."
    lan = queries.observations(db, ind)
    lan = lan[(lan["period"] == last) & (lan["level"] == "lan") & (lan["sex"] == "T")]
    rank = ranks(lan, "lower").get(deck.region_code)
    if rank is not None:
        detail += f" Plats {rank} av {len(lan)} län (1 = lägst arbetslöshet)."
    if not before.empty:
        detail += f" Ett år tidigare var länets arbetslöshet {with_unit(float(before.iloc[0]), '%', 1)}."
    start = f"{int(last[:4]) - 4}{last[4:]}"
    fig = go.Figure()
    for frame, name, colour, width in ((riket, "Riket", RIKET_COLOUR, 3), (own, deck.area_name, FOCUS, 6)):
        shown = frame[frame["period"] >= start]
        fig.add_scatter(
            x=[chart_x(p) for p in shown["period"]],
            y=shown["value"],
            name=name,
            mode="lines",
            line={"color": colour, "width": width},
        )
    end_label(fig, chart_x(last), value, with_unit(value, "%", 1), FOCUS)
    end_label(fig, chart_x(last), ref, with_unit(ref, "%", 1), RIKET_COLOUR)
    slide_layout(fig, y_title="Procent av arbetskraften 20–64 år")
    fig.update_layout(legend={"traceorder": "reversed"})
    fig.update_yaxes(rangemode="tozero")
    fig.update_xaxes(tickformat="%Y", dtick="M12")
    sources = [str(meta_of(db, ind)["source"])]
    detail += outdated(db, ind, last)
    notes = speaker_notes(db, (ind, "arbetsloshet_20_64"), deck.region_code, [headline + ".", detail], last)
    return Slide("arbetsloshet", "Arbetslöshet", headline, fig, source_line(sources, deck.processed_by), notes, detail)


def _ki_level(value: float) -> str:
    """Konjunkturinstitutet's reading of its indicators (100 = normal, standard deviation 10)."""
    if value > 110:
        return "mycket starkare än normalt"
    if value >= 100:
        return "starkare än normalt"
    if value >= 90:
        return "svagare än normalt"
    return "mycket svagare än normalt"


def confidence_slide(db: Database, deck: Deck) -> Slide:
    barometer = series(db, "ki_barometerindikatorn", RIKET)
    households = series(db, "ki_konfidens_hushall", RIKET)
    if barometer.empty or households.empty:
        return missing_slide("stamningslage", "Stämningsläget", db, "ki_barometerindikatorn", deck, "Stämningsläget")
    last = min(barometer["period"].iloc[-1], households["period"].iloc[-1])
    start = f"{int(last[:4]) - 4}{last[4:]}"
    b = float(barometer.loc[barometer["period"] == last, "value"].iloc[0])
    h = float(households.loc[households["period"] == last, "value"].iloc[0])
    headline = (
        f"Stämningsläget är {_ki_level(b)}: barometerindikatorn {number(b, 1)}, hushållen {number(h, 1)} i {long_period(last)}"
    )
    fig = go.Figure()
    sector_values = {}
    for ind, name in SECTORS.items():
        frame = series(db, ind, RIKET)
        frame = frame[(frame["period"] >= start) & (frame["period"] <= last)]
        if frame.empty:
            continue
        sector_values[name] = float(frame["value"].iloc[-1])
        fig.add_scatter(
            x=[chart_x(p) for p in frame["period"]], y=frame["value"], name=name, mode="lines",
            line={"color": SECTOR_COLOURS[ind], "width": 2.5},
        )  # fmt: skip
    for frame, name, colour, dash in (
        (households, "Hushållen", HOUSEHOLD_COLOUR, "dot"),
        (barometer, "Barometerindikatorn (hela ekonomin)", FOCUS, "solid"),
    ):
        shown = frame[(frame["period"] >= start) & (frame["period"] <= last)]
        fig.add_scatter(
            x=[chart_x(p) for p in shown["period"]], y=shown["value"], name=name, mode="lines",
            line={"color": colour, "width": 6, "dash": dash},
        )  # fmt: skip
    fig.add_scatter(
        x=[chart_x(start), chart_x(last)], y=[100, 100], name="Normalläge (100)", mode="lines",
        line={"color": "#555", "width": 2.5, "dash": "dash"},
    )  # fmt: skip
    slide_layout(fig, y_title="Index (100 = normalt)")
    fig.update_xaxes(tickformat="%Y", dtick="M12")
    detail = ""
    if sector_values:
        best = max(sector_values, key=sector_values.get)
        worst = min(sector_values, key=sector_values.get)
        detail = (
            f"Bland företagen är läget starkast i {best.lower()} ({number(sector_values[best], 1)}) "
            f"och svagast i {worst.lower()} ({number(sector_values[worst], 1)})."
        )
    detail += outdated(db, "ki_barometerindikatorn", last)
    ids = ("ki_barometerindikatorn", "ki_konfidens_hushall", *SECTORS)
    notes = speaker_notes(db, ids, RIKET, [headline + ".", detail, "Konjunkturbarometern gäller hela Sverige, inte länet."], last)
    source = source_line([str(meta_of(db, "ki_barometerindikatorn")["source"])], deck.processed_by)
    return Slide("stamningslage", "Stämningsläget", headline, fig, source, notes, detail)


def _change(frame: pd.DataFrame, last: str, value: float) -> str:
    """ " – 8 färre än i mars 2021": against the same month a year before if loaded, else the previous loaded period."""
    year_ago = f"{int(last[:4]) - 1}{last[4:]}"
    match = frame.loc[frame["period"] == year_ago, "value"]
    if not match.empty:
        label, before = long_period(year_ago), float(match.iloc[0])
    else:
        earlier = frame[frame["period"] < last]
        if earlier.empty:
            return ""
        label, before = long_period(earlier["period"].iloc[-1]), float(earlier["value"].iloc[-1])
    if round(value - before) == 0:
        return f" – lika många som i {label}"
    return f" – {number(abs(value - before))} {'fler' if value > before else 'färre'} än i {label}"


def layoffs_slide(db: Database, deck: Deck) -> Slide:
    ind = "varsel"
    own = series(db, ind, deck.region_code)
    if own.empty:
        return missing_slide("varsel", "Varsel", db, ind, deck, "Varsel om uppsägning")
    last = own["period"].iloc[-1]
    value = float(own["value"].iloc[-1])
    headline = f"{number(value)} personer varslades om uppsägning i {deck.area_name} i {long_period(last)}"
    headline += _change(own, last, value)
    fig = bars(own.tail(24), "antal", 0)
    slide_layout(fig, y_title="Personer som berörs av varsel", legend=False)
    sources = list(own["source"].tail(3))
    detail = f"Månader med inlästa värden: {', '.join(period_label(p) for p in own['period'].tail(24))}." + outdated(
        db, ind, last
    )
    notes = speaker_notes(db, (ind,), deck.region_code, [headline + ".", detail], last)
    return Slide("varsel", "Varsel", headline, fig, source_line(sources, deck.processed_by), notes, detail)


def bankruptcies_slide(db: Database, deck: Deck) -> Slide:
    size_note = "Uppdelningen efter företagsstorlek är inte inläst ännu."
    monthly = series(db, "konkurser_manad", deck.region_code)
    ind = "konkurser_manad" if not monthly.empty else "konkurser"
    own = monthly if not monthly.empty else series(db, "konkurser", deck.region_code)
    if own.empty:
        slide = missing_slide("konkurser", "Konkurser", db, "konkurser", deck, "Konkurser")
        return Slide(**{**slide.__dict__, "missing": f"{slide.missing} {size_note}"})
    last = own["period"].iloc[-1]
    value = float(own["value"].iloc[-1])
    headline = f"{number(value)} företag gick i konkurs i {deck.area_name} i {long_period(last)}"
    headline += _change(own, last, value)
    riket = series(db, ind, RIKET)
    ref = riket.loc[riket["period"] == last, "value"]
    detail = (f"Riket: {number(float(ref.iloc[0]))} konkurser i {long_period(last)}. " if not ref.empty else "") + size_note
    detail += outdated(db, ind, last)
    chart = bars(own.tail(24), "antal", 0)
    return bar_slide(
        db, deck, ("konkurser", "Konkurser"), headline, detail, chart, "Antal konkurser", own, ("konkurser", "konkurser_manad")
    )


def guest_nights_slide(db: Database, deck: Deck) -> Slide:
    ind = "gastnatter_kommersiella"
    own = series(db, ind, deck.region_code)
    if own.empty:
        ind, own = "overnattningar", series(db, "overnattningar", deck.region_code)
    if own.empty:
        return missing_slide("gastnatter", "Gästnätter", db, "gastnatter_kommersiella", deck, "Gästnätter")
    meta = meta_of(db, ind)
    unit, decimals = str(meta["unit"]), int(meta["decimals"])
    last = own["period"].iloc[-1]
    value = float(own["value"].iloc[-1])
    what = "gästnätter på kommersiella boenden" if ind == "gastnatter_kommersiella" else "övernattningar (alla boendeformer)"
    headline = f"{amount(value, unit, decimals)} {what} i {deck.area_name} {long_period(last)}"
    earlier = own[own["period"] < last]
    if not earlier.empty:
        before, label = float(earlier["value"].iloc[-1]), long_period(earlier["period"].iloc[-1])
        change = (value - before) / before * 100 if before else 0.0
        direction = "fler" if change > 0 else "färre"
        headline += f" – {number(abs(change), 0)} % {direction} än {label}" if round(change) else f" – lika många som {label}"
    detail = "Åren med inlästa värden: " + ", ".join(own["period"].tail(12)) + "." + outdated(db, ind, last)
    chart = bars(own.tail(12), unit, decimals)
    return bar_slide(db, deck, ("gastnatter", "Gästnätter"), headline, detail, chart, str(meta["name"]), own, (ind,))


def new_companies_slide(db: Database, deck: Deck) -> Slide:
    ind = "nystartade_foretag"
    own = series(db, ind, deck.region_code)
    if own.empty:
        return missing_slide("nystartade", "Nystartade företag", db, ind, deck, "Nystartade företag")
    meta = meta_of(db, ind)
    last = own["period"].iloc[-1]
    value = float(own["value"].iloc[-1])
    headline = (
        f"{number(value, int(meta['decimals']))} nystartade företag per 1 000 invånare i {deck.area_name} {long_period(last)}"
    )
    riket = series(db, ind, RIKET)
    ref = riket.loc[riket["period"] == last, "value"]
    detail = f"Riket: {number(float(ref.iloc[0]), int(meta['decimals']))}." if not ref.empty else ""
    detail = (detail + outdated(db, ind, last)).strip()
    chart = bars(own.tail(12), str(meta["unit"]), int(meta["decimals"]))
    return bar_slide(db, deck, ("nystartade", "Nystartade företag"), headline, detail, chart, str(meta["name"]), own, (ind,))


DECK_INDICATORS = (
    "arbetsloshet_20_64_manad",
    "ki_barometerindikatorn",
    "ki_konfidens_hushall",
    *SECTORS,
    "varsel",
    "konkurser_manad",
    "konkurser",
    "gastnatter_kommersiella",
    "overnattningar",
    "nystartade_foretag",
)


def newest_period_end(db: Database, region_code: str) -> dt.date | None:
    obs = queries.observations_for(db, DECK_INDICATORS, (region_code, RIKET))
    return max((period_end(p) for p in set(obs["period"])), default=None)


SHORT_NAMES = {
    "ki_barometerindikatorn": "barometerindikatorn",
    "ki_konfidens_hushall": "hushållen",
    **{ind: name.lower() for ind, name in SECTORS.items()},
}


def _since_groups() -> list[tuple[str, tuple[str, ...]]]:
    """The deck's indicators as "Sedan förra mötet" lists them: Konjunkturbarometern's series as one line."""
    ki = ("ki_barometerindikatorn", "ki_konfidens_hushall", *SECTORS)
    return [
        ("Konjunkturbarometern (riket)", ki) if ind == ki[0] else (ind, (ind,)) for ind in DECK_INDICATORS if ind not in ki[1:]
    ]


def since_slide(db: Database, deck: Deck) -> Slide:
    """What is new since the last meeting: periods that ended after the date, loads and revisions since."""
    since = deck.since
    obs = queries.observations_for(db, DECK_INDICATORS, (deck.region_code, RIKET))
    obs = obs[obs["sex"] == "T"]
    fresh = obs[pd.Series([period_end(p) > since for p in obs["period"]], index=obs.index, dtype=bool)]
    items: list[str] = []
    for group, ids in _since_groups():
        mine = fresh[fresh["indicator_id"].isin(ids)]
        if mine.empty:  # also covers an indicator missing from the catalogue: it can have no observations
            continue
        name = group if len(ids) > 1 else str(meta_of(db, group)["name"])
        periods = sorted(set(mine["period"]))
        span = period_label(periods[0]) if len(periods) == 1 else f"{period_label(periods[0])}–{period_label(periods[-1])}"
        latest = mine[mine["period"] == periods[-1]]
        values = []
        for ind in ids:
            meta = meta_of(db, ind)
            for area, area_name in ((deck.region_code, deck.area_name), (RIKET, "riket")):
                v = latest.loc[(latest["indicator_id"] == ind) & (latest["area_code"] == area), "value"]
                if not v.empty:
                    who = area_name if len(ids) == 1 else SHORT_NAMES.get(ind, str(meta["name"]))
                    values.append(f"{who} {with_unit(float(v.iloc[0]), str(meta['unit']), int(meta['decimals']))}")
        count = f"{len(periods)} {'ny period' if len(periods) == 1 else 'nya perioder'}"
        items.append(f"{name}: {span} ({count}). Senast {period_label(periods[-1])}: {', '.join(values)}.")
    after = dt.datetime.combine(since + dt.timedelta(days=1), dt.time())  # loads from the day after the meeting
    runs = queries.runs_since(db, after)
    n_revised = queries.revisions_since(db, DECK_INDICATORS, (deck.region_code, RIKET), after)
    if not runs.empty:
        last_run = runs.iloc[-1]
        items.append(
            f"Inläsningar sedan {since:%Y-%m-%d}: {len(runs)}, senast {pd.Timestamp(last_run['started_at']):%Y-%m-%d} "
            f"({last_run['source']}, {number(float(last_run['rows']))} värden)."
        )
    if n_revised:
        items.append(f"Reviderade värden sedan dess: {number(n_revised)}.")
    comments = workspace.comments_for(db, DECK_INDICATORS, (deck.region_code, RIKET))
    new_comments = comments[pd.to_datetime(comments["created_at"]).dt.date > since]
    for c in new_comments.itertuples():
        items.append(f"Ny kommentar ({c.author}): {c.text}")
    when = deck.since_text
    if not items:
        headline = f"Sedan förra mötet ({when}) har inga nya värden lästs in"
    else:
        n = sum(1 for _ in fresh.groupby(["indicator_id", "period"]))
        headline = f"Sedan förra mötet ({when}): {n} nya månads- och årsvärden för {len(set(fresh['indicator_id']))} indikatorer"
    detail = (
        "Datum valt med parametern sedan."
        if not deck.since_default
        else "Datumet är valt som tre månader före de senaste värdena; välj ett annat med ?sedan=ÅÅÅÅ-MM-DD."
    )
    notes = "\n".join([headline + ".", *items])
    source = source_line(["Läget i länet, databasens inläsningar (runs) och perioder"], deck.processed_by)
    return Slide("sedan", "Sedan förra mötet", headline, None, source, notes, detail, items=tuple(items))


SLIDES: tuple[Callable[[Database, Deck], Slide], ...] = (
    unemployment_slide,
    confidence_slide,
    layoffs_slide,
    bankruptcies_slide,
    guest_nights_slide,
    new_companies_slide,
    since_slide,
)


def resolve_region(db: Database, region: str | None) -> tuple[str, str, str, str]:
    """(region code, region name, län name, processed by) for `?region=`; raises DialogError naming the parameter."""
    regions = queries.regions(db)
    codes = list(regions["region_code"])
    if not codes:
        raise DialogError("Databasen innehåller inga regioner. Kör python -m etl build.", "region")
    code = region or (DEFAULT_REGION if DEFAULT_REGION in codes else codes[0])
    if code not in codes:
        names = ", ".join(f"{r.region_code} ({r.name})" for r in regions.itertuples())
        raise DialogError(f"Regionen ”{region}” finns inte (parametern region). Välj en av: {names}.", "region")
    row = regions.loc[regions["region_code"] == code].iloc[0]
    areas = queries.areas(db)
    area = str(areas.loc[code, "name"]) if code in areas.index else str(row["name"])
    return code, str(row["name"]), area, str(row["processed_by"])


def default_since(db: Database, region_code: str) -> dt.date:
    """Without `?sedan=`: three months before the region's newest values."""
    newest = newest_period_end(db, region_code) or dt.date.today()
    return (pd.Timestamp(newest) - pd.DateOffset(months=3)).date()


def build_deck(db: Database, region: str | None = None, sedan: str | None = None) -> Deck:
    """The whole deck for a region; raises DialogError for a bad `region` or `sedan`."""
    code, name, area, processed_by = resolve_region(db, region)
    since = parse_since(sedan)
    default = since is None
    if since is None:
        since = default_since(db, code)
    deck = Deck(code, name, area, since, default, processed_by=processed_by)
    return replace(deck, slides=[make(db, deck) for make in SLIDES])
