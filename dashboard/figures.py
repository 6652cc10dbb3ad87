"""The Plotly figures of an indicator, for the screen and (style="report") for exports.

Stable entry points (the exports call them with style="report"):

    indicator_data(db, state) -> IndicatorData        (re-exported from dashboard.indicator_view)
    trend_figure(data, style="screen") -> Figure      time series, riket, target line, baseline, preliminary marks
    lan_bars_figure(data, style="screen")             the 21 län sorted, the focus highlighted, riket marked
    kommun_map_figure(data, style="screen")           the region's kommuner as an SVG choropleth (offline GeoJSON)
    kommun_bars_figure(data, style="screen")          the region's kommuner sorted, län and riket as references
    sex_figure(data, style="screen")                  women and men side by side

A `Figure` is a plain dict (dashboard.figure_style: no graph_objects validation on the server).
Every figure carries `layout.meta` = {"title", "subtitle", "source", "alt", "empty"} (`figure_meta(fig)`): the page shows
title, source line and text alternative in HTML; style="report" draws title, subtitle (unit and
period) and the line "Källa: … Bearbetning: Region …" into the figure itself. Colours are Okabe–Ito
(colour-blind safe) and every distinction is also made by shape, pattern or label.
"""

from __future__ import annotations

import pandas as pd

from core.enums import Flag
from dashboard.figure_style import (
    FOCUS,
    LAN_COLOUR,
    MAP_SCALE,
    OTHER,
    RIKET_COLOUR,
    SEX_COLOURS,
    SEX_PATTERNS,
    TARGET_COLOUR,
    Figure,
    Style,
    figure_meta,  # noqa: F401  (re-exported)
    finish,
    numbers,
    period_x,
    range_text,
    sorted_best_first,
    source_text,
    unit_text,
    value_text,
    year_x,
)
from dashboard.format import period_label
from dashboard.geo import kommun_shapes
from dashboard.indicator_view import RIKET, SEX_NAMES, TOTAL_UNITS, IndicatorData, indicator_data  # noqa: F401  (re-exported)

GRAPH_CONFIG = {"locale": "sv", "displaylogo": False, "scrollZoom": False, "responsive": True}


# --- time series ---------------------------------------------------------------------------------


def trend_title(data: IndicatorData) -> str:
    who = f", {SEX_NAMES[data.state.sex]}" if data.state.sex != "T" else ""
    ref = " och riket" if data.state.area_code != RIKET and not data.riket.empty else ""
    return f"{data.indicator.name}{who}, {data.area_name}{ref}"


