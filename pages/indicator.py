"""`/indikator/<indicator_id>` — one indicator: trend with target, the three signals, län, kommuner, women and men.

The whole view is in the URL (`omrade`, `kon`, `fran`, `till`, `ar`; `malset`/`mal` for the way back);
a control writes the URL, and the page is drawn again from it, so links and back/forward keep the view.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, dcc, html

from core import clock
from core.enums import Direction, Flag
from dashboard import figures, queries
from dashboard.components import breadcrumb, chart_block, data_table, href, message, not_found, status_badge
from dashboard.context import get_db
from dashboard.db import LARGE
from dashboard.errors import safe_layout
from dashboard.exports.links import chart_downloads
from dashboard.format import number, period_label, with_unit
from dashboard.guard import BadCallback, stored_fields
from dashboard.indicator_view import (
    INDICATOR_PARAMS,
    RIKET,
    SEX_NAMES,
    TOTAL_UNITS,
    IndicatorData,
    IndicatorState,
    indicator_exists,
    resolve_indicator_state,
    series_periods,
    unknown_params,
    where_values_are,
)
from dashboard.queries import areas, observations
from dashboard.trajectory import TrajectoryResult

dash.register_page(__name__, path_template="/indikator/<indicator_id>", title="Indikator – Läget i länet", name="Indikator")

LOCATION = "indicator-location"
STATE = "indicator-state"
AREA = "indicator-area"
SEX = "indicator-sex"
FROM = "indicator-from"
TO = "indicator-to"
YEAR = "indicator-year"
CONTROLS = {"omrade": AREA, "kon": SEX, "fran": FROM, "till": TO, "ar": YEAR}


# --- controls ------------------------------------------------------------------------------------


def _area_options(db, data: IndicatorData) -> list[dict]:
    """Riket, the län, the kommuner of the current län, then other kommuner with values; areas without values say so."""
    all_areas = areas(db)
    obs = observations(db, data.state.indicator_id)
    mine = obs[obs["sex"] == data.state.sex]
    have = set(mine["area_code"].unique())
    lan_via_kommuner = set(mine.loc[mine["level"] == "kommun", "parent_code"])
    kommun = all_areas["level"] == "kommun"
    lan = all_areas[all_areas["level"] == "lan"].sort_values("name")
    own_kommuner = all_areas[kommun & (all_areas["parent_code"] == data.region_code)].sort_values("name")
    other = all_areas[kommun & all_areas["area_code"].isin(have) & ~all_areas["area_code"].isin(own_kommuner["area_code"])]
    rows = pd.concat([all_areas.loc[[RIKET]], lan, own_kommuner, other])
    options = []
    for code, name, level in zip(rows["area_code"].tolist(), rows["name"].tolist(), rows["level"].tolist(), strict=True):
        missing = " – bara kommunerna" if code in lan_via_kommuner else " – data saknas"
        label = name + (" (kommun)" if level == "kommun" else "") + ("" if code in have else missing)
        options.append({"label": label, "value": code})
    return options


def _controls(db, data: IndicatorData) -> html.Div:
    state = data.state
    obs = observations(db, state.indicator_id)
    periods = series_periods(obs, state.area_code, state.sex)
    sexes = sorted(set(obs.loc[obs["area_code"] == state.area_code, "sex"]) | {state.sex}, key="TKM".index)
    compare = sorted(set(obs.loc[(obs["sex"] == state.sex) & obs["level"].isin(["lan", "kommun"]), "period"])) or periods
    period_options = [{"label": period_label(p), "value": p} for p in periods]
    first, last = (periods[0], periods[-1]) if periods else (None, None)  # the whole series: what the selects show

    def field(label: str, control, id_: str, width: int) -> dbc.Col:
        return dbc.Col([html.Label(label, htmlFor=id_, className="form-label control-label"), control], xs=12, sm=6, lg=width)

    return html.Form(
        dbc.Row(
            [
                field("Område", dbc.Select(id=AREA, options=_area_options(db, data), value=state.area_code), AREA, 4),
                dbc.Col(
                    html.Fieldset(
                        [
                            html.Legend("Kön", className="form-label control-label"),
                            dbc.RadioItems(
                                id=SEX,
                                options=[{"label": SEX_NAMES[s].capitalize(), "value": s} for s in sexes],
                                value=state.sex,
                                inline=True,
                            ),
                        ]
                    ),
                    xs=12,
                    sm=6,
                    lg=2,
                ),
                field("Från", dbc.Select(id=FROM, options=period_options, value=state.period_from or first), FROM, 2),
                field("Till", dbc.Select(id=TO, options=period_options, value=state.period_to or last), TO, 2),
                field(
                    "Jämför län och kommuner",
                    dbc.Select(id=YEAR, options=[{"label": period_label(p), "value": p} for p in compare], value=state.period),
                    YEAR,
                    2,
                ),
            ],
            className="g-2",
        ),
        className="controls mb-3",
        **{"aria-label": "Välj område, kön och period"},
    )  # fmt: skip


@callback(
    Output(LOCATION, "href"),
    [Input(c, "value") for c in CONTROLS.values()],
    State(STATE, "data"),
    prevent_initial_call=True,
)
def _write_url(area: str, sex: str, start: str | None, end: str | None, year: str | None, stored: dict) -> str:
    """A changed control becomes a new URL (the page is drawn again from it; back/forward work).

    The first and last period of the series stand for "the whole series", so the URL leaves them out and a
    view keeps following new data (and another area's series).
    """
    view = stored_fields(stored, ("indicator_id", "goal_set", "goal_id"))
    periods = stored.get("periods") or (None, None)
    if not isinstance(periods, list | tuple) or len(periods) != 2 or not all(isinstance(p, str | None) for p in periods):
        raise BadCallback("Sidans sparade tillstånd i anropet är inte det sidan skrev; ladda om sidan.")
    first, last = periods
    values = {
        "omrade": area,
        "kon": sex,
        "fran": None if start == first else start or None,
        "till": None if end == last else end or None,
        "ar": year,
    }
    if dash.ctx.triggered_id in (AREA, SEX):
        values["ar"] = None  # the comparable periods may differ; let the page choose
    return href(f"/indikator/{view['indicator_id']}", **values, malset=view["goal_set"], mal=view["goal_id"])


# --- the three signals ---------------------------------------------------------------------------


def _trajectory_text(data: IndicatorData, t: TrajectoryResult) -> list:
    label = t.label
    parts: list = [
        html.Span([html.Span(label.glyph, className="status-glyph", **{"aria-hidden": "true"}), " ", label.word], className=f"status status-{label.css}")
    ]  # fmt: skip
    details = []
    if t.observed_growth is not None:
        details.append(f"observerad förändring {_percent(t.observed_growth)} per år sedan {_time(t.base_time)}")
    if t.required_growth is not None:
        details.append(f"krävs {_percent(t.required_growth)} per år för att nå målet")
    if t.progress_value is not None and t.method == "target" and abs(t.progress_value) != float("inf"):
        details.append(f"kvot {number(t.progress_value, 2)}")
    if t.reason:
        details.append(t.reason)
    if details:
        parts.append(html.Div("; ".join(details).capitalize() + ".", className="small text-muted"))
    return parts


def _percent(share: float) -> str:
    return ("+" if share > 0 else "") + number(100 * share, 1) + " %"


def _time(t: float | None) -> str:
    if t is None:
        return "–"
    year, month = int(t), round((t - int(t)) * 12) + 1
    return str(year) if month == 1 and t == int(t) else period_label(f"{year}-{month:02d}")


def _signals(data: IndicatorData) -> html.Section:
    ind = data.indicator
    status_items, trajectory_items = [], []
    for goal in data.goals:
        r = goal.result
        goal_link = href(f"/mal/{r.goal_id}", region=data.region_code, malset=goal.goal_set, ar=goal.report_year)
        name = dcc.Link(f"Mål {r.goal_id} i {goal.goal_set_name}", href=goal_link)
        outcome = (
            f"utfall {r.fmt(r.outcome)} ({period_label(r.outcome_period)})" if r.outcome_period else (r.note or "utfall saknas")
        )
        status_items.append(
            html.Li(
                [status_badge(r.status), " ", name, html.Div(f"{r.target_text}; {outcome}", className="small")], className="mb-2"
            )
        )
        trajectory_items.append(html.Li([name, html.Div(_trajectory_text(data, goal.trajectory))], className="mb-2"))
    if not status_items:
        status_items = [
            html.Li(f"Indikatorn är inte ett mål för {data.area_name} i regionens målsamlingar.", className="text-muted")
        ]
    if not trajectory_items and data.trend is not None:
        trajectory_items = [html.Li([html.Div("Utan målvärde: utvecklingen i vald period"), *_trajectory_text(data, data.trend)])]
    if not trajectory_items:
        trajectory_items = [html.Li("Data saknas.", className="text-muted")]
    position = data.position
    if position and position.rank is not None and position.of >= 2:
        group = "län" if position.level == "lan" else "kommuner"
        pos_items = [
            html.Li(
                [html.Strong(f"Plats {position.rank} av {position.of} {group}"), f" ({period_label(position.period)}, 1 = bäst)"]
            )
        ]
    else:
        pos_items = [
            html.Li(
                f"Rangordning saknas: värden för färre än två {'län' if data.area_level != 'kommun' else 'kommuner'} {period_label(data.state.period or '')}.",
                className="text-muted",
            )
        ]
    if position and position.gap_to_riket is not None:
        gap = position.gap_to_riket
        unit = "procentenheter" if ind.unit == "%" else ind.unit
        relation = "över" if gap > 0 else "under" if gap < 0 else "samma som"
        better = (gap > 0) == (ind.direction == "higher")
        judged = "" if gap == 0 else (" (bättre)" if better else " (sämre)")
        pos_items.append(
            html.Li(f"{number(abs(gap), ind.decimals)} {unit} {relation} riket{judged}" if gap else "Samma som riket")
        )
    elif data.area_level != "riket":
        pos_items.append(
            html.Li(
                "Skillnad mot riket: saknas för perioden" + (" (summor jämförs inte)" if ind.unit in TOTAL_UNITS else ""),
                className="text-muted",
            )
        )

    def card(title: str, explanation: str, items: list) -> dbc.Col:
        return dbc.Col(
            dbc.Card(dbc.CardBody([html.H3(title, className="h6"), html.P(explanation, className="small text-muted"), html.Ul(items, className="list-unstyled mb-0")]), className="h-100 signal"),
            xs=12, lg=4, className="mb-3",
        )  # fmt: skip

    return html.Section(
        [
            html.H2("Tre signaler, var för sig", className="h4"),
            dbc.Row(
                [
                    card("Målstatus", "Regionens regel: uppnått, delvis (högst 10 % från målet) eller ej uppnått.", status_items),
                    card("Riktning mot målåret", "Open SDG:s metod: årlig förändring sedan basåret jämfört med den som krävs.", trajectory_items),
                    card("Position", "Rang bland länen (eller kommunerna) och skillnad mot riket.", pos_items),
                ]
            ),
        ],
        className="signals",
        **{"aria-label": "Målstatus, riktning och position"},
    )  # fmt: skip


# --- charts with their alternatives ----------------------------------------------------------------


def _value(data: IndicatorData, value: float | None, flag: object = None) -> str:
    text = with_unit(value, data.indicator.unit, data.indicator.decimals)
    return text + (f" ({Flag(flag).short})" if isinstance(flag, str) and flag else "")


def _trend_section(data: IndicatorData, elsewhere: str) -> html.Section:
    """The area's time series; without one, where the indicator does have values (`elsewhere`)."""
    fig = figures.trend_figure(data)
    meta = figures.figure_meta(fig)
    if meta["empty"]:
        ind, area = data.indicator.name, data.area_name
        if data.area_level == "lan" and not data.kommuner.dropna(subset=["value"]).empty:
            text = f"{ind} redovisas inte för {area} som helhet, bara för kommunerna (ovan). Välj en kommun under Område för dess tidsserie."
        else:
            text = f"Data saknas för {ind} i {area} ({SEX_NAMES[data.state.sex]}). Databasen har värden för {elsewhere}."
        body = message(text, kind="secondary")
    else:
        merged = pd.merge(
            data.series[["period", "value", "flag"]],
            data.riket[["period", "value"]].rename(columns={"value": "riket"}),
            on="period",
            how="outer",
        ).sort_values("period")
        headers = ["Period", data.area_name] + (["Riket"] if data.state.area_code != RIKET else [])
        rows = [
            [period_label(r.period), _value(data, r.value, r.flag)]
            + ([_value(data, r.riket)] if data.state.area_code != RIKET else [])
            for r in merged.itertuples()
        ]
        body = chart_block(
            fig,
            figures.GRAPH_CONFIG,
            graph_id="indicator-trend",
            downloads=chart_downloads(data.state, "trend"),
            table=data_table(meta["title"], headers, rows),
        )
        if data.series.empty:  # riket only
            note = f"Databasen har inga värden för {data.area_name}; diagrammet visar riket. Värden finns för {elsewhere}."
            body = html.Div([message(note, kind="secondary"), body])
    return html.Section([html.H2(meta["title"], className="h4"), body], className="mb-4", id="trend")  # fmt: skip


def _lan_section(data: IndicatorData) -> html.Section:
    fig = figures.lan_bars_figure(data)
    meta = figures.figure_meta(fig)
    title = meta["title"]
    if meta["empty"] or len(data.lan) < 2:
        body = message(
            f"Data saknas för länen {period_label(data.state.period or '')}: källan redovisar inte alla län för den här indikatorn.",
            kind="secondary",
        )
    else:
        ranked = figures.sorted_best_first(data.lan, data.indicator.direction)
        rows = [[r.area_name, str(i), _value(data, r.value, r.flag)] for i, r in enumerate(ranked.itertuples(), 1)]
        riket_now = data.riket[data.riket["period"] == data.state.period]
        if not riket_now.empty:
            rows.append(["Riket", "–", _value(data, float(riket_now["value"].iloc[0]))])
        body = chart_block(
            fig,
            figures.GRAPH_CONFIG,
            graph_id="indicator-lan",
            downloads=chart_downloads(data.state, "lan"),
            table=data_table(title, ["Län", "Plats", "Värde"], rows),
        )
    return html.Section([html.H2(title, className="h4"), body], className="mb-4", id="lan")  # fmt: skip


def _kommun_section(data: IndicatorData, kommun_periods: list[str]) -> html.Section:
    """The län's kommuner at the compared period; without values then, the periods of the län that have them."""
    title = figures.kommun_title(data)
    heading = [html.H2(title, className="h4"), _kommun_page_link(data, kommun_periods)]
    if data.kommuner.dropna(subset=["value"]).empty:
        where = f"i {data.lan_name or 'länet'}" if data.region_code else "(välj ett län eller en kommun)"
        text: list = [f"Data saknas för kommunerna {where} {period_label(data.state.period or '')}."]
        if kommun_periods:
            latest = kommun_periods[-1]
            text += [f" Länets kommuner har värden för {period_label(kommun_periods[0])}–{period_label(latest)}: ",
                     dcc.Link(f"visa {period_label(latest)}", href=data.state.href(ar=latest) + "#kommuner"), "."]  # fmt: skip
        body = message(text, kind="secondary")
        return html.Section([*heading, body], className="mb-4", id="kommuner")
    map_fig = figures.kommun_map_figure(data)
    bars = figures.kommun_bars_figure(data)
    ranked = figures.sorted_best_first(data.kommuner, data.indicator.direction)
    rows = [
        [dcc.Link(r.area_name, href=data.state.href(omrade=r.area_code, ar=None)), str(i), _value(data, r.value, r.flag)]
        for i, r in enumerate(ranked.itertuples(), 1)
    ]
    table = data_table(title, ["Kommun", "Plats i länet", "Värde"], rows)
    return html.Section(
        [
            *heading,
            dbc.Row(
                [
                    dbc.Col(chart_block(map_fig, figures.GRAPH_CONFIG, graph_id="indicator-kommun-map", downloads=chart_downloads(data.state, "kommunkarta"), table=table), xs=12, lg=6),
                    dbc.Col(chart_block(bars, figures.GRAPH_CONFIG, graph_id="indicator-kommun-bars", downloads=chart_downloads(data.state, "kommuner"), table=html.P("Samma värden som tabellen bredvid.", className="small")), xs=12, lg=6),
                ]
            ),
        ],
        className="mb-4",
        id="kommuner",
    )  # fmt: skip


def _kommun_page_link(data: IndicatorData, kommun_periods: list[str]) -> html.P | None:
    """To the kommun page of the län: for this indicator where its kommuner have values, else what they have."""
    if not data.region_code:
        return None
    period = data.state.period if data.state.period in kommun_periods else None
    params = {"indikator": data.state.indicator_id, "ar": period} if kommun_periods else {}
    link = dcc.Link(f"Alla kommuner i {data.lan_name} på kommunsidan", href=href("/kommuner", region=data.region_code, **params))
    return html.P(link, className="small kommun-page-link")


def _sex_section(data: IndicatorData) -> html.Section:
    fig = figures.sex_figure(data)
    meta = figures.figure_meta(fig)
    title = f"Kvinnor och män, {data.area_name}"
    if meta["empty"]:
        body = message("Källan redovisar inte kvinnor och män för den här indikatorn och det här området.", kind="secondary")
    else:
        wide = data.by_sex.pivot_table(index="period", columns="sex", values="value", aggfunc="first").sort_index()
        rows = [[period_label(p), _value(data, r.get("K")), _value(data, r.get("M"))] for p, r in wide.iterrows()]
        body = chart_block(
            fig,
            figures.GRAPH_CONFIG,
            graph_id="indicator-sex",
            downloads=chart_downloads(data.state, "kon"),
            table=data_table(meta["title"], ["Period", "Kvinnor", "Män"], rows),
        )
    return html.Section([html.H2(title, className="h4"), body], className="mb-4", id="kon")


def _info(data: IndicatorData) -> html.Aside:
    ind = data.indicator
    updated = data.last_updated.strftime("%Y-%m-%d") if data.last_updated else "okänt"
    rows = [
        ("Definition", ind.description or "–"),
        ("Enhet", ind.unit),
        ("Riktning", Direction(ind.direction).label),
        ("Källa", ind.source + (f" ({ind.source_ref})" if ind.source_ref else "")),
        ("Senast uppdaterad", f"{updated} (inläsning i databasen)"),
        ("Nästa väntade publicering", data.next_publication),
    ]
    return html.Aside(
        [
            html.H2("Om indikatorn", className="h5"),
            html.Dl([item for term, text in rows for item in (html.Dt(term), html.Dd(text))], className="info-list mb-0"),
        ],
        className="info-box mb-4",
        **{"aria-label": "Om indikatorn"},
    )


def _comments(data: IndicatorData) -> html.Section:
    comments = data.comments.sort_values("period", ascending=False) if not data.comments.empty else data.comments
    year = (data.state.period or "")[:4]
    if comments.empty:
        body = [html.P(f"Inga kommentarer för {data.area_name}.", className="text-muted")]
    else:
        body = [
            html.Blockquote(
                [
                    html.P(c.text, className="mb-1"),
                    html.P(f"– {c.author}, om {period_label(c.period)}", className="small text-muted mb-0"),
                ],
                className="comment" + (" comment-current" if str(c.period)[:4] == year else ""),
            )
            for c in comments.itertuples()
        ]
    return html.Section([html.H2("Analytikernas kommentarer", className="h5"), *body], className="mb-4", id="kommentarer")


# --- page ----------------------------------------------------------------------------------------


def _crumbs(db, data: IndicatorData) -> html.Nav:
    state = data.state
    region = data.region_code if data.region_code in set(queries.regions(db)["region_code"]) else None
    items: list[tuple[str, str | None]] = [("Översikt", href("/", region=region, malset=state.goal_set if region else None))]
    if state.goal_id and region:
        items.append((f"Mål {state.goal_id}", href(f"/mal/{state.goal_id}", region=region, malset=state.goal_set)))
    items.append((data.indicator.name, None))
    return breadcrumb(items)


@safe_layout
def layout(indicator_id: str | None = None, **params: str) -> html.Div:
    db = get_db()
    if not indicator_id or not indicator_exists(db, indicator_id):
        return not_found(
            "Indikatorn finns inte",
            f"Det finns ingen indikator ”{indicator_id}”. Sök efter en indikator i sökrutan eller gå till översikten.",
        )
    state, messages = resolve_indicator_state(db, indicator_id, params)
    messages += unknown_params(params, INDICATOR_PARAMS)
    head, body = db.cached(("indicator_page", state, clock.today()), lambda: _view(db, state), LARGE)  # "försenad" by date
    return html.Div([*head, *[message(m) for m in messages], *body], className="indicator-page")


def _charts(db, data: IndicatorData) -> list[html.Section]:
    """Trend, län and kommuner; the kommuner first when the area has no series of its own but its kommuner do."""
    state = data.state
    obs = observations(db, state.indicator_id)
    in_lan = obs[(obs["level"] == "kommun") & (obs["parent_code"] == data.region_code) & (obs["sex"] == state.sex)]
    kommuner = _kommun_section(data, sorted(set(in_lan["period"])))
    trend = _trend_section(data, where_values_are(db, state.indicator_id, state.sex))
    if data.series.empty and not data.kommuner.dropna(subset=["value"]).empty:
        return [kommuner, trend, _lan_section(data)]
    return [trend, _lan_section(data), kommuner]


def _view(db, state: IndicatorState) -> tuple[list, list]:
    """The page of one view without its messages: built once per database version and state (the data is immutable)."""
    data = figures.indicator_data(db, state)
    series = series_periods(observations(db, state.indicator_id), state.area_code, state.sex)
    periods = [series[0], series[-1]] if series else None
    who = f", {SEX_NAMES[state.sex]}" if state.sex != "T" else ""
    head = [
        dcc.Location(id=LOCATION, refresh="callback-nav"),
        dcc.Store(
            id=STATE,
            data={"indicator_id": state.indicator_id, "goal_set": state.goal_set, "goal_id": state.goal_id, "periods": periods},
        ),
        _crumbs(db, data),
    ]
    return head, [
        html.H1(data.indicator.name, className="h2 mb-0"),
        html.P(f"{data.area_name}{who}", className="lead"),
        _controls(db, data),
        _signals(data),
        *_charts(db, data),
        _sex_section(data),
        dbc.Row([dbc.Col(_info(data), xs=12, lg=6), dbc.Col(_comments(data), xs=12, lg=6)]),
    ]  # fmt: skip
