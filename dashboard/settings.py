"""Settings from the environment: LAGET_DB (database file), PORT, HOST; LAGET_TODAY is checked here (core.clock)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from core import clock
from core.paths import database_path


@dataclass(frozen=True)
class Settings:
    db_path: Path
    host: str
    port: int

    @classmethod
    def from_env(cls) -> Settings:
        port = os.environ.get("PORT", "8050")
        if not port.isdigit() or not 0 < int(port) < 65536:
            raise SystemExit(f"PORT must be a port number 1–65535, got {port!r}")
        try:
            clock.today()  # LAGET_TODAY, when set, must be a date before any page judges what is late
        except ValueError as exc:
            raise SystemExit(str(exc)) from None
        return cls(db_path=database_path(), host=os.environ.get("HOST", "127.0.0.1"), port=int(port))
