"""`python -m etl refresh` and `python -m etl import`: sources → long rows → one new vintage per source.

Everything is fetched and parsed before the database is touched. By default a run is all or nothing: any
failing source means nothing is swapped in and the error names the source and why. With `keep_going` the
sources that worked are loaded and the failed ones are recorded in `runs` with their reason. The load itself
writes a temporary copy that `etl.load.atomic_database` swaps in only when everything went well, so a
failure or a killed process leaves the previous database byte-for-byte intact. What each run loaded is kept
in the run store beside the database (`etl.vintages`, `etl.runstore`), so a rebuild brings every vintage back.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import pandas as pd

from etl.areas import read_areas
from etl.cache import ResponseCache, cache_dir
from etl.config import Config, load_config
from etl.derived import derive, stored_rows
from etl.http import HttpSettings, make_session
from etl.observations import Known, known_for, read_snapshot
from etl.precedence import apply_precedence
from etl.progress import Progress
from etl.runstore import RunStore, runs_dir
from etl.sources import client_for
from etl.sources.base import Context, Fetcher, SkipSource, SourceError, tidy
from etl.sources.excel import read_template
from etl.sources.spec import GROUPS, SourceSpec, load_sources
from etl.status_report import format_table
from etl.vintages import Outcome, load_outcomes

__all__ = ["Outcome", "RefreshError", "RefreshReport", "import_workbook", "load_outcomes", "refresh"]


@dataclass
class RefreshReport:
    db_path: Path
    outcomes: list[Outcome] = field(default_factory=list)
    loaded: bool = False
    rebuilt: bool = False
    seconds: float = 0.0
    requests: int = 0
    from_cache: int = 0

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def table(self) -> str:
        rows = [
            (o.source, o.kind, o.indicator, o.status, o.received, o.appended, o.changed, f"{o.seconds:.2f}", o.message)
            for o in self.outcomes
        ]
        headers = ("source", "kind", "indicator", "status", "received", "new rows", "revised", "s", "message")
        return format_table(headers, rows)


class RefreshError(Exception):
    """The run failed; nothing was written. Carries the report with each source's outcome."""

    def __init__(self, message: str, report: RefreshReport):
        super().__init__(message)
        self.report = report


def _progress(out: TextIO | None, text: str) -> None:
    if out is not None:
        print(text, file=out, flush=True)


def select_specs(
    specs: list[SourceSpec], config: Config, groups: list[str] | None, include_unverified: bool
) -> tuple[list[SourceSpec], list[Outcome]]:
    """The specs to run, and outcomes for those skipped (unknown indicator, unverified table, other group)."""
    kinds = {k for g in (groups or GROUPS) for k in GROUPS[g]} | {"derived"}
    run, skipped = [], []
    for spec in specs:
        if spec.kind not in kinds:
            continue
        reason = ""
        if spec.indicator != "*" and spec.indicator not in config.indicators:
            reason = f"indicator {spec.indicator!r} is not in indicators.yaml; add it to the catalogue to load this source"
        elif not spec.verified and not include_unverified:
            reason = f"{spec.ref} is not verified ({spec.note}); use --include-unverified to try it"
        if reason:
            skipped.append(Outcome(spec.id, spec.kind, spec.indicator, "skipped", reason))
        else:
            run.append(spec)
    return run, skipped


def derive_shares(outcomes: list[Outcome], stored: Callable[[set[str]], pd.DataFrame], known: Known) -> None:
    """Compute each derived outcome (collected as a placeholder) from the run's rows and what is stored."""
    todo = [o for o in outcomes if o.kind == "derived" and o.status == "ok" and o.spec is not None]
    if not todo:
        return
    frames = [o.frame for o in outcomes if o.status == "ok" and o.frame is not None and o.kind != "derived"]
    base = stored({i for o in todo for i in (o.spec.numerator, o.spec.denominator)})  # type: ignore[union-attr]
    for outcome in todo:
        if outcome.spec is not None:
            frame, message = derive(outcome.spec, frames, base)
            if frame.empty:
                outcome.status, outcome.message = "skipped", f"{outcome.source}: {message}"
                continue
            try:
                outcome.frame = tidy(frame, outcome.source, known)
            except SourceError as exc:
                outcome.status, outcome.message = "failed", str(exc)
                continue
            outcome.received, outcome.message = len(outcome.frame), message