def trend_figure(data: IndicatorData, style: Style = "screen") -> Figure:
    """The area's series with riket as reference, each goal's target line to its target year, the baseline, preliminary marks."""
    traces: list[dict] = []
    monthly = any(len(p) > 4 for p in data.series["period"]) or any(len(p) > 4 for p in data.riket["period"])
    series = [(data.area_name, data.series, FOCUS, "solid", "circle")]
    if data.state.area_code != RIKET:
        series.append(("Riket", data.riket, RIKET_COLOUR, "dash", "square"))
    for name, frame, colour, dash, symbol in series:
        if frame.empty:
            continue
        flags = frame["flag"].fillna("")
        traces.append(
            {
                "type": "scatter",
                "x": [period_x(p) for p in frame["period"]],
                "y": numbers(frame["value"]),
                "name": name,
                "mode": "lines+markers" if len(frame) < 60 else "lines",
                "line": {"color": colour, "dash": dash, "width": 3 if colour == FOCUS else 2},
                "marker": {"symbol": symbol, "size": 7},
                "customdata": [
                    f"{name}, {period_label(p)}: {value_text(data, v)}" + (f" ({Flag(f).label})" if f else "")
                    for p, v, f in zip(frame["period"], frame["value"], flags, strict=True)
                ],
                "hovertemplate": "%{customdata}<extra></extra>",
            }
        )
        prelim = frame[flags == "p"]
        if not prelim.empty:
            traces.append(
                {
                    "type": "scatter",
                    "x": [period_x(p) for p in prelim["period"]],
                    "y": numbers(prelim["value"]),
                    "name": f"Preliminärt värde ({name})",
                    "mode": "markers",
                    "marker": {"symbol": "circle-open", "size": 14, "color": colour, "line": {"width": 2}},
                    "hoverinfo": "skip",
                }
            )
    target_notes = []
    first_x = period_x(data.series["period"].iloc[0]) if not data.series.empty else None
    baselines_drawn: set[tuple[int, float]] = set()
    for goal in data.goals:
        r = goal.result
        if r.baseline_value is not None and r.baseline_year and (r.baseline_year, r.baseline_value) not in baselines_drawn:
            baselines_drawn.add((r.baseline_year, r.baseline_value))
            traces.append(
                {
                    "type": "scatter",
                    "x": [year_x(r.baseline_year, monthly) if monthly else r.baseline_year],
                    "y": [r.baseline_value],
                    "name": f"Utgångsvärde {r.baseline_year}",
                    "mode": "markers",
                    "marker": {"symbol": "diamond", "size": 12, "color": "#ffffff", "line": {"color": RIKET_COLOUR, "width": 2}},
                    "hovertemplate": f"Utgångsvärde {r.baseline_year}: {value_text(data, r.baseline_value)}<extra></extra>",
                }
            )
        if r.target_kind != "value" or r.target_value is None:
            continue
        end = year_x(r.target_year, monthly) if r.target_year else (period_x(data.series["period"].iloc[-1]) if first_x else None)
        start = first_x if first_x is not None else end
        label = f"Mål {goal.result.goal_id} ({goal.goal_set_name}): {r.target_text}"
        target_notes.append(label)
        traces.append(
            {
                "type": "scatter",
                "x": [start, end],
                "y": [r.target_value, r.target_value],
                "name": label,
                "mode": "lines+markers",
                "line": {"color": TARGET_COLOUR, "dash": "dot", "width": 2},
                "marker": {"symbol": ["line-ew", "star"], "size": [1, 13], "color": TARGET_COLOUR},
                "hovertemplate": f"{label}<extra></extra>",
            }
        )
    empty = data.series.empty and data.riket.empty
    layout: dict = {"yaxis": {"title": {"text": unit_text(data)}, "gridcolor": "#e5e5e5", "zeroline": False}}
    if monthly:
        layout["xaxis"] = {"gridcolor": "#f0f0f0"}
    else:
        years = [x for trace in traces for x in trace["x"] if isinstance(x, int)]
        span = (max(years) - min(years)) if years else 1
        layout["xaxis"] = {"tickformat": "d", "dtick": max(1, round(span / 8)), "gridcolor": "#f0f0f0"}
    layout["hovermode"] = "closest"
    alt = _trend_alt(data, target_notes)
    return finish(
        {"data": traces, "layout": layout},
        data,
        style,
        title=trend_title(data),
        subtitle=f"{unit_text(data).capitalize()}, {range_text(data.series if not data.series.empty else data.riket)}",
        source=source_text(data, data.series, data.riket),
        alt=alt,
        height=380,
        empty=empty,
    )


def _trend_alt(data: IndicatorData, target_notes: list[str]) -> str:
    parts = []
    for name, frame in ((data.area_name, data.series), ("riket", data.riket)):
        if frame.empty or (name == "riket" and data.state.area_code == RIKET):
            continue
        first, last = frame.iloc[0], frame.iloc[-1]
        if len(frame) == 1:
            parts.append(f"{name}: {value_text(data, first['value'])} {period_label(first['period'])}")
            continue
        low = frame.loc[frame["value"].idxmin()] if frame["value"].notna().any() else first
        high = frame.loc[frame["value"].idxmax()] if frame["value"].notna().any() else last
        parts.append(
            f"{name}: {value_text(data, first['value'])} {period_label(first['period'])}, {value_text(data, last['value'])} "
            f"{period_label(last['period'])} (lägst {value_text(data, low['value'])} {period_label(low['period'])}, "
            f"högst {value_text(data, high['value'])} {period_label(high['period'])})"
        )
    if not parts:
        return f"Linjediagram utan värden: data saknas för {data.indicator.name} i {data.area_name}."
    return f"Linjediagram över {data.indicator.name}. " + "; ".join(parts) + ". " + " ".join(f"{t}." for t in target_notes)


