"""The goal-fulfilment report as Word: read back with python-docx, and typeset by LibreOffice into pages to look at.

LibreOffice (Debian's libreoffice-writer-nogui, installed by `make test`) converts every document of the session
in one run; the pages are written to tests/screenshots/ as PNG (pdftoppm, poppler-utils).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from dashboard import analysis
from dashboard.db import Database
from dashboard.exports import report as report_model
from dashboard.exports.report_docx import ANALYSIS_COLUMN, section_charts, unbroken
from dashboard.labels import label_for
from dashboard.view_state import resolve_goal_view
from tests.conftest import SCREENSHOTS

SOFFICE = shutil.which("soffice")
PDFTOPPM = shutil.which("pdftoppm")


@pytest.fixture(scope="module")
def client(built_db: Path) -> Iterator:
    from dashboard.app import create_app

    yield create_app(built_db).server.test_client()


@pytest.fixture(scope="module")
def db(built_db: Path) -> Database:
    return Database(built_db)


def _reports(db: Database) -> list[tuple[str, str, int]]:
    """RUN-2016 for 2016 and each of Jönköping's own goal sets (not the RUS) for 2021."""
    own = db.query("SELECT goal_set FROM goal_sets WHERE region_code = '06' AND goal_set NOT LIKE 'rus-%' ORDER BY goal_set")
    return [("23", "run-2016", 2016), *(("06", g, 2021) for g in own["goal_set"])]


def _url(region: str, goal_set: str, year: int, **more: object) -> str:
    extra = "".join(f"&{k}={v}" for k, v in more.items())
    return f"/export/rapport.docx?region={region}&malset={goal_set}&ar={year}{extra}"


def _model(db: Database, region: str, goal_set: str, year: int) -> report_model.Report:
    return report_model.build_report(db, resolve_goal_view(db, region, goal_set, str(year), None))


def _fill(cell) -> str | None:
    shading = cell._tc.tcPr.find(qn("w:shd")) if cell._tc.tcPr is not None else None
    return None if shading is None else shading.get(qn("w:fill"))


def _following_text(table) -> str:
    """The text of the paragraph right after a table (its source line)."""
    following = table._tbl.getnext()
    return "".join(t.text or "" for t in following.iter(qn("w:t")))


CHARTED = ("06", "rus-2020-2035", 2021)  # a goal set with few measures: few charts to draw


@pytest.fixture(scope="module")
def documents(client, db) -> dict[str, bytes]:
    """The documents of `_reports` without charts, and CHARTED's with them (key ending "_diagram")."""
    charted = client.get(_url(*CHARTED, diagram=1))
    assert charted.status_code == 200, charted.get_data(as_text=True)
    out = {"_".join(map(str, CHARTED)) + "_diagram": charted.data}
    for region, goal_set, year in _reports(db):
        response = client.get(_url(region, goal_set, year))
        assert response.status_code == 200, response.get_data(as_text=True)
        assert response.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        assert f"maluppfyllelse_{region}_{goal_set}_{year}.docx" in response.headers["Content-Disposition"]
        out[f"{region}_{goal_set}_{year}"] = response.data
    return out


def test_reports_exist_for_run_and_jonkopings_own_goal_sets(db):
    reports = _reports(db)
    assert reports[0] == ("23", "run-2016", 2016) and len(reports) >= 2


def test_every_measure_is_a_table_row_with_status_colour_and_swedish_numbers(documents, db):
    for region, goal_set, year in _reports(db):
        model = _model(db, region, goal_set, year)
        document = docx.Document(io.BytesIO(documents[f"{region}_{goal_set}_{year}"]))
        assert document.paragraphs[0].text == model.title and document.paragraphs[0].style.name == "Title"
        headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
        sections = [s for s in model.sections if s.rows]
        assert headings[1:] == [f"{s.number} {s.title}" for s in sections]
        tables = document.tables
        summary = tables[0]
        total = next(r for r in summary.rows if r.cells[0].text == "Alla prioriteringar")
        values = report_model.summary_values(model.total_now)
        assert [c.text for c in total.cells[1:]] == [str(year), *("" if v is None else f"{v}\u00a0%" if i in (1, 3, 5) else str(v) for i, v in enumerate(values))]  # fmt: skip
        assert _following_text(summary).startswith("Andelar av mätta mål")
        goal_tables = [t for t in tables if t.rows[0].cells[-1].text == ANALYSIS_COLUMN]
        assert len(goal_tables) == len(sections)
        drafted = 0
        for section, table in zip(sections, goal_tables, strict=True):
            rollup = tables[tables.index(table) - 1]
            assert [c.text for c in rollup.rows[1].cells[:3]] == [str(year), str(section.now.met), f"{section.now.met_share}\u00a0%" if section.now.measured else ""]  # fmt: skip
            assert [c.text for c in table.rows[0].cells] == [*report_model.TABLE_COLUMNS[:4], ANALYSIS_COLUMN]
            assert len(table.rows) == 1 + len(section.rows)
            drafts = analysis.analyses(db, [r.result for r in section.rows], year)
            for row, cells, draft in zip(section.rows, [r.cells for r in table.rows[1:]], drafts, strict=True):
                assert cells[0].text.startswith(row.goal_text) and unbroken(row.target_text) in cells[0].text
                assert cells[1].text == unbroken(row.baseline)
                assert cells[2].text == unbroken(row.outcome_text)
                assert cells[3].text == unbroken(row.status_text)
                if row.result.progress is None:
                    assert _fill(cells[3]) == label_for(row.result.status).colour.lstrip("#").upper()
                text = cells[4].text
                for comment in draft.comments:
                    assert unbroken(comment) in text and text.index(unbroken(comment)) < text.index("Förslag till analys")
                assert "Förslag till analys (utkast): " + unbroken(draft.draft_text) in text
                drafted += 1
            assert _following_text(table).startswith("Källa: ")
        assert drafted == sum(len(s.rows) for s in sections) > 0


