"""Server-side time of each page's callbacks through the app's Flask test client, beside its query floor.

Every page is reached as the browser reaches it: a POST to `/_dash-update-component` for Dash's page
router with the address's path and query. A page's own callbacks are found in `app.callback_map`; each is
called with the values its inputs have in the page's rendered layout, cycling through a dropdown's or radio
list's options where it has them. New pages and callbacks are thus measured without touching the bench
(pattern-matching callbacks are listed as not measured).

Cold: the first request for the address after a new database version: the per-version memo is emptied
and refilled with what the app warms in the background when it opens a new file (dashboard/warm.py), so
the request pays for its own address only. Empty memo: the same with nothing warmed (for reference, no
target). Warm: the same request again. Floor: the raw DuckDB queries that the cold request ran, re-run on
a plain connection to the same file.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import duckdb
import flask

from bench.report import Figure, missing, p95, timing
from bench.urls import pages
from dashboard.context import DB_CONFIG_KEY
from dashboard.db import Database, Snapshot, fetch_frame
from dashboard.warm import warm as warm_version

UPDATE = "/_dash-update-component"
ROUTER_INPUT = "_pages_location"
CALLBACK_P95_MS = 100
FLOOR_RATIO = 3.0
ERROR_TEXT = "Sidan kunde inte visas"  # dashboard/errors.py: the message of a page that failed


@dataclass
class Call:
    """One callback request: a label for the table and the JSON body Dash's renderer would send."""

    label: str
    body: dict


@dataclass
class Samples:
    cold: list[float] = field(default_factory=list)
    empty: list[float] = field(default_factory=list)
    warm: list[float] = field(default_factory=list)
    floor: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def router_body(url: str) -> dict:
    """The page router's request for an address, as dash-renderer sends it on navigation."""
    parts = urlsplit(url)
    return {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
        "inputs": [
            {"id": ROUTER_INPUT, "property": "pathname", "value": parts.path},
            {"id": ROUTER_INPUT, "property": "search", "value": f"?{parts.query}" if parts.query else ""},
        ],
        "changedPropIds": [f"{ROUTER_INPUT}.pathname"],
        "state": [],
    }


def components(tree: Any) -> Iterator[dict]:
    """Every component (type, namespace, props) in a serialised layout."""
    if isinstance(tree, dict):
        if "props" in tree and "type" in tree:
            yield tree
        for value in tree.values():
            yield from components(value)
    elif isinstance(tree, list):
        for item in tree:
            yield from components(item)


def _outputs(key: str) -> list[dict] | dict:
    if key.startswith(".."):
        parts = key.strip(".").split("...")
        return [dict(zip(("id", "property"), p.rsplit(".", 1), strict=True)) for p in parts]
    component, prop = key.rsplit(".", 1)
    return {"id": component, "property": prop}


def _option_values(props: dict) -> list:
    options = props.get("options") or []
    if isinstance(options, dict):
        return list(options)
    return [o.get("value") if isinstance(o, dict) else o for o in options]


_CURRENT = object()


def _dep(d: dict, props: dict, value: Any) -> dict:
    """An input or state as the renderer sends it: `value`, or the prop's current value in the layout."""
    if value is _CURRENT:
        value = props.get(d["id"], {}).get(d["property"])
    return {"id": d["id"], "property": d["property"], "value": value}


def page_calls(callback_map: dict, layout: Any, page: str, variants: int = 8) -> tuple[list[Call], list[str]]:
    """The page's own callbacks whose inputs are all in its layout; and those that cannot be measured."""
    props = {c["props"]["id"]: c["props"] for c in components(layout) if isinstance(c["props"].get("id"), str)}
    calls, skipped = [], []
    for key, spec in callback_map.items():
        deps = spec["inputs"] + spec.get("state", [])
        if any(d["id"].startswith("_pages_") for d in deps if isinstance(d["id"], str)):
            continue
        if any(not isinstance(d["id"], str) for d in deps) or "{" in key:
            skipped.append(f"{page} {key}: pattern-matching ids")
            continue
        if not all(d["id"] in props for d in spec["inputs"]):
            continue
        first = spec["inputs"][0]
        choices = _option_values(props[first["id"]]) or [props[first["id"]].get(first["property"])]
        for value in choices[:variants]:
            body = {
                "output": key,
                "outputs": _outputs(key),
                "inputs": [_dep(d, props, value if d is first else _CURRENT) for d in spec["inputs"]],
                "changedPropIds": [f"{first['id']}.{first['property']}"],
                "state": [_dep(d, props, _CURRENT) for d in spec.get("state", [])],
            }
            calls.append(Call(f"{page} {key}", body))
    return calls, skipped


