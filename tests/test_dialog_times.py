"""The deck sets figures and comments of the same time side by side, and says when a figure is out of date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dashboard.db import Database
from dashboard.exports.deck import outdated
from dashboard.exports.dialog import build_deck


@pytest.fixture(scope="module")
def db(built_db: Path) -> Database:
    return Database(built_db)


@pytest.fixture(scope="module")
def slides(built_db: Path) -> dict:
    return {s.key: s for s in build_deck(Database(built_db), "23", "2023-12-18").slides}


def test_a_comment_from_2023_never_stands_beside_a_2017_figure(slides: dict):
    varsel = slides["varsel"]
    assert "december 2017" in varsel.headline
    assert "(RJH näringslivsdialog" not in varsel.notes and "avser 2023" not in varsel.notes
    assert "Inga kommentarer från analytikerna om december 2017." in varsel.notes


def test_a_comment_on_the_figures_year_is_kept(slides: dict):
    gastnatter = slides["gastnatter"]
    assert "2023" in gastnatter.headline
    assert all(line.endswith("avser 2023)") for line in gastnatter.notes.splitlines() if "avser" in line)


def test_an_old_figure_says_newer_ones_are_missing(slides: dict):
    assert "Senaste: december 2017 – nyare uppgifter saknas i databasen" in slides["varsel"].detail


@pytest.mark.parametrize(
    ("indicator", "last", "today", "expected"),
    [
        ("varsel", "2017-12", dt.date(2018, 1, 15), ""),  # January 2018 is not due yet
        ("varsel", "2017-12", dt.date(2026, 12, 2), "nyare uppgifter saknas"),
        ("no_such_indicator", "2017-12", dt.date(2026, 12, 2), "publiceringsplan är okänd"),
        ("no_such_indicator", "2026-10", dt.date(2026, 12, 2), ""),
    ],
)
def test_outdated_table(db: Database, indicator: str, last: str, today: dt.date, expected: str):
    text = outdated(db, indicator, last, today)
    assert (expected in text) if expected else text == ""


@pytest.mark.parametrize(
    ("comment", "figure", "kept"),
    [
        ("2023", "2023-11", True),  # a comment on the year beside one of its months
        ("2023", "2024-01", True),  # said at the December meeting, the next month's figure
        ("2023", "2017-12", False),  # a comment from years later beside an old figure
        ("2015", "2023", False),
        ("2023-10", "2024-03", False),
        ("2023K4", "2024-01", True),
    ],
)
def test_same_time_table(comment: str, figure: str, kept: bool):
    from dashboard.exports.deck import same_time

    assert same_time(comment, figure) is kept
