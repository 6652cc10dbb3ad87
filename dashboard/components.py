"""Small building blocks the pages share: status badges, sparklines, roll-up bars, switchers, messages."""

from __future__ import annotations

from urllib.parse import quote

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.figure_style import figure_meta
from dashboard.format import number
from dashboard.fulfilment import TargetResult
from dashboard.goal_summary import Tally
from dashboard.labels import PROGRESS_LABELS, STATUS_LABELS, label_for
from dashboard.status import Due, Progress, ProgressCount, RollUp, Status
from dashboard.urls import href as href  # re-exported: pages take links from here beside the other blocks


def status_badge(status: Status | None, *, compact: bool = False) -> html.Span:
    """Status as colour AND symbol AND word."""
    label = label_for(status)
    return html.Span(
        [html.Span(label.glyph, className="status-glyph", **{"aria-hidden": "true"}), " ", label.word],
        className=f"status status-{label.css}" + (" status-compact" if compact else ""),
        title=label.word,
    )


def progress_badge(progress: Progress, due: Due | None, *, compact: bool = False) -> html.Span:
    """A progress signal toward the value due next: arrow, outline and words naming the due year."""
    label = PROGRESS_LABELS[progress]
    word = f"{label.word} {due.label}" if due and progress is not Progress.UNKNOWN else label.word
    return html.Span(
        [html.Span(label.glyph, className="status-glyph", **{"aria-hidden": "true"}), " ", word],
        className=f"status status-{label.css}" + (" status-compact" if compact else ""),
        title=f"Framstegssignal (inte en slutlig bedömning): {word}",
    )


def reading(result: TargetResult) -> list:
    """A target's reading for the year: its status or progress signal, and what stands beside it."""
    fmt = result.fmt
    main = progress_badge(result.progress, result.due) if result.progress is not None else status_badge(result.status)
    notes = []
    if result.progress is not None and result.due is not None:
        notes.append(f"Målet ska nås {result.due.label}: {fmt(result.target_value)}; ingen slutlig bedömning ännu.")
    if result.previous is not None and result.previous_status is not None:
        label = label_for(result.previous_status)
        notes.append(f"Delmål {result.previous.label} ({fmt(result.previous.value)}): {label.glyph} {label.word}")
    if result.recorded is not None:
        notes.append(f"Rapportens bedömning: ”{result.recorded.words}” ({result.recorded.citation})")
        if result.recorded.reason:
            notes.append(f"Motivering: {result.recorded.reason}")
        if result.disagrees:
            computed = label_for(result.computed_status)
            notes.append(f"Regeln ger däremot {computed.glyph} {computed.word}; rapportens bedömning räknas.")
    if result.unsourced:
        notes.append(result.unsourced)
    return [main, *(html.Div(n, className="reading-note text-muted") for n in notes)]


def sparkline(series: tuple[tuple[str, float], ...], *, alt: str, width: int = 120, height: int = 32) -> html.Img | html.Span:
    """A tiny trend line as an inline SVG image; its alt text lists the values."""
    if len(series) < 2:
        return html.Span("För få värden för en trend", className="text-muted small")
    values = [v for _, v in series]
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    pad = 3
    xs = [pad + i * (width - 2 * pad) / (len(values) - 1) for i in range(len(values))]
    ys = [height - pad - (v - low) / span * (height - 2 * pad) for v in values]
    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys, strict=True))
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f'<polyline fill="none" stroke="#0B4F6C" stroke-width="2" points="{points}"/>'
        f'<circle cx="{xs[-1]:.1f}" cy="{ys[-1]:.1f}" r="3" fill="#0B4F6C"/></svg>'
    )
    return html.Img(src="data:image/svg+xml;utf8," + quote(svg), alt=alt, width=width, height=height, className="sparkline")


def rollup_counts(rollup: RollUp) -> html.Ul:
    """ "✓ 4 uppnådda (44 %) ◐ 1 delvis (11 %) ✕ 4 ej uppnådda (44 %) – 2 saknar data"."""
    items = []
    for status in (Status.MET, Status.PARTLY_MET, Status.NOT_MET, Status.NO_DATA):
        label = STATUS_LABELS[status]
        share = rollup.share(status)
        share_text = f" ({share} %)" if share is not None and rollup.measured else ""
        items.append(
            html.Li(
                [
                    html.Span(label.glyph, className="status-glyph", **{"aria-hidden": "true"}),
                    f" {rollup.count(status)} {label.short}{share_text}",
                ],
                className=f"rollup-item status-{label.css}",
            )
        )
    return html.Ul(items, className="rollup-counts")


def progress_counts(counts: ProgressCount) -> html.Ul | None:
    """ "↗ 2 i fas → 1 inte i fas": the progress signals, counted apart from the judged targets."""
    if not counts.total:
        return None
    items = [
        html.Li(
            [
                html.Span(PROGRESS_LABELS[p].glyph, className="status-glyph", **{"aria-hidden": "true"}),
                f" {n} {PROGRESS_LABELS[p].short}",
            ],
            className=f"rollup-item status-{PROGRESS_LABELS[p].css}",
        )
        for p in Progress
        if (n := counts.count(p))
    ]
    return html.Ul([html.Li("Ännu inte förfallna mål:", className="rollup-item"), *items], className="rollup-counts")


