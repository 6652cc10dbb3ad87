"""Which URLs name a page that exists, so an unknown address or goal answers HTTP 404.

Every page path comes from Dash's page registry (each page's `dash.register_page`). A page with a path
template may register a check with `register_path_check` (the goal page asks whether the goal exists).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

import dash

from dashboard import queries
from dashboard.context import get_db
from dashboard.urls import local
from dashboard.view_state import resolve_goal_view

PathCheck = Callable[[re.Match[str], Mapping[str, str]], bool]
_CHECKS: dict[str, PathCheck] = {}  # page file (pages/<name>.py) → whether a match of its template exists
_ALWAYS = ("/_dash", "/assets", "/_favicon", "/_reload-hash", "/export/", "/logga-", "/redigera/", "/historik")


def register_path_check(page: str, check: PathCheck) -> None:
    """Declare that paths matching the path template of pages/<page>.py exist when `check(match, query_args)` is true."""
    _CHECKS[page] = check


def _pattern(template: str) -> re.Pattern[str]:
    """A page's path template as a pattern: "/mal/<goal_id>" → ^/mal/(?P<goal_id>[^/]+)/?$."""
    parts = re.split(r"<([^>]+)>", template)
    body = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>[^/]+)" for i, part in enumerate(parts))
    return re.compile(f"^{body}/?$")


def is_known_page(path: str, args: Mapping[str, str]) -> bool:
    path = local(path)
    if path.startswith(_ALWAYS):
        return True
    static = {page["path"] for page in dash.page_registry.values() if not page.get("path_template") and page["path"] != "/404"}
    if path in static or path.rstrip("/") in static:
        return True
    for page in dash.page_registry.values():
        template = page.get("path_template")
        if template and (match := _pattern(template).match(path)):
            check = _CHECKS.get(page["module"].rsplit(".", 1)[-1])
            return check(match, args) if check else True
    return False


def _goal_exists(match: re.Match[str], args: Mapping[str, str]) -> bool:
    db = get_db()
    view = resolve_goal_view(db, args.get("region"), args.get("malset"), None)
    return view is not None and match["goal_id"] in set(queries.goals(db, view.region_code, view.goal_set)["goal_id"])


register_path_check("goal", _goal_exists)


def _indicator_exists(match: re.Match[str], args: Mapping[str, str]) -> bool:
    from dashboard.indicator_view import indicator_exists

    return indicator_exists(get_db(), match["indicator_id"])


register_path_check("indicator", _indicator_exists)


# --- in-place updates ----------------------------------------------------------------------------

PAGES_LOCATION = "_pages_location"  # Dash pages' own dcc.Location: setting its search makes the router draw the page


def in_place_params(page: str) -> tuple[str, ...]:
    """The URL parameters page `page` (its module, `pages.indicator`) updates in place (`in_place` in register_page)."""
    entry = dash.page_registry.get(page) or {}
    return tuple(entry.get("in_place", ()))


def changes_in_place(page: str, before: Mapping[str, object], after: Mapping[str, object]) -> bool:
    """Whether going from the view `before` to `after` (URL parameters of the same page) changes only
    parameters the page updates in place; any other change is drawn by the router as a new page."""
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    return changed <= set(in_place_params(page))
