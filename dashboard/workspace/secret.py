"""The key that signs session cookies: `LAGET_SECRET_KEY`, or a random key kept in a file outside the repository."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def secret_file() -> Path:
    """$XDG_CONFIG_HOME/laget-i-lanet/secret_key (default ~/.config/…): shared by the workers of one machine."""
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "laget-i-lanet" / "secret_key"


def secret_key() -> str:
    key = os.environ.get("LAGET_SECRET_KEY")
    if key:
        if len(key) < 32:
            raise SystemExit(
                "LAGET_SECRET_KEY must be at least 32 characters (e.g. python -c 'import secrets; print(secrets.token_hex(32))')"
            )
        return key
    path = secret_file()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:  # O_EXCL: of two workers starting at once, one writes the key and both read it
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_hex(32))
    for _ in range(50):
        key = path.read_text().strip()
        if key:
            return key
        import time

        time.sleep(0.02)
    raise SystemExit(f"The secret key file {path} is empty; delete it or set LAGET_SECRET_KEY")
