"""The goal-fulfilment report as a Word document (A4 portrait), written with python-docx.

The section an annual report pastes in: the whole goal set's roll-up, then per priority a heading, its
roll-up against the year before, the goal table (Mål och målvärde · Utgångsvärde · Utfall · Status ·
Kommentar och analys) with the status as symbol, word and cell colour, and the source under each table.
The analysis column holds the analysts' own comments first and then the drafted analysis, marked as a
draft. Optionally each measure's trend chart follows its table (report style, 16 cm wide at 300 dpi).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from dashboard import analysis, figures, indicator_view
from dashboard.analysis import DRAFT_LABEL, DRAFT_NOTE, Analysis
from dashboard.db import Database, cached_query
from dashboard.exports.render import SIZES, render
from dashboard.exports.report import (
    SUMMARY_COLUMNS,
    SUMMARY_STATUSES,
    TABLE_COLUMNS,
    PrioritySection,
    Report,
    ReportRow,
    summary_rows,
    summary_values,
    tally_notes,
    text_colour,
)
from dashboard.indicator_state import IndicatorState
from dashboard.labels import label_for

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Arial"
ACCENT = RGBColor(0x0B, 0x4F, 0x6C)
MUTED = RGBColor(0x55, 0x55, 0x55)
HEADER_FILL = "DCE6EC"
ANALYSIS_COLUMN = "Kommentar och analys"
CHARTS_KEPT = 64  # rendered charts kept per database version (about 100 kB each): a goal set's worth
GOAL_WIDTHS = (Cm(4.2), Cm(2.6), Cm(2.0), Cm(2.4), Cm(5.8))  # 17 cm: the text width between 2 cm margins
SUMMARY_WIDTHS = (Cm(3.25), Cm(1.2)) + (Cm(1.7), Cm(1.45)) * 3 + (Cm(1.4), Cm(1.7))
NO_BREAK = str.maketrans({"\u2009": "\u202f"})  # thousands: a narrow space no line breaks at


@dataclass(frozen=True)
class Chart:
    """A measure's chart for the document: the picture (PNG) and its caption."""

    caption: str
    png: bytes


