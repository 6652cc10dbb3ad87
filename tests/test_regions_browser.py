"""Every one of the 21 län in a real browser: overview, kommuner and dialog name the region and give its own
unemployment, its rank among the 21 län and its gap to riket, as the database has them; no console error, axe clean.

One page is loaded once and moves through the 63 addresses as the app's own links do, so the loop stays fast.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from playwright.sync_api import Page

from tests.browser import open_page
from tests.test_accessibility_browser import AXE, browser_context_args  # noqa: F401  (axe is injected inline: the CSP is bypassed)

pytestmark = pytest.mark.browser

MONTHS = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]


def _comma(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def _position(con: duckdb.DuckDBPyConnection, indicator: str) -> tuple[str, float, dict[str, tuple[float, int]]]:
    """(period, riket's value, län code → (value, rank with 1 = lowest)) at the newest period, straight from the data."""
    period = con.execute("SELECT max(period) FROM latest WHERE indicator_id = ? AND area_code = '00'", [indicator]).fetchone()[0]
    riket = con.execute(
        "SELECT value FROM latest WHERE indicator_id = ? AND area_code = '00' AND period = ? AND sex = 'T'", [indicator, period]
    ).fetchone()[0]
    rows = con.execute(
        """SELECT l.area_code, l.value, rank() OVER (ORDER BY l.value) FROM latest l JOIN areas a USING (area_code)
           WHERE l.indicator_id = ? AND l.period = ? AND l.sex = 'T' AND a.level = 'lan'""",
        [indicator, period],
    ).fetchall()
    return period, riket, {code: (value, rank) for code, value, rank in rows}


def _gap(value: float, riket: float) -> str:
    gap = round(value - riket, 1)
    return f"{_comma(abs(gap))} procentenheter {'över' if gap > 0 else 'under'} riket"


def _main_text(page: Page) -> str:
    """The page's main text without the region choosers (they list every region by name)."""
    return page.evaluate(
        """() => { const main = document.querySelector('main').cloneNode(true);
                   main.querySelectorAll('select, .switchers').forEach(e => e.remove());
                   return main.textContent; }"""
    )


def _visit(page: Page, url: str, heading: str) -> None:
    """Move to `url` inside the app (as its links do, without reloading the scripts) and wait for its heading."""
    page.evaluate("url => { history.pushState({}, '', url); window.dispatchEvent(new PopStateEvent('popstate')); }", url)
    page.wait_for_function("h => (document.querySelector('main h1') || {}).textContent?.includes(h)", arg=heading)
    page.wait_for_load_state("networkidle")


def _axe(page: Page) -> list[str]:
    if page.evaluate("typeof axe === 'undefined'"):  # moving inside the app keeps the script loaded once
        page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
             .filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => `${v.impact} ${v.id}`)"""
    )


def test_every_region_answers_with_its_own_name_and_unemployment(page: Page, live_server: str, built_db: Path, console_errors):
    con = duckdb.connect(str(built_db), read_only=True)
    regions = con.execute(
        "SELECT r.region_code, r.name, a.name FROM regions r JOIN areas a ON a.area_code = r.region_code"
    ).fetchall()
    year, riket_year, by_year = _position(con, "arbetsloshet_20_64")
    month, riket_month, by_month = _position(con, "arbetsloshet_20_64_manad")
    month_words = f"{MONTHS[int(month[5:]) - 1]} {month[:4]}"
    assert len(regions) == 21 and len(by_year) == 21 and len(by_month) == 21
    problems: list[str] = []
    page.set_viewport_size({"width": 1280, "height": 900})
    open_page(page, live_server + "/")
    for code, region_name, lan_name in sorted(regions):
        value, rank = by_year[code]
        yearly = [f"Arbetslöshet 20–64 år {year}: {_comma(value)} %", f"plats {rank} av 21 län", _gap(value, riket_year)]
        m_value, m_rank = by_month[code]
        monthly = [f"var {_comma(m_value)} % i {month_words}", f"Plats {m_rank} av 21 län", _gap(m_value, riket_month)]
        checks = {
            f"/?region={code}": [region_name, *yearly],
            f"/kommuner?region={code}": [f"Kommunerna i {lan_name}", *yearly],
            f"/dialog?region={code}": [f"läget i {lan_name}", region_name, *monthly],
        }
        for url, expected in checks.items():
            _visit(page, url, expected[0])
            text = _main_text(page)
            problems += [f"{url}: missing {e!r}" for e in expected if e not in text]
            if code != "23" and "Jämtland" in text:
                problems.append(f"{url}: names Jämtland")
            problems += [f"{url}: {v}" for v in _axe(page)]
    assert problems == []
    assert console_errors == []
