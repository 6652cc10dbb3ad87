"""Periods: parsing, the Swedish labels, dates, order and the frequency check."""

from __future__ import annotations

import datetime as dt

import pytest

from core.period import Frequency, Period, PeriodError, check_frequency, long_date, period_label

CASES = [
    # code, frequency, label, long label, end date, next, time, chart x
    ("2016", Frequency.YEARLY, "2016", "2016", dt.date(2016, 12, 31), "2017", 2016.0, 2016),
    ("2016-01", Frequency.MONTHLY, "jan 2016", "januari 2016", dt.date(2016, 1, 31), "2016-02", 2016.0, "2016-01-01"),
    ("2016-02", Frequency.MONTHLY, "feb 2016", "februari 2016", dt.date(2016, 2, 29), "2016-03", 2016 + 1 / 12, "2016-02-01"),
    ("2016-10", Frequency.MONTHLY, "okt 2016", "oktober 2016", dt.date(2016, 10, 31), "2016-11", 2016 + 9 / 12, "2016-10-01"),
    ("2023-12", Frequency.MONTHLY, "dec 2023", "december 2023", dt.date(2023, 12, 31), "2024-01", 2023 + 11 / 12, "2023-12-01"),
    ("2016K1", Frequency.QUARTERLY, "kv 1 2016", "kv 1 2016", dt.date(2016, 3, 31), "2016K2", 2016.0, "2016-01-01"),
    ("2016K4", Frequency.QUARTERLY, "kv 4 2016", "kv 4 2016", dt.date(2016, 12, 31), "2017K1", 2016.75, "2016-10-01"),
]


@pytest.mark.parametrize(("code", "frequency", "label", "long_label", "end", "following", "time", "x"), CASES)
def test_a_period_reads_and_writes_its_code(code, frequency, label, long_label, end, following, time, x):
    period = Period.parse(code)
    assert str(period) == code
    assert period.frequency is frequency
    assert period.year == int(code[:4])
    assert period.label == label
    assert period.long_label == long_label
    assert period.end_date == end
    assert str(period.next) == following
    assert period.time == pytest.approx(time)
    assert period.x == x


@pytest.mark.parametrize(
    "text", ["", "16", "2016-13", "2016-00", "2016-1", "2016K5", "2016K0", "2016M01", "2016Q4", " 2016", "2016\n"]
)
def test_anything_else_is_a_period_error_naming_the_text(text):
    with pytest.raises(PeriodError, match="must look like 2016, 2016-10 or 2016K4") as error:
        Period.parse(text)
    assert repr(text) in str(error.value)


def test_a_period_that_does_not_exist_cannot_be_made():
    with pytest.raises(PeriodError):
        Period(2016, Frequency.QUARTERLY, 5)


def test_periods_are_frozen_hashable_and_ordered_by_time():
    codes = ["2017", "2016-12", "2016K4", "2016-01", "2016", "2015K2"]
    assert [str(p) for p in sorted(map(Period.parse, codes))] == ["2015K2", "2016-01", "2016", "2016K4", "2016-12", "2017"]
    assert Period.parse("2016-10") == Period(2016, Frequency.MONTHLY, 10)
    assert len({Period.parse("2016"), Period.parse("2016"), Period.parse("2016K4")}) == 2
    assert max(["2023-11", "2024-01", "2023-12"], key=Period.parse) == "2024-01"
    with pytest.raises(AttributeError):
        Period.parse("2016").year = 2017  # type: ignore[misc]


@pytest.mark.parametrize(
    ("code", "frequency", "fits"),
    [
        ("2016", "yearly", True),
        ("2016-10", "monthly", True),
        ("2016K4", Frequency.QUARTERLY, True),
        ("2016-10", "yearly", False),
        ("2016", "monthly", False),
        ("2016K4", "monthly", False),
    ],
)
def test_check_frequency(code, frequency, fits):
    if fits:
        assert check_frequency(code, frequency) == Period.parse(code)
    else:
        with pytest.raises(PeriodError, match=f"period '{code}' is .*, but the indicator is {frequency}"):
            check_frequency(code, frequency)


def test_labels_for_the_page():
    assert period_label("2016-10") == "okt 2016"
    assert period_label("") == ""  # not a period: shown as it is, never an error on a page
    assert long_date(dt.date(2023, 12, 18)) == "18 december 2023"
    assert [f.label for f in Frequency] == ["årligen", "månadsvis", "kvartalsvis"]
