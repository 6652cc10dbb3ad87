"""The app under gunicorn, as `make serve-prod` runs it, on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

from dashboard import gunicorn_conf

WORKERS = gunicorn_conf.workers


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def memory_mb(pid: int) -> tuple[float, float]:
    """(PSS, RSS) of a process in MB, from /proc/<pid>/smaps_rollup: PSS counts pages shared with the other
    workers (the code gunicorn's preload imported before forking) as a share, RSS counts them whole."""
    values = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("Pss", "Rss"):
            values[key] = int(rest.split()[0]) / 1024
    return values.get("Pss", 0.0), values.get("Rss", 0.0)


def workers(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(p) for p in children.read_text().split()] if children.exists() else []


@contextmanager
def gunicorn(db_path: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """Yield (base URL, master process) of gunicorn serving the app over `db_path`; stop it afterwards."""
    port = _free_port()
    bin_dir = Path(sys.executable).parent
    command = [
        str(bin_dir / "gunicorn"),
        "--no-control-socket",
        "-c",
        "python:dashboard.gunicorn_conf",  # the settings of `make serve-prod`
        "-b",
        f"127.0.0.1:{port}",
        "dashboard.wsgi:server",
    ]
    env = os.environ | {"LAGET_DB": str(db_path)}
    log = open(db_path.with_name("gunicorn.log"), "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(base + "/", timeout=5).status_code == 200 and len(workers(proc.pid)) >= WORKERS:
                    break
            except requests.ConnectionError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start; see {log.name}")
            time.sleep(0.2)
        yield base, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
