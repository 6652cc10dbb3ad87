"""Two sources feeding one indicator: the one with the higher `precedence` wins a shared area, period and sex.

Without this, two sources with slightly different figures for the same cell would overwrite each other as
"revisions" on every run. A lower source keeps the cells the higher ones do not give (other years, other
areas); the cells a higher source gave, in this run or in an earlier one still in the database, are dropped
from the lower source's rows, and its message says how many.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from etl.sources.spec import SourceSpec, rivals

KEY = ["indicator_id", "area_code", "period", "sex"]


def _keys(frame: pd.DataFrame) -> pd.Series:
    return frame[KEY].astype(str).agg("|".join, axis=1)


def _loaded_by(db_path: Path | None, indicator: str, sources: list[str]) -> set[str]:
    """Cells of `indicator` whose latest value in the database came from one of `sources`."""
    if not sources or db_path is None or not db_path.exists():
        return set()
    marks = ", ".join("?" for _ in sources)
    sql = f"""SELECT l.indicator_id, l.area_code, l.period, l.sex FROM latest l JOIN runs r USING (run_id)
              WHERE l.indicator_id = ? AND r.source IN ({marks})"""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        rows: list[Any] = con.execute(sql, [indicator, *sources]).fetchall()
    finally:
        con.close()
    return {"|".join(map(str, row)) for row in rows}


def apply_precedence(outcomes: list[Any], specs: list[SourceSpec], db_path: Path | None) -> None:
    """Drop from each ok outcome the cells a higher-precedence source of the same indicator gives (`db_path`: the
    database the run adds to, None when it starts afresh)."""
    by_source = {o.source: o for o in outcomes if o.status == "ok" and o.frame is not None}
    for indicator, group in rivals(specs).items():
        taken: set[str] = set()
        for rank, spec in enumerate(group):
            outcome = by_source.get(spec.id)
            higher = [s.id for s in group[:rank]]
            if outcome is None:
                continue
            keys = _keys(outcome.frame)
            earlier = _loaded_by(db_path, indicator, [h for h in higher if h not in by_source])
            drop = keys.isin(taken | earlier)
            if drop.any():
                outcome.frame = outcome.frame[~drop].reset_index(drop=True)
                outcome.message += f"; {int(drop.sum())} rows left to {', '.join(higher)} (higher precedence)"
            taken |= set(keys[~drop])
