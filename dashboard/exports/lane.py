"""The export lane: exports run on a few low-priority threads of their own, never on the threads pages need.

Per process at most `LAGET_EXPORT_WORKERS` exports run at a time (default 1: a Kaleido server draws one
figure at a time anyway) and at most `LAGET_EXPORT_QUEUE` more wait (default 16). A request beyond that is
answered at once with HTTP 503, `Retry-After` and a Swedish sentence (`LaneFull`), instead of holding a
thread. The lane's threads run at a lower CPU priority (nice 10 on Linux), and so does the chromium the
first export starts from them, so a page still gets the cores while exports are drawn. gunicorn gives
each worker its page threads plus the lane's capacity (dashboard/gunicorn_conf.py).
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

R = TypeVar("R")

NICE = 10  # added to the lane threads' nice value: the scheduler prefers the page threads
WAIT_LIMIT = 120.0  # s a queued export may wait before it gives up (as gunicorn's worker timeout)


def _env_int(name: str, default: int, low: int) -> int:
    value = os.environ.get(name, str(default))
    if not (value.isascii() and value.isdigit()) or int(value) < low:
        raise SystemExit(f"{name} must be a whole number ≥ {low}, got {value!r}")
    return int(value)


class LaneFull(RuntimeError):
    """Every export slot and queue place of this process is taken; try again in `retry_after` seconds."""

    def __init__(self, waiting: int, retry_after: int):
        super().__init__(f"{waiting} exports in the lane")
        self.waiting = waiting
        self.retry_after = retry_after

    def swedish(self) -> str:
        return (
            f"Exporterna är fullt upptagna just nu ({self.waiting} filer görs eller väntar). "
            f"Försök igen om {self.retry_after} sekunder."
        )


def _lower_priority() -> None:
    """Run this thread (and what it starts: chromium) at a lower priority; on Linux nice is per thread."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), os.getpriority(os.PRIO_PROCESS, 0) + NICE)


def _descendants(pid: int) -> list[int]:
    found, stack = [], [pid]
    while stack:
        for task in Path(f"/proc/{stack.pop()}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                kids = [int(k) for k in task.read_text().split()]
                found += kids
                stack += kids
    return found


def _lower_children() -> None:
    """Chromium resets the priority it was started with: put every thread of the processes this one started
    back at the lane's priority (so a chart being drawn never outranks a page)."""
    if not sys.platform.startswith("linux"):
        return
    lane = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    for pid in _descendants(os.getpid()):
        for task in Path(f"/proc/{pid}/task").glob("*"):
            with contextlib.suppress(OSError, ValueError):
                if os.getpriority(os.PRIO_PROCESS, int(task.name)) < lane:
                    os.setpriority(os.PRIO_PROCESS, int(task.name), lane)


class ExportLane:
    """A bounded pool: `run(make)` does `make()` on a lane thread, or raises LaneFull when the lane is full."""

    def __init__(self, workers: int, queue: int):
        self.workers = workers
        self.capacity = workers + queue
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="export-lane", initializer=_lower_priority)
        self._lock = threading.Lock()
        self._in_lane = 0
        self._durations: deque[float] = deque(maxlen=20)

    @property
    def in_lane(self) -> int:
        return self._in_lane

    def retry_after(self) -> int:
        """Seconds until a place is likely free: the lane's work ahead at the recent pace (1–60)."""
        pace = sorted(self._durations)[len(self._durations) // 2] if self._durations else 1.0
        return max(1, min(60, math.ceil(self._in_lane * pace / self.workers)))

    def run(self, make: Callable[[], R]) -> R:
        with self._lock:
            if self._in_lane >= self.capacity:
                raise LaneFull(self._in_lane, self.retry_after())
            self._in_lane += 1
        try:
            return self._pool.submit(self._timed, make).result(WAIT_LIMIT)
        finally:
            with self._lock:
                self._in_lane -= 1

    def submit(self, work: Callable[[], object]) -> None:
        """Start background work on a lane thread (the renderer's warm-up), outside the admission count."""
        self._pool.submit(work)

    def _timed(self, make: Callable[[], R]) -> R:
        began = time.perf_counter()
        try:
            return make()
        finally:
            self._durations.append(time.perf_counter() - began)
            _lower_children()


def lane_size() -> tuple[int, int]:
    """(workers, queue places) from LAGET_EXPORT_WORKERS and LAGET_EXPORT_QUEUE."""
    return _env_int("LAGET_EXPORT_WORKERS", 1, 1), _env_int("LAGET_EXPORT_QUEUE", 16, 0)


LANE = ExportLane(*lane_size())
