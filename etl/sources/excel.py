"""Excel sources read with openpyxl: PTS broadband, Arbetsförmedlingen varsel, and the region's own template.

Layouts (the header row is looked for in the first rows, so title rows above it are fine):

- `template` (written by `python -m etl template FILE.xlsx`): sheet `Data`, row 1 exactly
  `indikator | område | period | kön | värde | flagga | källa`, one observation a row.
- `pts_bredband`: sheet `options.sheet` (default `Län`), a header row with an area column (`Kod`, `Länskod`,
  `Kommunkod`, or names under `Län`/`Kommun`/`Område`) and the value column `options.value_column`
  (default `Andel hushåll 100 Mbit/s`); the period from an `År` column or `options.period`. Cells formatted
  as percent are read as percent (0,536 → 53,6).
- `af_varsel`: sheet `options.sheet` (default `Varsel`), a header row whose first column is `Län` (names or
  codes) and whose other columns are months (dates, `2023-11` or `2023M11`); persons notified per cell.

Figures may be written the Swedish way (`1 234,5`); `..`, `-` and blank cells are missing values; any other
text in a number column is an error naming the file, sheet, row and column (every such error is listed). A
period must fit the indicator's frequency. Sheets are read by `etl.sources.workbook`, which reports every cell
it cannot read and enforces the size limits.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from etl import normalise
from etl.paths import PROJECT_ROOT
from etl.sources.base import Context, SkipSource, SourceError, tidy
from etl.sources.spec import SourceSpec
from etl.sources.workbook import CellProblem, ExcelError, Row, SheetReader, open_sheet

__all__ = ["CellProblem", "ExcelClient", "ExcelError", "read_template", "write_template"]

TEMPLATE_SHEET = "Data"
TEMPLATE_HEADER = ["indikator", "område", "period", "kön", "värde", "flagga", "källa"]
HEADER_SEARCH_ROWS = 15


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _key(value: Any) -> str:
    return _text(value).lower()


class AreaNames:
    """Area code from a code or a name ("Jämtlands län", "Jämtland", "Riket", "Östersund")."""

    def __init__(self, areas: pd.DataFrame):
        self.codes = set(areas["area_code"])
        self.by_name: dict[str, str] = {"riket": "00", "sverige": "00", "hela riket": "00", "totalt": "00"}
        for code, name in zip(areas["area_code"], areas["name"], strict=True):
            self.by_name[name.lower()] = code
        for code, name in zip(areas["area_code"], areas["name"], strict=True):
            short = re.sub(r"s? län$", "", name.lower())
            self.by_name.setdefault(short, code)

    def code(self, value: Any) -> str | None:
        text = _text(value)
        if re.fullmatch(r"\d{1,4}", text):
            padded = text.zfill(4 if len(text) > 2 else 2)  # Excel drops leading zeros: 114 → 0114, 3 → 03
            if padded in self.codes:
                return padded
            if len(text) == 4 and text.startswith("00"):
                return text[2:]
        return self.by_name.get(text.lower())


def find_header(
    rows: Iterator[tuple[int, Row]], wanted: dict[str, tuple[str, ...]], reader: SheetReader
) -> tuple[Row, int, dict[str, int]]:
    """The first row (within HEADER_SEARCH_ROWS) that has a column for every role; (row, its number, role → column)."""
    for r, row in rows:
        if r > HEADER_SEARCH_ROWS:
            break
        keys = [_key(v) for v, _ in row]
        found = {}
        for role, names in wanted.items():
            hit = next((c for c, k in enumerate(keys) if k in names), None)
            if hit is not None:
                found[role] = hit
        if len(found) == len(wanted):
            return row, r, found
    expected = "; ".join(f"{role}: one of {', '.join(repr(n) for n in names)}" for role, names in wanted.items())
    reason = f"no header row in the first {HEADER_SEARCH_ROWS} rows with {expected}"
    raise ExcelError([*reader.problems, CellProblem(reader.file, reader.sheet, 1, 0, reason)])


def _cell(row: tuple, column: int) -> tuple[Any, str]:
    return row[column] if column < len(row) else (None, "General")


def _number(row: tuple, column: int, out: list[CellProblem], file: str, sheet: str, row_no: int) -> float | None:
    value, fmt = _cell(row, column)
    try:
        number = normalise.number(value)
    except normalise.NormaliseError as exc:
        out.append(CellProblem(file, sheet, row_no, column + 1, f"{exc} (write the figure, or '..' when it is missing)"))
        return None
    if number is not None and isinstance(value, (int, float)) and "%" in str(fmt):
        number *= 100
    return number


def _area_rows(
    rows: Iterable[tuple[int, Row]], column: int, names: AreaNames, where: CellProblem, problems: list[CellProblem]
) -> Iterator[tuple[int, Row, str]]:
    """(row number, row, area code) for each data row below the header; unknown areas are noted, blank ones skipped."""
    for r, row in rows:
        value = _cell(row, column)[0]
        if _text(value) == "":
            continue
        code = names.code(value)
        if code is None:
            problems.append(CellProblem(where.file, where.sheet, r, column + 1, f"unknown area {_text(value)!r}"))
            continue
        yield r, row, code


def _period(value: Any) -> str:
    if isinstance(value, (dt.datetime, dt.date)):
        return f"{value.year}-{value.month:02d}"
    return normalise.period(_text(value))


def _misfit(ctx: Context, indicator: str, period: str, raw: Any) -> str | None:
    """Why `period` does not fit the indicator's frequency (`Known.period_misfit`), with a hint for a date cell."""
    reason = ctx.known.period_misfit(indicator, period)
    if reason and isinstance(raw, (dt.datetime, dt.date)):
        reason += (
            f" (the cell holds the date {raw:%Y-%m-%d}, read as the month {period}: format the column as text "
            "and write the period as 2016, 2016K4 or 2016-10)"
        )
    return reason


