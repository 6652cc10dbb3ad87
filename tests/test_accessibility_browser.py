"""axe-core (vendored, offline) on every page of the app, at desktop and phone width: no serious or critical violation."""

from __future__ import annotations

from pathlib import Path

import dash
import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe.min.js"

# One URL (or more) for every page registered in the app; a new page must be added here (see the last test).
PAGES: dict[str, list[str]] = {
    "overview": ["/?region=23&malset=run-2016", "/?region=14"],
    "goal": ["/mal/5?region=06&malset=rus-2020-2035"],
    "indicator": ["/indikator/foretagsamhet?omrade=23&malset=run-2016&mal=1", "/indikator/fiber_hushall?omrade=2380"],
    "kommuner": ["/kommuner?indikator=fiber_hushall&region=23"],
    "search": ["/sok?q=kultur"],
    "not_found_404": ["/finns-inte"],
    "dialog": ["/dialog?region=23&malset=run-2016"],
}
PHONE = ["/?region=06", "/?region=14", "/indikator/arbetsloshet_20_64?omrade=23", "/kommuner?indikator=folkmangd&region=06"]


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    """axe is injected as an inline script, which the app's CSP blocks (test_csp_browser.py checks the CSP)."""
    return {**browser_context_args, "bypass_csp": True}


def _registered() -> set[str]:
    """The pages of the app by module name ("overview", "indicator", …)."""
    return {p["module"].rsplit(".", 1)[-1] for p in dash.page_registry.values()}


def _violations(page: Page, url: str) -> list[str]:
    page.goto(url)
    page.wait_for_selector("main h1", timeout=15_000)
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
             .filter(v => v.impact === 'serious' || v.impact === 'critical')
             .map(v => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`)"""
    )
    return found


def test_no_serious_axe_violation_on_any_page(page: Page, live_server: str):
    page.set_viewport_size({"width": 1280, "height": 900})
    registered = _registered()
    problems = []
    for module, urls in PAGES.items():
        if module in registered:
            for url in urls:
                problems += [f"{url}: {v}" for v in _violations(page, live_server + url)]
    assert problems == []


def test_no_serious_axe_violation_at_phone_width(page: Page, live_server: str):
    page.set_viewport_size({"width": 375, "height": 800})
    problems = [f"{url}: {v}" for url in PHONE for v in _violations(page, live_server + url)]
    assert problems == []


def test_every_registered_page_is_checked(live_server: str):
    registered = _registered()
    assert {"overview", "goal", "indicator", "kommuner", "search", "not_found_404"} <= registered
    assert registered - set(PAGES) == set(), "add a URL for each new page to PAGES"


def test_keyboard_reaches_the_controls_and_the_search(page: Page, live_server: str):
    page.goto(f"{live_server}/indikator/arbetsloshet_20_64?omrade=23")
    page.wait_for_selector("main h1")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Hoppa till innehållet"
    reached = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.id || document.activeElement.textContent"))
    assert {"site-search", "indicator-area", "indicator-from", "indicator-to", "indicator-year"} <= reached
    page.focus("#indicator-area")
    page.keyboard.press("ArrowDown")  # a native select: the arrow keys change the area
    page.wait_for_url(lambda url: "omrade=" in url and "omrade=23" not in url)
