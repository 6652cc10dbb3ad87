"""Safe to serve in public: bad requests answer 4xx with a Swedish sentence, exports have their own lane,
the security headers are there, `/halsa` tells the truth, and gunicorn logs each request with its time."""

from __future__ import annotations

import io
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import dash
import pytest

from dashboard.app import create_app
from dashboard.exports import lane as lane_module
from dashboard.exports import routes
from dashboard.exports.lane import NICE, ExportLane, LaneFailed
from tests.test_robustness_urls import _router as router

GENERIC_ERROR = "Något gick fel"


@pytest.fixture(scope="module")
def app(built_db: Path) -> dash.Dash:
    return create_app(built_db)


@pytest.fixture
def client(app: dash.Dash):
    return app.server.test_client()


def page_text(client, pathname: str, search: str) -> str:
    """The page the router callback answers, as readable JSON text."""
    response = client.post("/_dash-update-component", json=router(pathname, search))
    assert response.status_code == 200
    return json.dumps(response.get_json(), ensure_ascii=False)


def indicator_callback(stored: object) -> dict:
    controls = ["indicator-area", "indicator-sex", "indicator-from", "indicator-to", "indicator-year"]
    return {
        "output": "indicator-location.href",
        "outputs": {"id": "indicator-location", "property": "href"},
        "inputs": [
            {"id": c, "property": "value", "value": v} for c, v in zip(controls, ["06", "T", "", "", "2022"], strict=True)
        ],
        "state": [{"id": "indicator-state", "property": "data", "value": stored}],
        "changedPropIds": ["indicator-area.value"],
    }


def _nested(depth: int) -> str:
    return '{"output": ' + "[" * depth + "]" * depth + "}"


MALFORMED = {
    "null": "null",
    "empty object": "{}",
    "a list": "[]",
    "a string": '"x"',
    "not json": "{output:",
    "unknown output": json.dumps(router("/") | {"output": "nope.children"}),
    "pathname a number": json.dumps(router(5)),
    "pathname a list": json.dumps(router(["/"])),
    "pathname null": json.dumps(router(None)),
    "pathname empty": json.dumps(router("")),
    "pathname outside the app": json.dumps(router("indikator/x")),
    "outputs of the wrong number": json.dumps(router("/") | {"outputs": []}),
    "search an object": json.dumps(router("/", {"q": 1})),
    "inputs missing": json.dumps({k: v for k, v in router("/").items() if k != "inputs"}),
    "inputs of another callback": json.dumps(router("/") | {"inputs": indicator_callback({})["inputs"]}),
    "deep nesting": _nested(50),
    "deeper than the parser": _nested(40_000),
    "forged state: text": json.dumps(indicator_callback("forged")),
    "forged state: no indicator": json.dumps(indicator_callback({"goal_set": None})),
    "forged state: id a number": json.dumps(indicator_callback({"indicator_id": 5, "goal_set": None, "goal_id": None})),
    "changedPropIds not a list": json.dumps(router("/") | {"changedPropIds": "x"}),
}


