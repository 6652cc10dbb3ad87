"""The README names every setting and command: environment variables read, `python -m` entry points, CLI
subcommands and their options, and make targets."""

from __future__ import annotations

import argparse
import ast
import re
from pathlib import Path

from etl.cli import make_parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
PACKAGES = ("core", "dashboard", "pages", "etl", "bench")


def _modules() -> list[Path]:
    return sorted(p for d in PACKAGES for p in (ROOT / d).rglob("*.py"))


def _is_environ(node: ast.AST) -> bool:
    """`os.environ` or a bare `environ`."""
    return (isinstance(node, ast.Attribute) and node.attr == "environ") or (isinstance(node, ast.Name) and node.id == "environ")


def environment_variables(source: str) -> set[str]:
    """Names read with os.environ.get / os.environ[...] / os.getenv; in a module that reads a name held in a
    variable, also its LAGET_* constants (the names kept in a table, such as the base URLs)."""
    names, held, indirect = set(), set(), False
    for node in ast.walk(ast.parse(source)):
        key = None
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            if isinstance(func, ast.Attribute) and ((func.attr == "get" and _is_environ(func.value)) or (func.attr == "getenv")):
                key = node.args[0]
        elif isinstance(node, ast.Subscript) and _is_environ(node.value):
            key = node.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            names.add(key.value)
        elif key is not None:
            indirect = True
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and re.fullmatch(r"LAGET_[A-Z0-9_]+", node.value):
            held.add(node.value)
    return names | (held if indirect else set())


def test_the_environment_check_finds_each_way_of_reading():
    source = 'import os\na = os.environ.get("A")\nb = os.getenv("B", "x")\nc = os.environ["C"]\nURLS = {"x": ("LAGET_X_URL", "")}'
    assert environment_variables(source) == {"A", "B", "C"}
    assert environment_variables(source + '\nd = os.environ.get(URLS["x"][0])') == {"A", "B", "C", "LAGET_X_URL"}
    assert environment_variables('KEY = "LAGET_DATABASE"  # a Flask config key, not a setting') == set()


def test_every_environment_variable_is_in_the_readme():
    found = {name: path for path in _modules() for name in environment_variables(path.read_text(encoding="utf-8"))}
    assert "LAGET_DB" in found and "PORT" in found
    missing = {
        name: str(path.relative_to(ROOT)) for name, path in found.items() if not re.search(rf"`[^`]*\b{name}\b[^`]*`", README)
    }
    assert missing == {}


def _entry_points() -> set[str]:
    """Every `python -m X` the tree offers: packages with __main__.py, modules with a __main__ block."""
    points = set()
    for path in _modules():
        dotted = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        if path.name == "__main__.py":
            points.add(dotted.removesuffix(".__main__"))
        elif re.search(r"^if __name__ == ['\"]__main__['\"]:", path.read_text(encoding="utf-8"), re.MULTILINE):
            points.add(dotted)
    return points


def test_every_python_m_entry_point_is_in_the_readme():
    points = _entry_points()
    assert {"etl", "dashboard", "bench"} <= points
    assert sorted(p for p in points if f"python -m {p}" not in README) == []


def test_every_etl_subcommand_and_option_is_in_the_readme():
    parser = make_parser()
    options = {o for a in parser._actions for o in a.option_strings if o.startswith("--") and o != "--help"}
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    missing = []
    for name, command in sub.choices.items():
        if f"python -m etl {name}" not in README:
            missing.append(f"python -m etl {name}")
        options |= {o for a in command._actions for o in a.option_strings if o.startswith("--") and o != "--help"}
    missing += sorted(o for o in options if not re.search(rf"`[^`]*{re.escape(o)}\b[^`]*`", README))
    assert set(sub.choices) >= {"build", "check", "refresh", "status", "import", "template"}
    assert missing == []


def test_every_make_target_is_in_the_readme():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    phony = re.search(r"^\.PHONY:(.*)$", makefile, re.MULTILINE)
    assert phony is not None
    targets = phony.group(1).split()
    assert "run" in targets and "test" in targets
    assert sorted(t for t in targets if f"make {t}" not in README) == []
