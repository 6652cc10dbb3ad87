"""The look every figure shares: Okabe–Ito colours, fonts and separators, the report frame (title, subtitle,
source line, "Data saknas") and the words of values, units and ranges."""

from __future__ import annotations

from typing import Literal

import pandas as pd
import plotly.graph_objects as go

from core.period import Period
from dashboard.format import period_label, with_unit
from dashboard.indicator_view import IndicatorData

Style = Literal["screen", "report"]

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
    fig: go.Figure,
    data: IndicatorData,
    style: Style,
    *,
    title: str,
    subtitle: str,
    source: str,
    alt: str,
    height: int,
    empty: bool = False,
) -> go.Figure:
    """Swedish separators, fonts, margins; the report style draws title, subtitle and source line."""
    report = style == "report"
    fig.update_layout(
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
    if report:
        fig.update_layout(
            title={"text": title, "x": 0.01, "xanchor": "left", "font": {"size": 19}, "subtitle": {"text": subtitle}},
        )
        fig.add_annotation(
            text=source, xref="paper", yref="paper", x=0, y=0, yshift=-70, xanchor="left", yanchor="top",
            showarrow=False, font={"size": 11, "color": "#444"},
        )  # fmt: skip
    if empty:
        fig.add_annotation(
            text="Data saknas", xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False, font={"size": 16, "color": "#595959"}
        )
        fig.update_xaxes(visible=False)
        fig.update_yaxes(visible=False)
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
