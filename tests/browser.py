"""Helpers for the browser tests."""

from __future__ import annotations

from playwright.sync_api import Page


def open_page(page: Page, url: str) -> None:
    """Navigate and wait until the page's heading is rendered and the network is idle."""
    page.goto(url)
    page.wait_for_selector("main h1", timeout=15_000)
    page.wait_for_load_state("networkidle")