def read_template(path: Path, ctx: Context, source_default: str = "") -> pd.DataFrame:
    """A filled template → long rows; every problem listed with its cell."""
    file, sheet = path.name, TEMPLATE_SHEET
    problems: list[CellProblem] = []
    out = []
    with open_sheet(path, sheet) as reader:
        rows = reader.rows()
        first = next(rows, None)
        header = [_key(v) for v, _ in first[1]] if first and first[0] == 1 else []
        for c, expected in enumerate(TEMPLATE_HEADER):
            got = header[c] if c < len(header) else ""
            if got != expected:
                problems.append(CellProblem(file, sheet, 1, c + 1, f"header should be {expected!r}, got {got!r}"))
        reader.check(problems)
        names = AreaNames(ctx.areas)
        for r, row in rows:
            record = _template_row(ctx, names, CellProblem(file, sheet, r, 0, ""), row, problems, source_default)
            if record is not None:
                out.append(record)
            reader.enough(problems)
        reader.check(problems)
    return pd.DataFrame(out, columns=["indicator_id", "area_code", "period", "sex", "value", "flag", "source"])


def _template_row(
    ctx: Context, names: AreaNames, at: CellProblem, row: Row, problems: list[CellProblem], source_default: str
) -> dict[str, Any] | None:
    """One row of the template as a long row, or None (blank, or its problems noted)."""
    cells = [_cell(row, c)[0] for c in range(len(TEMPLATE_HEADER))]
    if all(_text(v) == "" for v in cells):
        return None
    file, sheet, r = at.file, at.sheet, at.row
    ind, area_raw, period_raw, sex_raw, _, flag_raw, source_raw = cells
    ind = _text(ind)
    if ind not in ctx.known.indicators:
        problems.append(CellProblem(file, sheet, r, 1, f"unknown indicator {ind!r} (see the sheet 'Indikatorer')"))
    area = names.code(area_raw)
    if area is None:
        problems.append(CellProblem(file, sheet, r, 2, f"unknown area {_text(area_raw)!r} (a code such as 23 or 2380)"))
    try:
        period = _period(period_raw)
    except normalise.NormaliseError as exc:
        problems.append(CellProblem(file, sheet, r, 3, str(exc)))
        period = None
    if period and (misfit := _misfit(ctx, ind, period, period_raw)):
        problems.append(CellProblem(file, sheet, r, 3, misfit))
    sex = _text(sex_raw).upper() or "T"
    if sex not in ("T", "K", "M"):
        problems.append(CellProblem(file, sheet, r, 4, f"kön must be T, K or M, got {sex!r}"))
    value = _number(row, 4, problems, file, sheet, r)
    flag = _text(flag_raw).lower() or None
    if flag not in (None, "ca", "p"):
        problems.append(CellProblem(file, sheet, r, 6, f"flagga must be empty, 'ca' or 'p', got {flag!r}"))
    source = _text(source_raw) or source_default
    if not source:
        problems.append(CellProblem(file, sheet, r, 7, "källa is missing: every figure must name its source"))
    if value is None or not area or not period:
        return None
    return {"indicator_id": ind, "area_code": area, "period": period, "sex": sex, "value": value, "flag": flag, "source": source}


