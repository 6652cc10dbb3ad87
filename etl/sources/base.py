"""What every source client shares: the error types, the fetcher (HTTP + cache + offline) and the context.

A client is one small interface: `fetch(spec, ctx) -> raw` (network or cache) and
`parse(spec, raw, ctx) -> DataFrame` in the long format of `etl.observations.COLUMNS`.
"""

from __future__ import annotations

import collections
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pandas as pd
import requests

from etl.cache import ResponseCache, request_key
from etl.observations import COLUMNS, Known, check_row


class SourceError(Exception):
    """A source failed: the message says what was asked and why it failed."""


class SkipSource(Exception):
    """A source has nothing to do this run (e.g. no Excel file dropped in); not a failure."""


class NotCached(SkipSource):
    """Offline, and this request was never made online: the source is skipped, not failed."""


class RateLimiter:
    """At most `calls` requests in any `window` seconds (SCB's maxCallsPerTimeWindow / timeWindow)."""

    def __init__(
        self,
        calls: int,
        window: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.calls = max(int(calls), 1)
        self.window = float(window)
        self.clock = clock
        self.sleep = sleep
        self.sent: collections.deque[float] = collections.deque()
        self.waited = 0.0

    def wait(self) -> None:
        now = self.clock()
        while self.sent and now - self.sent[0] >= self.window:
            self.sent.popleft()
        if len(self.sent) >= self.calls:
            pause = self.window - (now - self.sent[0])
            if pause > 0:
                self.sleep(pause)
                self.waited += pause
            self.sent.popleft()
        self.sent.append(self.clock())


class Fetcher:
    """Gets JSON for a request: from the network (and then the cache), or in offline mode from the cache only."""

    def __init__(self, session: requests.Session | None, cache: ResponseCache, *, offline: bool = False):
        if session is None and not offline:
            raise ValueError("an online fetcher needs a session")
        self.session = session
        self.cache = cache
        self.offline = offline
        self.limiters: dict[str, RateLimiter] = {}
        self.requests = 0
        self.from_cache = 0
        self.used: list[Path] = []  # the cache file of every answer given, in order (kept with the run)

    def set_limit(self, api: str, calls: int, window: float) -> RateLimiter:
        limiter = self.limiters.get(api)
        if limiter is None or (limiter.calls, limiter.window) != (max(int(calls), 1), float(window)):
            limiter = self.limiters[api] = RateLimiter(calls, window)
        return limiter

    def json(self, method: str, url: str, body: Any = None, *, api: str = "") -> Any:
        """The parsed JSON answer of one request; raises SourceError naming the URL and the reason."""
        if self.offline:
            cached = self.cache.get(method, url, body)
            if cached is None:
                raise NotCached(f"{method} {url}: not in the cache ({self.cache.root}); run once online first")
            self.from_cache += 1
            doc = _parse_json(cached.text, url)
            self.used.append(self.cache.path_for(request_key(method, url, body)))
            return doc
        assert self.session is not None
        if api in self.limiters:
            self.limiters[api].wait()
        self.requests += 1
        try:
            response = self.session.request(method, url, json=body)
        except requests.exceptions.RetryError as exc:
            raise SourceError(f"{method} {url}: gave up after retries ({_reason(exc)})") from exc
        except requests.exceptions.Timeout as exc:
            raise SourceError(f"{method} {url}: no answer in time, after retries ({_reason(exc)})") from exc
        except requests.exceptions.ConnectionError as exc:
            raise SourceError(f"{method} {url}: could not connect, after retries ({_reason(exc)})") from exc
        except requests.exceptions.RequestException as exc:
            raise SourceError(f"{method} {url}: {exc}") from exc
        if response.status_code >= 400:
            detail = " ".join(response.text[:300].split())
            raise SourceError(f"{method} {url}: HTTP {response.status_code} {response.reason}: {detail}")
        doc = _parse_json(response.text, url)
        self.used.append(self.cache.put(method, url, body, response.status_code, response.text))
        return doc


def _reason(exc: BaseException) -> str:
    inner = exc.args[0] if exc.args else exc
    reason = getattr(inner, "reason", None)
    return str(reason or inner)


def _parse_json(text: str, url: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        head = " ".join(text[:80].split())
        raise SourceError(f"{url}: the answer is not valid JSON ({exc.msg} at char {exc.pos}; starts {head!r})") from exc


@dataclass
class Context:
    """What a client may use besides its spec."""

    fetcher: Fetcher
    areas: pd.DataFrame  # area_code, name, level, parent_code
    known: Known
    region: str = "23"
    notes: list[str] = field(default_factory=list)

    def expand_areas(self, tokens: list[str]) -> list[str]:
        """`@riket`, `@lan`, `@region`, `@kommuner` (the region's), `@alla_kommuner`, or codes as they are."""
        out: list[str] = []
        for token in tokens:
            if token == "@riket":
                codes = ["00"]
            elif token == "@lan":
                codes = list(self.areas.loc[self.areas["level"] == "lan", "area_code"])
            elif token == "@region":
                codes = [self.region]
            elif token == "@kommuner":
                codes = list(self.areas.loc[self.areas["parent_code"] == self.region, "area_code"])
            elif token == "@alla_kommuner":
                codes = list(self.areas.loc[self.areas["level"] == "kommun", "area_code"])
            else:
                codes = [token]
            out += [c for c in codes if c not in out]
        return out


class Client(Protocol):
    def fetch(self, spec: Any, ctx: Context) -> Any: ...

    def parse(self, spec: Any, raw: Any, ctx: Context) -> pd.DataFrame: ...


def tidy(rows: list[dict[str, Any]] | pd.DataFrame, spec_id: str, known: Known) -> pd.DataFrame:
    """Validate rows of the long format; drop exact duplicates; raise SourceError naming the bad rows."""
    frame = pd.DataFrame(rows, columns=COLUMNS) if isinstance(rows, list) else rows[COLUMNS].copy()
    frame["flag"] = frame["flag"].where(frame["flag"].notna(), None)
    problems = []
    # Column lists and zip rather than to_dict("records"): the same check, three times faster on big answers.
    texts = [["" if v is None else str(v) for v in frame[c].astype(object).tolist()] for c in COLUMNS]
    for values in zip(*texts, strict=True):
        record = dict(zip(COLUMNS, values, strict=True))
        reason = check_row(record, known)
        if reason:
            problems.append(f"{record['indicator_id']} {record['area_code']} {record['period']} {record['sex']}: {reason}")
    if problems:
        shown = "; ".join(problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise SourceError(f"{spec_id}: {len(problems)} invalid row(s): {shown}{more}")
    key = ["indicator_id", "area_code", "period", "sex"]
    frame = frame.drop_duplicates()
    clash = frame[frame.duplicated(key, keep=False)]
    if not clash.empty:
        first = clash.iloc[0]
        raise SourceError(
            f"{spec_id}: the answer gives two different values for {first['indicator_id']} {first['area_code']} "
            f"{first['period']} {first['sex']}"
        )
    frame["value"] = frame["value"].astype(float)
    return frame.reset_index(drop=True)
