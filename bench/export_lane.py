"""Exports cannot starve pages: page p95 under 5 readers, alone and beside 20 clients asking for exports.

`python -m bench.export_lane` (also part of `make bench`): gunicorn with dashboard/gunicorn_conf.py over the
national data set. Readers load pages as a browser does (the HTML shell, then the page router's callback)
back to back, in phases without and with exports that alternate. Export clients ask, back to back, for distinct export addresses that no one asked for before
(charts as PNG, SVG and PDF for every indicator × län × chart, the report PDF, the deck with a different
`sedan` each time), so every one is drawn, none is cached; a client answered 503 waits its Retry-After, as a
polite client does. Targets: page p95 with exports ≤ 2 × without, ≥ 80 % of export requests answered with
the file; the share answered 503 is reported, and so is the memory of an export process (dashboard/exports/lane.py:
the gunicorn workers' own processes that draw the files) and of the chromium it drives, after the load.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import random
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from bench.callbacks import UPDATE, router_body
from bench.report import Figure, p95, timing
from bench.server import WORKERS, memory_mb, workers

READERS = 5
EXPORT_CLIENTS = 20
SECONDS = 40  # of each kind, in ROUNDS alternating phases
ROUNDS = 2
RATIO = 2.0
ANSWERED_SHARE = 0.8


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    pages: list[float] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    files: list[float] = field(default_factory=list)
    busy: int = 0
    other: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.pages += other.pages
        self.page_errors += other.page_errors
        self.files += other.files
        self.busy += other.busy
        self.other += other.other


def export_urls(db_path: Path, seed: int = 7) -> list[str]:
    """Distinct export addresses, shuffled: most of them charts, some report PDFs and decks."""
    import duckdb

    with duckdb.connect(str(db_path), read_only=True) as con:
        indicators = [r[0] for r in con.sql("SELECT indicator_id FROM indicators ORDER BY 1").fetchall()]
        lan = [r[0] for r in con.sql("SELECT area_code FROM areas WHERE level = 'lan' ORDER BY 1").fetchall()]
        regions = [r[0] for r in con.sql("SELECT region_code FROM regions ORDER BY 1").fetchall()]
        goal_sets = con.sql("SELECT region_code, goal_set FROM goal_sets ORDER BY 1, 2").fetchall()
    charts = [
        f"/export/figur/{i}.{fmt}?omrade={area}&diagram={chart}"
        for i, area, chart, fmt in itertools.product(indicators, lan, ("trend", "lan", "kommuner"), ("png", "svg", "pdf"))
    ]
    reports = [f"/export/rapport.pdf?region={r}&malset={s}&ar={y}" for r, s in goal_sets for y in range(2010, 2026)]
    start = dt.date(2015, 1, 1)
    decks = [f"/export/dialog.pptx?region={r}&sedan={start + dt.timedelta(days=d)}" for r in regions for d in range(0, 3000, 7)]
    rng = random.Random(seed)
    for group in (charts, reports, decks):
        rng.shuffle(group)
    mixed = charts[: len(charts) * 8 // 10] + reports[:200] + decks[:200]
    rng.shuffle(mixed)
    return mixed


def _reader(base: str, urls: list[str], stop: float, tally: Tally, seed: int) -> None:
    rng = random.Random(seed)
    session = requests.Session()
    while time.monotonic() < stop:
        url = rng.choice(urls)
        began = time.perf_counter()
        try:
            shell = session.get(base + url, timeout=60)
            content = session.post(base + UPDATE, json=router_body(url), timeout=60)
            error = (
                ""
                if shell.status_code < 500 and content.status_code < 400
                else f"HTTP {shell.status_code}/{content.status_code} {url}"
            )
        except requests.RequestException as exc:
            error = type(exc).__name__
        with tally.lock:
            tally.pages.append(time.perf_counter() - began)
            if error:
                tally.page_errors.append(error)


def _exporter(base: str, queue: itertools.count, urls: list[str], stop: float, tally: Tally) -> None:
    session = requests.Session()
    while time.monotonic() < stop:
        url = urls[next(queue) % len(urls)]
        began = time.perf_counter()
        try:
            response = session.get(base + url, timeout=120)
        except requests.RequestException as exc:
            with tally.lock:
                tally.other.append(type(exc).__name__)
            continue
        took = time.perf_counter() - began
        with tally.lock:
            if response.status_code == 200:
                tally.files.append(took)
            elif response.status_code == 503 and "Retry-After" in response.headers:
                tally.busy += 1
            else:
                tally.other.append(f"HTTP {response.status_code} {url}: {response.text[:80]}")
        if response.status_code == 503:
            time.sleep(min(float(response.headers.get("Retry-After", "1")), max(0.0, stop - time.monotonic())))


def _phase(base: str, pages: list[str], exports: list[str], seconds: float, exporters: int, queue: itertools.count) -> Tally:
    tally = Tally()
    stop = time.monotonic() + seconds
    threads = [threading.Thread(target=_reader, args=(base, pages, stop, tally, n)) for n in range(READERS)]
    threads += [threading.Thread(target=_exporter, args=(base, queue, exports, stop, tally)) for _ in range(exporters)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return tally


def _warm(base: str, pages: list[str], exports: list[str]) -> None:
    """Not measured: every page address once per worker (both phases then see warm pages), and an export per
    worker (the first starts its chromium)."""
    session = requests.Session()
    for _ in range(WORKERS):
        for url in pages:
            session.get(base + url, timeout=60)
            session.post(base + UPDATE, json=router_body(url), timeout=60)
    for url in exports[:WORKERS]:
        session.get(base + url, timeout=120)


def run(base: str, pages: list[str], exports: list[str], seconds: float = SECONDS) -> list[Figure]:
    """Page p95 alone, then beside EXPORT_CLIENTS export clients; the ratio and the export clients' answers."""
    _warm(base, pages, exports)
    alone, busy = Tally(), Tally()
    queue = itertools.count(WORKERS)
    for _ in range(ROUNDS):  # alternate, so a change in the machine's load falls on both sides
        alone.add(_phase(base, pages, exports, seconds / ROUNDS, 0, queue))
        busy.add(_phase(base, pages, exports, seconds / ROUNDS, EXPORT_CLIENTS, queue))
    ratio = p95(busy.pages) / p95(alone.pages)
    asked = len(busy.files) + busy.busy + len(busy.other)
    answered = len(busy.files) / asked if asked else 0.0
    errors = alone.page_errors + busy.page_errors
    return [
        timing(f"export lane: page p95, {READERS} readers, no exports", alone.pages),
        timing(f"export lane: page p95, {READERS} readers + {EXPORT_CLIENTS} export clients", busy.pages),
        Figure(
            "export lane: page p95 with exports ÷ without",
            "×",
            ratio,
            ratio,
            "max",
            f"≤ {RATIO:g}",
            ratio <= RATIO,
            f"page errors: {len(errors)}" + (f"; first: {errors[0]}" if errors else ""),
        ),
        Figure(
            "export lane: export requests answered with the file",
            "%",
            100 * answered,
            None,
            "max",
            f"≥ {100 * ANSWERED_SHARE:g} %",
            answered >= ANSWERED_SHARE,
            f"{len(busy.files)} of {asked}; 503 (lane full, Retry-After honoured): {busy.busy} "
            f"({100 * busy.busy / asked if asked else 0:.0f} %); other: {len(busy.other)}"
            + (f", first: {busy.other[0]}" if busy.other else ""),
        ),
        timing("export lane: one distinct export, request to file", busy.files, note="drawn, never cached"),
    ]


