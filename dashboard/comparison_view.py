"""The standard comparison drawn for the pages: the län's headline line and the table of every regional
indicator against riket, the other län and the län's own earlier value (no traffic lights: not targets)."""

from __future__ import annotations

from dash import dcc, html

from dashboard import comparison, queries
from dashboard.comparison import ComparisonRow
from dashboard.components import data_table, href
from dashboard.db import Database
from dashboard.exports.links import comparison_downloads
from dashboard.format import period_label

COLUMNS = ["Indikator", "Period", "Länet", "Riket", "Skillnad mot riket", "Plats bland länen", "Utveckling"]
NOT_TARGETS = (
    "Det här är en jämförelse, inte regionens egna mål: länet jämförs med riket, med de andra länen och med "
    "sitt eget tidigare värde. Därför visas inga trafikljus, bara placering och utveckling."
)


def headline_line(db: Database, region_code: str) -> html.P | None:
    """ "Arbetslöshet 20–64 år 2022: 3,6 % – plats 4 av 21 län …" under a region's heading."""
    row = comparison.headline(db, region_code)
    if row is None:
        return None
    link = dcc.Link("Alla län", href=href(f"/indikator/{row.indicator_id}", omrade=region_code, ar=row.period))
    return html.P([row.sentence, " ", link], className="lan-headline")


def table_rows(rows: list[ComparisonRow]) -> list[list]:
    """The rows that have a value, as the table shows them (text cells)."""
    return [
        [r.name, period_label(r.period or ""), r.fmt(r.value), r.fmt(r.riket), r.gap_text, r.rank_text, r.trend_text]
        for r in rows
        if r.value is not None
    ]


def comparison_section(db: Database, region_code: str, region_name: str) -> list:
    """The whole comparison of one län: table, what fills in after a refresh, riket's barometer, downloads."""
    rows = comparison.comparison(db, region_code)
    shown = table_rows(rows)
    for cells, row in zip(shown, [r for r in rows if r.value is not None], strict=True):
        cells[0] = dcc.Link(row.name, href=href(f"/indikator/{row.indicator_id}", omrade=region_code, ar=row.period))
    missing = [r for r in rows if r.value is None]
    region = queries.region_row(db, region_code)
    processed = str(region["processed_by"]) if region is not None else ""
    sources = list(dict.fromkeys(r.source for r in rows if r.source))
    parts: list = [
        html.H2(f"{region_name} jämfört med riket och länen", className="h4"),
        html.P(NOT_TARGETS, className="comparison-note"),
        data_table(f"Regionala indikatorer för {region_name}, senaste värde i databasen", COLUMNS, shown)
        if shown
        else html.P("Databasen har ännu inga värden för länet.", className="text-muted"),
        html.P(f"Källa: {'; '.join(sources) or '–'}. Bearbetning: {processed}.", className="source-line small text-muted"),
    ]
    if missing:
        parts += [
            html.H3("Fylls i efter en uppdatering", className="h5"),
            html.P(
                f"Den inbäddade datan har ännu inga värden för {region_name} för de här indikatorerna:",
                className="small",
            ),
            html.Ul([html.Li(f"{r.name}: {r.refresh}") for r in missing], className="small refresh-list"),
        ]
    context = [r for r in comparison.riket_context(db) if r.value is not None]
    if context:
        parts.append(
            html.P(["Gäller hela Sverige: ", *[f"{r.sentence} " for r in context]], className="small text-muted riket-context")
        )
    parts.append(comparison_downloads(region_code))
    return parts
