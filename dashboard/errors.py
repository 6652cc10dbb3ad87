"""Never a traceback on a page: an unexpected error becomes a Swedish message, and the log gets the details."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components import message
from dashboard.db import DatabaseMissing
from dashboard.responses import dont_keep
from dashboard.urls import href
from dashboard.view_state import read_params

log = logging.getLogger("laget.pages")


def error_content(text: str) -> html.Div:
    dont_keep()  # a failure may pass: the next request tries again
    return html.Div(
        [
            html.H1("Något gick fel", className="h3"),
            dbc.Alert(text, color="danger"),
            dcc.Link("Till översikten", href=href("/"), className="btn btn-primary"),
        ],
        className="py-3",
    )


def safe_layout(func: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a page's layout function: its URL parameters read once (`read_params`, with a note for a repeated or
    too long one), and any failure shown as a clear message instead of breaking the page."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        params, notes = read_params(kwargs)
        try:
            content = func(*args, **params)
            if not notes:
                return content
            return html.Div([*[message(n) for n in notes], content])
        except DatabaseMissing:
            log.exception("database missing")
            return error_content("Databasen är inte byggd ännu. Kör `python -m etl build` (eller `make run`) och ladda om sidan.")
        except Exception:
            log.exception("page %s failed with %s", func.__module__, params)
            return error_content("Sidan kunde inte visas just nu. Felet är loggat; försök igen eller gå till översikten.")

    return wrapper