def collect(specs: list[SourceSpec], ctx: Context, progress: TextIO | None) -> list[Outcome]:
    """Fetch and parse every spec; a failure is recorded with its reason, never raised (derived: later)."""
    derived = [Outcome(s.id, s.kind, s.indicator, "ok", spec=s) for s in specs if s.kind == "derived"]
    specs = [s for s in specs if s.kind != "derived"]
    outcomes = []
    shown = Progress(progress, len(specs))
    ctx.fetcher.on_request = shown.request
    for n, spec in enumerate(specs, start=1):
        started = time.perf_counter()
        outcome = Outcome(spec.id, spec.kind, spec.indicator, "ok")
        shown.start(n, f"{spec.kind} {spec.id} ({spec.ref})")
        ctx.fetcher.start_source()
        answers = len(ctx.fetcher.used)
        try:
            client = client_for(spec.kind)
            raw = client.fetch(spec, ctx)
            frame = client.parse(spec, raw, ctx)
            outcome.frame, outcome.received = frame, len(frame)
            outcome.raw = ctx.fetcher.used[answers:] + ([raw] if isinstance(raw, Path) else [])
            outcome.message = f"{spec.ref}: {len(frame)} rows"
            if frame.empty and spec.expect_rows and spec.kind != "excel":
                outcome.status = "failed"
                outcome.message = (
                    f"{spec.ref}: the answer held 0 rows where rows were expected; check its ids with `python -m etl doctor`"
                )
        except SkipSource as exc:
            outcome.status, outcome.message = "skipped", str(exc)
        except SourceError as exc:
            outcome.status, outcome.message = "failed", str(exc)
        except Exception as exc:  # any other surprise in a source still names the source
            outcome.status, outcome.message = "failed", f"{spec.id}: unexpected {type(exc).__name__}: {exc}"
        outcome.seconds = time.perf_counter() - started
        shown.finish(n, f"{spec.id}: {outcome.status} {outcome.message.splitlines()[0]} ({outcome.seconds:.2f} s)")
        outcomes.append(outcome)
    ctx.fetcher.on_request = None
    return outcomes + derived


def refresh(
    db_path: Path,
    data_dir: Path,
    *,
    sources_path: Path | None = None,
    region: str = "23",
    groups: list[str] | None = None,
    offline: bool = False,
    keep_going: bool = False,
    rebuild: bool = False,
    include_unverified: bool = False,
    http: HttpSettings | None = None,
    cache_root: Path | None = None,
    progress: TextIO | None = None,
) -> RefreshReport:
    """Run the sources and load what they gave; raise RefreshError (nothing written) when the run fails."""
    started = time.perf_counter()
    report = RefreshReport(db_path)
    config = load_config(data_dir)
    areas = read_areas(data_dir / "areas.csv")
    if region not in set(areas.loc[areas["level"] == "lan", "area_code"]):
        raise RefreshError(f"--region {region!r} is not a län code (e.g. 23)", report)
    known = known_for(config, areas)
    specs = load_sources(sources_path or data_dir / "sources.yaml", root=data_dir.parent)
    to_run, skipped = select_specs(specs, config, groups, include_unverified)
    for outcome in skipped:
        _progress(progress, f"skip {outcome.source}: {outcome.message}")
    cache = ResponseCache(cache_root or cache_dir())
    session = None if offline else make_session(http)
    fetcher = Fetcher(session, cache, offline=offline)
    ctx = Context(fetcher=fetcher, areas=areas, known=known, region=region)
    try:
        report.outcomes = skipped + collect(to_run, ctx, progress)
    finally:
        if session is not None:
            session.close()
    report.requests, report.from_cache = fetcher.requests, fetcher.from_cache
    apply_precedence(report.outcomes, specs, None if rebuild else db_path)
    fresh = rebuild or not db_path.exists()
    snapshot_dir = data_dir / "snapshot"

    def stored(indicators: set[str]) -> pd.DataFrame:
        return read_snapshot(snapshot_dir, known, root=data_dir.parent) if fresh else stored_rows(db_path, indicators)

    derive_shares(report.outcomes, stored, known)
    if report.failed and not keep_going:
        report.seconds = time.perf_counter() - started
        names = "\n".join(f"  - {o.source}: {o.message}" for o in report.failed)
        raise RefreshError(f"{len(report.failed)} source(s) failed, so nothing was loaded:\n{names}", report)
    try:
        report.rebuilt = load_outcomes(
            db_path, data_dir, config, areas, report.outcomes, rebuild=rebuild, store=RunStore(runs_dir(db_path))
        )
    except SourceError as exc:
        report.seconds = time.perf_counter() - started
        raise RefreshError(str(exc), report) from exc
    report.loaded = True
    report.seconds = time.perf_counter() - started
    return report


def import_workbook(db_path: Path, data_dir: Path, workbook: Path) -> Outcome:
    """Load a filled template as a new vintage (run source `import:<file name>`)."""
    started = time.perf_counter()
    config = load_config(data_dir)
    areas = read_areas(data_dir / "areas.csv")
    known = known_for(config, areas)
    ctx = Context(fetcher=Fetcher(None, ResponseCache(cache_dir()), offline=True), areas=areas, known=known)
    frame = tidy(read_template(workbook, ctx), f"import:{workbook.name}", known)
    if frame.empty:
        raise SourceError(f"{workbook.name}: the sheet 'Data' holds no figures")
    outcome = Outcome(f"import:{workbook.name}", "excel", ",".join(sorted(frame["indicator_id"].unique())), "ok")
    outcome.frame, outcome.received, outcome.raw = frame, len(frame), [workbook]
    outcome.message = f"{workbook}: {len(frame)} rows"
    load_outcomes(db_path, data_dir, config, areas, [outcome], rebuild=False, store=RunStore(runs_dir(db_path)))
    outcome.seconds = time.perf_counter() - started
    return outcome
