"""Every export opened as a user would: images, data files, the goal-fulfilment report, the dialog deck."""

from __future__ import annotations

import io
import os
import tempfile
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pandas as pd
import plotly.graph_objects as go
import pytest
from PIL import Image
from pptx import Presentation
from pypdf import PdfReader

from dashboard import fulfilment
from dashboard.db import Database
from dashboard.exports import dialog
from dashboard.exports.render import RENDERER, SIZES, Size
from dashboard.labels import STATUS_LABELS
from dashboard.status import Status, roll_up


@pytest.fixture(scope="module")
def client(built_db: Path) -> Iterator:
    from dashboard.app import create_app

    app = create_app(built_db)
    yield app.server.test_client()


@pytest.fixture(scope="module")
def db(built_db: Path) -> Database:
    return Database(built_db)


def _get(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)
    return response


def _not_blank(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = image.getcolors(maxcolors=1_000_000)
    assert colours is not None and len(colours) > 50, "the image is (nearly) one colour"
    white = max(count for count, colour in colours if colour == (255, 255, 255))
    assert white < 0.97 * image.width * image.height, "the image is almost all white"
    return image


def test_chart_png_at_print_and_slide_size(client):
    print_png = _get(client, "/export/figur/arbetsloshet_20_64_manad.png?omrade=23&storlek=a4")
    assert print_png.mimetype == "image/png"
    assert "arbetsloshet_20_64_manad_23_trend.png" in print_png.headers["Content-Disposition"]
    assert _not_blank(print_png.data).width == 1890  # 16 cm at 300 dpi
    slide = _not_blank(_get(client, "/export/figur/arbetsloshet_20_64.png?omrade=23&diagram=lan&storlek=bild").data)
    assert slide.size == (1920, 1080)


def test_chart_svg_has_title_source_and_swedish_numbers(client):
    svg = _get(client, "/export/figur/arbetsloshet_20_64.svg?omrade=23&diagram=lan").get_data(as_text=True)
    root = ET.fromstring(svg)
    text = " ".join(t.text or "" for t in root.iter() if t.tag.endswith("text"))
    assert "Arbetslöshet 20–64 år, länen 2022" in text
    assert "Källa: SCB" in text and "Bearbetning: Region Jämtland Härjedalen" in text
    assert "3,6 %" in text  # Jämtlands län 2022 with a decimal comma


def test_chart_pdf_has_a_page(client):
    pdf = PdfReader(io.BytesIO(_get(client, "/export/figur/folkmangd.pdf?omrade=23&diagram=kommuner").data))
    assert len(pdf.pages) == 1
    assert "Folkmängd" in pdf.pages[0].extract_text()


def test_monthly_axis_has_swedish_month_names(client):
    svg = _get(client, "/export/figur/konkurser_manad.svg?omrade=23").get_data(as_text=True)
    assert "Konkurser per månad" in svg
    ticks = [t.text for t in ET.fromstring(svg).iter() if t.tag.endswith("text") and t.text]
    assert any("Mar" in t or "Feb" in t for t in ticks)
    english_only = {"May", "Oct"}
    assert not [t for t in ticks if any(w in t for w in english_only)]


def test_csv_opens_with_semicolons_and_decimal_commas(client, db):
    response = _get(client, "/export/data/arbetsloshet_20_64_manad.csv?omrade=23")
    assert response.data.startswith("\ufeff".encode())
    frame = pd.read_csv(io.BytesIO(response.data), sep=";", decimal=",", encoding="utf-8-sig", dtype={"Områdeskod": str})
    assert list(frame.columns[:5]) == ["Område", "Områdeskod", "Period", "Kön", "Värde"]
    expected = db.query(
        "SELECT value FROM latest WHERE indicator_id = 'arbetsloshet_20_64_manad' AND area_code = '23' AND period = '2024-01'"
    )["value"].iloc[0]
    row = frame[(frame["Områdeskod"] == "23") & (frame["Period"] == "2024-01")]
    assert row["Värde"].iloc[0] == pytest.approx(expected)
    assert set(frame["Områdeskod"]) == {"23", "00"}
    assert b"3,6;" in response.data


def test_xlsx_has_title_unit_source_date_formats_and_frozen_header(client):
    data = _get(client, "/export/data/arbetsloshet_20_64.xlsx?omrade=23&diagram=lan").data
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert ws["A1"].value == "Arbetslöshet 20–64 år, länen 2022"
    assert ws["A1"].font.bold
    assert ws["A2"].value == "Enhet: %"
    assert ws["A3"].value.startswith("Källa: SCB")
    assert ws["A4"].value.startswith("Hämtad: 20")
    header = [c.value for c in ws[6]]
    assert header[:5] == ["Område", "Områdeskod", "Period", "Kön", "Värde"]
    assert ws.freeze_panes == "A7"
    rows = {r[1]: r for r in ws.iter_rows(min_row=7, values_only=True)}
    assert len(rows) == 21 and rows["23"][4] == pytest.approx(3.6)
    assert ws.cell(row=7, column=5).number_format == '#,##0.0 "%"'


def test_report_xlsx_summary_and_priority_sheets(client, db):
    data = _get(client, "/export/rapport.xlsx?region=23&malset=run-2016&ar=2016").data
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames[0] == "Sammanfattning"
    assert wb.sheetnames[1].startswith("1 Mål samhälle")
    summary = wb["Sammanfattning"]
    assert summary["A1"].value == "Måluppfyllelse 2016 – Regionala utvecklingsnämnden – mål 2016"
    rows = list(summary.iter_rows(min_row=7, values_only=True))
    now = roll_up(r.status for r in fulfilment.evaluate(db, "23", "run-2016", 2016) if r.status)
    before = roll_up(r.status for r in fulfilment.evaluate(db, "23", "run-2016", 2015) if r.status)
    total = next(i for i, r in enumerate(rows) if r[0] == "Alla prioriteringar")
    assert rows[total][1:] == (2016, now.met, now.met_share, now.partly_met, now.partly_met_share, now.not_met, now.not_met_share, now.measured, now.no_data)  # fmt: skip
    assert rows[total + 1][1:4] == (2015, before.met, before.met_share if before.measured else None)
    assert summary.cell(row=7, column=4).number_format == '0" %"'
    sheet = wb[wb.sheetnames[1]]
    assert [c.value for c in sheet[5]] == ["Mål och målvärde", "Utgångsvärde", "Utfall", "Status", "Kommentar"]
    first = [c for c in sheet[6]]
    assert first[0].value.startswith("Mål 1 Fler arbetstillfällen")
    assert first[2].value == pytest.approx(14.8) and "(2016)" in first[2].number_format
    met = STATUS_LABELS[Status.MET]
    assert first[3].value == f"{met.glyph} {met.word}"
    assert first[3].fill.fgColor.rgb.endswith(met.colour.lstrip("#"))
    assert "Högsta andelen företagsamma" in first[4].value
    partly = [c for c in sheet[8]]  # exportföretag, the third goal of the report's table
    assert partly[3].value == "◐ Delvis uppnått"
    assert partly[3].fill.fgColor.rgb.endswith(STATUS_LABELS[Status.PARTLY_MET].colour.lstrip("#"))


def test_report_pdf_has_pages_with_the_summary_and_statuses(client):
    pdf = PdfReader(io.BytesIO(_get(client, "/export/rapport.pdf?region=23&malset=run-2016&ar=2016").data))
    assert len(pdf.pages) >= 2
    first = pdf.pages[0].extract_text()
    assert "Måluppfyllelse 2016" in first and "Alla prioriteringar" in first
    rest = " ".join(p.extract_text() for p in pdf.pages[1:])
    assert "Mål 1 Fler arbetstillfällen" in rest and "Delvis uppnått" in rest and "✓" in rest


def test_dialog_pptx_slides_titles_sources_and_notes(client, db):
    data = _get(client, "/export/dialog.pptx?region=23&sedan=2023-12-18").data
    deck = dialog.build_deck(db, "23", "2023-12-18")
    prs = Presentation(io.BytesIO(data))
    slides = list(prs.slides)
    assert len(slides) == 1 + len(deck.slides)
    assert slides[0].shapes.title.text == "Näringslivsdialog – läget i Jämtlands län"
    for slide, content in zip(slides[1:], deck.slides, strict=True):
        assert slide.shapes.title.text == content.headline
        texts = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        assert content.source in texts
        pictures = [s for s in slide.shapes if s.shape_type == 13]
        assert len(pictures) == (1 if content.figure is not None else 0)
    unemployment = slides[1]
    assert unemployment.shapes.title.text.startswith("Arbetslösheten i Jämtlands län var 3,6 % i januari 2024")
    notes = unemployment.notes_slide.notes_text_frame.text
    assert "Arbetslösheten i länet är fortfarande låg jämfört med riket. (ND-2023" in notes
    assert "Data saknas" in " ".join(s.shapes.title.text for s in slides)


def test_dialog_headlines_come_from_the_data(db):
    deck = dialog.build_deck(db, "23", "2023-12-18")
    by_key = {s.key: s for s in deck.slides}
    own = db.query(
        "SELECT value FROM latest WHERE indicator_id='arbetsloshet_20_64_manad' AND area_code='23' AND period='2024-01'"
    )
    riket = db.query(
        "SELECT value FROM latest WHERE indicator_id='arbetsloshet_20_64_manad' AND area_code='00' AND period='2024-01'"
    )
    gap = round(riket["value"].iloc[0] - own["value"].iloc[0], 1)
    assert f"{gap:.1f}".replace(".", ",") + " procentenheter under riket" in by_key["arbetsloshet"].headline
    assert "Normalläge (100)" in [t.name for t in by_key["stamningslage"].figure.data]
    assert "företagsstorlek är inte inläst" in by_key["konkurser"].detail
    assert by_key["nystartade"].figure is None and "Data saknas" in by_key["nystartade"].headline
    since = " ".join(by_key["sedan"].items)
    assert "Arbetslöshet 20–64 år, per månad: dec 2023–jan 2024" in since
    later = dialog.build_deck(db, "23", "2024-02-01")
    assert "Arbetslöshet" not in " ".join({s.key: s for s in later.slides}["sedan"].items)
    with pytest.raises(dialog.DialogError, match="parametern sedan"):
        dialog.build_deck(db, "23", "18/12")


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/export/figur/finns_inte.png", 404, "Indikatorn ”finns_inte” finns inte"),
        ("/export/figur/folkmangd.gif", 404, "Formatet ”gif”"),
        ("/export/figur/folkmangd.png?storlek=a3", 400, "parametern storlek"),
        ("/export/figur/folkmangd.png?omrade=99", 400, "parametern omrade"),
        ("/export/figur/folkmangd.png?diagram=paj", 400, "parametern diagram"),
        ("/export/figur/folkmangd.png?farg=rod", 400, "Okänd parameter ”farg”"),
        ("/export/figur/varsel.png?omrade=06", 404, "Data saknas"),
        ("/export/data/folkmangd.json", 404, "Formatet ”json”"),
        ("/export/rapport.xlsx?region=99", 404, "parametern region"),
        ("/export/rapport.xlsx?region=23&ar=1900", 400, "parametern ar"),
        ("/export/rapport.odt?region=23", 404, "rapport.xlsx, rapport.pdf eller rapport.docx"),
        ("/export/rapport.docx?region=23&diagram=2", 400, "Parametern diagram"),
        ("/export/dialog.pptx?sedan=2023-13-45", 400, "parametern sedan"),
        ("/export/dialog.pptx?region=99", 404, "parametern region"),
        ("/export/annat.zip", 404, "finns inte"),
    ],
)
def test_bad_requests_get_a_swedish_message(client, url, status, words):
    response = _get(client, url, status)
    assert response.mimetype == "text/plain"
    assert words in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)


