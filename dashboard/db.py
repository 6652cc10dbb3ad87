"""The app's one read-only door to the DuckDB file.

One read-only connection per process, a cursor per query; when the ETL swaps in a new file
(a new inode), the next query reopens it. Results of pure queries are cached per database
version, so a swap never serves a stale answer. A request works on a `Snapshot`: the version
that was current when it began, so one answer never mixes two databases; the connection to an
old version is left to close when its last request lets go of it (never closed under a query).
With an analysts' workspace attached, every cached result is keyed on the workspace's version too,
so an analyst's edit shows on the next request without a restart.
"""

from __future__ import annotations

import inspect
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, ParamSpec, Protocol, TypeVar

import duckdb
import pandas as pd

P = ParamSpec("P")
R = TypeVar("R")


class Versioned(Protocol):
    """A second data source whose version changes whenever its content does (the analysts' workspace)."""

    def version(self) -> int: ...


class Reader(Protocol):
    """What pages, exports and queries receive: the `Database` or the `Snapshot` a request pinned."""

    path: Path

    def query(self, sql: str, params: list | tuple | None = None) -> pd.DataFrame: ...

    def cached(self, key: tuple, compute: Callable[[], R], keep: int | None = None) -> R: ...


class DatabaseMissing(RuntimeError):
    """The database file does not exist yet."""


class Database:
    """Read-only access to the DuckDB file at `path`."""

    MEMO_ENTRIES = 256  # results kept per kind (the key's first element) unless the caller keeps fewer; LRU

    def __init__(self, path: Path, warm: Callable[[Snapshot], None] | None = None, workspace: Versioned | None = None):
        self.path = Path(path)
        self.workspace = workspace
        self._warm = warm  # run in the background on each newly opened version
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._version: tuple[int, int] | None = None
        self._cache: dict[Any, OrderedDict[tuple, Any]] = {}  # kind -> (version, *key) -> result

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
                self._con = _open(self.path)
                self._version = version
                self._cache.clear()
                if self._warm is not None:  # not a daemon: a thread killed inside DuckDB at exit aborts the process
                    snapshot = Snapshot(self, self._con, version, self._workspace_version())
                    threading.Thread(target=self._warm, args=(snapshot,), name="warm-memo").start()
            return self._con, version

    def snapshot(self) -> Snapshot:
        """The current version, pinned: every query through it sees the same file."""
        con, version = self._connection()
        return Snapshot(self, con, version, self._workspace_version())

    def _workspace_version(self) -> int | None:
        return None if self.workspace is None else self.workspace.version()

    @property
    def version(self) -> tuple[int, int]:
        """Identifies the file currently open (inode, mtime)."""
        return self._connection()[1]

    def query(self, sql: str, params: list | tuple | None = None) -> pd.DataFrame:
        """Run a read-only query on its own cursor and return a DataFrame."""
        return self.snapshot().query(sql, params)

    def cached(self, key: tuple, compute: Callable[[], R], keep: int | None = None) -> R:
        """Return `compute()` memoised for the current database version (at most `keep` results of this kind)."""
        return self.snapshot().cached(key, compute, keep)

    def _peek(self, version: tuple[int, int], workspace_version: int | None, key: tuple) -> Any | None:
        """The memoised result for `key` at this version, or None (nothing is computed)."""
        full_key = (version, workspace_version, *key)
        with self._lock:
            kind = self._cache.get(key[0])
            if kind is None or full_key not in kind:
                return None
            kind.move_to_end(full_key)
            return kind[full_key]

    def _memo(
        self,
        version: tuple[int, int],
        workspace_version: int | None,
        key: tuple,
        compute: Callable[[], R],
        keep: int | None = None,
    ) -> R:
        full_key = (version, workspace_version, *key)
        with self._lock:
            kind = self._cache.get(key[0])
            if kind is not None and full_key in kind:
                kind.move_to_end(full_key)
                return kind[full_key]
        value = compute()
        with self._lock:
            if self._version == version:
                kind = self._cache.setdefault(key[0], OrderedDict())
                kind[full_key] = value
                while len(kind) > (keep or self.MEMO_ENTRIES):
                    kind.popitem(last=False)
        return value


