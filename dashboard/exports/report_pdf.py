"""The goal-fulfilment report as a PDF (A4, landscape), typeset with ReportLab.

ReportLab's platypus tables repeat their header on every page, wrap long cells and colour single cells,
and it embeds a TrueType font, so the status glyphs (✓ ◐ ✕ –) and å/ä/ö print. DejaVu Sans comes with
Debian (fonts-dejavu-core, which chromium needs too); without it Helvetica prints the status words only.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from dashboard.exports.report import (
    SUMMARY_COLUMNS,
    TABLE_COLUMNS,
    Report,
    summary_rows,
    summary_values,
    tally_notes,
    text_colour,
)
from dashboard.labels import label_for
from dashboard.status import Status

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
INK = colors.HexColor("#1d2a33")
ACCENT = colors.HexColor("#0B4F6C")
HEADER_BG = colors.HexColor("#DCE6EC")


@cache
def fonts() -> tuple[str, str, bool]:
    """(regular, bold, has_glyphs): DejaVu Sans when installed, else Helvetica."""
    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if regular.is_file() and bold.is_file():
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(regular)))
        pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
        pdfmetrics.registerFontFamily("DejaVuSans", normal="DejaVuSans", bold="DejaVuSans-Bold")
        return "DejaVuSans", "DejaVuSans-Bold", True
    return "Helvetica", "Helvetica-Bold", False


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold, _ = fonts()
    return {
        "title": ParagraphStyle("title", fontName=bold, fontSize=18, leading=22, textColor=ACCENT, spaceAfter=4),
        "h2": ParagraphStyle("h2", fontName=bold, fontSize=13, leading=16, textColor=ACCENT, spaceBefore=6, spaceAfter=4),
        "body": ParagraphStyle("body", fontName=regular, fontSize=9, leading=11.5, textColor=INK),
        "small": ParagraphStyle("small", fontName=regular, fontSize=8, leading=10, textColor=colors.HexColor("#444444")),
        "cell": ParagraphStyle("cell", fontName=regular, fontSize=8.5, leading=10.5, textColor=INK),
        "cell_bold": ParagraphStyle("cell_bold", fontName=bold, fontSize=8.5, leading=10.5, textColor=INK),
        "num": ParagraphStyle("num", fontName=regular, fontSize=8.5, leading=10.5, textColor=INK, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", fontName=bold, fontSize=8.5, leading=10.5, textColor=INK),
    }


def status_text(status: Status | None) -> str:
    label = label_for(status)
    return f"{label.glyph} {label.word}" if fonts()[2] else label.word


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _base_style() -> list:
    regular, _, _ = fonts()
    return [
        ("FONTNAME", (0, 0), (-1, -1), regular),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, colors.HexColor("#BBBBBB")),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]


def _summary_table(report: Report, s: dict[str, ParagraphStyle]) -> Table:
    header = [_p(h if fonts()[2] else h.lstrip("✓◐✕– "), s["head"]) for h in SUMMARY_COLUMNS]
    rows = [header]
    bold_rows = []
    for label, year, rollup in summary_rows(report):
        values = summary_values(rollup)
        cells = [_p(label, s["cell_bold"] if label == "Alla prioriteringar" else s["cell"]), _p(str(year), s["cell"])]
        for i, value in enumerate(values):
            is_share = i in (1, 3, 5)
            cells.append(_p("" if value is None else f"{value} %" if is_share else str(value), s["num"]))
        if label == "Alla prioriteringar":
            bold_rows.append(len(rows))
        rows.append(cells)
    widths = [8.2 * cm, 1.3 * cm] + [1.9 * cm, 1.4 * cm] * 3 + [1.5 * cm, 2.3 * cm]
    table = Table(rows, colWidths=widths, repeatRows=1)
    style = _base_style()
    for offset, status in enumerate((Status.MET, Status.PARTLY_MET, Status.NOT_MET)):
        col = 2 + 2 * offset
        style.append(("BACKGROUND", (col, 0), (col, 0), colors.HexColor(label_for(status).colour)))
        header[col].style = ParagraphStyle("h", parent=s["head"], textColor=colors.HexColor("#" + text_colour(status)))
    for r in bold_rows:
        style.append(("LINEABOVE", (0, r), (-1, r), 1, ACCENT))
    table.setStyle(TableStyle(style))
    return table


def _priority_table(section, s: dict[str, ParagraphStyle]) -> Table:
    rows = [[_p(h, s["head"]) for h in TABLE_COLUMNS]]
    style = _base_style()
    for i, row in enumerate(section.rows, start=1):
        status = row.result.status
        progress = row.result.progress is not None
        ink = row.label.colour if progress else "#" + text_colour(status)
        status_style = ParagraphStyle(f"st{i}", parent=s["cell_bold"], textColor=colors.HexColor(ink))
        rows.append(
            [
                Paragraph(f"<b>{escape(row.goal_text)}</b><br/>{escape(row.target_text)}", s["cell"]),
                _p(row.baseline, s["cell"]),
                _p(row.outcome_text, s["cell"]),
                _p(row.status_text if fonts()[2] else row.status_text.split(" ", 1)[1], status_style),
                _p(row.comment, s["cell"]),
            ]
        )
        if not progress:
            style.append(("BACKGROUND", (3, i), (3, i), colors.HexColor(label_for(status).colour)))
    table = Table(rows, colWidths=[9.2 * cm, 3.0 * cm, 3.2 * cm, 3.3 * cm, 8.4 * cm], repeatRows=1)
    table.setStyle(TableStyle(style))
    return table


def to_pdf(report: Report) -> bytes:
    """The report on A4 landscape pages: the summary, then one table per priority."""
    s = _styles()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=1.5 * cm,
        rightMargin=1.5 * cm,
        topMargin=1.5 * cm,
        bottomMargin=1.6 * cm,
        title=report.title,
        author=report.region_name,
        subject="Måluppfyllelse",
        creator="Läget i länet",
    )
    story: list = [
        _p(report.title, s["title"]),
        _p(report.region_name, s["body"]),
        _p(f"Mål: {report.goal_set_source}", s["small"]),
        *([_p(report.per_text, s["small"])] if report.per_text else []),
        Spacer(1, 0.3 * cm),
        _p(f"Sammanfattning per prioritering: utfall {report.year} jämfört med {report.year - 1}", s["h2"]),
        _p("Andelar av mätta mål (uppnådda + delvis + ej uppnådda). Status visas med färg, symbol och ord.", s["small"]),
        Spacer(1, 0.2 * cm),
        _summary_table(report, s),
        Spacer(1, 0.2 * cm),
        *(_p(note, s["small"]) for note in (report.summary.rule_text, *tally_notes(report.summary.now))),
        PageBreak(),
        _p(f"Mål och utfall {report.year} per prioritering", s["title"]),
    ]
    for section in report.sections:
        if not section.rows:
            continue
        heading = _p(f"{section.number} {section.title}", s["h2"])
        notes = [_p(note, s["small"]) for note in tally_notes(section.tally)]
        story += [Spacer(1, 0.4 * cm), KeepTogether([heading, *notes, _priority_table(section, s)])]

    def footer(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont(fonts()[0], 7.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(1.5 * cm, 0.9 * cm, f"{report.region_name} · {report.title} · Källa: Läget i länet")
        canvas.drawRightString(landscape(A4)[0] - 1.5 * cm, 0.9 * cm, f"Sida {document.page}")
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
