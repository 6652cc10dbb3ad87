"""Exports through the app's Flask test client: a PNG chart cold (the first, starting the renderer) and warm
(other indicators after it), and the xlsx report. Routes that are not there give a "not available" row.
"""

from __future__ import annotations

import time

from bench.report import Figure, missing, timing
from dashboard.context import DB_CONFIG_KEY

PNG_WARM_MS = 500


def routes(app) -> set[str]:
    return {rule.rule for rule in app.server.url_map.iter_rules() if rule.rule.startswith("/export")}


def urls(app) -> dict[str, list[str]]:
    """Export addresses by kind ('png', 'xlsx report'), with real indicator ids and the first region."""
    found = routes(app)
    db = app.server.config[DB_CONFIG_KEY]
    with app.server.test_request_context():
        indicators = list(db.query("SELECT indicator_id FROM indicators ORDER BY indicator_id")["indicator_id"])
        regions = list(db.query("SELECT region_code FROM regions ORDER BY region_code")["region_code"])
    out: dict[str, list[str]] = {}
    if "/export/figur/<name>" in found and indicators:
        out["png"] = [f"/export/figur/{ind}.png" for ind in indicators]
    if "/export/<name>" in found and regions:
        out["xlsx report"] = [f"/export/rapport.xlsx?region={regions[0]}"]
    return out


def _get(client, url: str) -> tuple[float, str]:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    return elapsed, "" if response.status_code == 200 else f"HTTP {response.status_code}: {response.get_data(as_text=True)[:120]}"


def run(app, warm_n: int = 12) -> list[Figure]:
    found = urls(app)
    client = app.server.test_client()
    figures = []
    if "png" not in found:
        figures += [
            missing("export PNG, cold", "no /export/figur/ route"),
            missing("export PNG, warm", "no /export/figur/ route"),
        ]
    else:
        pngs = found["png"]
        cold, error = _get(client, pngs[0])
        figures.append(
            missing("export PNG, cold", error) if error else timing("export PNG, cold (first, starts the renderer)", [cold])
        )
        warm, errors = [], []
        for url in (pngs[1:] * warm_n)[:warm_n]:
            took, error = _get(client, url)
            (errors.append(error) if error else warm.append(took))
        note = f"{len(errors)} failed: {errors[0]}" if errors else "a different indicator each time"
        figures.append(timing("export PNG, warm", warm, PNG_WARM_MS, note) if warm else missing("export PNG, warm", note))
    if "xlsx report" not in found:
        figures.append(missing("export xlsx report", "no /export/rapport route"))
    else:
        times, errors = [], []
        for _ in range(5):
            took, error = _get(client, found["xlsx report"][0])
            (errors.append(error) if error else times.append(took))
        figures.append(timing("export xlsx report", times) if times else missing("export xlsx report", errors[0]))
    return figures
