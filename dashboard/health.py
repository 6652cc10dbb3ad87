"""`/halsa`: 200 with the database's version when the app can read it (503 otherwise), and whether exports can run.

For a load balancer or a monitor: JSON, never cached. `exports.chromium` is the browser Kaleido would use
(`BROWSER_PATH`, else one found on PATH) or null: without it the charts cannot be exported, the pages still work.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import flask

from dashboard import queries
from dashboard.context import get_db
from dashboard.exports.lane import LANE
from dashboard.urls import route_prefix

log = logging.getLogger(__name__)


def chromium_path() -> str | None:
    """The chromium Kaleido would start, if there is one."""
    from choreographer.browsers.chromium import Chromium

    path = os.environ.get("BROWSER_PATH") or Chromium.find_browser(skip_local=False)
    return path if path and Path(path).is_file() and os.access(path, os.X_OK) else None


def health() -> flask.Response:
    chromium = chromium_path()
    exports = {"available": chromium is not None, "chromium": chromium, "in_lane": LANE.in_lane, "capacity": LANE.capacity}
    try:
        db = get_db()
        run = queries.latest_run(db)
        inode, mtime_ns = db.version
        database = {
            "version": f"{inode}-{mtime_ns}",
            "latest_run": None if run.isna()["run_id"] else int(run["run_id"]),
            "loaded_at": None if run.isna()["loaded_at"] else str(run["loaded_at"]),
        }
    except Exception as error:  # any failure to read is what this endpoint reports
        log.warning("health check: database not readable: %s", error)
        body = {"status": "fel", "meddelande": "Databasen kan inte läsas. Kör python -m etl build.", "exports": exports}
        return _json(body, 503)
    text = "Allt fungerar." if chromium else "Sidorna fungerar; diagramexport saknar chromium (make chromium)."
    return _json({"status": "ok", "meddelande": text, "database": database, "exports": exports}, 200)


def _json(body: dict, status: int) -> flask.Response:
    response = flask.jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


def register_health(server: flask.Flask) -> None:
    server.add_url_rule(route_prefix() + "/halsa", "halsa", health, methods=["GET"])
