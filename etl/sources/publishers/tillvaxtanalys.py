"""Tillväxtanalys' PxWeb exports (xlsx): bankruptcies per month and län, as its statistics database saves them.

The sheet has a title row, blank rows, a header row naming each value column by its variable (`Antal konkurser`,
`Antal anställda berörda av konkurser`), then one row a month and area: period (`2024M07`), the area as
`20 Dalarnas län` (Tillväxtanalys' own numbering is hidden behind the text; the leading number is SCB's län
code) and the values. `options.variable` chooses the value column (required when there are several).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from etl import normalise
from etl.sources.base import Context, SourceError
from etl.sources.spec import SourceSpec

_AREA = re.compile(r"^\s*(\d{2}|\d{4})\s+\S")
_MONTH = re.compile(r"^\d{4}M\d{2}$")


def _area(text: str, names: dict[str, str]) -> str | None:
    match = _AREA.match(text)
    if match:
        return match.group(1)
    return names.get(text.strip().lower())


def read_konkurser_export(path: Path, spec: SourceSpec, ctx: Context) -> pd.DataFrame:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise SourceError(f"{spec.id}: {path.name}: not an Excel workbook (.xlsx): {exc}") from None
    try:
        sheet = str(spec.options.get("sheet") or workbook.sheetnames[0])
        if sheet not in workbook.sheetnames:
            raise SourceError(f"{spec.id}: {path.name}: no sheet {sheet!r} (it has {', '.join(workbook.sheetnames)})")
        rows = [tuple(row) for row in workbook[sheet].iter_rows(values_only=True)]
    finally:
        workbook.close()
    first = next((n for n, row in enumerate(rows) if row and _MONTH.match(str(row[0] or ""))), None)
    if first is None or first == 0:
        raise SourceError(f"{spec.id}: {path.name}, sheet {sheet!r}: no rows starting with a month such as 2024M07")
    header = [str(v).strip() if v is not None else "" for v in rows[first - 1]]
    variables = {name: c for c, name in enumerate(header) if c >= 2 and name}
    wanted = spec.options.get("variable")
    if wanted is None and len(variables) == 1:
        wanted = next(iter(variables))
    if wanted not in variables:
        have = ", ".join(repr(v) for v in variables) or "none"
        raise SourceError(f"{spec.id}: {path.name}, sheet {sheet!r}: no value column {wanted!r} (the file has {have})")
    column = variables[wanted]
    names = {str(n).lower(): code for code, n in zip(ctx.areas["area_code"], ctx.areas["name"], strict=True)}
    out, problems = [], []
    for n, row in enumerate(rows[first:], start=first + 1):
        if not row or row[0] is None:
            continue
        area = _area(str(row[1] or ""), names)
        try:
            period = normalise.period(str(row[0]))
            value = normalise.number(row[column]) if column < len(row) else None
        except normalise.NormaliseError as exc:
            problems.append(f"row {n}: {exc}")
            continue
        if area is None:
            problems.append(f"row {n}: area {row[1]!r} is neither 'NN Name' nor a known name")
        elif value is not None:
            out.append((area, period, value))
    if problems:
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise SourceError(f"{spec.id}: {path.name}, sheet {sheet!r}: " + "; ".join(problems[:5]) + more)
    frame = pd.DataFrame(out, columns=["area_code", "period", "value"])
    return frame.assign(indicator_id=spec.indicator, sex="T", flag=None, source=spec.source_text or "Tillväxtanalys, Konkurser")