def _shade(cell, fill: str) -> None:
    """Fill a table cell with a colour (w:shd, which Word and LibreOffice both honour)."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill.lstrip("#").upper())
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_as_header(row) -> None:
    """The row repeats at the top of every page the table runs onto."""
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def unbroken(text: str) -> str:
    """Numbers that stay on one line: "17\u202f610", "5,2\u00a0%"."""
    return text.translate(NO_BREAK).replace(" %", "\u00a0%")


def _write(cell, text: str, *, bold: bool = False, colour: str | None = None, right: bool = False) -> None:
    """Put text in a cell, a paragraph per line."""
    lines = unbroken(text).split("\n")
    first = cell.paragraphs[0]
    for i, line in enumerate(lines):
        paragraph = first if i == 0 else cell.add_paragraph()
        if right:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = paragraph.add_run(line)
        run.bold = bold
        if colour:
            run.font.color.rgb = RGBColor.from_string(colour.lstrip("#").upper())


def _table(doc, headers: list[str], widths: tuple) -> object:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for cell, text, width in zip(table.rows[0].cells, headers, widths, strict=True):
        _write(cell, text, bold=True)
        _shade(cell, HEADER_FILL)
        cell.width = width
    _repeat_as_header(table.rows[0])
    return table


def _add_row(table, widths: tuple) -> list:
    row = table.add_row()
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a row moves whole to the next page
    cells = row.cells
    for cell, width in zip(cells, widths, strict=True):
        cell.width = width
    return cells


def _note(doc, text: str, style: str = "Source") -> None:
    doc.add_paragraph(text, style=style)


def _rollup_table(doc, rows: list[tuple[str, int, object]], labelled: bool = True) -> None:
    """Counts and shares per status: one row per (label, year, roll-up); the label column only when `labelled`."""
    skip = 0 if labelled else 1
    widths = SUMMARY_WIDTHS[skip:]
    table = _table(doc, SUMMARY_COLUMNS[skip:], widths)
    for offset, status in enumerate(SUMMARY_STATUSES):
        head = table.rows[0].cells[2 - skip + 2 * offset]
        head._tc.get_or_add_tcPr().remove(head._tc.tcPr.find(qn("w:shd")))
        _shade(head, label_for(status).colour)
        for run in head.paragraphs[0].runs:
            run.font.color.rgb = RGBColor.from_string(text_colour(status))
    for label, year, rollup in rows:
        cells = _add_row(table, widths)
        bold = label == "Alla prioriteringar"
        if labelled:
            _write(cells[0], label, bold=bold)
        values = [
            str(year),
            *("" if v is None else f"{v} %" if i in (1, 3, 5) else str(v) for i, v in enumerate(summary_values(rollup))),
        ]
        for cell, value in zip(cells[1 - skip :], values, strict=True):
            _write(cell, value, bold=bold, right=cell is not cells[1 - skip])


def _status_cell(cell, row: ReportRow) -> None:
    result = row.result
    if result.progress is None:
        _shade(cell, label_for(result.status).colour)
        _write(cell, row.status_text, bold=True, colour=text_colour(result.status))
    else:
        _write(cell, row.status_text, bold=True, colour=row.label.colour)


def _analysis_cell(cell, row: ReportRow, analysis: Analysis) -> None:
    """The analysts' comments first, then the result's note, then the draft in grey italics under its label."""
    first = True
    for text in (*analysis.comments, *([row.result.note] if row.result.note else [])):
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        paragraph.add_run(unbroken(text))
        first = False
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    label = paragraph.add_run(f"{DRAFT_LABEL} (utkast): ")
    label.bold = label.italic = True
    label.font.color.rgb = MUTED
    body = paragraph.add_run(unbroken(analysis.draft_text))
    body.italic = True
    body.font.color.rgb = MUTED


def _goal_table(doc, section: PrioritySection, analyses: list[Analysis]) -> None:
    table = _table(doc, [*TABLE_COLUMNS[:4], ANALYSIS_COLUMN], GOAL_WIDTHS)
    for row, drafted in zip(section.rows, analyses, strict=True):
        cells = _add_row(table, GOAL_WIDTHS)
        cells[0].paragraphs[0].add_run(row.goal_text).bold = True
        cells[0].add_paragraph(unbroken(row.target_text))
        _write(cells[1], row.baseline)
        _write(cells[2], row.outcome_text)
        _status_cell(cells[3], row)
        _analysis_cell(cells[4], row, drafted)


def sources_of(section: PrioritySection) -> str:
    """The publishers of a section's outcomes, in order of first appearance."""
    names = list(dict.fromkeys(r.result.outcome_source for r in section.rows if r.result.outcome_source))
    return "; ".join(names) if names else "inga utfall"


def _set_font(style) -> None:
    """The style's font for every script, with the template's theme fonts (which would win) removed."""
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)


def _styles(doc) -> None:
    normal = doc.styles["Normal"]
    _set_font(normal)
    normal.font.size = Pt(9.5)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "sv-SE")
    normal.element.get_or_add_rPr().append(language)
    for name, size in (("Title", 20), ("Heading 1", 14), ("Heading 2", 11.5)):
        style = doc.styles[name]
        _set_font(style)
        style.font.size, style.font.color.rgb = Pt(size), ACCENT
    table_style = doc.styles["Table Grid"]
    table_style.font.size = Pt(8.5)
    source = doc.styles.add_style("Source", 1)  # 1: a paragraph style
    source.base_style = normal
    source.font.size, source.font.color.rgb = Pt(8), MUTED
    source.paragraph_format.space_before = Pt(3)
    caption = doc.styles["Caption"]
    _set_font(caption)
    caption.font.size, caption.font.color.rgb = Pt(8.5), MUTED


