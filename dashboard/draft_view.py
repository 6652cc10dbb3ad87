"""The goal page's "Förslag till analys": the drafted analysis of each target, shown as a draft."""

from __future__ import annotations

from dash import html

from dashboard.analysis import DRAFT_LABEL, DRAFT_NOTE, Analysis
from dashboard.fulfilment import TargetResult
from dashboard.labels import SEX_LABELS


def draft_section(results: list[TargetResult], analyses: list[Analysis]) -> html.Section:
    """ "Förslag till analys": per target the analysts' own comments first, then the drafted text, marked as a draft."""
    items = []
    for r, a in zip(results, analyses, strict=True):
        who = SEX_LABELS.get(r.sex, "")
        name = r.label + (f", {who}" if who and who not in r.label.lower() else "") + f", {r.area_name}"
        own = [html.P(["Kommentar: ", c], className="mb-1") for c in a.comments]
        draft = html.P([html.Span("Utkast", className="badge text-bg-secondary me-2"), a.draft_text], className="draft-text")
        items.append(html.Div([html.H3(name, className="h6 mb-1"), *own, draft], className="draft-item mb-3"))
    note = f"{DRAFT_NOTE} Förslagen visas för alla besökare; de ändrar inte analytikernas kommentarer."
    return html.Section(
        [html.H2(DRAFT_LABEL, className="h4 mt-4"), html.P(note, className="small text-muted"), *items],
        className="draft-analysis",
        **{"aria-label": DRAFT_LABEL},
    )
