"""Safe to serve in public: bad requests answer 4xx with a Swedish sentence, exports have their own lane,
the security headers are there, `/halsa` tells the truth, and gunicorn logs each request with its time."""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import dash
import pytest

from dashboard.app import create_app
from dashboard.exports import routes
from dashboard.exports.lane import ExportLane
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
    ("url", "module", "maker", "magic"),
    [
        ("/export/rapport.pdf?region=23&malset=run-2016&ar=2016", routes.report_pdf, "to_pdf", b"%PDF"),
        ("/export/dialog.pptx?region=23&sedan=2023-12-18", routes.pptx, "to_pptx", b"PK"),
    ],
)
def test_report_pdf_and_deck_are_made_once_per_database_version(client, monkeypatch, url, module, maker, magic) -> None:
    first = client.get(url)
    assert first.status_code == 200 and first.data.startswith(magic)
    made = []
    monkeypatch.setattr(module, maker, lambda built: made.append(built) or b"again")
    assert client.get(url).data == first.data and made == []


@pytest.fixture
def full_lane(monkeypatch) -> Iterator[ExportLane]:
    """The export lane of one slot and no queue, its slot held by a job that waits until the test ends."""
    lane = ExportLane(1, 0)
    release, started = threading.Event(), threading.Event()
    holder = threading.Thread(target=lambda: lane.run(lambda: started.set() or release.wait(10)))
    holder.start()
    started.wait(5)
    monkeypatch.setattr(routes, "LANE", lane)
    yield lane
    release.set()
    holder.join()


def test_a_full_export_lane_answers_503_with_retry_after(client, full_lane: ExportLane) -> None:
    response = client.get("/export/data/folkmangd.xlsx?omrade=2380")
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) >= 1
    assert "Exporterna är fullt upptagna" in response.get_data(as_text=True)
    assert client.post("/_dash-update-component", json=router("/", "")).status_code == 200  # pages are not in the lane


def test_lane_threads_run_at_a_lower_priority() -> None:
    lane = ExportLane(1, 1)
    own = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    lane_nice = lane.run(lambda: os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
    assert lane_nice > own


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


def test_chromium_draws_at_the_lane_priority(client) -> None:
    """Chromium resets the priority it is started with; the lane puts every process and thread of it back."""
    from dashboard.exports.lane import NICE, _descendants

    response = client.get("/export/figur/foretagsamhet.png?omrade=23")
    assert response.status_code == 200 and response.data.startswith(b"\x89PNG")
    own = os.getpriority(os.PRIO_PROCESS, 0)
    threads = [t for pid in _descendants(os.getpid()) for t in Path(f"/proc/{pid}/task").glob("*")]
    assert threads, "the export started chromium"
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
