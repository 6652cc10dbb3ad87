"""Each page in headless Chromium (Debian's /usr/bin/chromium via Playwright): time to the main content,
Largest Contentful Paint, time to the first chart and to all charts where the page has them, and the time from
changing a control (a radio button, or else a link to the same page with other parameters) to the settled update.

The baseline: for the pages in `STATIC_PAGES`, each visit's content (the page router's answer the browser got) is
also written as one static HTML file (bench/static_page.py: the same figures through plotly.io.to_html, the same
Plotly bundle from the app, no Dash) and visited in a fresh context of the same browser; each of the app's figures
is reported beside the baseline's as a ratio.
"""

from __future__ import annotations

import functools
import http.server
import statistics
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests
from playwright.sync_api import Page as BrowserPage
from playwright.sync_api import sync_playwright

from bench import static_page
from bench.callbacks import UPDATE
from bench.report import Figure, missing, timing
from bench.urls import Page

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update"]
FIRST_CHART_MS = 1000
CONTROL_MS = 300
CONTENT = "#_pages_content"
STATIC_CONTENT = "#main"
STATIC_PAGES = ("/", "/indikator/<indicator_id>")  # the overview and the indicator view
STATIC_RATIO = 1.5
STATIC_DIR = Path(__file__).resolve().parent / "work" / "static"

# Every chart under `root` drawn: its SVG holds its traces (the first-chart figure waits for the SVG alone).
_ALL_CHARTS = """([root, n]) => [...document.querySelectorAll(root + ' .js-plotly-plot')]
  .filter(g => g.querySelector('.main-svg .trace')).length >= n"""

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


@dataclass
class Visit:
    """One navigation's times in ms (None: the page has no chart) and the router's answer the browser received."""

    content: float
    lcp: float | None
    first_chart: float | None
    all_charts: float | None
    answer: dict | None = None


def _is_router(response) -> bool:
    return UPDATE in response.url and "_pages_content" in (response.request.post_data or "")


def _visit(page: BrowserPage, url: str, root: str = CONTENT, charts: int | None = None) -> Visit:
    """One navigation in a fresh page; the app's page counts its charts in the router's answer, a static one is told."""
    answer = None
    if charts is None:
        with page.expect_response(_is_router, timeout=20000) as routed:
            page.goto(url, wait_until="commit")
        answer = routed.value.json()
        charts = static_page.graph_count(answer)
    else:
        page.goto(url, wait_until="commit")
    page.wait_for_selector(f"{root} h1, {root} h2", timeout=20000)
    content = page.evaluate("performance.now()")
    first = every = None
    if charts:
        page.wait_for_selector(f"{root} .js-plotly-plot .main-svg", timeout=20000)
        first = page.evaluate("performance.now()")
        page.wait_for_function(_ALL_CHARTS, arg=[root, charts], timeout=20000)
        every = page.evaluate("performance.now()")
    return Visit(content, page.evaluate(_LCP), first, every, answer)


@contextmanager
def _static_server(folder: Path) -> Iterator[str]:
    """Serve `folder` on a free loopback port (the static baseline pages); yields its base URL."""
    folder.mkdir(parents=True, exist_ok=True)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


def _ratios(path: str, app: dict[str, list[float]], static: dict[str, list[float]]) -> list[Figure]:
    """Each of the app's browser figures ÷ the static baseline's (medians; the spread is max ÷ max)."""
    figures = []
    for what, values in app.items():
        base = static.get(what) or []
        if not values or not base:
            continue
        ratio = statistics.median(values) / statistics.median(base)
        figures.append(
            Figure(
                f"browser {path}: {what} ÷ static baseline",
                "×",
                ratio,
                max(values) / max(base),
                "max",
                f"median ≤ {STATIC_RATIO:g}×",
                ratio <= STATIC_RATIO,
                f"app median {statistics.median(values) * 1000:.0f} ms, static {statistics.median(base) * 1000:.0f} ms",
            )
        )
    return figures


def _add(times: dict[str, list[float]], visit: Visit) -> None:
    for what, ms in (
        ("main content", visit.content),
        ("Largest Contentful Paint", visit.lcp),
        ("first chart drawn", visit.first_chart),
        ("all charts drawn", visit.all_charts),
    ):
        if ms is not None:
            times.setdefault(what, []).append(ms / 1000)


def _static_visit(browser, base_url: str, static_base: str, entry: Page, n: int, visit: Visit, errors: list[str]) -> Visit | None:
    """Write the visit's content as a static page and visit it in a fresh context of the same browser."""
    if visit.answer is None:
        return None
    name = f"{entry.path.strip('/').replace('/', '_').replace('<', '').replace('>', '') or 'overview'}-{n}.html"
    index = requests.get(base_url + "/", timeout=30).text  # the HTML shell: which bundle, scripts and styles
    static_page.write(visit.answer, index, base_url + "/", entry.path, STATIC_DIR / name)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        return _visit(context.new_page(), f"{static_base}/{name}", STATIC_CONTENT, static_page.graph_count(visit.answer))
    except Exception as exc:
        errors.append(f"static: {type(exc).__name__}: {str(exc).splitlines()[0][:120]}")
        return None
    finally:
        context.close()


def run(base_url: str, found: list[Page], visits: int = 5) -> list[Figure]:
    figures: list[Figure] = []
    with sync_playwright() as p, _static_server(STATIC_DIR) as static_base:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for entry in found:
                if entry.skipped or not entry.urls:
                    figures.append(missing(f"browser {entry.path}", entry.skipped or "no address"))
                    continue
                times: dict[str, list[float]] = {}
                static: dict[str, list[float]] = {}
                control, errors, what = [], [], ""
                for i in range(visits):
                    url = base_url + entry.urls[i % len(entry.urls)]
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    page = context.new_page()
                    visit = None
                    try:
                        visit = _visit(page, url)
                        _add(times, visit)
                        what = page.evaluate(_MARK_CONTROL) or ""
                        if what:
                            took = page.evaluate(_CONTROL, "[data-bench-control]")
                            if took is not None:
                                control.append(took / 1000)
                    except Exception as exc:  # a page that never shows its content is a finding, not a crash
                        errors.append(f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}")
                    finally:
                        context.close()
                    done = _static_visit(browser, base_url, static_base, entry, i, visit, errors) if visit and entry.path in STATIC_PAGES else None  # fmt: skip
                    if done is not None:
                        _add(static, done)
                note = f"{len(errors)} failed: {errors[0]}" if errors else ""
                content, chart, every = times.get("main content"), times.get("first chart drawn"), times.get("all charts drawn")
                if content:
                    figures.append(timing(f"browser {entry.path}: main content after navigation", content, FIRST_CHART_MS, note))
                if times.get("Largest Contentful Paint"):
                    figures.append(timing(f"browser {entry.path}: Largest Contentful Paint", times["Largest Contentful Paint"], FIRST_CHART_MS))  # fmt: skip
                figures.append(
                    timing(f"browser {entry.path}: first chart drawn", chart, FIRST_CHART_MS)
                    if chart
                    else missing(f"browser {entry.path}: first chart drawn", "the page has no Plotly chart")
                )
                if every:
                    figures.append(timing(f"browser {entry.path}: all charts drawn", every))
                for what_static, values in static.items():
                    figures.append(timing(f"browser {entry.path} static baseline: {what_static}", values))
                figures += _ratios(entry.path, times, static)
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
