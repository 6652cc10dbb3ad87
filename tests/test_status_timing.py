"""Targets with a time: each report year reads a target once, judged when a value is due, a progress signal before."""

from __future__ import annotations

import pytest
import yaml

from dashboard import fulfilment
from dashboard.db import Database
from dashboard.status import Due, Phase, Progress, Status, phase
from etl.build import build

INTERIM = Due(2016, 40.0, "2015/2016", False)
FINAL = Due(2020, 90.0, "2020", True)


@pytest.mark.parametrize(
    ("year", "due", "expected"),
    [
        (2017, (), Phase(True, None)),  # no year: judged every year
        (2014, (INTERIM, FINAL), Phase(False, INTERIM)),  # before the first due year: progress toward it
        (2016, (INTERIM, FINAL), Phase(True, INTERIM)),  # a due year: judged against what is due then
        (2017, (INTERIM, FINAL), Phase(False, FINAL, INTERIM)),  # between: progress, the milestone beside it
        (2019, (INTERIM, FINAL), Phase(False, FINAL, INTERIM)),
        (2020, (INTERIM, FINAL), Phase(True, FINAL)),  # the final due year
        (2023, (INTERIM, FINAL), Phase(True, FINAL)),  # after: the target stays in force
        (2029, (Due(2030, 5.0, "2030", True),), Phase(False, Due(2030, 5.0, "2030", True))),
    ],
)
def test_phase_table(year: int, due: tuple[Due, ...], expected: Phase):
    assert phase(year, due) == expected


@pytest.fixture(scope="module")
def broadband_db(tmp_path_factory: pytest.TempPathFactory) -> Database:
    """The embedded data with RUS goal 25's broadband target as the strategy states it: 40 % 2015/2016, 90 % 2020."""
    import shutil

    from etl.paths import DATA_DIR

    data = tmp_path_factory.mktemp("data") / "data"
    shutil.copytree(DATA_DIR, data, ignore=shutil.ignore_patterns("*.duckdb*", "cache", "runs"))
    path = data / "regions/23/goals/rus-2014-2030.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    for prio in doc["priorities"]:
        for goal in prio["goals"]:
            for target in goal.get("targets", []):
                if target["indicator"] == "bredband_100_hushall":
                    target.update(target={"kind": "value", "value": 90}, target_year=2020)
                    target["milestones"] = [{"value": 40, "year": "2015/2016"}]
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    db_path = data / "laget.duckdb"
    build(db_path, data)
    return Database(db_path)


# Outcomes in the embedded data: 53,6 (okt 2015), 59 (2016), 67 (2017), 68 (2018), 73 (2019).
@pytest.mark.parametrize(
    ("year", "status", "progress", "due_year", "previous_status"),
    [
        (2014, None, Progress.UNKNOWN, 2016, None),  # nothing measured yet
        (2015, None, Progress.ON_TRACK, 2016, None),  # 53,6 already above the interim 40
        (2016, Status.MET, None, 2016, None),  # 59 against the interim 40, due in 2016
        (2017, None, Progress.ON_TRACK, 2020, Status.MET),  # 53,6 → 67: 11,8 %/yr, 10,9 % needed
        (2019, None, Progress.NOT_ON_TRACK, 2020, Status.MET),  # 53,6 → 73: 8,0 %/yr, too slow
        (2020, Status.NOT_MET, None, 2020, None),  # 73 (2019, the latest) against 90
    ],
)
def test_broadband_read_at_the_right_time(broadband_db: Database, year, status, progress, due_year, previous_status):
    results = fulfilment.evaluate(broadband_db, "23", "rus-2014-2030", year)
    result = next(r for r in results if r.indicator_id == "bredband_100_hushall")
    assert (result.status, result.progress) == (status, progress)
    assert result.due is not None and result.due.year == due_year
    assert result.previous_status == previous_status
