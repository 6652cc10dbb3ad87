"""Write runs into the database and the run store together; rebuild a database from the snapshot and the store.

Every load (build, refresh, import) goes through `load_outcomes`:

1. A run of the existing database that the store does not hold yet (a database from before the store, or
   one whose store was moved) is first copied into the store, so nothing loaded is ever lost.
2. A fresh database is the embedded snapshot (run 1) plus every stored run replayed in order: its `runs`
   row as it was, then its stored rows appended as a vintage. An existing database is copied and only the
   stored runs it lacks are replayed.
3. The new runs are appended and staged in the store; the staged runs are moved into place just before the
   database is swapped in, so the store never lacks a run the database shows.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pandas as pd

from etl.config import Config
from etl.indicator_sources import read_sources, write_indicator_sources
from etl.load import append_observations, atomic_database, finish_run, start_run, write_areas, write_config
from etl.observations import Known, known_for, read_snapshot
from etl.runstore import STORED, Batch, RunStore, StoredRun
from etl.sources.base import SourceError

SNAPSHOT = "snapshot"
RUN_FIELDS = ("source", "status", "started_at", "finished_at", "rows", "changed", "message")

if TYPE_CHECKING:
    from etl.sources.spec import SourceSpec


@dataclass
class Outcome:
    """What one source gave in a run, and what loading it did."""

    source: str
    kind: str
    indicator: str
    status: str  # ok, failed, skipped
    message: str = ""
    frame: pd.DataFrame | None = None
    received: int = 0
    appended: int = 0
    changed: int = 0
    seconds: float = 0.0
    raw: list[Path] = field(default_factory=list)  # the answers or files it was parsed from
    spec: SourceSpec | None = None  # a derived source's spec, computed after the others


def _run_keys(con: duckdb.DuckDBPyConnection, catalog: str | None = None) -> dict[tuple[str, str], int]:
    runs = f"{catalog}.runs" if catalog else "runs"
    rows = con.execute(f"SELECT source, started_at, run_id FROM {runs} WHERE source <> ?", [SNAPSHOT]).fetchall()
    return {(source, started.isoformat()): run_id for source, started, run_id in rows}


def existing_run_keys(db_path: Path) -> set[tuple[str, str]]:
    """The runs an existing database holds (empty when there is none); OSError when it cannot be read."""
    if not db_path.exists():
        return set()
    try:
        con = duckdb.connect(str(db_path), read_only=True)
        try:
            return set(_run_keys(con))
        finally:
            con.close()
    except duckdb.Error as exc:
        raise OSError(
            f"cannot read the existing database {db_path} to keep its runs ({exc}); move it away and run again "
            "(the runs in the run store are replayed into the new one)"
        ) from exc


def _meta(con: duckdb.DuckDBPyConnection, run_id: int, catalog: str | None = None, **extra: object) -> dict:
    runs = f"{catalog}.runs" if catalog else "runs"
    row = con.execute(f"SELECT {', '.join(RUN_FIELDS)} FROM {runs} WHERE run_id = ?", [run_id]).fetchone()
    meta = dict(zip(RUN_FIELDS, row, strict=True))
    for key in ("started_at", "finished_at"):
        meta[key] = meta[key].isoformat() if meta[key] else None
    return {**meta, **extra}


def _adopt(con: duckdb.DuckDBPyConnection, catalog: str | None, batch: Batch, stored: set[tuple[str, str]]) -> None:
    """Stage the runs of the database `catalog` (default: the one being written) that the store lacks."""
    where = catalog or con.execute("SELECT current_database()").fetchone()[0]
    present = {
        c
        for (c,) in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE database_name = ? AND table_name = 'observations'", [where]
        ).fetchall()
    }
    columns = ", ".join(c for c in STORED if c in present)
    for key, run_id in sorted(_run_keys(con, catalog).items(), key=lambda item: item[1]):
        if key in stored:
            continue
        rows = con.execute(f"SELECT {columns} FROM {where}.observations WHERE run_id = ?", [run_id]).df()
        note = "kept from the database it was loaded into; its raw answers were not kept"
        batch.add(con, _meta(con, run_id, catalog, received=len(rows), note=note), rows, [])


def replay(con: duckdb.DuckDBPyConnection, run: StoredRun) -> None:
    """Append one stored run as it was loaded: its `runs` row, then its stored rows as a vintage."""
    run_id = con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM runs").fetchone()[0]
    meta = run.meta
    finished = dt.datetime.fromisoformat(meta["finished_at"]) if meta.get("finished_at") else None
    con.execute(
        "INSERT INTO runs VALUES (?, ?, ?, ?, ?, 0, 0, ?)",
        [run_id, dt.datetime.fromisoformat(meta["started_at"]), finished, meta["source"], meta["status"], meta.get("message")],
    )
    if meta["status"] == "ok":
        rows, changed = append_observations(con, run.rows(con), run_id)
        con.execute("UPDATE runs SET rows = ?, changed = ? WHERE run_id = ?", [rows, changed, run_id])


def _snapshot(con: duckdb.DuckDBPyConnection, data_dir: Path, config: Config, areas: pd.DataFrame, known: Known) -> None:
    """Areas, configuration and the embedded snapshot as run 1 (the schema is made by atomic_database)."""
    write_areas(con, areas)
    write_config(con, config)
    snapshot = read_snapshot(data_dir / "snapshot", known, root=data_dir.parent)
    run_id = start_run(con, SNAPSHOT)
    rows, changed = append_observations(con, snapshot, run_id)
    finish_run(con, run_id, status="ok", rows=rows, changed=changed, message=f"embedded snapshot in {data_dir / 'snapshot'}")


def _append(con: duckdb.DuckDBPyConnection, outcome: Outcome, batch: Batch | None) -> None:
    run_id = start_run(con, outcome.source)
    if outcome.status == "failed":
        finish_run(con, run_id, status="failed", rows=0, changed=0, message=outcome.message[:2000])
    else:
        try:
            outcome.appended, outcome.changed = append_observations(con, outcome.frame, run_id)
        except duckdb.Error as exc:
            raise SourceError(f"{outcome.source}: loading into the database failed: {exc}") from exc
        finish_run(con, run_id, status="ok", rows=outcome.appended, changed=outcome.changed, message=outcome.message)
    if batch is not None:
        extra = {"kind": outcome.kind, "indicator": outcome.indicator, "received": outcome.received}
        batch.add(con, _meta(con, run_id, **extra), outcome.frame if outcome.status == "ok" else None, outcome.raw)


def load_outcomes(
    db_path: Path,
    data_dir: Path,
    config: Config,
    areas: pd.DataFrame,
    outcomes: list[Outcome],
    *,
    rebuild: bool,
    store: RunStore | None = None,
) -> bool:
    """Write the ok and failed outcomes as runs in one atomic swap, keeping them in `store`; True if built afresh.

    A fresh build (`rebuild`, no database yet, or a database lacking stored runs) starts from the snapshot
    and replays every stored run first. Without a store the database alone is written (the bench does so).
    """
    known = known_for(config, areas)
    sources = read_sources(data_dir)
    stored = store.runs() if store is not None else []
    in_db = existing_run_keys(db_path)
    fresh = rebuild or not db_path.exists() or any(r.key not in in_db for r in stored)
    with contextlib.ExitStack() as stack:
        batch = stack.enter_context(store.batch()) if store is not None else None
        con = stack.enter_context(
            atomic_database(db_path, start_from_existing=not fresh, before_swap=batch.commit if batch is not None else None)
        )
        if batch is not None and db_path.exists():
            stored_keys = {r.key for r in stored}
            if fresh:
                con.execute(f"ATTACH '{db_path}' AS previous (READ_ONLY)")
                _adopt(con, "previous", batch, stored_keys)
                con.execute("DETACH previous")
            else:
                _adopt(con, None, batch, stored_keys)
        if fresh:
            _snapshot(con, data_dir, config, areas, known)
            for run in [*stored, *(batch.staged if batch is not None else [])]:
                replay(con, run)
        else:
            write_config(con, config)
        write_indicator_sources(con, sources)
        for outcome in outcomes:
            if outcome.status != "skipped":
                _append(con, outcome, batch)
    return fresh
