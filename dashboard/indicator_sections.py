"""The indicator page's sections: the three signals, the charts with their alternatives, women and men, the
facts about the indicator and the analysts' comments.

Each chart is a `dashboard.chart_slot.Slot`, so the page can draw it and a callback can update it in place.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from core.enums import Direction, Flag
from dashboard import figures
from dashboard.chart_slot import Slot, chart_slot, text_slot
from dashboard.components import data_table, href, message, status_badge
from dashboard.exports.links import chart_downloads
from dashboard.figure_style import figure_meta
from dashboard.format import number, period_label, with_unit
from dashboard.indicator_view import RIKET, SEX_NAMES, TOTAL_UNITS, IndicatorData
from dashboard.trajectory import TrajectoryResult

TREND, LAN, KOMMUN_MAP, KOMMUN_BARS, SEX_CHART = "indicator-trend", "indicator-lan", "indicator-kommun-map", "indicator-kommun-bars", "indicator-sex-chart"  # fmt: skip
GRAPHS = (TREND, LAN, KOMMUN_MAP, KOMMUN_BARS, SEX_CHART)
TEXTS = ("indicator-signals", "indicator-trend-title", "indicator-trend-note", "indicator-lan-title", "indicator-kommun-title", "indicator-kommun-link", "indicator-kommun-empty", "indicator-comments")  # fmt: skip
KOMMUN_CHARTS = "indicator-kommun-charts"  # the row of map and bars, hidden without kommun values


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


def signals(data: IndicatorData) -> html.Section:
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


def _section(id_: str, parts: list[Slot], values: dict | None = None) -> Slot:
    """A section of slots: its layout, and every slot's values (plus `values`) for an in-place update."""
    merged = {k: v for part in parts for k, v in part.values.items()} | (values or {})
    return Slot(html.Section([p.layout for p in parts], className="mb-4", id=id_), merged)


def _title(id_: str, text: str) -> Slot:
    return Slot(html.H2(text, id=id_, className="h4"), {(id_, "children"): text})


def trend_section(data: IndicatorData, elsewhere: str) -> Slot:
    """The area's time series; without one, where the indicator does have values (`elsewhere`)."""
    fig = figures.trend_figure(data)
    meta = figure_meta(fig)
    note, table, empty = None, None, None
    if meta["empty"]:
        ind, area = data.indicator.name, data.area_name
        if data.area_level == "lan" and not data.kommuner.dropna(subset=["value"]).empty:
            text = f"{ind} redovisas inte för {area} som helhet, bara för kommunerna (ovan). Välj en kommun under Område för dess tidsserie."
        else:
            text = f"Data saknas för {ind} i {area} ({SEX_NAMES[data.state.sex]}). Databasen har värden för {elsewhere}."
        empty = message(text, kind="secondary")
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
        table = data_table(meta["title"], headers, rows)
        if data.series.empty:  # riket only
            note = message(f"Databasen har inga värden för {data.area_name}; diagrammet visar riket. Värden finns för {elsewhere}.", kind="secondary")  # fmt: skip
    chart = chart_slot(TREND, fig, figures.GRAPH_CONFIG, downloads=chart_downloads(data.state, "trend"), table=table, empty=empty)
    return _section("trend", [_title("indicator-trend-title", meta["title"]), text_slot("indicator-trend-note", note), chart])


def lan_section(data: IndicatorData) -> Slot:
    fig = figures.lan_bars_figure(data)
    meta = figure_meta(fig)
    title = meta["title"]
    table, empty = None, None
    if meta["empty"] or len(data.lan) < 2:
        empty = message(
            f"Data saknas för länen {period_label(data.state.period or '')}: källan redovisar inte alla län för den här indikatorn.",
            kind="secondary",
        )
    else:
        ranked = figures.sorted_best_first(data.lan, data.indicator.direction)
        rows = [[r.area_name, str(i), _value(data, r.value, r.flag)] for i, r in enumerate(ranked.itertuples(), 1)]
        riket_now = data.riket[data.riket["period"] == data.state.period]
        if not riket_now.empty:
            rows.append(["Riket", "–", _value(data, float(riket_now["value"].iloc[0]))])
        table = data_table(title, ["Län", "Plats", "Värde"], rows)
    chart = chart_slot(LAN, fig, figures.GRAPH_CONFIG, downloads=chart_downloads(data.state, "lan"), table=table, empty=empty)
    return _section("lan", [_title("indicator-lan-title", title), chart])


