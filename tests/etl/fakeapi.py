"""A local fake of SCB PxWebApi 2.0, PxWeb v1 and Kolada v3 (http.server in a thread), and small data dirs.

The fake answers in the real shapes from the project's own fixtures in tests/fixtures/etl/responses/ (TAB6471's
metadata is SCB's real answer); the v2 data endpoint cuts its answer to the posted selection, so split queries
come back as real parts. Other tables' metadata answer 404, KPIs other than N00938 exist with empty values,
and /files/ serves a publisher file and one that has moved. Faults are
queued per path prefix: each request to a matching path pops the next fault before it is answered normally.
"""

from __future__ import annotations

import copy
import itertools
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench.stalled_host import StalledServer  # noqa: F401  (re-exported for the tests)
from etl.sources.spec import SourceSpec

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "etl"
RESPONSES = FIXTURES / "responses"


def response(name: str) -> dict:
    return json.loads((RESPONSES / name).read_text(encoding="utf-8"))


def cut_jsonstat(doc: dict, wanted: dict[str, list[str]]) -> dict:
    """The part of a json-stat2 document holding only the wanted codes per dimension (row-major kept)."""
    out = copy.deepcopy(doc)
    codes = []
    for dim_id in doc["id"]:
        index = doc["dimension"][dim_id]["category"]["index"]
        all_codes = index if isinstance(index, list) else sorted(index, key=index.get)
        keep = [c for c in all_codes if c in wanted.get(dim_id, all_codes)]
        codes.append((all_codes, keep))
        out["dimension"][dim_id]["category"]["index"] = {c: i for i, c in enumerate(keep)}
    out["size"] = [len(k) for _, k in codes]
    strides = []
    stride = 1
    for all_codes, _ in reversed(codes):
        strides.insert(0, stride)
        stride *= len(all_codes)
    values, status = [], {}
    old_status = doc.get("status") or {}
    for combo in itertools.product(*[[a.index(c) for c in k] for a, k in codes]):
        position = sum(i * s for i, s in zip(combo, strides, strict=True))
        if str(position) in old_status:
            status[str(len(values))] = old_status[str(position)]
        values.append(doc["value"][position])
    out["value"] = values
    out["status"] = status
    return out


class FakeApi:
    def __init__(self) -> None:
        self.faults: dict[str, list[tuple[int, dict, str, float]]] = {}
        self.log: list[tuple[str, str, dict | None]] = []
        self.v2_config = response("scb_v2_config.json")
        self.v2_doc = response("scb_v2_TAB6471_folkmangd.json")
        self.v1_doc = response("scb_v1_HE0110_medianinkomst.json")
        self.kolada = [response("kolada_N00938_page1.json"), response("kolada_N00938_page2.json")]
        self.v2_metadata = {"TAB6471": response("real/v2_TAB6471_metadata.json")}
        self.kpis = {"N00938": response("kolada_kpi_N00938.json")}
        self.files = {
            "/files/GuestNights_Year.txt": (FIXTURES / "publishers" / "tillvaxtverket_GuestNights_Year.txt").read_bytes(),
            "/files/Statistik.xlsx": (FIXTURES / "publishers" / "svenskt_naringsliv_Statistik.xlsx").read_bytes(),
        }
        self.moved = {"/files/old/GuestNights_Year.txt": "/files/GuestNights_Year.txt"}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def fail(self, prefix: str, *faults: tuple[int, dict, str, float]) -> None:
        self.faults.setdefault(prefix, []).extend(faults)

    def posts(self, fragment: str) -> list[dict]:
        return [body for method, path, body in self.log if method == "POST" and fragment in path and body is not None]

    def answer(self, method: str, path: str, query: str, body: dict | None) -> tuple[int, dict, str]:
        if path == "/scb/v2/config":
            return 200, {}, json.dumps(self.v2_config)
        if path.startswith("/scb/v2/tables/") and path.endswith("/metadata"):
            table = path.split("/")[-2]
            if table in self.v2_metadata:
                return 200, {}, json.dumps(self.v2_metadata[table])
            return 404, {}, json.dumps({"type": "NotFound", "title": f"No such table {table}", "status": 404})
        if path.startswith("/scb/v2/tables/") and path.endswith("/data") and method == "POST":
            wanted = {s["variableCode"]: s["valueCodes"] for s in (body or {}).get("selection", [])}
            return 200, {}, json.dumps(cut_jsonstat(self.v2_doc, wanted))
        if path == "/scb/v1" and query == "config":
            return 200, {}, json.dumps(response("scb_v1_config.json"))
        if path.startswith("/scb/v1/") and method == "POST":
            return 200, {}, json.dumps(self.v1_doc)
        if path.startswith("/scb/v1/HE/") and method == "GET":
            return 200, {}, json.dumps(response("scb_v1_HE0110_metadata.json"))
        if path.startswith("/kolada/kpi/"):
            kpi = path.rsplit("/", 1)[-1]
            doc = self.kpis.get(kpi) or {"count": 1, "values": [{"id": kpi, "title": f"Tomt nyckeltal {kpi}"}]}
            return 200, {}, json.dumps(doc)
        if path.startswith("/kolada/data/kpi/") and "/N00938/" not in path:
            return 200, {}, json.dumps({"count": 0, "values": []})
        if path.startswith("/kolada/data/kpi/"):
            page = 1 if "page=2" not in query else 2
            doc = copy.deepcopy(self.kolada[page - 1])
            url = f"{self.base}{path}"
            if doc.get("next_url"):
                doc["next_url"] = f"{url}?page=2&per_page=2"
            if doc.get("previous_url"):
                doc["previous_url"] = f"{url}?page=1&per_page=2"
            return 200, {}, json.dumps(doc)
        return 404, {}, json.dumps({"title": "Not found", "status": 404})

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _serve(self, method: str) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length)) if length else None
                api.log.append((method, self.path, body))
                status, headers, text = None, {}, ""
                for prefix, queue in api.faults.items():
                    if parts.path.startswith(prefix) and queue:
                        status, headers, text, delay = queue.pop(0)
                        time.sleep(delay)
                        break
                data = None
                if status is None and parts.path in api.files:
                    status, data = 200, api.files[parts.path]
                elif status is None and parts.path in api.moved:
                    status, headers = 301, {"Location": f"{api.base}{api.moved[parts.path]}"}
                if status is None:
                    status, headers, text = api.answer(method, parts.path, parts.query, body)
                data = text.encode() if data is None else data
                try:
                    self.send_response(status)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def do_GET(self) -> None:
                self._serve("GET")

            def do_POST(self) -> None:
                self._serve("POST")

        return Handler


def source_spec(id: str, indicator: str, kind: str, **fields: Any) -> SourceSpec:
    """A source for a parser: yearly and due a day after its period (parsers read neither) unless `fields` say otherwise."""
    return SourceSpec(id=id, indicator=indicator, kind=kind, **{"cadence": "yearly", "lag_days": 1, **fields})


def offline_context(indicators: set[str], areas: list[tuple[str, str, str]]):
    """A parser's context without network: these indicators, these areas (code, level, name)."""
    import pandas as pd

    from etl.observations import Known
    from etl.sources.base import Context, Fetcher

    frame = pd.DataFrame(areas, columns=["area_code", "level", "name"]).assign(parent_code=None)
    return Context(Fetcher(None, None, offline=True), frame, Known(frozenset(indicators), frozenset(frame["area_code"])))  # type: ignore[arg-type]