@pytest.mark.parametrize("body", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_callback_bodies_answer_400_in_swedish(client, body: str) -> None:
    response = client.post("/_dash-update-component", data=body, content_type="application/json")
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    text = response.get_data(as_text=True)
    assert response.mimetype == "text/plain" and "Traceback" not in text
    assert text.startswith(("Anropet", "Värdet", "Sidans")), text


def test_the_page_own_callback_still_works(client) -> None:
    stored = {"indicator_id": "foretagsamhet", "goal_set": "run-2016", "goal_id": "1"}
    response = client.post("/_dash-update-component", json=indicator_callback(stored))
    assert response.status_code == 200
    href = response.get_json()["response"]["indicator-location"]["href"]
    assert href.startswith("/indikator/foretagsamhet?omrade=06") and "malset=run-2016" in href


def test_a_body_over_the_limit_answers_413(client) -> None:
    body = json.dumps(router("/sok", "?q=" + "arbete " * 300_000))  # a 2 MB search
    response = client.post("/_dash-update-component", data=body, content_type="application/json")
    assert response.status_code == 413
    assert "för stort" in response.get_data(as_text=True)


def test_unknown_dash_paths_answer_404(client) -> None:
    assert client.get("/_dash-component-suites/dash/dcc/dash_core_components.js").status_code == 200
    for path in ("/_dash-component-suites/nope/x.js", "/_dash-component-suites/dash/nope.js", "/_dash-component-suites/dash/../app.py", "/_dash-component-suites/plotly/package_data/plotly.min.js"):  # fmt: skip
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.get_data(as_text=True).strip() == "Filen finns inte."
    assert client.get("/_reload-hash").status_code == 404  # hot reload is for development only


def test_unknown_export_paths_answer_404(client) -> None:
    for path in ("/export/nope/x.png", "/export/figur/a/b.png", "/export/data/", "/export/x.png"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.mimetype == "text/plain" and "export" in response.get_data(as_text=True)


def test_a_meeting_date_at_the_end_of_time(client) -> None:
    page = page_text(client, "/dialog", "?sedan=9999-12-31")
    assert "9999-12-31" in page and "parametern sedan" in page and "Sidan kunde inte visas" not in page
    deck = client.get("/export/dialog.pptx?sedan=9999-12-31")
    assert deck.status_code == 400 and "parametern sedan" in deck.get_data(as_text=True)


REPEATED = [
    ("/", "?region=23&region=06", "Jämtland"),
    ("/mal/1", "?region=23&region=06&malset=run-2016", "Jämtland"),
    ("/indikator/foretagsamhet", "?omrade=23&omrade=06", "Jämtlands län"),
    ("/kommuner", "?region=23&region=06&indikator=fiber_hushall", "Jämtland"),
    ("/dialog", "?region=23&region=06", "Jämtland"),
    ("/sok", "?q=kultur&q=arbete", "kultur"),
]


@pytest.mark.parametrize(("path", "search", "first"), REPEATED)
def test_repeated_parameters_use_the_first_and_say_so(client, path: str, search: str, first: str) -> None:
    text = page_text(client, path, search)
    assert GENERIC_ERROR not in text
    assert "angavs 2 gånger" in text and first in text


def test_repeated_and_too_long_parameters_in_exports_answer_400(client) -> None:
    repeated = client.get("/export/data/foretagsamhet.csv?omrade=23&omrade=06")
    assert repeated.status_code == 400 and "Parametern omrade angavs 2 gånger" in repeated.get_data(as_text=True)
    long = client.get("/export/data/foretagsamhet.csv?omrade=" + "2" * 300)
    assert long.status_code == 400 and "Parametern omrade är längre än 200 tecken" in long.get_data(as_text=True)


def test_a_long_search_is_refused_before_searching(client) -> None:
    text = page_text(client, "/sok", "?q=" + "kultur " * 40)
    assert "Parametern q är längre än 200 tecken" in text and "träff" not in text


def test_export_goal_parameters_are_checked_and_left_out_of_the_cache_key(client, app: dash.Dash) -> None:
    bad_set = client.get("/export/data/foretagsamhet.csv?omrade=23&malset=nope")
    assert bad_set.status_code == 400 and "parametern malset" in bad_set.get_data(as_text=True)
    bad_goal = client.get("/export/data/foretagsamhet.csv?omrade=23&malset=run-2016&mal=999")
    assert bad_goal.status_code == 400 and "parametern mal" in bad_goal.get_data(as_text=True)
    plain = client.get("/export/data/nyforetagsamhet.csv?omrade=23")
    from_goal = client.get("/export/data/nyforetagsamhet.csv?omrade=23&malset=run-2016&mal=1")
    assert plain.status_code == from_goal.status_code == 200 and plain.data == from_goal.data
    memo = app.server.config["LAGET_DATABASE"]._cache["data_export"]
    ours = [key for key in memo if any(getattr(part, "indicator_id", None) == "nyforetagsamhet" for part in key)]
    assert len(ours) == 1, "one file, one cache entry"


@pytest.mark.parametrize(
    ("url", "maker", "magic"),
    [
        ("/export/rapport.pdf?region=23&malset=run-2016&ar=2016", routes.report_file, b"%PDF"),
        ("/export/dialog.pptx?region=23&sedan=2023-12-18", routes.deck_file, b"PK"),
    ],
)
def test_report_pdf_and_deck_are_made_once_per_database_version(client, monkeypatch, url, maker, magic) -> None:
    made = []
    inner = routes.LANE.run_on
    monkeypatch.setattr(routes.LANE, "run_on", lambda db, make, *args: made.append(make) or inner(db, make, *args))
    first = client.get(url)
    assert first.status_code == 200 and first.data.startswith(magic)
    assert made in ([maker], [])  # [] when an earlier test of this module asked for it
    made.clear()
    assert client.get(url).data == first.data and made == []


def _wait_for(condition, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


@pytest.fixture
def full_lane(monkeypatch) -> Iterator[ExportLane]:
    """The export lane of one slot and no queue, its slot held by an export that takes a few seconds."""
    lane = ExportLane(1, 0)
    holder = threading.Thread(target=lane.run, args=(time.sleep, 3))
    holder.start()
    _wait_for(lambda: lane.in_lane == 1)
    monkeypatch.setattr(routes, "LANE", lane)
    yield lane
    holder.join()
    lane.close()


def test_a_full_export_lane_answers_503_with_retry_after(client, full_lane: ExportLane) -> None:
    response = client.get("/export/data/folkmangd.xlsx?omrade=2380")
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) >= 1
    assert "Exporterna är fullt upptagna" in response.get_data(as_text=True)
    assert client.post("/_dash-update-component", json=router("/", "")).status_code == 200  # pages are not in the lane


def test_exports_run_in_another_process_at_a_lower_priority() -> None:
    lane = ExportLane(1, 1)
    try:
        assert lane.run(os.getpid) not in (os.getpid(), None)
        assert lane.run(os.getpriority, os.PRIO_PROCESS, 0) == os.getpriority(os.PRIO_PROCESS, 0) + NICE
    finally:
        lane.close()


def test_a_stuck_export_process_is_replaced(monkeypatch) -> None:
    lane = ExportLane(1, 1)
    try:
        stuck = lane.run(os.getpid)
        monkeypatch.setattr(lane_module, "WAIT_LIMIT", 1.0)
        with pytest.raises(LaneFailed) as failed:
            lane.run(time.sleep, 60)
        assert failed.value.swedish().startswith("Filen blev inte klar inom 1 sekunder")
        _wait_for(lambda: not Path(f"/proc/{stuck}").exists() or "Z" in Path(f"/proc/{stuck}/stat").read_text().split()[2])
        monkeypatch.setattr(lane_module, "WAIT_LIMIT", 60.0)
        assert lane.run(os.getpid) not in (stuck, os.getpid())
    finally:
        lane.close()


def test_a_crashed_export_process_answers_503_in_swedish_and_is_replaced(client, monkeypatch) -> None:
    """An export process killed while a file is asked for: that request gets a Swedish 503, the next its file."""
    lane = ExportLane(1, 1)
    monkeypatch.setattr(routes, "LANE", lane)
    url = "/export/data/folkmangd.csv?omrade=2380"
    try:
        lane.warm_up()  # as the first request to /export/ does
        victim = lane.run(os.getpid)  # after the warm-up: one export process does one job at a time
        held: list[BaseException] = []

        def hold() -> None:
            try:
                lane.run(time.sleep, 60)
            except LaneFailed as failed:
                held.append(failed)

        holder = threading.Thread(target=hold)
        holder.start()
        answers = []
        asker = threading.Thread(target=lambda: answers.append(client.get(url)))
        asker.start()
        _wait_for(lambda: len(lane._pool._pending_work_items) == 2)  # both handed to the export process's pool
        os.kill(victim, signal.SIGKILL)
        asker.join(60)
        holder.join(60)
        assert len(held) == 1, "the export the process was drawing failed too"
        text = answers[0].get_data(as_text=True)
        assert answers[0].status_code == 503 and int(answers[0].headers["Retry-After"]) >= 1
        assert text.startswith("Filen kunde inte göras: exportprocessen avbröts") and "Traceback" not in text
        again = client.get(url)
        assert again.status_code == 200 and "Östersund;2380;" in again.get_data(as_text=True)
        assert lane.last_pid not in (victim, os.getpid(), None)
    finally:
        lane.close()


def test_security_headers(client) -> None:
    response = client.get("/")
    headers = response.headers
    scripts = next(p for p in headers["Content-Security-Policy"].split("; ") if p.startswith("script-src"))
    assert "'self'" in scripts and "'sha256-" in scripts and "unsafe" not in scripts
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert "Strict-Transport-Security" not in headers  # plain http
    claimed = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in claimed.headers  # no proxy trusted: a client cannot claim https
    assert "Strict-Transport-Security" in client.get("/", base_url="https://localhost").headers
    assert client.get("/export/data/x.csv").headers["X-Content-Type-Options"] == "nosniff"


def test_a_trusted_proxy_says_https(built_db: Path, monkeypatch) -> None:
    monkeypatch.setenv("LAGET_TRUSTED_PROXIES", "1")
    proxied = create_app(built_db).server.test_client()
    response = proxied.get("/", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "10.0.0.1"})
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_responses_are_compressed(client) -> None:
    response = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    import gzip

    assert b"<html" in gzip.decompress(response.data)


def test_health_reports_the_database_version_and_exports(client, built_db: Path, tmp_path: Path) -> None:
    answer = client.get("/halsa")
    assert answer.status_code == 200
    body = answer.get_json()
    stat = built_db.stat()
    assert body["status"] == "ok" and body["database"]["version"] == f"{stat.st_ino}-{stat.st_mtime_ns}"
    assert body["database"]["latest_run"] >= 1
    assert body["exports"]["available"] is True and body["exports"]["chromium"]
    missing = create_app(tmp_path / "none.duckdb").server.test_client().get("/halsa")
    assert missing.status_code == 503 and "Databasen kan inte läsas" in missing.get_json()["meddelande"]


def test_gunicorn_logs_each_request_with_its_time(built_db: Path, tmp_path: Path) -> None:
    import re
    import shutil

    import requests

    from bench.server import gunicorn

    db = tmp_path / "laget.duckdb"
    shutil.copy(built_db, db)
    with gunicorn(db) as (base, _):
        assert requests.get(base + "/_reload-hash", timeout=10).status_code == 404
        assert requests.get(base + "/halsa", timeout=10).status_code == 200
    log = (tmp_path / "gunicorn.log").read_text()
    line = next(x for x in log.splitlines() if '"GET /halsa HTTP/1.1" 200' in x)
    assert re.match(r'^127\.0\.0\.1 - - \[[^\]]+\] "GET /halsa HTTP/1\.1" 200 \d+ "-" "[^"]*" \d+$', line), line


def test_a_chart_is_drawn_by_an_export_process_and_its_chromium_at_the_lane_priority(client, monkeypatch) -> None:
    """Chromium resets the priority it is started with; the lane puts every process and thread of it back."""
    from PIL import Image

    from dashboard.exports.lane import _descendants

    monkeypatch.setattr(routes.LANE, "last_pid", None)
    response = client.get("/export/figur/foretagsamhet.png?omrade=23&diagram=kommunkarta&storlek=bild")
    assert response.status_code == 200
    assert Image.open(io.BytesIO(response.data)).size == (1920, 1080)
    drawn_by = routes.LANE.last_pid
    assert drawn_by is not None and drawn_by != os.getpid() and drawn_by in routes.LANE.pids()
    chromium = _descendants(drawn_by)
    assert chromium, "the export process started chromium"
    own = os.getpriority(os.PRIO_PROCESS, 0)
    threads = [t for pid in [drawn_by, *chromium] for t in Path(f"/proc/{pid}/task").glob("*")]
    assert {os.getpriority(os.PRIO_PROCESS, int(t.name)) for t in threads} == {own + NICE}


def test_a_repeated_view_is_the_stored_answer_and_a_failed_one_is_not_kept(client, monkeypatch) -> None:
    page = next(p["module"] for p in dash.page_registry.values() if p["module"].endswith("indicator"))
    stored = client.post("/_dash-update-component", json=router("/indikator/folkmangd", "?omrade=23")).get_data()
    assert "Folkmängd" in json.dumps(json.loads(stored), ensure_ascii=False)

    def broken(*args: object) -> bool:
        raise RuntimeError("a passing failure")

    monkeypatch.setattr(sys.modules[page], "indicator_exists", broken)
    again = client.post("/_dash-update-component", json=router("/indikator/folkmangd", "?omrade=23")).get_data()
    assert again == stored  # the same request within the version: the stored bytes, the layout is not run
    assert GENERIC_ERROR in page_text(client, "/indikator/folkmangd", "?omrade=2380")  # a new one runs and fails
    monkeypatch.undo()
    assert "Östersund" in page_text(client, "/indikator/folkmangd", "?omrade=2380")  # the failure was not kept
