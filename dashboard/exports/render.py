"""One warm Kaleido export server per process: Plotly figures to PNG, SVG and PDF.

The server runs in the export processes (dashboard/exports/lane.py), never in a page's. Kaleido drives a
headless chromium (Debian's, found on PATH or through `BROWSER_PATH`). Starting it costs a few seconds, so
an export process starts it as soon as the lane is warmed up (`start()`; `warm_up()` does it in a
background thread), and a page never waits for it. Its event loop runs in its own thread; an export is handed to that loop and waited for
under one lock, because a Kaleido instance renders one figure at a time. Bytes come back in memory:
an export never writes a file. If chromium dies, the next export starts a fresh one. Without a chromium
to start, `renderer_available()` says so in Swedish and an export raises `RendererMissing` at once.
"""

from __future__ import annotations

import asyncio
import logging
import math
import os
import threading
import time
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import plotly.graph_objects as go

log = logging.getLogger(__name__)

ImageFormat = Literal["png", "svg", "pdf"]
FORMATS: tuple[ImageFormat, ...] = ("png", "svg", "pdf")
MEDIA_TYPES = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}

START_TIMEOUT = 60.0
RENDER_TIMEOUT = 45.0


@dataclass(frozen=True)
class Size:
    """An output size in pixels. With `height` the frame is fixed (a slide); without, the figure's own height is kept.

    A figure is laid out at its own height (`layout.height`, else `default_height`) in CSS pixels, so its title,
    legend and source line stay where its style put them, and rendered at the scale that fills the frame.
    """

    name: str
    label: str
    width: int
    height: int | None = None
    default_height: int = 630

    def layout(self, figure_height: int | None) -> tuple[int, int, float]:
        """(layout width, layout height, scale) for a figure of this height."""
        h = int(figure_height or self.default_height)
        if self.height is None:
            scale = 2.0  # print: 945 CSS px at scale 2 = 1890 px, 16 cm at 300 dpi
            return round(self.width / scale), h, scale
        step = self.height // math.gcd(self.width, self.height)
        h = max(step, step * round(h / step))  # so that the width comes out a whole number of pixels
        return self.width * h // self.height, h, self.height / h


SIZES: dict[str, Size] = {
    "a4": Size("a4", "tryck, 16 cm bred i 300 dpi", 1890),
    "bild": Size("bild", "bildspel 1920×1080", 1920, 1080, default_height=720),
}
# Swedish month names: the app's vendored plotly.js locale, then a line that makes it the default; the map's
# offline geo assets (no topojson from a CDN).
LOCALE_SCRIPTS = [
    Path(__file__).resolve().parents[2] / "assets" / "vendor" / "plotly-locale-sv.js",
    Path(__file__).with_name("plotly_sv.js"),
    Path(__file__).resolve().parents[2] / "assets" / "plotly-geo.js",
]


class RenderError(RuntimeError):
    """The export server could not render the figure."""


class RendererMissing(RenderError):
    """No chromium to start: a retry will not help until it is installed (the text is Swedish, for the reader)."""


INSTALL_HINT = "Installera Debians paket chromium (apt-get install chromium) och starta om."


def renderer_available() -> str | None:
    """None when Kaleido has a chromium to start; else a Swedish sentence naming what is missing and how to install it."""
    from choreographer.browsers.chromium import Chromium  # what Kaleido itself looks for: BROWSER_PATH, PATH, usual places

    path = Chromium.find_browser(skip_local=False)
    if path and os.path.isfile(path) and os.access(path, os.X_OK):
        return None
    where = f" (BROWSER_PATH pekar på {path}, som inte är ett körbart program)" if os.environ.get("BROWSER_PATH") else ""
    return f"Diagram kan inte ritas: webbläsaren Chromium saknas på servern{where}. {INSTALL_HINT}"


