"""`/indikator/<indicator_id>` — one indicator: trend with target, the three signals, län, kommuner, women and men.

The whole view is in the URL (`omrade`, `kon`, `fran`, `till`, `ar`; `malset`/`mal` for the way back).
A control writes the URL (`URL`, which only pushes it to the history). `_show` reads every new URL of the
page, its own and back/forward: a change of the parameters the page registers as `in_place` updates the
texts, figures and controls that show them; any other change lets Dash's router draw the page anew.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, dcc, html

from core import clock
from dashboard import figures, queries, routing
from dashboard.chart_slot import fingerprint, slot_outputs
from dashboard.components import breadcrumb, href, message, not_found
from dashboard.context import get_db
from dashboard.db import LARGE
from dashboard.errors import safe_layout
from dashboard.format import period_label
from dashboard.guard import BadCallback, stored_fields
from dashboard.indicator_sections import (  # fmt: skip
    GRAPHS,
    KOMMUN_CHARTS,
    TEXTS,
    comments,
    info,
    kommun_section,
    lan_section,
    sex_section,
    signals,
    trend_section,
)
from dashboard.indicator_view import (
    INDICATOR_PARAMS,
    RIKET,
    SEX_NAMES,
    IndicatorData,
    IndicatorState,
    indicator_exists,
    resolve_indicator_state,
    series_periods,
    unknown_params,
    where_values_are,
)
from dashboard.queries import areas, observations
from dashboard.view_state import read_params

dash.register_page(
    __name__,
    path_template="/indikator/<indicator_id>",
    title="Indikator – Läget i länet",
    name="Indikator",
    in_place=("kon", "fran", "till", "ar"),  # the area changes the breadcrumb, the choices and the order: a new page
)

URL = "indicator-location"  # pushes the URL a control chose to the history, without Dash's router
STATE = "indicator-state"
MESSAGES = "indicator-messages"
LEAD = "indicator-lead"
CHARTS = "indicator-charts"
AREA = "indicator-area"
SEX = "indicator-sex"
FROM = "indicator-from"
TO = "indicator-to"
YEAR = "indicator-year"
CONTROLS = {"omrade": AREA, "kon": SEX, "fran": FROM, "till": TO, "ar": YEAR}
CONTROL_PROPS = [(c, prop) for c in CONTROLS.values() for prop in ("options", "value")]
TEXT_IDS = (MESSAGES, LEAD, *TEXTS)
OUTPUTS = [(i, "children") for i in TEXT_IDS] + [(KOMMUN_CHARTS, "hidden"), (STATE, "data"), *CONTROL_PROPS]
GRAPH_OUTPUTS = [(o.component_id, o.component_property) for g in GRAPHS for o in slot_outputs(g)]


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


def _control_values(db, data: IndicatorData) -> dict[tuple[str, str], object]:
    """Each control's options and value for this view: what the page draws and what an in-place update sets."""
    state = data.state
    obs = observations(db, state.indicator_id)
    periods = series_periods(obs, state.area_code, state.sex)
    sexes = sorted(set(obs.loc[obs["area_code"] == state.area_code, "sex"]) | {state.sex}, key="TKM".index)
    compare = sorted(set(obs.loc[(obs["sex"] == state.sex) & obs["level"].isin(["lan", "kommun"]), "period"])) or periods
    period_options = [{"label": period_label(p), "value": p} for p in periods]
    first, last = (periods[0], periods[-1]) if periods else (None, None)  # the whole series: what the selects show
    return {
        (AREA, "options"): _area_options(db, data),
        (AREA, "value"): state.area_code,
        (SEX, "options"): [{"label": SEX_NAMES[s].capitalize(), "value": s} for s in sexes],
        (SEX, "value"): state.sex,
        (FROM, "options"): period_options,
        (FROM, "value"): state.period_from or first,
        (TO, "options"): period_options,
        (TO, "value"): state.period_to or last,
        (YEAR, "options"): [{"label": period_label(p), "value": p} for p in compare],
        (YEAR, "value"): state.period,
    }


