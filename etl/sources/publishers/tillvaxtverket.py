"""Tillväxtverket's open accommodation data: guest nights per year for riket, län and kommun.

`GuestNights_Capacity_Revenue_Year.txt` is tab-separated Latin-1 text with a header row; each row is one year
(`AR`), level (`NIVA_NAMN`: Riket, Län, Kommun, with `LAN_KOD` / `KOMMUN_KOD`) and type of accommodation
(`ANLAGGNINGSTYP_NAMN`), the guest nights in `ANTAL_GASTNATTER`. The reader adds up the types named in
`options.types` (default: every type in the file) per area and year; a sum with a missing part is missing.
"""

from __future__ import annotations

import csv
import io
import math

import pandas as pd

from etl.sources.base import Context, SourceError
from etl.sources.spec import SourceSpec

COLUMNS = ("AR", "LAN_KOD", "KOMMUN_KOD", "NIVA_NAMN", "ANLAGGNINGSTYP_NAMN", "ANTAL_GASTNATTER")
MISSING = ("", "..", ".", "-")


def _area(row: dict[str, str]) -> str | None:
    level = row["NIVA_NAMN"].strip().lower()
    if level == "riket":
        return "00"
    if level == "län":
        return row["LAN_KOD"].strip().zfill(2)
    if level == "kommun":
        return row["KOMMUN_KOD"].strip().zfill(4)
    return None


def _number(text: str, line: int, spec_id: str) -> float:
    cleaned = text.strip().replace(" ", "").replace("\xa0", "").replace(",", ".")
    if cleaned in MISSING:
        return math.nan
    try:
        return float(cleaned)
    except ValueError:
        raise SourceError(f"{spec_id}: line {line}, ANTAL_GASTNATTER: {text!r} is not a number") from None


def read_guest_nights(text: str, spec: SourceSpec, ctx: Context) -> pd.DataFrame:
    reader = csv.DictReader(io.StringIO(text), delimiter="\t")
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise SourceError(
            f"{spec.id}: {spec.url}: the header lacks {', '.join(missing)} (it has {', '.join(reader.fieldnames or [])})"
        )
    types = spec.options.get("types")
    rows = []
    for line, row in enumerate(reader, start=2):
        if types and row["ANLAGGNINGSTYP_NAMN"] not in types:
            continue
        area = _area(row)
        if area is None:
            raise SourceError(f"{spec.id}: line {line}, NIVA_NAMN: {row['NIVA_NAMN']!r} is not Riket, Län or Kommun")
        rows.append((area, row["AR"].strip(), _number(row["ANTAL_GASTNATTER"], line, spec.id)))
    frame = pd.DataFrame(rows, columns=["area_code", "period", "value"])
    grouped = frame.groupby(["area_code", "period"], sort=True)["value"]
    sums = grouped.sum().where(grouped.count() == grouped.size()).dropna().reset_index()
    return sums.assign(
        indicator_id=spec.indicator, sex="T", flag=None, source=spec.source_text or "Tillväxtverket, Inkvarteringsstatistik"
    )
