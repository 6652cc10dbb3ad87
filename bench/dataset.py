"""The national-scale data set for measuring, and its load through the ETL's own path.

`generate(data_dir)` writes a data dir in the project's formats: indicators.yaml (60 synthetic yearly
indicators), areas.csv (copied from data/: riket, 21 län, 290 kommuner), regions/23/ with one goal file of
35 goals and a few comments, an empty snapshot/, and raw/<indicator>.json — one json-stat2 answer per
indicator as SCB's PxWeb gives it (Region × Kon × ContentsCode × Tid, 25 years, sex 1/2/1+2).

`load(data_dir, db_path)` then does what `python -m etl refresh --rebuild` does with those answers:
the PxWeb client's parse (json-stat2 → normalise codes → validate) and `etl.refresh.load_outcomes`
(the atomic build). The figures are synthetic and labelled so; they are never shipped or loaded by default.

`python -m bench.dataset DIR DB` generates and loads, then prints the load report as JSON (run in its own
process by the bench, so its peak RSS is the load's alone).
"""

from __future__ import annotations

import json
import resource
import shutil
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import yaml

from etl.areas import read_areas
from etl.config import load_config
from etl.observations import Known
from etl.paths import DATA_DIR
from etl.refresh import Outcome, load_outcomes
from etl.sources.base import Context, Fetcher
from etl.sources.pxweb import PxRaw, ScbV2Client
from etl.sources.spec import SourceSpec

N_INDICATORS = 60
YEARS = list(range(2000, 2025))
REGION = "23"
GOAL_SET = "bench-35"
N_PRIORITIES, GOALS_PER_PRIORITY = 7, 5
SOURCE = "Syntetiska mätdata (make bench), inte verkliga siffror"
UNITS = ("%", "antal", "per 1000 inv", "kr", "år")
KON = {"1+2": 1.0, "2": 0.97, "1": 1.03}  # SCB's sex codes: 1 män, 2 kvinnor, 1+2 totalt


def indicator_ids() -> list[str]:
    return [f"bench_{n:02d}" for n in range(1, N_INDICATORS + 1)]


def _catalogue() -> dict:
    indicators = {}
    for n, ind in enumerate(indicator_ids()):
        indicators[ind] = {
            "name": f"Syntetisk indikator {n + 1}",
            "unit": UNITS[n % len(UNITS)],
            "direction": "higher" if n % 3 else "lower",
            "decimals": 1,
            "frequency": "yearly",
            "source": SOURCE,
            "description": "Påhittade värden för att mäta appens hastighet på nationell skala.",
        }
    return {"indicators": indicators}


def _target(n: int, ind: str, level: float, direction: str) -> dict:
    """Every kind of target the goal files use: value, riket, baseline, none; some for women/men or a kommun."""
    kind = ("value", "riket", "baseline", "value", "none")[n % 5]
    target: dict = {"indicator": ind}
    if n % 7 == 3:
        target["sex"] = "K" if n % 2 else "M"
    if n % 11 == 5:
        target["area"] = "2380"
    if kind == "value":
        factor = 1.05 if direction == "higher" else 0.95
        target |= {"target": {"kind": "value", "value": round(level * factor, 1)}, "target_year": 2030}
    elif kind == "baseline":
        target |= {"target": {"kind": "baseline"}, "baseline": {"value": round(level * 0.9, 1), "year": 2010}}
    else:
        target["target"] = {"kind": kind}
    return target


def _goal_file(levels: dict[str, float], catalogue: dict) -> dict:
    ids = indicator_ids()
    priorities, n = [], 0
    for p in range(N_PRIORITIES):
        goals = []
        for g in range(GOALS_PER_PRIORITY):
            goal_no = p * GOALS_PER_PRIORITY + g + 1
            targets = []
            for k in range(1 + goal_no % 3):  # 1–3 targets a goal
                ind = ids[(goal_no * 3 + k) % len(ids)]
                targets.append(_target(n, ind, levels[ind], catalogue["indicators"][ind]["direction"]))
                n += 1
            goals.append({"id": str(goal_no), "title": f"Syntetiskt mål {goal_no}", "targets": targets})
        priorities.append({"id": str(p + 1), "title": f"Syntetisk prioritering {p + 1}", "goals": goals})
    return {
        "id": GOAL_SET,
        "name": "Mätdata: 35 syntetiska mål",
        "kind": "rus",
        "source": SOURCE,
        "max_age_years": 2,
        "priorities": priorities,
    }


def _values(rng: np.random.Generator, n_areas: int, level: float) -> np.ndarray:
    """Region × Kon × Tid values: a level per area, a trend, noise; row-major like json-stat2."""
    area_level = level * rng.uniform(0.6, 1.4, size=(n_areas, 1, 1))
    trend = (1 + rng.normal(0.01, 0.02)) ** np.arange(len(YEARS)).reshape(1, 1, -1)
    sex = np.array(list(KON.values())).reshape(1, -1, 1)
    noise = rng.normal(1.0, 0.03, size=(n_areas, len(KON), len(YEARS)))
    return np.round(area_level * trend * sex * noise, 1)