def kommun_section(data: IndicatorData, kommun_periods: list[str]) -> Slot:
    """The län's kommuner at the compared period; without values then, the periods of the län that have them."""
    title = figures.kommun_title(data)
    link = text_slot("indicator-kommun-link", _kommun_page_link(data, kommun_periods))
    map_fig, bars = figures.kommun_map_figure(data), figures.kommun_bars_figure(data)
    empty, table = None, None
    if data.kommuner.dropna(subset=["value"]).empty:
        where = f"i {data.lan_name or 'länet'}" if data.region_code else "(välj ett län eller en kommun)"
        text: list = [f"Data saknas för kommunerna {where} {period_label(data.state.period or '')}."]
        if kommun_periods:
            latest = kommun_periods[-1]
            text += [f" Länets kommuner har värden för {period_label(kommun_periods[0])}–{period_label(latest)}: ",
                     dcc.Link(f"visa {period_label(latest)}", href=data.state.href(ar=latest) + "#kommuner"), "."]  # fmt: skip
        empty = message(text, kind="secondary")
    else:
        ranked = figures.sorted_best_first(data.kommuner, data.indicator.direction)
        rows = [
            [dcc.Link(r.area_name, href=data.state.href(omrade=r.area_code, ar=None)), str(i), _value(data, r.value, r.flag)]
            for i, r in enumerate(ranked.itertuples(), 1)
        ]
        table = data_table(title, ["Kommun", "Plats i länet", "Värde"], rows)
    same = html.P("Samma värden som tabellen bredvid.", className="small") if table is not None else None
    map_slot = chart_slot(KOMMUN_MAP, map_fig, figures.GRAPH_CONFIG, downloads=chart_downloads(data.state, "kommunkarta"), table=table)  # fmt: skip
    bars_slot = chart_slot(KOMMUN_BARS, bars, figures.GRAPH_CONFIG, downloads=chart_downloads(data.state, "kommuner"), table=same)  # fmt: skip
    row = dbc.Row([dbc.Col(map_slot.layout, xs=12, lg=6), dbc.Col(bars_slot.layout, xs=12, lg=6)])
    hidden = empty is not None
    charts = Slot(html.Div(row, id=KOMMUN_CHARTS, hidden=hidden), {**map_slot.values, **bars_slot.values, (KOMMUN_CHARTS, "hidden"): hidden})  # fmt: skip
    parts = [_title("indicator-kommun-title", title), link, text_slot("indicator-kommun-empty", empty), charts]
    return _section("kommuner", parts)


def _kommun_page_link(data: IndicatorData, kommun_periods: list[str]) -> html.P | None:
    """To the kommun page of the län: for this indicator where its kommuner have values, else what they have."""
    if not data.region_code:
        return None
    period = data.state.period if data.state.period in kommun_periods else None
    params = {"indikator": data.state.indicator_id, "ar": period} if kommun_periods else {}
    link = dcc.Link(f"Alla kommuner i {data.lan_name} på kommunsidan", href=href("/kommuner", region=data.region_code, **params))
    return html.P(link, className="small kommun-page-link")


def sex_section(data: IndicatorData) -> Slot:
    fig = figures.sex_figure(data)
    meta = figure_meta(fig)
    table, empty = None, None
    if meta["empty"]:
        empty = message("Källan redovisar inte kvinnor och män för den här indikatorn och det här området.", kind="secondary")
    else:
        wide = data.by_sex.pivot_table(index="period", columns="sex", values="value", aggfunc="first").sort_index()
        rows = [[period_label(p), _value(data, r.get("K")), _value(data, r.get("M"))] for p, r in wide.iterrows()]
        table = data_table(meta["title"], ["Period", "Kvinnor", "Män"], rows)
    chart = chart_slot(
        SEX_CHART, fig, figures.GRAPH_CONFIG, downloads=chart_downloads(data.state, "kon"), table=table, empty=empty
    )
    heading = Slot(html.H2(f"Kvinnor och män, {data.area_name}", className="h4"))
    return _section("kon", [heading, chart])


def info(data: IndicatorData) -> html.Aside:
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


def comments(data: IndicatorData) -> Slot:
    """The analysts' comments on the area, the compared period's year marked."""
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
    slot = text_slot("indicator-comments", [html.H2("Analytikernas kommentarer", className="h5"), *body])
    return Slot(html.Section(slot.layout, className="mb-4", id="kommentarer"), slot.values)
