"""The Content-Security-Policy blocks nothing the app needs: every registered page in chromium, no console error.

Chromium reports each blocked script, style, image or worker as a console error, so an empty list means the
policy (dashboard/headers.py) fits the app; the charts are drawn by Plotly's strict bundle.
"""

from __future__ import annotations

import pytest
import requests
from playwright.sync_api import Page

from tests.test_accessibility_browser import PAGES, _registered

pytestmark = pytest.mark.browser

CHARTS = ("indicator", "kommuner", "dialog")  # pages that draw Plotly charts


def test_policy_forbids_inline_and_eval_scripts(live_server: str) -> None:
    policy = requests.get(live_server + "/", timeout=10).headers["Content-Security-Policy"]
    scripts = next(part for part in policy.split("; ") if part.startswith("script-src"))
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert "frame-ancestors 'none'" in policy


def test_no_page_has_a_console_error_under_the_policy(page: Page, live_server: str, console_errors: list[str]) -> None:
    assert set(PAGES) >= _registered(), "every registered page is opened"
    problems = []
    for module, urls in PAGES.items():
        for url in urls:
            console_errors.clear()
            page.goto(live_server + url)
            page.wait_for_selector("main h1", timeout=15_000)
            if module in CHARTS:
                page.wait_for_selector(".js-plotly-plot .main-svg", state="attached", timeout=15_000)
            page.wait_for_load_state("networkidle")
            if module in CHARTS:
                assert page.evaluate("typeof Plotly.newPlot") == "function"
            problems += [f"{url}: {e}" for e in console_errors if "404" not in e or module != "not_found_404"]
    assert problems == []
