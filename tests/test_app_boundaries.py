"""The app's boundaries: it runs on its database file alone, and its SQL lives in one module."""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

from dashboard.db import Database
from dashboard.indicator_view import next_publication
from etl.build import build

ROOT = Path(__file__).resolve().parent.parent
APP_DIRS = ("dashboard", "pages")
SQL_HOMES = {"dashboard/queries.py", "dashboard/db.py"}  # and, when it comes, the workspace store's own module
SQL_HOME_DIRS = ("dashboard/queries/", "dashboard/workspace/")
SQL = re.compile(
    r"\bSELECT\b[\s\S]*\bFROM\b|\bINSERT\s+INTO\b|\bUPDATE\s+\w+\s+SET\b|\bDELETE\s+FROM\b|\b(CREATE|DROP|ALTER)\s+(TABLE|VIEW)\b"
)


def _app_modules() -> list[Path]:
    return sorted(p for d in APP_DIRS for p in (ROOT / d).rglob("*.py"))


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_the_dashboard_never_imports_the_etl():
    offenders = []
    for path in _app_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            offenders += [f"{_name(path)}:{node.lineno} imports {n}" for n in names if n == "etl" or n.startswith("etl.")]
    assert offenders == []


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the string constants that are docstrings (they may describe SQL)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def test_sql_lives_in_the_queries_module_only():
    offenders = []
    for path in _app_modules():
        name = _name(path)
        if name in SQL_HOMES or name.startswith(SQL_HOME_DIRS):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs and SQL.search(node.value):
                offenders.append(f"{name}:{node.lineno}: {node.value.strip()[:60]!r}")
    assert offenders == []


def test_the_sql_check_finds_a_query():
    """The check above is not blind: a query in a string (f-string parts included) is found."""
    tree = ast.parse('x = f"SELECT name FROM areas WHERE area_code = {code}"\ny = "INSERT INTO runs VALUES (1)"')
    hits = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str) and SQL.search(n.value)]
    assert len(hits) == 2


HIDE_ETL = r"""
import importlib.abc, json, sys

class HideEtl(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "etl":
            raise ModuleNotFoundError(f"No module named {name!r} (the app must not need the ETL)")
        return None

sys.meta_path.insert(0, HideEtl())
from pathlib import Path
import dash, plotly
from dashboard.app import create_app

app = create_app(Path(sys.argv[1]))
with app.server.test_request_context("/"):
    page = next(p for p in dash.page_registry.values() if p.get("path_template") == "/indikator/<indicator_id>")
    layout = page["layout"](indicator_id="folkmangd", omrade="23")
    print(json.dumps(layout.to_plotly_json(), cls=plotly.utils.PlotlyJSONEncoder, ensure_ascii=False))
"""


def test_the_app_runs_on_its_database_file_alone(built_db: Path):
    """With the etl package unimportable the indicator page still shows its map and next publication."""
    result = subprocess.run(
        [sys.executable, "-c", HIDE_ETL, str(built_db)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-3000:]
    page = result.stdout.strip().splitlines()[-1]
    assert "Något gick fel" not in page
    assert re.search(r"Nästa väntade publicering.{0,300}omkring", page)
    assert re.search(r"\"type\": ?\"choropleth\"", page), "the kommun map (an SVG geo choropleth) is drawn"
    json.loads(page)


def test_a_new_database_brings_its_own_publication_schedule(data_copy: Path, tmp_path: Path):
    """The schedule is read from the database, so a rebuilt file with another lag is answered at once."""
    db_path = tmp_path / "laget.duckdb"
    build(db_path, data_copy)
    db = Database(db_path)
    day = dt.date(2023, 6, 1)
    before = next_publication(db, "arbetsloshet_20_64", "2022", day)
    sources = data_copy / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    entry = text.index("indicator: arbetsloshet_20_64\n")
    lag = re.compile(r"lag_days: \d+").search(text, entry)
    assert lag is not None
    sources.write_text(text[: lag.start()] + "lag_days: 400" + text[lag.end() :], encoding="utf-8")
    build(db_path, data_copy)
    after = next_publication(db, "arbetsloshet_20_64", "2022", day)
    assert before.startswith("2023, omkring") and after.startswith("2023, omkring")
    assert "november 2024" in before and "februari 2025" in after  # the end of 2023 plus 330, then 400 days
