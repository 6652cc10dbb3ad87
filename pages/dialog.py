"""`/dialog` — presentation mode for the näringslivsdialog: full screen, one finding a slide, arrow keys to move.

The slides come from `dashboard.exports.dialog` (the same deck as `/export/dialog.pptx`); moving between
them is done in the browser by assets/dialog.js (arrow keys, Page Up/Down, space, clicks; F for full screen).
"""

from __future__ import annotations

import dash
import plotly.graph_objects as go
from dash import dcc, html

from dashboard.components import href, message
from dashboard.context import get_db
from dashboard.errors import safe_layout
from dashboard.exports.deck import Deck, DialogError, Slide
from dashboard.exports.dialog import build_deck

dash.register_page(__name__, path="/dialog", title="Näringslivsdialog – Läget i länet", name="Dialog")

GRAPH_CONFIG = {"staticPlot": True, "responsive": True, "displayModeBar": False}
SCREEN_FONT = 26  # px: readable from the back of a room on a projected 1920×1080 screen


def _slide(index: int, total: int, content: list, *, key: str) -> html.Section:
    return html.Section(
        content,
        className="dialog-slide" + (" active" if index == 0 else ""),
        id=f"bild-{key}",
        **{
            "aria-roledescription": "bild",
            "aria-label": f"Bild {index + 1} av {total}",
            "aria-hidden": "false" if index == 0 else "true",
        },
    )


def _chart(slide: Slide) -> html.Div:
    if slide.figure is not None:
        figure = go.Figure(slide.figure).update_layout(font={"size": SCREEN_FONT}, legend={"font": {"size": SCREEN_FONT}})
        return html.Div(
            dcc.Graph(figure=figure, config=GRAPH_CONFIG, style={"height": "100%", "width": "100%"}),
            className="dialog-chart",
            role="img",
            **{"aria-label": slide.headline},
        )
    if slide.items:
        return html.Ul([html.Li(item) for item in slide.items], className="dialog-items")
    return html.Div(
        [html.P("Data saknas", className="dialog-missing-word"), html.P(slide.missing or "")], className="dialog-missing"
    )


def _content(slide: Slide) -> list:
    return [
        html.P(slide.topic, className="dialog-topic"),
        html.H2(slide.headline, className="dialog-headline"),
        html.P(slide.detail, className="dialog-detail") if slide.detail else None,
        _chart(slide),
        html.P(slide.source, className="dialog-source"),
    ]


def _title_content(deck: Deck, notes: list[str]) -> list:
    return [
        html.P("Näringslivsdialog", className="dialog-topic"),
        html.H1(deck.title, className="dialog-title"),
        html.P(f"{deck.region_name} · nytt sedan {deck.since_text}", className="dialog-detail"),
        *[message(n) for n in notes],
        html.P(
            "Byt bild med piltangenterna ← →, mellanslag eller ett klick. F = helskärm.",
            className="dialog-help",
        ),
    ]


def _bar(deck: Deck, total: int) -> html.Div:
    pptx = href("/export/dialog.pptx", region=deck.region_code, sedan=f"{deck.since:%Y-%m-%d}")
    return html.Div(
        [
            dcc.Link("✕ Avsluta", href=href("/", region=deck.region_code), className="dialog-exit"),
            html.Button(
                "←",
                className="dialog-nav",
                title="Föregående bild",
                **{"data-dialog-move": "-1", "aria-label": "Föregående bild"},
            ),
            html.Span(f"1 / {total}", className="dialog-counter", **{"aria-live": "polite"}),
            html.Button("→", className="dialog-nav", title="Nästa bild", **{"data-dialog-move": "1", "aria-label": "Nästa bild"}),
            html.Button("Helskärm", className="dialog-nav", **{"data-dialog-fullscreen": "1"}),
            html.A("Ladda ner PowerPoint", href=pptx, className="dialog-download", download=""),
        ],
        className="dialog-bar",
    )


@safe_layout
def layout(region: str | None = None, sedan: str | None = None, **other: str) -> html.Div:
    db = get_db()
    notes = [f"Okänd parameter ”{k}” ignorerades." for k in other]
    try:
        deck = build_deck(db, region, sedan)
    except DialogError as error:
        notes.append(f"{error} Visar standardvalet.")
        deck = build_deck(db, None, None)
    total = len(deck.slides) + 1
    slides = [_slide(0, total, _title_content(deck, notes), key="start")]
    slides += [_slide(i, total, _content(s), key=s.key) for i, s in enumerate(deck.slides, start=1)]
    return html.Div(
        [_bar(deck, total), html.Div(slides, className="dialog-slides")],
        className="dialog-deck",
        tabIndex="0",
        **{"role": "region", "aria-label": f"Bildspel: {deck.title}", "data-count": str(total)},
    )
