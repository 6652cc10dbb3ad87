"""The bench's figures and how they are written: bench/results.md (a table) and bench/results.json."""

from __future__ import annotations

import json
import os
import platform
import statistics
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb


@dataclass(frozen=True)
class Figure:
    """One measured figure: a central value, a spread (p95 or max), the target and whether it was met."""

    name: str
    unit: str
    median: float | None
    spread: float | None = None
    spread_kind: str = "p95"  # p95 | max
    target: str = ""
    ok: bool | None = None  # None: no target, or not measured
    note: str = ""

    @property
    def verdict(self) -> str:
        if self.median is None:
            return "not available"
        if self.ok is None:
            return "–"
        return "met" if self.ok else "MISSED"


def p95(values: list[float]) -> float:
    """The 95th percentile (inclusive method; the largest value for fewer than 20 samples)."""
    if len(values) < 20:
        return max(values)
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def timing(name: str, seconds: list[float], limit_ms: float | None = None, note: str = "") -> Figure:
    """A figure from request times in seconds, judged on its p95 against `limit_ms`."""
    ms = [s * 1000 for s in seconds]
    spread = p95(ms)
    kind = "p95" if len(ms) >= 20 else "max"
    target = f"{kind} ≤ {limit_ms:g} ms" if limit_ms is not None else ""
    ok = None if limit_ms is None else spread <= limit_ms
    return Figure(name, "ms", statistics.median(ms), spread, kind, target, ok, f"n={len(ms)}" + (f"; {note}" if note else ""))


def missing(name: str, why: str, target: str = "") -> Figure:
    return Figure(name, "", None, target=target, note=why)


def machine() -> dict:
    """The machine the figures were taken on."""
    pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    return {
        "cores": os.cpu_count(),
        "memory_gb": round(pages / 2**30, 1),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "platform": platform.platform(),
    }


def _fmt(value: float | None) -> str:
    if value is None:
        return "–"
    if abs(value) >= 100:
        return f"{value:,.0f}".replace(",", " ")
    return f"{value:.3g}" if abs(value) < 10 else f"{value:.1f}"


def write(figures: list[Figure], folder: Path, info: dict) -> tuple[Path, Path]:
    """Write results.md and results.json into `folder`."""
    lines = [
        "# Bench results",
        "",
        f"Machine: {info['machine']['cores']} cores, {info['machine']['memory_gb']} GB memory, "
        f"load average at start {' / '.join(map(str, info['machine'].get('load_at_start', [])))} (1, 5, 15 min), "
        f"Python {info['machine']['python']}, DuckDB {info['machine']['duckdb']}. "
        f"Data set: {info.get('dataset', '')}. Run took {info.get('seconds', 0):.0f} s.",
        "",
        "| figure | median | p95 or max | target | verdict | note |",
        "|---|---|---|---|---|---|",
    ]
    for f in figures:
        unit = f" {f.unit}" if f.unit and f.median is not None else ""
        spread = "–" if f.spread is None else f"{_fmt(f.spread)}{unit} ({f.spread_kind})"
        lines.append(f"| {f.name} | {_fmt(f.median)}{unit} | {spread} | {f.target} | {f.verdict} | {f.note} |")
    md = folder / "results.md"
    md.write_text("\n".join(lines) + "\n", encoding="utf-8")
    js = folder / "results.json"
    payload = info | {"figures": [asdict(f) | {"verdict": f.verdict} for f in figures]}
    js.write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")
    return md, js
