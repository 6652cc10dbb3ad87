"""Jobs the tests hand to an export process (functions of a module, so they pickle)."""

from __future__ import annotations

import os
import tempfile


def use_tempdir(path: str | None) -> None:
    """Make temporary files in `path` (None: the default again), in the process this runs in."""
    tempfile.tempdir = path
    if path is None:
        os.environ.pop("TMPDIR", None)
    else:
        os.environ["TMPDIR"] = path
