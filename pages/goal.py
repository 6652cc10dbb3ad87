"""`/mal/<goal_id>` — one goal: each indicator with status, outcome, target, baseline, trend, source, comment."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard import analysis, fulfilment, queries
from dashboard.components import href, message, not_found, reading, sparkline
from dashboard.context import get_db
from dashboard.draft_view import draft_section
from dashboard.errors import safe_layout
from dashboard.format import number, period_label
from dashboard.labels import SEX_LABELS
from dashboard.view_state import resolve_goal_view
from dashboard.workspace import controls
from dashboard.workspace import read as workspace

dash.register_page(__name__, path_template="/mal/<goal_id>", title="Mål – Läget i länet", name="Mål")


def _comments(db, result: fulfilment.TargetResult, edit: tuple[int, str] | None) -> list | str:
    comments = workspace.comments_for(db, (result.indicator_id,), (result.area_code,))
    year = (result.outcome_period or "")[:4]
    comments = comments[comments["period"].str[:4] == year]
    shown = [
        html.P(
            [c.text, html.Span(f" ({c.author})", className="text-muted")]
            + (controls.comment_controls(c.record_id, result.label, edit[1]) if edit else []),
            className="mb-1",
        )
        for c in comments.itertuples()
    ]
    if edit:
        shown.append(controls.new_comment_link(result, year or str(edit[0]), edit[1]))
    return shown or ""


def _indicator_link(r: fulfilment.TargetResult) -> str:
    """The indicator's own page for this target's area and sex, remembering the goal for the way back."""
    goal_set = r.goal_key.split("/")[1]
    return href(f"/indikator/{r.indicator_id}", omrade=r.area_code, kon=r.sex, malset=goal_set, mal=r.goal_id)


def _row(db, r: fulfilment.TargetResult, edit: tuple[int, str] | None = None) -> html.Tr:
    """One target's row; `edit` (year, this page's address) adds the edit controls."""
    who = SEX_LABELS.get(r.sex, "")
    name = r.label + (f", {who}" if who and who not in r.label.lower() else "")
    outcome = [html.Strong(r.fmt(r.outcome))] if r.outcome is not None else [html.Span("–")]
    if r.outcome_period:
        outcome.append(html.Span(f" ({period_label(r.outcome_period)})", className="small"))
    if r.outcome_flag == "ca":
        outcome.append(html.Span(" ca", className="small text-muted", title="Ungefärligt värde i källan"))
    if r.note:
        outcome.append(html.Div(r.note, className="small text-muted"))
    baseline = "–"
    if r.baseline_value is not None:
        baseline = number(r.baseline_value, r.decimals) + (f" ({r.baseline_year})" if r.baseline_year else "")
    alt = f"Trend för {name}: " + ", ".join(f"{period_label(p)}: {r.fmt(v)}" for p, v in r.series)
    cells = [
        ("Status", reading(r) + ([controls.judgement_controls(r, *edit)] if edit and r.has_target else [])),
        ("Utfall", outcome),
        ("Mål och målår", [r.target_text] + ([controls.target_controls(r, edit[1])] if edit else [])),
        ("Utgångsvärde", baseline),
        ("Trend", sparkline(r.series, alt=alt)),
        ("Källa", html.Span(r.outcome_source or "–", className="small")),
        ("Kommentar", _comments(db, r, edit)),
    ]
    return html.Tr(
        [html.Th([dcc.Link(name, href=_indicator_link(r)), html.Div(r.area_name, className="small text-muted")], scope="row")]
        + [html.Td(content, **{"data-label": label}) for label, content in cells],
        className="target-row",
    )


@safe_layout
def layout(
    goal_id: str | None = None,
    region: str | None = None,
    malset: str | None = None,
    ar: str | None = None,
    per: str | None = None,
    **other: str,
) -> html.Div:
    db = get_db()
    view = resolve_goal_view(db, region, malset, ar, per)
    if view is None:
        return not_found("Sidan finns inte", "Databasen innehåller inga regioner.")
    goals = queries.goals(db, view.region_code, view.goal_set)
    match = goals[goals["goal_id"] == goal_id]
    if match.empty:
        return not_found(
            "Målet finns inte",
            f"Det finns inget mål ”{goal_id}” i {view.goal_set_name} för {view.region_name}. Kontrollera länken eller gå till översikten.",
        )
    goal = match.iloc[0]
    results = (
        [
            r
            for r in fulfilment.evaluate(db, view.region_code, view.goal_set, view.year, view.per)
            if r.goal_key == goal["goal_key"]
        ]
        if view.year
        else []
    )
    back = href("/", region=view.region_code, malset=view.goal_set, ar=view.year, per=view.per)
    title = (
        goal["title"]
        if not goal["title_missing"]
        else html.Span("(målformuleringen saknas i underlaget)", className="text-muted")
    )
    editor = controls.editor_for(view.region_code)
    here = href(f"/mal/{goal_id}", region=view.region_code, malset=view.goal_set, ar=view.year, per=view.per)
    edit = (view.year, here) if editor and view.year and view.per is None else None
    notes = [message(m) for m in view.messages] + [message(f"Okänd parameter ”{k}” ignorerades.", kind="info") for k in other]
    if results:
        body = html.Div(
            html.Table(
                [
                    html.Caption(f"Indikatorer för mål {goal_id}, utfall {view.year}"),
                    html.Thead(
                        html.Tr(
                            [
                                html.Th(h, scope="col")
                                for h in (
                                    "Indikator",
                                    "Status",
                                    "Utfall",
                                    "Mål och målår",
                                    "Utgångsvärde",
                                    "Trend",
                                    "Källa",
                                    "Kommentar",
                                )
                            ]
                        )
                    ),
                    html.Tbody([_row(db, r, edit) for r in results]),
                ],
                className="table table-sm align-middle goal-table",
            ),
            className="table-responsive",
        )
    else:
        body = message("Målet följs ännu inte med någon indikator.", kind="secondary")
    return html.Div(
        [
            html.Nav(
                html.Ol(
                    [
                        html.Li(dcc.Link(f"{view.region_name} – {view.goal_set_name}", href=back), className="breadcrumb-item"),
                        html.Li(f"Mål {goal_id}", className="breadcrumb-item active", **{"aria-current": "page"}),
                    ],
                    className="breadcrumb",
                ),
                **{"aria-label": "Brödsmulor"},
            ),
            *notes,
            controls.signed_in_note(editor, workspace.differences(db, view.region_code, view.goal_set)) if editor else None,
            html.H1([html.Span(f"Mål {goal_id} ", className="goal-number"), title], className="h2"),
            html.P(f"Prioritering {goal['priority']}: {goal['priority_title']}", className="text-muted"),
            html.P(goal["description"]) if goal["description"] else None,
            html.P(f"Utfall {view.year}, jämfört med målet. Status visas med färg, symbol och ord.", className="small")
            if view.year
            else None,
            html.P(view.per_text, className="per-note fw-semibold") if view.per_text else None,
            body,
            draft_section(results, analysis.analyses(db, results, view.year, view.per)) if results and view.year else None,
        ]
    )
