"""Reading one sheet of an .xlsx safely: streamed, bounded, and every cell that cannot be read reported.

The sheet is parsed by openpyxl's own streaming sheet parser (the one behind `read_only=True`), checked cell
by cell: a number cell whose XML holds text or NaN, a date that is no date, a shared-string index that does
not exist, a style that does not exist, a formula saved without its value (written by a program that does
not calculate) and an over-long cell each become a `CellProblem` naming file, sheet, cell and reason. Nothing
is read into memory beyond the current row, and the limits below stop a huge file before it costs much.
"""

from __future__ import annotations

import contextlib
import math
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.worksheet._reader import DATA_TAG, DIMENSION_TAG, FORMULA_TAG, VALUE_TAG, WorkSheetParser
from openpyxl.xml.functions import iterparse

from etl.config import problem_list
from etl.sources.base import SourceError

MAX_ROWS = 100_000  # rows a sheet
MAX_CELL_CHARS = 1_000  # characters a cell
MAX_UNPACKED_BYTES = 64 * 1024 * 1024  # the workbook's files, unpacked
MAX_COLUMNS = 1_000  # columns a row (values further right are an error, empty formatted cells are ignored)
MAX_PROBLEMS = 200  # reading stops after this many unreadable cells


@dataclass(frozen=True)
class CellProblem:
    file: str
    sheet: str
    row: int
    column: int
    reason: str

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", column {get_column_letter(self.column)}" if self.column else "")
        return f"{self.file}, sheet {self.sheet!r}, {where}: {self.reason}"


class ExcelError(SourceError):
    """Every problem found in a workbook, each naming file, sheet, row and column."""

    def __init__(self, problems: list[CellProblem], *, stopped: bool = False):
        self.problems = sorted(problems, key=lambda p: (p.row, p.column))
        heading = "problem(s) in the workbook" + (f" (reading stopped after {MAX_PROBLEMS})" if stopped else "")
        super().__init__(problem_list(heading, self.problems, limit=30))


Row = tuple[tuple[Any, str], ...]  # (value, number format) a cell, from column A


class _CheckedParser(WorkSheetParser):
    """openpyxl's sheet parser; a cell it cannot read, or should not, is noted and read as empty."""

    def __init__(self, src: Any, reader: SheetReader):
        wb = reader.workbook
        super().__init__(src, reader.shared_strings, True, wb.epoch, wb._date_formats, wb._timedelta_formats)
        self.reader = reader

    def parse_row(self, row: Any) -> tuple[int, list[dict]]:
        number = row.get("r")
        if number is not None and not number.isdigit():
            self.reader.note(self.row_counter + 1, 0, f"the row number {number!r} in the file is not a number")
            del row.attrib["r"]
        return super().parse_row(row)

    def parse_cell(self, element: Any) -> dict:
        kind = element.get("t", "n")
        text = element.findtext(VALUE_TAG)
        ref = element.get("r") or ""
        try:
            row, column = coordinate_to_tuple(ref) if ref else (self.row_counter, self.col_counter + 1)
        except (ValueError, TypeError):
            row, column = self.row_counter, self.col_counter + 1
            return self._bad(row, column, f"the cell reference {ref!r} in the file is not a cell address")
        formula = element.find(FORMULA_TAG)
        if formula is not None and (text is None or (text == "" and kind != "str")):
            shown = f" ={formula.text}" if formula.text else ""
            return self._bad(
                row,
                column,
                f"the formula{shown} has no saved value (the file was written by a program that does not calculate): "
                "open it in Excel or LibreOffice, save it, and import it again",
            )
        if kind == "s" and text is not None and not (text.strip().isdigit() and int(text) < len(self.shared_strings)):
            return self._bad(row, column, f"shared string {text!r} does not exist (the file has {len(self.shared_strings)})")
        try:
            cell = super().parse_cell(element)
        except (ValueError, TypeError, OverflowError, IndexError, KeyError) as exc:
            return self._bad(row, column, _reason(kind, text, exc))
        value = cell["value"]
        if isinstance(value, float) and not math.isfinite(value):
            return self._bad(row, column, f"{text!r} in a number cell is not a finite number")
        if cell["data_type"] == "e" and kind == "n":
            return self._bad(row, column, f"{text!r} is formatted as a date, but no date has that serial number")
        if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
            return self._bad(row, column, f"the cell holds {len(value)} characters; at most {MAX_CELL_CHARS} are read")
        cell["value"] = (value, self.reader.number_format(cell["style_id"], row, column))
        return cell

    def _bad(self, row: int, column: int, reason: str) -> dict:
        self.reader.note(row, column, reason)
        return {"row": row, "column": column, "value": (None, "General"), "data_type": "n", "style_id": 0}


def _reason(kind: str, text: str | None, exc: Exception) -> str:
    if kind == "n":
        return f"{text!r} in a number cell is not a number"
    if kind == "d":
        return f"{text!r} in a date cell is not a date"
    if kind == "b":
        return f"{text!r} in a true/false cell is neither 0 nor 1"
    return f"the cell cannot be read ({type(exc).__name__}: {exc})"


