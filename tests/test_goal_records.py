"""Goal files with a rule, milestones, recorded judgements and published counts: read, checked and loaded."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest
import yaml

from etl.build import build
from etl.config import ConfigError, load_config

GOAL_FILE = "regions/23/goals/run-2016.yaml"


def _edit(data_dir: Path, change) -> None:
    path = data_dir / GOAL_FILE
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _first_target(doc: dict) -> dict:
    return doc["priorities"][0]["goals"][0]["targets"][0]


def _with_records(doc: dict) -> None:
    doc["published"] = dt.date(2017, 2, 27)
    doc["rule"] = {"tolerance": 0.1, "source": "Bokslut december 2016", "words": "Målavvikelse med mindre än 10 procent"}
    doc["published_counts"] = [
        {"year": 2016, "priority": doc["priorities"][0]["id"], "met": 1, "partly_met": 0, "not_met": 1, "source": "Bokslut"}
    ]
    target = _first_target(doc)
    target["target"] = {"kind": "value", "value": 90}
    target["target_year"] = 2020
    target["milestones"] = [{"value": 40, "year": "2015/2016"}]
    target["judgements"] = [{"year": 2016, "status": "met", "words": "Når målet", "source": "Bokslut", "line": 12}]
    target["unsourced"] = "Målåret anges inte i någon källa"
    target.pop("baseline", None)


def test_rule_milestones_judgements_and_counts_reach_the_database(data_copy: Path, tmp_path: Path):
    _edit(data_copy, _with_records)
    db = tmp_path / "l.duckdb"
    build(db, data_copy)
    con = duckdb.connect(str(db), read_only=True)
    key = con.execute(
        "SELECT goal_key FROM goals WHERE goal_set = 'run-2016' AND region_code = '23' ORDER BY position LIMIT 1"
    ).fetchone()[0]
    due = con.execute(
        "SELECT due_year, value, label, final FROM milestones WHERE goal_key = ? ORDER BY due_year", [key]
    ).fetchall()
    assert due == [(2016, 40.0, "2015/2016", False), (2020, 90.0, "2020", True)]
    assert con.execute("SELECT year, status, words, line FROM judgements WHERE goal_key = ?", [key]).fetchall() == [
        (2016, "met", "Når målet", 12)
    ]
    rule = con.execute(
        "SELECT published, tolerance, tolerance_kind, baseline_equal_counts, rule_words FROM goal_sets WHERE goal_set = 'run-2016'"
    ).fetchone()
    assert rule == (dt.date(2017, 2, 27), 0.1, "relative", False, "Målavvikelse med mindre än 10 procent")
    assert con.execute("SELECT met, not_met, measured FROM published_counts WHERE goal_set = 'run-2016'").fetchall() == [
        (1, 1, None)
    ]
    unsourced = con.execute("SELECT unsourced FROM targets WHERE goal_key = ? AND position = 0", [key]).fetchone()[0]
    assert unsourced == "Målåret anges inte i någon källa"


def test_a_goal_set_without_a_rule_gets_the_default_marked_as_not_stated():
    from etl.paths import DATA_DIR

    config = load_config(DATA_DIR)
    for region in config.regions:
        for gs in region.goal_sets:
            if gs.rule.source is None:
                assert (gs.rule.tolerance, gs.rule.tolerance_kind) == (0.10, "relative")


@pytest.mark.parametrize(
    ("change", "path", "reason"),
    [
        (lambda t: t.update(milestones=[{"value": 40, "year": 2021}]), "milestones[0].year", "before the target year 2020"),
        (lambda t: t.update(milestones=[{"value": 40, "year": "2016/2015"}]), "milestones[0].year", "span such as 2015/2016"),
        (lambda t: t.update(milestones=[{"year": 2016}]), "milestones[0].value", "needs a number"),
        (
            lambda t: t.update(milestones=[{"value": 1, "year": 2017}, {"value": 2, "year": 2016}]),
            "milestones[1].year",
            "year order",
        ),
        (lambda t: t.update(judgements=[{"year": 2016, "status": "green", "words": "x", "source": "y"}]), "status", "met"),
        (lambda t: t.update(judgements=[{"year": 2016, "status": "met", "source": "y"}]), "words", "missing text"),
        (lambda t: t.update(unsourced=""), "unsourced", "sentence"),
    ],
)
def test_a_bad_milestone_or_judgement_names_its_field(data_copy: Path, change, path: str, reason: str):
    def edit(doc):
        _with_records(doc)
        change(_first_target(doc))

    _edit(data_copy, edit)
    with pytest.raises(ConfigError) as caught:
        load_config(data_copy)
    found = [p for p in caught.value.problems if p.path.endswith(path)]
    assert found, str(caught.value)
    assert reason in found[0].reason
    assert found[0].file == f"data/{GOAL_FILE}"


@pytest.mark.parametrize(
    ("rule", "path"),
    [
        ({"tolerance": 1.5, "source": "x"}, "rule.tolerance"),
        ({"tolerance_kind": "percent", "source": "x"}, "rule.tolerance_kind"),
        ({"baseline_equal_counts": "ja", "source": "x"}, "rule.baseline_equal_counts"),
        ({"tolerance": 0.1}, "rule.source"),
    ],
)
def test_a_bad_rule_names_its_field(data_copy: Path, rule: dict, path: str):
    _edit(data_copy, lambda doc: doc.update(rule=rule))
    with pytest.raises(ConfigError) as caught:
        load_config(data_copy)
    assert [p.path for p in caught.value.problems] == [path]


def test_published_counts_must_name_a_priority_of_the_file(data_copy: Path):
    counts = [{"year": 2016, "priority": "no-such", "met": 1, "partly_met": 0, "not_met": 0, "source": "x"}]
    _edit(data_copy, lambda doc: doc.update(published_counts=counts))
    with pytest.raises(ConfigError) as caught:
        load_config(data_copy)
    assert "'no-such' is not a priority id" in str(caught.value)
