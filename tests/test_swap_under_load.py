"""Swapping in a new database (os.replace of a rebuilt file, as the ETL does) while several threads are
served: no request fails and every answer comes wholly from one of the two databases.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from pathlib import Path

from etl.build import build
from tests.test_robustness_urls import GENERIC_ERROR, _router

NAME_A, NAME_B = "Region Jämtland Härjedalen", "Region Jämtland Härjedalen (ny version)"
SET_A = "Jämtland/Härjedalen 2030 – Innovativt & Attraktivt (RUS 2014–2030)"
SET_B = "RUS 2014–2030, ny version"
THREADS, SECONDS = 6, 3.0


def _variant(data_copy: Path, db_path: Path) -> Path:
    """The same data with the region's and its goal set's names changed: two facts from two different queries."""
    region = data_copy / "regions" / "23"
    (region / "region.yaml").write_text(
        (region / "region.yaml").read_text(encoding="utf-8").replace(NAME_A, NAME_B), encoding="utf-8"
    )
    goals = region / "goals" / "rus-2014-2030.yaml"
    goals.write_text(goals.read_text(encoding="utf-8").replace(f"name: {SET_A}", f"name: {SET_B}"), encoding="utf-8")
    build(db_path, data_copy)
    return db_path


def test_swap_while_serving(built_db: Path, data_copy: Path, tmp_path: Path) -> None:
    from dashboard.app import create_app

    versions = {"a": built_db, "b": _variant(data_copy, tmp_path / "b.duckdb")}
    live = tmp_path / "live.duckdb"
    shutil.copy(versions["a"], live)
    app = create_app(live)
    app.server.test_client().get("/")
    body = _router("/", "?region=23&malset=rus-2014-2030")
    answers: list[str] = []
    failures: list[str] = []
    stop = time.monotonic() + SECONDS

    def serve() -> None:
        client = app.server.test_client()
        while time.monotonic() < stop:
            response = client.post("/_dash-update-component", json=body)
            text = json.dumps(response.get_json(silent=True), ensure_ascii=False)
            if response.status_code != 200 or GENERIC_ERROR in text or "Något gick fel" in text:
                failures.append(f"HTTP {response.status_code}: {text[:200]}")
                continue
            a = [f'"{fact}"' in text for fact in (NAME_A, SET_A)]
            b = [f'"{fact}"' in text for fact in (NAME_B, SET_B)]
            answers.append("a" if all(a) and not any(b) else "b" if all(b) and not any(a) else f"mixed A{a} B{b}")

    def swap() -> None:
        n = 0
        while time.monotonic() < stop:
            n += 1
            staged = live.with_name(f"staged{n}.duckdb")
            shutil.copy(versions["ab"[n % 2]], staged)
            os.replace(staged, live)
            time.sleep(0.2)

    threads = [threading.Thread(target=serve) for _ in range(THREADS)] + [threading.Thread(target=swap)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures, f"{len(failures)} failed requests, first: {failures[0]}"
    mixed = [a for a in answers if a not in ("a", "b")]
    assert not mixed, f"{len(mixed)} of {len(answers)} answers mix the two databases: {mixed[0]}"
    assert {"a", "b"} <= set(answers), "the swap was never seen by a request"
