"""Raw response cache under data/cache/ (not committed), keyed by the request.

The key is the SHA-256 of method, URL and canonical JSON body, so the same request always finds the same
file, and `refresh --offline` can replay a whole run without the network.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from etl.paths import DATA_DIR

DEFAULT_CACHE_DIR = DATA_DIR / "cache"


def cache_dir() -> Path:
    """`LAGET_CACHE_DIR` or data/cache."""
    return Path(os.environ.get("LAGET_CACHE_DIR") or DEFAULT_CACHE_DIR)


def request_key(method: str, url: str, body: Any = None) -> str:
    """Stable key of a request: method, URL and the body as canonical JSON."""
    canonical = "" if body is None else json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{method.upper()}\n{url}\n{canonical}".encode()).hexdigest()


@dataclass(frozen=True)
class CachedResponse:
    method: str
    url: str
    body: Any
    status: int
    fetched_at: str
    text: str


class ResponseCache:
    """One JSON envelope a request: what was asked, when, and the raw text that came back."""

    def __init__(self, root: Path):
        self.root = root

    def path_for(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, method: str, url: str, body: Any = None) -> CachedResponse | None:
        path = self.path_for(request_key(method, url, body))
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        return CachedResponse(doc["method"], doc["url"], doc.get("body"), doc["status"], doc["fetched_at"], doc["text"])

    def put(self, method: str, url: str, body: Any, status: int, text: str) -> Path:
        """Write the envelope atomically (a reader never sees half a file)."""
        path = self.path_for(request_key(method, url, body))
        path.parent.mkdir(parents=True, exist_ok=True)
        envelope = {
            "method": method.upper(),
            "url": url,
            "body": body,
            "status": status,
            "fetched_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "text": text,
        }
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(envelope, handle, ensure_ascii=False)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path
