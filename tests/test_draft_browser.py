"""The goal page's "Förslag till analys" in a real browser: the analysts' comment first, the draft marked as one."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser import open_page


def test_goal_page_shows_the_drafted_analysis_as_a_draft(page: Page, live_server: str, console_errors, screenshot_dir):
    open_page(page, f"{live_server}/mal/1?region=23&malset=run-2016&ar=2016")
    section = page.get_by_role("region", name="Förslag till analys")
    expect(section.locator("h2")).to_have_text("Förslag till analys")
    expect(section).to_contain_text("Utkast skrivet automatiskt från siffrorna")
    item = section.locator(".draft-item").first
    expect(item.locator("h3")).to_have_text("Andel företagsamma, Jämtlands län")
    expect(item.locator("p").first).to_contain_text("Högsta andelen företagsamma någonsin i länet")  # the comment first
    draft = item.locator(".draft-text")
    expect(draft.locator(".badge")).to_have_text("Utkast")
    expect(draft).to_contain_text("Utfallet 2016 är 14,8 %, en ökning med 0,3 procentenheter jämfört med 2015 (14,5 %)")
    page.screenshot(path=screenshot_dir / "goal-23-run-2016-1-draft.png", full_page=True)
    assert console_errors == []


def test_goal_page_drafts_the_pace_needed_for_a_later_target(page: Page, live_server: str, console_errors):
    open_page(page, f"{live_server}/mal/32?region=23&malset=rus-2014-2030&ar=2017")
    draft = page.locator(".draft-analysis .draft-text").first
    expect(draft).to_contain_text("behöver utfallet öka med 0,60 procentenheter per år till 2030")
    expect(draft).to_contain_text("Framstegssignal: i fas mot målet.")
    assert console_errors == []
