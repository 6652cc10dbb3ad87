"""A chart a callback can update in place: the same `dcc.Graph` gets a new figure (Plotly.react), its texts new
children, and the block can switch between the chart and a "Data saknas" message without replacing the graph.

`chart_slot` gives the layout and the values of an update (`Slot.values`, keyed by `(component id, prop)`);
`slot_outputs(graph_id)` names the same outputs, in `SLOT_PROPS` order, for a callback's declaration.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from dash import Output, dcc, html
from dash.development.base_component import Component
from plotly.utils import PlotlyJSONEncoder

from dashboard.figure_style import figure_meta

SLOT_PROPS = (("empty", "children"), ("block", "hidden"), ("figure", "aria-label"), ("", "figure"), ("source", "children"), ("more", "children"), ("details", "children"), ("details", "hidden"))  # fmt: skip


@dataclass
class Slot:
    """A part of a page: its layout, and the `(id, prop) → value` an in-place update sets."""

    layout: Component | None
    values: dict[tuple[str, str], Any] = field(default_factory=dict)


def _id(graph_id: str, part: str) -> str:
    return f"{graph_id}-{part}" if part else graph_id


def chart_slot(
    graph_id: str,
    fig: Any,
    config: dict,
    *,
    downloads: Component | None = None,
    table: Component | None = None,
    empty: Component | None = None,
) -> Slot:
    """The chart with its source line, downloads and table; with `empty`, that message instead (the graph hidden)."""
    meta = figure_meta(fig)
    details = [html.Summary("Visa som tabell och text"), html.P(meta["alt"], className="small figure-alt"), table]
    values = dict(
        zip(
            [(_id(graph_id, part), prop) for part, prop in SLOT_PROPS],
            [empty, empty is not None, f"{meta['title']}. {meta['alt']}", fig, meta["source"], downloads, details, table is None],
            strict=True,
        )
    )

    def v(part: str, prop: str) -> Any:
        return values[(_id(graph_id, part), prop)]

    graph = dcc.Graph(id=graph_id, figure=fig, config=config, className="chart")
    layout = html.Div(
        [
            html.Div(v("empty", "children"), id=_id(graph_id, "empty")),
            html.Div(
                [
                    html.Div(graph, id=_id(graph_id, "figure"), role="figure", **{"aria-label": v("figure", "aria-label")}),
                    html.P(v("source", "children"), id=_id(graph_id, "source"), className="source-line small text-muted"),
                    html.Div(v("more", "children"), id=_id(graph_id, "more")),
                    html.Details(v("details", "children"), id=_id(graph_id, "details"), hidden=v("details", "hidden")),
                ],
                id=_id(graph_id, "block"),
                className="chart-block",
                hidden=v("block", "hidden"),
            ),
        ],
        className="chart-slot",
    )
    return Slot(layout, values)


def text_slot(id_: str, children: Any, **props: Any) -> Slot:
    """A `html.Div` whose children an in-place update replaces."""
    return Slot(html.Div(children, id=id_, **props), {(id_, "children"): children})


def slot_outputs(graph_id: str) -> list[Output]:
    return [Output(_id(graph_id, part), prop) for part, prop in SLOT_PROPS]


def fingerprint(fig: Any) -> str:
    """A short digest of a figure, so an update can leave an unchanged chart alone."""
    return hashlib.blake2b(json.dumps(fig, cls=PlotlyJSONEncoder, sort_keys=True).encode(), digest_size=8).hexdigest()