def tally_lines(tally: Tally) -> list:
    """The judged roll-up, the progress signals apart, and the report's own counts beside them where they differ."""
    lines: list = [rollup_counts(tally.judged)]
    if (progress := progress_counts(tally.progress)) is not None:
        lines.append(progress)
    if tally.recorded:
        lines.append(html.P(f"{tally.recorded} av bedömningarna är rapportens egna.", className="small text-muted mb-1"))
    published = tally.published
    if published is not None:
        measured = f" av {published.measured} mätta" if published.measured is not None else ""
        text = (
            f"Rapporten redovisar {published.met} uppnådda, {published.partly_met} delvis, {published.not_met} ej uppnådda"
            f"{measured} ({published.citation})."
        )
        if published.differs_from(tally.judged):
            j = tally.judged
            text += f" Här räknas {j.met} / {j.partly_met} / {j.not_met} av {j.measured} mätta."
            text += f" {published.note}" if published.note else " Se målen för skillnaden."
        lines.append(html.P(text, className="small published-count mb-1"))
    return lines


def rollup_bar(rollup: RollUp, *, caption: str, thin: bool = False) -> html.Div:
    """A stacked bar of met / partly / not met with its text alternative."""
    segments = []
    for status in (Status.MET, Status.PARTLY_MET, Status.NOT_MET):
        count = rollup.count(status)
        if count:
            label = STATUS_LABELS[status]
            segments.append(
                html.Div(
                    label.glyph if not thin else "",
                    className=f"rollup-seg seg-{label.css}",
                    style={"flexGrow": count},
                    title=f"{label.word}: {count}",
                )
            )
    if not segments:
        segments = [html.Div("" if thin else "Inget mätt", className="rollup-seg seg-empty", style={"flexGrow": 1})]
    text = (
        f"{caption}: {rollup.met} uppnådda, {rollup.partly_met} delvis, {rollup.not_met} ej uppnådda av {rollup.measured} mätta"
        + (f", {rollup.no_data} saknar data" if rollup.no_data else "")
    )
    return html.Div(
        [
            html.Span(caption, className="rollup-caption"),
            html.Div(segments, className="rollup-bar" + (" rollup-bar-thin" if thin else ""), role="img", **{"aria-label": text}),
        ],
        className="rollup-row",
    )


def switcher(label: str, options: list[tuple[str, str]], current: str, id_: str) -> html.Div:
    """A labelled set of links (works without JavaScript; every choice is a shareable URL)."""
    return html.Div(
        [
            html.Label(label, htmlFor=id_, className="switcher-label"),
            dbc.DropdownMenu(
                [dbc.DropdownMenuItem(text, href=link, active=text == current) for text, link in options],
                label=current,
                id=id_,
                color="light",
                size="sm",
                className="switcher",
            ),
        ],
        className="switcher-wrap",
    )


def message(text: str, *, kind: str = "warning") -> dbc.Alert:
    """A clear message for the user (e.g. a bad URL parameter and the default chosen instead)."""
    return html.Div(dbc.Alert(text, color=kind, className="py-2 my-2"), role="status")


def not_found(title: str, detail: str) -> html.Div:
    """The Swedish not-found content."""
    return html.Div(
        [
            html.H1(title),
            html.P(detail),
            dcc.Link("Till översikten", href=href("/"), className="btn btn-primary"),
        ],
        className="not-found py-4",
    )


def source_line(sources: list[str]) -> html.P:
    unique = list(dict.fromkeys(s for s in sources if s))
    return html.P("Källa: " + "; ".join(unique), className="source-line small text-muted") if unique else html.P()


def value_text(value: float | None, decimals: int) -> str:
    return number(value, decimals)


def breadcrumb(items: list[tuple[str, str | None]]) -> html.Nav:
    """A breadcrumb trail: (text, link) pairs, the last one (link None) the current page."""
    crumbs = []
    for text, link in items:
        if link is None:
            crumbs.append(html.Li(text, className="breadcrumb-item active", **{"aria-current": "page"}))
        else:
            crumbs.append(html.Li(dcc.Link(text, href=link), className="breadcrumb-item"))
    return html.Nav(html.Ol(crumbs, className="breadcrumb"), **{"aria-label": "Brödsmulor"})


def data_table(caption: str, headers: list[str], rows: list[list[object]], *, numeric_from: int = 1) -> html.Div:
    """A plain, accessible table (the alternative to a chart); columns from `numeric_from` are right-aligned."""
    return html.Div(
        html.Table(
            [
                html.Caption(caption),
                html.Thead(html.Tr([html.Th(h, scope="col") for h in headers])),
                html.Tbody(
                    [
                        html.Tr(
                            [html.Th(row[0], scope="row")]
                            + [html.Td(cell, className="num" if i >= numeric_from else None) for i, cell in enumerate(row[1:], 1)]
                        )
                        for row in rows
                    ]
                ),
            ],
            className="table table-sm data-table",
        ),
        className="table-responsive",
    )


def chart_block(
    fig, config: dict, *, graph_id: str | None = None, table: html.Div | None = None, downloads: html.Div | None = None
) -> html.Div:
    """A figure with its source line and text alternative (from `layout.meta`), optionally its downloads and data table."""
    meta = figure_meta(fig)
    graph = dcc.Graph(figure=fig, config=config, className="chart", **({"id": graph_id} if graph_id else {}))
    details = []
    if table is not None:
        details = [
            html.Details([html.Summary("Visa som tabell och text"), html.P(meta["alt"], className="small figure-alt"), table])
        ]
    return html.Div(
        [
            html.Div(graph, role="figure", **{"aria-label": f"{meta['title']}. {meta['alt']}"}),
            html.P(meta["source"], className="source-line small text-muted"),
            downloads,
            *details,
        ],
        className="chart-block",
    )