def test_numbers_are_in_swedish_format(documents):
    run = docx.Document(io.BytesIO(documents["23_run-2016_2016"]))
    cells = [c.text for t in run.tables for row in t.rows for c in row.cells]
    assert "14,8\u00a0% (2016)" in cells  # decimal comma, the unit kept on its line
    assert "7\u202f431 (2016)" in cells  # thousands apart by a narrow space that never breaks
    assert any(c == "3,82\u00a0% (2016)" for c in cells)
    assert not [c for c in cells if re.search(r"\d\.\d", c)]  # no decimal points


def test_charts_come_only_with_diagram(client, db, documents):
    region, goal_set, year = CHARTED
    plain = docx.Document(io.BytesIO(client.get(_url(region, goal_set, year)).data))
    assert len(plain.inline_shapes) == 0
    with_charts = docx.Document(io.BytesIO(documents["_".join(map(str, CHARTED)) + "_diagram"]))
    model = _model(db, region, goal_set, year)
    expected = [c for s in model.sections for c in section_charts(db, s)]
    assert len(with_charts.inline_shapes) == len(expected) > 0
    assert all(abs(shape.width.cm - 16) < 0.01 for shape in with_charts.inline_shapes)
    assert all(len(c.png) > 20_000 and c.png.startswith(b"\x89PNG") for c in expected)
    captions = [p.text for p in with_charts.paragraphs if p.style.name == "Caption"]
    assert captions == [f"Figur {i}. {c.caption}" for i, c in enumerate(expected, start=1)]
    bad = client.get(_url(region, goal_set, year, diagram="ja"))
    assert bad.status_code == 400 and "Parametern diagram" in bad.get_data(as_text=True)
    assert client.get(f"/export/rapport.xlsx?region={region}&diagram=1").status_code == 400  # only the docx has charts


@pytest.fixture(scope="module")
def typeset(documents, tmp_path_factory) -> dict[str, Path]:
    """Every document of the session turned into PDF by one LibreOffice run, and each page into a PNG."""
    if SOFFICE is None or PDFTOPPM is None:
        reason = "LibreOffice (libreoffice-writer-nogui) or pdftoppm (poppler-utils) is not installed"
        if os.geteuid() == 0:
            pytest.fail(f"{reason}; make test installs them")
        pytest.skip(f"{reason} and this user cannot install them (make test installs them as root)")
    folder = tmp_path_factory.mktemp("docx")
    for name, body in documents.items():
        (folder / f"{name}.docx").write_bytes(body)
    profile = folder / "profile"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *sorted(str(p) for p in folder.glob("*.docx")),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdfs = {name: folder / f"{name}.pdf" for name in documents}
    for name, pdf in pdfs.items():
        assert pdf.is_file(), f"LibreOffice made no PDF of {name}"
        SCREENSHOTS.mkdir(exist_ok=True)
        subprocess.run([PDFTOPPM, "-r", "60", "-png", str(pdf), str(SCREENSHOTS / f"rapport_docx_{name}")], check=True)
    return pdfs


def test_libreoffice_typesets_every_measure_with_its_figures(typeset, db):
    for region, goal_set, year in [*_reports(db), CHARTED]:
        name = f"{region}_{goal_set}_{year}" + ("_diagram" if (region, goal_set, year) == CHARTED else "")
        pdf = PdfReader(typeset[name])
        assert len(pdf.pages) >= 2
        text = "".join("".join(page.extract_text().split()) for page in pdf.pages)  # words split by a line break join again
        model = _model(db, region, goal_set, year)
        for row in (r for s in model.sections for r in s.rows):
            goal_words = "".join(row.goal_text.split()[:4])
            assert goal_words in text, f"{goal_words!r} missing in the PDF of {name}"
            outcome = "".join(row.outcome_text.split())  # "14,8 % (2016)", "7 431 (2016)" without their spaces
            assert outcome in text, f"{outcome!r} missing in the PDF of {name}"
        pages = sorted(SCREENSHOTS.glob(f"rapport_docx_{name}-*.png"))
        assert len(pages) == len(pdf.pages)
