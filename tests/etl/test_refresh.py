"""End to end: refresh against the local fake API, vintages, all-or-nothing, keep-going, offline, status, CLI."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from etl import cli
from etl.build import build
from etl.refresh import RefreshError, refresh
from etl.sources.spec import load_sources
from etl.status_report import status_rows
from tests.observations import latest, vintages

PROJECT = Path(__file__).resolve().parents[2]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(db: Path, data: Path, http, tmp_path: Path, **kw):
    return refresh(db, data, http=http, cache_root=tmp_path / "cache", progress=None, **kw)


def test_refresh_loads_every_source_and_skips_what_it_cannot(fake_api, fast_http, data_dir, tmp_path):
    db = tmp_path / "laget.duckdb"
    report = run(db, data_dir, fast_http, tmp_path)
    by = {o.source: o for o in report.outcomes}
    assert by["okand_kolada"].status == "skipped" and "not in indicators.yaml" in by["okand_kolada"].message
    assert by["overkant_scb"].status == "skipped" and "not verified" in by["overkant_scb"].message
    assert {by[s].status for s in ("sjukpenningtal_kolada", "folkmangd_manad_scb", "medianinkomst_scb")} == {"ok"}
    assert report.rebuilt  # no database yet: the snapshot first, in the same swap
    con = duckdb.connect(str(db), read_only=True)
    rows = dict(
        con.execute("SELECT r.source, count(*) FROM observations o JOIN runs r USING (run_id) GROUP BY r.source").fetchall()
    )
    assert rows == {"snapshot": 2, "sjukpenningtal_kolada": 6, "folkmangd_manad_scb": 17, "medianinkomst_scb": 12}
    # Kolada 0000 → 00, deleted K row of 0023 dropped, empty 2321 dropped
    kolada = con.execute(
        "SELECT area_code, sex, value FROM latest WHERE indicator_id = 'sjukpenningtal' AND period = '2022' ORDER BY 1, 2"
    ).fetchall()
    assert kolada == [
        ("00", "K", 11.2),
        ("00", "M", 6.7),
        ("00", "T", 8.9),
        ("23", "M", 9.6),
        ("23", "T", 11.8),
        ("2380", "T", 11.5),
    ]
    # SCB v2: months and sexes mapped; the suppressed cell (..) is not a row
    assert latest(con, "folkmangd_manad", "23", "2026-02", "K") == (66410.0,)
    assert con.execute("SELECT count(*) FROM latest WHERE area_code = '01' AND sex = 'K' AND period = '2026-02'").fetchone() == (
        0,
    )
    # SCB v1: 1+2 → T
    assert latest(con, "medianinkomst", "23", "2022") == (265.3,)
    con.close()
    assert fake_api.posts("/scb/v2/tables/TAB6471/data")[0]["selection"][0] == {
        "variableCode": "Region",
        "valueCodes": ["01", "06", "23"],
        "codelist": "vs_CKM02Län",
    }


def test_a_revised_value_is_a_second_vintage(fake_api, fast_http, data_dir, tmp_path):
    db = tmp_path / "laget.duckdb"
    run(db, data_dir, fast_http, tmp_path)
    fake_api.v1_doc["value"][-1] = 266.0  # 23, T, 2022 revised
    report = run(db, data_dir, fast_http, tmp_path, groups=["scb"])
    by = {o.source: o for o in report.outcomes}
    assert (by["medianinkomst_scb"].appended, by["medianinkomst_scb"].changed) == (1, 1)
    assert (by["folkmangd_manad_scb"].appended, by["folkmangd_manad_scb"].changed) == (0, 0)
    con = duckdb.connect(str(db), read_only=True)
    values = vintages(con, "medianinkomst", "23", "2022")
    newest = latest(con, "medianinkomst", "23", "2022")
    runs = con.execute(
        "SELECT source, status, rows, changed FROM runs WHERE source = 'medianinkomst_scb' ORDER BY run_id"
    ).fetchall()
    con.close()
    assert values == [(265.3,), (266.0,)] and newest == (266.0,)
    assert runs == [("medianinkomst_scb", "ok", 12, 0), ("medianinkomst_scb", "ok", 1, 1)]


def _existing_db(data_dir: Path, tmp_path: Path) -> Path:
    db = tmp_path / "laget.duckdb"
    build(db, data_dir)
    return db


@pytest.mark.parametrize(
    ("prefix", "fault", "expected"),
    [
        ("/kolada", (500, {}, "boom", 0), "HTTP 500"),
        ("/scb/v2/tables", (200, {}, "{not json", 0), "not valid JSON"),
        ("/scb/v1/HE", (200, {}, '{"class": "dataset", "id": ["Region"], "size": [1]}', 0), "not a usable json-stat2 dataset"),
    ],
)
def test_any_failing_source_leaves_the_database_byte_for_byte(fake_api, fast_http, data_dir, tmp_path, prefix, fault, expected):
    db = _existing_db(data_dir, tmp_path)
    before = digest(db)
    fake_api.fail(prefix, *[fault] * 5)
    with pytest.raises(RefreshError, match=expected) as info:
        run(db, data_dir, fast_http, tmp_path)
    assert "nothing was loaded" in str(info.value)
    assert digest(db) == before
    assert not db.with_name(db.name + ".tmp").exists()


def test_a_failure_while_loading_leaves_the_database_intact(fake_api, fast_http, data_dir, tmp_path, monkeypatch):
    db = _existing_db(data_dir, tmp_path)
    before = digest(db)
    import etl.vintages

    calls = []

    def explode(con, frame, run_id):
        calls.append(run_id)
        if len(calls) == 2:
            raise duckdb.ConversionException("disk on fire")
        return 0, 0

    monkeypatch.setattr(etl.vintages, "append_observations", explode)
    with pytest.raises(RefreshError, match="loading into the database failed"):
        run(db, data_dir, fast_http, tmp_path)
    assert digest(db) == before
    assert sorted(p.name for p in (tmp_path / "runs").iterdir()) == [".lock"]  # nothing kept of the failed run


def test_keep_going_loads_what_worked_and_records_the_failure(fake_api, fast_http, data_dir, tmp_path):
    db = _existing_db(data_dir, tmp_path)
    fake_api.fail("/kolada", *[(503, {}, "down", 0)] * 5)
    report = run(db, data_dir, fast_http, tmp_path, keep_going=True)
    assert [o.source for o in report.failed] == ["sjukpenningtal_kolada"]
    con = duckdb.connect(str(db), read_only=True)
    runs = dict(con.execute("SELECT source, status FROM runs").fetchall())
    message = con.execute("SELECT message FROM runs WHERE source = 'sjukpenningtal_kolada'").fetchone()[0]
    con.close()
    assert runs["sjukpenningtal_kolada"] == "failed" and runs["folkmangd_manad_scb"] == "ok"
    assert "HTTP 503" in message


def test_offline_replays_the_cache_and_rebuilds(fake_api, fast_http, data_dir, tmp_path):
    db = tmp_path / "laget.duckdb"
    run(db, data_dir, fast_http, tmp_path)
    online = duckdb.connect(str(db), read_only=True).execute("SELECT * FROM latest ORDER BY ALL").fetchall()
    fake_api.server.shutdown()  # no network from here on
    db.unlink()
    report = run(db, data_dir, fast_http, tmp_path, offline=True)
    assert report.requests == 0 and report.from_cache > 0 and report.rebuilt
    offline = duckdb.connect(str(db), read_only=True).execute("SELECT * FROM latest ORDER BY ALL").fetchall()
    assert [r[:7] for r in offline] == [r[:7] for r in online]


def test_offline_without_cache_skips_the_source_and_builds_the_snapshot(fast_http, data_dir, tmp_path):
    report = run(tmp_path / "x.duckdb", data_dir, fast_http, tmp_path, offline=True, groups=["kolada"])
    outcome = next(o for o in report.outcomes if o.source == "sjukpenningtal_kolada")
    assert outcome.status == "skipped" and "not in the cache" in outcome.message
    con = duckdb.connect(str(tmp_path / "x.duckdb"), read_only=True)
    assert con.execute("SELECT source FROM runs").fetchall() == [("snapshot",)]


def test_status_tells_the_truth(fake_api, fast_http, data_dir, tmp_path):
    import datetime as dt

    db = tmp_path / "laget.duckdb"
    run(db, data_dir, fast_http, tmp_path)
    specs = load_sources(data_dir / "sources.yaml")
    rows = {
        r.source: r
        for r in status_rows(db, specs, {"sjukpenningtal", "folkmangd_manad", "medianinkomst", "folkmangd"}, dt.date(2026, 3, 1))
    }
    assert rows["folkmangd_manad_scb"].latest_period == "2026-02"
    assert rows["folkmangd_manad_scb"].state == "current"  # 2026-03 is due 2026-04-30 + 45 days
    assert rows["sjukpenningtal_kolada"].state == "STALE"  # 2023 was due 2024-04-29
    assert rows["okand_kolada"].state == "no indicator"
    assert rows["overkant_scb"].state == "STALE (unverified)"  # folkmangd 2025 is overdue; refresh skips this source
    assert rows["snapshot"].last_status == "ok"
    late = {r.source: r for r in status_rows(db, specs, {"folkmangd_manad"}, dt.date(2026, 6, 30))}
    assert late["folkmangd_manad_scb"].state == "STALE"


def test_cli_refresh_status_and_exit_codes(fake_api, data_dir, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LAGET_CACHE_DIR", str(tmp_path / "cache"))
    db = str(tmp_path / "laget.duckdb")
    assert cli.main(["--data", str(data_dir), "refresh", "--db", db, "--source", "kolada"]) == 0
    out = capsys.readouterr()
    assert "sjukpenningtal_kolada" in out.out and "[1/1]" in out.err
    assert cli.main(["--data", str(data_dir), "status", "--db", db]) == 0
    assert "sjukpenningtal_kolada" in capsys.readouterr().out
    fake_api.fail("/kolada", (404, {}, '{"title": "no such KPI"}', 0))
    before = digest(Path(db))
    assert cli.main(["--data", str(data_dir), "refresh", "--db", db, "--source", "kolada"]) == 1
    err = capsys.readouterr().err
    assert "sjukpenningtal_kolada" in err and "HTTP 404" in err and "previous database is unchanged" in err
    assert digest(Path(db)) == before


def test_a_killed_refresh_leaves_the_database_intact(fake_api, data_dir, tmp_path):
    db = _existing_db(data_dir, tmp_path)
    before = digest(db)
    fake_api.fail("/scb/v2/tables", (200, {}, "{}", 20.0))  # the answer hangs; the process is killed meanwhile
    env = dict(os.environ, LAGET_CACHE_DIR=str(tmp_path / "cache"), PYTHONPATH=str(PROJECT))
    proc = subprocess.Popen(
        [sys.executable, "-m", "etl", "--data", str(data_dir), "refresh", "--db", str(db)],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while not fake_api.posts("/scb/v2/tables") and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait(5)
    assert digest(db) == before


def test_monthly_rows_for_a_yearly_indicator_fail_the_refresh(fake_api, fast_http, data_dir, tmp_path):
    sources = data_dir / "sources.yaml"
    text = sources.read_text(encoding="utf-8").replace("    indicator: folkmangd_manad\n", "    indicator: folkmangd\n", 1)
    sources.write_text(
        text.replace(
            "    indicator: folkmangd\n    kind: scb_v1", "    indicator: folkmangd\n    precedence: 1\n    kind: scb_v1"
        ),
        encoding="utf-8",
    )
    with pytest.raises(
        RefreshError,
        match=r"folkmangd_manad_scb: \d+ invalid row\(s\): folkmangd 01 2026-01 T: period: period '2026-01' is monthly, but the indicator is yearly",
    ):
        run(tmp_path / "laget.duckdb", data_dir, fast_http, tmp_path, groups=["scb"])


def test_status_judges_overdue_by_the_one_clock(built_db, monkeypatch, capsys):
    monkeypatch.setenv("LAGET_TODAY", "2026-12-02")
    assert cli.main(["status", "--db", str(built_db)]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("arbetsloshet_20_64_manad_scb "))
    assert "STALE" in row and "2024-02 was due by 2024-04-29" in row
    monkeypatch.setenv("LAGET_TODAY", "2024-04-01")
    assert cli.main(["status", "--db", str(built_db)]) == 0
    row = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("arbetsloshet_20_64_manad_scb "))
    assert "STALE" not in row
    monkeypatch.setenv("LAGET_TODAY", "2. december")
    assert cli.main(["status", "--db", str(built_db)]) == 2
    assert "LAGET_TODAY must be a date YYYY-MM-DD" in capsys.readouterr().err
