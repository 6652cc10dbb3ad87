"""The app's one read-only door to the DuckDB file.

One read-only connection per process, a cursor per query; when the ETL swaps in a new file
(a new inode), the next query reopens it. Results of pure queries are cached per database
version, so a swap never serves a stale answer.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import duckdb
import pandas as pd

P = ParamSpec("P")
R = TypeVar("R")


class DatabaseMissing(RuntimeError):
    """The database file does not exist yet."""


class Database:
    """Read-only access to the DuckDB file at `path`."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._version: tuple[int, int] | None = None
        self._cache: dict[tuple, Any] = {}

    def _file_version(self) -> tuple[int, int]:
        try:
            stat = os.stat(self.path)
        except FileNotFoundError as exc:
            raise DatabaseMissing(f"no database at {self.path}; run `python -m etl build`") from exc
        return stat.st_ino, stat.st_mtime_ns

    def _connection(self) -> tuple[duckdb.DuckDBPyConnection, tuple[int, int]]:
        version = self._file_version()
        with self._lock:
            if self._con is None or version != self._version:
                if self._con is not None:
                    self._con.close()
                self._con = duckdb.connect(str(self.path), read_only=True)
                self._version = version
                self._cache.clear()
            return self._con, version

    @property
    def version(self) -> tuple[int, int]:
        """Identifies the file currently open (inode, mtime)."""
        return self._connection()[1]

    def query(self, sql: str, params: list | tuple | None = None) -> pd.DataFrame:
        """Run a read-only query on its own cursor and return a DataFrame."""
        con, _ = self._connection()
        cursor = con.cursor()
        try:
            return cursor.execute(sql, params or []).df()
        finally:
            cursor.close()

    def cached(self, key: tuple, compute: Callable[[], R]) -> R:
        """Return `compute()` memoised for the current database version."""
        _, version = self._connection()
        full_key = (version, *key)
        with self._lock:
            if full_key in self._cache:
                return self._cache[full_key]
        value = compute()
        with self._lock:
            if self._version == version:
                self._cache[full_key] = value
        return value


def cached_query(func: Callable[P, R]) -> Callable[P, R]:
    """Decorate `func(db, *args)` so its result is cached per database version and arguments."""

    @wraps(func)
    def wrapper(db: Database, *args: Any, **kwargs: Any) -> R:
        key = (func.__qualname__, args, tuple(sorted(kwargs.items())))
        return db.cached(key, lambda: func(db, *args, **kwargs))

    return wrapper  # type: ignore[return-value]
