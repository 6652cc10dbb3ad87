"""`python -m etl build`: the database from the embedded snapshot plus every run kept in the run store, no network."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from etl.areas import read_areas
from etl.config import load_config
from etl.runstore import RunStore, runs_dir
from etl.vintages import load_outcomes


@dataclass(frozen=True)
class BuildReport:
    db_path: Path
    observations: int
    indicators: int
    goals: int
    seconds: float
    size_bytes: int
    runs_kept: int
    store: Path


def build(db_path: Path, data_dir: Path, store_root: Path | None = None) -> BuildReport:
    """Validate the configuration and snapshot, then write a fresh database atomically: snapshot, then every kept run.

    Raises ConfigError or ObservationError (listing every problem) before anything is written. The runs of
    an existing database at `db_path` that the store lacks are first put into the store, so none is lost.
    """
    started = time.perf_counter()
    config = load_config(data_dir)
    areas = read_areas(data_dir / "areas.csv")
    store = RunStore(store_root or runs_dir(db_path))
    load_outcomes(db_path, data_dir, config, areas, [], rebuild=True, store=store)
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        observations = con.execute("SELECT count(*) FROM observations").fetchone()[0]
        goals = con.execute("SELECT count(*) FROM goals").fetchone()[0]
        kept = con.execute("SELECT count(*) FROM runs WHERE source <> 'snapshot'").fetchone()[0]
    finally:
        con.close()
    seconds = time.perf_counter() - started
    return BuildReport(db_path, observations, len(config.indicators), goals, seconds, db_path.stat().st_size, kept, store.root)
