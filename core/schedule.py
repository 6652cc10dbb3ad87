"""The publication schedule of a source: how often it publishes and how long after a period ends.

The next period is due when the period after the latest one has ended plus the source's lag; a source is
stale when that day lies before today.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.period import Frequency, Period


@dataclass(frozen=True)
class Schedule:
    cadence: Frequency
    lag_days: int

    def next_expected(self, latest: str | Period) -> tuple[Period, dt.date]:
        """The period after `latest` and the day it should be published."""
        upcoming = Period.parse(latest).next
        return upcoming, upcoming.end_date + dt.timedelta(days=self.lag_days)

    def is_stale(self, latest: str | Period | None, today: dt.date) -> bool:
        """True when the period after `latest` should have been published before `today` (or nothing is loaded)."""
        return latest is None or self.next_expected(latest)[1] < today

    @property
    def description(self) -> str:
        """ "publiceras månadsvis, cirka 45 dagar efter periodens slut" """
        return f"publiceras {Frequency(self.cadence).label}, cirka {self.lag_days} dagar efter periodens slut"