class QueryRecorder:
    """Records the SQL that requests run (every request queries through a `Snapshot`), to re-run it as the floor."""

    def __init__(self) -> None:
        self.inner = Snapshot.query
        self.seen: list[tuple[str, list]] = []
        recorder = self

        def query(snapshot: Snapshot, sql: str, params: list | tuple | None = None):
            recorder.seen.append((sql, list(params or [])))
            return recorder.inner(snapshot, sql, params)

        Snapshot.query = query  # type: ignore[method-assign]

    def close(self) -> None:
        Snapshot.query = self.inner  # type: ignore[method-assign]


def _floor(con: duckdb.DuckDBPyConnection, queries: list[tuple[str, list]]) -> float:
    started = time.perf_counter()
    for sql, params in queries:
        cursor = con.cursor()
        fetch_frame(cursor, sql, params)  # the same fetch as the app's
        cursor.close()
    return time.perf_counter() - started


def _post(client: flask.testing.FlaskClient, body: dict) -> tuple[float, Any, str]:
    started = time.perf_counter()
    response = client.post(UPDATE, json=body)
    elapsed = time.perf_counter() - started
    if response.status_code not in (200, 204):
        return elapsed, None, f"HTTP {response.status_code}"
    if ERROR_TEXT in response.get_data(as_text=True):
        return elapsed, None, "the page showed its error message (see the log)"
    return elapsed, (response.get_json(silent=True) or {}), ""


def _measure(client, db: Database, con, recorder: QueryRecorder, body: dict, samples: Samples) -> Any:
    db._cache.clear()
    empty, _, error_empty = _post(client, body)
    db._cache.clear()
    warm_version(db.snapshot())
    recorder.seen.clear()
    cold, answer, error = _post(client, body)
    queries = list(recorder.seen)
    warm, _, error_warm = _post(client, body)
    if error or error_warm or error_empty:
        samples.errors.append(error or error_warm or error_empty)
        return None
    samples.empty.append(empty)
    samples.cold.append(cold)
    samples.warm.append(warm)
    samples.floor.append(_floor(con, queries) if queries else 0.0)
    return answer


def _figures(label: str, s: Samples) -> list[Figure]:
    if not s.cold:
        return [missing(f"callback {label}", "; ".join(sorted(set(s.errors))) or "no request succeeded")]
    errors = f"{len(s.errors)} failed requests" if s.errors else ""
    cold = timing(f"callback {label} — cold (new database version)", s.cold, CALLBACK_P95_MS, errors)
    empty = timing(f"callback {label} — empty memo (nothing warmed)", s.empty)
    warm = timing(f"callback {label} — warm (memoised)", s.warm, CALLBACK_P95_MS)
    ratios = [c / f for c, f in zip(s.cold, s.floor, strict=True) if f > 0]
    floor_ms = timing("", s.floor)
    if not ratios:
        return [cold, empty, warm]
    ratio = Figure(
        f"callback {label} — cold ÷ query floor",
        "×",
        sorted(ratios)[len(ratios) // 2],
        p95(ratios),
        cold.spread_kind,
        f"≤ {FLOOR_RATIO:g}×",
        p95(ratios) <= FLOOR_RATIO,
        f"floor median {floor_ms.median:.1f} ms, p95 {floor_ms.spread:.1f} ms",
    )
    return [cold, empty, warm, ratio]


def run(app, per_page: int = 40) -> list[Figure]:
    """Measure the router for every page and each page's own callbacks."""
    server = app.server
    db: Database = server.config[DB_CONFIG_KEY]
    client = server.test_client()
    client.get("/")  # Dash registers the page router on the first request
    con = duckdb.connect(str(db.path), read_only=True)
    recorder = QueryRecorder()
    figures: list[Figure] = []
    try:
        with server.test_request_context():
            found = pages(db, per_page)
        for page in found:
            if page.skipped:
                figures.append(missing(f"callback page {page.path}", page.skipped))
                continue
            samples, calls = Samples(), None
            for url in page.urls:
                answer = _measure(client, db, con, recorder, router_body(url), samples)
                if answer is not None and calls is None:
                    calls, skipped = page_calls(app.callback_map, answer, page.path)
                    figures += [missing(f"callback {s}", "not measured") for s in skipped]
            figures += _figures(f"page {page.path} (router + layout)", samples)
            by_label: dict[str, list[Call]] = {}
            for call in calls or []:
                by_label.setdefault(call.label, []).append(call)
            for label, group in by_label.items():
                s = Samples()
                for i in range(per_page):
                    _measure(client, db, con, recorder, group[i % len(group)].body, s)
                figures += _figures(label, s)
    finally:
        recorder.close()
        con.close()
    return figures
