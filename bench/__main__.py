"""`python -m bench` (`make bench`): every speed figure of the project in one run, written to bench/results.md and .json.

Options: --quick (fewer requests, 10 s of load; for trying the bench itself, not for the figures).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bench import browser, callbacks, concurrency, export_lane, exports
from bench.dataset import N_INDICATORS, YEARS
from bench.report import Figure, machine, write
from bench.server import gunicorn
from bench.urls import pages

HERE = Path(__file__).resolve().parent
WORK = HERE / "work"
REBUILD_S, REBUILD_MB = 20, 2048


def load_figures(data_dir: Path, db_path: Path) -> tuple[list[Figure], dict]:
    """Generate and load the national data set in its own process, so its peak RSS is the load's alone."""
    out = subprocess.run(
        [sys.executable, "-m", "bench.dataset", str(data_dir), str(db_path)], capture_output=True, text=True, check=True
    )
    r = json.loads(out.stdout.strip().splitlines()[-1])
    return [
        Figure(
            "load: rows per second (parse + normalise + validate + load)",
            "rows/s",
            r["rows_per_second"],
            note=f"{r['observations']} observations",
        ),
        Figure("load: parse, normalise, validate (json-stat2 → long rows)", "s", r["parse_seconds"]),
        Figure(
            "load: write the database (atomic build and swap)",
            "s",
            r["load_seconds"],
            note=f"{r['db_bytes'] / 2**20:.0f} MB file",
        ),
        Figure(
            "load: full rebuild",
            "s",
            r["total_seconds"],
            r["total_seconds"],
            "max",
            f"≤ {REBUILD_S} s",
            r["total_seconds"] <= REBUILD_S,
        ),
        Figure(
            "load: peak RSS",
            "MB",
            r["peak_rss_mb"],
            r["peak_rss_mb"],
            "max",
            f"≤ {REBUILD_MB} MB",
            r["peak_rss_mb"] <= REBUILD_MB,
        ),
    ], r


def main(argv: list[str]) -> None:
    quick = "--quick" in argv
    started = time.perf_counter()
    load_at_start = os.getloadavg()  # the figures are only as quiet as the machine was
    WORK.mkdir(exist_ok=True)
    db_path = WORK / "national.duckdb"
    print("bench: generating and loading the national data set …", flush=True)
    figures, load = load_figures(WORK / "data", db_path)

    from dashboard.app import create_app

    app = create_app(db_path)
    print("bench: callbacks server side …", flush=True)
    figures += callbacks.run(app, per_page=10 if quick else 40)
    print("bench: exports …", flush=True)
    figures += exports.run(app, warm_n=3 if quick else 12)
    with app.server.test_request_context():
        found = pages(app.server.config["LAGET_DATABASE"], per_page=20)
        export_urls = [u for group in exports.urls(app).values() for u in group[:3]]
    client = app.server.test_client()
    own_calls = []
    for page in found:
        if page.urls:
            answer = client.post(callbacks.UPDATE, json=callbacks.router_body(page.urls[0])).get_json(silent=True) or {}
            own_calls += callbacks.page_calls(app.callback_map, answer, page.path)[0]
    urls = [u for page in found for u in page.urls]
    with gunicorn(db_path) as (base, proc):
        print(f"bench: browser at {base} …", flush=True)
        figures += browser.run(base, found, visits=2 if quick else 5)
        print("bench: concurrency …", flush=True)
        figures += concurrency.run(base, proc.pid, urls, own_calls, export_urls, seconds=10 if quick else concurrency.SECONDS)
        print("bench: export lane …", flush=True)
        figures += export_lane.run(base, urls, export_lane.export_urls(db_path), seconds=10 if quick else export_lane.SECONDS)
        figures.append(export_lane.export_memory(proc.pid))
    info = {
        "machine": machine() | {"load_at_start": [round(x, 2) for x in load_at_start]},
        "dataset": f"{load['observations']:,} observations, {N_INDICATORS} indicators × 312 areas × {len(YEARS)} years × T/K/M, 35 goals".replace(
            ",", " "
        ),
        "seconds": time.perf_counter() - started,
        "quick": quick,
    }
    md, _ = write(figures, HERE, info)
    print(md.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main(sys.argv[1:])
