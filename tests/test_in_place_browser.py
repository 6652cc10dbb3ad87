"""Only what changed is redrawn: the indicator page's sex, period and comparison controls update the URL and the
charts and texts in place (the page is not drawn again), and back/forward and a copied URL restore the view."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser import open_page

pytestmark = pytest.mark.browser

INDICATOR = "/indikator/ohalsotal?omrade=23"
MARK = """() => {
  document.querySelector('.indicator-page').setAttribute('data-test-mark', '1');
  document.querySelector('#indicator-trend .js-plotly-plot').setAttribute('data-test-mark', '1');
}"""


def _marks(page: Page) -> int:
    """How many of the elements marked before a change are still the same elements."""
    return page.locator("[data-test-mark]").count()


def _trend_table(page: Page) -> str:
    return page.locator("#trend table").text_content() or ""


def test_year_and_sex_update_in_place_and_back_forward_restore(page: Page, live_server: str, console_errors):
    open_page(page, live_server + INDICATOR)
    expect(page.locator("#indicator-trend .js-plotly-plot .main-svg").first).to_be_visible()
    expect(page.locator(".lead")).to_have_text("Jämtlands län")
    expect(page.locator("#lan h2")).to_contain_text("2018")
    page.locator("#trend summary").click()
    total = _trend_table(page)
    page.evaluate(MARK)

    page.select_option("#indicator-year", "2016")
    expect(page.locator("#lan h2")).to_contain_text("2016")
    expect(page).to_have_url(re.compile(r"ar=2016"))
    assert _marks(page) == 2, "the page and the trend chart were drawn anew instead of updated"

    page.get_by_label("Kvinnor", exact=True).check()
    expect(page.locator(".lead")).to_have_text("Jämtlands län, kvinnor")
    expect(page).to_have_url(re.compile(r"kon=K"))
    expect(page.locator("#trend table")).not_to_have_text(total)  # the women's series, not the total
    expect(page.locator("#lan h2")).to_contain_text("2017")  # the year the women's figures have
    assert page.locator("#trend details").get_attribute("open") is not None  # the open table stayed open
    assert _marks(page) == 2
    women = _trend_table(page)
    shared = page.url

    page.go_back()
    expect(page.locator(".lead")).to_have_text("Jämtlands län")
    expect(page.locator("#lan h2")).to_contain_text("2016")
    expect(page.get_by_label("Totalt", exact=True)).to_be_checked()
    expect(page.locator("#trend table")).to_have_text(total)
    page.go_back()
    expect(page.locator("#lan h2")).to_contain_text("2018")
    page.go_forward()
    expect(page.locator("#lan h2")).to_contain_text("2016")
    page.go_forward()
    expect(page.locator(".lead")).to_have_text("Jämtlands län, kvinnor")
    expect(page.get_by_label("Kvinnor", exact=True)).to_be_checked()
    expect(page.locator("#trend table")).to_have_text(women)

    other = page.context.new_page()
    open_page(other, shared)
    expect(other.locator(".lead")).to_have_text("Jämtlands län, kvinnor")
    expect(other.get_by_label("Kvinnor", exact=True)).to_be_checked()
    expect(other.locator("#lan h2")).to_contain_text("2017")
    other.locator("#trend summary").click()
    expect(other.locator("#trend table")).to_have_text(women)
    other.close()
    assert console_errors == []


def test_another_area_draws_the_page_anew(page: Page, live_server: str, console_errors):
    open_page(page, live_server + INDICATOR)
    expect(page.locator("#indicator-trend .js-plotly-plot .main-svg").first).to_be_visible()
    page.evaluate(MARK)
    page.select_option("#indicator-area", "06")
    expect(page.locator(".lead")).to_have_text("Jönköpings län")
    expect(page).to_have_url(re.compile(r"omrade=06"))
    expect(page.locator("[data-test-mark]")).to_have_count(0)  # the breadcrumb and the choices change: a new page
    expect(page.locator("#indicator-area")).to_have_value("06")
    page.go_back()
    expect(page.locator(".lead")).to_have_text("Jämtlands län")
    assert console_errors == []