def _jsonstat(ind: str, codes: list[str], values: np.ndarray) -> dict:
    dims = {
        "Region": codes,
        "Kon": list(KON),
        "ContentsCode": [ind.upper()],
        "Tid": [str(y) for y in YEARS],
    }
    return {
        "version": "2.0",
        "class": "dataset",
        "label": f"{ind} efter region, kön och år (syntetiskt)",
        "source": SOURCE,
        "id": list(dims),
        "size": [len(v) for v in dims.values()],
        "dimension": {name: {"category": {"index": {code: i for i, code in enumerate(items)}}} for name, items in dims.items()},
        "value": values.reshape(-1).tolist(),
    }


def generate(data_dir: Path, seed: int = 2030) -> int:
    """Write the data dir; return the number of observations in its raw answers."""
    if data_dir.exists():
        shutil.rmtree(data_dir)
    (data_dir / "snapshot").mkdir(parents=True)
    (data_dir / "raw").mkdir()
    goals_dir = data_dir / "regions" / REGION / "goals"
    goals_dir.mkdir(parents=True)
    shutil.copy(DATA_DIR / "areas.csv", data_dir / "areas.csv")
    codes = list(read_areas(data_dir / "areas.csv")["area_code"])
    rng = np.random.default_rng(seed)
    catalogue = _catalogue()
    levels = {ind: float(rng.uniform(5, 500)) for ind in indicator_ids()}
    cells = 0
    for ind in indicator_ids():
        values = _values(rng, len(codes), levels[ind])
        # The goal file's targets are set around the region's own level, so statuses vary.
        levels[ind] = float(values[codes.index(REGION), 0, -5])
        (data_dir / "raw" / f"{ind}.json").write_text(json.dumps(_jsonstat(ind, codes, values)), encoding="utf-8")
        cells += values.size
    dump = {"allow_unicode": True, "sort_keys": False}
    (data_dir / "indicators.yaml").write_text(yaml.safe_dump(catalogue, **dump), encoding="utf-8")
    (data_dir / "regions" / REGION / "region.yaml").write_text(
        yaml.safe_dump({"code": REGION, "name": "Region Jämtland Härjedalen (mätdata)", "default_goal_set": GOAL_SET}, **dump),
        encoding="utf-8",
    )
    (goals_dir / f"{GOAL_SET}.yaml").write_text(yaml.safe_dump(_goal_file(levels, catalogue), **dump), encoding="utf-8")
    comments = [
        {"indicator": ind, "area": REGION, "period": "2022", "text": f"Syntetisk kommentar {n}.", "author": "make bench"}
        for n, ind in enumerate(indicator_ids()[:20])
    ]
    (data_dir / "regions" / REGION / "comments.yaml").write_text(yaml.safe_dump({"comments": comments}, **dump), encoding="utf-8")
    return cells


def spec_for(ind: str) -> SourceSpec:
    """The sources.yaml entry a real PxWeb table of this shape would have."""
    return SourceSpec(
        id=f"bench_{ind}",
        indicator=ind,
        kind="scb_v2",
        cadence="yearly",
        lag_days=270,
        table=ind.upper(),
        area_dim="Region",
        sex_dim="Kon",
        period_dim="Tid",
        source_text=SOURCE,
    )


@dataclass(frozen=True)
class LoadReport:
    observations: int
    parse_seconds: float  # json-stat2 → normalise → validate, every indicator
    load_seconds: float  # the atomic build: schema, configuration, vintages, swap
    total_seconds: float  # from reading the configuration to the swapped-in file
    peak_rss_mb: float
    db_bytes: int

    @property
    def rows_per_second(self) -> float:
        return self.observations / self.total_seconds


def load(data_dir: Path, db_path: Path) -> LoadReport:
    """Rebuild `db_path` from the data dir through the ETL's parse and load path."""
    started = time.perf_counter()
    config = load_config(data_dir)
    areas = read_areas(data_dir / "areas.csv")
    known = Known(frozenset(config.indicators), frozenset(areas["area_code"]))
    ctx = Context(fetcher=Fetcher(None, None, offline=True), areas=areas, known=known, region=REGION)  # type: ignore[arg-type]
    client = ScbV2Client()
    outcomes = []
    for path in sorted((data_dir / "raw").glob("*.json")):
        spec = spec_for(path.stem)
        frame = client.parse(spec, PxRaw((json.loads(path.read_text(encoding="utf-8")),), (str(path),)), ctx)
        outcome = Outcome(spec.id, spec.kind, spec.indicator, "ok", frame=frame, received=len(frame))
        outcomes.append(outcome)
    parsed = time.perf_counter()
    load_outcomes(db_path, data_dir, config, areas, outcomes, rebuild=True)
    done = time.perf_counter()
    return LoadReport(
        observations=sum(o.appended for o in outcomes),
        parse_seconds=parsed - started,
        load_seconds=done - parsed,
        total_seconds=done - started,
        peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        db_bytes=db_path.stat().st_size,
    )


def main(argv: list[str]) -> None:
    if len(argv) != 2:
        raise SystemExit("usage: python -m bench.dataset DATA_DIR DB_PATH")
    data_dir, db_path = Path(argv[0]), Path(argv[1])
    generate(data_dir)
    report = load(data_dir, db_path)
    print(json.dumps(asdict(report) | {"rows_per_second": report.rows_per_second}))


if __name__ == "__main__":
    main(sys.argv[1:])
