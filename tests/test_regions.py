"""Every län is a region: set-up with `python -m etl region new`, validation that names the line, the
comparison export of every region, and who the "Bearbetning:" line names."""

from __future__ import annotations

import io
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from dashboard import figures
from dashboard.db import Database
from dashboard.exports.dialog import build_deck
from dashboard.indicator_view import indicator_data
from dashboard.kommun_view import KommunState
from etl.areas import read_areas
from etl.build import build
from etl.cli import main
from etl.config import ConfigError, load_config
from etl.paths import DATA_DIR

AREAS = read_areas(DATA_DIR / "areas.csv")
LAN = dict(AREAS.loc[AREAS["level"] == "lan", ["area_code", "name"]].itertuples(index=False))


def test_region_new_writes_a_valid_region_with_the_lan_name(data_copy: Path, tmp_path: Path, capsys):
    assert main(["--data", str(data_copy), "region", "new", "20"]) == 0
    folder = data_copy / "regions" / "20"
    assert sorted(p.name for p in folder.rglob("*")) == ["comments.yaml", "egna-mal.yaml", "goals", "region.yaml"]
    assert "name: Dalarnas län" in (folder / "region.yaml").read_text(encoding="utf-8")
    assert "priorities: []" in (folder / "goals" / "egna-mal.yaml").read_text(encoding="utf-8")
    region = {r.code: r for r in load_config(data_copy).regions}["20"]
    assert (region.name, region.default_goal_set, region.processed_by) == ("Dalarnas län", "egna-mal", "Läget i länet")
    db = tmp_path / "laget.duckdb"
    build(db, data_copy)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT name, configured FROM regions WHERE region_code = '20'").fetchone() == ("Dalarnas län", True)
    capsys.readouterr()
    assert main(["--data", str(data_copy), "region", "new", "20"]) == 2
    assert "exists already" in capsys.readouterr().err
    assert main(["--data", str(data_copy), "region", "new", "99"]) == 2
    assert "'99' is not a län code" in capsys.readouterr().err


def test_a_problem_names_the_line_of_the_file(data_copy: Path):
    goal_file = data_copy / "regions/23/goals/run-2016.yaml"
    lines = goal_file.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("- indicator:"))
    lines[at] = lines[at].split("indicator:")[0] + "indicator: no_such_indicator"
    goal_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(data_copy)
    (problem,) = caught.value.problems
    assert problem.line == at + 1
    assert str(problem).startswith(f"data/regions/23/goals/run-2016.yaml:{at + 1}: priorities[")


def test_a_missing_key_names_the_line_of_its_parent(data_copy: Path):
    region_file = data_copy / "regions/06/region.yaml"
    text = region_file.read_text(encoding="utf-8").replace("processed_by:", "procesed_by:")
    region_file.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(data_copy)
    (problem,) = caught.value.problems
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("procesed_by"))
    assert (problem.path, problem.line) == ("procesed_by", line)
    assert "unknown key" in problem.reason


def test_every_lan_is_a_region_those_with_goals_first(built_db: Path):
    from dashboard import queries

    regions = queries.regions(Database(built_db))
    assert len(regions) == 21 and set(regions["region_code"]) == set(LAN)
    assert set(regions["region_code"][:2]) == {"06", "23"} and regions["has_goals"][:2].all()
    others = regions[~regions["has_goals"]]
    assert (others["name"] == others["region_code"].map(LAN)).all()
    assert set(others["processed_by"]) == {"Läget i länet"}


@pytest.fixture(scope="module")
def client(built_db: Path):
    from dashboard.app import create_app

    return create_app(built_db).server.test_client()


@pytest.mark.parametrize("code", sorted(LAN))
def test_rapport_xlsx_opens_for_every_region_and_names_it(client, built_db: Path, code: str):
    response = client.get(f"/export/rapport.xlsx?region={code}")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.data))
    text = [str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    con = duckdb.connect(str(built_db), read_only=True)
    name, processed_by = con.execute("SELECT name, processed_by FROM regions WHERE region_code = ?", [code]).fetchone()
    assert any(name in t for t in text[:3])
    assert any(f"Bearbetning: {processed_by}." in t for t in text)
    if code != "23":
        assert not any("Jämtland" in t for t in text)


def test_the_comparison_workbook_has_the_lans_unemployment(client, built_db: Path):
    con = duckdb.connect(str(built_db), read_only=True)
    value, riket = con.execute(
        """SELECT l.value, r.value FROM latest l JOIN latest r ON r.indicator_id = l.indicator_id AND r.period = l.period
           AND r.sex = 'T' AND r.area_code = '00'
           WHERE l.indicator_id = 'arbetsloshet_20_64' AND l.area_code = '14' AND l.sex = 'T' ORDER BY l.period DESC LIMIT 1"""
    ).fetchone()
    ws = load_workbook(io.BytesIO(client.get("/export/rapport.xlsx?region=14").data)).active
    row = next(r for r in ws.iter_rows(values_only=True) if r[0] == "Arbetslöshet 20–64 år")
    assert row[2:5] == (value, riket, round(value - riket, 1))
    assert client.get("/export/rapport.pdf?region=14").status_code == 404


def test_bearbetning_names_the_regions_configuration(built_db: Path):
    db = Database(built_db)
    assert {s.source.rsplit("Bearbetning: ", 1)[1] for s in build_deck(db, "14").slides} == {"Läget i länet."}
    assert {s.source.rsplit("Bearbetning: ", 1)[1] for s in build_deck(db, "23").slides} == {"Region Jämtland Härjedalen."}
    data = indicator_data(db, KommunState("arbetsloshet_20_64", "14", "2022").indicator_state())
    assert figures.source_text(data).endswith("Bearbetning: Läget i länet.")


@pytest.mark.parametrize("code", sorted(LAN))
def test_the_kommun_map_of_every_lan_draws_all_its_kommuner(built_db: Path, code: str):
    db = Database(built_db)
    data = indicator_data(db, KommunState("folkmangd", code, "2024").indicator_state())
    fig = figures.kommun_map_figure(data)
    drawn = {loc for trace in fig["data"] for loc in trace["locations"]}
    assert drawn == set(AREAS.loc[AREAS["parent_code"] == code, "area_code"])
    assert data.lan_name == LAN[code]
