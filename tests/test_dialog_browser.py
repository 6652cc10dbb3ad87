"""/dialog in headless chromium: full screen deck, arrow keys and clicks move between slides."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_dialog_moves_with_arrow_keys_and_clicks(page: Page, live_server: str, screenshot_dir):
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{live_server}/dialog?region=23&sedan=2023-12-18")
    active = page.locator(".dialog-slide.active")
    expect(active.locator("h1")).to_have_text("Näringslivsdialog – läget i Jämtlands län", timeout=15_000)
    counter = page.locator(".dialog-counter")
    expect(counter).to_have_text("1 / 8")
    deck = page.locator(".dialog-deck")
    box = deck.bounding_box()
    assert box is not None and box["width"] == 1920 and box["height"] == 1080  # covers the whole window

    page.keyboard.press("ArrowRight")
    expect(counter).to_have_text("2 / 8")
    expect(active.locator("h2")).to_contain_text("Arbetslösheten i Jämtlands län var 3,6 % i januari 2024")
    expect(active.locator(".dialog-source")).to_contain_text("Källa: SCB")
    expect(active.locator(".js-plotly-plot")).to_be_visible()
    headline_size = active.locator("h2").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert headline_size >= 48  # readable from the back of a room
    page.screenshot(path=screenshot_dir / "dialog-23-arbetsloshet.png")

    active.click(position={"x": 400, "y": 300})
    expect(counter).to_have_text("3 / 8")
    expect(active.locator("h2")).to_contain_text("Stämningsläget")
    page.keyboard.press("ArrowLeft")
    expect(counter).to_have_text("2 / 8")
    page.keyboard.press("End")
    expect(counter).to_have_text("8 / 8")
    expect(active.locator("h2")).to_contain_text("Sedan förra mötet (18 december 2023)")
    expect(active.locator(".dialog-items")).to_contain_text("Arbetslöshet 20–64 år, per månad: dec 2023–jan 2024")
    page.screenshot(path=screenshot_dir / "dialog-23-sedan.png")
    assert page.url.endswith("#8")
    expect(page.get_by_role("link", name="Ladda ner PowerPoint")).to_have_attribute(
        "href", "/export/dialog.pptx?region=23&sedan=2023-12-18"
    )
    assert errors == []


def test_dialog_bad_date_names_the_parameter(page: Page, live_server: str):
    page.goto(f"{live_server}/dialog?sedan=igår")
    expect(page.locator(".dialog-slide.active")).to_contain_text("parametern sedan", timeout=15_000)
