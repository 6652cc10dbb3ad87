"""The one long format every source is normalised to, and its validation."""

from __future__ import annotations

import csv
import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from core.enums import Flag
from core.period import PeriodError, check_frequency
from etl.config import AREA_RE, PERIOD_RE, SEXES, Problem, problem_list

COLUMNS = ["indicator_id", "area_code", "period", "sex", "value", "flag", "source"]
PUBLISHED = "published"  # optional snapshot column: the day the row's source was published (YYYY-MM-DD)
FLAGS = ("", *Flag.values())


class ObservationError(Exception):
    """Raised with every bad row found in a batch of observations."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(problem_list("bad observation(s)", problems, limit=50))


@dataclass(frozen=True)
class Known:
    """What a row may refer to."""

    indicators: frozenset[str]
    areas: frozenset[str]
    frequencies: Mapping[str, str] = field(default_factory=dict)  # indicator → yearly | quarterly | monthly

    @classmethod
    def of(cls, indicators: Mapping[str, object], areas: pd.DataFrame) -> Known:
        """From the catalogue (each indicator's frequency) and the areas table."""
        frequencies = {i: str(getattr(ind, "frequency", "")) for i, ind in indicators.items() if getattr(ind, "frequency", "")}
        return cls(frozenset(indicators), frozenset(areas["area_code"]), frequencies)


def check_row(row: dict[str, str], known: Known) -> str | None:
    """Return the reason a tidy row is invalid, or None when it is fine."""
    if row.get("indicator_id") not in known.indicators:
        return f"indicator_id: unknown indicator {row.get('indicator_id')!r}"
    if not AREA_RE.match(row.get("area_code") or "") or row["area_code"] not in known.areas:
        return f"area_code: unknown area {row.get('area_code')!r}"
    if not PERIOD_RE.match(row.get("period") or ""):
        return f"period: must look like 2016, 2016-10 or 2016K4, got {row.get('period')!r}"
    frequency = known.frequencies.get(row["indicator_id"])
    if frequency:
        try:
            check_frequency(row["period"], frequency)
        except PeriodError as exc:
            return f"period: {exc}"
    if row.get("sex") not in SEXES:
        return f"sex: must be T, K or M, got {row.get('sex')!r}"
    try:
        value = float(row.get("value") or "")
    except ValueError:
        return f"value: not a number: {row.get('value')!r}"
    if math.isnan(value) or math.isinf(value):
        return f"value: not a finite number: {row.get('value')!r}"
    if (row.get("flag") or "") not in FLAGS:
        return f"flag: must be empty, 'ca' or 'p', got {row.get('flag')!r}"
    if not (row.get("source") or "").strip():
        return "source: every row must name its source"
    if row.get(PUBLISHED):
        try:
            dt.date.fromisoformat(row[PUBLISHED])
        except ValueError:
            return f"published: must be a date YYYY-MM-DD, got {row[PUBLISHED]!r}"
    return None


def read_snapshot(snapshot_dir: Path, known: Known, root: Path | None = None) -> pd.DataFrame:
    """Read every `*.csv` in the snapshot folder; raise ObservationError naming file, row and field."""
    frames: list[pd.DataFrame] = []
    problems: list[Problem] = []
    for path in sorted(snapshot_dir.glob("*.csv")):
        name = str(path.relative_to(root)) if root else path.name
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames not in (COLUMNS, [*COLUMNS, PUBLISHED]):
                problems.append(
                    Problem(
                        name,
                        "row 1",
                        f"header must be {','.join(COLUMNS)} (and optionally ,{PUBLISHED}), got {','.join(reader.fieldnames or [])}",
                    )
                )
                continue
            rows = []
            for line_no, row in enumerate(reader, start=2):
                reason = check_row(row, known)
                if reason:
                    problems.append(Problem(name, f"row {line_no}", reason))
                else:
                    rows.append(row)
        frame = pd.DataFrame(rows, columns=[*COLUMNS, PUBLISHED])
        frame["origin"] = f"{name}"
        frames.append(frame)
    if problems:
        raise ObservationError(problems)
    if not frames:
        return pd.DataFrame(columns=[*COLUMNS, PUBLISHED])
    data = pd.concat(frames, ignore_index=True)
    key = ["indicator_id", "area_code", "period", "sex"]
    dupes = data[data.duplicated(key, keep=False)]
    if not dupes.empty:
        for _, r in dupes.drop_duplicates(key).head(50).iterrows():
            problems.append(
                Problem(
                    r["origin"],
                    f"{r['indicator_id']} {r['area_code']} {r['period']} {r['sex']}",
                    "the same observation appears more than once",
                )
            )
        raise ObservationError(problems)
    data["value"] = data["value"].astype(float)
    data["flag"] = data["flag"].replace("", None)
    data[PUBLISHED] = pd.to_datetime(data[PUBLISHED].replace("", None)).dt.date
    return data[[*COLUMNS, PUBLISHED]]