class Renderer:
    """A Kaleido instance living on its own event loop thread; `render()` is safe to call from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # one export (or start) at a time
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido = None
        self._warming: threading.Thread | None = None
        self._guard = threading.Lock()  # protects _warming
        self.started_in: float | None = None

    @property
    def warm(self) -> bool:
        return self._kaleido is not None

    def warm_up(self) -> None:
        """Start the server in a background thread (returns at once; does nothing when warm or warming)."""
        with self._guard:
            if self.warm or (self._warming is not None and self._warming.is_alive()):
                return
            if renderer_available() is not None:  # nothing to start; each export says what to install
                return
            self._warming = threading.Thread(target=self.start, name="kaleido-warm-up", daemon=True)
            self._warming.start()

    def start(self) -> None:
        """Start the server now, in this thread (a failure is logged; the next export retries and reports it)."""
        if renderer_available() is not None:
            return
        try:
            with self._lock:
                self._ensure_started()
        except Exception:  # the next export retries and reports the error to its caller
            log.exception("kaleido warm-up failed")

    def render(self, figure: go.Figure | dict, fmt: ImageFormat, size: Size) -> bytes:
        """The figure (graph_objects or a plain dict) as PNG, SVG or PDF bytes at `size`."""
        if fmt not in FORMATS:
            raise ValueError(f"unknown image format {fmt!r}")
        height_now = figure["layout"].get("height") if isinstance(figure, dict) else figure.layout.height
        width, height, scale = size.layout(height_now)
        opts = {"format": fmt, "width": width, "height": height, "scale": scale}
        with self._lock:
            try:
                self._ensure_started()
                return self._call(self._kaleido.calc_fig(figure, opts=opts), RENDER_TIMEOUT)
            except RendererMissing:
                raise
            except Exception as exc:
                log.exception("kaleido failed to render; restarting it for the next export")
                self._stop()
                raise RenderError(str(exc)) from exc

    def _call(self, coroutine, timeout: float):
        assert self._loop is not None
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        try:
            return future.result(timeout)
        except FutureTimeout as exc:
            future.cancel()
            raise RenderError(f"no answer from chromium within {timeout:.0f} s") from exc

    def _ensure_started(self) -> None:
        """Start chromium and Kaleido if they are not running (caller holds the lock)."""
        if self._kaleido is not None:
            return
        if missing := renderer_available():
            raise RendererMissing(missing)
        import kaleido  # imported here: importing it costs time the pages should not pay

        began = time.perf_counter()
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="kaleido-loop", daemon=True)
        thread.start()
        self._loop, self._thread = loop, thread

        async def _open():
            page = kaleido.PageGenerator(mathjax=False, others=[p for p in LOCALE_SCRIPTS if p.is_file()] or None)
            instance = kaleido.Kaleido(n=1, timeout=RENDER_TIMEOUT, page_generator=page)
            await instance.open()
            return instance

        try:
            self._kaleido = self._call(_open(), START_TIMEOUT)
        except Exception:
            self._stop()
            raise
        self.started_in = time.perf_counter() - began
        log.info("kaleido export server started in %.2f s", self.started_in)

    def _stop(self) -> None:
        """Close Kaleido and its loop (caller holds the lock); safe on a half-started server."""
        instance, loop, thread = self._kaleido, self._loop, self._thread
        self._kaleido = self._loop = self._thread = None
        if loop is None:
            return
        if instance is not None:
            try:
                asyncio.run_coroutine_threadsafe(instance.close(), loop).result(10)
            except Exception:
                log.warning("kaleido did not close cleanly", exc_info=True)
        loop.call_soon_threadsafe(loop.stop)
        if thread is not None:
            thread.join(5)
        loop.close()

    def close(self) -> None:
        """Stop chromium (tests and shutdown)."""
        with self._lock:
            self._stop()


RENDERER = Renderer()


def render(figure: go.Figure | dict, fmt: ImageFormat, size: Size) -> bytes:
    """Render with the process's one export server."""
    return RENDERER.render(figure, fmt, size)
