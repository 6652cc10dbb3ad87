"""Under gunicorn with two workers (`make serve-prod`), a judgement saved through one is seen through the other."""

from __future__ import annotations

import http.client
import json
import re
import shutil
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from tests.test_robustness_urls import _router as router

PASSWORD = "ett långt lösenord för två processer"
TARGET = {"mal": "23/run-2016/n2", "pos": "0", "ar": "2016"}
FORM = "/redigera/bedomning?" + urlencode(TARGET)
WORDS = "Sparad genom den ena processen"


def _server_socket(port: int, client_port: int) -> str:
    """The inode of the server's end of the connection from `client_port` (from /proc/net/tcp)."""
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, remote = fields[1], fields[2]
        if int(local.split(":")[1], 16) == port and int(remote.split(":")[1], 16) == client_port:
            return fields[9]
    raise AssertionError(f"no server socket for client port {client_port}")


def _owner(worker_pids: list[int], inode: str) -> int:
    """The worker process holding that socket."""
    for pid in worker_pids:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                if fd.readlink().name == f"socket:[{inode}]":
                    return pid
            except OSError:
                continue
    raise AssertionError(f"no worker holds socket {inode}")


class Browser:
    """Cookies over fresh connections, naming the gunicorn worker that answered each request."""

    def __init__(self, base: str, worker_pids: list[int]):
        self.port = urlsplit(base).port
        self.worker_pids = worker_pids
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None, kind: str = "") -> tuple[int, str, int]:
        con = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if kind:
            headers["Content-Type"] = kind
        con.request(method, path, body=body, headers=headers)
        response = con.getresponse()  # the connection stays open (keep-alive): its server end names the worker
        worker = _owner(self.worker_pids, _server_socket(self.port, con.sock.getsockname()[1]))
        text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            self.cookies.update({k: m.value for k, m in SimpleCookie(header).items()})
        con.close()
        return response.status, text, worker

    def form(self, path: str, fields: dict[str, str]) -> tuple[int, str, int]:
        return self.request("POST", path, urlencode(fields), "application/x-www-form-urlencoded")

    def goal_page(self) -> tuple[str, int]:
        status, text, worker = self.request(
            "POST",
            "/_dash-update-component",
            json.dumps(router("/mal/n2", "?region=23&malset=run-2016&ar=2016")),
            "application/json",
        )
        assert status == 200, text[:300]
        return text, worker


def _token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _until(deadline: float, seen) -> None:
    while not seen():
        assert time.monotonic() < deadline, "not seen within the deadline"
        time.sleep(0.2)


def test_a_judgement_saved_through_one_worker_shows_through_the_other(
    workspace_url: str, built_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bench.server import gunicorn, workers

    db = tmp_path / "laget.duckdb"
    shutil.copy(built_db, db)
    for name, value in {"LAGET_DB": str(db), "LAGET_WORKSPACE_URL": workspace_url, "WEB_CONCURRENCY": "2"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # the session secret's file, shared by both
    add = [sys.executable, "-m", "dashboard", "users", "add", "anna", "--role", "analytiker", "--region", "23"]
    made = subprocess.run(add, input=PASSWORD + "\n", capture_output=True, text=True, check=False)
    assert made.returncode == 0 and "Användaren anna" in made.stdout, made.stderr
    with gunicorn(db) as (base, master):
        pids = workers(master.pid)
        assert len(pids) == 2
        reader, analyst = Browser(base, pids), Browser(base, pids)
        deadline = time.monotonic() + 30
        before: dict[int, str] = {}

        def read_every_worker() -> bool:
            text, worker = reader.goal_page()
            before[worker] = text
            return len(before) == 2

        _until(deadline, read_every_worker)  # both workers have answered (and cached) the goal page
        assert not any(WORDS in text for text in before.values())

        status, page, _ = analyst.request("GET", "/logga-in")
        fields = {"csrf_token": _token(page), "name": "anna", "password": PASSWORD, "next": "/"}
        assert analyst.form("/logga-in", fields)[0] == 302
        status, page, _ = analyst.request("GET", FORM)
        assert status == 200
        base_version = re.search(r'name="base" value="([^"]*)"', page).group(1)
        fields = {"csrf_token": _token(page), "base": base_version, "status": "not_met", "words": WORDS, "source": "Test"}
        status, _, saver = analyst.form(FORM, fields)
        assert status == 303

        def seen_through_the_other() -> bool:
            text, worker = reader.goal_page()
            return worker != saver and WORDS in text

        _until(time.monotonic() + 30, seen_through_the_other)
