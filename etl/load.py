"""Write the DuckDB file: schema, configuration, observations as vintages; swapped in atomically."""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pandas as pd

from core.regions import PROJECT_NAME
from etl.config import Config
from etl.observations import COLUMNS
from etl.schema import DDL, LATEST_SQL, REGIONS_DDL, SCHEMA_VERSION


def tmp_path_for(db_path: Path) -> Path:
    """The temporary file a build writes before it is swapped in."""
    return db_path.with_name(db_path.name + ".tmp")


@contextlib.contextmanager
def atomic_database(
    db_path: Path, *, start_from_existing: bool = False, before_swap: Callable[[], None] | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a connection to a temporary copy; on success swap it over `db_path`, on failure delete it.

    The previous file at `db_path` is never opened for writing, so any failure (or a killed process)
    leaves it byte-for-byte intact. `before_swap` runs when the copy is complete, just before the swap.
    """
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with _writer_lock(db_path):
        yield from _write_atomically(db_path, start_from_existing, before_swap)


class WriterBusy(RuntimeError):
    """Another ETL process is writing the same database."""


@contextlib.contextmanager
def _writer_lock(db_path: Path) -> Iterator[None]:
    """One writer at a time per database file (an advisory lock on `<db>.lock`, released if the process dies)."""
    lock_path = db_path.with_name(db_path.name + ".lock")
    with lock_path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise WriterBusy(f"another ETL run is writing {db_path} (lock {lock_path}); try again when it has finished") from exc
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write_atomically(
    db_path: Path, start_from_existing: bool, before_swap: Callable[[], None] | None
) -> Iterator[duckdb.DuckDBPyConnection]:
    tmp = tmp_path_for(db_path)
    for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
        leftover.unlink(missing_ok=True)
    if start_from_existing:
        shutil.copyfile(db_path, tmp)
    con = duckdb.connect(str(tmp))
    try:
        if not start_from_existing:
            con.execute(DDL)
            con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        yield con
        materialise_latest(con)
        con.execute("INSERT OR REPLACE INTO meta VALUES ('built_at', ?)", [dt.datetime.now().isoformat(timespec="seconds")])
        con.execute("CHECKPOINT")
        con.close()
        if before_swap is not None:
            before_swap()
        os.replace(tmp, db_path)
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)
        raise


def materialise_latest(con: duckdb.DuckDBPyConnection) -> None:
    """Make `latest` a table of the newest vintages, sorted by indicator, area, period and sex (from the view or an older table)."""
    kind = con.execute("SELECT table_type FROM information_schema.tables WHERE table_name = 'latest'").fetchone()
    con.execute(f"CREATE TABLE latest_new AS SELECT * FROM ({LATEST_SQL}) ORDER BY indicator_id, area_code, period, sex")
    if kind is not None:
        con.execute("DROP VIEW latest" if kind[0] == "VIEW" else "DROP TABLE latest")
    con.execute("ALTER TABLE latest_new RENAME TO latest")


def write_areas(con: duckdb.DuckDBPyConnection, areas: pd.DataFrame) -> None:
    con.register("areas_df", areas)
    con.execute("INSERT INTO areas SELECT area_code, name, level, parent_code FROM areas_df")
    con.unregister("areas_df")


def write_regions(con: duckdb.DuckDBPyConnection, config: Config) -> None:
    """The configured regions, then every other län of `areas` as a region without goal sets (the table is re-created)."""
    con.execute("DROP TABLE IF EXISTS regions")
    con.execute(REGIONS_DDL)
    rows = [(r.code, r.name, r.default_goal_set, r.processed_by, True) for r in config.regions]
    if rows:
        con.executemany("INSERT INTO regions VALUES (?, ?, ?, ?, ?)", rows)
    con.execute(
        """INSERT INTO regions SELECT area_code, name, NULL, ?, false FROM areas
           WHERE level = 'lan' AND area_code NOT IN (SELECT region_code FROM regions)""",
        [PROJECT_NAME],
    )


def write_config(con: duckdb.DuckDBPyConnection, config: Config) -> None:
    """Replace indicators, regions, goal sets, goals, targets and comments with `config`."""
    for table in (
        "comments",
        "published_counts",
        "judgements",
        "milestones",
        "targets",
        "goals",
        "goal_sets",
        "indicators",
    ):
        con.execute(f"DELETE FROM {table}")
    con.executemany(
        "INSERT INTO indicators VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                i.indicator_id,
                i.name,
                i.unit,
                i.direction,
                i.decimals,
                i.frequency,
                i.source,
                i.source_ref or None,
                i.description or None,
            )
            for i in config.indicators.values()
        ],
    )
    goal_rows, target_rows, set_rows, milestone_rows, judgement_rows, count_rows = [], [], [], [], [], []
    for region in config.regions:
        for gs in region.goal_sets:
            rule = gs.rule
            set_rows.append(
                (
                    *(region.code, gs.goal_set, gs.name, gs.kind, gs.source, gs.max_age_years, gs.published),
                    *(rule.tolerance, rule.tolerance_kind, rule.baseline_equal_counts, rule.source, rule.words),
                )
            )
            count_rows += [
                (
                    region.code,
                    gs.goal_set,
                    c.priority,
                    c.year,
                    c.met,
                    c.partly_met,
                    c.not_met,
                    c.measured,
                    c.source,
                    c.words,
                    c.line,
                    c.note,
                )
                for c in gs.published_counts
            ]
            for position, goal in enumerate(gs.goals):
                key = f"{region.code}/{gs.goal_set}/{goal.goal_id}"
                goal_rows.append(
                    (
                        key,
                        goal.goal_id,
                        region.code,
                        gs.goal_set,
                        goal.priority,
                        goal.priority_title,
                        position,
                        goal.title,
                        goal.title_missing,
                        goal.description,
                    )
                )
                for t_pos, t in enumerate(goal.targets):
                    target_rows.append(
                        (
                            key,
                            t_pos,
                            t.indicator_id,
                            t.area_code,
                            t.sex,
                            t.label,
                            t.target_kind,
                            t.target_value,
                            t.comparator,
                            t.target_year,
                            t.baseline_value,
                            t.baseline_year,
                            t.tolerance,
                            t.tolerance_kind,
                            t.unsourced,
                        )
                    )
                    due = t.due
                    milestone_rows += [(key, t_pos, m.year, m.value, m.label, i == len(due) - 1) for i, m in enumerate(due)]
                    judgement_rows += [(key, t_pos, j.year, j.status, j.words, j.source, j.line) for j in t.judgements]
    write_regions(con, config)
    if set_rows:
        con.executemany("INSERT INTO goal_sets VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", set_rows)
    if goal_rows:
        con.executemany("INSERT INTO goals VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", goal_rows)
    if target_rows:
        con.executemany("INSERT INTO targets VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", target_rows)
    for table, rows in (("milestones", milestone_rows), ("judgements", judgement_rows), ("published_counts", count_rows)):
        if rows:
            con.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(rows[0]))})", rows)
    if config.comments:
        con.executemany(
            "INSERT INTO comments VALUES (?, ?, ?, ?, ?, ?)",
            [(c.indicator_id, c.area_code, c.period, c.text, c.author, c.created_at) for c in config.comments],
        )


def start_run(con: duckdb.DuckDBPyConnection, source: str) -> int:
    """Register a run and return its id (one run = one vintage)."""
    run_id = con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM runs").fetchone()[0]
    con.execute(
        "INSERT INTO runs (run_id, started_at, source, status) VALUES (?, ?, ?, 'running')", [run_id, dt.datetime.now(), source]
    )
    return int(run_id)


def finish_run(con: duckdb.DuckDBPyConnection, run_id: int, *, status: str, rows: int, changed: int, message: str = "") -> None:
    con.execute(
        "UPDATE runs SET finished_at = ?, status = ?, rows = ?, changed = ?, message = ? WHERE run_id = ?",
        [dt.datetime.now(), status, rows, changed, message or None, run_id],
    )


def append_observations(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, run_id: int) -> tuple[int, int]:
    """Append only new or revised rows as a vintage of `run_id`; return (rows appended, values changed).

    A row equal to the current latest (same value and flag) is not stored again; a revised value is
    appended beside the old one, so both vintages stay visible.
    """
    data = frame[COLUMNS].copy()
    data["published"] = pd.to_datetime(frame["published"]).dt.date if "published" in frame else None
    con.register("incoming", data)
    try:
        # The newest vintages as of now (not the `latest` table, which is remade when the write is done),
        # narrowed to the incoming indicators first: the window runs over those indicators only.
        new_rows = con.execute(
            f"""
            SELECT i.*, l.value IS NOT NULL AS revised
            FROM incoming i
            LEFT JOIN (SELECT * FROM ({LATEST_SQL}) WHERE list_contains(?, indicator_id)) l
                USING (indicator_id, area_code, period, sex)
            WHERE l.indicator_id IS NULL
               OR l.value IS DISTINCT FROM i.value
               OR l.flag IS DISTINCT FROM i.flag
            """,
            [sorted(data["indicator_id"].unique().tolist())],
        ).df()
    finally:
        con.unregister("incoming")
    if new_rows.empty:
        return 0, 0
    new_rows["run_id"] = run_id
    con.register("new_rows", new_rows)
    try:
        con.execute(
            "INSERT INTO observations SELECT indicator_id, area_code, period, sex, value, flag, source, run_id, published"
            " FROM new_rows"
        )
    finally:
        con.unregister("new_rows")
    return len(new_rows), int(new_rows["revised"].sum())
