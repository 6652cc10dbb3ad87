"""Write .xlsx files in the shape Excel saves them, with any cell XML a test wants (malformed on purpose).

Excel's shape, as opposed to openpyxl's: text in the shared-string table (`t="s"`, `<v>` its index), dates as
serial numbers with a date style (style 1 here is numFmtId 14), formulas as `<f>` with the cached `<v>`.
A cell given as `Raw('<c …>…</c>')` goes into the sheet as it is, so a test can put text in a number cell,
a junk date, an index past the shared strings or a formula without its value.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


class Raw(str):
    """A cell's XML exactly as given; `{ref}` is replaced by the cell's address."""


def _cell(ref: str, value: object, strings: dict[str, int]) -> str:
    if isinstance(value, Raw):
        return value.replace("{ref}", ref)
    if value is None:
        return ""
    if isinstance(value, str):
        index = strings.setdefault(value, len(strings))
        return f'<c r="{ref}" t="s"><v>{index}</v></c>'
    if isinstance(value, (dt.date, dt.datetime)):
        return f'<c r="{ref}" s="1"><v>{to_excel(value)}</v></c>'
    return f'<c r="{ref}"><v>{value!r}</v></c>'


def _rows(rows: Iterable[list], strings: dict[str, int]) -> Iterator[str]:
    for r, row in enumerate(rows, start=1):
        cells = "".join(_cell(f"{get_column_letter(c)}{r}", v, strings) for c, v in enumerate(row, start=1))
        yield f'<row r="{r}" spans="1:{max(len(row), 1)}">{cells}</row>'


def write_xlsx(path: Path, rows: Iterable[list], *, sheet: str = "Data", dimension: str | None = None, strings=()) -> Path:
    """A workbook of one sheet; `dimension` is the used range Excel writes first (left out when None)."""
    shared: dict[str, int] = {s: n for n, s in enumerate(strings)}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{CT}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{CT}.worksheet+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{CT}.styles+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{CT}.sharedStrings+xml"/>'
            "</Types>",
        )
        z.writestr(
            "_rels/.rels",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{PKG}">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
            f'<sheets><sheet name="{escape(sheet)}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{PKG}">'
            f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{REL}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId3" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        )
        z.writestr(
            "xl/styles.xml",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="{MAIN}">'
            '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
            '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            "</styleSheet>",
        )
        with z.open("xl/worksheets/sheet1.xml", "w") as out:
            head = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{MAIN}" xmlns:r="{REL}">'
            out.write((head + (f'<dimension ref="{dimension}"/>' if dimension else "") + "<sheetData>").encode())
            for row in _rows(rows, shared):
                out.write(row.encode())
            out.write(b"</sheetData></worksheet>")
        items = "".join(f"<si><t>{escape(s)}</t></si>" for s in shared)
        z.writestr(
            "xl/sharedStrings.xml",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<sst xmlns="{MAIN}" count="{len(shared)}" uniqueCount="{len(shared)}">{items}</sst>',
        )
    return path
