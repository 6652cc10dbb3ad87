"""The DuckDB build from the embedded default: contents, sources, vintages and the atomic swap."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import duckdb
import pytest

from etl.build import build
from etl.load import WriterBusy, append_observations, atomic_database, start_run
from etl.observations import ObservationError
from etl.paths import DATA_DIR
from tests.observations import latest, vintages


def _snapshot_rows() -> int:
    return sum(sum(1 for _ in csv.DictReader(p.open(encoding="utf-8"))) for p in (DATA_DIR / "snapshot").glob("*.csv"))


def test_build_loads_every_snapshot_row_with_its_source(built_db: Path):
    con = duckdb.connect(str(built_db), read_only=True)
    assert con.execute("SELECT count(*) FROM observations").fetchone()[0] == _snapshot_rows()
    assert con.execute("SELECT count(*) FROM observations WHERE source IS NULL OR trim(source) = ''").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM latest").fetchone()[0] == _snapshot_rows()
    levels = dict(con.execute("SELECT level, count(*) FROM areas GROUP BY level").fetchall())
    assert levels == {"riket": 1, "lan": 21, "kommun": 290}
    assert con.execute("SELECT name, parent_code FROM areas WHERE area_code = '2380'").fetchone() == ("Östersund", "23")
    named = {r[0] for r in con.execute("SELECT DISTINCT indicator_id FROM observations").fetchall()}
    assert {
        "foretagsamhet",
        "overnattningar",
        "bredband_100_hushall",
        "sjukpenningtal_manad",
        "ohalsotal",
        "arbetsloshet_20_64",
    } <= named
    assert (
        con.execute("SELECT count(DISTINCT area_code) FROM latest WHERE indicator_id = 'arbetsloshet_20_64'").fetchone()[0] == 22
    )
    assert con.execute("SELECT count(*) FROM goals WHERE region_code = '23' AND goal_set = 'rus-2014-2030'").fetchone()[0] == 36
    assert con.execute("SELECT status, rows FROM runs").fetchall() == [("ok", _snapshot_rows())]
    con.close()


def test_a_revised_value_is_a_new_vintage_not_an_overwrite(built_db: Path, tmp_path: Path):
    db = tmp_path / "copy.duckdb"
    db.write_bytes(built_db.read_bytes())
    with atomic_database(db, start_from_existing=True) as con:
        run_id = start_run(con, "test")
        frame = con.execute(
            "SELECT indicator_id, area_code, period, sex, value, flag, source FROM latest WHERE indicator_id = 'foretagsamhet'"
        ).df()
        frame.loc[frame["period"] == "2016", "value"] += 0.1
        rows, changed = append_observations(con, frame, run_id)
    assert (rows, changed) == (frame["period"].eq("2016").sum(), frame["period"].eq("2016").sum())
    con = duckdb.connect(str(db), read_only=True)
    assert vintages(con, "foretagsamhet", "23", "2016") == [(14.8,), (pytest.approx(14.9),)]
    assert latest(con, "foretagsamhet", "23", "2016")[0] == pytest.approx(14.9)


def test_failed_build_leaves_the_old_database_byte_for_byte(data_copy: Path, tmp_path: Path):
    db = tmp_path / "laget.duckdb"
    build(db, data_copy)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    with (data_copy / "snapshot" / "broken.csv").open("w", encoding="utf-8") as handle:
        handle.write("indicator_id,area_code,period,sex,value,flag,source\n")
        handle.write("foretagsamhet,23,2017,T,14.9,,Svenskt Näringsliv\n")
        handle.write("foretagsamhet,23,2018,T,fjorton,,Svenskt Näringsliv\n")
        handle.write("foretagsamhet,99,2018,T,15,,\n")
    with pytest.raises(ObservationError) as caught:
        build(db, data_copy)
    text = str(caught.value)
    assert "data/snapshot/broken.csv: row 3: value: not a number: 'fjorton'" in text
    assert "data/snapshot/broken.csv: row 4: area_code: unknown area '99'" in text
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_an_interrupted_write_leaves_the_old_database(built_db: Path, tmp_path: Path):
    db = tmp_path / "laget.duckdb"
    db.write_bytes(built_db.read_bytes())
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    with pytest.raises(KeyboardInterrupt), atomic_database(db, start_from_existing=True) as con:
        con.execute("DELETE FROM observations")
        raise KeyboardInterrupt
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert not db.with_name("laget.duckdb.tmp").exists()


def test_a_second_writer_is_refused_while_one_is_writing(built_db: Path, tmp_path: Path):
    db = tmp_path / "laget.duckdb"
    db.write_bytes(built_db.read_bytes())
    with atomic_database(db, start_from_existing=True), pytest.raises(WriterBusy, match="another ETL run is writing"):
        build(db, DATA_DIR)


def test_latest_is_a_sorted_table_of_the_newest_vintages_after_each_write(built_db: Path, tmp_path: Path):
    db = tmp_path / "laget.duckdb"
    db.write_bytes(built_db.read_bytes())
    with atomic_database(db, start_from_existing=True) as con:
        con.execute(
            """INSERT INTO observations SELECT indicator_id, area_code, period, sex, value + 1, flag, source, 2, NULL FROM observations
               WHERE indicator_id = 'foretagsamhet' AND area_code = '23' AND period = '2016' AND sex = 'T'"""
        )
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT table_type FROM information_schema.tables WHERE table_name = 'latest'").fetchone() == (
        "BASE TABLE",
    )
    values = vintages(con, "foretagsamhet", "23", "2016")
    newest = latest(con, "foretagsamhet", "23", "2016")
    assert len(values) == 2 and newest == values[-1]
    keys = con.execute("SELECT indicator_id, area_code, period, sex FROM latest").fetchall()
    assert keys == sorted(keys) and len(keys) == len(set(keys))
