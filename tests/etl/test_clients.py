"""Fault injection on the HTTP session, the cache, PxWeb limits and splitting, Kolada segments and paging."""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
import pytest

from etl.cache import ResponseCache, request_key
from etl.http import USER_AGENT, HttpSettings, base_url, make_session
from etl.observations import Known
from etl.sources.base import Context, Fetcher, NotCached, RateLimiter, SourceError
from etl.sources.kolada import KoladaClient
from etl.sources.pxweb import ScbV2Client, split_selection
from etl.sources.spec import load_sources

FIXTURE_DATA = Path(__file__).resolve().parents[1] / "fixtures" / "etl"


def fetcher(tmp_path: Path, http: HttpSettings, offline: bool = False) -> Fetcher:
    return Fetcher(None if offline else make_session(http), ResponseCache(tmp_path / "cache"), offline=offline)


def context(f: Fetcher) -> Context:
    areas = pd.read_csv(FIXTURE_DATA / "data" / "areas.csv", dtype=str, keep_default_na=False)
    areas["parent_code"] = areas["parent_code"].replace("", None)
    known = Known(frozenset({"sjukpenningtal", "folkmangd_manad", "medianinkomst"}), frozenset(areas["area_code"]))
    return Context(fetcher=f, areas=areas, known=known, region="23")


def spec(spec_id: str):
    return next(s for s in load_sources(FIXTURE_DATA / "sources.yaml") if s.id == spec_id)


def test_base_urls_come_from_the_environment(monkeypatch):
    monkeypatch.delenv("LAGET_KOLADA_URL", raising=False)
    assert base_url("kolada") == "https://api.kolada.se/v3"
    monkeypatch.setenv("LAGET_SCB_URL", "http://mirror.example/api/v2/")
    assert base_url("scb") == "http://mirror.example/api/v2"


def test_429_then_success_honours_retry_after(fake_api, fast_http, tmp_path):
    fake_api.fail("/scb/v2/config", (429, {"Retry-After": "1"}, "slow down", 0))
    f = fetcher(tmp_path, fast_http)
    started = time.monotonic()
    doc = f.json("GET", f"{fake_api.base}/scb/v2/config")
    assert doc["maxDataCells"] == 150000
    assert [m for m, p, _ in fake_api.log].count("GET") == 2
    assert time.monotonic() - started < 1.0  # Retry-After capped by retry_after_max in tests


def test_500s_until_the_retries_run_out(fake_api, fast_http, tmp_path):
    fake_api.fail("/scb/v2/config", *[(500, {}, "internal error", 0)] * 5)
    with pytest.raises(SourceError, match=r"GET .*/scb/v2/config: HTTP 500 .*internal error"):
        fetcher(tmp_path, fast_http).json("GET", f"{fake_api.base}/scb/v2/config")
    assert len(fake_api.log) == 1 + fast_http.retries
    assert not list((tmp_path / "cache").glob("*/*.json"))  # failures are not cached


def test_a_timeout_is_named(fake_api, tmp_path):
    fake_api.fail("/kolada", *[(200, {}, "{}", 0.5)] * 3)
    http = HttpSettings(timeout=0.1, retries=1, backoff=0.0)
    with pytest.raises(SourceError, match=r"no answer in time|could not connect"):
        fetcher(tmp_path, http).json("GET", f"{fake_api.base}/kolada/x")


def test_malformed_json_is_named_and_not_cached(fake_api, fast_http, tmp_path):
    fake_api.fail("/kolada", (200, {}, "<html>oops</html>", 0))
    with pytest.raises(SourceError, match=r"not valid JSON.*<html>oops"):
        fetcher(tmp_path, fast_http).json("GET", f"{fake_api.base}/kolada/x")
    assert not (tmp_path / "cache").exists()


def test_user_agent_and_cache_keyed_by_request(fake_api, fast_http, tmp_path):
    f = fetcher(tmp_path, fast_http)
    url = f"{fake_api.base}/scb/v2/tables/TAB6471/data"
    a = f.json("POST", url, {"selection": [{"variableCode": "Region", "valueCodes": ["23"]}]})
    assert f.session.headers["User-Agent"] == USER_AGENT and USER_AGENT.startswith("laget-i-lanet/")
    assert request_key("POST", url, {"a": 1, "b": 2}) == request_key("POST", url, {"b": 2, "a": 1})
    assert request_key("POST", url, {"a": 1}) != request_key("POST", url, {"a": 2})
    replay = fetcher(tmp_path, fast_http, offline=True)
    assert replay.json("POST", url, {"selection": [{"variableCode": "Region", "valueCodes": ["23"]}]}) == a
    with pytest.raises(NotCached, match="not in the cache"):
        replay.json("POST", url, {"selection": []})


