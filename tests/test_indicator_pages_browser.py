"""The indicator and kommun pages in Debian's headless chromium: a user's path, shareable URLs, phone and desktop."""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from dashboard.db import Database
from tests.browser import open_page

pytestmark = pytest.mark.browser


def test_overview_goal_indicator_change_area_copy_url_reopen(page: Page, live_server: str, console_errors, screenshot_dir):
    open_page(page, f"{live_server}/?region=06&malset=rus-2020-2035")
    page.locator(".card-link", has_text="Mål 5").click()
    expect(page.locator("main h1")).to_contain_text("Mål 5")
    page.locator(".target-row").get_by_role("link", name="Arbetslöshet 20–64 år").click()
    expect(page.locator("main h1")).to_have_text("Arbetslöshet 20–64 år")
    expect(page.locator(".lead")).to_have_text("Jönköpings län")
    crumbs = page.get_by_role("navigation", name="Brödsmulor")
    expect(crumbs).to_contain_text("Mål 5")
    expect(page.locator(".signals")).to_contain_text("Mål 5 i")  # the target status of the goal the user came from

    page.select_option("#indicator-area", "23")
    expect(page.locator(".lead")).to_have_text("Jämtlands län")
    assert "omrade=23" in page.url and "malset=rus-2020-2035" in page.url
    expect(page.locator("#lan")).to_contain_text("Jämtlands län")
    shared = page.url

    other = page.context.new_page()
    open_page(other, shared)
    expect(other.locator("main h1")).to_have_text("Arbetslöshet 20–64 år")
    expect(other.locator(".lead")).to_have_text("Jämtlands län")
    assert other.locator("#indicator-area").input_value() == "23"
    other.close()

    page.go_back()
    expect(page.locator(".lead")).to_have_text("Jönköpings län")
    page.go_forward()
    expect(page.locator(".lead")).to_have_text("Jämtlands län")
    crumbs.get_by_role("link", name="Mål 5").click()
    expect(page.locator("main h1")).to_contain_text("Mål 5")
    assert console_errors == []


def test_period_controls_write_the_url_and_the_table_follows(page: Page, live_server: str, console_errors):
    open_page(page, f"{live_server}/indikator/arbetsloshet_20_64_manad?omrade=23")
    page.select_option("#indicator-from", "2023-01")
    expect(page).to_have_url(re.compile(r"fran=2023-01"))
    page.locator("#trend summary").click()
    table = page.locator("#trend table")
    expect(table).to_contain_text("jan 2023")
    expect(table).not_to_contain_text("dec 2022")
    page.select_option("#indicator-year", "2020-06")
    expect(page.locator("#lan h2")).to_contain_text("jun 2020")
    assert "ar=2020-06" in page.url
    assert console_errors == []


def test_indicator_page_shows_the_three_signals_charts_and_info(
    page: Page, live_server: str, built_db: Path, console_errors, screenshot_dir
):
    db = Database(built_db)
    riket = db.query("SELECT value FROM latest WHERE indicator_id='arbetsloshet_20_64' AND area_code='00' AND period='2022'")
    open_page(page, f"{live_server}/indikator/arbetsloshet_20_64?omrade=23")
    signals = page.locator(".signals")
    expect(signals).to_contain_text("Plats 4 av 21 län")
    expect(signals).to_contain_text("1,6 procentenheter under riket (bättre)")
    expect(page.locator("#trend .js-plotly-plot")).to_be_visible()
    expect(page.locator("#trend .source-line")).to_contain_text("Källa: SCB")
    expect(page.locator("#trend .source-line")).to_contain_text("Bearbetning: Region Jämtland Härjedalen")
    page.locator("#lan summary").click()
    expect(page.locator("#lan table")).to_contain_text(f"Riket–{riket['value'].iloc[0]:.1f} %".replace(".", ","))
    expect(page.locator("#kommuner")).to_contain_text("Data saknas för kommunerna")
    expect(page.locator(".info-box")).to_contain_text("Nästa väntade publicering")
    page.screenshot(path=screenshot_dir / "indicator-arbetsloshet-23-desktop.png", full_page=True)
    assert console_errors == []


