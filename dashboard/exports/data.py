"""A view's data as files: CSV for Swedish Excel (UTF-8 with BOM, `;`, decimal comma) and a tidy xlsx."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core.enums import RIKET, Flag
from dashboard.indicator_view import IndicatorData
from dashboard.labels import SEX_LABELS

COLUMNS = ["Område", "Områdeskod", "Period", "Kön", "Värde", "Enhet", "Flagga", "Källa"]
FLAGS = {f.value: f.label for f in Flag}
HEADER_FILL = PatternFill("solid", fgColor="DCE6EC")


@dataclass(frozen=True)
class DataTable:
    """The rows behind one view, with what a reader needs to cite them."""

    title: str
    unit: str
    decimals: int
    source: str
    retrieved: str  # the date the figures were loaded, YYYY-MM-DD
    frame: pd.DataFrame  # COLUMNS


def view_table(data: IndicatorData, chart: str, title: str) -> DataTable:
    """The rows behind one chart of an indicator view (`trend`, `lan`, `kommuner`/`kommunkarta`, `kon`), under the chart's title."""
    ind = data.indicator
    sex = SEX_LABELS.get(data.state.sex) or "totalt"
    if chart == "trend":
        own = (data.series, (data.state.area_code, data.area_name))
        parts = [own, (data.riket, (RIKET, "Riket"))] if data.area_level != "riket" else [own]
        frames = [f.assign(area_code=code, area_name=name, sex=sex) for f, (code, name) in parts if not f.empty]
    elif chart == "kon":
        frames = [
            data.by_sex.assign(area_code=data.state.area_code, area_name=data.area_name, sex=data.by_sex["sex"].map(SEX_LABELS))
        ]
    else:
        frame = data.lan if chart == "lan" else data.kommuner
        frames = [frame.assign(period=data.state.period, sex=sex)]
    rows = (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=["area_name", "area_code", "period", "sex", "value", "flag", "source"])
    )
    frame = pd.DataFrame(
        {
            "Område": rows["area_name"],
            "Områdeskod": rows["area_code"],
            "Period": rows["period"],
            "Kön": rows["sex"],
            "Värde": rows["value"].astype(float),
            "Enhet": ind.unit,
            "Flagga": [FLAGS.get(f, "") if isinstance(f, str) else "" for f in rows["flag"]],
            "Källa": rows["source"],
        },
        columns=COLUMNS,
    )
    retrieved = data.last_updated.strftime("%Y-%m-%d") if data.last_updated else "okänt"
    return DataTable(title, ind.unit, int(ind.decimals), ind.source, retrieved, frame)


def to_csv(table: DataTable) -> bytes:
    """UTF-8 with BOM, `;` between fields and a decimal comma: Swedish Excel opens it as it is."""
    text = table.frame.to_csv(sep=";", decimal=",", index=False, lineterminator="\r\n", float_format=f"%.{table.decimals}f")
    return ("\ufeff" + text).encode("utf-8")


def number_format(decimals: int, unit: str = "") -> str:
    """An Excel number format with thousands grouping; Swedish Excel shows it as "10 300,5"."""
    base = "#,##0" + ("." + "0" * decimals if decimals else "")
    return base + ' "%"' if unit == "%" else base


def write_header(ws: Worksheet, title: str, lines: list[str]) -> int:
    """Title row and the lines under it (unit, source, date); returns the next free row."""
    ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
    for i, line in enumerate(lines, start=2):
        ws.cell(row=i, column=1, value=line).font = Font(italic=True, color="444444")
    return len(lines) + 3


def write_table(ws: Worksheet, header_row: int, columns: list[str], rows: list[list], widths: list[int]) -> None:
    """A bold, filled header row frozen in place, then the rows."""
    for col, (name, width) in enumerate(zip(columns, widths, strict=True), start=1):
        cell = ws.cell(row=header_row, column=col, value=name)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(col)].width = width
    for r, values in enumerate(rows, start=header_row + 1):
        for c, value in enumerate(values, start=1):
            ws.cell(row=r, column=c, value=value)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)


def to_xlsx(table: DataTable) -> bytes:
    """A workbook with a title row, unit, source, retrieval date, a frozen header and Swedish number formats."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    first = write_header(
        ws,
        table.title,
        [f"Enhet: {table.unit}", f"Källa: {table.source}", f"Hämtad: {table.retrieved} (Läget i länet)"],
    )
    values = table.frame.astype(object).where(table.frame.notna(), None).values.tolist()
    write_table(ws, first, COLUMNS, values, [26, 11, 10, 9, 12, 10, 12, 60])
    value_col = COLUMNS.index("Värde") + 1
    fmt = number_format(table.decimals, table.unit)
    for row in ws.iter_rows(min_row=first + 1, min_col=value_col, max_col=value_col):
        row[0].number_format = fmt
    ws.auto_filter.ref = f"A{first}:{get_column_letter(len(COLUMNS))}{first + len(values)}"
    return save(wb)


def save(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
