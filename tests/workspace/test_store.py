"""The store on SQLite and PostgreSQL: versions, two editors, a kill -9 during a save, accounts, throttling."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from dashboard.workspace import accounts
from dashboard.workspace.store import Conflict, Workspace

ROOT = Path(__file__).resolve().parents[2]
JUDGEMENT = {
    "goal_key": "23/run-2016/1.1",
    "position": 0,
    "year": 2016,
    "status": "met",
    "words": "Når målet",
    "source": "Bokslut",
}


def test_every_change_is_a_new_version_and_the_newest_is_current(store: Workspace) -> None:
    store.save("judgement", "j1", "23", JUDGEMENT, 0, "anna")
    store.save("judgement", "j1", "23", {**JUDGEMENT, "status": "not_met"}, 1, "bo")
    history = store.history("judgement", "j1")
    assert [(v.version, v.author, v.data["status"]) for v in history] == [(1, "anna", "met"), (2, "bo", "not_met")]
    assert [v.data["status"] for v in store.current("judgement", "23")] == ["not_met"]
    assert store.current("judgement", "01") == []
    assert store.version() == history[-1].id


def test_a_stale_save_is_refused_with_the_other_change_and_nothing_is_lost(store: Workspace) -> None:
    store.save("judgement", "j1", "23", JUDGEMENT, 0, "anna")
    store.save("judgement", "j1", "23", {**JUDGEMENT, "words": "Anna ändrade"}, 1, "anna")
    with pytest.raises(Conflict) as refused:
        store.save("judgement", "j1", "23", {**JUDGEMENT, "words": "Bo ändrade"}, 1, "bo")
    assert refused.value.current.author == "anna" and refused.value.current.data["words"] == "Anna ändrade"
    assert refused.value.previous.data["words"] == "Når målet"
    assert [v.data["words"] for v in store.history("judgement", "j1")] == ["Når målet", "Anna ändrade"]


def test_two_concurrent_editors_one_wins_the_other_is_refused(store: Workspace) -> None:
    store.save("judgement", "j1", "23", JUDGEMENT, 0, "anna")
    barrier, outcomes = threading.Barrier(8), []

    def edit(who: int) -> None:
        barrier.wait()
        try:
            store.save("judgement", "j1", "23", {**JUDGEMENT, "words": f"editor {who}"}, 1, f"u{who}")
            outcomes.append("saved")
        except Conflict:
            outcomes.append("refused")

    threads = [threading.Thread(target=edit, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["refused"] * 7 + ["saved"]
    history = store.history("judgement", "j1")
    assert [v.version for v in history] == [1, 2]
    assert history[-1].data["words"] == f"editor {history[-1].author[1:]}"


def test_a_kill_9_during_a_save_leaves_the_old_version(store: Workspace) -> None:
    store.save("judgement", "j1", "23", JUDGEMENT, 0, "anna")
    script = textwrap.dedent(
        f"""
        import sys, time
        from sqlalchemy import event
        from dashboard.workspace.store import Workspace
        ws = Workspace({store.url!r})
        @event.listens_for(ws.engine, "commit")
        def _hold(conn):  # the new version is written, the commit not yet sent
            print("writing", flush=True)
            time.sleep(60)
        ws.save("judgement", "j1", "23", {{**{JUDGEMENT!r}, "words": "half"}}, 1, "killed")
        """
    )
    child = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "writing"
    finally:
        child.kill()  # SIGKILL
        child.wait()
    assert [v.data["words"] for v in store.history("judgement", "j1")] == ["Når målet"]
    saved = store.save("judgement", "j1", "23", {**JUDGEMENT, "words": "after"}, 1, "bo")
    assert saved.version == 2


def test_seeding_happens_once(store: Workspace) -> None:
    assert store.seed([("j1", "23", JUDGEMENT)], []) is True
    assert store.seed([("j2", "23", JUDGEMENT)], []) is False
    assert [v.record_id for v in store.current("judgement")] == ["j1"]


def test_users_roles_and_regions(store: Workspace) -> None:
    accounts.add_user(store, "anna", "ett långt lösenord", "analytiker", ["23"])
    accounts.add_user(store, "root", "ett annat lösenord", "administratör", [])
    with pytest.raises(accounts.AccountError, match="finns redan"):
        accounts.add_user(store, "anna", "ett långt lösenord", "analytiker", ["23"])
    with pytest.raises(accounts.AccountError, match="minst 10 tecken"):
        accounts.add_user(store, "kort", "kort", "analytiker", ["23"])
    with pytest.raises(accounts.AccountError, match="Okänd roll"):
        accounts.add_user(store, "eve", "ett långt lösenord", "chef", ["23"])
    anna = accounts.authenticate(store, "anna", "ett långt lösenord", "10.0.0.1")
    assert anna.may_edit("23") and not anna.may_edit("01")
    assert accounts.authenticate(store, "root", "ett annat lösenord", "10.0.0.1").may_edit("01")
    assert accounts.authenticate(store, "anna", "fel", "10.0.0.1") is None
    token = accounts.start_session(store, "anna")
    assert accounts.session_account(store, token).name == "anna"
    accounts.disable_user(store, "anna")
    assert accounts.session_account(store, token) is None
    assert accounts.authenticate(store, "anna", "ett långt lösenord", "10.0.0.1") is None
    assert [(u.name, u.active) for u in accounts.list_users(store)] == [("anna", False), ("root", True)]


def test_failed_logins_are_limited_per_user_and_per_address(store: Workspace) -> None:
    accounts.add_user(store, "anna", "ett långt lösenord", "analytiker", ["23"])
    for _ in range(accounts.MAX_FAILURES_USER):
        assert accounts.throttled(store, "anna", "10.0.0.1") is None
        accounts.authenticate(store, "anna", "gissning", "10.0.0.1")
    assert "för användaren" in accounts.throttled(store, "anna", "10.0.0.2")
    for i in range(accounts.MAX_FAILURES_ADDRESS):
        accounts.authenticate(store, f"namn{i}", "gissning", "10.0.0.9")
    assert "från din adress" in accounts.throttled(store, "bo", "10.0.0.9")
    assert accounts.throttled(store, "bo", "10.0.0.3") is None


def test_migrating_twice_is_harmless(store: Workspace) -> None:
    store.migrate()
    assert store.version() == 0
