"""Command line: `python -m etl build | check | region new | refresh | doctor | status | import | template`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core import clock
from etl.build import build
from etl.config import ConfigError, load_config
from etl.load import WriterBusy
from etl.observations import ObservationError
from etl.paths import DATA_DIR, database_path

UNCHANGED = "Nothing was written; the previous database is unchanged."


def _error(message: object, code: int, unchanged: bool = False) -> int:
    """Say on stderr what went wrong (and, if so, that the database is as it was); return the exit code."""
    print(f"error: {message}" + (f"\n{UNCHANGED}" if unchanged else ""), file=sys.stderr)
    return code


def _sources_path(args: argparse.Namespace) -> Path | None:
    """The source list named by --sources, or None for DATA/sources.yaml."""
    return Path(args.sources) if args.sources else None


def _cmd_build(args: argparse.Namespace) -> int:
    report = build(Path(args.db), Path(args.data))
    print(
        f"Built {report.db_path} in {report.seconds:.2f} s: {report.observations} observations, "
        f"{report.indicators} indicators, {report.goals} goals, {report.size_bytes / 1e6:.1f} MB; "
        f"the embedded snapshot and {report.runs_kept} kept run(s) from {report.store}"
    )
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    config = load_config(Path(args.data))
    sets = sum(len(r.goal_sets) for r in config.regions)
    print(f"Configuration OK: {len(config.indicators)} indicators, {len(config.regions)} regions, {sets} goal sets")
    return 0


def _cmd_region_new(args: argparse.Namespace) -> int:
    from etl.new_region import RegionExists, new_region

    try:
        folder = new_region(Path(args.data), args.code)
    except RegionExists as exc:
        return _error(exc, 2)
    print(f"Wrote {folder}/: region.yaml, goals/, comments.yaml. Fill in the goal set (see data/README.md), then `make db`.")
    try:
        load_config(Path(args.data))  # what it wrote passes the same validation as every goal file
    except ConfigError as exc:
        print(f"warning: the configuration has problems to fix before a build:\n{exc}", file=sys.stderr)
        return 2
    return 0


# --- refresh, status, import, template ---------------------------------------------------------


def _cmd_refresh(args: argparse.Namespace) -> int:
    from etl.refresh import RefreshError, refresh
    from etl.sources.spec import SourcesError

    try:
        report = refresh(
            Path(args.db),
            Path(args.data),
            sources_path=_sources_path(args),
            region=args.region,
            groups=args.source,
            offline=args.offline,
            keep_going=args.keep_going,
            rebuild=args.rebuild,
            include_unverified=args.include_unverified,
            progress=sys.stderr,
        )
    except RefreshError as exc:
        if exc.report.outcomes:
            print(exc.report.table())
        return _error(exc, 1, unchanged=True)
    except SourcesError as exc:
        return _error(exc, 2, unchanged=True)
    print(report.table())
    where = "from the cache" if args.offline else f"{report.requests} requests"
    base = "rebuilt from the embedded snapshot, then " if report.rebuilt else ""
    print(f"\n{report.db_path}: {base}loaded in {report.seconds:.2f} s ({where}).")
    if report.failed:
        names = ", ".join(o.source for o in report.failed)
        print(f"warning: {len(report.failed)} source(s) failed and were not loaded: {names}", file=sys.stderr)
        return 3
    return 0


def _cmd_doctor(args: argparse.Namespace) -> int:
    from etl.doctor import doctor
    from etl.sources.spec import SourcesError

    try:
        findings = doctor(Path(args.data), sources_path=_sources_path(args), region=args.region, offline=args.offline)
    except SourcesError as exc:
        return _error(exc, 2)
    width = max((len(f.source) for f in findings), default=10)
    for finding in findings:
        print(finding.line(width))
    problems = [f.source for f in findings if f.status == "problem"]
    unresolved = sorted(
        {f.message.split("could not resolve ")[1].split(" ")[0] for f in findings if "could not resolve " in f.message}
    )
    if unresolved:
        print(f"\nNo network, it seems: could not resolve {', '.join(unresolved)}. `--offline` checks the local files only.")
    offline = " (offline: nothing was asked)" if args.offline else ""
    counts = {status: sum(f.status == status for f in findings) for status in ("ok", "problem", "skipped")}
    summary = f"{counts['ok']} ok, {counts['problem']} with a problem, {counts['skipped']} skipped"
    print(f"\n{len(findings)} sources: {summary}{offline}")
    return 1 if problems else 0


def _cmd_status(args: argparse.Namespace) -> int:
    from etl.sources.spec import SourcesError, load_sources
    from etl.status_report import HEADERS, format_table, status_rows

    db = Path(args.db)
    _print_kept(db)
    if not db.exists():
        return _error(f"no database at {db}; run `python -m etl build` or `python -m etl refresh` first", 1)
    data = Path(args.data)
    try:
        specs = load_sources(_sources_path(args) or data / "sources.yaml", root=data.parent)
    except SourcesError as exc:
        return _error(exc, 2)
    try:
        today = clock.today()
    except ValueError as exc:
        return _error(exc, 2)
    config = load_config(data)
    rows = status_rows(db, specs, set(config.indicators), today)
    print(format_table(HEADERS, [r.as_tuple() for r in rows]))
    stale = [r.source for r in rows if r.state.startswith("STALE")]
    print(f"\n{len(rows)} sources; {len(stale)} stale" + (f": {', '.join(stale)}" if stale else ""))
    return 0


def _print_kept(db: Path) -> None:
    """What the run store keeps (a build replays all of it), and whether the database holds every kept run."""
    from etl.runstore import RunStore, runs_dir, summarise
    from etl.status_report import format_table
    from etl.vintages import existing_run_keys

    store = RunStore(runs_dir(db))
    runs = store.runs()
    kept = summarise(store)
    rows = sum(k.rows for k in kept)
    print(f"Kept in {store.root}: {len(runs)} run(s), {rows} rows, {sum(k.raw_files for k in kept)} raw file(s)")
    if kept:
        headers = ("source", "runs", "rows", "first loaded", "last loaded", "raw files")
        print(format_table(headers, [(k.source, k.runs, k.rows, k.first, k.last, k.raw_files) for k in kept]))
    in_db = existing_run_keys(db)
    missing = [r for r in runs if r.key not in in_db] if db.exists() else []
    if missing:
        print(f"note: {db} lacks {len(missing)} kept run(s); `python -m etl build` puts them back")
    print()


def _cmd_import(args: argparse.Namespace) -> int:
    from etl.refresh import import_workbook
    from etl.sources.base import SourceError

    try:
        outcome = import_workbook(Path(args.db), Path(args.data), Path(args.file))
    except SourceError as exc:
        return _error(exc, 1, unchanged=True)
    print(
        f"Imported {args.file}: {outcome.received} rows, {outcome.appended} new, {outcome.changed} revised ({outcome.seconds:.2f} s)"
    )
    return 0


def _cmd_template(args: argparse.Namespace) -> int:
    from etl.areas import read_areas
    from etl.config import load_catalogue
    from etl.sources.excel import write_template

    data = Path(args.data)
    indicators, problems = load_catalogue(data / "indicators.yaml", data.parent)
    if problems:
        raise ConfigError(problems)
    write_template(Path(args.file), indicators, read_areas(data / "areas.csv"))
    print(f"Wrote {args.file}: fill in the sheet 'Data', then run `python -m etl import {args.file}`")
    return 0


def _add_source_commands(sub: argparse._SubParsersAction) -> None:
    db_help = "database file (default: $LAGET_DB or data/laget.duckdb)"
    p = sub.add_parser("refresh", help="fetch SCB, Kolada and Excel sources and load them as a new vintage")
    p.add_argument("--db", default=str(database_path()), help=db_help)
    p.add_argument("--sources", help="source list (default: DATA/sources.yaml)")
    p.add_argument("--region", default="23", help="the län whose kommuner to fetch (default 23)")
    p.add_argument(
        "--source", action="append", choices=["scb", "kolada", "excel", "publisher"], help="only these sources (repeatable)"
    )
    p.add_argument("--offline", action="store_true", help="replay the raw responses in data/cache/, no network")
    p.add_argument("--keep-going", action="store_true", help="load the sources that worked even if others failed")
    p.add_argument("--rebuild", action="store_true", help="first rebuild from the embedded snapshot and every kept run")
    p.add_argument("--include-unverified", action="store_true", help="also try sources marked verified: false")
    p.set_defaults(func=_cmd_refresh)
    p = sub.add_parser("doctor", help="ask each source's metadata whether its table, codes, KPI or file still hold")
    p.add_argument("--sources", help="source list (default: DATA/sources.yaml)")
    p.add_argument("--region", default="23", help="the län whose kommuner the codes are checked for (default 23)")
    p.add_argument("--offline", action="store_true", help="ask nothing; check the source list and local files only")
    p.set_defaults(func=_cmd_doctor)
    p = sub.add_parser("status", help="what was loaded when, the latest period, and what is stale")
    p.add_argument("--db", default=str(database_path()), help=db_help)
    p.add_argument("--sources", help="source list (default: DATA/sources.yaml)")
    p.set_defaults(func=_cmd_status)
    p = sub.add_parser("import", help="load a filled template (FILE.xlsx) as a new vintage")
    p.add_argument("file")
    p.add_argument("--db", default=str(database_path()), help=db_help)
    p.set_defaults(func=_cmd_import)
    p = sub.add_parser("template", help="write the Excel template for the region's own figures")
    p.add_argument("file")
    p.set_defaults(func=_cmd_template)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m etl", description="Läget i länet: load indicator data into DuckDB.")
    parser.add_argument("--data", default=str(DATA_DIR), help="folder with indicators.yaml, regions/ and snapshot/")
    sub = parser.add_subparsers(dest="command", required=True)
    p_build = sub.add_parser("build", help="build the database from the embedded default (no network)")
    p_build.add_argument("--db", default=str(database_path()), help="database file (default: $LAGET_DB or data/laget.duckdb)")
    p_build.set_defaults(func=_cmd_build)
    p_check = sub.add_parser("check", help="validate the goal files and the catalogue")
    p_check.set_defaults(func=_cmd_check)
    p_region = sub.add_parser("region", help="set up a region").add_subparsers(dest="action", required=True)
    p_new = p_region.add_parser("new", help="write data/regions/CODE/ with an empty goal set in the documented format")
    p_new.add_argument("code", help="the län's SCB code, e.g. 20")
    p_new.set_defaults(func=_cmd_region_new)
    _add_source_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        return args.func(args)
    except (ConfigError, ObservationError) as exc:
        return _error(exc, 2, unchanged=True)
    except (OSError, WriterBusy) as exc:
        return _error(exc, 1, unchanged=True)
