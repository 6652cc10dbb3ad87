"""The export lane: exports are drawn in processes of their own at a lower CPU priority, never by the threads
(nor under the GIL) that pages need.

Each server process (a gunicorn worker, `python -m dashboard`) has one lane: a pool of `LAGET_EXPORT_WORKERS`
export processes (default 1: a Kaleido server draws one figure at a time anyway), started on first use with
the "spawn" method (never a fork of a threaded process) at nice +10, as is every thread of the chromium each
one starts for Kaleido. A request hands the lane plain data: a maker function of dashboard/exports/routes.py
by name, its validated parameters, and the database's path and version (`run_on`). The export process opens
the DuckDB file read-only itself, runs the same code a page process would and sends the file's bytes back;
the route caches them per database version.

At most workers + `LAGET_EXPORT_QUEUE` (default 16) exports are in a process's lane; one more is answered at
once with HTTP 503, `Retry-After` and a Swedish sentence (`LaneFull`), instead of holding a thread. An export
process that dies (the pool is broken) or gives no answer within WAIT_LIMIT is answered the same way
(`LaneFailed`) and replaced by a fresh one; so is a file asked for from a database version that was swapped
out before it was drawn. An export process leaves when the process that started it does.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import math
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from dashboard.db import Database, Reader

R = TypeVar("R")
log = logging.getLogger(__name__)

NICE = 10  # added to the export processes' nice value: the scheduler prefers the page threads
WAIT_LIMIT = 120.0  # s an export may take, its wait in the lane included (as gunicorn's worker timeout)
CRASHED = "Filen kunde inte göras: exportprocessen avbröts och har startats om. Försök igen om en stund."
CHANGED = "Databasen uppdaterades medan filen gjordes. Försök igen, så görs den ur den nya versionen."


def _env_int(name: str, default: int, low: int) -> int:
    value = os.environ.get(name, str(default))
    if not (value.isascii() and value.isdigit()) or int(value) < low:
        raise SystemExit(f"{name} must be a whole number ≥ {low}, got {value!r}")
    return int(value)


class LaneUnavailable(RuntimeError):
    """No file this time: answered with 503, `Retry-After: retry_after` and the Swedish `swedish()`."""

    retry_after: int

    def swedish(self) -> str:
        raise NotImplementedError


class LaneFull(LaneUnavailable):
    """Every export slot and queue place of this process is taken; try again in `retry_after` seconds."""

    def __init__(self, waiting: int, retry_after: int):
        super().__init__(waiting, retry_after)
        self.waiting = waiting
        self.retry_after = retry_after

    def __str__(self) -> str:
        return f"{self.waiting} exports in the lane"

    def swedish(self) -> str:
        return (
            f"Exporterna är fullt upptagna just nu ({self.waiting} filer görs eller väntar). "
            f"Försök igen om {self.retry_after} sekunder."
        )


class LaneFailed(LaneUnavailable):
    """The export process died, did not answer in time, or found a newer database; the text is Swedish."""

    def __init__(self, text: str, retry_after: int):
        super().__init__(text, retry_after)  # both in args: it is raised in an export process and pickled back
        self.text = text
        self.retry_after = retry_after

    def __str__(self) -> str:
        return self.text

    def swedish(self) -> str:
        return self.text


def _descendants(pid: int) -> list[int]:
    found, stack = [], [pid]
    while stack:
        for task in Path(f"/proc/{stack.pop()}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                kids = [int(k) for k in task.read_text().split()]
                found += kids
                stack += kids
    return found


def _lower_process(pid: int, nice: int) -> None:
    """Every thread of process `pid` at least at `nice` (on Linux, nice is per thread)."""
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError, ValueError):
            if os.getpriority(os.PRIO_PROCESS, int(task.name)) < nice:
                os.setpriority(os.PRIO_PROCESS, int(task.name), nice)


def _lower_children() -> None:
    """Chromium resets the priority it was started with: put every thread of the processes this one started
    back at this export process's priority (so a chart being drawn never outranks a page)."""
    if not sys.platform.startswith("linux"):
        return
    nice = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    for pid in _descendants(os.getpid()):
        _lower_process(pid, nice)


def _start_export_process(parent: int) -> None:
    """The pool's initializer, in the export process: a lower priority, and gone when its parent is."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in a terminal is for the server, which stops the lane
    if sys.platform.startswith("linux"):  # threads started later inherit the main thread's value
        _lower_process(os.getpid(), os.getpriority(os.PRIO_PROCESS, 0) + NICE)
    threading.Thread(target=_leave_with, args=(parent,), name="parent-watch", daemon=True).start()
    atexit.register(_close_renderer)


def _leave_with(parent: int) -> None:
    """A parent killed outright (SIGKILL, OOM) cannot stop its export processes: they stop themselves."""
    while os.getppid() == parent:
        time.sleep(1)
    _kill_tree(os.getpid(), itself=False)
    os._exit(0)


def _close_renderer() -> None:
    render = sys.modules.get("dashboard.exports.render")
    if render is not None:
        render.RENDERER.close()


def _kill_tree(pid: int, itself: bool = True) -> None:
    for each in _descendants(pid) + ([pid] if itself else []):
        with contextlib.suppress(OSError):
            os.kill(each, signal.SIGKILL)


def _job(make: Callable[..., R], args: tuple) -> tuple[int, float, R]:
    """In the export process: (its pid, seconds taken, make(*args))."""
    began = time.perf_counter()
    try:
        value = make(*args)
        return os.getpid(), time.perf_counter() - began, value
    finally:
        _lower_children()


@dataclass(frozen=True)
class Source:
    """Where an export process finds the data: the DuckDB file at the version the request validated against."""

    path: str
    workspace_url: str | None
    version: tuple[int, int]

    @classmethod
    def of(cls, db: Reader) -> Source:
        workspace = getattr(db, "workspace", None)
        return cls(str(db.path), workspace.url if workspace is not None else None, db.version)  # type: ignore[attr-defined]


_OPENED: dict[tuple[str, str | None], Database] = {}  # in an export process: its one Database per file


def _with_database(source: Source, make: Callable[..., R], args: tuple) -> R:
    """In the export process: make(snapshot, *args) on the file's version the request was validated against."""
    from dashboard.db import Database

    db = _OPENED.get((source.path, source.workspace_url))
    if db is None:
        from dashboard.workspace.store import Workspace

        workspace = Workspace(source.workspace_url) if source.workspace_url else None
        db = _OPENED[(source.path, source.workspace_url)] = Database(Path(source.path), workspace=workspace)
    snapshot = db.snapshot()
    if snapshot.version != source.version:
        raise LaneFailed(CHANGED, 1)
    return make(snapshot, *args)


