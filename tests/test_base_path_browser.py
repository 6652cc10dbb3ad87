"""The whole app under a path prefix (DASH_URL_BASE_PATHNAME=/laget/, the proxy passing the path unchanged)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def prefixed_server(built_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`python -m dashboard` as a user starts it, with the prefix in its environment."""
    db = tmp_path_factory.mktemp("prefix") / "laget.duckdb"
    shutil.copy(built_db, db)
    port = _free_port()
    env = {**os.environ, "DASH_URL_BASE_PATHNAME": "/laget/", "PORT": str(port), "LAGET_DB": str(db)}
    proc = subprocess.Popen([sys.executable, "-m", "dashboard"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                with urllib.request.urlopen(f"{base}/laget/halsa", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("the app under /laget/ did not answer /laget/halsa")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_overview_goal_indicator_export_under_the_prefix(page: Page, prefixed_server: str, console_errors):
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    page.goto(f"{prefixed_server}/laget/?region=23&malset=run-2016&ar=2016")
    expect(page.locator("main h1")).to_contain_text("Region Jämtland Härjedalen")
    page.locator(".card-link", has_text="Mål 1 ").first.click()
    expect(page.locator("main h1")).to_contain_text("Mål 1")
    assert "/laget/mal/1" in page.url
    page.locator(".target-row a").first.click()
    expect(page.locator("main h1")).not_to_contain_text("Mål 1", timeout=15000)
    assert "/laget/indikator/" in page.url
    link = page.locator("a.download-link").first
    expect(link).to_be_visible(timeout=15000)
    url = link.get_attribute("href")
    assert url is not None and url.startswith("/laget/export/")
    answer = page.request.get(prefixed_server + url)
    assert answer.status in (200, 501), answer.status  # 501: chromium missing, said in Swedish
    assert page.request.get(f"{prefixed_server}/export/rapport.xlsx").status == 404  # nothing answers outside it
    assert missing == []
    assert console_errors == []