def export_memory(master: int) -> Figure:
    """PSS (and RSS) of each export process of the gunicorn workers, and of the chromium each one drives."""
    from dashboard.exports.lane import _descendants

    found = []
    for worker in workers(master):
        for pid in _descendants(worker):
            if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes():
                chromium = _descendants(pid)
                found.append((*memory_mb(pid), sum(memory_mb(c)[0] for c in chromium), len(chromium)))
    if not found:
        return Figure("export lane: memory of an export process", "MB", None, note="no export process found")
    pss = [f[0] for f in found]
    return Figure(
        "export lane: memory of an export process (PSS)",
        "MB",
        sum(pss) / len(pss),
        max(pss),
        "max",
        note=f"{len(found)} export processes (one per worker); RSS "
        + ", ".join(f"{f[1]:.0f}" for f in found)
        + " MB; the chromium each drives: PSS "
        + ", ".join(f"{f[2]:.0f} MB in {f[3]} processes" for f in found),
    )


def main(argv: list[str]) -> None:
    from bench.__main__ import WORK, load_figures
    from bench.server import gunicorn
    from bench.urls import pages as sample_pages
    from dashboard.app import create_app

    seconds = 10 if "--quick" in argv else SECONDS
    print(f"export lane: load average at start {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores", flush=True)
    db_path = WORK / "national.duckdb"
    if not db_path.exists():
        WORK.mkdir(exist_ok=True)
        print("export lane: generating and loading the national data set …", flush=True)
        load_figures(WORK / "data", db_path)
    app = create_app(db_path)
    with app.server.test_request_context():
        page_urls = [u for page in sample_pages(app.server.config["LAGET_DATABASE"], per_page=20) for u in page.urls]
    with gunicorn(db_path) as (base, master):
        figures = run(base, page_urls, export_urls(db_path), seconds)
        figures.append(export_memory(master.pid))
    for f in figures:
        spread = "" if f.spread is None else f", {f.spread_kind} {f.spread:.3g}"
        print(f"{f.name}: {f.median:.3g} {f.unit}{spread}  [{f.target or '–'}: {f.verdict}]  {f.note}")


if __name__ == "__main__":
    main(sys.argv[1:])
