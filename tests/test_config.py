"""Goal files and the catalogue: every error reported at once, with file, path and reason; no database from a broken file."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
import yaml

from etl.build import build
from etl.cli import main
from etl.config import ConfigError, load_config
from etl.paths import DATA_DIR


def _edit_yaml(path: Path, change) -> None:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_shipped_configuration_is_valid():
    config = load_config(DATA_DIR)
    regions = {r.code: r for r in config.regions}
    assert set(regions) == {"06", "23"}
    assert regions["23"].processed_by == "Region Jämtland Härjedalen"
    jh = {g.goal_set: g for g in regions["23"].goal_sets}
    rus = jh["rus-2014-2030"]
    assert [g.goal_id for g in rus.goals] == [str(n) for n in range(1, 37)]
    assert len({g.priority for g in rus.goals}) == 7
    assert any(not g.targets for g in rus.goals), "goals without an indicator are kept"
    kinds = {t.target_kind for gs in (rus, jh["run-2016"]) for g in gs.goals for t in g.targets}
    assert {"value", "riket", "baseline"} <= kinds
    assert {g.goal_set for g in regions["06"].goal_sets} == {"rus-2020-2035", "ana-2021", "rlk-2021"}


def test_every_error_is_reported_at_once(data_copy: Path):
    goal_file = data_copy / "regions/23/goals/run-2016.yaml"

    def break_it(doc):
        targets = doc["priorities"][0]["goals"][0]["targets"]
        targets[0]["indicator"] = "no_such_indicator"
        del targets[0]["target"]
        second = doc["priorities"][0]["goals"][1]["targets"][0]
        second["target_year"] = 2010
        second["baseline"] = {"value": 1, "year": 2015}
        second["sex"] = "X"

    _edit_yaml(goal_file, break_it)
    with pytest.raises(ConfigError) as caught:
        load_config(data_copy)
    problems = caught.value.problems
    text = str(caught.value)
    assert all(p.file == "data/regions/23/goals/run-2016.yaml" for p in problems)
    reasons = {p.path: p.reason for p in problems}
    assert "unknown indicator 'no_such_indicator'" in reasons["priorities[0].goals[0].targets[0].indicator"]
    assert "missing target" in reasons["priorities[0].goals[0].targets[0].target"]
    assert "before the baseline year 2015" in reasons["priorities[0].goals[1].targets[0].target_year"]
    assert "must be T, K or M" in reasons["priorities[0].goals[1].targets[0].sex"]
    assert len(problems) == 4
    assert "4 problem(s)" in text


def test_catalogue_errors_name_the_field(data_copy: Path):
    def break_it(doc):
        doc["indicators"]["foretagsamhet"]["direction"] = "up"
        doc["indicators"]["foretagsamhet"]["decimals"] = "one"

    _edit_yaml(data_copy / "indicators.yaml", break_it)
    with pytest.raises(ConfigError) as caught:
        load_config(data_copy)
    paths = {p.path for p in caught.value.problems}
    assert {"indicators.foretagsamhet.direction", "indicators.foretagsamhet.decimals"} <= paths


def test_invalid_yaml_names_the_line(data_copy: Path):
    (data_copy / "regions/06/goals/ana-2021.yaml").write_text("id: ana-2021\npriorities: [\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(data_copy)
    assert any(p.file.endswith("ana-2021.yaml") and "not valid YAML" in p.reason for p in caught.value.problems)


def test_broken_goal_file_builds_no_database(data_copy: Path, tmp_path: Path, capsys):
    db = tmp_path / "laget.duckdb"
    build(db, data_copy)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    _edit_yaml(data_copy / "regions/23/goals/rus-2014-2030.yaml", lambda d: d["priorities"][0]["goals"][0].update(title=""))
    code = main(["--data", str(data_copy), "build", "--db", str(db)])
    err = capsys.readouterr().err
    assert code == 2
    found = re.search(r"rus-2014-2030\.yaml:(\d+): priorities\[0\]\.goals\[0\]\.title: missing title", err)
    assert found, err
    lines = (data_copy / "regions/23/goals/rus-2014-2030.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[int(found[1]) - 1].strip() == "title: ''"
    assert "previous database is unchanged" in err
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert not (tmp_path / "laget.duckdb.tmp").exists()
