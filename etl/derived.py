"""Shares computed from two indicators of the same area, period and sex (kind `derived`).

`value = scale × numerator / denominator`, with both parts kept as indicators of their own (for example the
number born outside the Nordic countries over folkmängd). Each part comes from this run's rows, or else from
what is stored (the database's latest values, or the embedded snapshot when the run builds a fresh database);
a cell whose denominator is missing or zero gets no value.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from etl.observations import COLUMNS
from etl.sources.spec import SourceSpec

KEY = ["area_code", "period", "sex"]


def stored_rows(db_path: Path, indicators: set[str]) -> pd.DataFrame:
    """The database's latest rows of these indicators."""
    if not indicators or not db_path.exists():
        return pd.DataFrame(columns=COLUMNS)
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        marks = ", ".join("?" for _ in indicators)
        sql = f"SELECT {', '.join(COLUMNS)} FROM latest WHERE indicator_id IN ({marks})"
        return con.execute(sql, sorted(indicators)).fetchdf()
    finally:
        con.close()


def part(indicator: str, frames: list[pd.DataFrame], stored: pd.DataFrame) -> pd.DataFrame:
    """The latest value of every cell of `indicator`: this run's rows over the stored ones."""
    rows = pd.concat([f[f["indicator_id"] == indicator] for f in (stored, *frames)], ignore_index=True)
    return rows.drop_duplicates(KEY, keep="last")[[*KEY, "value"]]


def derive(spec: SourceSpec, frames: list[pd.DataFrame], stored: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The derived rows and a message; empty rows and the reason when a part has no figures."""
    numerator, denominator = part(spec.numerator, frames, stored), part(spec.denominator, frames, stored)
    for name, rows in ((spec.numerator, numerator), (spec.denominator, denominator)):
        if rows.empty:
            return pd.DataFrame(columns=COLUMNS), f"no figures for {name} in this run or stored"
    joined = numerator.merge(denominator, on=KEY, suffixes=("_num", "_den"))
    joined = joined[joined["value_den"].notna() & (joined["value_den"] != 0) & joined["value_num"].notna()]
    out = joined[KEY].assign(
        indicator_id=spec.indicator,
        value=spec.scale * joined["value_num"] / joined["value_den"],
        flag=None,
        source=spec.source_text or f"Beräknat: {spec.numerator} / {spec.denominator}",
    )
    return out[COLUMNS].reset_index(drop=True), f"{spec.scale:g} × {spec.numerator} / {spec.denominator}: {len(out)} rows"
