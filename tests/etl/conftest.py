"""Fixtures of the ETL tests: the fake API (see fakeapi.py), fast HTTP settings and a small data dir."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fakeapi import FIXTURES, FakeApi

from etl.http import HttpSettings


@pytest.fixture
def fake_api(monkeypatch: pytest.MonkeyPatch):
    api = FakeApi()
    api.thread.start()
    monkeypatch.setenv("LAGET_SCB_URL", f"{api.base}/scb/v2")
    monkeypatch.setenv("LAGET_SCB_V1_URL", f"{api.base}/scb/v1")
    monkeypatch.setenv("LAGET_KOLADA_URL", f"{api.base}/kolada")
    yield api
    api.server.shutdown()
    api.server.server_close()


@pytest.fixture
def fast_http() -> HttpSettings:
    """Tiny waits: retries still happen, but the suite stays fast."""
    return HttpSettings(timeout=2.0, retries=2, backoff=0.0, backoff_max=0.0, retry_after_max=0.05)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A copy of the small test catalogue, areas, region and snapshot."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURES / "data", target)
    shutil.copy(FIXTURES / "sources.yaml", target / "sources.yaml")
    return target
