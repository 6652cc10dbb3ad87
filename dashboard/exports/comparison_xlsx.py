"""The standard comparison of a län as an xlsx workbook (`/export/rapport.xlsx?region=14&malset=jamforelse`)."""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook

from core.regions import COMPARISON_NAME
from dashboard import comparison, queries
from dashboard.comparison_view import NOT_TARGETS
from dashboard.db import Database
from dashboard.exports.data import number_format, save, write_header, write_table
from dashboard.format import period_label

COLUMNS = [
    "Indikator",
    "Period",
    "Länet",
    "Riket",
    "Skillnad mot riket",
    "Plats bland länen",
    "Län med värde",
    "Tidigare period",
    "Tidigare värde",
    "Enhet",
    "Källa",
]


def to_xlsx(db: Database, region_code: str) -> bytes:
    """One sheet: every standard indicator with a value, then those a refresh fills in, and who processed them."""
    region = queries.region_row(db, region_code)
    assert region is not None
    name = str(region["name"])
    rows = comparison.comparison(db, region_code)
    have = [r for r in rows if r.value is not None]
    wb = Workbook()
    ws = wb.active
    ws.title = "Jämförelse"
    info = [name, NOT_TARGETS, f"Bearbetning: {region['processed_by']}. Uttaget {dt.date.today():%Y-%m-%d} ur Läget i länet."]
    first = write_header(ws, f"{COMPARISON_NAME} – {name}", info)
    table = [
        [
            r.name,
            period_label(r.period or ""),
            r.value,
            r.riket,
            None if r.gap is None else round(r.gap, r.decimals),
            r.rank,
            r.of or None,
            period_label(r.earlier_period) if r.earlier_period else None,
            r.earlier,
            r.unit,
            r.source,
        ]
        for r in have
    ]
    write_table(ws, first, COLUMNS, table, [44, 10, 12, 12, 16, 14, 12, 14, 14, 10, 60])
    for i, r in enumerate(have, start=first + 1):
        for column in (3, 4, 5, 9):
            ws.cell(row=i, column=column).number_format = number_format(r.decimals, r.unit)
    line = first + len(table) + 2
    missing = [r for r in rows if r.value is None]
    if missing:
        ws.cell(row=line, column=1, value=f"Fylls i efter en uppdatering (inga värden för {name} i databasen ännu):")
        for offset, r in enumerate(missing, start=1):
            ws.cell(row=line + offset, column=1, value=f"{r.name}: {r.refresh}")
    return save(wb)
