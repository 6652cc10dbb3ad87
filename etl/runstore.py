"""The durable store of every loaded run: its normalised rows, its metadata and the raw answers it came from.

A database can always be made again from the embedded snapshot plus this store: a build replays the stored
rows of every run in order (old answers are never parsed again by newer code), so each vintage and revision
comes back exactly. The store lives beside the database (`<database folder>/runs/`, or `LAGET_RUNS`),
outside what `make clean` or a purge of the response cache removes.

Layout, one folder a run: `000001-<source>/` holds `run.json` (the run's row of the `runs` table plus kind,
indicator, rows received and the raw files), `rows.parquet` (the rows the run received, in the long format;
none for a failed run) and `raw/` (the cached HTTP answers or the workbook it read). New runs are written
under `.staging/` and moved into place just before the database they belong to is swapped in.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from etl.observations import COLUMNS, PUBLISHED

RUN_DIR = re.compile(r"^(\d{6})-")
STORED = [*COLUMNS, PUBLISHED]  # the long format, and the publication day where a source gives it
ROWS_FILE = "rows.parquet"
META_FILE = "run.json"


def runs_dir(db_path: Path) -> Path:
    """`LAGET_RUNS`, or the folder `runs/` beside the database."""
    return Path(os.environ.get("LAGET_RUNS") or db_path.parent / "runs")


@dataclass(frozen=True)
class StoredRun:
    seq: int
    path: Path
    meta: dict[str, Any]

    @property
    def key(self) -> tuple[str, str]:
        """What identifies the run in any database built from it: source and start time."""
        return self.meta["source"], self.meta["started_at"]

    def rows(self, con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
        """The stored rows in the long format, with `published` where it was kept (empty for a failed run)."""
        path = self.path / ROWS_FILE
        if not path.exists():
            return pd.DataFrame(columns=COLUMNS)
        return con.execute("SELECT * FROM read_parquet(?)", [str(path)]).df()

    def raw_files(self) -> list[Path]:
        raw = self.path / "raw"
        return sorted(p for p in raw.rglob("*") if p.is_file()) if raw.exists() else []


class RunStore:
    """The runs kept under one folder."""

    def __init__(self, root: Path):
        self.root = root

    def runs(self) -> list[StoredRun]:
        """Every committed run, oldest first."""
        if not self.root.exists():
            return []
        found = []
        for path in self.root.iterdir():
            m = RUN_DIR.match(path.name)
            if m and (path / META_FILE).is_file():
                found.append(StoredRun(int(m.group(1)), path, json.loads((path / META_FILE).read_text(encoding="utf-8"))))
        return sorted(found, key=lambda r: r.seq)

    @contextlib.contextmanager
    def batch(self) -> Iterator[Batch]:
        """A batch of new runs under the store's lock; staged files are removed unless `commit()` moved them."""
        self.root.mkdir(parents=True, exist_ok=True)
        with (self.root / ".lock").open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            staging = self.root / ".staging"
            shutil.rmtree(staging, ignore_errors=True)
            staging.mkdir()
            runs = self.runs()
            batch = Batch(self.root, staging, (runs[-1].seq if runs else 0) + 1)
            try:
                yield batch
            finally:
                shutil.rmtree(staging, ignore_errors=True)
                fcntl.flock(handle, fcntl.LOCK_UN)


@dataclass
class Batch:
    """Runs written to the staging folder, to be moved into the store together."""

    root: Path
    staging: Path
    next_seq: int
    staged: list[StoredRun] = field(default_factory=list)

    def add(self, con: duckdb.DuckDBPyConnection, meta: dict[str, Any], rows: pd.DataFrame | None, raw: list[Path]) -> None:
        """Stage one run: its metadata, its rows as Parquet (written by DuckDB, types exact) and copies of its raw files."""
        seq = self.next_seq
        self.next_seq += 1
        slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", meta["source"])[:80]
        path = self.staging / f"{seq:06d}-{slug}"
        path.mkdir()
        if rows is not None and not rows.empty:
            types = dict(
                con.execute(
                    "SELECT column_name, data_type FROM information_schema.columns "
                    "WHERE table_name = 'observations' AND table_schema = 'main'"
                ).fetchall()
            )
            kept = [c for c in STORED if c in rows.columns]
            columns = ", ".join(f"{c}::{types[c]} AS {c}" for c in kept)
            con.register("stored_rows", rows[kept])
            try:
                con.execute(f"COPY (SELECT {columns} FROM stored_rows) TO '{path / ROWS_FILE}' (FORMAT parquet)")
            finally:
                con.unregister("stored_rows")
        names = []
        for n, src in enumerate(raw):
            name = f"{n:03d}-{src.name}"
            (path / "raw").mkdir(exist_ok=True)
            shutil.copyfile(src, path / "raw" / name)
            names.append(name)
        meta = {**meta, "seq": seq, "raw": names}
        (path / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
        self.staged.append(StoredRun(seq, path, meta))

    def commit(self) -> None:
        """Move every staged run into the store (a rename each; the folder is synced to disk)."""
        for run in self.staged:
            os.replace(run.path, self.root / run.path.name)
        fd = os.open(self.root, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        self.staged = [StoredRun(r.seq, self.root / r.path.name, r.meta) for r in self.staged]


@dataclass(frozen=True)
class StoreSummary:
    source: str
    runs: int
    rows: int
    first: str
    last: str
    raw_files: int


def summarise(store: RunStore) -> list[StoreSummary]:
    """Per source: runs kept, rows kept, first and last load, raw files kept."""
    by_source: dict[str, list[StoredRun]] = {}
    for run in store.runs():
        by_source.setdefault(run.meta["source"], []).append(run)
    out = []
    for source, runs in sorted(by_source.items()):
        starts = sorted(r.meta["started_at"] for r in runs)
        out.append(
            StoreSummary(
                source,
                len(runs),
                sum(int(r.meta.get("received", 0)) for r in runs),
                starts[0][:16].replace("T", " "),
                starts[-1][:16].replace("T", " "),
                sum(len(r.meta.get("raw", [])) for r in runs),
            )
        )
    return out
