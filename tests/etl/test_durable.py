"""A rebuild never loses a vintage: refresh, import, a goal-file edit and `make db` (the `make run` path) keep them all."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
from openpyxl import Workbook

from etl import cli
from etl.build import build
from etl.runstore import RunStore
from etl.sources.excel import TEMPLATE_HEADER, TEMPLATE_SHEET

PROJECT = Path(__file__).resolve().parents[2]
SNAPSHOT_FREE = (
    "SELECT r.source, r.status, r.started_at, r.rows, r.changed FROM runs r WHERE source <> 'snapshot' ORDER BY run_id"
)
VINTAGES = (
    "SELECT o.indicator_id, o.area_code, o.period, o.sex, o.value, o.flag, o.source, r.source AS run, nullif(r.started_at, CASE WHEN r.source = 'snapshot' THEN r.started_at END) "
    "FROM observations o JOIN runs r USING (run_id) ORDER BY r.run_id, o.indicator_id, o.area_code, o.period, o.sex"
)


def tables(db: Path) -> dict[str, list]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            "runs": con.execute(SNAPSHOT_FREE).fetchall(),
            "vintages": con.execute(VINTAGES).fetchall(),
            "latest": con.execute("SELECT * EXCLUDE (run_id) FROM latest ORDER BY ALL").fetchall(),
        }
    finally:
        con.close()


def filled_template(path: Path, rows: list[list]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = TEMPLATE_SHEET
    ws.append(TEMPLATE_HEADER)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def project_copy(tmp_path: Path, data_dir: Path) -> Path:
    """The Makefile, the core and etl packages and a data dir in a folder of their own, so `make` builds from that data."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(PROJECT / "Makefile", root / "Makefile")
    shutil.copy(PROJECT / "requirements.txt", root / "requirements.txt")
    for package in ("core", "etl"):
        shutil.copytree(PROJECT / package, root / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(data_dir, root / "data")
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").symlink_to(sys.executable)
    (venv / ".runtime").touch()  # the requirements are installed already (this interpreter's)
    return root


def make(root: Path, tmp_path: Path, target: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("LAGET_DB", "LAGET_RUNS", "MAKEFLAGS")}
    done = subprocess.run(
        ["make", "-C", str(root), target, f"VENV={tmp_path / 'venv'}", f"PY={sys.executable}"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def test_refresh_import_goal_edit_and_make_db_keep_every_vintage(fake_api, data_dir, tmp_path, monkeypatch, capsys):
    root = project_copy(tmp_path, data_dir)
    data, db = root / "data", root / "data" / "laget.duckdb"
    monkeypatch.setenv("LAGET_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("LAGET_RUNS", raising=False)
    args = ["--data", str(data)]
    assert cli.main([*args, "refresh", "--db", str(db)]) == 0
    fake_api.v1_doc["value"][-1] = 266.0  # medianinkomst 23 T 2022 revised: a second vintage
    assert cli.main([*args, "refresh", "--db", str(db), "--source", "scb"]) == 0
    workbook = filled_template(tmp_path / "egna.xlsx", [["sjukpenningtal", "23", "2015", "T", "11,5", None, "FK"]])
    assert cli.main([*args, "import", str(workbook), "--db", str(db)]) == 0
    loaded = tables(db)
    assert ("medianinkomst", "23", "2022", "T", 265.3) in [v[:5] for v in loaded["vintages"]]
    assert ("medianinkomst", "23", "2022", "T", 266.0) in [v[:5] for v in loaded["vintages"]]
    assert [r[0] for r in loaded["runs"]] == [
        "sjukpenningtal_kolada",
        "folkmangd_manad_scb",
        "medianinkomst_scb",
        "folkmangd_manad_scb",
        "medianinkomst_scb",
        "import:egna.xlsx",
    ]

    goal_file = data / "regions" / "23" / "goals" / "rus.yaml"
    text = goal_file.read_text(encoding="utf-8")
    goal_file.write_text(text.replace("title: Lägre sjukpenningtal", "title: Ändrad, lägre sjukpenningtal"), encoding="utf-8")
    os.utime(goal_file)
    out = make(root, tmp_path, "db")
    assert "-m etl build" in out.stdout and "6 kept run(s)" in out.stdout
    assert tables(db) == loaded  # every vintage and revision, in its order, with its run
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM goals WHERE title LIKE 'Ändrad%'").fetchone()[0] == 1
    con.close()

    make(root, tmp_path, "clean")  # removes the database (and the venv), never the kept runs
    assert not db.exists() and (data / "runs").is_dir()
    project_copy_venv = tmp_path / "venv" / "bin"
    project_copy_venv.mkdir(parents=True)
    (project_copy_venv / "python").symlink_to(sys.executable)
    (tmp_path / "venv" / ".runtime").touch()
    make(root, tmp_path, "db")
    assert tables(db) == loaded

    assert cli.main([*args, "refresh", "--db", str(db), "--offline", "--rebuild"]) == 0
    after = tables(db)
    assert after["vintages"][: len(loaded["vintages"])] == loaded["vintages"] and after["latest"] == loaded["latest"]

    capsys.readouterr()
    assert cli.main([*args, "status", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert f"Kept in {data / 'runs'}: 9 run(s)" in out
    assert "import:egna.xlsx" in out and "medianinkomst_scb" in out


def test_the_store_keeps_rows_metadata_and_raw_answers(fake_api, data_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("LAGET_CACHE_DIR", str(tmp_path / "cache"))
    db = tmp_path / "laget.duckdb"
    assert cli.main(["--data", str(data_dir), "refresh", "--db", str(db), "--source", "kolada"]) == 0
    workbook = filled_template(tmp_path / "egna.xlsx", [["sjukpenningtal", "23", "2015", "T", "11,5", None, "FK"]])
    assert cli.main(["--data", str(data_dir), "import", str(workbook), "--db", str(db)]) == 0
    kolada, imported = RunStore(tmp_path / "runs").runs()
    assert (kolada.meta["source"], kolada.meta["status"], kolada.meta["received"]) == ("sjukpenningtal_kolada", "ok", 6)
    assert [p.suffix for p in kolada.raw_files()] == [".json", ".json"]  # the two pages as they were answered
    envelope = json.loads(kolada.raw_files()[0].read_text(encoding="utf-8"))
    assert "/kolada/data/kpi/N00938/" in envelope["url"] and json.loads(envelope["text"])["values"]
    assert imported.raw_files()[0].read_bytes() == workbook.read_bytes()
    con = duckdb.connect()
    assert len(kolada.rows(con)) == 6 and imported.rows(con)[["period", "value"]].values.tolist() == [["2015", 11.5]]
    shutil.rmtree(tmp_path / "cache")  # a purge of the response cache takes nothing the store holds
    before = tables(db)
    db.unlink()
    build(db, data_dir)
    assert tables(db) == before


def test_a_database_from_before_the_store_gives_its_runs_to_the_store(fake_api, fast_http, data_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("LAGET_CACHE_DIR", str(tmp_path / "cache"))
    db = tmp_path / "laget.duckdb"
    assert cli.main(["--data", str(data_dir), "refresh", "--db", str(db)]) == 0
    before = tables(db)
    shutil.rmtree(tmp_path / "runs")  # as if loaded by a version without the store
    build(db, data_dir)
    assert tables(db) == before
    runs = RunStore(tmp_path / "runs").runs()
    assert [r.meta["source"] for r in runs] == ["sjukpenningtal_kolada", "folkmangd_manad_scb", "medianinkomst_scb"]
    assert "raw answers were not kept" in runs[0].meta["note"]
    db.unlink()
    build(db, data_dir)
    assert tables(db) == before


def test_a_database_that_cannot_be_read_is_not_replaced_blindly(data_dir, tmp_path, capsys):
    """Its runs could not be kept, so the build stops and says what to do; the file stays as it was."""
    db = tmp_path / "laget.duckdb"
    db.write_bytes(b"not a database, but maybe someone's only copy")
    assert cli.main(["--data", str(data_dir), "build", "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert f"cannot read the existing database {db} to keep its runs" in err and "move it away" in err
    assert db.read_bytes() == b"not a database, but maybe someone's only copy"
