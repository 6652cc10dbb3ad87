"""The workspace suite runs against SQLite and a real PostgreSQL (Debian's postgresql-15, started per session)."""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.workspace.store import Workspace

PG_BINS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: p.parent.name != "15")  # 15 first
_databases = itertools.count()


def _as_postgres(args: list[str]) -> list[str]:
    """initdb refuses to run as root: run the server's commands as the `postgres` user then."""
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A PostgreSQL server in a temporary folder on a free port; yields its base URL."""
    if not PG_BINS or not (PG_BINS[0] / "initdb").exists():
        pytest.skip("PostgreSQL is not installed (/usr/lib/postgresql/15/bin); `make test` installs postgresql-15")
    bin_dir = PG_BINS[0]
    root = Path(tempfile.mkdtemp(prefix="laget-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    data, port = root / "data", _free_port()
    subprocess.run(
        _as_postgres([str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"]),
        check=True,
        capture_output=True,
    )
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    pg_ctl = [str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-w"]
    subprocess.run(_as_postgres([*pg_ctl, "-o", options, "start"]), check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(_as_postgres([*pg_ctl, "-m", "immediate", "stop"]), capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def workspace_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL to a new, empty store: a SQLite file, or a fresh database on the PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'workspace.sqlite'}"
    import psycopg

    base = request.getfixturevalue("postgres_server")
    name = f"ws_{os.getpid()}_{next(_databases)}"
    with psycopg.connect(base.replace("postgresql+psycopg", "postgresql") + "/postgres", autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}")
    return f"{base}/{name}"


@pytest.fixture
def store(workspace_url: str) -> Workspace:
    ws = Workspace(workspace_url)
    ws.migrate()
    return ws


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id at its lowest cost in tests: the same code path, without seconds per hash on a busy machine."""
    from argon2 import PasswordHasher

    from dashboard.workspace import accounts

    monkeypatch.setattr(accounts, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
