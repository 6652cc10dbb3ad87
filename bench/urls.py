"""Sample addresses of every page in Dash's registry, with real ids and parameter values from the database.

A new page is picked up as it registers; a path variable or query parameter is given values by its name
(`SAMPLERS`; add an entry there when a page names one differently).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

import dash

from dashboard.db import Database

Sampler = Callable[[Database], list[str]]


def _column(sql: str) -> Sampler:
    return lambda db: [str(v) for v in db.query(sql).iloc[:, 0]]


_GOALS = _column("SELECT goal_id FROM goals ORDER BY position")
_INDICATORS = _column("SELECT indicator_id FROM indicators ORDER BY indicator_id")
_KOMMUNER = _column("SELECT area_code FROM areas WHERE level = 'kommun' ORDER BY area_code")
_LAN = _column("SELECT area_code FROM areas WHERE level = 'lan' ORDER BY area_code")
_YEARS = _column("SELECT DISTINCT left(period, 4) FROM observations ORDER BY 1 DESC")
# Regions with goal sets of their own: the goals and goal sets sampled above are theirs (a goal id asked of a
# region without it is rightly a 404, not a load the bench should count as an error).
_REGIONS = _column("SELECT DISTINCT region_code FROM goal_sets ORDER BY region_code")
_GOAL_SETS = _column("SELECT DISTINCT goal_set FROM goal_sets ORDER BY goal_set")

# Name patterns of a path variable or query parameter → where its sample values come from.
SAMPLERS: list[tuple[str, Sampler]] = [
    (r"goal|^mal_?id$", _GOALS),
    (r"indik|indicator", _INDICATORS),
    (r"kommun|area|omrade|område", _KOMMUNER),
    (r"^lan$|county", _LAN),
    (r"^ar$|year|^fran$|^till$", _YEARS),
    (r"^region$", _REGIONS),
    (r"^malset$|goal_set", _GOAL_SETS),
    (r"^kon$|^sex$", lambda db: ["T", "K", "M"]),
]


@dataclass(frozen=True)
class Page:
    """A page of the app: its registry path (or template) and sample addresses (path + query string)."""

    path: str
    urls: tuple[str, ...]
    skipped: str = ""


def samples_for(db: Database, name: str) -> list[str]:
    for pattern, sampler in SAMPLERS:
        if re.search(pattern, name, re.IGNORECASE):
            return sampler(db)
    return []


def _query_params(layout: Callable, template_vars: list[str]) -> list[str]:
    params = inspect.signature(layout).parameters.values()
    named = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    return [p.name for p in params if p.kind in named and p.name not in template_vars]


def pages(db: Database, per_page: int = 40) -> list[Page]:
    """Every registered page except the 404 page, with up to `per_page` sample addresses each.

    The first address is the page as linked (no query); the others vary one query parameter at a time
    (repeating when a page has fewer distinct addresses).
    """
    found = []
    for entry in dash.page_registry.values():
        if entry["path"] == "/404":
            continue
        template = entry.get("path_template") or entry["path"]
        variables = re.findall(r"<([^>]+)>", template)
        values = {v: samples_for(db, v) for v in variables}
        empty = [v for v, s in values.items() if not s]
        if empty:
            found.append(Page(template, (), f"no sample values for {', '.join(empty)}"))
            continue
        layout = entry["layout"]
        params = {p: samples_for(db, p) for p in _query_params(layout, variables)} if callable(layout) else {}
        params = {p: s for p, s in params.items() if s}
        urls = []
        for i in range(per_page):
            path = template
            for v, s in values.items():
                path = path.replace(f"<{v}>", s[i % len(s)])
            query = ""
            if i and params:
                name = list(params)[i % len(params)]
                query = "?" + urlencode({name: params[name][(i // len(params)) % len(params[name])]})
            urls.append(path + query)
        found.append(Page(template, tuple(urls)))
    return found