def _ranked_bars(
    data: IndicatorData, frame: pd.DataFrame, colours: list[str], patterns: list[str], bold: set[str | None]
) -> Figure:
    """Horizontal bars in the order of `frame` (best first at the top), values written at the bars."""
    names = [f"<b>{n}</b>" if c in bold else n for c, n in zip(frame["area_code"], frame["area_name"], strict=True)]
    bar = {
        "type": "bar",
        "y": names,
        "x": numbers(frame["value"]),
        "orientation": "h",
        "marker": {"color": colours, "pattern": {"shape": patterns, "fgcolor": "#ffffff", "size": 6}},
        "text": [value_text(data, v) for v in frame["value"]],
        "textposition": "outside",
        "cliponaxis": False,
        "customdata": [f"{n}: {value_text(data, v)}" for n, v in zip(frame["area_name"], frame["value"], strict=True)],
        "hovertemplate": "%{customdata}<extra></extra>",
        "showlegend": False,
    }
    layout = {
        "yaxis": {"autorange": "reversed", "automargin": True},
        "xaxis": {"title": {"text": unit_text(data)}, "gridcolor": "#e5e5e5", "rangemode": "tozero"},
    }
    return {"data": [bar], "layout": layout}


def _ranking_alt(data: IndicatorData, what: str, ranked: pd.DataFrame) -> str:
    return f"Stapeldiagram, {what} från bäst till sämst: " + ", ".join(
        f"{i}. {n} {value_text(data, v)}" for i, (n, v) in enumerate(zip(ranked["area_name"], ranked["value"], strict=True), 1)
    )


def _finish_ranking(
    fig: Figure, data: IndicatorData, style: Style, title: str, source: str, alt: str, height: int, empty: bool
) -> Figure:
    """`finish` for a ranking of areas: the subtitle gives the unit and the period compared, best first."""
    subtitle = f"{unit_text(data).capitalize()}, {period_label(data.state.period or '')}. Bäst överst."
    return finish(fig, data, style, title=title, subtitle=subtitle, source=source, alt=alt, height=height, empty=empty)


# --- län ----------------------------------------------------------------------------------------


def lan_bars_title(data: IndicatorData) -> str:
    return f"{data.indicator.name}, länen {period_label(data.state.period or '')}".rstrip()


def lan_bars_figure(data: IndicatorData, style: Style = "screen") -> Figure:
    """The 21 län sorted best first, the focus highlighted, riket as a bar of its own (black, hatched)."""
    frame = data.lan.copy()
    riket = data.riket[data.riket["period"] == data.state.period]
    if not riket.empty and not frame.empty:
        frame = pd.concat(
            [frame, pd.DataFrame([{"area_code": RIKET, "area_name": "Riket", "value": riket["value"].iloc[0], "flag": None, "source": riket["source"].iloc[0]}])],
            ignore_index=True,
        )  # fmt: skip
    frame = sorted_best_first(frame, data.indicator.direction)
    focus = data.region_code if data.area_level != "riket" else None
    colours = [FOCUS if c == focus else RIKET_COLOUR if c == RIKET else OTHER for c in frame["area_code"]]
    patterns = ["/" if c == RIKET else "" for c in frame["area_code"]]
    fig = _ranked_bars(data, frame, colours, patterns, {focus, RIKET})
    ranked = frame[frame["area_code"] != RIKET]
    alt = _ranking_alt(data, "länen", ranked)
    if not riket.empty:
        alt += f". Riket: {value_text(data, riket['value'].iloc[0])}."
    alt = alt if not data.lan.empty else "Data saknas för länen."
    source = source_text(data, data.lan, riket)
    return _finish_ranking(fig, data, style, lan_bars_title(data), source, alt, max(220, 24 * len(frame) + 40), data.lan.empty)


