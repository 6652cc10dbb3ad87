"""Where the project keeps its data; the database file can be moved with `LAGET_DB`."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"


def database_path() -> Path:
    """The DuckDB file the ETL writes and the app reads: `LAGET_DB` or data/laget.duckdb."""
    return Path(os.environ.get("LAGET_DB") or DATA_DIR / "laget.duckdb")
