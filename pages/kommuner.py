"""`/kommuner?indikator=&region=&ar=` — all kommuner of a region for one indicator: map, bars, table and ranks."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, dcc, html

from dashboard import figures, queries
from dashboard.comparison_view import headline_line
from dashboard.components import breadcrumb, chart_block, data_table, href, message
from dashboard.context import get_db
from dashboard.db import LARGE, cached_query
from dashboard.errors import safe_layout
from dashboard.format import period_label, with_unit
from dashboard.indicator_view import TOTAL_UNITS, IndicatorData, ranks, unknown_params, where_values_are
from dashboard.kommun_view import KOMMUN_PARAMS, KommunState, kommun_indicators, kommun_regions, resolve_kommun_state
from dashboard.queries import areas, observations

dash.register_page(__name__, path="/kommuner", title="Kommuner – Läget i länet", name="Kommuner")

LOCATION = "kommun-location"
INDICATOR = "kommun-indicator"
REGION = "kommun-region"
YEAR = "kommun-year"


@callback(
    Output(LOCATION, "href"),
    Input(INDICATOR, "value"),
    Input(REGION, "value"),
    Input(YEAR, "value"),
    prevent_initial_call=True,
)
def _write_url(indicator: str, region: str, year: str | None) -> str:
    """A changed control becomes a new URL; a new indicator or region lets the page pick its latest year."""
    keep_year = dash.ctx.triggered_id == YEAR
    return href("/kommuner", indikator=indicator, region=region, ar=year if keep_year else None)


def _controls(db, state) -> html.Form:
    choices = kommun_indicators(db)
    regions = kommun_regions(db)
    obs = observations(db, state.indicator_id)
    kommun = obs[(obs["level"] == "kommun") & (obs["sex"] == "T")]
    periods = sorted(set(kommun.loc[kommun["parent_code"] == state.region_code, "period"]) or set(kommun["period"]), reverse=True)

    def field(label: str, id_: str, options: list[dict], value: str | None) -> dbc.Col:
        return dbc.Col(
            [
                html.Label(label, htmlFor=id_, className="form-label control-label"),
                dbc.Select(id=id_, options=options, value=value),
            ],
            xs=12,
            md=4,
        )

    return html.Form(
        dbc.Row(
            [
                field("Indikator", INDICATOR, [{"label": r.name, "value": r.indicator_id} for r in choices.itertuples()], state.indicator_id),
                field("Län", REGION, [{"label": r.name + ("" if r.kommuner else " – inga kommunvärden"), "value": r.area_code} for r in regions.itertuples()], state.region_code),
                field("År", YEAR, [{"label": period_label(p), "value": p} for p in periods], state.period),
            ],
            className="g-2",
        ),
        className="controls mb-3",
        **{"aria-label": "Välj indikator, län och år"},
    )  # fmt: skip


def _table(data: IndicatorData) -> html.Div:
    """Each kommun with its value, rank in the län, rank among every kommun with a value, and the gap to riket."""
    ind = data.indicator
    ranked = figures.sorted_best_first(data.kommuner.dropna(subset=["value"]), ind.direction)
    total = int(data.all_kommuner["value"].notna().sum())
    riket = data.riket[data.riket["period"] == data.state.period]
    riket_value = None if riket.empty else float(riket["value"].iloc[0])
    unit = "procentenheter" if ind.unit == "%" else ind.unit
    in_riket = ranks(data.all_kommuner, ind.direction)

    def gap(value: float) -> str:
        if riket_value is None or ind.unit in TOTAL_UNITS:
            return "–"
        return with_unit(value - riket_value, "", ind.decimals) + f" {unit}"

    rows = [
        [
            dcc.Link(r.area_name, href=href(f"/indikator/{ind.indicator_id}", omrade=r.area_code, ar=data.state.period)),
            with_unit(r.value, ind.unit, ind.decimals),
            str(i),
            f"{in_riket[r.area_code]} av {total}",
            gap(r.value),
        ]
        for i, r in enumerate(ranked.itertuples(), 1)
    ]
    lan_value = data.period_value(data.lan, data.region_code) if data.region_code else None
    if lan_value is not None:
        rows.append([data.lan_name or "Länet", with_unit(lan_value, ind.unit, ind.decimals), "–", "–", gap(lan_value)])
    if riket_value is not None:
        rows.append(["Riket", with_unit(riket_value, ind.unit, ind.decimals), "–", "–", "–"])
    caption = f"{ind.name}, kommunerna i {data.lan_name} {period_label(data.state.period or '')}. Plats 1 = bäst."
    note = (
        f"Rang i riket bland de {total} kommuner som har ett värde i databasen för perioden (av 290)."
        if total < 290
        else "Rang bland alla 290 kommuner."
    )
    return html.Div(
        [data_table(caption, ["Kommun", "Värde", "Plats i länet", "Plats i riket", "Skillnad mot riket"], rows), html.P(note, className="small text-muted")]
    )  # fmt: skip


def _names_table(db, data: IndicatorData) -> html.Div:
    """Every kommun of the län, named, when none has a value for the period."""
    kommuner = areas(db)
    mine = kommuner[(kommuner["level"] == "kommun") & (kommuner["parent_code"] == data.region_code)]
    caption = f"Kommunerna i {data.lan_name}: {len(mine)} kommuner, {data.indicator.name} saknas i databasen."
    return data_table(caption, ["Kommun", "Värde"], [[name, "saknas"] for name in mine["name"]])


@safe_layout
def layout(**params: str) -> html.Div:
    db = get_db()
    state, messages = resolve_kommun_state(db, params)
    messages += unknown_params(params, KOMMUN_PARAMS)
    with_goals = state is not None and state.region_code in set(queries.regions(db)["region_code"])
    head = [breadcrumb([("Översikt", href("/", region=state.region_code if with_goals else None)), ("Kommuner", None)])]
    if state is None:
        return html.Div([*head, html.H1("Kommunerna", className="h2"), *[message(m) for m in messages]])
    view = _view(db, state)
    return html.Div([dcc.Location(id=LOCATION, refresh="callback-nav"), *head, *[message(m) for m in messages], *view], className="kommun-page")  # fmt: skip


def _no_values(db, data: IndicatorData) -> str:
    """Why the län's kommuner show nothing, and where to look instead."""
    state, lan = data.state, data.lan_name
    coverage = queries.kommun_coverage(db)
    here = coverage[coverage["region_code"] == data.region_code]
    if here.empty:
        return f"Databasen har ännu inga värden för kommunerna i {lan}, för någon indikator. Välj ett annat län."
    text = f"Data saknas för kommunerna i {lan} {period_label(state.period or '')}"
    if state.indicator_id not in set(here["indicator_id"]):
        others = ", ".join(here.sort_values("kommuner", ascending=False)["name"])
        return f"{text}: {data.indicator.name} har inga kommunvärden här ({where_values_are(db, state.indicator_id)}). Med värden för länets kommuner: {others}."
    obs = observations(db, state.indicator_id)
    periods = sorted(
        set(obs.loc[(obs["parent_code"] == data.region_code) & (obs["level"] == "kommun") & (obs["sex"] == "T"), "period"])
    )
    return f"{text}; länets kommuner har värden för {period_label(periods[0])}–{period_label(periods[-1])}."


