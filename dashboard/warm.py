"""Work done once per database version, in the background as soon as a worker opens a new file.

The database is immutable between swaps, so whatever every visitor needs regardless of the address
(each goal set's fulfilment for every report year, its goals and the overview's summary of its default
year, the catalogues, the publication schedules and load times, the kommun indicator list, the analysts' comments) is
computed here, and the first visitor after a new database does not wait for it.
"""

from __future__ import annotations

import logging

from dashboard import fulfilment, goal_summary, queries
from dashboard.db import Snapshot
from dashboard.kommun_view import kommun_indicators
from dashboard.workspace import read as workspace_read

log = logging.getLogger(__name__)


def warm(db: Snapshot) -> None:
    """Fill the memo of this database version with the results every page shares."""
    try:
        for region in queries.regions(db)["region_code"]:
            for goal_set in queries.goal_sets(db, region)["goal_set"]:
                year = fulfilment.default_year(db, region, goal_set)  # evaluates every year with data
                queries.goals(db, region, goal_set)
                if year is not None:
                    goal_summary.summarise(db, region, goal_set, year)
        queries.areas(db)
        queries.indicator_catalogue(db)
        queries.publication_schedules(db)
        queries.loaded_at(db)
        kommun_indicators(db)
        workspace_read.comments_for(db, (), ())
    except Exception:  # a page computes (and explains) whatever is missing here
        log.exception("could not warm the memo of %s", db.path)
