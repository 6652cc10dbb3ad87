"""The edit routes over HTTP on SQLite and PostgreSQL: login, throttling, CSRF, 403, a wrong value, two editors, history."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urlencode

import flask.testing
import pytest

from dashboard import fulfilment
from dashboard.context import DB_CONFIG_KEY
from dashboard.workspace import accounts
from dashboard.workspace.store import Workspace

PASSWORD = "ett långt lösenord"
TARGET = {"mal": "23/run-2016/n2", "pos": "0", "ar": "2016"}  # the report judged it met ("Når målet")
FORM = "/redigera/bedomning?" + urlencode(TARGET)


@pytest.fixture
def app(workspace_url: str, built_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("LAGET_WORKSPACE_URL", workspace_url)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    from dashboard.app import create_app

    dash_app = create_app(built_db)
    dash_app.server.config["LAGET_LOGIN_DELAY"] = 0
    ws: Workspace = dash_app.server.config["LAGET_WORKSPACE"]
    accounts.add_user(ws, "anna", PASSWORD, "analytiker", ["23"])
    accounts.add_user(ws, "bo", PASSWORD, "analytiker", ["23"])
    accounts.add_user(ws, "cilla", PASSWORD, "analytiker", ["01"])
    return dash_app


def _token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _field(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


def _login(app, name: str) -> flask.testing.FlaskClient:
    client = app.server.test_client()
    page = client.get("/logga-in").text
    answer = client.post("/logga-in", data={"csrf_token": _token(page), "name": name, "password": PASSWORD, "next": "/"})
    assert answer.status_code == 302
    return client


def _status(app) -> str:
    db = app.server.config[DB_CONFIG_KEY].snapshot()
    (result,) = [r for r in fulfilment.evaluate(db, "23", "run-2016", 2016) if r.goal_key == TARGET["mal"] and r.position == 0]
    return result.status.value


def _save(client, **fields: str):
    page = client.get(FORM).text
    data = {"csrf_token": _token(page), "base": _field(page, "base"), "status": "not_met", "words": "Når inte", "source": "Test"}
    return client.post(FORM, data={**data, **fields})


def test_a_judgement_saved_in_the_form_counts_at_once(app) -> None:
    assert _status(app) == "met"
    answer = _save(_login(app, "anna"), reason="Siffran reviderades")
    assert answer.status_code == 303
    assert _status(app) == "not_met"
    ws = app.server.config["LAGET_WORKSPACE"]
    history = ws.history("judgement", "23/run-2016/n2#0@2016")
    assert [(v.author, v.data["status"]) for v in history] == [("målfilerna", "met"), ("anna", "not_met")]


def test_a_wrong_value_is_named_at_its_field_and_nothing_is_saved(app) -> None:
    answer = _save(_login(app, "anna"), status="kanske", source="")
    assert answer.status_code == 422
    assert 'id="status-error">Välj en status: Uppnått, Delvis uppnått, Ej uppnått, Data saknas.' in answer.text
    assert 'id="source-error">Skriv källan' in answer.text
    assert _status(app) == "met"


def test_the_second_of_two_editors_is_refused_and_shown_the_first_change(app) -> None:
    anna, bo = _login(app, "anna"), _login(app, "bo")
    anna_page, bo_page = anna.get(FORM).text, bo.get(FORM).text
    base = _field(anna_page, "base")
    first = {"csrf_token": _token(anna_page), "base": base, "status": "partly_met", "words": "Annas ord", "source": "Annas källa"}
    assert anna.post(FORM, data=first).status_code == 303
    second = {"csrf_token": _token(bo_page), "base": base, "status": "not_met", "words": "Bos ord", "source": "Bos källa"}
    refused = bo.post(FORM, data=second)
    assert refused.status_code == 409
    assert "Någon annan har sparat en ändring" in refused.text and "anna" in refused.text
    assert "Rapportens ord: ”Når målet” → ”Annas ord”" in refused.text
    assert "Bos ord" in refused.text  # Bo's text stays in the form
    assert _status(app) == "partly_met"
    again = {**second, "csrf_token": _token(refused.text), "base": _field(refused.text, "base")}
    assert bo.post(FORM, data=again).status_code == 303  # saving again, knowingly, replaces it
    assert _status(app) == "not_met"


def test_a_forged_form_without_csrf_token_is_refused(app) -> None:
    client = _login(app, "anna")
    page = client.get(FORM).text
    answer = client.post(FORM, data={"base": _field(page, "base"), "status": "not_met", "words": "x", "source": "y"})
    assert answer.status_code == 400 and "säkerhetskod (CSRF)" in answer.text
    assert _status(app) == "met"


def test_a_reader_and_another_regions_analyst_get_403(app) -> None:
    reader = app.server.test_client()
    answer = reader.post(FORM, data={"base": "1", "status": "not_met", "words": "x", "source": "y"})
    assert answer.status_code == 403 and "Du måste vara inloggad som analytiker" in answer.text
    assert reader.get(FORM).status_code == 302  # reading the form asks for a login
    other = _login(app, "cilla")
    answer = other.post(FORM, data={"base": "1", "status": "not_met", "words": "x", "source": "y"})
    assert answer.status_code == 403 and "får inte ändra uppgifter för region 23" in answer.text
    assert _status(app) == "met"


def test_login_is_slowed_then_stopped_per_user(app) -> None:
    client = app.server.test_client()
    token = _token(client.get("/logga-in").text)
    for _ in range(accounts.MAX_FAILURES_USER):
        answer = client.post("/logga-in", data={"csrf_token": token, "name": "anna", "password": "fel"})
        assert answer.status_code == 401 and "Fel användarnamn eller lösenord" in answer.text
    stopped = client.post("/logga-in", data={"csrf_token": token, "name": "anna", "password": PASSWORD})
    assert stopped.status_code == 429 and "För många misslyckade inloggningar" in stopped.text
    assert _login(app, "bo")  # another user is not stopped


def test_the_session_cookie_is_httponly_samesite_and_secure_over_https(app) -> None:
    client = app.server.test_client()
    page = client.get("/logga-in", base_url="https://localhost").text
    answer = client.post(
        "/logga-in",
        base_url="https://localhost",
        headers={"Referer": "https://localhost/logga-in"},  # over https Flask-WTF also checks the referrer
        data={"csrf_token": _token(page), "name": "anna", "password": PASSWORD},
    )
    assert answer.status_code == 302
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


def test_a_comment_is_added_edited_and_restored_from_its_history(app) -> None:
    client = _login(app, "anna")
    new = "/redigera/kommentar?" + urlencode({"indikator": "foretagsamhet", "omrade": "23", "period": "2016", "tillbaka": "/"})
    page = client.get(new).text
    bad = client.post(new, data={"csrf_token": _token(page), "base": "0", "period": "sextio", "text": "Ny text"})
    assert bad.status_code == 422 and "Ange perioden som 2016, 2016-10 eller 2016K4" in bad.text
    assert client.post(new, data={"csrf_token": _token(page), "base": "0", "period": "2016", "text": "Första"}).status_code == 303
    ws = app.server.config["LAGET_WORKSPACE"]
    (mine,) = [v for v in ws.current("comment") if v.data["text"] == "Första"]
    edit = "/redigera/kommentar?" + urlencode({"id": mine.record_id})
    page = client.get(edit).text
    client.post(edit, data={"csrf_token": _token(page), "base": "1", "period": "2016", "text": "Andra"})
    history = client.get("/historik?" + urlencode({"typ": "kommentar", "id": mine.record_id})).text
    assert "Kommentar: ”Första” → ”Andra”" in history
    answer = client.post(
        "/historik/aterstall",
        data={"csrf_token": _token(history), "typ": "kommentar", "id": mine.record_id, "version": "1", "base": "2"},
    )
    assert answer.status_code == 303
    assert [v.data["text"] for v in ws.history("comment", mine.record_id)] == ["Första", "Andra", "Första"]
    assert ws.history("comment", mine.record_id)[-1].note == "Återställd till version 1"


def test_per_shows_the_judgement_and_comments_as_they_were_at_the_end_of_that_day(app, monkeypatch) -> None:
    from dashboard.workspace import read, store

    clock = {"at": dt.datetime(2026, 3, 1, 22, 30, tzinfo=dt.UTC)}  # 23:30 in Sweden: still the 1st there
    monkeypatch.setattr(store, "now", lambda: clock["at"])
    anna = _login(app, "anna")
    assert _save(anna, words="Första bedömningen").status_code == 303
    clock["at"] = dt.datetime(2026, 6, 1, 8, 0, tzinfo=dt.UTC)
    assert _save(anna, status="partly_met", words="Andra bedömningen").status_code == 303
    ws: Workspace = app.server.config["LAGET_WORKSPACE"]
    comment = {"indicator_id": "x", "area_code": "23", "period": "2016", "text": "Skriven i juni", "author": "anna"}
    ws.save("comment", "c1", "23", {**comment, "created_at": "2026-06-01"}, 0, "anna")

    def judged(per: dt.date | None) -> tuple[str, str]:
        db = app.server.config[DB_CONFIG_KEY].snapshot()
        results = fulfilment.evaluate(db, "23", "run-2016", 2016, per)
        (result,) = [r for r in results if r.goal_key == TARGET["mal"] and r.position == 0]
        return result.status.value, result.recorded.words if result.recorded else ""

    assert judged(None) == ("partly_met", "Andra bedömningen")
    assert judged(dt.date(2026, 5, 31)) == ("not_met", "Första bedömningen")
    assert judged(dt.date(2026, 3, 1)) == ("not_met", "Första bedömningen")
    assert judged(dt.date(2026, 2, 28)) == ("met", "Når målet")  # the goal files' judgement, the seed
    db = app.server.config[DB_CONFIG_KEY].snapshot()
    assert list(read.comments_for(db, ("x",), ("23",))["text"]) == ["Skriven i juni"]
    assert read.comments_for(db, ("x",), ("23",), dt.date(2026, 5, 31)).empty
