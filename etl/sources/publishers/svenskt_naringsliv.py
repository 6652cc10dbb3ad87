"""Svenskt Näringsliv's `Statistik.xlsx` (foretagsklimat.se): företagsamhet and more for every kommun and län.

The workbook's sheet `Sheet1` is one row per area and series: `Kommun` (a kommun's or län's name, or
`Sverige`), `Län`, `Kommungrupp`, `Faktor` (e.g. `Företagsamhet`), `Delserie` (e.g. `Andel företagsamma
individer`) and one column per year (`2003`, `2004`, …). `options.faktor` and `options.delserie` choose the
series; `options.sheet` another sheet.
"""

from __future__ import annotations

import io
import re
import zipfile

import pandas as pd
from openpyxl import load_workbook

from etl import normalise
from etl.sources.base import Context, SourceError
from etl.sources.excel import AreaNames
from etl.sources.spec import SourceSpec

NEEDED = ("Kommun", "Faktor", "Delserie")


def read_statistik(data: bytes, spec: SourceSpec, ctx: Context) -> pd.DataFrame:
    where = f"{spec.id}: {spec.url}"
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise SourceError(f"{where}: not an Excel workbook (.xlsx): {exc}") from None
    try:
        sheet = str(spec.options.get("sheet", "Sheet1"))
        if sheet not in workbook.sheetnames:
            raise SourceError(f"{where}: no sheet {sheet!r} (it has {', '.join(workbook.sheetnames)})")
        rows = [tuple(row) for row in workbook[sheet].iter_rows(values_only=True)]
    finally:
        workbook.close()
    header = [str(v).strip() if v is not None else "" for v in (rows[0] if rows else ())]
    missing = [c for c in NEEDED if c not in header]
    if missing:
        raise SourceError(f"{where}, sheet {sheet!r}: the header lacks {', '.join(missing)} (it has {', '.join(header[:8])})")
    col = {name: header.index(name) for name in NEEDED}
    years = {c: name for c, name in enumerate(header) if re.fullmatch(r"\d{4}", name)}
    faktor, delserie = spec.options.get("faktor"), spec.options.get("delserie")
    names = AreaNames(ctx.areas)
    out, unknown = [], []
    for n, row in enumerate(rows[1:], start=2):
        if row[col["Faktor"]] != faktor or row[col["Delserie"]] != delserie:
            continue
        area = names.code(row[col["Kommun"]])
        if area is None:
            unknown.append(f"row {n}: {row[col['Kommun']]!r}")
            continue
        for c, year in years.items():
            try:
                value = normalise.number(row[c] if c < len(row) else None)
            except normalise.NormaliseError as exc:
                raise SourceError(f"{where}, sheet {sheet!r}, row {n}, column {year}: {exc}") from None
            if value is not None:
                out.append((area, year, value))
    if unknown:
        raise SourceError(f"{where}: area names not known: {', '.join(unknown[:5])}" + (" …" if len(unknown) > 5 else ""))
    if not out:
        raise SourceError(f"{where}, sheet {sheet!r}: no figures for Faktor {faktor!r}, Delserie {delserie!r}")
    frame = pd.DataFrame(out, columns=["area_code", "period", "value"])
    return frame.assign(indicator_id=spec.indicator, sex="T", flag=None, source=spec.source_text or "Svenskt Näringsliv")
