"""Each page in headless Chromium (Debian's /usr/bin/chromium via Playwright): time to the main content,
Largest Contentful Paint, time to the first chart where the page has one, and the time from changing a
control (a radio button, or else a link to the same page with other parameters) to the settled update.
"""

from __future__ import annotations

from playwright.sync_api import Page as BrowserPage
from playwright.sync_api import sync_playwright

from bench.report import Figure, missing, timing
from bench.urls import Page

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update"]
FIRST_CHART_MS = 1000
CONTROL_MS = 300
CONTENT = "#_pages_content"

_LCP = """() => new Promise(resolve => {
  new PerformanceObserver(list => { const e = list.getEntries(); resolve(e[e.length - 1].startTime); })
    .observe({type: 'largest-contentful-paint', buffered: true});
  setTimeout(() => resolve(null), 2000);
})"""

# Click `selector` and resolve with the time until the page content stops changing (300 ms of quiet).
_CONTROL = """(selector) => new Promise(resolve => {
  const root = document.querySelector('#_pages_content');
  const start = performance.now();
  let last = null, quiet;
  const done = () => { observer.disconnect(); resolve(last === null ? null : last - start); };
  const observer = new MutationObserver(() => { last = performance.now(); clearTimeout(quiet); quiet = setTimeout(done, 300); });
  observer.observe(root, {subtree: true, childList: true, attributes: true, characterData: true});
  quiet = setTimeout(done, 5000);
  document.querySelector(selector).click();
})"""

_MARK_CONTROL = """() => {
  const root = document.querySelector('#_pages_content');
  let el = root.querySelector('input[type=radio]:not(:checked)');
  if (!el) {
    const here = location.pathname;
    el = [...root.querySelectorAll('a[href*="?"]')].find(a => new URL(a.href).pathname === here && a.href !== location.href);
  }
  if (!el) return null;
  el.setAttribute('data-bench-control', '1');
  return el.tagName.toLowerCase() + (el.type ? '[' + el.type + ']' : '') + ' ' + (el.textContent || el.value || '').trim().slice(0, 30);
}"""


def _visit(page: BrowserPage, url: str) -> tuple[float, float | None, float | None]:
    """(ms to main content, LCP ms, ms to first chart or None) for one navigation in a fresh page."""
    page.goto(url, wait_until="commit")
    page.wait_for_selector(f"{CONTENT} h1, {CONTENT} h2", timeout=20000)
    content = page.evaluate("performance.now()")
    chart = None
    if page.query_selector(f"{CONTENT} .js-plotly-plot") or page.query_selector(f"{CONTENT} .dash-graph"):
        page.wait_for_selector(f"{CONTENT} .js-plotly-plot .main-svg", timeout=20000)
        chart = page.evaluate("performance.now()")
    return content, page.evaluate(_LCP), chart


def run(base_url: str, found: list[Page], visits: int = 5) -> list[Figure]:
    figures: list[Figure] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for entry in found:
                if entry.skipped or not entry.urls:
                    figures.append(missing(f"browser {entry.path}", entry.skipped or "no address"))
                    continue
                content, lcp, chart, control, errors, what = [], [], [], [], [], ""
                for i in range(visits):
                    url = base_url + entry.urls[i % len(entry.urls)]
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    page = context.new_page()
                    try:
                        c, l_, ch = _visit(page, url)
                        content.append(c / 1000)
                        if l_ is not None:
                            lcp.append(l_ / 1000)
                        if ch is not None:
                            chart.append(ch / 1000)
                        what = page.evaluate(_MARK_CONTROL) or ""
                        if what:
                            took = page.evaluate(_CONTROL, "[data-bench-control]")
                            if took is not None:
                                control.append(took / 1000)
                    except Exception as exc:  # a page that never shows its content is a finding, not a crash
                        errors.append(f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}")
                    finally:
                        context.close()
                note = f"{len(errors)} failed: {errors[0]}" if errors else ""
                if content:
                    figures.append(timing(f"browser {entry.path}: main content after navigation", content, FIRST_CHART_MS, note))
                if lcp:
                    figures.append(timing(f"browser {entry.path}: Largest Contentful Paint", lcp, FIRST_CHART_MS))
                figures.append(
                    timing(f"browser {entry.path}: first chart drawn", chart, FIRST_CHART_MS)
                    if chart
                    else missing(f"browser {entry.path}: first chart drawn", "the page has no Plotly chart")
                )
                figures.append(
                    timing(f"browser {entry.path}: control change → settled update", control, CONTROL_MS, what)
                    if control
                    else missing(f"browser {entry.path}: control change → settled update", "no control on the page")
                )
                if not content:
                    figures.append(missing(f"browser {entry.path}", note))
        finally:
            browser.close()
    return figures