# --- kommuner -----------------------------------------------------------------------------------


def kommun_title(data: IndicatorData) -> str:
    return f"{data.indicator.name}, kommunerna i {data.lan_name or 'länet'} {period_label(data.state.period or '')}".rstrip()


def kommun_map_figure(data: IndicatorData, style: Style = "screen") -> Figure:
    """The region's kommuner coloured by value (cividis); kommuner without a value are grey and say so."""
    fig: Figure = {"data": [], "layout": {}}
    if data.region_code is None:
        return finish(
            fig, data, style, title=kommun_title(data), subtitle="", source=source_text(data), alt="Ingen region vald.", height=420, empty=True
        )  # fmt: skip
    shapes = kommun_shapes(data.region_code)
    names = {f["id"]: f["properties"]["name"] for f in shapes["features"]}
    have = data.kommuner.dropna(subset=["value"])
    missing = [code for code in names if code not in set(have["area_code"])]
    if missing:
        fig["data"].append(
            {
                "type": "choropleth",
                "geojson": shapes,
                "locations": missing,
                "z": [0] * len(missing),
                "colorscale": [[0, "#e9e9e9"], [1, "#e9e9e9"]],
                "showscale": False,
                "marker": {"line": {"color": "#ffffff", "width": 1}},
                "customdata": [f"{names[c]}: data saknas" for c in missing],
                "hovertemplate": "%{customdata}<extra></extra>",
                "name": "Data saknas",
            }
        )
    if not have.empty:
        fig["data"].append(
            {
                "type": "choropleth",
                "geojson": shapes,
                "locations": have["area_code"].tolist(),
                "z": numbers(have["value"]),
                "colorscale": MAP_SCALE,
                "marker": {"line": {"color": "#ffffff", "width": 1}},
                "colorbar": {"title": {"text": unit_text(data)}, "thickness": 12, "len": 0.8},
                "customdata": [f"{n}: {value_text(data, v)}" for n, v in zip(have["area_name"], have["value"], strict=True)],
                "hovertemplate": "%{customdata}<extra></extra>",
                "name": data.indicator.name,
            }
        )
    # SVG (plotly.js's `geo`: no WebGL, no tiles): the region's own shapes fitted to the frame, no base map
    fig["layout"]["geo"] = {"fitbounds": "locations", "visible": False, "projection": {"type": "mercator"}}
    ranked = sorted_best_first(have, data.indicator.direction)
    alt = "Karta över kommunerna: " + ", ".join(
        f"{n} {value_text(data, v)}" for n, v in zip(ranked["area_name"], ranked["value"], strict=True)
    )
    if missing:
        alt += ". Data saknas för " + ", ".join(names[c] for c in missing)
    return finish(
        fig,
        data,
        style,
        title=kommun_title(data),
        subtitle=f"{unit_text(data).capitalize()}, {period_label(data.state.period or '')}",
        source=source_text(data, data.kommuner),
        alt=alt + "." if not have.empty else "Data saknas för kommunerna.",
        height=460,
        empty=have.empty,
    )


