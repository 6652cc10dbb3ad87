"""The target form over HTTP on SQLite and PostgreSQL: an edited value changes the status on the goal page."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from dashboard import fulfilment
from dashboard.context import DB_CONFIG_KEY
from tests.test_robustness_urls import _router as router
from tests.workspace.test_web import _field, _login, _token, app  # noqa: F401  (app is the fixture)

TARGET = {"mal": "23/run-2016/25", "pos": "0"}  # ≥ 40 by 2016; the outcome 59 meets it, the report judged nothing
FORM = "/redigera/mal?" + urlencode(TARGET)


def _result(app) -> fulfilment.TargetResult:  # noqa: F811
    db = app.server.config[DB_CONFIG_KEY].snapshot()
    (result,) = [r for r in fulfilment.evaluate(db, "23", "run-2016", 2016) if r.goal_key == TARGET["mal"] and r.position == 0]
    return result


def _save(client, page: str | None = None, **fields: str):
    page = page or client.get(FORM).text
    data = {"csrf_token": _token(page), "base": _field(page, "base"), "rows": _field(page, "rows")}
    data |= {n: _field(page, n) for n in ("target_value", "target_year", "baseline_value", "baseline_year")}
    data["target_kind"] = "value"
    return client.post(FORM, data={**data, **fields})


def _goal_page(client) -> str:
    body = json.dumps(router("/mal/25", "?region=23&malset=run-2016&ar=2016"))
    answer = client.post("/_dash-update-component", data=body, content_type="application/json")
    assert answer.status_code == 200
    return json.dumps(answer.json, ensure_ascii=False)


def test_an_edited_target_value_changes_the_status_on_the_goal_page(app) -> None:  # noqa: F811
    anna = _login(app, "anna")
    assert _result(app).status.value == "met"
    before = _goal_page(anna)
    assert "Redigera målvärde" in before and "≥ 40,0 % till 2016" in before
    page = anna.get(FORM).text
    assert _field(page, "target_value") == "40" and _field(page, "target_year") == "2016"
    answer = _save(anna, page, target_value="70,5", **{"ms-0-year": "2014/2015", "ms-0-value": "55"})
    assert answer.status_code == 303
    result = _result(app)
    assert (result.target_value, result.status.value) == (70.5, "not_met")
    assert [(d.year, d.value, d.label) for d in result.milestones] == [(2015, 55.0, "2014/2015"), (2016, 70.5, "2016")]
    shown = _goal_page(anna)
    assert "≥ 55,0 % år 2014/2015, ≥ 70,5 % till 2016" in shown and "Ej uppnått" in shown and "typ=malvarde" in shown
    history = anna.get("/historik?" + urlencode({"typ": "malvarde", "id": result.target_record_id})).text
    assert "Målvärde: ”–” → ”70,5”" in history and "Delmål: ”–” → ”2014/2015: 55”" in history


def test_a_wrong_value_is_named_at_its_field_and_nothing_is_saved(app) -> None:  # noqa: F811
    anna = _login(app, "anna")
    answer = _save(anna, target_value="fyrtio", **{"ms-0-year": "2017", "ms-0-value": "45"})
    assert answer.status_code == 422
    assert 'id="target_value-error">Ange målvärdet som ett tal (till exempel 14,8), inte ”fyrtio”.' in answer.text
    assert 'id="ms-0-year-error">Ett delmål ska infalla före målåret 2016, inte 2017.' in answer.text
    answer = _save(anna, target_year="1850")
    assert answer.status_code == 422 and 'id="target_year-error">Ange ett år mellan 1900 och 2100, inte ”1850”.' in answer.text
    assert app.server.config["LAGET_WORKSPACE"].history("target", "23/run-2016/25#0") == []
    assert _result(app).status.value == "met"


def test_a_reader_and_another_regions_analyst_get_403(app) -> None:  # noqa: F811
    reader = app.server.test_client()
    answer = reader.post(FORM, data={"base": "0", "target_kind": "value", "target_value": "70"})
    assert answer.status_code == 403 and "Inget sparades" in answer.text
    assert reader.get(FORM).status_code == 302  # reading the form asks for a login
    answer = _login(app, "cilla").post(FORM, data={"base": "0", "target_kind": "value", "target_value": "70"})
    assert answer.status_code == 403 and "får inte ändra uppgifter för region 23" in answer.text
    assert _result(app).status.value == "met"


def test_a_stale_save_is_refused_and_a_deleted_version_returns_the_goal_files_value(app) -> None:  # noqa: F811
    anna, bo = _login(app, "anna"), _login(app, "bo")
    anna_page, bo_page = anna.get(FORM).text, bo.get(FORM).text
    assert _save(anna, anna_page, target_value="50").status_code == 303
    refused = _save(bo, bo_page, target_value="30")
    assert refused.status_code == 409 and "Målvärde: ”–” → ”50”" in refused.text and "anna" in refused.text
    assert "Någon annan har sparat en ändring" in refused.text and 'value="30"' in refused.text
    assert _result(app).target_value == 50.0
    page = anna.get(FORM).text
    assert anna.post(FORM, data={"csrf_token": _token(page), "base": _field(page, "base"), "action": "delete"}).status_code == 303
    assert (_result(app).target_value, _result(app).target_record_id) == (40.0, None)
