"""`python -m etl build`: the database from the embedded default, no network."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from etl.areas import read_areas
from etl.config import load_config
from etl.load import append_observations, atomic_database, finish_run, start_run, write_areas, write_config
from etl.observations import Known, read_snapshot


@dataclass(frozen=True)
class BuildReport:
    db_path: Path
    observations: int
    indicators: int
    goals: int
    seconds: float
    size_bytes: int


def build(db_path: Path, data_dir: Path) -> BuildReport:
    """Validate the configuration and snapshot, then write a fresh database atomically.

    Raises ConfigError or ObservationError (listing every problem) before anything is written.
    """
    started = time.perf_counter()
    config = load_config(data_dir)
    areas = read_areas(data_dir / "areas.csv")
    known = Known(frozenset(config.indicators), frozenset(areas["area_code"]))
    snapshot = read_snapshot(data_dir / "snapshot", known, root=data_dir.parent)
    with atomic_database(db_path) as con:
        write_areas(con, areas)
        write_config(con, config)
        run_id = start_run(con, "snapshot")
        rows, changed = append_observations(con, snapshot, run_id)
        finish_run(con, run_id, status="ok", rows=rows, changed=changed, message=f"embedded snapshot in {data_dir / 'snapshot'}")
        goals = con.execute("SELECT count(*) FROM goals").fetchone()[0]
    return BuildReport(db_path, rows, len(config.indicators), goals, time.perf_counter() - started, db_path.stat().st_size)
