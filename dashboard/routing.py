"""Which URLs name a page that exists, so an unknown address or goal answers HTTP 404.

Pages without parameters in their path are known from Dash's page registry. A page with a path
template registers a check with `register_path_check` (e.g. the goal page asks whether the goal exists).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

import dash

from dashboard import queries
from dashboard.context import get_db
from dashboard.view_state import resolve_goal_view

PathCheck = Callable[[re.Match[str], Mapping[str, str]], bool]
_CHECKS: list[tuple[re.Pattern[str], PathCheck]] = []
_ALWAYS = ("/_dash", "/assets", "/_favicon", "/_reload-hash", "/export/", "/logga-", "/redigera/", "/historik")


def register_path_check(pattern: str, check: PathCheck) -> None:
    """Declare that paths matching `pattern` exist when `check(match, query_args)` is true."""
    _CHECKS.append((re.compile(pattern), check))


def is_known_page(path: str, args: Mapping[str, str]) -> bool:
    if path.startswith(_ALWAYS):
        return True
    static = {page["path"] for page in dash.page_registry.values() if not page.get("path_template") and page["path"] != "/404"}
    if path in static or path.rstrip("/") in static:
        return True
    for pattern, check in _CHECKS:
        match = pattern.match(path)
        if match:
            return check(match, args)
    return False


def _goal_exists(match: re.Match[str], args: Mapping[str, str]) -> bool:
    db = get_db()
    view = resolve_goal_view(db, args.get("region"), args.get("malset"), None)
    return view is not None and match["goal_id"] in set(queries.goals(db, view.region_code, view.goal_set)["goal_id"])


register_path_check(r"^/mal/(?P<goal_id>[^/]+)/?$", _goal_exists)


def _indicator_exists(match: re.Match[str], args: Mapping[str, str]) -> bool:
    from dashboard.indicator_view import indicator_exists

    return indicator_exists(get_db(), match["indicator_id"])


register_path_check(r"^/indikator/(?P<indicator_id>[^/]+)/?$", _indicator_exists)