def _controls(values: dict[tuple[str, str], object]) -> html.Form:
    def field(label: str, control, id_: str, width: int) -> dbc.Col:
        return dbc.Col([html.Label(label, htmlFor=id_, className="form-label control-label"), control], xs=12, sm=6, lg=width)

    def select(id_: str) -> dbc.Select:
        return dbc.Select(id=id_, options=values[(id_, "options")], value=values[(id_, "value")])

    sex = dbc.RadioItems(id=SEX, options=values[(SEX, "options")], value=values[(SEX, "value")], inline=True)
    return html.Form(
        dbc.Row(
            [
                field("Område", select(AREA), AREA, 4),
                dbc.Col(html.Fieldset([html.Legend("Kön", className="form-label control-label"), sex]), xs=12, sm=6, lg=2),
                field("Från", select(FROM), FROM, 2),
                field("Till", select(TO), TO, 2),
                field("Jämför län och kommuner", select(YEAR), YEAR, 2),
            ],
            className="g-2",
        ),
        className="controls mb-3",
        **{"aria-label": "Välj område, kön och period"},
    )  # fmt: skip


@callback(
    Output(URL, "href"),
    [Input(c, "value") for c in CONTROLS.values()],
    State(STATE, "data"),
    prevent_initial_call=True,
)
def _write_url(area: str, sex: str, start: str | None, end: str | None, year: str | None, stored: dict) -> str:
    """A changed control becomes a new URL (`_show` then shows it; back/forward work).

    The first and last period of the series stand for "the whole series", so the URL leaves them out and a
    view keeps following new data (and another area's series). Controls that show the view already (set by
    `_show`) write nothing.
    """
    view = stored_fields(stored, ("indicator_id", "goal_set", "goal_id"))
    periods = stored.get("periods") or (None, None)
    if not isinstance(periods, list | tuple) or len(periods) != 2 or not all(isinstance(p, str | None) for p in periods):
        raise BadCallback("Sidans sparade tillstånd i anropet är inte det sidan skrev; ladda om sidan.")
    if stored.get("controls") == [area, sex, start, end, year]:
        raise dash.exceptions.PreventUpdate
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


# --- in-place updates ----------------------------------------------------------------------------


@callback(
    [Output(i, p) for i, p in OUTPUTS + GRAPH_OUTPUTS],
    Output(routing.PAGES_LOCATION, "search"),
    Output(routing.PAGES_LOCATION, "href"),  # None: it reads the address, rather than pushing its old one again
    Input(URL, "href"),
    State(STATE, "data"),
    State(routing.PAGES_LOCATION, "search"),
    prevent_initial_call=True,
)
def _show(url: str | None, stored: dict, router_search: str | None) -> list:
    """A new URL of this indicator: the parts that show what changed, or (for another change) the router's turn."""
    view = stored_fields(stored, ("indicator_id",))
    parts = urlsplit(url or "")
    if parts.path != href(f"/indikator/{view['indicator_id']}"):
        raise dash.exceptions.PreventUpdate  # another page: Dash's router draws it
    params, notes = read_params(parse_qs(parts.query, keep_blank_values=True))
    db = get_db()
    state, messages = resolve_indicator_state(db, view["indicator_id"], params)
    shown = stored.get("view")
    search = f"?{parts.query}" if parts.query else ""
    router_drawing = router_search == search != stored.get("drawn")  # back/forward the router saw: it draws the page
    if (shown == state.params() and not notes) or router_drawing:
        raise dash.exceptions.PreventUpdate
    in_place = not notes and isinstance(shown, dict) and routing.changes_in_place(__name__, shown, state.params())
    _, _, values, store = _cached_view(db, state) if in_place else (None, None, {}, {})
    if not in_place or store["order"] != stored.get("order"):  # the router draws the page anew
        keep = [dash.no_update] * (len(OUTPUTS) + len(GRAPH_OUTPUTS))
        return keep + ([search, None] if search != router_search else [dash.no_update] * 2)
    messages += unknown_params(params, INDICATOR_PARAMS)
    store = store | {"drawn": stored.get("drawn")}
    values = values | {(MESSAGES, "children"): [message(m) for m in messages], (STATE, "data"): store}
    drawn = stored.get("figures") or {}
    figures_now = store["figures"]
    answer = [values[key] for key in OUTPUTS]
    for key in GRAPH_OUTPUTS:
        same = key[1] == "figure" and drawn.get(key[0]) == figures_now[key[0]]
        answer.append(dash.no_update if same else values[key])
    return [*answer, dash.no_update, dash.no_update]


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
    crumbs, body, _, store = _cached_view(db, state)
    head = [dcc.Location(id=URL, refresh=False), dcc.Store(id=STATE, data=store | {"drawn": _drawn_search()}), crumbs]
    notes = html.Div([message(m) for m in messages], id=MESSAGES)
    return html.Div([*head, notes, *body], className="indicator-page")


