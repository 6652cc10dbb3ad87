"""The database of the app serving the current request."""

from __future__ import annotations

import flask

from dashboard.db import Database

DB_CONFIG_KEY = "LAGET_DATABASE"


def get_db() -> Database:
    return flask.current_app.config[DB_CONFIG_KEY]
