"""The publication schedule: next expected period and date, stale or not."""

from __future__ import annotations

import datetime as dt

import pytest

from core.period import Frequency, Period
from core.schedule import Schedule

CASES = [
    # cadence, lag, latest, next period, due date
    (Frequency.YEARLY, 270, "2022", "2023", dt.date(2024, 9, 26)),
    (Frequency.MONTHLY, 45, "2023-12", "2024-01", dt.date(2024, 3, 16)),
    (Frequency.MONTHLY, 0, "2024-01", "2024-02", dt.date(2024, 2, 29)),
    (Frequency.QUARTERLY, 75, "2023K4", "2024K1", dt.date(2024, 6, 14)),
]


@pytest.mark.parametrize(("cadence", "lag", "latest", "following", "due"), CASES)
def test_next_expected_and_stale(cadence, lag, latest, following, due):
    schedule = Schedule(cadence, lag)
    upcoming, when = schedule.next_expected(latest)
    assert (str(upcoming), when) == (following, due)
    assert schedule.next_expected(Period.parse(latest)) == (upcoming, when)
    assert not schedule.is_stale(latest, due)  # due today: not yet late
    assert schedule.is_stale(latest, due + dt.timedelta(days=1))


def test_nothing_loaded_is_stale():
    assert Schedule(Frequency.YEARLY, 270).is_stale(None, dt.date(2000, 1, 1))


def test_description_in_swedish():
    assert Schedule(Frequency.MONTHLY, 45).description == "publiceras månadsvis, cirka 45 dagar efter periodens slut"
    assert Schedule(Frequency("yearly"), 270).description == "publiceras årligen, cirka 270 dagar efter periodens slut"
