"""The näringslivsdialog deck's model and what every slide is drawn with.

`Deck` and `Slide` (drawn by the `/dialog` page and the pptx), the deck's period words, the large-type
slide layout, the data a slide reads (through dashboard.queries) and the note that a figure is out of date.
The slides themselves are in dashboard.exports.dialog.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from core import clock
from core.period import Period, long_date
from core.regions import PROJECT_NAME
from dashboard import queries
from dashboard.comparison import refresh_note
from dashboard.db import Database
from dashboard.figure_style import FOCUS, FONT, SEPARATORS
from dashboard.format import number, period_label, with_unit
from dashboard.indicator_view import publication_schedule
from dashboard.workspace import read as workspace

INK = "#1d2a33"


class DialogError(ValueError):
    """A parameter of the deck is wrong; the message is Swedish and names the parameter `param`."""

    def __init__(self, text: str, param: str):
        super().__init__(text)
        self.param = param


@dataclass(frozen=True)
class Slide:
    key: str
    topic: str
    headline: str
    figure: go.Figure | None
    source: str
    notes: str
    detail: str = ""  # one more line of numbers under the headline
    missing: str | None = None  # why there is no chart ("Data saknas …")
    items: tuple[str, ...] = ()  # the list on "Sedan förra mötet"


@dataclass(frozen=True)
class Deck:
    region_code: str
    region_name: str
    area_name: str
    since: dt.date
    since_default: bool
    slides: list[Slide] = field(default_factory=list)
    processed_by: str = PROJECT_NAME  # the region's configuration: the "Bearbetning:" line of every slide

    @property
    def title(self) -> str:
        return f"Näringslivsdialog – läget i {self.area_name}"

    @property
    def since_text(self) -> str:
        """ "18 december 2023" """
        return long_date(self.since)


# --- periods and words ---------------------------------------------------------------------------


def long_period(period: str) -> str:
    """`2024-01` → "januari 2024"; years and quarters as period_label."""
    return Period.parse(period).long_label


def period_end(period: str) -> dt.date:
    """The last day a period covers: a figure for it cannot be complete before then."""
    return Period.parse(period).end_date


EARLIEST_SINCE = dt.date(1900, 1, 1)


def parse_since(text: str | None) -> dt.date | None:
    """`?sedan=2023-12-18` → a date; raises DialogError with a Swedish message."""
    if text is None or text == "":
        return None
    try:
        date = dt.date.fromisoformat(text)
    except ValueError:
        raise DialogError(
            f"Datumet ”{text}” går inte att läsa (parametern sedan). Skriv det som ÅÅÅÅ-MM-DD, t.ex. 2023-12-18.", "sedan"
        ) from None
    if not EARLIEST_SINCE <= date <= dt.date.today():
        raise DialogError(
            f"Datumet ”{text}” (parametern sedan) ska vara ett möte som har varit: mellan {EARLIEST_SINCE:%Y-%m-%d} och i dag.",
            "sedan",
        )
    return date


def chart_x(period: str) -> str:
    return Period.parse(period).start_date.isoformat()


def source_line(sources: list[str], processed_by: str) -> str:
    unique = list(dict.fromkeys(s for s in sources if s))
    return f"Källa: {'; '.join(unique)}. Bearbetning: {processed_by}."


# --- figures -------------------------------------------------------------------------------------


def slide_layout(fig: go.Figure, *, y_title: str = "", legend: bool = True) -> go.Figure:
    """Large type for a room: 22 px ticks at a 1280 px wide chart, no toolbar, Swedish separators."""
    fig.update_layout(
        separators=SEPARATORS,
        font={"family": FONT, "size": 22, "color": INK},
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        margin={"l": 20, "r": 40, "t": 20, "b": 20},
        showlegend=legend,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "font": {"size": 22}},
        bargap=0.35,
    )
    fig.update_xaxes(showgrid=False, linecolor="#888", ticks="outside")
    fig.update_yaxes(gridcolor="#e3e3e3", zeroline=False, title={"text": y_title, "font": {"size": 20}})
    return fig


def end_label(fig: go.Figure, x: str, y: float, text: str, colour: str) -> None:
    fig.add_annotation(
        x=x, y=y, text=text, showarrow=False, xanchor="left", xshift=10, font={"size": 24, "color": colour}
    )  # fmt: skip


def amount(value: float, unit: str, decimals: int) -> str:
    """Large counts in millions as said aloud ("2,9 miljoner"), others as `with_unit`."""
    if unit == "antal" and abs(value) >= 1_000_000:
        return f"{number(value / 1_000_000, 1)} miljoner"
    return with_unit(value, unit, decimals)


def bars(frame: pd.DataFrame, unit: str, decimals: int, colour: str = FOCUS) -> go.Figure:
    labels = [period_label(p) for p in frame["period"]]
    texts = [with_unit(v, unit, decimals) for v in frame["value"]]
    fig = go.Figure(go.Bar(x=labels, y=frame["value"], marker_color=colour, text=texts, textposition="outside", cliponaxis=False))
    fig.update_xaxes(type="category")
    fig.update_yaxes(tickformat=",d" if decimals == 0 else f",.{decimals}f")
    return slide_layout(fig, legend=False)


# --- data access ---------------------------------------------------------------------------------


def meta_of(db: Database, indicator_id: str) -> pd.Series | None:
    frame = queries.indicator_catalogue(db)
    return frame.loc[indicator_id] if indicator_id in frame.index else None


def series(db: Database, indicator_id: str, area_code: str) -> pd.DataFrame:
    obs = queries.observations_for(db, (indicator_id,), (area_code,))
    obs = obs[(obs["sex"] == "T") & obs["value"].notna()]
    return obs.sort_values("period").reset_index(drop=True)


def bar_slide(
    db: Database,
    deck: Deck,
    key_topic: tuple[str, str],
    headline: str,
    detail: str,
    chart: go.Figure,
    y_title: str,
    own: pd.DataFrame,
    indicator_ids: tuple[str, ...],
) -> Slide:
    """A finding drawn as bars of the region's series `own`: the newest row's source, notes on its period."""
    slide_layout(chart, y_title=y_title, legend=False)
    last = str(own["period"].iloc[-1])
    notes = speaker_notes(db, indicator_ids, deck.region_code, [headline + ".", detail], last)
    source = source_line(list(own["source"].tail(1)), deck.processed_by)
    return Slide(*key_topic, headline, chart, source, notes, detail)


def speaker_notes(db: Database, indicator_ids: tuple[str, ...], area_code: str, lines: list[str], period: str) -> str:
    """Speaker notes: the numbers said aloud, then the analysts' comments on the period shown (newest first).

    A comment is about its period: only comments of the same time as the figure stand beside it.
    """
    comments = workspace.comments_for(db, indicator_ids, (area_code,)).sort_values("created_at", ascending=False)
    comments = comments[[same_time(str(c), period) for c in comments["period"]]]
    said = [f"{c.text} ({c.author}, {c.created_at:%Y-%m-%d}, avser {c.period})" for c in comments.itertuples()]
    notes = list(lines)
    notes += ["Analytikernas kommentarer:", *said] if said else [f"Inga kommentarer från analytikerna om {long_period(period)}."]
    return "\n".join(notes)


def same_time(comment_period: str, figure_period: str) -> bool:
    """True when a comment's period overlaps the figure's or ends at most a quarter before it starts."""
    comment, figure = Period.parse(comment_period), Period.parse(figure_period)
    return comment.start_date <= figure.end_date and comment.end_date >= figure.start_date - dt.timedelta(days=92)


def outdated(db: Database, indicator_id: str, last: str, today: dt.date | None = None) -> str:
    """ "Senaste: december 2017 – nyare uppgifter saknas i databasen …" when a newer figure should be out by now."""
    today = today or clock.today()
    schedule = publication_schedule(db, indicator_id)
    if schedule is None:
        old = Period.parse(last).end_date < today - dt.timedelta(days=365)
        return f" Senaste i databasen: {long_period(last)} (källans publiceringsplan är okänd)." if old else ""
    upcoming, due = schedule.next_expected(last)
    if due >= today:
        return ""
    return (
        f" Senaste: {long_period(last)} – nyare uppgifter saknas i databasen"
        f" ({long_period(str(upcoming))} väntades omkring {long_date(due)})."
    )


def missing_slide(key: str, topic: str, db: Database, indicator_id: str, deck: Deck, what: str) -> Slide:
    meta = meta_of(db, indicator_id)
    name = str(meta["name"]) if meta is not None else indicator_id
    source = source_line([str(meta["source"])] if meta is not None else [], deck.processed_by)
    text = f"{name}: inga värden för {deck.area_name} i databasen ännu. {refresh_note(db, indicator_id)}"
    return Slide(key, topic, f"{what}: Data saknas för {deck.area_name}", None, source, text, missing=text)
