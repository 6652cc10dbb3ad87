"""`python -m etl import` on damaged and oversized workbooks: a clear error naming file, sheet and cell, and the
database and the run store exactly as they were."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import duckdb
import pytest
from xlsx import Raw, write_xlsx

from etl import cli
from etl.build import build
from etl.sources import workbook

HEADER = ["indikator", "område", "period", "kön", "värde", "flagga", "källa"]


def row(value: object = 11.5, period: object = "2016", indicator: str = "sjukpenningtal") -> list:
    return [indicator, "23", period, "T", value, None, "Försäkringskassan"]


def state(db: Path) -> tuple[str, list[str]]:
    runs = db.parent / "runs"
    kept = sorted(p.name for p in runs.iterdir()) if runs.exists() else []
    return hashlib.sha256(db.read_bytes()).hexdigest(), kept


@pytest.fixture
def db(data_dir: Path, tmp_path: Path) -> Path:
    path = tmp_path / "laget.duckdb"
    build(path, data_dir)
    return path


def import_(data_dir: Path, db: Path, path: Path) -> int:
    return cli.main(["--data", str(data_dir), "import", str(path), "--db", str(db)])


CASES = {
    "text in a number cell": (
        [row(Raw('<c r="{ref}"><v>1l,5</v></c>'))],
        "bad.xlsx, sheet 'Data', row 2, column E: '1l,5' in a number cell is not a number",
    ),
    "NaN in a number cell": (
        [row(Raw('<c r="{ref}" t="n"><v>NaN</v></c>'))],
        "row 2, column E: 'NaN' in a number cell is not a number",
    ),
    "infinity in a number cell": (
        [row(Raw('<c r="{ref}"><v>1E999</v></c>'))],
        "row 2, column E: '1E999' in a number cell is not a finite number",
    ),
    "a junk date": (
        [row(period=Raw('<c r="{ref}" t="d"><v>2016-13-45</v></c>'))],
        "row 2, column C: '2016-13-45' in a date cell is not a date",
    ),
    "a date serial no date has": (
        [row(period=Raw('<c r="{ref}" s="1"><v>99999999</v></c>'))],
        "row 2, column C: '99999999' is formatted as a date, but no date has that serial number",
    ),
    "a shared string index past the table": (
        [row(), [*row()[:6], Raw('<c r="{ref}" t="s"><v>999</v></c>')]],
        "row 3, column G: shared string '999' does not exist (the file has",
    ),
    "a negative shared string index": (
        [[Raw('<c r="{ref}" t="s"><v>-1</v></c>'), *row()[1:]]],
        "row 2, column A: shared string '-1' does not exist",
    ),
    "a style that does not exist": (
        [row(Raw('<c r="{ref}" s="77"><v>11.5</v></c>'))],
        "row 2, column E: the cell's style 77 does not exist in the file",
    ),
    "junk in a true/false cell": (
        [row(Raw('<c r="{ref}" t="b"><v>ja</v></c>'))],
        "row 2, column E: 'ja' in a true/false cell is neither 0 nor 1",
    ),
    "a cell address that is none": (
        [row(Raw('<c r="E"><v>11.5</v></c>'))],
        "row 2, column E: the cell reference 'E' in the file is not a cell address",
    ),
    "an over-long cell": (
        [[*row()[:6], "x" * 5000]],
        "row 2, column G: the cell holds 5000 characters; at most 1000 are read",
    ),
    "a date in the period column of a yearly indicator": (
        [row(period=dt.datetime(2016, 3, 1))],
        "row 2, column C: period '2016-03' is monthly, but the indicator is yearly (the cell holds the date 2016-03-01",
    ),
    "a month for a yearly indicator, typed as text": (
        [row(period="2016-03")],
        "row 2, column C: period '2016-03' is monthly, but the indicator is yearly",
    ),
    "a year for a monthly indicator": (
        [row(period="2016", indicator="folkmangd_manad", value=1000)],
        "row 2, column C: period '2016' is yearly, but the indicator is monthly",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_a_damaged_cell_is_named_and_nothing_is_loaded(data_dir, db, tmp_path, capsys, case):
    rows, expected = CASES[case]
    path = write_xlsx(tmp_path / "bad.xlsx", [HEADER, *rows])
    before = state(db)
    assert import_(data_dir, db, path) == 1
    err = capsys.readouterr().err
    assert expected in err
    assert "Traceback" not in err and "previous database is unchanged" in err
    assert state(db) == before


def test_formulas_saved_without_their_values_are_an_error_not_missing_rows(data_dir, db, tmp_path, capsys):
    """A file written by a program that does not calculate: 5 of 6 figures are formulas with no cached value."""
    rows = [row(11.5, period="2010")] + [
        row(Raw(f'<c r="{{ref}}"><f>E2+{n}</f><v></v></c>'), period=str(2010 + n)) for n in range(1, 6)
    ]
    path = write_xlsx(tmp_path / "bad.xlsx", [HEADER, *rows])
    before = state(db)
    assert import_(data_dir, db, path) == 1
    err = capsys.readouterr().err
    assert "5 problem(s) in the workbook" in err
    for r in range(3, 8):
        assert f"bad.xlsx, sheet 'Data', row {r}, column E: the formula =E2+{r - 2} has no saved value" in err
    assert "open it in Excel or LibreOffice, save it, and import it again" in err
    assert state(db) == before


def test_formulas_saved_by_excel_with_their_values_are_read(data_dir, db, tmp_path, capsys):
    rows = [
        row(Raw('<c r="{ref}"><f>10+1.5</f><v>11.5</v></c>')),
        [*row(period="2017")[:6], Raw('<c r="{ref}" t="str"><f>"FK"</f><v>FK</v></c>')],
    ]
    path = write_xlsx(tmp_path / "ok.xlsx", [HEADER, *rows])
    assert import_(data_dir, db, path) == 0
    assert "2 rows, 2 new" in capsys.readouterr().out
    con = duckdb.connect(str(db), read_only=True)
    got = con.execute("SELECT period, value, source FROM latest WHERE run_id > 1 ORDER BY period").fetchall()
    con.close()
    assert got == [("2016", 11.5, "Försäkringskassan"), ("2017", 11.5, "FK")]


def test_damaged_sheet_xml_is_an_error(data_dir, db, tmp_path, capsys):
    path = write_xlsx(tmp_path / "bad.xlsx", [HEADER, row(), [Raw('<c r="{ref}"><v>1</v>')]])
    before = state(db)
    assert import_(data_dir, db, path) == 1
    err = capsys.readouterr().err
    assert "bad.xlsx, sheet 'Data', row 3: the sheet's XML is damaged here and cannot be read (ParseError" in err
    assert state(db) == before


def million_rows(path: Path, dimension: str | None) -> Path:
    """A header and a million rows of one figure in column H, right of the template's columns: 5 MB on disk."""
    rows = (HEADER if n == 0 else [*[None] * 7, Raw('<c r="{ref}"><v>1</v></c>')] for n in range(1_000_001))
    return write_xlsx(path, rows, dimension=dimension)


