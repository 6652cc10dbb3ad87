"""The app's own addresses: links that carry the base path it is served under, and request paths without it.

The app can be served under a path prefix (`DASH_URL_BASE_PATHNAME=/laget/`, the reverse proxy passing the
path unchanged). Dash then serves its pages, assets and callbacks under the prefix; the app's own Flask routes
(exports, `/halsa`, the workspace's forms) are registered under it too (`route_prefix`), every link is made by
`href`, and every check of a request's path reads `local(path)`. Page paths are declared once, in each page's
`dash.register_page`.
"""

from __future__ import annotations

from urllib.parse import urlencode

import dash
import flask


def _prefix() -> str:
    """The prefix the browser's requests carry ("/" or "/laget/")."""
    try:
        return str(dash.get_app().config.requests_pathname_prefix)
    except Exception:  # no app made yet (a unit test building a link): the root
        return "/"


def href(path: str, **params: object) -> str:
    """A link to the app's own `path` with its view's state in the query string (None values left out)."""
    query = urlencode({k: v for k, v in params.items() if v is not None})
    link = _prefix().rstrip("/") + path if path.startswith("/") else path
    return f"{link}?{query}" if query else link


def route_prefix(server: flask.Flask | None = None) -> str:
    """The prefix the app's own Flask routes are registered under: "" or "/laget"."""
    try:
        return str(dash.get_app().config.routes_pathname_prefix).rstrip("/")
    except Exception:
        return ""


def local(path: str) -> str:
    """A request path as the app's pages name it: "/laget/mal/1" → "/mal/1" (unchanged without a prefix)."""
    prefix = route_prefix()
    if prefix and (path == prefix or path.startswith(prefix + "/")):
        return path[len(prefix) :] or "/"
    return path
