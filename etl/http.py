"""The one HTTP session of the ETL: timeouts, deadlines, retries with backoff, 429 Retry-After, User-Agent.

The session retries HTTP statuses (429 and 5xx, honouring Retry-After); network errors and timeouts are
retried by `etl.sources.base.Fetcher`, which counts timeouts per host and bounds every wait by the source's
and the run's deadline.

Every base URL can be overridden by an environment variable, for mirrors, proxies and tests:
`LAGET_SCB_URL` (PxWebApi 2.0), `LAGET_SCB_V1_URL` (PxWeb v1) and `LAGET_KOLADA_URL` (Kolada v3).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

__version__ = "0.1"
USER_AGENT = f"laget-i-lanet/{__version__} (+https://github.com/; regional indicator dashboard)"

BASE_URLS = {
    "scb": ("LAGET_SCB_URL", "https://statistikdatabasen.scb.se/api/v2"),
    "scb_v1": ("LAGET_SCB_V1_URL", "https://api.scb.se/OV0104/v1/doris/sv/ssd"),
    "kolada": ("LAGET_KOLADA_URL", "https://api.kolada.se/v3"),
}

RETRY_STATUSES = (429, 500, 502, 503, 504)


def base_url(api: str) -> str:
    """The base URL of `api` (scb, scb_v1, kolada), from its environment variable or the default."""
    env, default = BASE_URLS[api]
    return (os.environ.get(env) or default).rstrip("/")


@dataclass(frozen=True)
class HttpSettings:
    """Knobs for the session; tests make the waits tiny through these, never by patching sleep."""

    timeout: float = 20.0  # seconds to wait for each read of an answer
    connect_timeout: float = 10.0  # seconds to open a connection
    retries: int = 4  # attempts after the first, for connection errors, 5xx and 429
    backoff: float = 1.0  # waits backoff * 2**n seconds between attempts (n = 0, 1, …)
    backoff_max: float = 30.0
    retry_after_max: float = 30.0  # never wait longer than this for a 429/503 Retry-After
    host_timeouts: int = 2  # a host that times out this often is not asked again in the run
    source_deadline: float = 120.0  # seconds one source may take, all its requests included
    run_deadline: float = 900.0  # seconds a whole refresh may take


def source_base(spec: Any) -> str:
    """The base URL a source asks: its own `base_url`, its file `url`, or its API's; empty for local files."""
    api = {"scb_v2": "scb", "scb_v1": "scb_v1", "kolada": "kolada"}.get(spec.kind)
    if spec.kind == "publisher":
        return spec.url
    if spec.base_url:
        return spec.base_url
    return base_url(api) if api else ""


def host_of(url: str) -> str:
    """`host:port` of a URL (what a stalled server is known by)."""
    return urlsplit(url).netloc


class _TimeoutSession(requests.Session):
    """A Session with a default (connect, read) timeout on every request; it carries its settings."""

    def __init__(self, settings: HttpSettings):
        super().__init__()
        self.settings = settings
        self.default_timeout = (settings.connect_timeout, settings.timeout)

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        kwargs.setdefault("timeout", self.default_timeout)
        return super().request(method, url, *args, **kwargs)


def make_session(settings: HttpSettings | None = None) -> requests.Session:
    """Build the session every client uses (pass it in; do not build sessions elsewhere)."""
    settings = settings or HttpSettings()
    retry = Retry(
        total=settings.retries,
        connect=0,  # network errors and timeouts: the Fetcher retries them, counting timeouts per host
        read=0,
        status=settings.retries,
        other=0,
        allowed_methods=frozenset({"GET", "POST", "HEAD"}),  # SCB's data POST is a read, safe to repeat
        status_forcelist=RETRY_STATUSES,
        backoff_factor=settings.backoff,
        backoff_max=settings.backoff_max,
        retry_after_max=settings.retry_after_max,
        respect_retry_after_header=True,
        raise_on_status=False,  # give back the last answer so the caller can name the status
    )
    session = _TimeoutSession(settings)
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})
    return session
