"""Many concurrent clients against gunicorn on loopback for a bounded time: a mix of page loads (the HTML
shell and the page router's callback), page callbacks and exports. Throughput, p95, errors, and each worker's
peak memory as PSS (shared pages counted as a share: the fair figure with gunicorn's preload) and RSS.
"""

from __future__ import annotations

import contextlib
import random
import threading
import time
from dataclasses import dataclass, field

import requests

from bench.callbacks import ERROR_TEXT, UPDATE, Call, router_body
from bench.report import Figure, timing
from bench.server import memory_mb, workers

CLIENTS = 50
SECONDS = 60
P95_MS = 500
WORKER_MB = 300


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    times: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def add(self, kind: str, seconds: float, error: str = "") -> None:
        with self.lock:
            self.times.setdefault(kind, []).append(seconds)
            if error:
                self.errors.append(f"{kind}: {error}")


def _request(session: requests.Session, base: str, kind: str, target: str | dict) -> str:
    if isinstance(target, dict):
        response = session.post(base + UPDATE, json=target, timeout=60)
    else:
        response = session.get(base + target, timeout=60)
    if response.status_code >= 400:
        return f"HTTP {response.status_code} {target if isinstance(target, str) else kind}"
    if kind == "page callback" and ERROR_TEXT in response.text:
        return "the page showed its error message"
    return ""


def run(
    base: str,
    master: int,
    urls: list[str],
    calls: list[Call],
    exports: list[str],
    clients: int = CLIENTS,
    seconds: float = SECONDS,
) -> list[Figure]:
    """Drive the server; each client picks: 45 % router callback, 30 % HTML shell, 20 % page callback, 5 % export."""
    tally = Tally()
    stop = time.monotonic() + seconds
    memory: dict[int, tuple[float, float]] = {}  # worker pid → peak (PSS, RSS)

    def client(n: int) -> None:
        rng = random.Random(n)
        session = requests.Session()
        while time.monotonic() < stop:
            roll = rng.random()
            if roll < 0.05 and exports:
                kind, target = "export", rng.choice(exports)
            elif roll < 0.25 and calls:
                kind, target = "page's own callback", rng.choice(calls).body
            elif roll < 0.55:
                kind, target = "page load (HTML shell)", rng.choice(urls)
            else:
                kind, target = "page callback", router_body(rng.choice(urls))
            started = time.perf_counter()
            try:
                error = _request(session, base, kind, target)
            except requests.RequestException as exc:
                error = type(exc).__name__
            tally.add(kind, time.perf_counter() - started, error)

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        for pid in workers(master):
            with contextlib.suppress(FileNotFoundError):
                pss, rss = memory_mb(pid)
                before = memory.get(pid, (0.0, 0.0))
                memory[pid] = (max(before[0], pss), max(before[1], rss))
        time.sleep(0.5)
    elapsed = time.perf_counter() - began
    every = [s for times in tally.times.values() for s in times]
    errors = len(tally.errors)
    first = f"; first: {tally.errors[0]}" if tally.errors else ""
    figures = [
        Figure(
            f"concurrency: {clients} clients for {seconds:g} s, throughput",
            "req/s",
            len(every) / elapsed,
            note=f"{len(every)} requests",
        ),
        timing(f"concurrency: {clients} clients, every request", every, P95_MS),
        Figure(
            f"concurrency: {clients} clients, errors",
            "",
            errors,
            None,
            "max",
            "0",
            errors == 0,
            f"{errors} of {len(every)}{first}",
        ),
    ]
    figures += [timing(f"concurrency: {kind}", times) for kind, times in sorted(tally.times.items())]
    if memory:
        for i, kind in enumerate(("PSS", "RSS")):
            peak = sorted(m[i] for m in memory.values())
            judged = kind == "PSS"  # the target is on PSS; RSS counts the shared code once in every worker
            figures.append(
                Figure(
                    f"concurrency: {kind} per gunicorn worker (peak)",
                    "MB",
                    peak[len(peak) // 2],
                    peak[-1],
                    "max",
                    f"≤ {WORKER_MB} MB" if judged else "",
                    peak[-1] <= WORKER_MB if judged else None,
                    f"{len(peak)} workers: " + ", ".join(f"{m:.0f}" for m in peak),
                )
            )
    return figures
