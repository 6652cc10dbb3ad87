"""The analysts' workspace in chromium: log in, record a judgement, see the overview change, comment, history, restore."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from werkzeug.serving import make_server

from tests.browser import open_page
from tests.test_accessibility_browser import AXE

pytestmark = pytest.mark.browser
PASSWORD = "ett långt lösenord"
GOAL = "/mal/n2?region=23&malset=run-2016&ar=2016"
OVERVIEW = "/?region=23&malset=run-2016&ar=2016"


@pytest.fixture(scope="module")
def workspace_server(built_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app with its own SQLite workspace and one analyst of region 23."""
    import os

    from dashboard.app import create_app
    from dashboard.workspace import accounts

    folder = tmp_path_factory.mktemp("ws")
    os.environ["LAGET_WORKSPACE_URL"] = f"sqlite:///{folder / 'workspace.sqlite'}"
    os.environ["XDG_CONFIG_HOME"] = str(folder / "config")
    try:
        app = create_app(built_db)
    finally:
        del os.environ["LAGET_WORKSPACE_URL"], os.environ["XDG_CONFIG_HOME"]
    accounts.add_user(app.server.config["LAGET_WORKSPACE"], "anna", PASSWORD, "analytiker", ["23"])
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    import threading

    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def _axe(page: Page) -> list[str]:
    """axe-core on the page's address, in a second context with the same cookies and the CSP bypassed for axe's inline
    script (the flow itself runs under the app's CSP)."""
    context = page.context.browser.new_context(bypass_csp=True, storage_state=page.context.storage_state())
    try:
        checked = context.new_page()
        checked.goto(page.url)
        checked.add_script_tag(path=str(AXE))
        return _violations(checked)
    finally:
        context.close()


def _violations(page: Page) -> list[str]:
    return page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
             .filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => `${v.id}: ${v.help}`)"""
    )


def _main_text(page: Page, url: str) -> str:
    open_page(page, url)
    return page.locator("main").inner_text()


def test_a_reader_sees_no_edit_controls(page: Page, workspace_server: str) -> None:
    open_page(page, workspace_server + GOAL)
    expect(page.get_by_text("Rapportens bedömning").first).to_be_visible()
    assert page.get_by_role("link", name="Redigera").count() == 0
    assert page.get_by_text("Ny kommentar").count() == 0


def test_an_analyst_records_a_judgement_comments_and_restores(page: Page, workspace_server: str) -> None:
    base = workspace_server
    before = _main_text(page, base + OVERVIEW)
    page.goto(base + "/logga-in?next=" + GOAL.replace("&", "%26").replace("?", "%3F"))
    assert _axe(page) == []
    page.get_by_label("Användarnamn").fill("anna")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_selector("main h1", timeout=15_000)
    expect(page.get_by_text("Inloggad som anna")).to_be_visible()
    page.get_by_role("link", name="Redigera bedömningen").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bedömning för")
    assert _axe(page) == []
    page.get_by_label("Bedömningen med rapportens ord").fill("")
    page.get_by_role("button", name="Spara bedömningen").click()
    expect(page.locator("#words-error")).to_have_text("Skriv bedömningen med rapportens ord.")
    page.get_by_label("Status").select_option("not_met")
    page.get_by_label("Bedömningen med rapportens ord").fill("Når inte målet")
    page.get_by_label("Motivering (valfri)").fill("Siffran reviderades nedåt")
    started = time.perf_counter()
    page.get_by_role("button", name="Spara bedömningen").click()
    page.wait_for_selector("main h1", timeout=15_000)
    after = _main_text(page, base + OVERVIEW)
    print(f"save → visible on the overview: {time.perf_counter() - started:.2f} s")
    assert after != before  # the roll-up and the goal's card count the new judgement
    open_page(page, base + GOAL)
    expect(page.get_by_text("Motivering: Siffran reviderades nedåt")).to_be_visible()

    page.get_by_role("link", name="Ny kommentar").first.click()
    assert _axe(page) == []
    page.get_by_label("Kommentar", exact=True).fill("Analytikerns nya kommentar")
    page.get_by_role("button", name="Spara kommentaren").click()
    page.wait_for_selector("main h1", timeout=15_000)
    expect(page.locator(".target-row").get_by_text("Analytikerns nya kommentar").first).to_be_visible()  # the draft repeats it

    page.get_by_role("link", name="Historik för bedömningen").first.click()
    expect(page.locator("table")).to_contain_text("Status: ”Uppnått” → ”Ej uppnått”")
    assert _axe(page) == []
    page.get_by_role("button", name="Återställ version 1").click()
    expect(page.locator("table")).to_contain_text("Återställd till version 1")
    assert _main_text(page, base + OVERVIEW) == before


def test_an_analyst_edits_a_target_and_the_overview_shows_the_new_status(
    page: Page, workspace_server: str, tmp_path: Path
) -> None:
    base, goal = workspace_server, "/mal/25?region=23&malset=run-2016&ar=2016"
    before = _main_text(page, base + OVERVIEW)
    page.goto(base + "/logga-in?next=" + goal.replace("&", "%26").replace("?", "%3F"))
    page.get_by_label("Användarnamn").fill("anna")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_selector("main h1", timeout=15_000)
    page.get_by_role("link", name="Redigera målvärdet").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Målvärde för")
    assert _axe(page) == []
    page.get_by_label("Målvärde", exact=True).fill("fyrtio")
    page.get_by_role("button", name="Spara målvärdet").click()
    expect(page.locator("#target_value-error")).to_have_text("Ange målvärdet som ett tal (till exempel 14,8), inte ”fyrtio”.")
    page.screenshot(path=str(tmp_path / "target-form.png"), full_page=True)  # to look at, as a user would
    page.get_by_label("Målvärde", exact=True).fill("70,5")
    page.get_by_role("button", name="Spara målvärdet").click()
    page.wait_for_selector("main h1", timeout=15_000)
    expect(page.get_by_text("≥ 70,5 % till 2016").first).to_be_visible()
    assert _main_text(page, base + OVERVIEW) != before  # the goal's card counts the target's new status
