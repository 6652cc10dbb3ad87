"""A period of the data: a year `2016`, a month `2016-10` or a quarter `2016K4`.

`Period.parse` is the one reader of the format; every label, date and chart position comes from here.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

from core.enums import LabelledEnum

MONTHS = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)  # fmt: skip
PERIOD_RE = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2])|K([1-4]))?$")


class PeriodError(ValueError):
    """A text that is not a period, or a period of the wrong frequency."""


class Frequency(LabelledEnum):
    """How often an indicator has a value (and a source publishes one), with the word for "published ...ly"."""

    YEARLY = "yearly", "årligen"
    MONTHLY = "monthly", "månadsvis"
    QUARTERLY = "quarterly", "kvartalsvis"


_PER_YEAR = {Frequency.YEARLY: 1, Frequency.QUARTERLY: 4, Frequency.MONTHLY: 12}
_WRITTEN = {  # how a period of each frequency is written: its code as stored, its short Swedish label
    Frequency.YEARLY: ("{year}", "{year}"),
    Frequency.MONTHLY: ("{year}-{number:02d}", "{month} {year}"),
    Frequency.QUARTERLY: ("{year}K{number}", "kv {number} {year}"),
}


@functools.total_ordering
@dataclass(frozen=True)
class Period:
    """A year, month or quarter; ordered by time (by end, then by start, when frequencies are mixed)."""

    year: int
    frequency: Frequency = Frequency.YEARLY
    number: int = 1  # the month (1–12) or the quarter (1–4); 1 for a year

    def __post_init__(self) -> None:
        if not 1 <= self.number <= _PER_YEAR[self.frequency] or not 1000 <= self.year <= 9999:
            raise PeriodError(f"{self.frequency} period {self.year}/{self.number} does not exist")

    @staticmethod
    def parse(text: str | Period) -> Period:
        """`2016`, `2016-10` or `2016K4` → a Period; raises PeriodError naming the text otherwise."""
        return text if isinstance(text, Period) else _parse(str(text))

    def __str__(self) -> str:
        """The code as stored: `2016`, `2016-10`, `2016K4`."""
        return self._written(0)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return (self.end_date, self.time) < (other.end_date, other.time)

    @property
    def label(self) -> str:
        """ "2016", "okt 2016", "kv 4 2016"."""
        return self._written(1)

    def _written(self, form: int) -> str:
        """The period in one of the forms of `_WRITTEN` (0: the code, 1: the short label)."""
        return _WRITTEN[self.frequency][form].format(year=self.year, number=self.number, month=MONTHS[self.number - 1][:3])

    @property
    def long_label(self) -> str:
        """ "oktober 2016"; years and quarters as `label`."""
        if self.frequency is Frequency.MONTHLY:
            return month_year(dt.date(self.year, self.number, 1))
        return self.label

    @property
    def _first_month(self) -> int:
        return (self.number - 1) * 12 // _PER_YEAR[self.frequency] + 1

    @property
    def start_date(self) -> dt.date:
        return dt.date(self.year, self._first_month, 1)

    @property
    def end_date(self) -> dt.date:
        """The last day the period covers: a figure for it cannot be complete before then."""
        month = self.number * 12 // _PER_YEAR[self.frequency]
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def next(self) -> Period:
        """The period after this one, of the same frequency."""
        if self.number == _PER_YEAR[self.frequency]:
            return Period(self.year + 1, self.frequency, 1)
        return Period(self.year, self.frequency, self.number + 1)

    @property
    def time(self) -> float:
        """The start in (fractional) years: `2016` → 2016.0, `2023-11` → 2023 + 10/12, `2023K4` → 2023.75."""
        return self.year + (self.number - 1) / _PER_YEAR[self.frequency]

    @property
    def x(self) -> int | str:
        """A chart's x value: a year as a number, a month or quarter as the date it starts."""
        return self.year if self.frequency is Frequency.YEARLY else self.start_date.isoformat()


@functools.lru_cache(maxsize=8192)
def _parse(text: str) -> Period:
    m = PERIOD_RE.fullmatch(text)
    if m is None:
        raise PeriodError(f"period {text!r} must look like 2016, 2016-10 or 2016K4")
    year, month, quarter = m.groups()
    if month:
        return Period(int(year), Frequency.MONTHLY, int(month))
    if quarter:
        return Period(int(year), Frequency.QUARTERLY, int(quarter))
    return Period(int(year))


def check_frequency(period: str | Period, frequency: str | Frequency) -> Period:
    """The period, when it fits an indicator of `frequency`; else PeriodError (a month for a yearly indicator)."""
    parsed = Period.parse(period)
    if parsed.frequency != frequency:
        raise PeriodError(
            f"period {str(parsed)!r} is {parsed.frequency.value}, but the indicator is {Frequency(frequency).value}"
        )
    return parsed


def period_label(text: str) -> str:
    """`Period.label` of a period code; any other text unchanged (a label never fails a page)."""
    try:
        return Period.parse(text).label
    except PeriodError:
        return text


def month_year(day: dt.date) -> str:
    """ "oktober 2016" """
    return f"{MONTHS[day.month - 1]} {day.year}"


def long_date(day: dt.date) -> str:
    """ "18 december 2023" """
    return f"{day.day} {month_year(day)}"
