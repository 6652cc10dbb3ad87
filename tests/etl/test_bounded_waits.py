"""Bounded waits: a stalled host is asked twice and then skipped; a slow source stops at its deadline."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from fakeapi import StalledServer

from etl.build import build
from etl.http import HttpSettings
from etl.refresh import RefreshError, refresh

SHORT = HttpSettings(timeout=1.0, connect_timeout=1.0, retries=2, backoff=0.0, source_deadline=5.0, run_deadline=20.0)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def stalled(monkeypatch):
    server = StalledServer()
    for env, suffix in (("LAGET_SCB_URL", "/scb/v2"), ("LAGET_SCB_V1_URL", "/scb/v1"), ("LAGET_KOLADA_URL", "/kolada")):
        monkeypatch.setenv(env, server.base + suffix)
    yield server
    server.close()


def test_a_stalled_host_gives_up_names_the_host_and_changes_nothing(stalled, data_dir, tmp_path):
    db = tmp_path / "laget.duckdb"
    build(db, data_dir)
    before = digest(db)
    with pytest.raises(RefreshError) as info:
        refresh(db, data_dir, http=SHORT, cache_root=tmp_path / "cache")
    message = str(info.value)
    assert f"{stalled.host} gave no answer in time (2 times this run" in message and "nothing was loaded" in message
    outcomes = {o.source: o for o in info.value.report.outcomes}
    assert outcomes["sjukpenningtal_kolada"].status == "failed"
    for other in ("folkmangd_manad_scb", "medianinkomst_scb"):
        assert outcomes[other].status == "skipped"
        assert f"not asked, {stalled.host} gave no answer in time 2 times earlier in this run" in outcomes[other].message
    assert len(stalled.connections) == 2  # asked twice, then never again
    assert digest(db) == before


def test_a_slow_source_stops_at_its_deadline(fake_api, data_dir, tmp_path):
    pages = [f'{{"values": [], "next_url": "{fake_api.base}/kolada/data/kpi/N00938/page/{n}"}}' for n in range(6)]
    fake_api.fail("/kolada", *[(200, {}, page, 0.7) for page in pages])  # each page takes 0.7 s
    slow = HttpSettings(timeout=5.0, retries=2, backoff=0.0, source_deadline=1.0, host_timeouts=5)
    with pytest.raises(RefreshError, match=r"sjukpenningtal_kolada: .*the source's deadline of 1 s has passed") as info:
        refresh(tmp_path / "laget.duckdb", data_dir, groups=["kolada"], http=slow, cache_root=tmp_path / "cache")
    assert not (tmp_path / "laget.duckdb").exists()
    assert info.value.report.failed[0].source == "sjukpenningtal_kolada"


def test_zero_rows_from_a_source_that_expects_rows_is_a_failure(fake_api, fast_http, data_dir, tmp_path):
    fake_api.fail("/kolada/data", *[(200, {}, '{"count": 0, "values": []}', 0)] * 3)
    with pytest.raises(RefreshError, match=r"N00938: the answer held 0 rows where rows were expected; check its ids with"):
        refresh(tmp_path / "laget.duckdb", data_dir, groups=["kolada"], http=fast_http, cache_root=tmp_path / "cache")


def test_a_refused_connection_is_not_a_timeout_and_an_unknown_host_is_not_retried(tmp_path):
    import socket

    from etl.cache import ResponseCache
    from etl.http import make_session
    from etl.sources.base import Fetcher, SourceError

    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there: connections are refused at once
    fetcher = Fetcher(make_session(SHORT), ResponseCache(tmp_path / "cache"))
    with pytest.raises(SourceError, match=r"could not connect .*after 2 retries"):
        fetcher.json("GET", f"http://127.0.0.1:{port}/x")
    assert fetcher.timeouts[f"127.0.0.1:{port}"] == 0 and fetcher.requests == 3
    with pytest.raises(SourceError, match=r"could not resolve laget-test\.invalid \(no network or no DNS\?\)"):
        fetcher.json("GET", "http://laget-test.invalid/x")
    assert fetcher.requests == 4  # asked once, not retried
