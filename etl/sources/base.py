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
import urllib3

from etl.cache import ResponseCache, request_key
from etl.http import HttpSettings, host_of
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


class HostStalled(SourceError):
    """A host gave no answer in time too often this run; its other sources are skipped."""


class HostSkipped(SkipSource):
    """A source on a host that stalled earlier in this run: not asked again."""


class Fetcher:
    """Gets answers for requests: from the network (and then the cache), or in offline mode from the cache only.

    Every wait is bounded: each request's timeouts are cut to what is left of the source's and the run's
    deadline (`start_source` marks a source's start), and a host that times out `host_timeouts` times is not
    asked again in this run.
    """

    def __init__(
        self,
        session: requests.Session | None,
        cache: ResponseCache,
        *,
        offline: bool = False,
        settings: HttpSettings | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        if session is None and not offline:
            raise ValueError("an online fetcher needs a session")
        self.session = session
        self.cache = cache
        self.offline = offline
        self.settings = settings or getattr(session, "settings", None) or HttpSettings()
        self.clock = clock
        self.limiters: dict[str, RateLimiter] = {}
        self.requests = 0
        self.from_cache = 0
        self.used: list[Path] = []  # the cache file of every answer given, in order (kept with the run)
        self.run_started = self.source_started = clock()
        self.timeouts: collections.Counter[str] = collections.Counter()
        self.stalled: dict[str, str] = {}
        self.on_request: Callable[[str], None] | None = None

    def start_source(self) -> None:
        """The source deadline counts from now."""
        self.source_started = self.clock()

    def set_limit(self, api: str, calls: int, window: float) -> RateLimiter:
        limiter = self.limiters.get(api)
        if limiter is None or (limiter.calls, limiter.window) != (max(int(calls), 1), float(window)):
            limiter = self.limiters[api] = RateLimiter(calls, window)
        return limiter

    def json(self, method: str, url: str, body: Any = None, *, api: str = "") -> Any:
        """The parsed JSON answer of one request; raises SourceError naming the URL and the reason."""
        return self.text(method, url, body, api=api, check=lambda text: _parse_json(text, url))

    def text(
        self,
        method: str,
        url: str,
        body: Any = None,
        *,
        api: str = "",
        encoding: str | None = None,
        check: Callable[[str], Any] = str,
    ) -> Any:
        """`check(text)` of the answer (decoded as `encoding` when given), cached only when `check` passes."""
        if self.offline:
            cached = self.cache.get(method, url, body)
            if cached is None:
                raise NotCached(f"{method} {url}: not in the cache ({self.cache.root}); run once online first")
            self.from_cache += 1
            result = check(cached.text)
            self.used.append(self.cache.path_for(request_key(method, url, body)))
            return result
        if api in self.limiters:
            self.limiters[api].wait()
        response = self.send(method, url, body)
        if response.status_code >= 400:
            detail = " ".join(response.text[:300].split())
            raise SourceError(f"{method} {url}: HTTP {response.status_code} {response.reason}: {detail}")
        try:
            text = response.content.decode(encoding) if encoding else response.text
        except UnicodeDecodeError as exc:
            raise SourceError(f"{method} {url}: the answer is not {encoding} text ({exc.reason} at byte {exc.start})") from None
        result = check(text)
        self.used.append(self.cache.put(method, url, body, response.status_code, text))
        return result

    def send(self, method: str, url: str, body: Any = None, **kwargs: Any) -> requests.Response:
        """One request with bounded waits; network errors retried; the response whatever its status."""
        if self.offline or self.session is None:
            raise NotCached(f"{method} {url}: offline, not asked")
        host = host_of(url)
        if host in self.stalled:
            raise HostSkipped(f"{method} {url}: not asked, {host} {self.stalled[host]}")
        settings, last = self.settings, "no attempt"
        for attempt in range(settings.retries + 1):
            timeout = self._timeout(method, url)
            self.requests += 1
            if self.on_request is not None:
                self.on_request(url)
            try:
                return self.session.request(method, url, json=body, timeout=timeout, **kwargs)
            except requests.exceptions.RetryError as exc:
                raise SourceError(f"{method} {url}: gave up after retries ({_reason(exc)})") from exc
            except requests.exceptions.RequestException as exc:
                if _caused_by(exc, urllib3.exceptions.NameResolutionError):
                    self.stalled[host] = "could not be resolved earlier in this run (no network or no DNS?)"
                    raise SourceError(f"{method} {url}: could not resolve {host.split(':')[0]} (no network or no DNS?)") from exc
                if _is_timeout(exc):
                    self.timeouts[host] += 1
                    n = self.timeouts[host]
                    last = f"no answer in time ({timeout[1]:.0f} s)"
                    if n >= settings.host_timeouts:
                        self.stalled[host] = f"gave no answer in time {n} times earlier in this run"
                        raise HostStalled(
                            f"{method} {url}: {host} gave no answer in time ({n} times this run, waiting up to "
                            f"{timeout[1]:.0f} s each); its other sources are skipped in this run"
                        ) from exc
                elif isinstance(exc, requests.exceptions.ConnectionError):
                    last = f"could not connect ({_reason(exc)})"
                else:
                    raise SourceError(f"{method} {url}: {exc}") from exc
            pause = min(settings.backoff * 2**attempt, settings.backoff_max, self._left())
            if pause > 0 and attempt < settings.retries:
                time.sleep(pause)
        if last.startswith("could not connect"):
            self.stalled[host] = "could not be reached earlier in this run"
        raise SourceError(f"{method} {url}: {last}, after {settings.retries} retries")

    def _left(self) -> float:
        now = self.clock()
        return min(
            self.settings.source_deadline - (now - self.source_started),
            self.settings.run_deadline - (now - self.run_started),
        )

    def _timeout(self, method: str, url: str) -> tuple[float, float]:
        left = self._left()
        if left <= 0:
            now = self.clock()
            which, limit = ("source", self.settings.source_deadline)
            if self.settings.run_deadline - (now - self.run_started) <= left:
                which, limit = ("run", self.settings.run_deadline)
            raise SourceError(f"{method} {url}: not asked, the {which}'s deadline of {limit:.0f} s has passed")
        return (min(self.settings.connect_timeout, left), min(self.settings.timeout, left))


def _is_timeout(exc: BaseException) -> bool:
    """Whether a requests error is, underneath, a connect or read timeout (urllib3 files a refused connection
    under its timeouts too: that one is not)."""
    if _caused_by(exc, urllib3.exceptions.NewConnectionError):
        return False
    return _caused_by(exc, (requests.exceptions.Timeout, urllib3.exceptions.TimeoutError, TimeoutError))


def _caused_by(exc: BaseException, kinds: type | tuple[type, ...]) -> bool:
    """Whether `exc` or an error it wraps (requests and urllib3 nest them) is one of `kinds`."""
    seen: BaseException | None = exc
    for _ in range(6):
        if isinstance(seen, kinds):
            return True
        if seen is None:
            return False
        inner = getattr(seen, "reason", None)
        if inner is None and seen.args and isinstance(seen.args[0], BaseException):
            inner = seen.args[0]
        seen = inner
    return False


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
