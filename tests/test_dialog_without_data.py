"""The dialog deck over a database without its indicators' data says so on each slide instead of failing."""

from __future__ import annotations

from pathlib import Path

import duckdb

from dashboard.db import Database
from dashboard.exports.dialog import DECK_INDICATORS, build_deck
from etl.load import materialise_latest


def test_deck_without_data_says_data_saknas(built_db: Path, tmp_path: Path):
    db_path = tmp_path / "empty.duckdb"
    db_path.write_bytes(built_db.read_bytes())
    con = duckdb.connect(str(db_path))
    con.execute("DELETE FROM observations WHERE list_contains(?, indicator_id)", [list(DECK_INDICATORS)])
    con.execute("DELETE FROM indicators WHERE indicator_id = 'varsel'")  # an indicator the catalogue no longer has
    materialise_latest(con)  # as a load does when it has written
    con.close()
    deck = build_deck(Database(db_path).snapshot(), "23", None)
    data_slides = deck.slides[:-1]
    assert data_slides and all("Data saknas" in slide.headline for slide in data_slides)
    assert deck.slides[-1].headline.startswith("Sedan förra mötet")
