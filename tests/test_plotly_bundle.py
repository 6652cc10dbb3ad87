"""The app's partial plotly.js (assets/vendor/plotly-laget.min.js, built by tools/plotly-bundle): it draws exactly
the trace types dashboard/figures.py makes, needs no eval (the CSP allows none), matches the plotly.js version of
the Python plotly package, and is fetched only by pages that draw a chart."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page
from plotly.offline import get_plotlyjs_version

from dashboard import figures
from dashboard.db import Database
from dashboard.indicator_view import indicator_data, resolve_indicator_state

BUNDLE = Path(__file__).resolve().parent.parent / "assets" / "vendor" / "plotly-laget.min.js"
FIGURES = (figures.trend_figure, figures.lan_bars_figure, figures.kommun_map_figure, figures.kommun_bars_figure, figures.sex_figure)  # fmt: skip
EVAL = re.compile(r"\beval\s*\(|\bnew\s+Function\s*\(|(?<![.\w$])Function\s*\(")
LOADED = "performance.getEntriesByType('resource').filter(e => e.name.includes('plotly-laget')).length"


def _trace_types(built_db: Path) -> set[str]:
    """Every trace type the figures make for an indicator with län, kommun and sex data."""
    db = Database(built_db)
    state, _ = resolve_indicator_state(db, "arbetsloshet_20_64", {"omrade": "23"})
    data = indicator_data(db, state)
    return {trace["type"] for make in FIGURES for style in ("screen", "report") for trace in make(data, style=style)["data"]}


def test_the_bundle_has_no_eval_and_is_plotly_pythons_version() -> None:
    text = BUNDLE.read_text(encoding="utf-8")
    assert EVAL.findall(text) == []
    assert f"plotly.js v{get_plotlyjs_version()} " in text[:200]


@pytest.mark.browser
def test_the_served_bundle_registers_exactly_the_trace_types_the_figures_make(
    page: Page, live_server: str, built_db: Path, console_errors: list[str]
) -> None:
    page.goto(live_server + "/kommuner?indikator=arbetsloshet_20_64&region=23")
    page.wait_for_selector(".js-plotly-plot .main-svg", state="attached", timeout=15_000)
    registered = set(page.evaluate("Object.keys(Plotly.PlotSchema.get().traces)"))
    assert registered == _trace_types(built_db)
    page.wait_for_function(
        "document.querySelectorAll('.js-plotly-plot .choroplethlocation').length > 0", timeout=15_000
    )  # the map
    assert page.evaluate(LOADED) == 1
    assert console_errors == []


@pytest.mark.browser
def test_a_page_without_charts_does_not_fetch_plotly(page: Page, live_server: str) -> None:
    page.goto(live_server + "/sok?q=kultur")
    page.wait_for_selector("main h1", timeout=15_000)
    page.wait_for_load_state("networkidle")
    assert page.query_selector(".dash-graph") is None
    assert page.evaluate(LOADED) == 0
