"""`/` — goal fulfilment of a region's goal set: roll-up per priority, a card per goal."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from core.regions import COMPARISON_ID, COMPARISON_NAME
from dashboard import fulfilment, queries
from dashboard.comparison_view import comparison_section, headline_line
from dashboard.components import href, message, progress_badge, rollup_bar, sparkline, status_badge, switcher, tally_lines
from dashboard.context import get_db
from dashboard.db import LARGE, cached_query
from dashboard.errors import safe_layout
from dashboard.exports.links import report_downloads
from dashboard.goal_summary import summarise
from dashboard.view_state import GoalView, resolve_goal_view

dash.register_page(__name__, path="/", title="Översikt – Läget i länet", name="Översikt")


def _switchers(db, view: GoalView) -> html.Div:
    regions = queries.regions(db)
    sets = queries.goal_sets(db, view.region_code)
    return html.Div(
        [
            switcher(
                "Region",
                [(r.name, href("/", region=r.region_code)) for r in regions.itertuples()],
                view.region_name,
                "region-switch",
            ),
            switcher(
                "Mål",
                [(s.name, href("/", region=view.region_code, malset=s.goal_set)) for s in sets.itertuples() if s.goal_count]
                + [(COMPARISON_NAME, href("/", region=view.region_code, malset=COMPARISON_ID))],
                view.goal_set_name,
                "goalset-switch",
            ),
            None
            if view.is_comparison
            else switcher(
                "År",
                [
                    (str(y), href("/", region=view.region_code, malset=view.goal_set, ar=y, per=view.per))
                    for y in reversed(view.years)
                ],
                str(view.year or "–"),
                "year-switch",
            ),
        ],
        className="switchers",
    )


def _goal_card(view: GoalView, goal, results: list[fulfilment.TargetResult]) -> dbc.Col:
    link = href(f"/mal/{goal.goal_id}", region=view.region_code, malset=view.goal_set, ar=view.year, per=view.per)
    worst, best = fulfilment.worst_and_best(results)
    if not results:
        body = [html.P("Målet följs ännu inte med någon indikator.", className="small text-muted mb-0")]
    else:
        judged = [r for r in results if r.has_target]
        headline = judged[0] if judged else results[0]
        status_row = (
            [status_badge(worst)]
            if worst == best
            else [status_badge(worst), html.Span(" … ", className="text-muted"), status_badge(best)]
        )
        signals = [r for r in results if r.progress is not None]
        if not any(r.status for r in results) and signals:
            status_row = [progress_badge(signals[0].progress, signals[0].due)]
        elif not judged:
            status_row = [status_badge(None)]
        body = [
            html.Div(status_row, className="card-status"),
            html.P(
                [
                    html.Span(headline.label, className="d-block small"),
                    html.Strong(headline.fmt(headline.outcome), className="value"),
                    html.Span(f" ({headline.outcome_period})" if headline.outcome_period else "", className="small"),
                    html.Span(f" · mål: {headline.target_text}" if headline.has_target else "", className="small text-muted"),
                ],
                className="mb-1",
            ),
            sparkline(
                headline.series,
                alt=f"Trend för {headline.label}: " + ", ".join(f"{p}: {headline.fmt(v)}" for p, v in headline.series),
            ),
            html.P(f"{len(results)} indikator{'er' if len(results) != 1 else ''}", className="small text-muted mb-0"),
        ]
    title = (
        goal.title
        if not goal.title_missing
        else html.Span("målformuleringen saknas i underlaget", className="text-muted fw-normal")
    )
    return dbc.Col(
        dcc.Link(
            dbc.Card(
                dbc.CardBody(
                    [
                        html.H3([html.Span(f"Mål {goal.goal_id} ", className="goal-number"), title], className="h6 card-title"),
                        *body,
                    ]
                ),
                className="goal-card h-100",
            ),
            href=link,
            className="card-link",
        ),
        xs=12,
        md=6,
        xl=4,
        className="mb-3",
    )


def _unfollowed(view: GoalView, goals: list) -> html.P | None:
    """Goals without an indicator, as one line of links rather than empty cards."""
    if not goals:
        return None
    links: list = []
    for g in goals:
        text = f"Mål {g.goal_id}" + ("" if g.title_missing else f" {g.title}")
        links += [
            ", " if links else "",
            dcc.Link(
                text, href=href(f"/mal/{g.goal_id}", region=view.region_code, malset=view.goal_set, ar=view.year, per=view.per)
            ),
        ]
    return html.P(["Följs ännu inte med någon indikator: ", *links], className="small text-muted unfollowed")


@safe_layout
def layout(
    region: str | None = None, malset: str | None = None, ar: str | None = None, per: str | None = None, **other: str
) -> html.Div:
    db = get_db()
    view = resolve_goal_view(db, region, malset, ar, per)
    if view is None:
        return html.Div([html.H1("Läget i länet"), message("Databasen innehåller inga regioner. Kör python -m etl build.")])
    notes = [message(m) for m in view.messages] + [message(f"Okänd parameter ”{k}” ignorerades.", kind="info") for k in other]
    body = _view(db, view)
    return html.Div([*notes, *body])


def _heading(db, view: GoalView) -> html.Div:
    """The region's name, the goal set shown, and the län's unemployment among the 21 län and against riket."""
    return html.Div(
        [
            html.H1(view.region_name, className="h2 mb-0"),
            html.P(view.goal_set_name, className="lead mb-2"),
            headline_line(db, view.region_code),
        ]
    )


def _comparison(db, view: GoalView) -> list:
    sets = queries.goal_sets(db, view.region_code)
    own = "" if (sets["goal_count"] > 0).any() else (
        f"{view.region_name} har inga egna mål i Läget i länet ännu. En region lägger in sina mål med "
        f"python -m etl region new {view.region_code} och data/README.md."
    )  # fmt: skip
    return [
        _heading(db, view),
        _switchers(db, view),
        message(own, kind="info") if own else None,
        html.Section(comparison_section(db, view.region_code, view.region_name), className="comparison mb-4"),
    ]


@cached_query(keep=LARGE, key=lambda view: (view.region_code, view.goal_set, view.year, view.per))
def _view(db, view: GoalView) -> list:
    """The page of one goal set and year without its messages: built once per database version (the data is immutable)."""
    if view.is_comparison:
        return _comparison(db, view)
    goals = queries.goals(db, view.region_code, view.goal_set)
    year = view.year
    if not year:
        return [
            _heading(db, view),
            _switchers(db, view),
            message("Inget av målen har något utfall i databasen ännu.", kind="secondary"),
        ]
    summary = summarise(db, view.region_code, view.goal_set, year, view.per)
    by_goal = summary.results
    sections = []
    for prio in summary.priorities:
        prio_goals = goals[goals["goal_key"].isin(prio.goal_keys)]
        sections.append(
            html.Section(
                [
                    html.H2([html.Span(f"{prio.priority} ", className="priority-number"), prio.title], className="h4"),
                    *tally_lines(prio.now),
                    rollup_bar(prio.now.judged, caption=str(year)),
                    rollup_bar(prio.before.judged, caption=str(year - 1), thin=True),
                    dbc.Row(
                        [
                            _goal_card(view, g, list(by_goal[g.goal_key]))
                            for g in prio_goals.itertuples()
                            if by_goal.get(g.goal_key)
                        ]
                    ),
                    _unfollowed(view, [g for g in prio_goals.itertuples() if not by_goal.get(g.goal_key)]),
                ],
                className="priority mb-4",
                **{"aria-label": f"Prioritering {prio.priority}: {prio.title}"},
            )
        )
    before = summary.before.judged
    no_target = sum(1 for rs in by_goal.values() for r in rs if not r.has_target)
    return [
        _heading(db, view),
        _switchers(db, view),
        html.Section(
            [
                html.H2(f"Måluppfyllelse {year} (mot {year - 1})", className="h4"),
                html.P(view.per_text, className="per-note fw-semibold") if view.per_text else None,
                *tally_lines(summary.now),
                html.P(
                    f"Året innan: {before.met} uppnådda, {before.partly_met} delvis, {before.not_met} ej uppnådda "
                    f"av {before.measured} mätta." + (f" {no_target} indikatorer följs utan målvärde." if no_target else ""),
                    className="small text-muted",
                ),
                html.P(summary.rule_text, className="small text-muted rule-text"),
                report_downloads(view.region_code, view.goal_set, year, view.per),
            ],
            className="summary mb-4",
            id="summary",
        ),
        *sections,
    ]
