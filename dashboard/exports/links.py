"""Download links for the pages: each chart's image and data, the goal-fulfilment report, the dialog deck."""

from __future__ import annotations

import datetime as dt

from dash import html

from core.regions import COMPARISON_ID
from dashboard.components import href
from dashboard.exports.render import renderer_available
from dashboard.indicator_view import IndicatorState


def chart_downloads(state: IndicatorState, chart: str) -> html.Div:
    """ "Ladda ner: PNG (tryck) · PNG (bildspel) · SVG · PDF · Excel · CSV" for one chart of an indicator view.

    Without a chromium to draw with, only the data links, and a sentence saying what to install.
    """
    params = {k: v for k, v in state.params().items() if v is not None}
    if chart != "trend":
        params["diagram"] = chart
    figure = f"/export/figur/{state.indicator_id}"
    data = f"/export/data/{state.indicator_id}"
    images = [
        ("PNG för tryck", href(f"{figure}.png", **params, storlek="a4")),
        ("PNG för bildspel", href(f"{figure}.png", **params, storlek="bild")),
        ("SVG", href(f"{figure}.svg", **params)),
        ("PDF", href(f"{figure}.pdf", **params)),
    ]
    tables = [("Excel", href(f"{data}.xlsx", **params)), ("CSV", href(f"{data}.csv", **params))]
    missing = renderer_available()
    if missing:
        return html.Div([_links("Ladda ner diagrammets data", tables), html.P(missing, className="small text-muted")])
    return _links("Ladda ner diagrammet och dess data", images + tables)


def report_downloads(region: str, goal_set: str, year: int | None, per: dt.date | None = None) -> html.Div:
    """The goal-fulfilment report of a region's goal set and year (as published by `per`) as Excel, PDF and Word."""
    params = {"region": region, "malset": goal_set, "ar": year, "per": per}
    return _links(
        "Ladda ner måluppfyllelsen",
        [
            ("Excel", href("/export/rapport.xlsx", **params)),
            ("PDF", href("/export/rapport.pdf", **params)),
            ("Word", href("/export/rapport.docx", **params)),
            ("Word med diagram", href("/export/rapport.docx", **params, diagram=1)),
        ],
    )


def comparison_downloads(region: str) -> html.Div:
    """The standard comparison of a län as an Excel workbook."""
    url = href("/export/rapport.xlsx", region=region, malset=COMPARISON_ID)
    return _links("Ladda ner jämförelsen", [("Excel", url)])


def _links(label: str, links: list[tuple[str, str]]) -> html.Div:
    items: list = [html.Span(f"{label}: ", className="downloads-label")]
    for i, (text, url) in enumerate(links):
        items += [" · " if i else "", html.A(text, href=url, download="", className="download-link")]
    return html.Div(items, className="downloads small")
