"""The look every figure shares: Okabe–Ito colours, fonts and separators, the report frame (title, subtitle,
source line, "Data saknas") and the words of values, units and ranges.

A figure is a plain dict {"data": [trace, …], "layout": {…}} as plotly.js takes it: no plotly.graph_objects,
whose validation cost more than the data (~8 ms a figure in `update_layout` alone). dcc.Graph, plotly.io and
Kaleido take the dict as it is; `figure_meta(fig)` reads what every figure carries in `layout.meta`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from core.period import Period
from dashboard.format import period_label, with_unit

if TYPE_CHECKING:  # dashboard.components reads figure_meta; indicator_view imports components
    from dashboard.indicator_view import IndicatorData

Style = Literal["screen", "report"]
Figure = dict[str, Any]  # {"data": [trace dicts], "layout": {…}}

FOCUS = "#0072B2"  # Okabe–Ito blue
OTHER = "#A6A6A6"
RIKET_COLOUR = "#000000"
TARGET_COLOUR = "#009E73"  # bluish green
LAN_COLOUR = "#E69F00"  # orange
SEX_COLOURS = {"K": "#D55E00", "M": "#0072B2"}  # vermillion, blue
SEX_PATTERNS = {"K": "/", "M": ""}
MAP_SCALE = "Cividis"  # perceptually uniform and colour-blind safe
SEPARATORS = ", "
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
_AXIS = {"gridcolor": "white", "linecolor": "white", "ticks": "", "title": {"standoff": 15}, "zerolinecolor": "white", "automargin": True, "zerolinewidth": 2}  # fmt: skip
# plotly.py's default template ("plotly"), cut to what scatter, bar and choropleth figures use: the look the
# figures had as graph_objects, at a tenth of the bytes.
TEMPLATE = {
    "data": {
        "bar": [
            {
                "marker": {
                    "line": {"color": "#E5ECF6", "width": 0.5},
                    "pattern": {"fillmode": "overlay", "size": 10, "solidity": 0.2},
                },
                "type": "bar",
            }
        ],
        "scatter": [{"fillpattern": {"fillmode": "overlay", "size": 10, "solidity": 0.2}, "type": "scatter"}],
        "choropleth": [{"colorbar": {"outlinewidth": 0, "ticks": ""}, "type": "choropleth"}],
    },
    "layout": {
        "autotypenumbers": "strict",
        "colorway": [
            "#636efa",
            "#EF553B",
            "#00cc96",
            "#ab63fa",
            "#FFA15A",
            "#19d3f3",
            "#FF6692",
            "#B6E880",
            "#FF97FF",
            "#FECB52",
        ],
        "font": {"color": "#2a3f5f"},
        "hovermode": "closest",
        "hoverlabel": {"align": "left"},
        "paper_bgcolor": "white",
        "plot_bgcolor": "#E5ECF6",
        "coloraxis": {"colorbar": {"outlinewidth": 0, "ticks": ""}},
        "xaxis": _AXIS,
        "yaxis": _AXIS,
        "annotationdefaults": {"arrowcolor": "#2a3f5f", "arrowhead": 0, "arrowwidth": 1},
        "geo": {"bgcolor": "white"},
        "title": {"x": 0.05},
    },
}


def figure_meta(fig: Figure) -> dict[str, Any]:
    """What every figure of `dashboard.figures` carries: title, subtitle, source, alt (text alternative), empty."""
    return fig["layout"]["meta"]


def numbers(values: Iterable[Any]) -> list[float | None]:
    """Values for a trace: plain floats, a missing value as None (JSON has no NaN)."""
    return [None if v is None or (isinstance(v, float) and math.isnan(v)) else v for v in values]


# --- shared --------------------------------------------------------------------------------------


def value_text(data: IndicatorData, value: float | None) -> str:
    return with_unit(value, data.indicator.unit, data.indicator.decimals)


def unit_text(data: IndicatorData) -> str:
    unit = data.indicator.unit
    return {"%": "procent", "antal": "antal"}.get(unit, unit)


def period_x(period: str) -> int | str:
    """Years as numbers, months as dates (so a target year past the data still has a place)."""
    return Period.parse(period).x


def year_x(year: int, monthly: bool) -> int | str:
    return f"{year}-12-01" if monthly else year


def source_text(data: IndicatorData, *frames: pd.DataFrame) -> str:
    """ "Källa: SCB. Bearbetning: Region Jämtland Härjedalen." """
    return f"Källa: {'; '.join(data.sources(*frames))}. Bearbetning: {data.processed_by}."


def finish(
    fig: Figure,
    data: IndicatorData,
    style: Style,
    *,
    title: str,
    subtitle: str,
    source: str,
    alt: str,
    height: int,
    empty: bool = False,
) -> Figure:
    """Swedish separators, fonts, margins; the report style draws title, subtitle and source line."""
    report = style == "report"
    layout = fig["layout"]
    layout.update(
        template=TEMPLATE,
        separators=SEPARATORS,
        font={"family": FONT, "size": 14 if report else 13, "color": "#1d2a33"},
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        height=height + (110 if report else 0),
        margin={"l": 10, "r": 50, "t": 90 if report else 10, "b": 100 if report else 10},  # report: room for the source line
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
        meta={"title": title, "subtitle": subtitle, "source": source, "alt": alt, "empty": empty},
        hoverlabel={"font": {"family": FONT}},
    )
    annotations = layout.setdefault("annotations", []) if report or empty else []
    if report:
        layout["title"] = {"text": title, "x": 0.01, "xanchor": "left", "font": {"size": 19}, "subtitle": {"text": subtitle}}
        annotations.append(
            {"text": source, "xref": "paper", "yref": "paper", "x": 0, "y": 0, "yshift": -70, "xanchor": "left", "yanchor": "top",
             "showarrow": False, "font": {"size": 11, "color": "#444"}}
        )  # fmt: skip
    if empty:
        annotations.append(
            {"text": "Data saknas", "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5, "showarrow": False,
             "font": {"size": 16, "color": "#595959"}}
        )  # fmt: skip
        for axis in ("xaxis", "yaxis"):
            layout.setdefault(axis, {})["visible"] = False
    return fig


def range_text(frame: pd.DataFrame) -> str:
    periods = sorted(frame["period"]) if not frame.empty else []
    if not periods:
        return "inga värden"
    first, last = period_label(periods[0]), period_label(periods[-1])
    return first if first == last else f"{first}–{last}"


def sorted_best_first(frame: pd.DataFrame, direction: str) -> pd.DataFrame:
    """Best first in the indicator's direction; missing values last."""
    return frame.sort_values("value", ascending=direction == "lower", na_position="last", kind="stable")
