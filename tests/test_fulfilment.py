"""Goal fulfilment on the real embedded data, held against what the regions' own reports say."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dashboard import fulfilment
from dashboard.db import Database
from dashboard.status import Status, roll_up
from etl.paths import DATA_DIR


@pytest.fixture(scope="module")
def db(built_db: Path) -> Database:
    return Database(built_db)


def _by_indicator(results, sex="T"):
    return {r.indicator_id: r for r in results if r.sex == sex}


def test_run_2016_statuses_follow_the_annual_report(db: Database):
    results = fulfilment.evaluate(db, "23", "run-2016", 2016)
    got = _by_indicator(results)
    assert got["foretagsamhet"].status is Status.MET  # 14,8 against the baseline 14,5 ("högsta någonsin")
    assert got["foretagsamhet"].outcome == 14.8
    assert got["exportforetag"].status is Status.PARTLY_MET  # 416 against ≥ 439
    assert got["eftergymnasial_30_34"].status is Status.MET  # the report's 40 % against 40
    assert got["utrikes_fodda_utom_norden"].status is Status.NOT_MET  # 8,6 against 17
    assert got["run_nettokostnadsutveckling"].status is Status.NOT_MET  # 3,82 % against max 2,4 %
    assert got["bredband_100_arbetsstallen"].outcome_period == "2015"  # the report used October 2015
    women = _by_indicator(results, "K")["run_sjukfranvaro_anstallda"]
    assert (women.outcome, women.target_value, women.status) == (3.87, 7.0, Status.MET)


def test_jonkoping_2021_edge_cases(db: Database):
    assert _by_indicator(fulfilment.evaluate(db, "06", "ana-2021", 2021))["ana_ekonomi_i_balans"].status is Status.MET
    got = _by_indicator(fulfilment.evaluate(db, "06", "rlk-2021", 2021))
    assert got["ana_flyg_utslapp_forandring"].status is Status.MET  # −96 % against −5 %
    assert got["ana_fornybar_energi_fordon"].status is Status.PARTLY_MET  # 27 against 30: "delvis uppfyllt"
    assert got["ana_ekonomi_i_balans_regionledningskontoret"].status is Status.MET  # target zero
    rollup = roll_up(r.status for r in got.values() if r.target_year == 2021)
    assert (rollup.met, rollup.partly_met, rollup.not_met, rollup.measured) == (5, 1, 1, 7)
    assert rollup.met_share + rollup.partly_met_share + rollup.not_met_share == 100


def test_riket_target_compares_with_riket_of_the_same_period(db: Database):
    got = _by_indicator(fulfilment.evaluate(db, "23", "rus-2014-2030", 2017))
    result = got["utrikes_fodda_utom_norden"]
    # The RUS target is due in 2030: in 2017 it is a progress signal toward riket's level, not "Ej uppnått".
    assert (result.outcome, result.target_value, result.status) == (8.4, 16.2, None)
    assert result.progress is not None and result.due is not None and result.due.year == 2030
    assert "som riket" in result.target_text


def test_a_missing_year_is_said_not_filled(db: Database):
    got = _by_indicator(fulfilment.evaluate(db, "23", "rus-2014-2030", 2017))
    result = got["sjukpenningtal_manad"]
    assert result.outcome is None
    assert result.note == "Data saknas för 2017 (senaste: 2014-07)"


def test_default_year_is_the_one_with_most_measured(db: Database):
    assert fulfilment.default_year(db, "23", "run-2016") == 2016
    assert fulfilment.default_year(db, "06", "ana-2021") == 2021


def _snapshot() -> dict[tuple[str, str, str, str], tuple[float, str]]:
    rows = {}
    for path in (DATA_DIR / "snapshot").glob("*.csv"):
        for row in csv.DictReader(path.open(encoding="utf-8")):
            rows[(row["indicator_id"], row["area_code"], row["period"], row["sex"])] = (float(row["value"]), row["source"])
    return rows


@pytest.mark.parametrize(
    ("region", "goal_set"),
    [("23", "rus-2014-2030"), ("23", "run-2016"), ("06", "rus-2020-2035"), ("06", "ana-2021"), ("06", "rlk-2021")],
)
def test_every_outcome_traces_to_a_snapshot_row_with_its_source(db: Database, region: str, goal_set: str):
    snapshot = _snapshot()
    for year in fulfilment.available_years(db, region, goal_set):
        for r in fulfilment.evaluate(db, region, goal_set, year):
            if r.outcome is None:
                continue
            value, source = snapshot[(r.indicator_id, r.area_code, r.outcome_period, r.sex)]
            assert (r.outcome, r.outcome_source) == (value, source)
            for period, v in r.series:
                assert snapshot[(r.indicator_id, r.area_code, period, r.sex)][0] == v