def _open(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the file as it is now.

    The file is attached to a fresh in-memory database rather than opened with `duckdb.connect(path)`:
    DuckDB reuses an instance per path while one is open, which would keep serving the replaced file.
    """
    con = duckdb.connect()
    quoted = str(path).replace("'", "''")
    con.execute(f"ATTACH '{quoted}' AS {_ALIAS} (READ_ONLY)")
    return con


_ALIAS = "laget"


def fetch_frame(cursor: duckdb.DuckDBPyConnection, sql: str, params: list | tuple | None = None) -> pd.DataFrame:
    """Run `sql` and return a DataFrame by way of Arrow (about 3× faster than `.df()` for string columns)."""
    return cursor.sql(sql, params=list(params or [])).to_arrow_table().to_pandas(date_as_object=False)


class Snapshot:
    """One version of the database, pinned for a request (same interface as Database for the pages)."""

    def __init__(self, db: Database, con: duckdb.DuckDBPyConnection, version: tuple[int, int], workspace_version: int | None):
        self.db = db
        self.path = db.path
        self.version = version
        self.workspace = db.workspace
        self.workspace_version = workspace_version
        self._con = con

    def query(self, sql: str, params: list | tuple | None = None) -> pd.DataFrame:
        """Run a read-only query on its own cursor and return a DataFrame."""
        cursor = self._con.cursor()
        try:
            cursor.execute(f"USE {_ALIAS}")
            return fetch_frame(cursor, sql, params)
        finally:
            cursor.close()

    def cached(self, key: tuple, compute: Callable[[], R], keep: int | None = None) -> R:
        """Return `compute()` memoised for this database version (at most `keep` results of this kind)."""
        return self.db._memo(self.version, self.workspace_version, key, compute, keep)

    def peek(self, key: tuple) -> Any | None:
        """What `cached(key, …)` holds for this version, or None: for a result that is made elsewhere (a response)."""
        return self.db._peek(self.version, self.workspace_version, key)


def cached_query(
    func: Callable[P, R] | None = None,
    *,
    kind: str | None = None,
    keep: int | None = None,
    key: Callable[..., tuple] | None = None,
) -> Any:
    """Decorate `func(db, *args)` so its result is cached per database version and arguments.

    The memo's kind (the room its results share) is `kind`, by default the function's module and name; the
    key is every argument after `db` with defaults filled in, so `f(db, x)` and `f(db, x, per=None)` share one.
    An argument that is not hashable (a view holding lists) names what the result depends on through `key`,
    called with the arguments after `db`: `key=lambda view: (view.region_code, view.year)`.
    `@cached_query(keep=LARGE)` for results of a few megabytes, so a worker keeps only the recent ones.
    """

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        name = kind or f"{func.__module__}.{func.__qualname__}"
        signature = inspect.signature(func)
        plain = all(p.kind is p.POSITIONAL_OR_KEYWORD and p.default is p.empty for p in signature.parameters.values())

        @wraps(func)
        def wrapper(db: Reader, *args: Any, **kwargs: Any) -> R:
            if key is not None:
                memo_key = (name, *key(*args, **kwargs))
            elif plain and not kwargs:
                memo_key = (name, *args)
            else:
                bound = signature.bind(db, *args, **kwargs)
                bound.apply_defaults()
                memo_key = (name, *list(bound.arguments.values())[1:])
            return db.cached(memo_key, lambda: func(db, *args, **kwargs), keep)

        return wrapper  # type: ignore[return-value]

    return decorate(func) if func is not None else decorate


LARGE = 8  # `keep` for results of megabytes (one indicator's observations, a rendered page); the encoded answers are kept apart (dashboard/responses.py)