@dataclass
class SheetReader:
    """One open sheet: its rows as a stream, and the problems met while reading them."""

    file: str
    sheet: str
    workbook: Any  # openpyxl's Workbook as its ExcelReader made it: epoch, styles and number formats
    shared_strings: list
    archive: zipfile.ZipFile
    target: str  # the sheet's XML in the archive
    problems: list[CellProblem] = field(default_factory=list)
    formats: dict[int, str] = field(default_factory=dict)

    def note(self, row: int, column: int, reason: str) -> None:
        self.problems.append(CellProblem(self.file, self.sheet, row, column, reason))
        if len(self.problems) >= MAX_PROBLEMS:
            raise ExcelError(self.problems, stopped=True)

    def number_format(self, style_id: int, row: int, column: int) -> str:
        if style_id not in self.formats:
            try:
                fmt_id = self.workbook._cell_styles[style_id].numFmtId
                if fmt_id < BUILTIN_FORMATS_MAX_SIZE:
                    self.formats[style_id] = BUILTIN_FORMATS.get(fmt_id, "General")
                else:
                    self.formats[style_id] = self.workbook._number_formats[fmt_id - BUILTIN_FORMATS_MAX_SIZE]
            except (IndexError, KeyError, TypeError):
                self.note(row, column, f"the cell's style {style_id} does not exist in the file")
                return "General"
        return self.formats[style_id]

    def rows(self) -> Iterator[tuple[int, Row]]:
        """(row number, cells from column A) for each row the sheet has; stops with ExcelError past MAX_ROWS."""
        last = 0
        try:
            with self.archive.open(self.target) as src, warnings.catch_warnings():
                warnings.simplefilter("ignore")
                for number, cells in _CheckedParser(src, self).parse():
                    last = number
                    if number > MAX_ROWS:
                        raise ExcelError([self._too_long(f"has a row {number}")])
                    yield number, self._place(number, cells)
        except ExcelError:
            raise
        except Exception as exc:  # broken XML or any other damage: name the place, never a traceback
            self.note(last + 1, 0, f"the sheet's XML is damaged here and cannot be read ({type(exc).__name__}: {exc})")
            raise ExcelError(self.problems) from None

    def _place(self, number: int, cells: list[dict]) -> Row:
        """The row's cells by column from A; a value beyond MAX_COLUMNS is an error."""
        kept = [c for c in cells if 1 <= c["column"] <= MAX_COLUMNS]
        for cell in cells:
            if cell["column"] > MAX_COLUMNS and cell["value"][0] is not None:
                self.note(number, 0, f"a value in column {cell['column']}; at most {MAX_COLUMNS} columns are read")
        row: list[tuple[Any, str]] = [(None, "General")] * max((c["column"] for c in kept), default=0)
        for cell in kept:
            row[cell["column"] - 1] = cell["value"]
        return tuple(row)

    def _too_long(self, what: str) -> CellProblem:
        return CellProblem(
            self.file,
            self.sheet,
            MAX_ROWS + 1,
            0,
            f"the sheet {what}; at most {MAX_ROWS:,} rows are read".replace(",", " ")
            + ": delete the empty rows below the data or split it into several files",
        )

    def enough(self, problems: list[CellProblem]) -> None:
        """Stop with ExcelError once reading and the caller's checks together met MAX_PROBLEMS problems."""
        if len(self.problems) + len(problems) >= MAX_PROBLEMS:
            raise ExcelError(self.problems + problems, stopped=True)

    def check(self, problems: list[CellProblem] | None = None) -> None:
        """Raise ExcelError with what reading met and the caller's own problems, if there are any."""
        everything = self.problems + (problems or [])
        if everything:
            raise ExcelError(everything)


def _used_rows(src: Any) -> int | None:
    """The last row of the used range Excel writes before the data (`<dimension ref="A1:G1000">`), without reading on."""
    for _, element in iterparse(src, events=("start",)):
        if element.tag == DIMENSION_TAG:
            m = re.search(r"(\d+)$", element.get("ref") or "")
            return int(m.group(1)) if m else None
        if element.tag == DATA_TAG:
            return None
    return None


@contextlib.contextmanager
def open_sheet(path: Path, sheet: str) -> Iterator[SheetReader]:
    """The sheet, opened for streaming; clear errors for a missing, damaged or too large file or a missing sheet.

    The workbook's parts are read with openpyxl's ExcelReader, but not its sheets: openpyxl's read-only sheets
    parse a whole sheet that lacks the used range when the workbook is opened, before any limit could apply.
    """
    file = path.name

    def fail(reason: str) -> ExcelError:
        return ExcelError([CellProblem(file, sheet, 0, 0, reason)])

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except FileNotFoundError:
        raise fail("file not found") from None
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise fail(f"not an Excel workbook (.xlsx): {exc}") from None
    if unpacked > MAX_UNPACKED_BYTES:
        mb = MAX_UNPACKED_BYTES // 2**20
        raise fail(f"the workbook unpacks to {unpacked / 2**20:.0f} MB; at most {mb} MB are read: split it into several files")
    try:
        excel = ExcelReader(path, read_only=True, data_only=True)
    except Exception as exc:
        raise fail(f"not an Excel workbook (.xlsx): {type(exc).__name__}: {exc}") from None
    try:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # openpyxl's notes on odd styles are no concern of the user
                excel.read_manifest()
                excel.read_strings()
                excel.read_workbook()
                apply_stylesheet(excel.archive, excel.wb)
            sheets = {s.name: rel.target for s, rel in excel.parser.find_sheets() if "chartsheet" not in rel.Type}
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise fail(f"a damaged Excel workbook: {type(exc).__name__}: {exc}") from None
        if sheet not in sheets or sheets[sheet] not in excel.valid_files:
            names = ", ".join(repr(n) for n in sheets)
            raise fail(f"no sheet named {sheet!r} (the workbook has {names})")
        reader = SheetReader(file, sheet, excel.wb, excel.shared_strings, excel.archive, sheets[sheet])
        try:
            with excel.archive.open(sheets[sheet]) as src:
                height = _used_rows(src) or 0
        except Exception as exc:
            raise fail(f"the sheet's XML is damaged at its start ({type(exc).__name__}: {exc})") from None
        if height > MAX_ROWS:
            raise ExcelError([reader._too_long(f"reaches row {height:,}".replace(",", " "))])
        yield reader
    finally:
        excel.archive.close()
