"""Write what the app needs of data/sources.yaml into the database, at build and at refresh."""

from __future__ import annotations

from pathlib import Path

import duckdb

from etl.schema import INDICATOR_SOURCES_DDL
from etl.sources.spec import SourceSpec, load_sources


def read_sources(data_dir: Path) -> list[SourceSpec]:
    """The entries of `data_dir`/sources.yaml (none when the folder has no such file); raises SourcesError."""
    path = data_dir / "sources.yaml"
    return load_sources(path, root=data_dir.parent) if path.exists() else []


def write_indicator_sources(con: duckdb.DuckDBPyConnection, specs: list[SourceSpec]) -> None:
    """Replace the `indicator_sources` table with one row per entry that names an indicator."""
    con.execute(INDICATOR_SOURCES_DDL)
    con.execute("DELETE FROM indicator_sources")
    rows = [
        (s.id, s.indicator, n, s.kind, s.ref, s.cadence, s.lag_days, s.verified, s.precedence, s.source_text or None)
        for n, s in enumerate(specs)
        if s.indicator != "*"
    ]
    if rows:
        con.executemany("INSERT INTO indicator_sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
