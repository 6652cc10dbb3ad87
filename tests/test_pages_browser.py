"""The pages in a real headless Chromium (Debian's), as a user sees them."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from dashboard import fulfilment, queries
from dashboard.db import Database
from dashboard.status import roll_up
from tests.browser import open_page

pytestmark = pytest.mark.browser


def test_overview_shows_the_roll_up_of_the_report_year(
    page: Page, live_server: str, built_db: Path, console_errors, screenshot_dir
):
    db = Database(built_db)
    expected = roll_up(r.status for r in fulfilment.evaluate(db, "23", "run-2016", 2016) if r.status)
    open_page(page, f"{live_server}/?region=23&malset=run-2016")
    summary = page.locator("#summary")
    expect(summary).to_contain_text("Måluppfyllelse 2016 (mot 2015)")
    expect(summary).to_contain_text(f"{expected.met} uppnådda ({expected.met_share} %)")
    expect(summary).to_contain_text(f"{expected.partly_met} delvis ({expected.partly_met_share} %)")
    expect(summary).to_contain_text(f"{expected.not_met} ej uppnådda ({expected.not_met_share} %)")
    expect(page.get_by_role("heading", name="1 Mål samhälle")).to_be_visible()
    expect(page.locator(".goal-card").first).to_contain_text("Uppnått")
    expect(page.locator(".goal-card").first).to_contain_text("14,8 %")
    page.screenshot(path=screenshot_dir / "overview-23-run-2016-desktop.png", full_page=True)
    assert console_errors == []


def test_goal_page_shows_status_as_colour_symbol_and_word(page: Page, live_server: str, console_errors, screenshot_dir):
    open_page(page, f"{live_server}/mal/3?region=23&malset=run-2016")
    expect(page.locator("main h1")).to_contain_text("Ökad försäljning på utländsk marknad")
    row = page.locator(".target-row").first
    expect(row).to_contain_text("◐ Delvis uppnått")
    expect(row).to_contain_text("416")
    expect(row).to_contain_text("≥ 439")
    expect(row).to_contain_text("RUN-2016")
    colour = row.locator(".status").evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    page.screenshot(path=screenshot_dir / "goal-23-run-2016-3-desktop.png", full_page=True)
    assert console_errors == []


def test_user_path_overview_goal_and_back(page: Page, live_server: str, console_errors):
    open_page(page, f"{live_server}/?region=06&malset=ana-2021")
    page.locator(".card-link", has_text="Betalande publik").click()
    expect(page.locator("main h1")).to_contain_text("Mål 3")
    expect(page.locator(".target-row")).to_contain_text("✕ Ej uppnått")
    assert "region=06" in page.url and "malset=ana-2021" in page.url
    page.get_by_role("navigation", name="Brödsmulor").get_by_role("link").click()
    expect(page.locator("#summary")).to_contain_text("Måluppfyllelse 2021")
    assert console_errors == []


def test_every_goal_page_of_both_regions_renders(page: Page, live_server: str, built_db: Path, console_errors, screenshot_dir):
    db = Database(built_db)
    seen = 0
    for region in ("23", "06"):
        for goal_set in queries.goal_sets(db, region)["goal_set"]:
            open_page(page, f"{live_server}/?region={region}&malset={goal_set}")
            expect(page.locator("#summary")).to_contain_text("Måluppfyllelse")
            for goal_id in queries.goals(db, region, goal_set)["goal_id"]:
                open_page(page, f"{live_server}/mal/{goal_id}?region={region}&malset={goal_set}")
                expect(page.locator("main h1")).to_contain_text(f"Mål {goal_id}")
                assert page.locator(".target-row").count() + page.get_by_text("följs ännu inte med någon indikator").count() > 0
                seen += 1
    assert seen == 102  # 36 + 33 goals in Jämtland (RUS, RUN-2016), 6 + 18 + 9 in Jönköping (RUS, ANA, RLK)
    assert console_errors == []


def test_phone_width(browser, live_server: str, screenshot_dir):
    context = browser.new_context(viewport={"width": 375, "height": 812}, device_scale_factor=2)
    page = context.new_page()
    open_page(page, f"{live_server}/?region=23")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the overview scrolls sideways on a phone ({width} px)"
    page.screenshot(path=screenshot_dir / "overview-23-phone.png", full_page=True)
    open_page(page, f"{live_server}/mal/25?region=23")
    page.screenshot(path=screenshot_dir / "goal-23-25-phone.png", full_page=True)
    context.close()


def test_unknown_goal_is_a_swedish_404(page: Page, live_server: str, screenshot_dir):
    response = page.goto(f"{live_server}/mal/99?region=23")
    assert response is not None and response.status == 404
    page.wait_for_selector("main h1")
    expect(page.locator("main h1")).to_have_text("Målet finns inte")
    expect(page.locator("main")).to_contain_text("Det finns inget mål ”99”")
    expect(page.get_by_role("link", name="Till översikten")).to_be_visible()
    response = page.goto(f"{live_server}/ingen/sida")
    assert response is not None and response.status == 404
    expect(page.locator("main h1")).to_have_text("Sidan finns inte")
    page.screenshot(path=screenshot_dir / "not-found.png")


def test_bad_parameters_give_a_message_and_a_default(page: Page, live_server: str, console_errors):
    open_page(page, f"{live_server}/?region=99&ar=abc")
    main = page.locator("main")
    expect(main).to_contain_text("Regionen ”99” finns inte (parametern region)")
    expect(main).to_contain_text("Året ”abc” har inga värden för målen (parametern ar")
    expect(page.locator("main h1")).to_have_text("Region Jämtland Härjedalen")
    assert console_errors == []


def test_downloads_offered_beside_charts_and_the_report(page: Page, live_server: str):
    open_page(page, f"{live_server}/?region=23&malset=run-2016&ar=2016")
    excel = page.locator("#summary").get_by_role("link", name="Excel")
    response = page.request.get(live_server + excel.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    open_page(page, f"{live_server}/indikator/arbetsloshet_20_64?omrade=23")
    trend = page.locator("#trend")
    png = trend.get_by_role("link", name="PNG för tryck")
    response = page.request.get(live_server + png.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "image/png"
    assert response.body()[:8] == b"\x89PNG\r\n\x1a\n"
    csv_link = page.locator("#lan").get_by_role("link", name="CSV")
    text = page.request.get(live_server + csv_link.get_attribute("href")).text()
    assert "Jämtlands län" in text and "3,6" in text
