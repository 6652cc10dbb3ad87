"""Which URLs name a page that exists (so an unknown goal answers HTTP 404)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from dashboard import queries
from dashboard.context import get_db
from dashboard.view_state import resolve_goal_view

GOAL_PATH = re.compile(r"^/mal/(?P<goal_id>[^/]+)/?$")
STATIC_PAGES = {"/"}


def is_known_page(path: str, args: Mapping[str, str]) -> bool:
    """True for the overview and for a goal that exists in the view the URL resolves to."""
    if path in STATIC_PAGES or path.startswith(("/_dash", "/assets", "/_favicon")):
        return True
    match = GOAL_PATH.match(path)
    if not match:
        return False
    db = get_db()
    view = resolve_goal_view(db, args.get("region"), args.get("malset"), None)
    return view is not None and match["goal_id"] in set(queries.goals(db, view.region_code, view.goal_set)["goal_id"])