@pytest.mark.parametrize(
    ("dimension", "expected"),
    [
        ("A1:G1000001", "huge.xlsx, sheet 'Data', row 100001: the sheet reaches row 1 000 001; at most 100 000 rows are read"),
        (None, "huge.xlsx, sheet 'Data', row 100001: the sheet has a row 100001; at most 100 000 rows are read"),
    ],
    ids=["used range given", "used range left out"],
)
def test_a_million_rows_are_refused_before_they_are_read(data_dir, db, tmp_path, capsys, dimension, expected):
    """With the used range Excel writes first, before a row is read; without it, when the stream passes the limit."""
    path = million_rows(tmp_path / "huge.xlsx", dimension)
    before = state(db)
    assert import_(data_dir, db, path) == 1
    assert expected in capsys.readouterr().err
    assert state(db) == before


def test_a_workbook_that_unpacks_too_large_is_refused_before_it_is_opened(data_dir, db, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(workbook, "MAX_UNPACKED_BYTES", 2**20)
    path = write_xlsx(tmp_path / "big.xlsx", [HEADER, *[row(period=str(1000 + n)) for n in range(20_000)]])
    assert import_(data_dir, db, path) == 1
    assert "big.xlsx, sheet 'Data', row 0: the workbook unpacks to" in capsys.readouterr().err


def test_many_bad_cells_stop_the_reading_early(data_dir, db, tmp_path, capsys):
    rows = [row(Raw('<c r="{ref}"><v>x</v></c>')) for _ in range(5000)]
    path = write_xlsx(tmp_path / "bad.xlsx", [HEADER, *rows])
    assert import_(data_dir, db, path) == 1
    err = capsys.readouterr().err
    assert f"{workbook.MAX_PROBLEMS} problem(s) in the workbook (reading stopped after {workbook.MAX_PROBLEMS})" in err
