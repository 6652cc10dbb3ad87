"""Swedish number formats: decimal comma, thin space between thousands, a space before the unit."""

from __future__ import annotations

import math

from core.period import period_label  # noqa: F401  (re-exported: pages format periods with numbers)

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
