"""Shared fixtures of the report tests: a read-only connection to the built database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest


@pytest.fixture(scope="module")
def con(built_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(built_db), read_only=True)
    yield connection
    connection.close()