def _page(doc, report: Report) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    footer = section.footer.paragraphs[0]
    footer.text = f"{report.region_name} · {report.title} · Källa: Läget i länet"
    footer.style = doc.styles["Source"]
    props = doc.core_properties
    props.title, props.author, props.subject = report.title, report.region_name, "Måluppfyllelse"
    props.language, props.comments = "sv-SE", DRAFT_NOTE


def to_docx(report: Report, analyses: dict[int, list[Analysis]], charts: dict[int, list[Chart]] | None = None) -> bytes:
    """The document; `analyses` (and `charts`) hold per section index one entry per row (per chart)."""
    doc = Document()
    _styles(doc)
    _page(doc, report)
    doc.add_paragraph(report.title, style="Title")
    doc.add_paragraph(report.region_name)
    _note(doc, f"Mål: {report.goal_set_source}")
    if report.per_text:
        _note(doc, report.per_text)
    doc.add_paragraph(f"Sammanfattning: utfall {report.year} jämfört med {report.year - 1}", style="Heading 1")
    _rollup_table(doc, summary_rows(report))
    _note(doc, "Andelar av mätta mål (uppnådda + delvis + ej uppnådda). Källa: Läget i länet, beräknat på målen ovan.")
    for text in (report.summary.rule_text, *tally_notes(report.summary.now)):
        _note(doc, text)
    _note(doc, f"{DRAFT_LABEL}: {DRAFT_NOTE}")
    figure = 0
    for index, section in enumerate(report.sections):
        if not section.rows:
            continue
        doc.add_paragraph(f"{section.number} {section.title}", style="Heading 1")
        _rollup_table(doc, [("", report.year, section.now), ("", report.year - 1, section.before)], labelled=False)
        for text in tally_notes(section.tally):
            _note(doc, text)
        doc.add_paragraph(f"Mål och utfall {report.year}", style="Heading 2")
        _goal_table(doc, section, analyses[index])
        _note(doc, f"Källa: {sources_of(section)}. Mål och målvärden: {report.goal_set_source}.")
        for chart in (charts or {}).get(index, []):
            figure += 1
            doc.add_picture(io.BytesIO(chart.png), width=Cm(16))
            doc.add_paragraph(f"Figur {figure}. {chart.caption}", style="Caption")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def section_charts(db: Database, section: PrioritySection) -> list[Chart]:
    """Each measure's trend chart up to its outcome, in report style at print size (one per indicator, area and sex)."""
    charts, seen = [], set()
    for row in section.rows:
        r = row.result
        key = (r.indicator_id, r.area_code, r.sex)
        if key in seen or not r.series:
            continue
        seen.add(key)
        params = {"omrade": r.area_code, "kon": r.sex, "till": r.outcome_period}
        state, _ = indicator_view.resolve_indicator_state(db, r.indicator_id, params)
        chart = _trend_chart(db, state)
        if chart is not None:
            title, png = chart
            charts.append(Chart(title or r.label, png))
    return charts


@cached_query(keep=CHARTS_KEPT)
def _trend_chart(db: Database, state: IndicatorState) -> tuple[str, bytes] | None:
    """A view's trend chart in report style at print size: its title and PNG (None when the chart has no data)."""
    figure = figures.trend_figure(indicator_view.indicator_data(db, state), style="report")
    meta = figures.figure_meta(figure)
    if meta.get("empty"):
        return None
    return str(meta.get("title") or ""), render(figure, "png", SIZES["a4"])


def document(db: Database, report: Report, per: dt.date | None = None, with_charts: bool = False) -> bytes:
    """The Word document of a built report: drafted analyses for every measure, and the charts when asked for."""
    drafts = {i: analysis.analyses(db, [row.result for row in s.rows], report.year, per) for i, s in enumerate(report.sections)}
    charts = {i: section_charts(db, s) for i, s in enumerate(report.sections)} if with_charts else None
    return to_docx(report, drafts, charts)
