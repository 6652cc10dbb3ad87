"""The one HTTP session of the ETL: timeouts, retries with backoff, 429 Retry-After, User-Agent.

Every base URL can be overridden by an environment variable, for mirrors, proxies and tests:
`LAGET_SCB_URL` (PxWebApi 2.0), `LAGET_SCB_V1_URL` (PxWeb v1) and `LAGET_KOLADA_URL` (Kolada v3).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

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

    timeout: float = 30.0  # seconds to connect and to wait for each read
    retries: int = 4  # attempts after the first, for connection errors, timeouts, 5xx and 429
    backoff: float = 1.0  # waits backoff * 2**n seconds between attempts (n = 0, 1, …)
    backoff_max: float = 60.0
    retry_after_max: float = 120.0  # never wait longer than this for a 429/503 Retry-After


class _TimeoutSession(requests.Session):
    """A Session with a default timeout on every request."""

    def __init__(self, timeout: float):
        super().__init__()
        self.default_timeout = timeout

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        kwargs.setdefault("timeout", self.default_timeout)
        return super().request(method, url, *args, **kwargs)


def make_session(settings: HttpSettings | None = None) -> requests.Session:
    """Build the session every client uses (pass it in; do not build sessions elsewhere)."""
    settings = settings or HttpSettings()
    retry = Retry(
        total=settings.retries,
        connect=settings.retries,
        read=settings.retries,
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
    session = _TimeoutSession(settings.timeout)
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})
    return session
