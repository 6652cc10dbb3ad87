"""Today's date for everything that judges time (a stale source, an overdue publication): one clock.

`LAGET_TODAY=2026-12-02` fixes the date (tests, demos, reproducing a report); otherwise it is the system's.
"""

from __future__ import annotations

import datetime as dt
import os


def today() -> dt.date:
    """`LAGET_TODAY` when set, else the system date; a value that is not YYYY-MM-DD raises ValueError naming it."""
    value = os.environ.get("LAGET_TODAY", "").strip()
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"LAGET_TODAY must be a date YYYY-MM-DD, got {value!r}") from None
