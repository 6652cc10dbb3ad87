"""The per-version memo of dashboard/db.py: results are reused, the memo stays bounded, a new version is warmed."""

from __future__ import annotations

import threading
from pathlib import Path

from dashboard import fulfilment, queries
from dashboard.db import Database, Snapshot, cached_query
from dashboard.warm import warm


def test_memo_reuses_results_and_drops_the_least_recently_used_of_a_kind(built_db: Path):
    db = Database(built_db)
    calls: list[str] = []

    def compute(key: str):
        return lambda: calls.append(key) or key.upper()

    assert [db.cached(("page", k), compute(k), 3) for k in "abc"] == ["A", "B", "C"]
    assert db.cached(("page", "a"), compute("a"), 3) == "A"  # reused, and now the most recently used
    db.cached(("other", "x"), compute("x"), 3)  # another kind has its own room
    db.cached(("page", "d"), compute("d"), 3)  # a fourth page pushes out "b", the least recently used
    db.cached(("page", "a"), compute("a"), 3)
    db.cached(("other", "x"), compute("x"), 3)
    db.cached(("page", "b"), compute("b"), 3)
    assert calls == ["a", "b", "c", "x", "d", "b"]


def test_a_decorated_query_keys_on_its_arguments_or_on_what_key_names(built_db: Path):
    db = Database(built_db)
    calls: list[tuple] = []

    @cached_query
    def scaled(db, value: int, factor: int = 2) -> int:
        calls.append((value, factor))
        return value * factor

    @cached_query(key=lambda view: (view["region"],))
    def page(db, view: dict) -> str:
        calls.append(("page", view["region"]))
        return f"page {view['region']}"

    assert [scaled(db, 3), scaled(db, 3, factor=2), scaled(db, 3, 5)] == [6, 6, 15]  # defaults filled in: one result
    assert page(db, {"region": "23", "notes": ["a"]}) == page(db, {"region": "23", "notes": []}) == "page 23"
    assert page(db, {"region": "06", "notes": []}) == "page 06"
    assert calls == [(3, 2), (3, 5), ("page", "23"), ("page", "06")]


def test_a_new_version_is_warmed_in_the_background(built_db: Path, monkeypatch):
    db = Database(built_db, warm=warm)
    db.snapshot()  # opens the file; the warm-up starts
    for thread in threading.enumerate():
        if thread.name == "warm-memo":
            thread.join(timeout=30)
    ran: list[str] = []
    inner = Snapshot.query
    monkeypatch.setattr(Snapshot, "query", lambda self, sql, params=None: ran.append(sql) or inner(self, sql, params))
    for region in queries.regions(db)["region_code"]:
        for goal_set in queries.goal_sets(db, region)["goal_set"]:
            assert fulfilment.default_year(db, region, goal_set) is not None
    assert ran == []  # every goal set's fulfilment came from the warmed memo
