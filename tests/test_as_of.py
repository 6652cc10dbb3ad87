"""`?per=`: the status as it stood on a past date, from the vintages the database keeps."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from plotly.utils import PlotlyJSONEncoder

from dashboard import fulfilment
from dashboard.db import Database
from etl.build import build
from etl.load import append_observations, atomic_database, finish_run, start_run
from etl.observations import COLUMNS

DECISION = "2017-02-27"  # the Bokslut 2016's decision date


def _mark_published(data: Path, words: str, day: str) -> None:
    """Date every snapshot row whose source names `words` by `day`; the others keep what they had."""
    for path in (data / "snapshot").glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, [*COLUMNS, "published"])
            writer.writeheader()
            for r in rows:
                published = day if words in r["source"] else r.get("published", "")
                writer.writerow({**{k: r[k] for k in COLUMNS}, "published": published})


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The embedded data with the Bokslut's rows dated by its decision, then a revision loaded today."""
    from etl.paths import DATA_DIR

    data = tmp_path_factory.mktemp("asof") / "data"
    shutil.copytree(DATA_DIR, data, ignore=shutil.ignore_patterns("*.duckdb*", "cache", "runs"))
    _mark_published(data, "Bokslut december 2016", DECISION)
    path = data / "laget.duckdb"
    build(path, data)
    with atomic_database(path, start_from_existing=True) as con:
        run_id = start_run(con, "revision")
        frame = con.execute(
            """SELECT indicator_id, area_code, period, sex, value + 0.5 AS value, flag, 'Revised source' AS source
               FROM latest WHERE indicator_id = 'foretagsamhet' AND area_code = '23' AND period = '2016' AND sex = 'T'"""
        ).df()
        rows, _ = append_observations(con, frame, run_id)
        finish_run(con, run_id, status="ok", rows=rows, changed=rows)
    return path


def _outcome(db: Database, per: dt.date | None) -> tuple[float | None, str | None]:
    got = {r.indicator_id: r for r in fulfilment.evaluate(db, "23", "run-2016", 2016, per) if r.sex == "T"}
    return got["foretagsamhet"].outcome, got["foretagsamhet"].outcome_source


def test_before_the_decision_the_report_figures_are_not_yet_published(db_path: Path):
    outcome, _ = _outcome(Database(db_path), dt.date(2017, 2, 26))
    assert outcome is None


def test_on_the_decision_day_the_report_figures_stand(db_path: Path):
    outcome, source = _outcome(Database(db_path), dt.date.fromisoformat(DECISION))
    assert outcome == 14.8
    assert "Bokslut" in source


def test_a_later_vintage_shows_only_after_it_was_loaded(db_path: Path):
    db = Database(db_path)
    assert _outcome(db, dt.date.today() - dt.timedelta(days=1))[0] == 14.8
    assert _outcome(db, None) == (15.3, "Revised source")


def test_the_overview_says_which_date_it_stands_on(db_path: Path):
    import dash

    from dashboard.app import create_app

    app = create_app(db_path)
    app.server.test_client().get("/")
    layout = next(p["layout"] for p in dash.page_registry.values() if p["path"] == "/")
    with app.server.test_request_context("/"):
        page, bad = (
            json.dumps(layout(region="23", malset="run-2016", ar="2016", per=per), cls=PlotlyJSONEncoder, ensure_ascii=False)
            for per in (DECISION, "igår")
        )
    assert "Siffrorna som de var publicerade den 27 februari 2017" in page
    assert "14,8" in page
    assert "kunde inte läsas (parametern per" in bad
