"""Swedish number formats: decimal comma, thin space between thousands, a space before the unit."""

from __future__ import annotations

import datetime as dt
import math

THIN_SPACE = "\u2009"
MINUS = "\u2212"

_UNIT_SUFFIX = {
    "%": " %",
    "miljoner": " milj.",
    "mdkr": " mdkr",
    "dagar": " dagar",
    "min": " min",
    "år": " år",
    "ton": " ton",
    "tkr": " tkr",
}


def number(value: float | None, decimals: int = 0) -> str:
    """`10300000` → "10 300 000"; `14.8` with 1 decimal → "14,8"; negative with a real minus sign."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{abs(value):,.{decimals}f}".replace(",", THIN_SPACE).replace(".", ",")
    if text.strip("0,\u2009") == "":
        return text
    return (MINUS if value < 0 else "") + text


def with_unit(value: float | None, unit: str, decimals: int = 0) -> str:
    """A value with its unit as a reader expects it: "14,8 %", "439", "53,6 %", "10,3 milj."."""
    text = number(value, decimals)
    if text == "–":
        return text
    return text + _UNIT_SUFFIX.get(unit, "")


def period_label(period: str) -> str:
    """`2016` → "2016", `2016-10` → "okt 2016", `2023K4` → "kv 4 2023"."""
    months = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
    if len(period) == 7 and period[4] == "-":
        return f"{months[int(period[5:]) - 1]} {period[:4]}"
    if len(period) == 6 and period[4] == "K":
        return f"kv {period[5]} {period[:4]}"
    return period


_MONTHS_LONG = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]


def long_date(day: dt.date) -> str:
    """`2017-02-27` → "27 februari 2017"."""
    return f"{day.day} {_MONTHS_LONG[day.month - 1]} {day.year}"
