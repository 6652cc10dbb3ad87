"""Search over goals and indicators: every word of the query must occur in the entry (case and accents as typed)."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard import queries
from dashboard.components import href
from dashboard.db import Database, cached_query


@dataclass(frozen=True)
class Hit:
    kind: str  # "Indikator" or "Mål"
    title: str
    detail: str
    link: str
    text: str  # what is searched (lower case)


@cached_query
def _index(db: Database) -> list[Hit]:
    hits = [
        Hit("Indikator", row.name, row.description or "", f"/indikator/{row.indicator_id}", f"{row.name} {row.indicator_id} {row.description or ''}".lower())
        for row in queries.indicator_catalogue(db).itertuples()
    ]  # fmt: skip
    for region in queries.regions(db).itertuples():
        for goal_set in queries.goal_sets(db, region.region_code).itertuples():
            for goal in queries.goals(db, region.region_code, goal_set.goal_set).itertuples():
                title = f"Mål {goal.goal_id}" + ("" if goal.title_missing else f" {goal.title}")
                detail = f"{region.name}, {goal_set.name}, prioritering {goal.priority}: {goal.priority_title}"
                link = href(f"/mal/{goal.goal_id}", region=region.region_code, malset=goal_set.goal_set)
                hits.append(Hit("Mål", title, detail, link, f"{title} {detail} {goal.description or ''}".lower()))
    return hits


def search(db: Database, query: str, limit: int = 50) -> list[Hit]:
    """Entries containing every word of `query`; those with the words in the title first."""
    words = query.lower().split()
    if not words:
        return []
    index = _index(db)
    found = [h for h in index if all(w in h.text for w in words)]
    found.sort(key=lambda h: (not all(w in h.title.lower() for w in words), h.kind != "Indikator", h.title))
    return found[:limit]