def _drawn_search() -> str | None:
    """The query string Dash's router draws this page for (what its location holds until the next router draw)."""
    try:
        return dash.ctx.inputs.get(f"{routing.PAGES_LOCATION}.search") or ""
    except Exception:  # not drawn by the router (a test calling the layout)
        return None


def _cached_view(db, state: IndicatorState) -> tuple[html.Nav, list, dict, dict]:
    """The view of one state, built once per database version, state and day ("försenad" goes by the date)."""
    return db.cached(("indicator_page", state, clock.today()), lambda: _view(db, state), LARGE)


def _charts(db, data: IndicatorData) -> tuple[list, dict, list[str]]:
    """Trend, län and kommuner (layouts, values, order); the kommuner first when the area has no series but its kommuner do."""
    state = data.state
    obs = observations(db, state.indicator_id)
    in_lan = obs[(obs["level"] == "kommun") & (obs["parent_code"] == data.region_code) & (obs["sex"] == state.sex)]
    kommuner = kommun_section(data, sorted(set(in_lan["period"])))
    trend = trend_section(data, where_values_are(db, state.indicator_id, state.sex))
    lan = lan_section(data)
    order = [("kommuner", kommuner), ("trend", trend), ("lan", lan)]
    if not (data.series.empty and not data.kommuner.dropna(subset=["value"]).empty):
        order = [("trend", trend), ("lan", lan), ("kommuner", kommuner)]
    values = {k: v for _, slot in order for k, v in slot.values.items()}
    return [slot.layout for _, slot in order], values, [name for name, _ in order]


def _view(db, state: IndicatorState) -> tuple[html.Nav, list, dict, dict]:
    """The page of one view without its messages (breadcrumb, body), the values an in-place update sets, and the store."""
    data = figures.indicator_data(db, state)
    series = series_periods(observations(db, state.indicator_id), state.area_code, state.sex)
    who = f", {SEX_NAMES[state.sex]}" if state.sex != "T" else ""
    lead = f"{data.area_name}{who}"
    controls = _control_values(db, data)
    charts, values, order = _charts(db, data)
    sexes, notes = sex_section(data), comments(data)
    values |= (
        sexes.values | notes.values | controls | {(LEAD, "children"): lead, ("indicator-signals", "children"): signals(data)}
    )
    store = {
        "indicator_id": state.indicator_id,
        "goal_set": state.goal_set,
        "goal_id": state.goal_id,
        "periods": [series[0], series[-1]] if series else None,
        "view": state.params(),
        "controls": [controls[(c, "value")] for c in CONTROLS.values()],
        "order": order,
        "figures": {g: fingerprint(values[(g, "figure")]) for g in GRAPHS},
    }
    return _crumbs(db, data), [
        html.H1(data.indicator.name, className="h2 mb-0"),
        html.P(lead, id=LEAD, className="lead"),
        _controls(controls),
        html.Div(values[("indicator-signals", "children")], id="indicator-signals"),
        html.Div(charts, id=CHARTS),
        sexes.layout,
        dbc.Row([dbc.Col(info(data), xs=12, lg=6), dbc.Col(notes.layout, xs=12, lg=6)]),
    ], values, store  # fmt: skip