def read_pts(path: Path, spec: SourceSpec, ctx: Context) -> pd.DataFrame:
    options = spec.options
    file, sheet = path.name, str(options.get("sheet", "Län"))
    value_column = _key(options.get("value_column", "Andel hushåll 100 Mbit/s"))
    wanted = {
        "area": ("kod", "länskod", "kommunkod", "län", "kommun", "område"),
        "value": (value_column,),
    }
    period_fixed = options.get("period")
    if period_fixed is None:
        wanted["period"] = ("år", "period")
    problems: list[CellProblem] = []
    out = []
    with open_sheet(path, sheet) as reader:
        rows = reader.rows()
        _, _, cols = find_header(rows, wanted, reader)
        names = AreaNames(ctx.areas)
        for r, row, area in _area_rows(rows, cols["area"], names, CellProblem(file, sheet, 0, 0, ""), problems):
            raw = period_fixed if period_fixed is not None else _cell(row, cols["period"])[0]
            try:
                period = normalise.period(_text(raw))
            except normalise.NormaliseError as exc:
                problems.append(CellProblem(file, sheet, r, cols.get("period", -1) + 1, str(exc)))
                continue
            if misfit := _misfit(ctx, spec.indicator, period, raw):
                problems.append(CellProblem(file, sheet, r, cols.get("period", -1) + 1, misfit))
            value = _number(row, cols["value"], problems, file, sheet, r)
            if value is not None:
                out.append((area, period, value))
            reader.enough(problems)
        reader.check(problems)
    return _rows(spec, out, "PTS")


def read_af_varsel(path: Path, spec: SourceSpec, ctx: Context) -> pd.DataFrame:
    options = spec.options
    file, sheet = path.name, str(options.get("sheet", "Varsel"))
    problems: list[CellProblem] = []
    out = []
    with open_sheet(path, sheet) as reader:
        rows = reader.rows()
        header, header_row, cols = find_header(rows, {"area": ("län", "region", "område")}, reader)
        months: dict[int, str] = {}
        for c, (value, _) in enumerate(header):
            if c == cols["area"] or _text(value) == "":
                continue
            try:
                months[c] = _period(value)
            except normalise.NormaliseError:
                reason = f"column header {_text(value)!r} is not a month (2023-11)"
                problems.append(CellProblem(file, sheet, header_row, c + 1, reason))
                continue
            if misfit := _misfit(ctx, spec.indicator, months[c], value):
                problems.append(CellProblem(file, sheet, header_row, c + 1, misfit))
        if not months and not problems:
            problems.append(CellProblem(file, sheet, header_row, 0, "no month columns right of 'Län'"))
        reader.check(problems)
        names = AreaNames(ctx.areas)
        for r, row, area in _area_rows(rows, cols["area"], names, CellProblem(file, sheet, 0, 0, ""), problems):
            for c, period in months.items():
                value = _number(row, c, problems, file, sheet, r)
                if value is not None:
                    out.append((area, period, value))
            reader.enough(problems)
        reader.check(problems)
    return _rows(spec, out, "Arbetsförmedlingen")


def _rows(spec: SourceSpec, triples: list[tuple[str, str, float]], source: str) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "indicator_id": spec.indicator,
                "area_code": a,
                "period": p,
                "sex": "T",
                "value": v,
                "flag": None,
                "source": spec.source_text or source,
            }
            for a, p, v in triples
        ]
    )


