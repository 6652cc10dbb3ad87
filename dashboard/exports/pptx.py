"""The näringslivsdialog deck as a PowerPoint file (16:9): charts as images, source lines, comments as notes."""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from dashboard.exports.deck import Deck, Slide
from dashboard.exports.render import Size, render

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.6)
CHART = Size("slide-chart", "diagram i bildspel", 1920, 705, default_height=470)  # fills the slide under the headline
ACCENT = RGBColor(0x0B, 0x4F, 0x6C)
INK = RGBColor(0x1D, 0x2A, 0x33)
GREY = RGBColor(0x55, 0x55, 0x55)
TITLE_ONLY, TITLE_SLIDE = 5, 0


def _text(slide, left: Emu, top: Emu, width: Emu, height: Emu, text: str, size: int, colour: RGBColor, *, bold=False):
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    frame.text = text
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, colour
    return box


def _title(slide, text: str) -> None:
    """The headline in the slide's title placeholder (so outlines and screen readers find it)."""
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = MARGIN, Inches(0.55), WIDTH - 2 * MARGIN, Inches(1.25)
    title.text = text
    frame = title.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.TOP
    for paragraph in frame.paragraphs:
        paragraph.alignment = PP_ALIGN.LEFT
        for run in paragraph.runs:
            run.font.size, run.font.bold, run.font.color.rgb = Pt(28), True, INK


def _content_slide(prs: Presentation, deck: Deck, item: Slide, number: int, total: int) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    inner = WIDTH - 2 * MARGIN
    _text(slide, MARGIN, Inches(0.2), inner, Inches(0.4), item.topic.upper(), 14, ACCENT, bold=True)
    _title(slide, item.headline)
    if item.detail:
        _text(slide, MARGIN, Inches(1.8), inner, Inches(0.5), item.detail, 16, GREY)
    top = Inches(2.35)
    if item.figure is not None:
        image = render(item.figure, "png", CHART)
        height = Emu(int(inner * CHART.height / CHART.width))
        slide.shapes.add_picture(io.BytesIO(image), MARGIN, top, width=inner, height=height)
    elif item.items:
        box = _text(slide, MARGIN, top, inner, Inches(4.4), "", 18, INK)
        frame = box.text_frame
        for i, line in enumerate(item.items):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            run = paragraph.add_run()
            run.text = f"• {line}"
            run.font.size, run.font.color.rgb = Pt(18), INK
            paragraph.space_after = Pt(6)
    else:
        _text(slide, MARGIN, top + Inches(0.6), inner, Inches(0.9), "Data saknas", 40, GREY, bold=True)
        _text(slide, MARGIN, top + Inches(1.6), inner, Inches(1.2), item.missing or "", 20, GREY)
    _text(slide, MARGIN, HEIGHT - Inches(0.55), inner - Inches(1), Inches(0.4), item.source, 11, GREY)
    _text(slide, WIDTH - MARGIN - Inches(1), HEIGHT - Inches(0.55), Inches(1), Inches(0.4), f"{number}/{total}", 11, GREY)
    slide.notes_slide.notes_text_frame.text = item.notes


def to_pptx(deck: Deck) -> bytes:
    """A title slide, then one slide per finding, each with its source line and speaker notes."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    first = prs.slides.add_slide(prs.slide_layouts[TITLE_SLIDE])
    title, subtitle = first.shapes.title, first.placeholders[1]
    title.left, title.top, title.width, title.height = MARGIN, Inches(2.2), WIDTH - 2 * MARGIN, Inches(1.6)
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = MARGIN, Inches(4.0), WIDTH - 2 * MARGIN, Inches(1.0)
    title.text = deck.title
    subtitle.text = f"{deck.region_name} · underlag ur Läget i länet · nytt sedan {deck.since_text}"
    for shape, size, colour, bold in ((title, 40, ACCENT, True), (subtitle, 22, GREY, False)):
        for paragraph in shape.text_frame.paragraphs:
            paragraph.alignment = PP_ALIGN.LEFT
            for run in paragraph.runs:
                run.font.size, run.font.color.rgb, run.font.bold = Pt(size), colour, bold
    first.notes_slide.notes_text_frame.text = "\n".join(s.headline + "." for s in deck.slides)
    for i, item in enumerate(deck.slides, start=1):
        _content_slide(prs, deck, item, i, len(deck.slides))
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()
