"""Shares computed from two indicators of the same area, period and sex."""

from __future__ import annotations

import duckdb
import pandas as pd
from fakeapi import source_spec

from etl.derived import derive
from etl.observations import COLUMNS
from etl.refresh import refresh
from tests.observations import latest

SPEC = source_spec(
    "andel",
    "foretagsamhet",
    "derived",
    numerator="a",
    denominator="b",
    scale=100.0,
)


def rows(indicator: str, cells: dict[tuple[str, str], float]) -> pd.DataFrame:
    records = [
        {"indicator_id": indicator, "area_code": a, "period": p, "sex": "T", "value": v, "flag": None, "source": "x"}
        for (a, p), v in cells.items()
    ]
    return pd.DataFrame(records, columns=COLUMNS)


def test_the_run_rows_over_the_stored_ones_and_no_value_for_a_zero_denominator():
    stored = pd.concat(
        [rows("a", {("23", "2022"): 5.0, ("23", "2021"): 4.0}), rows("b", {("23", "2022"): 100.0, ("23", "2021"): 0.0})]
    )
    frame, message = derive(SPEC, [rows("a", {("23", "2022"): 10.0})], stored)
    assert frame.set_index("period")["value"].to_dict() == {"2022": 10.0}  # 100 × 10 / 100; 2021 divides by 0
    assert message == "100 × a / b: 1 rows"


def test_a_part_without_figures_is_named():
    frame, message = derive(SPEC, [rows("a", {("23", "2022"): 1.0})], rows("x", {}))
    assert frame.empty and message == "no figures for b in this run or stored"


def test_a_refresh_computes_the_share_from_the_run_and_the_snapshot(fake_api, fast_http, data_dir, tmp_path):
    """sjukpenningtal from Kolada this run over folkmangd in the embedded snapshot: 100 × a / b per cell."""
    snapshot = data_dir / "snapshot" / "extra.csv"
    snapshot.write_text(
        "indicator_id,area_code,period,sex,value,flag,source\nfolkmangd,00,2022,T,200,,SCB (test)\n", encoding="utf-8"
    )
    sources = tmp_path / "sources.yaml"
    sources.write_text(
        """
sources:
  - {id: sjuk, indicator: sjukpenningtal, kind: kolada, kpi: N00938, evidence: test, years_from: 2022, cadence: yearly}
  - {id: kvot, indicator: foretagsamhet, kind: derived, numerator: sjukpenningtal, denominator: folkmangd, evidence: test, cadence: yearly}
""",
        encoding="utf-8",
    )
    db = tmp_path / "laget.duckdb"
    report = refresh(db, data_dir, sources_path=sources, http=fast_http, cache_root=tmp_path / "cache")
    kvot = next(o for o in report.outcomes if o.source == "kvot")
    assert kvot.status == "ok" and kvot.appended == 2  # 00 2022 (run over snapshot) and 23 2015 (both in the snapshot)
    con = duckdb.connect(str(db), read_only=True)
    value = latest(con, "foretagsamhet", "00", "2022")
    sjuk = latest(con, "sjukpenningtal", "00", "2022")
    con.close()
    assert value[0] == 100 * sjuk[0] / 200
