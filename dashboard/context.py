"""The database of the app serving the current request."""

from __future__ import annotations

import flask

from dashboard.db import Database, Snapshot

DB_CONFIG_KEY = "LAGET_DATABASE"


def get_db() -> Snapshot:
    """The database as it was when this request first asked: one request never sees two versions."""
    if "laget_db" not in flask.g:
        db: Database = flask.current_app.config[DB_CONFIG_KEY]
        flask.g.laget_db = db.snapshot()
    return flask.g.laget_db
