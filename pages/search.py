"""`/sok?q=` — search results over goals and indicators (the navbar's search box submits here)."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard.components import message
from dashboard.context import get_db
from dashboard.errors import safe_layout
from dashboard.search import search

dash.register_page(__name__, path="/sok", title="Sök – Läget i länet", name="Sök")


@safe_layout
def layout(q: str | None = None, **_: str) -> html.Div:
    query = (q or "").strip()
    if not query:
        return html.Div(
            [
                html.H1("Sök", className="h2"),
                message("Skriv ett ord i sökrutan, till exempel ”arbetslöshet” eller ”kultur”.", kind="info"),
            ]
        )
    hits = search(get_db(), query)
    items = [
        html.Li(
            [
                html.Span(f"{h.kind}: ", className="text-muted"),
                dcc.Link(h.title, href=h.link),
                html.Div(h.detail, className="small text-muted"),
            ]
        )
        for h in hits
    ]
    summary = (
        f"{len(hits)} träff{'ar' if len(hits) != 1 else ''} för ”{query}”"
        if hits
        else f"Inga träffar för ”{query}”. Försök med ett kortare ord."
    )
    return html.Div(
        [html.H1("Sök", className="h2"), html.P(summary, role="status"), html.Ul(items, className="search-hits list-unstyled")]
    )