def test_exports_leave_no_temporary_files(client, tmp_path, monkeypatch):
    from dashboard.exports.routes import LANE
    from tests.lane_jobs import use_tempdir

    _get(client, "/export/figur/folkmangd.png?omrade=23&diagram=kommuner")  # the export server is warm now
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # /tmp is shared; watch a folder of our own
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    assert LANE.workers == 1, "one export process makes every file"
    LANE.run(use_tempdir, str(tmp_path))  # and in the export process
    for url in (
        "/export/figur/folkmangd.svg?omrade=23&diagram=kommuner",
        "/export/figur/folkmangd.pdf?omrade=23&diagram=kommuner",
        "/export/data/folkmangd.xlsx?omrade=23",
        "/export/data/folkmangd.csv?omrade=23",
        "/export/rapport.xlsx?region=23&malset=run-2016&ar=2016",
        "/export/rapport.pdf?region=23&malset=run-2016&ar=2016",
        "/export/dialog.pptx?region=06",
    ):
        _get(client, url)
    LANE.run(use_tempdir, None)
    assert os.listdir(tmp_path) == []


def test_concurrent_exports_each_get_their_own_image():
    titles = [f"Figur nummer {i}" for i in range(8)]
    results: dict[str, str] = {}

    def export(title: str, n: int) -> None:
        fig = go.Figure(go.Bar(x=["a", "b"], y=[n, n + 1]), layout={"title": {"text": title}})
        results[title] = RENDERER.render(fig, "svg", SIZES["a4"]).decode()

    threads = [threading.Thread(target=export, args=(t, i)) for i, t in enumerate(titles)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert set(results) == set(titles)
    for title, svg in results.items():
        assert title in svg and not any(other in svg for other in titles if other != title)


def test_sizes_fill_their_frame_exactly():
    for height in (430, 540, 613, 710):
        width, h, scale = SIZES["bild"].layout(height)
        assert (round(width * scale), round(h * scale)) == (1920, 1080)
        assert round(SIZES["a4"].layout(height)[0] * SIZES["a4"].layout(height)[2]) == 1890
    assert Size("x", "", 1920, 705, default_height=470).layout(None)[1] == 470


@pytest.fixture(scope="module", autouse=True)
def _stop_export_server() -> Iterator[None]:
    yield
    RENDERER.close()


def test_download_links_on_the_pages_all_answer_with_a_file(client, db):
    from dashboard.exports.links import chart_downloads, report_downloads
    from dashboard.indicator_view import resolve_indicator_state

    state, _ = resolve_indicator_state(db, "arbetsloshet_20_64", {"omrade": "23"})
    blocks = [chart_downloads(state, "trend"), chart_downloads(state, "lan"), report_downloads("23", "run-2016", 2016)]
    urls = [c.href for block in blocks for c in block.children if hasattr(c, "href")]
    assert len(urls) == 16
    charted = [u for u in urls if "diagram=1" in u]
    assert charted == ["/export/rapport.docx?region=23&malset=run-2016&ar=2016&diagram=1"]  # drawn in test_report_docx
    for url in (u for u in urls if u not in charted):
        response = _get(client, url)
        assert response.headers["Content-Disposition"].startswith("attachment;")


def test_since_the_last_meeting_counts_loads_and_revisions(built_db, tmp_path):
    import shutil

    import duckdb

    from etl.load import materialise_latest

    copy = tmp_path / "laget.duckdb"
    shutil.copy(built_db, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("UPDATE runs SET started_at = TIMESTAMP '2024-01-10 06:00', finished_at = TIMESTAMP '2024-01-10 06:01'")
        con.execute(
            "INSERT INTO runs VALUES (2, TIMESTAMP '2024-02-15 06:00', TIMESTAMP '2024-02-15 06:01', 'scb', 'ok', 2, 1, NULL)"
        )
        con.execute(
            """INSERT INTO observations SELECT indicator_id, area_code, period, sex, value + 0.2, flag, source, 2, NULL FROM observations
               WHERE indicator_id = 'arbetsloshet_20_64_manad' AND area_code = '23' AND period = '2023-11'"""
        )
        con.execute(
            """INSERT INTO observations SELECT indicator_id, area_code, period, sex, value, flag, source, 2, NULL FROM observations
               WHERE indicator_id = 'arbetsloshet_20_64_manad' AND area_code = '00' AND period = '2023-11'"""
        )
        materialise_latest(con)  # as a load does when it has written
    items = {s.key: s for s in dialog.build_deck(Database(copy), "23", "2024-02-01").slides}["sedan"].items
    assert "Inläsningar sedan 2024-02-01: 1, senast 2024-02-15 (scb, 2 värden)." in items
    assert "Reviderade värden sedan dess: 1." in items  # riket's reload kept its value: not a revision
    earlier = {s.key: s for s in dialog.build_deck(Database(copy), "23", "2023-12-18").slides}["sedan"].items
    assert any(i.startswith("Inläsningar sedan 2023-12-18: 2,") for i in earlier)


def test_a_view_is_rendered_once_per_database_version(client, monkeypatch):
    from dashboard.exports.routes import LANE

    rendered = []
    inner = LANE.run_on
    monkeypatch.setattr(LANE, "run_on", lambda db, make, *args: rendered.append(args[2]) or inner(db, make, *args))
    url = "/export/figur/arbetsloshet_20_64.svg?omrade=06&diagram=lan&storlek=bild"  # a view no other test exports
    first, again = _get(client, url).data, _get(client, url).data
    assert first == again and first.startswith(b"<svg")
    assert rendered == ["svg"]
    _get(client, url.replace("omrade=06", "omrade=23"))  # another view is another file
    assert rendered == ["svg", "svg"]


def test_without_chromium_a_chart_names_the_package_to_install(client, monkeypatch):
    from dashboard.exports import render

    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    fresh = render.Renderer()  # a process whose export server has not started yet
    fresh.warm_up()  # a page visit: nothing to start, no thread left trying
    assert fresh._warming is None
    for url in ("/export/figur/folkmangd.pdf?omrade=06&diagram=lan&storlek=bild", "/export/dialog.pptx?region=23"):
        response = client.get(url)
        text = response.get_data(as_text=True)
        assert response.status_code == 501, text  # not 503: trying again will not help
        assert "Retry-After" not in response.headers
        assert text.startswith("Diagram kan inte ritas: webbläsaren Chromium saknas på servern")
        assert "/nonexistent/chromium" in text and "apt-get install chromium" in text
    from dashboard.exports.links import chart_downloads
    from dashboard.indicator_view import IndicatorState

    block = chart_downloads(IndicatorState("folkmangd", "23"), "trend")  # the page offers the data, says what is missing
    data_links = [c for c in block.children[0].children if hasattr(c, "href")]
    assert [c.children for c in data_links] == ["Excel", "CSV"]
    assert "apt-get install chromium" in block.children[1].children
    monkeypatch.delenv("BROWSER_PATH")
    assert render.renderer_available() is None  # Debian's chromium, as on this machine
