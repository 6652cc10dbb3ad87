"""A goal set written from data/README.md alone (tests/fixtures/goal_sets/uk-2021-tabeller.yaml), from the mätetal
tables of Region Jönköpings län's Verksamhetsberättelse 2021 Utbildning och kultur (the ANA nämnd's papers of
2022-02-23): it passes validation, builds, and every mätetal gets the status its table shows (Resultat against
Målvärde), with the report's own words where it gives them. Each row quotes the table and its line."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from dashboard import fulfilment
from dashboard.db import Database
from etl.build import build

FIXTURE = Path(__file__).parent / "fixtures" / "goal_sets" / "uk-2021-tabeller.yaml"
GOAL_SET = "uk-2021-tabeller"

# goal id, indicator, the table's Målvärde and Resultat as printed, their line, the status the table shows
ROWS = [
    ("1", "ana_sokande_per_utbildningsplats", ("2", "2,4"), 5492, "met"),
    ("2", "ana_betalande_publik_smot", ("70 000", "35 263"), 5609, "not_met"),
    ("3", "ana_publik_barn_unga", ("25 000", "7 390"), 5622, "not_met"),
    ("4", "ana_samverkansavtal_smot", ("13", "2"), 5856, "not_met"),
    ("5", "ana_gymnasiesarskolebevis", ("90 %", "100 %"), 6156, "met"),
    ("6", "ana_slutfor_kurs_folkhogskola", ("85 %", "90 %"), 6171, "met"),  # and "Målet är uppnått.", line 6174
]
GLYPHS = {"met": "✓ Uppnått", "not_met": "✕ Ej uppnått"}


def _number(text: str) -> float:
    return float(text.replace(" ", "").replace(",", ".").rstrip("%"))


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Database:
    from etl.paths import DATA_DIR

    data = tmp_path_factory.mktemp("readme") / "data"
    shutil.copytree(DATA_DIR, data, ignore=shutil.ignore_patterns("*.duckdb*", "cache"))
    shutil.copy(FIXTURE, data / "regions" / "06" / "goals" / FIXTURE.name)
    path = data.parent / "laget.duckdb"
    build(path, data)
    return Database(path)


def test_every_matetal_gets_the_status_its_table_shows(db: Database):
    results = {r.goal_key.rsplit("/", 1)[1]: r for r in fulfilment.evaluate(db, "06", GOAL_SET, 2021)}
    assert set(results) == {row[0] for row in ROWS}
    for goal, indicator, (target, outcome), _line, status in ROWS:
        r = results[goal]
        assert (r.indicator_id, r.target_value, r.outcome, r.outcome_period) == (
            indicator,
            _number(target),
            _number(outcome),
            "2021",
        )
        assert r.status is not None and r.status.value == status, goal
    assert results["6"].recorded is not None and results["6"].recorded.words == "Målet är uppnått."


def test_the_report_export_shows_the_same_statuses(db: Database):
    from dashboard.app import create_app

    client = create_app(db.path).server.test_client()
    response = client.get(f"/export/rapport.xlsx?region=06&malset={GOAL_SET}&ar=2021")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.data))
    shown = [str(row[3]).splitlines()[0] for ws in wb.worksheets[1:] for row in ws.iter_rows(values_only=True) if row[3]]
    assert [s for s in shown if s != "Status"] == [GLYPHS[row[4]] for row in ROWS]
