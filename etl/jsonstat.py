"""A json-stat2 reader: `to_frame(doc)` → one row a cell, one column a dimension, then value and status.

The value array is in row-major order of `id`/`size` (the last dimension varies fastest). `category.index`
may be an object (code → position) or a list of codes; `value` and `status` may be arrays or sparse objects
(position → value); `status` may also be one string for every cell.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd


class JsonStatError(ValueError):
    """The document is not a json-stat2 dataset this reader understands."""


def category_codes(doc: dict, dim_id: str) -> list[str]:
    """The category codes of a dimension, in index order."""
    dims = doc.get("dimension")
    if not isinstance(dims, dict) or dim_id not in dims:
        raise JsonStatError(f"dimension {dim_id!r} is listed in 'id' but missing from 'dimension'")
    category = dims[dim_id].get("category") if isinstance(dims[dim_id], dict) else None
    if not isinstance(category, dict):
        raise JsonStatError(f"dimension {dim_id!r} has no category")
    index = category.get("index")
    if index is None:
        labels = category.get("label")
        if isinstance(labels, dict) and len(labels) == 1:  # json-stat allows a single category without index
            return [str(next(iter(labels)))]
        raise JsonStatError(f"dimension {dim_id!r} has no category.index")
    if isinstance(index, list):
        return [str(code) for code in index]
    if isinstance(index, dict):
        codes: list[str | None] = [None] * len(index)
        for code, position in index.items():
            if not isinstance(position, int) or not 0 <= position < len(index) or codes[position] is not None:
                raise JsonStatError(f"dimension {dim_id!r}: category.index position {position!r} of {code!r} is invalid")
            codes[position] = str(code)
        return [c for c in codes if c is not None]
    raise JsonStatError(f"dimension {dim_id!r}: category.index must be an object or a list")


def _dense(raw: Any, n: int, what: str) -> list[Any]:
    if isinstance(raw, list):
        if len(raw) != n:
            raise JsonStatError(f"'{what}' has {len(raw)} entries but the sizes give {n} cells")
        return raw
    if isinstance(raw, dict):
        out: list[Any] = [None] * n
        for key, item in raw.items():
            try:
                position = int(key)
            except (TypeError, ValueError):
                raise JsonStatError(f"'{what}' key {key!r} is not a cell position") from None
            if not 0 <= position < n:
                raise JsonStatError(f"'{what}' position {position} is outside the {n} cells")
            out[position] = item
        return out
    raise JsonStatError(f"'{what}' must be an array or an object")


def _float(value: Any) -> float:
    if value is None:
        return math.nan
    if isinstance(value, bool):
        raise JsonStatError(f"value {value!r} is not a number")
    if isinstance(value, (int, float)):
        return float(value)
    raise JsonStatError(f"value {value!r} is not a number")


def to_frame(doc: dict) -> pd.DataFrame:
    """Turn a json-stat2 dataset into a DataFrame: dimensions (codes, `id` order), `value`, `status`."""
    if not isinstance(doc, dict):
        raise JsonStatError("a json-stat2 document must be a JSON object")
    if doc.get("class", "dataset") != "dataset":
        raise JsonStatError(f"expected class 'dataset', got {doc.get('class')!r}")
    ids, sizes = doc.get("id"), doc.get("size")
    if not isinstance(ids, list) or not isinstance(sizes, list) or len(ids) != len(sizes):
        raise JsonStatError("'id' and 'size' must be arrays of the same length")
    codes = [category_codes(doc, str(dim_id)) for dim_id in ids]
    for dim_id, size, dim_codes in zip(ids, sizes, codes, strict=True):
        if size != len(dim_codes):
            raise JsonStatError(f"dimension {dim_id!r}: size {size} but {len(dim_codes)} categories")
    n = math.prod(sizes)
    if "value" not in doc:
        raise JsonStatError("the document has no 'value' (is it metadata only?)")
    values = np.array([_float(v) for v in _dense(doc["value"], n, "value")], dtype=float)
    status_raw = doc.get("status")
    if status_raw is None:
        status: list[Any] = [None] * n
    elif isinstance(status_raw, str):
        status = [status_raw] * n
    else:
        status = [s if s not in ("", None) else None for s in _dense(status_raw, n, "status")]
    columns: dict[str, Any] = {}
    repeat = n
    tile = 1
    for dim_id, dim_codes in zip(ids, codes, strict=True):
        size = len(dim_codes)
        repeat //= max(size, 1)
        columns[str(dim_id)] = np.tile(np.repeat(np.array(dim_codes, dtype=object), repeat), tile) if n else []
        tile *= size
    columns["value"] = values
    columns["status"] = pd.Series(status, dtype=object)
    frame = pd.DataFrame(columns)
    for dim_id in ids:
        frame[str(dim_id)] = frame[str(dim_id)].astype(object)
    return frame