def kommun_bars_figure(data: IndicatorData, style: Style = "screen") -> Figure:
    """The region's kommuner sorted best first, with the län (orange, dotted) and riket (black, hatched) as reference bars."""
    frame = data.kommuner.dropna(subset=["value"]).copy()
    refs = []
    totals = data.indicator.unit in TOTAL_UNITS  # a län's or riket's total is no yardstick for a kommun's
    lan_value = data.period_value(data.lan, data.region_code) if data.region_code and not totals else None
    if lan_value is None and data.region_code and not totals:
        # the län's own value may exist without the other län (e.g. only the region's figures)
        own = data.series[data.series["period"] == data.state.period] if data.area_level == "lan" else data.series.iloc[0:0]
        lan_value = None if own.empty else float(own["value"].iloc[0])
    if lan_value is not None and not frame.empty:
        refs.append({"area_code": data.region_code, "area_name": "Länet", "value": lan_value, "flag": None, "source": None})
    riket = data.riket[data.riket["period"] == data.state.period]
    if not riket.empty and not frame.empty and not totals:
        refs.append(
            {"area_code": RIKET, "area_name": "Riket", "value": float(riket["value"].iloc[0]), "flag": None, "source": None}
        )
    full = sorted_best_first(
        pd.concat([frame, pd.DataFrame(refs)], ignore_index=True) if refs else frame, data.indicator.direction
    )
    focus = data.state.area_code if data.area_level == "kommun" else None
    colours, patterns = [], []
    for code in full["area_code"]:
        colours.append(
            RIKET_COLOUR if code == RIKET else LAN_COLOUR if code == data.region_code else FOCUS if code == focus else OTHER
        )
        patterns.append("/" if code == RIKET else "." if code == data.region_code else "")
    fig = _ranked_bars(data, full, colours, patterns, {RIKET, data.region_code, focus})
    ranked = sorted_best_first(frame, data.indicator.direction)
    alt = _ranking_alt(data, "kommunerna", ranked)
    alt += "".join(f". {r['area_name']}: {value_text(data, r['value'])}" for r in refs)
    alt = alt + "." if not frame.empty else "Data saknas för kommunerna."
    source = source_text(data, data.kommuner, riket)
    return _finish_ranking(fig, data, style, kommun_title(data), source, alt, max(220, 26 * len(full) + 40), frame.empty)


# --- women and men ------------------------------------------------------------------------------


def sex_figure(data: IndicatorData, style: Style = "screen") -> Figure:
    """Women and men side by side per period (the latest eight periods), told apart by colour, pattern and legend."""
    frame = data.by_sex.dropna(subset=["value"])
    periods = sorted(set(frame["period"]))[-8:]
    frame = frame[frame["period"].isin(periods)]
    traces = []
    for sex in ("K", "M"):
        part = frame[frame["sex"] == sex]
        if part.empty:
            continue
        word = SEX_NAMES[sex].capitalize()
        traces.append(
            {
                "type": "bar",
                "x": [period_label(p) for p in part["period"]],
                "y": numbers(part["value"]),
                "name": word,
                "marker": {"color": SEX_COLOURS[sex], "pattern": {"shape": SEX_PATTERNS[sex], "fgcolor": "#ffffff", "size": 7}},
                "text": [value_text(data, v) for v in part["value"]],
                "textposition": "outside",
                "cliponaxis": False,
                "customdata": [
                    f"{word}, {period_label(p)}: {value_text(data, v)}"
                    for p, v in zip(part["period"], part["value"], strict=True)
                ],
                "hovertemplate": "%{customdata}<extra></extra>",
            }
        )
    layout = {
        "barmode": "group",
        "bargap": 0.3,
        "yaxis": {"title": {"text": unit_text(data)}, "gridcolor": "#e5e5e5", "rangemode": "tozero"},
        "xaxis": {"type": "category"},
    }
    value = {}  # (period, sex) -> the first value, in one pass rather than a filter per period and sex
    for key, v in zip(zip(frame["period"], frame["sex"], strict=True), frame["value"], strict=True):
        value.setdefault(key, v)
    pairs = [
        f"{period_label(p)}: kvinnor {value_text(data, value.get((p, 'K')))}, män {value_text(data, value.get((p, 'M')))}"
        for p in periods
    ]
    return finish(
        {"data": traces, "layout": layout},
        data,
        style,
        title=f"{data.indicator.name}, kvinnor och män, {data.area_name}",
        subtitle=f"{unit_text(data).capitalize()}, {range_text(frame)}",
        source=source_text(data, data.by_sex),
        alt=("Stapeldiagram, kvinnor och män. " + "; ".join(pairs) + ".") if pairs else "Data saknas för kvinnor och män.",
        height=320,
        empty=frame.empty,
    )
