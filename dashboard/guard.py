"""Every request bounded before any work: body size, the shape of Dash callback bodies, Dash's own paths.

- A body over `MAX_BODY` bytes answers 413; a callback body that is not what the page's own Dash client sends
  (not JSON, nested too deep, an output no callback has, inputs that are not the callback's, a pathname that
  is not text) answers 400. Both with a Swedish sentence, as plain text: never a traceback or a 500.
- An unknown `/_dash-component-suites/…` path answers 404; `/_reload-hash` (Dash's hot reload) answers 404
  unless the app runs with Dash's dev tools.
- `BadCallback`, raised inside a callback (e.g. a forged `dcc.Store`), answers 400 the same way.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import dash
import flask
from werkzeug.exceptions import RequestEntityTooLarge

from dashboard.urls import local

log = logging.getLogger(__name__)

MAX_BODY = 100 * 1024  # bytes: a page's callback body is a few hundred bytes to a few kB
MAX_DEPTH = 16  # nesting of a callback body: the app's own are at most 5 deep
UPDATE = "/_dash-update-component"
SUITES = "/_dash-component-suites/"
TEXT_PROPS = ("pathname", "search", "hash", "href")  # dcc.Location's: text (the pathname always) or nothing


class BadCallback(ValueError):
    """A callback request we will not run; the text is Swedish and says what was wrong."""


def stored_fields(stored: object, keys: tuple[str, ...]) -> dict[str, str | None]:
    """The text fields of a `dcc.Store` the page wrote (the first is required); BadCallback for anything else."""
    if not isinstance(stored, dict) or not all(isinstance(stored.get(k), str | None) for k in keys) or not stored.get(keys[0]):
        raise BadCallback("Sidans sparade tillstånd i anropet är inte det sidan skrev; ladda om sidan.")
    return {k: stored.get(k) for k in keys}


def _plain(text: str, status: int) -> flask.Response:
    return flask.Response(text + "\n", status=status, mimetype="text/plain")


def _depth(value: Any) -> int:
    """How deeply lists and objects nest in `value` (iteratively: no recursion for a hostile body)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if deepest > MAX_DEPTH:
                return deepest
            stack += [(v, level + 1) for v in (item.values() if isinstance(item, dict) else item)]
    return deepest


def _check_items(items: Any, declared: list[dict], what: str, prefix: str = "/") -> None:
    if not isinstance(items, list) or len(items) != len(declared):
        raise BadCallback(f"Anropet har fel antal {what} för den här uppdateringen.")
    for item, want in zip(items, declared, strict=True):
        if not isinstance(item, dict) or item.get("id") != want["id"] or item.get("property") != want["property"]:
            raise BadCallback(f"Anropet har {what} som den här uppdateringen inte tar (väntade {want['id']}.{want['property']}).")
        value = item.get("value")
        text_only = want["property"] == "pathname" or (want["property"] in TEXT_PROPS and value is not None)
        if text_only and not isinstance(value, str):
            raise BadCallback(f"Värdet för {want['id']}.{want['property']} ska vara text.")
        if want["property"] == "pathname" and not value.startswith(prefix):
            raise BadCallback(f"Anropets sökväg ska börja med {prefix}.")


def check_callback_body(app: dash.Dash, raw: bytes) -> dict:
    """The parsed body of a callback request, or BadCallback saying what is wrong with it."""
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):
        raise BadCallback("Anropet är inte giltig JSON.") from None
    if not isinstance(body, dict):
        raise BadCallback("Anropet ska vara ett JSON-objekt med output, outputs och inputs.")
    if _depth(body) > MAX_DEPTH:
        raise BadCallback(f"Anropet är nästlat djupare än {MAX_DEPTH} nivåer.")
    output = body.get("output")
    callback = app.callback_map.get(output) if isinstance(output, str) else None
    if callback is None:
        raise BadCallback("Anropet gäller en uppdatering som inte finns på sidan (output).")
    outputs = body.get("outputs")
    multi = output.startswith("..")  # Dash writes several outputs as "..a.x...b.y.."
    expected = len(output.strip(".").split("...")) if multi else 1
    listed = outputs if isinstance(outputs, list) else [outputs]
    if multi != isinstance(outputs, list) or len(listed) != expected:
        raise BadCallback(f"Anropet ska ha {expected} outputs för den här uppdateringen.")
    if not all(isinstance(o, dict) and isinstance(o.get("id"), str | dict) for o in listed):
        raise BadCallback("Anropets outputs ska vara objekt med id och property.")
    prefix = str(app.config.requests_pathname_prefix)
    _check_items(body.get("inputs"), callback["inputs"], "inputs", prefix)
    _check_items(body.get("state", []), callback["state"], "state", prefix)
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        raise BadCallback("Anropets changedPropIds ska vara en lista med text.")
    return body


def register_guards(app: dash.Dash) -> None:
    """Bound the body size, check callback bodies and Dash's paths before Dash sees them."""
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = MAX_BODY

    @server.before_request
    def _guard() -> flask.Response | None:
        path = local(flask.request.path)
        if path == UPDATE and flask.request.method == "POST":
            check_callback_body(app, flask.request.get_data(cache=True))
        elif path.startswith(SUITES):
            package, _, rest = path[len(SUITES) :].partition("/")
            if not _registered(app, package, rest):
                return _plain("Filen finns inte.", 404)
        elif path == "/_reload-hash" and not app._dev_tools.hot_reload:
            return _plain("Sidan finns inte.", 404)
        return None

    @server.errorhandler(BadCallback)
    def _bad_callback(error: BadCallback) -> flask.Response:
        log.info("bad callback request: %s", error)
        return _plain(str(error), 400)

    @server.errorhandler(RequestEntityTooLarge)
    def _too_large(_: RequestEntityTooLarge) -> flask.Response:
        return _plain(f"Anropet är för stort: högst {MAX_BODY // 1024} kB tas emot.", 413)


def _registered(app: dash.Dash, package: str, fingerprinted: str) -> bool:
    """Whether Dash would serve this file: the fingerprint (`.v4_4_1m…`) removed, the path is one it registered."""
    from dash.fingerprint import check_fingerprint

    path, _ = check_fingerprint(fingerprinted)
    return path in app.registered_paths.get(package, ())