@cached_query(keep=LARGE)
def _view(db, state: KommunState) -> list:
    """The page of one view without its messages: built once per database version and state (the data is immutable)."""
    data = figures.indicator_data(db, state.indicator_state())
    title = figures.kommun_title(data)
    if data.kommuner.dropna(subset=["value"]).empty:
        body = [
            message(
                f"{_no_values(db, data)} Länets kommunvärden hämtas med python -m etl refresh --region {state.region_code}.",
                kind="secondary",
            ),
            dbc.Row(
                [
                    dbc.Col(chart_block(figures.kommun_map_figure(data), figures.GRAPH_CONFIG), xs=12, lg=6),
                    dbc.Col(_names_table(db, data), xs=12, lg=6),
                ]
            ),
        ]
    else:
        map_fig = figures.kommun_map_figure(data)
        bars = figures.kommun_bars_figure(data)
        body = [
            dbc.Row(
                [
                    dbc.Col(chart_block(map_fig, figures.GRAPH_CONFIG), xs=12, lg=6),
                    dbc.Col(chart_block(bars, figures.GRAPH_CONFIG), xs=12, lg=6),
                ]
            ),
            html.H2("Tabell", className="h4"),
            _table(data),
        ]
    return [
        html.H1(f"Kommunerna i {data.lan_name}", className="h2"),
        headline_line(db, state.region_code),
        html.P(
            ["Jämför länets kommuner med varandra, med länet och med riket. ", dcc.Link("Öppna indikatorns sida", href=href(f"/indikator/{state.indicator_id}", omrade=state.region_code, ar=state.period)), "."],
            className="lead",
        ),
        _controls(db, state),
        html.H2(title, className="h4"),
        *body,
    ]  # fmt: skip
