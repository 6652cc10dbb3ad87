"""Command line: `python -m etl build | check`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from etl.build import build
from etl.config import ConfigError, load_config
from etl.observations import ObservationError
from etl.paths import DATA_DIR, database_path


def _cmd_build(args: argparse.Namespace) -> int:
    report = build(Path(args.db), Path(args.data))
    print(
        f"Built {report.db_path} in {report.seconds:.2f} s: {report.observations} observations, "
        f"{report.indicators} indicators, {report.goals} goals, {report.size_bytes / 1e6:.1f} MB"
    )
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    config = load_config(Path(args.data))
    sets = sum(len(r.goal_sets) for r in config.regions)
    print(f"Configuration OK: {len(config.indicators)} indicators, {len(config.regions)} regions, {sets} goal sets")
    return 0


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m etl", description="Läget i länet: load indicator data into DuckDB.")
    parser.add_argument("--data", default=str(DATA_DIR), help="folder with indicators.yaml, regions/ and snapshot/")
    sub = parser.add_subparsers(dest="command", required=True)
    p_build = sub.add_parser("build", help="build the database from the embedded default (no network)")
    p_build.add_argument("--db", default=str(database_path()), help="database file (default: $LAGET_DB or data/laget.duckdb)")
    p_build.set_defaults(func=_cmd_build)
    p_check = sub.add_parser("check", help="validate the goal files and the catalogue")
    p_check.set_defaults(func=_cmd_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        return args.func(args)
    except (ConfigError, ObservationError) as exc:
        print(f"error: {exc}\nNothing was written; the previous database is unchanged.", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {exc}\nNothing was written; the previous database is unchanged.", file=sys.stderr)
        return 1
