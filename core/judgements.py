"""The rules for a recorded judgement and an analyst's comment: one set, used by the ETL's checks and the edit forms.

Each check returns the problems as {field: Swedish sentence}; an empty dict means the values are valid.
"""

from __future__ import annotations

import re

STATUSES = ("met", "partly_met", "not_met", "no_data")
STATUS_LABELS = {"met": "Uppnått", "partly_met": "Delvis uppnått", "not_met": "Ej uppnått", "no_data": "Data saknas"}
FIRST_YEAR, LAST_YEAR = 1990, 2100
TEXT_LIMIT = 2000  # characters in one free-text field
PERIOD = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])|K[1-4])?$")  # 2016, 2016-10, 2016K4


def year_problem(raw: object) -> str | None:
    """Why `raw` is not a report year, or None."""
    text = str(raw).strip()
    if not text.isdigit() or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        return f"Ange ett år mellan {FIRST_YEAR} och {LAST_YEAR}, inte ”{text}”."
    return None


def _text_problem(value: str, what: str, required: bool = True) -> str | None:
    if required and not value.strip():
        return f"Skriv {what}."
    if len(value) > TEXT_LIMIT:
        return f"Högst {TEXT_LIMIT} tecken ({len(value)} nu)."
    return None


def judgement_problems(status: str, words: str, source: str, reason: str = "", year: object = None) -> dict[str, str]:
    """Problems with a judgement: a known status, the report's words and its source, an optional reason."""
    problems = {
        "status": None if status in STATUSES else "Välj en status: " + ", ".join(STATUS_LABELS.values()) + ".",
        "words": _text_problem(words, "bedömningen med rapportens ord"),
        "source": _text_problem(source, "källan (rapport och sida eller rad)"),
        "reason": _text_problem(reason, "", required=False),
        "year": None if year is None else year_problem(year),
    }
    return {k: v for k, v in problems.items() if v}


def comment_problems(text: str, period: str) -> dict[str, str]:
    """Problems with a comment: some text, and a period written as 2016, 2016-10 or 2016K4."""
    problems = {
        "text": _text_problem(text, "kommentaren"),
        "period": None if PERIOD.match(period.strip()) else f"Ange perioden som 2016, 2016-10 eller 2016K4, inte ”{period}”.",
    }
    return {k: v for k, v in problems.items() if v}