def test_rate_limiter_keeps_to_the_call_limit():
    now = [0.0]
    slept = []

    def sleep(s):
        slept.append(s)
        now[0] += s

    limiter = RateLimiter(3, 10, clock=lambda: now[0], sleep=sleep)
    for _ in range(7):
        limiter.wait()
        now[0] += 1
    assert slept == [7.0, 7.0]


def test_split_selection_plans():
    assert split_selection([21, 3, 4], [True, True, True], 1000) == [[(0, 21), (0, 3), (0, 4)]]
    plans = split_selection([21, 3, 4], [True, True, True], 40)
    assert all((b1 - a1) * (b2 - a2) * (b3 - a3) <= 40 for (a1, b1), (a2, b2), (a3, b3) in plans)
    assert sum((b1 - a1) * (b2 - a2) * (b3 - a3) for (a1, b1), (a2, b2), (a3, b3) in plans) == 21 * 3 * 4
    with pytest.raises(SourceError, match="cannot be split"):
        split_selection([1, 50], [True, False], 10)


def test_a_query_over_the_cell_limit_is_split(fake_api, fast_http, tmp_path):
    fake_api.v2_config["maxDataCells"] = 5
    ctx = context(fetcher(tmp_path, fast_http))
    client = ScbV2Client()
    s = spec("folkmangd_manad_scb")
    raw = client.fetch(s, ctx)
    posts = fake_api.posts("/data")
    assert len(posts) == len(raw.docs) > 1
    for body in posts:
        sizes = [len(v["valueCodes"]) for v in body["selection"]]
        assert sizes[0] * sizes[2] * sizes[4] <= 5
    frame = client.parse(s, raw, ctx)
    assert len(frame) == 17 and not frame.duplicated(["area_code", "period", "sex"]).any()


def test_an_answer_missing_a_dimension(fake_api, fast_http, tmp_path):
    doc = fake_api.v2_doc
    doc["id"] = [d for d in doc["id"] if d != "Kon"]
    doc["size"] = [3, 1, 1, 2]
    doc["dimension"].pop("Kon")
    doc["value"] = doc["value"][:6]
    ctx = context(fetcher(tmp_path, fast_http))
    client = ScbV2Client()
    s = spec("folkmangd_manad_scb")
    with pytest.raises(SourceError, match="lacks the sex dimension 'Kon'"):
        client.parse(s, client.fetch(s, ctx), ctx)


def test_kolada_segments_of_at_most_25_ids_and_paging(fake_api, fast_http, tmp_path):
    ctx = context(fetcher(tmp_path, fast_http))
    client = KoladaClient()
    s = spec("sjukpenningtal_kolada")
    many = s.__class__(**{**s.__dict__, "areas": ("@riket", "@lan", "@kommuner", *[f"{n:04d}" for n in range(100, 130)])})
    urls = client.urls(many, ctx)
    assert len(urls) == 2 and all(len(u.split("/municipality/")[1].split("/")[0].split(",")) <= 25 for u in urls)
    assert "0000,0001,0006,0023,2321,2380" in urls[0]
    raw = client.fetch(s, ctx)
    assert len(raw.pages) == 2 and raw.urls[1].endswith("?page=2&per_page=2")
    frame = client.parse(s, raw, ctx)
    assert ("23", "K") not in set(zip(frame.area_code, frame.sex, strict=True))  # isdeleted dropped
    assert "2321" not in set(frame.area_code)  # empty value dropped


def test_kolada_paging_that_loops_is_stopped(fake_api, fast_http, tmp_path):
    fake_api.kolada[1]["next_url"] = "{prev}"
    ctx = context(fetcher(tmp_path, fast_http))
    original = fake_api.answer

    def looping(method, path, query, body):
        status, headers, text = original(method, path, query, body)
        return status, headers, text.replace('"{prev}"', f'"{fake_api.base}{path}?page=2&per_page=2"')

    fake_api.answer = looping
    with pytest.raises(SourceError, match="does not end"):
        KoladaClient().fetch(spec("sjukpenningtal_kolada"), ctx)
