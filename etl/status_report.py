"""`python -m etl status`: per source what was loaded when, the latest period, and what is stale.

A source is stale when a newer period should have been published by now: the period after the latest one
ends, plus the source's publication lag (`lag_days` in sources.yaml), lies before today.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from core import clock
from core.period import Frequency, Period
from core.schedule import Schedule
from etl.sources.spec import SourceSpec


def format_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], max_width: int = 70) -> str:
    """A plain text table; long cells are cut with '…'."""

    def cell(value: Any) -> str:
        text = "" if value is None else " ".join(str(value).split())
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    body = [[cell(v) for v in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in body)) if body else len(h) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    rule = "  ".join("-" * w for w in widths)
    out = [line, rule] + ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in body]
    return "\n".join(s.rstrip() for s in out)


@dataclass(frozen=True)
class StatusRow:
    source: str
    indicator: str
    kind: str
    cadence: str
    loaded_at: str
    last_status: str
    latest_period: str
    state: str
    note: str

    def as_tuple(self) -> tuple[str, ...]:
        return (
            self.source,
            self.indicator,
            self.kind,
            self.cadence,
            self.loaded_at,
            self.last_status,
            self.latest_period,
            self.state,
            self.note,
        )


HEADERS = ("source", "indicator", "kind", "cadence", "loaded", "last run", "latest period", "state", "note")


def status_rows(db_path: Path, specs: list[SourceSpec], indicators: set[str], today: dt.date | None = None) -> list[StatusRow]:
    """One row per source spec, then the snapshot and any import runs; `today` by `core.clock` unless given."""
    today = today or clock.today()
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        runs = con.execute(
            """
            SELECT source, status, finished_at, message,
                   max(finished_at) FILTER (WHERE status = 'ok') OVER (PARTITION BY source) AS last_ok
            FROM runs QUALIFY row_number() OVER (PARTITION BY source ORDER BY run_id DESC) = 1
            """
        ).fetchall()
        periods = con.execute("SELECT indicator_id, list(DISTINCT period) FROM latest GROUP BY indicator_id").fetchall()
        by_run = con.execute(
            "SELECT r.source, list(DISTINCT o.period) FROM observations o JOIN runs r USING (run_id) GROUP BY r.source"
        ).fetchall()
    finally:
        con.close()
    last_run = {source: (status, finished, message, last_ok) for source, status, finished, message, last_ok in runs}
    latest_by_indicator = {ind: max(ps, key=Period.parse) for ind, ps in periods}
    latest_by_source = {src: max(ps, key=Period.parse) for src, ps in by_run}
    rows = []
    for spec in specs:
        status, _, message, last_ok = last_run.get(spec.id, ("never", None, "", None))
        latest = latest_by_source.get(spec.id) if spec.indicator == "*" else latest_by_indicator.get(spec.indicator)
        if spec.indicator != "*" and spec.indicator not in indicators:
            state, note = "no indicator", f"{spec.indicator!r} is not in the catalogue"
        elif latest is None:
            state, note = ("unverified", spec.note) if not spec.verified else ("no data", "never loaded")
        elif (schedule := Schedule(Frequency(spec.cadence), spec.lag_days)).is_stale(latest, today):
            upcoming, due = schedule.next_expected(latest)  # overdue whether or not refresh may fetch the source yet
            state, note = "STALE", f"{upcoming} was due by {due.isoformat()}"
            if not spec.verified:
                state, note = "STALE (unverified)", f"{note}; {spec.note}"
        elif not spec.verified:
            state, note = "unverified", spec.note
        else:
            state, note = "current", f"next: {schedule.next_expected(latest)[0]}"
        if status == "failed":
            note = f"last run failed: {message}"
        own = latest_by_source.get(spec.id)
        shown = latest or "–"
        if own and own != latest:
            shown = f"{latest} (this source: {own})"
        loaded = last_ok.isoformat(sep=" ", timespec="minutes") if last_ok else "never"
        rows.append(StatusRow(spec.id, spec.indicator, spec.kind, spec.cadence, loaded, status, shown, state, note))
    for source, (status, finished, message, _) in sorted(last_run.items()):
        if source == "snapshot" or source.startswith("import:"):
            loaded = finished.isoformat(sep=" ", timespec="minutes") if finished else "–"
            rows.append(
                StatusRow(
                    source,
                    "*",
                    "snapshot" if source == "snapshot" else "excel",
                    "–",
                    loaded,
                    status,
                    latest_by_source.get(source, "–"),
                    "–",
                    message or "",
                )
            )
    return rows