def _warm_renderer() -> None:
    """In the export process: import the exports and start chromium now, so the first export does not wait."""
    from dashboard.exports import render, routes  # noqa: F401 - the imports an export needs

    render.RENDERER.start()


class ExportLane:
    """A bounded pool of export processes: `run(make, *args)` does `make(*args)` in one, or raises LaneFull."""

    def __init__(self, workers: int, queue: int):
        self.workers = workers
        self.capacity = workers + queue
        self._lock = threading.Lock()  # the admission count
        self._pool_lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._pool_owner: int | None = None  # the pid that started the pool: a forked worker starts its own
        self._warmed: ProcessPoolExecutor | None = None
        self._in_lane = 0
        self._durations: deque[float] = deque(maxlen=20)
        self.last_pid: int | None = None  # the export process that made the last file

    @property
    def in_lane(self) -> int:
        return self._in_lane

    def pids(self) -> list[int]:
        """The export processes running now."""
        pool = self._pool
        return list(getattr(pool, "_processes", None) or {}) if pool is not None else []

    def retry_after(self) -> int:
        """Seconds until a place is likely free: the lane's work ahead at the recent pace (1–60)."""
        pace = sorted(self._durations)[len(self._durations) // 2] if self._durations else 1.0
        return max(1, min(60, math.ceil(self._in_lane * pace / self.workers)))

    def run(self, make: Callable[..., R], *args: Any) -> R:
        """`make(*args)` in an export process; `make` and `args` must pickle (a module's function, plain data)."""
        with self._lock:
            if self._in_lane >= self.capacity:
                raise LaneFull(self._in_lane, self.retry_after())
            self._in_lane += 1
        try:
            return self._run(make, args)
        finally:
            with self._lock:
                self._in_lane -= 1

    def run_on(self, db: Reader, make: Callable[..., R], *args: Any) -> R:
        """`make(db, *args)` in an export process, on its own read-only connection to the same database version."""
        return self.run(_with_database, Source.of(db), make, args)

    def warm_up(self) -> None:
        """Start this process's export processes and their chromium in the background (once per pool)."""
        pool = self._current_pool()
        if self._warmed is pool:
            return
        self._warmed = pool
        with contextlib.suppress(RuntimeError):  # a pool replaced meanwhile: the next request warms its successor
            for _ in range(self.workers):
                pool.submit(_job, _warm_renderer, ())

    def close(self) -> None:
        """Stop the export processes (tests and shutdown)."""
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def _run(self, make: Callable[..., R], args: tuple) -> R:
        pool = self._current_pool()
        try:
            future = pool.submit(_job, make, args)
        except RuntimeError:  # broken or replaced before this job was handed over: nothing ran, so hand it on
            self._replace(pool, "an export process was lost before an export was handed over")
            pool = self._current_pool()
            future = pool.submit(_job, make, args)
        try:
            pid, seconds, value = future.result(WAIT_LIMIT)
        except FutureTimeout:
            if not future.cancel():  # handed to an export process that has not answered: stuck, replace it
                self._replace(pool, f"an export process gave no answer in {WAIT_LIMIT:.0f} s")
            text = f"Filen blev inte klar inom {WAIT_LIMIT:.0f} sekunder (exporterna är hårt belastade). Försök igen senare."
            raise LaneFailed(text, 30) from None
        except BrokenProcessPool:
            self._replace(pool, "an export process died")
            raise LaneFailed(CRASHED, 2) from None
        self.last_pid = pid
        self._durations.append(seconds)
        return value

    def _current_pool(self) -> ProcessPoolExecutor:
        with self._pool_lock:
            if self._pool is None or self._pool_owner != os.getpid():
                self._pool = ProcessPoolExecutor(
                    self.workers,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_start_export_process,
                    initargs=(os.getpid(),),
                )
                self._pool_owner = os.getpid()
            return self._pool

    def _replace(self, pool: ProcessPoolExecutor, why: str) -> None:
        """Drop a broken or stuck pool (its processes and their chromium killed); the next export starts a fresh one."""
        with self._pool_lock:
            if self._pool is not pool:
                return  # another request replaced it already
            self._pool = None
        log.error("%s; the next export starts a new one", why)
        for pid in list(getattr(pool, "_processes", None) or {}):  # Python 3.11 has no public way to kill them
            _kill_tree(pid)
        pool.shutdown(wait=False, cancel_futures=True)


def lane_size() -> tuple[int, int]:
    """(workers, queue places) from LAGET_EXPORT_WORKERS and LAGET_EXPORT_QUEUE."""
    return _env_int("LAGET_EXPORT_WORKERS", 1, 1), _env_int("LAGET_EXPORT_QUEUE", 16, 0)


LANE = ExportLane(*lane_size())
atexit.register(LANE.close)  # its queues freed before exit (else multiprocessing warns of leaked semaphores)
