"""The pages' read path for judgements, comments and edited targets: the workspace when the app has one, else the goal files.

The goal files (in DuckDB, built by the ETL) seed an empty workspace once; after that the workspace is
the truth, and `differences` says where the files and the workspace disagree. Results are cached per
DuckDB version and workspace version (`Database.cached`), so an edit shows on the next request.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from core.enums import RIKET
from dashboard import queries
from dashboard.db import Database, cached_query
from dashboard.workspace.store import Workspace

JUDGEMENT_COLUMNS = ["goal_key", "position", "year", "status", "words", "source", "line", "reason", "record_id", "version"]
COMMENT_COLUMNS = ["indicator_id", "area_code", "period", "text", "author", "created_at", "record_id", "version"]


def judgement_id(goal_key: str, position: int, year: int) -> str:
    return f"{goal_key}#{position}@{year}"


def comment_region(area_code: str) -> str:
    """The region a comment belongs to: a län's or kommun's own; riket's belong to no region (administrators)."""
    return RIKET if area_code == RIKET else area_code[:2]


def judgements(db: Database, region_code: str, goal_set: str, per: dt.date | None = None) -> pd.DataFrame:
    """The recorded judgements of a goal set, per target and year (as they were at the end of `per`)."""
    if _workspace(db) is None:
        frame = queries.judgements(db, region_code, goal_set)
        return frame.assign(reason="", record_id=None, version=0)
    return _workspace_judgements(db, region_code, goal_set, per)


@cached_query
def _workspace_judgements(db: Database, region_code: str, goal_set: str, per: dt.date | None) -> pd.DataFrame:
    """`judgements` from the workspace (seeded: only called once `_workspace` gave one)."""
    prefix = f"{region_code}/{goal_set}/"
    rows = [
        {**v.data, "reason": v.data.get("reason", ""), "record_id": v.record_id, "version": v.version}
        for v in db.workspace.current("judgement", region_code, per)
        if v.data["goal_key"].startswith(prefix)
    ]
    return pd.DataFrame(rows, columns=JUDGEMENT_COLUMNS)


def target_id(goal_key: str, position: int) -> str:
    return f"{goal_key}#{position}"


def targets(db: Database, region_code: str, goal_set: str, per: dt.date | None = None) -> dict[tuple[str, int], dict]:
    """The goal set's targets edited in the workspace, per (goal, position) (as they were at the end of `per`).

    A target without a workspace version is the goal file's; the workspace seeds none.
    """
    if _workspace(db) is None:
        return {}
    return _workspace_targets(db, region_code, goal_set, per)


@cached_query
def _workspace_targets(db: Database, region_code: str, goal_set: str, per: dt.date | None) -> dict[tuple[str, int], dict]:
    """`targets` from the workspace (seeded: only called once `_workspace` gave one)."""
    prefix = f"{region_code}/{goal_set}/"
    return {
        (v.data["goal_key"], int(v.data["position"])): {**v.data, "record_id": v.record_id, "version": v.version}
        for v in db.workspace.current("target", region_code, per)
        if v.data["goal_key"].startswith(prefix)
    }


def comments_for(
    db: Database, indicator_ids: tuple[str, ...], area_codes: tuple[str, ...], per: dt.date | None = None
) -> pd.DataFrame:
    """The comments on these indicators in these areas, oldest first (as they were at the end of `per`)."""
    if _workspace(db) is None:
        every = queries.comments_for(db, indicator_ids, area_codes).assign(record_id=None, version=0)
    else:
        every = _workspace_comments(db, per)
        every = every[every["indicator_id"].isin(indicator_ids) & every["area_code"].isin(area_codes)]
    if per is not None:  # a comment dated after `per` was not yet written (the goal files' comments carry a date)
        every = every[~(pd.to_datetime(every["created_at"]).dt.date > per)]
    return every.reset_index(drop=True)


@cached_query
def _workspace_comments(db: Database, per: dt.date | None) -> pd.DataFrame:
    """Every comment in the workspace (as it was at the end of `per`), oldest first."""
    rows = [{**v.data, "record_id": v.record_id, "version": v.version} for v in db.workspace.current("comment", per=per)]
    frame = pd.DataFrame(rows, columns=COMMENT_COLUMNS)
    frame["created_at"] = pd.to_datetime(frame["created_at"])
    return frame.sort_values("created_at", kind="stable").reset_index(drop=True)


def _workspace(db: Database) -> Workspace | None:
    """The app's workspace, seeded from the goal files on first use (when the database was built after start)."""
    ws = getattr(db, "workspace", None)
    if ws is not None and not ws.is_seeded():
        seed(ws, db)
    return ws


def seed(ws: Workspace, db: Database) -> bool:
    """Fill an empty workspace with the goal files' judgements and comments (once; False when already seeded)."""
    found = queries.all_judgements(db)
    judged = [
        (
            judgement_id(j.goal_key, int(j.position), int(j.year)),
            j.region_code,
            _judgement_data(j.goal_key, int(j.position), int(j.year), j.status, j.words, j.source, j.line),
        )
        for j in found.itertuples()
    ]
    said = [
        (
            f"{c.indicator_id}|{c.area_code}|{c.period}|{i}",
            comment_region(c.area_code),
            {
                "indicator_id": c.indicator_id,
                "area_code": c.area_code,
                "period": c.period,
                "text": c.text,
                "author": c.author,
                "created_at": None if pd.isna(c.created_at) else pd.Timestamp(c.created_at).date().isoformat(),
            },
        )
        for i, c in enumerate(queries.all_comments(db).itertuples())
    ]
    return ws.seed(judged, said)


def _judgement_data(
    goal_key: str, position: int, year: int, status: str, words: str, source: str, line, reason: str = ""
) -> dict:
    return {
        "goal_key": goal_key,
        "position": position,
        "year": year,
        "status": status,
        "words": words,
        "source": source,
        "line": None if line is None or pd.isna(line) else int(line),
        "reason": reason,
    }


def differences(db: Database, region_code: str, goal_set: str) -> int:
    """How many judgements (per target and year) differ between the goal files and the workspace."""
    if _workspace(db) is None:
        return 0
    return _differences(db, region_code, goal_set)


@cached_query
def _differences(db: Database, region_code: str, goal_set: str) -> int:
    """`differences` with a workspace."""
    fields = ("status", "words", "source")
    files = {
        judgement_id(j.goal_key, int(j.position), int(j.year)): tuple(getattr(j, f) for f in fields)
        for j in queries.judgements(db, region_code, goal_set).itertuples()
    }
    current = {j.record_id: tuple(getattr(j, f) for f in fields) for j in judgements(db, region_code, goal_set).itertuples()}
    return sum(1 for key in files.keys() | current.keys() if files.get(key) != current.get(key))
