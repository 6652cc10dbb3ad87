"""The encoded answers of Dash callbacks, kept per database version: a repeated view is sent as stored bytes.

Every callback of the app (the page router and the pages' own) is a function of its request body, the database
version, the workspace version and today's date for a visitor without a session: pages read data only through the
per-version memo and no callback reads the clock's time of day. A request with a session cookie (a signed-in
analyst, whose pages show who is signed in and the edit links) is answered fresh and not kept. So the JSON Dash encoded is kept in that memo, keyed by a
digest of the body and today's date, and the next identical request gets it without running the layout or
serialising it again. Not kept: an answer other than 200, one that sets a cookie, and a page that showed its error
message (`dont_keep()`, from dashboard/errors.py), so a passing failure is not pinned for the whole version.
A callback that would read the session or the time must not be added without taking it out here.
"""

from __future__ import annotations

import hashlib
from functools import wraps

import dash
import flask

from core import clock
from dashboard.context import get_db
from dashboard.db import DatabaseMissing

KEPT = 96  # answers a worker keeps (~30–150 kB each); LRU, emptied with each new database version
_FLAG = "laget_dont_keep"


def dont_keep() -> None:
    """This request's answer is not to be stored (the page shows an error)."""
    if flask.has_request_context():
        setattr(flask.g, _FLAG, True)


def register_response_cache(app: dash.Dash) -> None:
    """Wrap Dash's callback endpoint so identical requests within a database version share one encoded answer."""
    server = app.server
    endpoint = app.config.routes_pathname_prefix + "_dash-update-component"
    dispatch = server.view_functions[endpoint]

    @wraps(dispatch)
    def kept_dispatch() -> flask.Response:
        try:
            db = get_db()
        except DatabaseMissing:  # the page explains; nothing to key an answer on
            return dispatch()
        if server.config["SESSION_COOKIE_NAME"] in flask.request.cookies:  # the answer may depend on who is signed in
            return dispatch()
        digest = hashlib.blake2b(flask.request.get_data(cache=True), digest_size=16).digest()
        key = ("callback_response", digest, clock.today())
        body = db.peek(key)
        if body is not None:
            return flask.Response(body, mimetype="application/json")
        response = dispatch()
        if response.status_code == 200 and "Set-Cookie" not in response.headers and not flask.g.get(_FLAG):
            db.cached(key, response.get_data, KEPT)
        return response

    server.view_functions[endpoint] = kept_dispatch
