"""Excel layouts (PTS, Arbetsförmedlingen, the template) and their clear errors; `etl template` / `etl import`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from fakeapi import source_spec
from openpyxl import Workbook, load_workbook

from etl import cli
from etl.build import build
from etl.cache import ResponseCache
from etl.observations import Known
from etl.sources.base import Context, Fetcher
from etl.sources.excel import ExcelClient, ExcelError, read_template
from etl.sources.spec import SourceSpec


def ctx(data_dir: Path, tmp_path: Path) -> Context:
    areas = pd.read_csv(data_dir / "areas.csv", dtype=str, keep_default_na=False)
    areas["parent_code"] = areas["parent_code"].replace("", None)
    known = Known(frozenset({"bredband_100_hushall", "varsel", "foretagsamhet", "sjukpenningtal"}), frozenset(areas["area_code"]))
    return Context(Fetcher(None, ResponseCache(tmp_path / "c"), offline=True), areas, known)


def workbook(path: Path, sheet: str, rows: list[list], formats: dict[str, str] | None = None) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    for cell, fmt in (formats or {}).items():
        ws[cell].number_format = fmt
    wb.save(path)
    return path


def fill(ws, row: int, values: list) -> None:
    for column, value in enumerate(values, start=1):
        ws.cell(row=row, column=column, value=value)


def excel_spec(layout: str, file: Path, indicator: str, **options) -> SourceSpec:
    return source_spec(f"t_{layout}", indicator, "excel", layout=layout, file=str(file), options=options)


def test_pts_layout_with_title_rows_percent_cells_and_swedish_numbers(data_dir, tmp_path):
    path = workbook(
        tmp_path / "pts.xlsx",
        "Län",
        [
            ["PTS Bredbandskartläggning 2023"],
            [],
            ["Länskod", "Län", "Andel hushåll 100 Mbit/s", "År"],
            ["00", "Riket", 0.912, 2023],
            ["23", "Jämtlands län", "85,4", 2023],
            ["06", "Jönköpings län", "..", 2023],
            [None, None, None, None],
            ["01", "Stockholms län", "-", 2023],
        ],
        {"C4": "0.0%"},
    )
    frame = ExcelClient().parse(excel_spec("pts_bredband", path, "bredband_100_hushall"), path, ctx(data_dir, tmp_path))
    assert frame[["area_code", "period", "value"]].values.tolist() == [["00", "2023", 91.2], ["23", "2023", 85.4]]
    assert set(frame["source"]) == {"PTS"}


def test_af_varsel_wide_months_by_name(data_dir, tmp_path):
    path = workbook(
        tmp_path / "af.xlsx",
        "Varsel",
        [
            ["Varsel om uppsägning"],
            ["Län", dt.datetime(2023, 11, 1), "2023-12", "2024M01"],
            ["Jämtlands län", 15, 52, None],
            ["Riket", "1 234", "2 001", 900],
        ],
    )
    frame = ExcelClient().parse(excel_spec("af_varsel", path, "varsel"), path, ctx(data_dir, tmp_path))
    got = sorted(frame[["area_code", "period", "value"]].values.tolist())
    assert got == [
        ["00", "2023-11", 1234.0],
        ["00", "2023-12", 2001.0],
        ["00", "2024-01", 900.0],
        ["23", "2023-11", 15.0],
        ["23", "2023-12", 52.0],
    ]


@pytest.mark.parametrize(
    ("build_file", "expected"),
    [
        (
            lambda p: workbook(p, "Blad1", [["Länskod"]]),
            "x.xlsx, sheet 'Län', row 0: no sheet named 'Län' (the workbook has 'Blad1')",
        ),
        (
            lambda p: workbook(p, "Län", [["Kod", "Värde"], ["23", 1]]),
            "x.xlsx, sheet 'Län', row 1: no header row in the first 15 rows",
        ),
        (
            lambda p: workbook(p, "Län", [["Kod", "Andel hushåll 100 Mbit/s", "År"], ["23", "ca 85", 2023], ["99", 1, 2023]]),
            "x.xlsx, sheet 'Län', row 2, column B: 'ca 85' is not a number",
        ),
        (
            lambda p: workbook(p, "Län", [["Kod", "Andel hushåll 100 Mbit/s", "År"], ["99", 1, 2023]]),
            "x.xlsx, sheet 'Län', row 2, column A: unknown area '99'",
        ),
        (lambda p: (p.write_text("not a workbook"), p)[1], "not an Excel workbook"),
    ],
)
def test_bad_pts_files_give_clear_errors(data_dir, tmp_path, build_file, expected):
    path = build_file(tmp_path / "x.xlsx")
    with pytest.raises(ExcelError) as info:
        ExcelClient().parse(excel_spec("pts_bredband", path, "bredband_100_hushall"), path, ctx(data_dir, tmp_path))
    assert expected in str(info.value)


def test_af_month_header_that_is_not_a_month(data_dir, tmp_path):
    path = workbook(tmp_path / "af.xlsx", "Varsel", [["Län", "2023-11", "Summa"], ["Riket", 1, 1]])
    with pytest.raises(ExcelError, match=r"af.xlsx, sheet 'Varsel', row 1, column C: column header 'Summa' is not a month"):
        ExcelClient().parse(excel_spec("af_varsel", path, "varsel"), path, ctx(data_dir, tmp_path))


def test_template_round_trip_and_errors(data_dir, tmp_path, capsys):
    path = tmp_path / "mall.xlsx"
    assert cli.main(["--data", str(data_dir), "template", str(path)]) == 0
    wb = load_workbook(path)
    assert wb.sheetnames == ["Data", "Indikatorer", "Områden", "Instruktioner"]
    ws = wb["Data"]
    fill(ws, 2, ["foretagsamhet", "23", "2016", "T", "14,8", None, "Svenskt Näringsliv"])
    fill(ws, 3, ["foretagsamhet", 2380, 2016, "", 12.5, "p", "Svenskt Näringsliv"])
    fill(ws, 4, ["foretagsamhet", "23", "2017", "T", "..", None, "Svenskt Näringsliv"])
    wb.save(path)
    frame = read_template(path, ctx(data_dir, tmp_path))
    rows = frame[["area_code", "period", "sex", "value", "flag"]].values.tolist()
    assert [[*r[:4], None if pd.isna(r[4]) else r[4]] for r in rows] == [
        ["23", "2016", "T", 14.8, None],
        ["2380", "2016", "T", 12.5, "p"],
    ]
    fill(ws, 5, ["okand", "99", "2016x", "X", "mycket", "z", None])
    wb.save(path)
    with pytest.raises(ExcelError) as info:
        read_template(path, ctx(data_dir, tmp_path))
    text = str(info.value)
    for column, reason in (
        ("A", "unknown indicator"),
        ("B", "unknown area"),
        ("C", "period"),
        ("D", "kön"),
        ("E", "'mycket' is not a number"),
        ("F", "flagga"),
        ("G", "källa is missing"),
    ):
        assert f"mall.xlsx, sheet 'Data', row 5, column {column}: {reason}" in text
    wb["Data"]["C1"] = "år"
    wb.save(path)
    with pytest.raises(ExcelError, match="sheet 'Data', row 1, column C: header should be 'period', got 'år'"):
        read_template(path, ctx(data_dir, tmp_path))


def test_import_adds_a_vintage(data_dir, tmp_path, capsys):
    db = tmp_path / "laget.duckdb"
    build(db, data_dir)
    path = tmp_path / "egna.xlsx"
    cli.main(["--data", str(data_dir), "template", str(path)])
    wb = load_workbook(path)
    fill(wb["Data"], 2, ["sjukpenningtal", "23", "2015", "T", "11,5", None, "Försäkringskassan"])
    wb.save(path)
    assert cli.main(["--data", str(data_dir), "import", str(path), "--db", str(db)]) == 0
    assert "1 new, 1 revised" in capsys.readouterr().out
    con = duckdb.connect(str(db), read_only=True)
    vintages = con.execute(
        "SELECT value FROM observations WHERE indicator_id = 'sjukpenningtal' AND period = '2015' ORDER BY run_id"
    ).fetchall()
    source = con.execute("SELECT source FROM runs ORDER BY run_id DESC LIMIT 1").fetchone()
    con.close()
    assert vintages == [(11.0,), (11.5,)] and source == ("import:egna.xlsx",)
    fill(wb["Data"], 3, ["sjukpenningtal", "23", "2016", "T", "n/a", None, "FK"])
    wb.save(path)
    before = db.read_bytes()
    assert cli.main(["--data", str(data_dir), "import", str(path), "--db", str(db)]) == 1
    assert "egna.xlsx, sheet 'Data', row 3, column E" in capsys.readouterr().err
    assert db.read_bytes() == before
