"""The per-version memo of dashboard/db.py: results are reused, and the memo stays bounded."""

from __future__ import annotations

from pathlib import Path

from dashboard.db import Database


def test_memo_reuses_results_and_drops_the_least_recently_used(built_db: Path, monkeypatch):
    db = Database(built_db)
    monkeypatch.setattr(Database, "MEMO_ENTRIES", 3)
    calls: list[str] = []

    def compute(key: str):
        return lambda: calls.append(key) or key.upper()

    assert [db.cached((k,), compute(k)) for k in "abc"] == ["A", "B", "C"]
    assert db.cached(("a",), compute("a")) == "A"  # reused, and now the most recently used
    db.cached(("d",), compute("d"))  # a fourth entry pushes out "b", the least recently used
    db.cached(("a",), compute("a"))
    db.cached(("b",), compute("b"))
    assert calls == ["a", "b", "c", "d", "b"]
