"""A new user's first five minutes in Debian's headless chromium: overview → a goal → an indicator → the kommun
view → a chart download → the dialog, for both seed regions and for a län without goal files (its overview the
standard comparison, its indicator reached by search). No screen may show only "Data saknas" where the database has data.

Screenshots of every step are saved in tests/screenshots/first-run-<region>-<step>.png.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from dashboard.db import Database
from tests.browser import open_page

pytestmark = pytest.mark.browser
DATA = ".js-plotly-plot, .value, table td, .dialog-chart"  # what shows a figure: a chart, a headline value, a table
WAIT = 30_000  # ms: a view is drawn on demand, and the test machine may be busy
LAN_NAMES = {"23": "Jämtlands län", "06": "Jönköpings län", "14": "Västra Götalands län"}


def _kommun_values(db: Database, region: str, indicator_id: str | None = None) -> int:
    """How many kommun values (sex T) the database holds for the län's kommuner (of one indicator, or any)."""
    sql = """SELECT count(*) AS n FROM latest l JOIN areas a USING (area_code)
             WHERE a.level = 'kommun' AND a.parent_code = ? AND l.sex = 'T'"""
    params = [region]
    if indicator_id:
        sql += " AND l.indicator_id = ?"
        params.append(indicator_id)
    return int(db.query(sql, params)["n"].iloc[0])


def _screen(page: Page, shots: Path, step: str, *, has_data: bool) -> None:
    """Where the database has data for the screen, it shows data (a chart, a value, a table), not only "Data saknas";
    then the screen is saved."""
    if has_data:
        shown = page.locator("main").locator(DATA).filter(has_text=re.compile(r"\d")).first
        expect(shown).to_be_attached(timeout=WAIT)
    assert "Något gick fel" not in page.locator("main").inner_text()
    page.screenshot(path=shots.parent / f"{shots.name}-{step}.png", full_page=True)


def _selects_show_a_value(page: Page, *ids: str) -> None:
    """Each select shows the value in force: a real option is selected, not the empty placeholder."""
    for id_ in ids:
        shown = page.evaluate(
            f"(() => {{ const s = document.querySelector('#{id_}'); return s.options[s.selectedIndex]?.text ?? '' }})()"
        )
        assert shown.strip(), f"#{id_} shows nothing"


def _indicator_page(page: Page, shots: Path) -> str:
    """Check the indicator page a user reached and return its indicator id."""
    expect(page.locator("#indicator-area")).to_be_visible(timeout=WAIT)
    indicator_id = page.url.split("/indikator/")[1].split("?")[0]
    expect(page.locator("#trend .js-plotly-plot")).to_be_visible(timeout=WAIT)
    _selects_show_a_value(page, "indicator-area", "indicator-from", "indicator-to", "indicator-year")
    _screen(page, shots, "3-indikator", has_data=True)
    return indicator_id


def _kommun_view(page: Page, shots: Path, db: Database, region: str) -> None:
    page.locator(".kommun-page-link a").click()
    expect(page.locator("main h1")).to_have_text(f"Kommunerna i {LAN_NAMES[region]}", timeout=WAIT)
    page.wait_for_load_state("networkidle")
    _selects_show_a_value(page, "kommun-indicator", "kommun-region", "kommun-year")
    has_data = _kommun_values(db, region) > 0
    _screen(page, shots, "4-kommuner", has_data=has_data)
    if not has_data:  # nothing for any indicator: one plain sentence says so
        expect(page.locator("main")).to_contain_text(
            f"Databasen har ännu inga värden för kommunerna i {LAN_NAMES[region]}", timeout=WAIT
        )
    else:
        indicator_id = page.locator("#kommun-indicator").input_value()
        assert _kommun_values(db, region, indicator_id) > 0  # it opened on an indicator the län's kommuner have
    page.go_back()
    expect(page.locator("#indicator-area")).to_be_visible(timeout=WAIT)


def _chart_download(page: Page, shots: Path) -> None:
    with page.expect_download() as download:
        page.locator("#trend .download-link", has_text="PNG för tryck").click()
    path = download.value.path()
    png = Image.open(io.BytesIO(Path(path).read_bytes()))
    assert png.format == "PNG" and png.width == 1890
    png.save(shots.parent / f"{shots.name}-5-diagram.png")


def _dialog(page: Page, shots: Path, region: str) -> None:
    open_page(page, f"{page.url.split('/indikator/')[0]}/dialog?region={region}")
    deck = page.locator(".dialog-deck")
    expect(deck).to_be_visible(timeout=WAIT)
    expect(deck).to_contain_text(f"läget i {LAN_NAMES[region]}", timeout=WAIT)  # every län has its own deck
    _screen(page, shots, "6-dialog", has_data=False)
    deck.focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator(".dialog-counter")).to_contain_text("2 /", timeout=WAIT)
    page.screenshot(path=shots.parent / f"{shots.name}-6-dialog-bild-2.png")
    slides = page.locator(".dialog-slide")
    charts = page.locator(".dialog-slide .dialog-chart")
    assert charts.count() >= 1, "no slide of the deck has a chart"
    assert page.locator(".dialog-missing").count() < slides.count() - 1  # not every finding is "Data saknas"


@pytest.mark.parametrize("region", ["23", "06"])
def test_first_five_minutes_in_a_seed_region(
    page: Page, live_server: str, built_db: Path, console_errors, screenshot_dir, region
):
    db = Database(built_db)
    shots = screenshot_dir / f"first-run-{region}"
    page.set_viewport_size({"width": 1280, "height": 900})
    open_page(page, f"{live_server}/?region={region}")
    _screen(page, shots, "1-oversikt", has_data=True)

    card = page.locator(".card-link").filter(has=page.locator(".value")).first  # a goal with a measured value
    card.click()
    expect(page.locator("main h1")).to_contain_text("Mål", timeout=WAIT)
    page.wait_for_load_state("networkidle")
    _screen(page, shots, "2-mal", has_data=True)

    row = page.locator(".target-row").filter(has_text=re.compile(r"\d")).first
    row.locator("th a").click()
    page.wait_for_load_state("networkidle")
    _indicator_page(page, shots)
    _kommun_view(page, shots, db, region)
    _chart_download(page, shots)
    _dialog(page, shots, region)
    assert console_errors == []


def test_first_five_minutes_in_a_lan_without_goal_files(
    page: Page, live_server: str, built_db: Path, console_errors, screenshot_dir
):
    """Västra Götalands län (14) has no goal files: its overview is the standard comparison with riket and the
    other län; the user then searches, opens an indicator and picks the län under Område."""
    db = Database(built_db)
    shots = screenshot_dir / "first-run-14"
    page.set_viewport_size({"width": 1280, "height": 900})
    open_page(page, f"{live_server}/?region=14")
    expect(page.locator("main")).to_contain_text("Västra Götalands län jämfört med riket och länen", timeout=WAIT)
    _screen(page, shots, "1-oversikt", has_data=True)

    open_page(page, f"{live_server}/sok?q=arbetslöshet")
    page.locator(".search-hits").get_by_role("link", name="Arbetslöshet 20–64 år").first.click()
    expect(page.locator("#indicator-area")).to_be_visible(timeout=WAIT)
    page.wait_for_load_state("networkidle")
    page.select_option("#indicator-area", "14")
    expect(page.locator(".lead")).to_have_text("Västra Götalands län", timeout=WAIT)
    page.wait_for_load_state("networkidle")
    _indicator_page(page, shots)
    _kommun_view(page, shots, db, "14")
    _chart_download(page, shots)
    _dialog(page, shots, "14")
    assert console_errors == []