def test_kommun_map_and_women_men(page: Page, live_server: str, console_errors, screenshot_dir):
    hosts: list[str] = []
    page.on("request", lambda r: hosts.append(urlsplit(r.url).netloc))
    open_page(page, f"{live_server}/indikator/fiber_hushall?omrade=2380")
    expect(page.locator(".lead")).to_have_text("Östersund")
    expect(page.locator("#kommuner .js-plotly-plot")).to_have_count(2)
    expect(page.locator("#indicator-kommun-map path.choroplethlocation")).to_have_count(8)  # Jämtland's kommuner, as SVG
    assert set(hosts) == {urlsplit(live_server).netloc}  # no tiles, no topojson from a CDN
    expect(page.locator("#kommuner")).to_contain_text("Källa:")
    page.locator("#kommuner .chart-block > details > summary").first.click()
    expect(page.locator("#kommuner table")).to_contain_text("Bräcke")
    open_page(page, f"{live_server}/indikator/eftergymnasial_30_34?omrade=23")
    page.locator("#kon summary").click()
    expect(page.locator("#kon table")).to_contain_text("49,8 %")
    expect(page.locator("#kon table")).to_contain_text("29,6 %")
    assert console_errors == []


def test_kommuner_page_compares_the_regions_kommuner(page: Page, live_server: str, console_errors, screenshot_dir):
    open_page(page, f"{live_server}/kommuner?indikator=fiber_hushall&region=23")
    expect(page.locator("main h1")).to_have_text("Kommunerna i Jämtlands län")
    rows = page.locator(".data-table tbody tr")
    expect(rows.first).to_contain_text("Bräcke")
    expect(rows.first).to_contain_text("84 %")
    page.screenshot(path=screenshot_dir / "kommuner-23-desktop.png", full_page=True)
    page.select_option("#kommun-indicator", "folkmangd")
    expect(page).to_have_url(re.compile(r"indikator=folkmangd"))
    expect(rows.first).to_contain_text("Östersund")
    rows.first.get_by_role("link").click()
    expect(page.locator("main h1")).to_have_text("Folkmängd")
    expect(page.locator(".lead")).to_have_text("Östersund")
    assert console_errors == []


def test_search_box_finds_an_indicator(page: Page, live_server: str, console_errors):
    open_page(page, live_server)
    box = page.get_by_role("searchbox", name="Sök mål och indikatorer")
    box.fill("företagsamma")
    box.press("Enter")
    expect(page.locator("main h1")).to_have_text("Sök")
    page.locator(".search-hits").get_by_role("link", name="Andel företagsamma").click()
    expect(page.locator("main h1")).to_have_text("Andel företagsamma")
    assert console_errors == []


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/indikator/arbetsloshet_20_64?omrade=23", "indicator-arbetsloshet-23"),
        ("/indikator/foretagsamhet?omrade=23", "indicator-foretagsamhet-23"),
        ("/kommuner?indikator=fiber_hushall&region=23", "kommuner-23"),
    ],
)
def test_phone_width_has_no_sideways_scrolling(page: Page, live_server: str, console_errors, screenshot_dir, path, name):
    page.set_viewport_size({"width": 375, "height": 800})
    open_page(page, live_server + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=screenshot_dir / f"{name}-phone.png", full_page=True)
    assert console_errors == []


def test_bad_parameters_and_unknown_indicators(page: Page, live_server: str, console_errors):
    open_page(page, f"{live_server}/indikator/arbetsloshet_20_64?omrade=99&kon=X&fran=1990&foo=1")
    alerts = page.locator(".alert")
    for parameter in ("omrade", "kon", "fran"):
        expect(alerts.filter(has_text=f"parametern {parameter}")).to_have_count(1)
    expect(alerts.filter(has_text="Okänd parameter ”foo”")).to_have_count(1)
    expect(page.locator(".lead")).to_have_text("Jämtlands län")
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(f"{live_server}/indikator/finns_inte")
    assert missing.value.code == 404
    open_page(page, f"{live_server}/indikator/finns_inte")
    expect(page.locator("main h1")).to_have_text("Indikatorn finns inte")
    assert console_errors == [] or all("404" in e for e in console_errors)
