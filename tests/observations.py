"""One observation of a built database, read the way the tests check it: by indicator, area, period and sex."""

from __future__ import annotations

import duckdb

KEY = "indicator_id = ? AND area_code = ? AND period = ? AND sex = ?"


def latest(con: duckdb.DuckDBPyConnection, indicator_id: str, area_code: str, period: str, sex: str = "T") -> tuple | None:
    """The newest vintage's `(value,)` from the table `latest`, or None when there is none."""
    return con.execute(f"SELECT value FROM latest WHERE {KEY}", [indicator_id, area_code, period, sex]).fetchone()


def vintages(con: duckdb.DuckDBPyConnection, indicator_id: str, area_code: str, period: str, sex: str = "T") -> list[tuple]:
    """Every vintage's `(value,)` from the table `observations`, oldest run first."""
    sql = f"SELECT value FROM observations WHERE {KEY} ORDER BY run_id"
    return con.execute(sql, [indicator_id, area_code, period, sex]).fetchall()
