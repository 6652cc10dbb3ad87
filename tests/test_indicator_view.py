"""The indicator page's URL state, the data it gathers, the search and the figures' text — over the real database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dashboard import figures
from dashboard.db import Database
from dashboard.indicator_view import (
    IndicatorState,
    indicator_data,
    next_publication,
    rank_of,
    resolve_indicator_state,
    unknown_params,
)
from dashboard.kommun_view import resolve_kommun_state
from dashboard.search import search
from dashboard.status import Status
from dashboard.trajectory import Trajectory


@pytest.fixture(scope="module")
def db(built_db: Path) -> Database:
    return Database(built_db)


def test_defaults_are_the_region_all_periods_and_the_latest_comparable_period(db: Database):
    state, messages = resolve_indicator_state(db, "arbetsloshet_20_64", {})
    assert messages == []
    assert state == IndicatorState("arbetsloshet_20_64", "23", "T", None, None, "2022")


def test_the_url_state_round_trips(db: Database):
    params = {
        "omrade": "06",
        "kon": "T",
        "fran": "2020-06",
        "till": "2023-06",
        "ar": "2022-01",
        "malset": "rus-2020-2035",
        "mal": "5",
    }
    state, messages = resolve_indicator_state(db, "arbetsloshet_20_64_manad", params)
    assert messages == []
    assert state.href() == "/indikator/arbetsloshet_20_64_manad?" + "&".join(f"{k}={v}" for k, v in params.items())


@pytest.mark.parametrize(
    ("params", "parameter", "expected"),
    [
        ({"omrade": "99"}, "omrade", {"area_code": "23"}),
        ({"kon": "X"}, "kon", {"sex": "T"}),
        ({"fran": "1990"}, "fran", {"period_from": None}),
        ({"till": "abc"}, "till", {"period_to": None}),
        ({"ar": "1999"}, "ar", {"period": "2022"}),
    ],
)
def test_a_bad_parameter_is_named_in_swedish_and_replaced_by_a_default(db: Database, params, parameter, expected):
    state, messages = resolve_indicator_state(db, "arbetsloshet_20_64", params)
    assert len(messages) == 1
    assert f"parametern {parameter}" in messages[0]
    for key, value in expected.items():
        assert getattr(state, key) == value


def test_swapped_periods_are_put_in_order(db: Database):
    state, messages = resolve_indicator_state(db, "arbetsloshet_20_64", {"fran": "2022", "till": "2020"})
    assert (state.period_from, state.period_to) == ("2020", "2022")
    assert "bytt plats" in messages[0]


def test_an_indicator_only_for_women_defaults_to_women(db: Database):
    state, _ = resolve_indicator_state(db, "kvinnor_18_30", {})
    assert state.sex == "K"


def test_unknown_parameters_are_reported():
    assert unknown_params({"omrade": "23", "foo": "1"}, ("omrade",)) == ["Okänd parameter ”foo” ignorerades."]


def test_position_among_the_21_lan_and_gap_to_riket(db: Database):
    state, _ = resolve_indicator_state(db, "arbetsloshet_20_64", {"omrade": "23", "ar": "2022"})
    data = indicator_data(db, state)
    lan = data.lan.set_index("area_code")["value"]
    riket = float(data.riket.set_index("period").loc["2022", "value"])
    assert len(lan) == 21
    assert data.position.rank == 1 + int((lan < lan["23"]).sum())  # lower unemployment is better
    assert data.position.of == 21
    assert data.position.gap_to_riket == pytest.approx(lan["23"] - riket)


def test_rank_counts_strictly_better_areas():
    import pandas as pd

    frame = pd.DataFrame({"area_code": ["a", "b", "c", "d"], "value": [1.0, 2.0, 2.0, float("nan")]})
    assert [rank_of(frame, c, "higher") for c in "abcd"] == [3, 1, 1, None]
    assert rank_of(frame, "a", "lower") == 1


def test_goal_targets_carry_status_and_trajectory_per_goal(db: Database):
    state, _ = resolve_indicator_state(db, "foretagsamhet", {"omrade": "23"})
    data = indicator_data(db, state)
    goal_sets = {g.goal_set: g for g in data.goals}
    assert set(goal_sets) == {"rus-2014-2030", "run-2016"}
    run = goal_sets["run-2016"]
    assert run.result.status is Status.MET  # 14,8 % in 2016 against the baseline 14,5 %
    assert run.trajectory.category is Trajectory.ON_TRACK  # no number target: +2,1 % a year observed growth
    assert run.trajectory.method == "trend"


def test_kommun_values_of_the_region_and_a_missing_map_says_so(db: Database):
    state, _ = resolve_indicator_state(db, "fiber_hushall", {"omrade": "23", "ar": "2019"})
    data = indicator_data(db, state)
    assert sorted(data.kommuner["area_name"]) == sorted(
        ["Berg", "Bräcke", "Härjedalen", "Krokom", "Ragunda", "Strömsund", "Åre", "Östersund"]
    )
    assert not figures.figure_meta(figures.kommun_map_figure(data))["empty"]
    other, _ = resolve_indicator_state(db, "arbetsloshet_20_64", {"omrade": "23"})
    empty = figures.kommun_map_figure(indicator_data(db, other))
    assert figures.figure_meta(empty)["empty"] and figures.figure_meta(empty)["alt"] == "Data saknas för kommunerna."


def test_every_figure_has_a_title_source_and_text_alternative_in_both_styles(db: Database):
    state, _ = resolve_indicator_state(db, "arbetsloshet_20_64", {"omrade": "23"})
    data = indicator_data(db, state)
    for make in (
        figures.trend_figure,
        figures.lan_bars_figure,
        figures.kommun_map_figure,
        figures.kommun_bars_figure,
        figures.sex_figure,
    ):
        screen, report = make(data), make(data, style="report")
        meta = figures.figure_meta(screen)
        assert screen["layout"]["separators"] == ", "
        assert meta["source"].startswith("Källa: SCB")
        assert "Bearbetning: Region Jämtland Härjedalen." in meta["source"]
        assert meta["alt"]
        assert report["layout"]["title"]["text"] == meta["title"]
        assert any(a["text"] == meta["source"] for a in report["layout"]["annotations"])
    lan = figures.figure_meta(figures.lan_bars_figure(data))
    assert "4. Jämtlands län 3,6 %" in lan["alt"]
    assert lan["alt"].endswith("Riket: 5,2 %.")


def test_the_map_needs_no_network(db: Database):
    state, _ = resolve_indicator_state(db, "folkmangd", {"omrade": "23"})
    fig = figures.kommun_map_figure(indicator_data(db, state))
    assert fig["layout"]["geo"]["visible"] is False  # no base map: nothing to fetch but the shapes it carries
    assert all(t["type"] == "choropleth" and isinstance(t["geojson"], dict) for t in fig["data"])


def test_next_publication_from_the_source_list(db: Database):
    assert next_publication(db, "arbetsloshet_20_64", "2022", dt.date(2023, 6, 1)).startswith("2023, omkring")
    assert next_publication(db, "run_kultur_nojdhet", "2016") == "okänd"


def test_a_publication_past_its_day_is_overdue_with_the_day_it_was_expected(db: Database, monkeypatch):
    # arbetsloshet_20_64_manad: monthly, 2024-02 ends 29 Feb, 60 days lag per data/sources.yaml
    assert next_publication(db, "arbetsloshet_20_64_manad", "2024-01", dt.date(2024, 4, 1)).startswith(
        "feb 2024, omkring april 2024 ("
    )
    late = "feb 2024 – försenad: väntades omkring 29 april 2024 (publiceras månadsvis"
    assert next_publication(db, "arbetsloshet_20_64_manad", "2024-01", dt.date(2026, 12, 2)).startswith(late)
    monkeypatch.setenv("LAGET_TODAY", "2026-12-02")  # the one clock the page and `etl status` read
    assert next_publication(db, "arbetsloshet_20_64_manad", "2024-01").startswith(late)


def test_kommun_state_defaults_and_messages(db: Database):
    state, messages = resolve_kommun_state(db, {})
    assert messages == [] and state.region_code == "23" and state.period
    state, messages = resolve_kommun_state(db, {"indikator": "ki_bygg", "region": "99", "ar": "1800"})
    assert len(messages) == 3
    for parameter in ("indikator", "region", "ar"):
        assert any(f"(parametern {parameter}" in m for m in messages), messages


def test_kommun_page_opens_on_what_the_lan_has(db: Database):
    obs = db.query(
        """SELECT l.indicator_id, count(DISTINCT l.area_code) AS n, max(l.period) AS latest FROM latest l JOIN areas a USING (area_code)
           WHERE a.level = 'kommun' AND a.parent_code = '23' AND l.sex = 'T' GROUP BY ALL ORDER BY n DESC, latest DESC"""
    )
    state, messages = resolve_kommun_state(db, {"region": "23"})
    assert messages == [] and (state.indicator_id, state.period) == (obs["indicator_id"].iloc[0], obs["latest"].iloc[0])
    state, messages = resolve_kommun_state(db, {"region": "14"})  # a län without goal files is still a län
    assert messages == [] and state.region_code == "14"


def test_an_indicator_with_only_kommun_values_opens_on_a_kommun_with_values(db: Database):
    state, messages = resolve_indicator_state(db, "fiber_hushall", {})
    kommun = db.query("SELECT parent_code FROM areas WHERE area_code = ?", [state.area_code])
    assert messages == [] and kommun["parent_code"].iloc[0] == "23"
    assert not indicator_data(db, state).series.empty


def test_search_finds_indicators_and_goals(db: Database):
    hits = search(db, "arbetslöshet")
    assert hits[0].kind == "Indikator" and "Arbetslöshet" in hits[0].title
    kultur = search(db, "KULTUR")
    assert any(h.kind == "Mål" and h.link.startswith("/mal/") for h in kultur)
    assert search(db, "   ") == []
    assert search(db, "qwxyzzy") == []