def resolve_file(spec: SourceSpec) -> Path:
    path = Path(spec.file)
    return path if path.is_absolute() else PROJECT_ROOT / path


class ExcelClient:
    def fetch(self, spec: SourceSpec, ctx: Context) -> Path:
        path = resolve_file(spec)
        if not path.exists():
            raise SkipSource(f"no file at {path}; put the {spec.layout} workbook there to load it")
        return path

    def parse(self, spec: SourceSpec, raw: Path, ctx: Context) -> pd.DataFrame:
        if spec.layout == "template":
            frame = read_template(raw, ctx, spec.source_text)
            other = sorted(set(frame["indicator_id"]) - {spec.indicator}) if spec.indicator != "*" else []
            if other:
                raise SourceError(f"{spec.id}: {raw.name} holds {', '.join(other)}, but this source is for {spec.indicator}")
        elif spec.layout == "pts_bredband":
            frame = read_pts(raw, spec, ctx)
        elif spec.layout == "tva_konkurser":
            from etl.sources.publishers.tillvaxtanalys import read_konkurser_export  # the publishers import this module

            frame = read_konkurser_export(raw, spec, ctx)
        else:
            frame = read_af_varsel(raw, spec, ctx)
        if frame.empty:
            raise SourceError(f"{spec.id}: {raw.name} holds no figures")
        return tidy(frame, spec.id, ctx.known)


def write_template(path: Path, indicators: dict[str, Any], areas: pd.DataFrame) -> None:
    """The workbook analysts fill in with the region's own figures (`python -m etl import` reads it back)."""
    wb = Workbook()
    data = wb.active
    data.title = TEMPLATE_SHEET
    data.append(TEMPLATE_HEADER)
    for c, width in enumerate([28, 12, 12, 8, 12, 10, 40], start=1):
        data.column_dimensions[get_column_letter(c)].width = width
        data.cell(row=1, column=c).style = "Headline 4"
    for r in range(2, 1002):
        for c in (1, 2, 3, 4, 6, 7):
            data.cell(row=r, column=c).number_format = "@"  # text: keeps 0114 and 2016-10 as written
    sexes = DataValidation(type="list", formula1='"T,K,M"', allow_blank=True)
    flags = DataValidation(type="list", formula1='"ca,p"', allow_blank=True)
    ids = DataValidation(type="list", formula1=f"=Indikatorer!$A$2:$A${len(indicators) + 1}", allow_blank=True)
    for validation, column in ((sexes, "D"), (flags, "F"), (ids, "A")):
        data.add_data_validation(validation)
        validation.add(f"{column}2:{column}1001")
    data.freeze_panes = "A2"
    sheet = wb.create_sheet("Indikatorer")
    sheet.append(["indikator", "namn", "enhet", "frekvens"])
    for ind in indicators.values():
        sheet.append([ind.indicator_id, ind.name, ind.unit, ind.frequency])
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 60
    sheet = wb.create_sheet("Områden")
    sheet.append(["kod", "namn", "nivå"])
    for code, name, level in zip(areas["area_code"], areas["name"], areas["level"], strict=True):
        sheet.append([code, name, level])
    sheet = wb.create_sheet("Instruktioner")
    for line in (
        "Fyll i bladet Data, en uppgift per rad.",
        "indikator: id från bladet Indikatorer. område: kod från bladet Områden (00 riket, 23 länet, 2380 kommun).",
        "period: 2016 (år), 2016-10 (månad) eller 2016K4 (kvartal). kön: T (totalt), K (kvinnor) eller M (män).",
        "värde: siffra, decimalkomma går bra. Lämna tomt eller skriv .. om uppgiften saknas.",
        "flagga: tomt, ca (ungefärligt) eller p (preliminärt). källa: varifrån uppgiften kommer (krävs).",
        "Läs in med: python -m etl import FIL.xlsx (läggs till som en ny årgång; tidigare värden finns kvar).",
    ):
        sheet.append([line])
    sheet.column_dimensions["A"].width = 110
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
