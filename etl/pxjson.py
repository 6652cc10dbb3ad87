"""PxWeb v1's plain `json` answer (`"response": {"format": "json"}`) as the same frame as `etl.jsonstat.to_frame`.

The answer has `columns` (each `code`, `text`, `type`: `d` dimension, `t` time, `c` contents) and `data`, one
entry per combination of the dimension and time columns: `key` (their codes, in column order) and `values`
(one text per contents column: `"9415570"`, or a symbol such as `..` for a missing value).
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from etl.jsonstat import JsonStatError


def is_px_json(doc: Any) -> bool:
    return isinstance(doc, dict) and isinstance(doc.get("columns"), list) and isinstance(doc.get("data"), list)


def _number(text: Any) -> tuple[float, str | None]:
    """A cell's value, and its symbol when it is missing (`..`, `-`)."""
    if text is None:
        return math.nan, None
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return float(text), None
    cleaned = str(text).strip().replace(" ", "").replace(",", ".")
    try:
        return float(cleaned), None
    except ValueError:
        if cleaned and not any(ch.isdigit() for ch in cleaned):
            return math.nan, cleaned
        raise JsonStatError(f"value {text!r} is not a number") from None


def px_json_to_frame(doc: dict) -> pd.DataFrame:
    """One row a cell: the dimension and time columns (codes), `ContentsCode`, `value`, `status`."""
    if not is_px_json(doc):
        raise JsonStatError("a PxWeb json answer has 'columns' and 'data' lists")
    try:
        keys = [str(c["code"]) for c in doc["columns"] if c.get("type", "d") != "c"]
        contents = [str(c["code"]) for c in doc["columns"] if c.get("type") == "c"]
    except (KeyError, TypeError, AttributeError):
        raise JsonStatError("every entry of 'columns' needs a 'code'") from None
    if not contents:
        raise JsonStatError("'columns' has no contents column (type 'c')")
    rows = []
    for n, entry in enumerate(doc["data"]):
        key, values = (entry.get("key"), entry.get("values")) if isinstance(entry, dict) else (None, None)
        if not isinstance(key, list) or len(key) != len(keys):
            raise JsonStatError(f"data[{n}].key must list {len(keys)} codes ({', '.join(keys)})")
        if not isinstance(values, list) or len(values) != len(contents):
            raise JsonStatError(f"data[{n}].values must hold {len(contents)} values ({', '.join(contents)})")
        for code, text in zip(contents, values, strict=True):
            value, status = _number(text)
            rows.append([*map(str, key), code, value, status])
    frame = pd.DataFrame(rows, columns=[*keys, "ContentsCode", "value", "status"])
    frame["value"] = frame["value"].astype(float)
    frame["status"] = frame["status"].astype(object)
    return frame
