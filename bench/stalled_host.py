"""How long a refresh with the real default waits takes against a host that accepts connections and never answers.

`python -m bench.stalled_host` points every API at such a host, runs `refresh` on the test catalogue and
prints the time it took to give up (the database is left as it was).
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "etl"


class StalledServer:
    """A host that accepts connections and never answers."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.host = f"127.0.0.1:{self.sock.getsockname()[1]}"
        self.base = f"http://{self.host}"
        self.connections: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections.append(conn)

    def close(self) -> None:
        for conn in self.connections:
            conn.close()
        self.sock.close()


def main() -> None:
    from etl.build import build
    from etl.refresh import RefreshError, refresh

    server = StalledServer()
    for env, suffix in (("LAGET_SCB_URL", "/scb/v2"), ("LAGET_SCB_V1_URL", "/scb/v1"), ("LAGET_KOLADA_URL", "/kolada")):
        os.environ[env] = server.base + suffix
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(FIXTURES / "data", data)
        shutil.copy(FIXTURES / "sources.yaml", data / "sources.yaml")
        db = Path(tmp) / "laget.duckdb"
        build(db, data)
        before = db.read_bytes()
        started = time.monotonic()
        try:
            refresh(db, data, cache_root=Path(tmp) / "cache")
            outcome = "loaded (unexpected)"
        except RefreshError as exc:
            outcome = str(exc).splitlines()[1].strip()[:160]
        seconds = time.monotonic() - started
        unchanged = db.read_bytes() == before
    server.close()
    print(
        f"stalled host {server.host}: gave up after {seconds:.1f} s, {len(server.connections)} connections, "
        f"database {'unchanged' if unchanged else 'CHANGED'}\n  {outcome}"
    )


if __name__ == "__main__":
    main()
