"""create_app(): the Dash app over one read-only DuckDB file."""

from __future__ import annotations

import logging
from pathlib import Path

import dash
import dash_bootstrap_components as dbc
import flask
from dash import dcc, html

from dashboard.context import DB_CONFIG_KEY
from dashboard.db import Database, DatabaseMissing
from dashboard.exports.routes import register_export_routes
from dashboard.guard import register_guards
from dashboard.headers import register_headers
from dashboard.health import register_health
from dashboard.responses import register_response_cache
from dashboard.settings import Settings
from dashboard.urls import href
from dashboard.warm import warm
from dashboard.workspace import read as workspace_read
from dashboard.workspace.store import Workspace, workspace_url
from dashboard.workspace.web import register_workspace

ROOT = Path(__file__).resolve().parent.parent
PLOTLY_ASSETS = r"^plotly-"  # assets/vendor/plotly-*.js: served, but loaded only when a chart asks (assets/lazy-plotly.js)
log = logging.getLogger(__name__)


def _shell() -> html.Div:
    return html.Div(
        [
            html.A("Hoppa till innehållet", href="#main", className="skip-link"),
            dbc.Navbar(
                dbc.Container(
                    [
                        dcc.Link([html.Span("Läget i länet", className="brand-name")], href=href("/"), className="navbar-brand"),
                        html.Nav(
                            [
                                dcc.Link("Översikt", href=href("/"), className="nav-link"),
                                dcc.Link("Kommuner", href=href("/kommuner"), className="nav-link"),
                                dcc.Link("Dialog", href=href("/dialog"), className="nav-link"),
                            ],
                            className="navbar-nav flex-row gap-3",
                            **{"aria-label": "Huvudmeny"},
                        ),
                        html.Form(
                            [
                                html.Label("Sök mål och indikatorer", htmlFor="site-search", className="visually-hidden-label"),
                                dcc.Input(
                                    id="site-search",
                                    name="q",
                                    type="search",
                                    placeholder="Sök…",
                                    className="form-control form-control-sm",
                                ),
                                html.Button("Sök", type="submit", className="btn btn-light btn-sm"),
                            ],
                            action=href("/sok"),
                            method="get",
                            role="search",
                            className="site-search",
                        ),
                    ],
                    fluid=True,
                ),
                color="dark",
                dark=True,
                className="mb-3",
            ),
            dbc.Container(html.Main(dash.page_container, id="main", tabIndex="-1"), fluid=True, className="pb-5"),
            html.Footer(
                dbc.Container(
                    [
                        "Läget i länet – öppen uppföljning av regionala utvecklingsstrategier. Varje siffra visas med sin källa. ",
                        html.A("Logga in (analytiker)", href=href("/logga-in")),
                    ],
                    fluid=True,
                ),
                className="site-footer small text-muted py-3",
            ),
        ]
    )


def create_app(db_path: Path | None = None) -> dash.Dash:
    """Build the app; pages read the database through `dashboard.context.get_db()`."""
    settings = Settings.from_env()
    app = dash.Dash(
        __name__,
        use_pages=True,
        pages_folder=str(ROOT / "pages"),
        assets_folder=str(ROOT / "assets"),
        assets_ignore=PLOTLY_ASSETS,
        title="Läget i länet",
        update_title=None,
        suppress_callback_exceptions=True,
        serve_locally=True,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    _use_strict_plotly()
    path = db_path or settings.db_path
    ws = Workspace(workspace_url(path))
    ws.migrate()
    database = Database(path, warm=warm, workspace=ws)
    try:
        workspace_read.seed(ws, database)
    except DatabaseMissing:
        log.warning("no database yet: the workspace is seeded from the goal files once it is built")
    app.server.config[DB_CONFIG_KEY] = database
    register_workspace(app.server, ws)
    app.index_string = app.index_string.replace("<html>", '<html lang="sv">')
    app.layout = _shell()
    _mark_not_found(app.server)
    register_export_routes(app.server)
    register_health(app.server)
    register_guards(app)
    register_headers(app)
    register_response_cache(app)
    _set_up_now(app)
    return app


def _use_strict_plotly() -> None:
    """Serve the app's partial plotly.js (assets/vendor/plotly-laget.min.js, built by tools/plotly-bundle: no eval,
    so the CSP needs none) instead of the full bundle Dash adds for dcc.Graph; assets/lazy-plotly.js loads it
    when the first chart asks for window.Plotly."""
    dcc._js_dist[:] = [d for d in dcc._js_dist if d.get("namespace") != "plotly"]  # type: ignore[attr-defined]


def _set_up_now(app: dash.Dash) -> None:
    """Run Dash's first-request setup (the pages' callbacks, the router) now, before any worker forks.

    Dash marks it done before it is, so with threaded workers a second first request could find no
    callback for its output (an HTTP 500).
    """
    with app.server.test_request_context("/"):
        app.server.preprocess_request()


def _mark_not_found(server: flask.Flask) -> None:
    """Give the HTML of an unknown page the HTTP status 404 (the page itself explains in Swedish)."""
    from dashboard.routing import is_known_page

    @server.after_request
    def _status(response: flask.Response) -> flask.Response:
        if flask.request.method == "GET" and response.mimetype == "text/html" and response.status_code == 200:
            try:
                known = is_known_page(flask.request.path, flask.request.args)
            except Exception:  # the page itself will say what is wrong
                log.exception("could not check %s", flask.request.path)
                known = True
            if not known:
                response.status_code = 404
        return response
