"""Two sources feeding one indicator: the higher precedence wins a shared cell, in a run and across runs."""

from __future__ import annotations

import duckdb
import pytest

from etl.refresh import refresh
from etl.sources.spec import SourcesError, load_sources

TWO = """
sources:
  - id: sjukpenningtal_hog
    indicator: sjukpenningtal
    precedence: 20
    kind: kolada
    kpi: N00938
    evidence: "test"
    areas: ["@riket"]
    years_from: 2022
    cadence: yearly
  - id: sjukpenningtal_lag
    indicator: sjukpenningtal
    precedence: 10
    kind: kolada
    kpi: N00938
    evidence: "test"
    areas: ["@riket", "@lan", "@kommuner"]
    years_from: 2022
    cadence: yearly
"""


def test_two_sources_of_one_indicator_need_their_own_precedence(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text(TWO.replace("precedence: 10", "precedence: 20"), encoding="utf-8")
    with pytest.raises(
        SourcesError,
        match=r"indicator sjukpenningtal: fed by sjukpenningtal_hog \(20\), sjukpenningtal_lag \(20\): give each a different precedence",
    ):
        load_sources(path)


def test_the_higher_source_wins_in_a_run_and_across_runs(fake_api, fast_http, data_dir, tmp_path):
    sources = tmp_path / "two.yaml"
    sources.write_text(TWO, encoding="utf-8")
    db = tmp_path / "laget.duckdb"
    kw = {"sources_path": sources, "http": fast_http, "cache_root": tmp_path / "cache"}
    first = {o.source: o for o in refresh(db, data_dir, **kw).outcomes}
    assert first["sjukpenningtal_hog"].appended > 0
    low = first["sjukpenningtal_lag"]
    assert low.appended == 0 and f"{low.received} rows left to sjukpenningtal_hog (higher precedence)" in low.message
    # next run the higher source is down: the lower one still does not overwrite its cells as revisions
    fake_api.fail("/kolada/data/kpi/N00938/municipality/0000/", *[(503, {}, "down", 0)] * 5)
    second = {o.source: o for o in refresh(db, data_dir, keep_going=True, **kw).outcomes}
    assert second["sjukpenningtal_hog"].status == "failed"
    assert second["sjukpenningtal_lag"].appended == 0 and second["sjukpenningtal_lag"].changed == 0
    con = duckdb.connect(str(db), read_only=True)
    sources_of_latest = {
        r[0]
        for r in con.execute(
            "SELECT r.source FROM latest l JOIN runs r USING (run_id) WHERE l.indicator_id = 'sjukpenningtal'"
        ).fetchall()
    }
    con.close()
    assert "sjukpenningtal_hog" in sources_of_latest and "sjukpenningtal_lag" not in sources_of_latest
