"""Shared fixtures: the database built from the embedded default, and the app served on a free port."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from etl.build import build
from etl.paths import DATA_DIR

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).parent / "screenshots"


@pytest.fixture(scope="session")
def built_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real database, built once per test session from data/."""
    path = tmp_path_factory.mktemp("db") / "laget.duckdb"
    build(path, DATA_DIR)
    return path


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/ (config, areas, snapshot) to break on purpose."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target, ignore=shutil.ignore_patterns("*.duckdb*", "cache"))
    return target


@pytest.fixture(scope="session")
def live_server(built_db: Path) -> Iterator[str]:
    """The Dash app over the built database, served by werkzeug in a thread; yields its base URL."""
    from dashboard.app import create_app

    app = create_app(built_db)
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Debian's chromium, never a downloaded browser; flags for a closed network."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def console_errors(page) -> list[str]:
    """Every console error and uncaught page error the test's page reports."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors
