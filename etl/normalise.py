"""Map each source's codes to the one long format of `observations` (docs/data-model.md): SCB area codes, sex T/K/M, periods."""

from __future__ import annotations

import re

_SEX = {
    "1": "M",
    "2": "K",
    "1+2": "T",
    "totsa": "T",
    "tot": "T",
    "t": "T",
    "k": "K",
    "m": "M",
    "män": "M",
    "kvinnor": "K",
    "totalt": "T",
}
_MONTH = re.compile(r"^(\d{4})M(0[1-9]|1[0-2])$")
_MONTH_DASH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_QUARTER = re.compile(r"^(\d{4})[KQ]([1-4])$")
_YEAR = re.compile(r"^\d{4}$")


class NormaliseError(ValueError):
    """A code that has no place in the long format."""


def area_code(code: str) -> str:
    """SCB's area code from SCB or Kolada: `0023` → `23`, `0000` → `00`, kommun `2380` stays."""
    text = str(code).strip()
    if re.fullmatch(r"00\d\d", text):
        return text[2:]
    if re.fullmatch(r"\d{2}|\d{4}", text):
        return text
    raise NormaliseError(f"area code {code!r} is neither riket, a län nor a kommun")


def sex(code: str) -> str:
    """`1` → M, `2` → K, `1+2`/`TotSa`/`T` → T (and K/M as they are)."""
    mapped = _SEX.get(str(code).strip().lower())
    if mapped is None:
        raise NormaliseError(f"sex code {code!r} is not one of 1, 2, 1+2, TotSa, T, K, M")
    return mapped


def period(code: str | int) -> str:
    """`2026M01` → `2026-01`; `2023K4` and `2016` stay; `2023Q4` → `2023K4`."""
    text = str(code).strip()
    if _YEAR.match(text) or _MONTH_DASH.match(text):
        return text
    if m := _MONTH.match(text):
        return f"{m.group(1)}-{m.group(2)}"
    if m := _QUARTER.match(text):
        return f"{m.group(1)}K{m.group(2)}"
    raise NormaliseError(f"period {code!r} is not a year, a month (2026M01) or a quarter (2023K4)")


def number(text: object) -> float | None:
    """A figure written the Swedish way: `1 234,5` → 1234.5; `..`, `-`, blank → None.

    Raises NormaliseError for other text, so a caller can say where it was.
    """
    if text is None:
        return None
    if isinstance(text, bool):
        raise NormaliseError(f"{text!r} is not a number")
    if isinstance(text, (int, float)):
        return float(text)
    raw = str(text).strip().replace("\u00a0", "").replace("\u2009", "").replace("\u202f", "").replace(" ", "")
    if raw in ("", ".", "..", "...", "-", "–", "—", "x", "×"):
        return None
    raw = raw.replace("\u2212", "-").rstrip("%")
    if re.fullmatch(r"-?\d+(,\d+)?", raw):
        return float(raw.replace(",", "."))
    if re.fullmatch(r"-?\d+(\.\d+)?", raw):
        return float(raw)
    raise NormaliseError(f"{text!r} is not a number")
