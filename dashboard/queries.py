"""Every query the pages and exports make against the database file, each memoised per database version.

A function here takes the request's `Reader` (a `Database` or the `Snapshot` a request pinned) and returns
a DataFrame or a value made from one; no other module of dashboard/ or pages/ writes SQL.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.db import LARGE, Reader, cached_query


@cached_query
def regions(db: Reader) -> pd.DataFrame:
    """All 21 län as regions: those with goals of their own first (`has_goals`), then by name."""
    return db.query(
        """SELECT r.region_code, r.name, r.default_goal_set, r.processed_by, r.configured,
                  EXISTS (SELECT 1 FROM goals g WHERE g.region_code = r.region_code) AS has_goals
           FROM regions r ORDER BY has_goals DESC, r.name"""
    )


def region_row(db: Reader, region_code: str) -> pd.Series | None:
    """One region's row of `regions`, or None."""
    frame = regions(db)
    rows = frame[frame["region_code"] == region_code]
    return None if rows.empty else rows.iloc[0]


@cached_query
def goal_sets(db: Reader, region_code: str) -> pd.DataFrame:
    return db.query(
        """SELECT goal_set, name, kind, source, max_age_years, published, tolerance, tolerance_kind, baseline_equal_counts,
                  rule_source, rule_words,
                  (SELECT count(*) FROM goals g WHERE g.region_code = s.region_code AND g.goal_set = s.goal_set) AS goal_count
           FROM goal_sets s WHERE region_code = ? ORDER BY kind DESC, goal_set""",
        [region_code],
    )


@cached_query
def goals(db: Reader, region_code: str, goal_set: str) -> pd.DataFrame:
    return db.query(
        """SELECT goal_key, goal_id, priority, priority_title, position, title, title_missing, description
           FROM goals WHERE region_code = ? AND goal_set = ? ORDER BY position""",
        [region_code, goal_set],
    )


@cached_query
def targets(db: Reader, region_code: str, goal_set: str) -> pd.DataFrame:
    """Every target of a goal set with its indicator's metadata and the area's name."""
    return db.query(
        """SELECT g.goal_key, g.goal_id, t.position, t.indicator_id, coalesce(t.label, i.name) AS label, i.name AS indicator_name,
                  i.unit, i.decimals, i.direction, i.source AS indicator_source, i.frequency,
                  t.area_code, a.name AS area_name, t.sex, t.target_kind, t.target_value, t.comparator, t.target_year,
                  t.baseline_value, t.baseline_year, coalesce(t.tolerance, s.tolerance) AS tolerance,
                  coalesce(t.tolerance_kind, s.tolerance_kind) AS tolerance_kind, t.unsourced
           FROM targets t JOIN goals g USING (goal_key) JOIN indicators i USING (indicator_id)
           JOIN goal_sets s ON s.region_code = g.region_code AND s.goal_set = g.goal_set
           JOIN areas a ON a.area_code = t.area_code
           WHERE g.region_code = ? AND g.goal_set = ? ORDER BY g.position, t.position""",
        [region_code, goal_set],
    )


@cached_query
def observations_for(db: Reader, indicator_ids: tuple[str, ...], area_codes: tuple[str, ...]) -> pd.DataFrame:
    """The latest vintage of every observation of these indicators in these areas."""
    if not indicator_ids:
        return pd.DataFrame(columns=["indicator_id", "area_code", "period", "sex", "value", "flag", "source"])
    return db.query(
        """SELECT indicator_id, area_code, period, sex, value, flag, source FROM latest
           WHERE list_contains(?, indicator_id) AND list_contains(?, area_code) ORDER BY period""",
        [list(indicator_ids), list(area_codes)],
    )


@cached_query
def observations_as_of(db: Reader, indicator_ids: tuple[str, ...], area_codes: tuple[str, ...], per: dt.date) -> pd.DataFrame:
    """The newest vintage published by `per` (a row's publication date, else the day it was loaded)."""
    return db.query(
        """SELECT o.indicator_id, o.area_code, o.period, o.sex, o.value, o.flag, o.source
           FROM observations o JOIN runs r USING (run_id)
           WHERE list_contains(?, o.indicator_id) AND list_contains(?, o.area_code)
             AND coalesce(o.published, CAST(r.started_at AS DATE)) <= ?
           QUALIFY row_number() OVER (PARTITION BY o.indicator_id, o.area_code, o.period, o.sex ORDER BY o.run_id DESC) = 1
           ORDER BY o.period""",
        [list(indicator_ids), list(area_codes), per],
    )


@cached_query
def comments_for(db: Reader, indicator_ids: tuple[str, ...], area_codes: tuple[str, ...]) -> pd.DataFrame:
    return db.query(
        """SELECT indicator_id, area_code, period, text, author, created_at FROM comments
           WHERE list_contains(?, indicator_id) AND list_contains(?, area_code) ORDER BY created_at""",
        [list(indicator_ids), list(area_codes)],
    )


@cached_query
def milestones(db: Reader, region_code: str, goal_set: str) -> pd.DataFrame:
    """Every due value of the goal set's targets, oldest first."""
    return db.query(
        """SELECT m.goal_key, m.position, m.due_year, m.value, m.label, m.final
           FROM milestones m JOIN goals g USING (goal_key)
           WHERE g.region_code = ? AND g.goal_set = ? ORDER BY m.goal_key, m.position, m.due_year""",
        [region_code, goal_set],
    )


@cached_query
def judgements(db: Reader, region_code: str, goal_set: str) -> pd.DataFrame:
    """The judgements the goal set's report published, per target and year."""
    return db.query(
        """SELECT j.goal_key, j.position, j.year, j.status, j.words, j.source, j.line
           FROM judgements j JOIN goals g USING (goal_key) WHERE g.region_code = ? AND g.goal_set = ?""",
        [region_code, goal_set],
    )


@cached_query
def published_counts(db: Reader, region_code: str, goal_set: str) -> pd.DataFrame:
    """The roll-ups the goal set's report printed (priority NULL: the whole goal set)."""
    return db.query(
        """SELECT priority, year, met, partly_met, not_met, measured, source, words, line, note FROM published_counts
           WHERE region_code = ? AND goal_set = ? ORDER BY year, priority NULLS FIRST""",
        [region_code, goal_set],
    )


@cached_query
def kommun_coverage(db: Reader) -> pd.DataFrame:
    """Per indicator and län: how many of its kommuner have a value (sex T) and the latest period with one."""
    return db.query(
        """SELECT l.indicator_id, i.name, a.parent_code AS region_code, count(DISTINCT l.area_code) AS kommuner,
                  max(l.period) AS latest
           FROM latest l JOIN areas a USING (area_code) JOIN indicators i USING (indicator_id)
           WHERE a.level = 'kommun' AND l.sex = 'T' GROUP BY ALL ORDER BY i.name, a.parent_code"""
    )


@cached_query
def all_judgements(db: Reader) -> pd.DataFrame:
    """Every judgement in the goal files, with its region (seeds the analysts' workspace)."""
    return db.query(
        """SELECT g.region_code, j.goal_key, j.position, j.year, j.status, j.words, j.source, j.line
           FROM judgements j JOIN goals g USING (goal_key) ORDER BY j.goal_key, j.position, j.year"""
    )


@cached_query
def all_comments(db: Reader) -> pd.DataFrame:
    """Every comment in the regions' comment files (seeds the analysts' workspace)."""
    return db.query("SELECT indicator_id, area_code, period, text, author, created_at FROM comments ORDER BY created_at")


# --- the catalogue, areas and one indicator's series -------------------------------------------------


@cached_query
def indicator_catalogue(db: Reader) -> pd.DataFrame:
    """Every indicator with its metadata, indexed by id."""
    return db.query(
        "SELECT indicator_id, name, unit, direction, decimals, frequency, source, source_ref, description FROM indicators"
    ).set_index("indicator_id", drop=False)


@cached_query
def areas(db: Reader) -> pd.DataFrame:
    """Every area (riket, 21 län, 290 kommuner), indexed by code."""
    return db.query("SELECT area_code, name, level, parent_code FROM areas ORDER BY area_code").set_index("area_code", drop=False)


@cached_query(keep=LARGE)
def observations(db: Reader, indicator_id: str) -> pd.DataFrame:
    """The latest vintage of every observation of one indicator, every area and sex, with the area's level."""
    return db.query(
        """SELECT l.area_code, a.name AS area_name, a.level, a.parent_code, l.period, l.sex, l.value, l.flag, l.source, l.run_id
           FROM latest l JOIN areas a USING (area_code) WHERE l.indicator_id = ? ORDER BY l.period, l.area_code""",
        [indicator_id],
    )


def last_updated(db: Reader, indicator_id: str) -> dt.datetime | None:
    """When the newest figures of this indicator were loaded (the run that wrote them)."""
    return loaded_at(db).get(indicator_id)


@cached_query
def loaded_at(db: Reader) -> dict[str, dt.datetime]:
    """Indicator id → when the run that wrote its newest figures finished (one query per database version)."""
    frame = db.query(
        """SELECT l.indicator_id, r.finished_at
           FROM (SELECT indicator_id, max(run_id) AS run_id FROM latest GROUP BY indicator_id) l JOIN runs r USING (run_id)
           WHERE r.finished_at IS NOT NULL"""
    )
    return {i: pd.Timestamp(t).to_pydatetime() for i, t in zip(frame["indicator_id"], frame["finished_at"], strict=True)}


@cached_query
def publication_schedules(db: Reader) -> dict[str, tuple[str, int]]:
    """Indicator id → (cadence, lag in days) of its source in data/sources.yaml (of several, the one of highest
    precedence, then the last).

    Empty for a file built before the ETL wrote the `indicator_sources` table: every publication is then "okänd".
    """
    if db.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'indicator_sources'").empty:
        return {}
    frame = db.query("SELECT indicator_id, cadence, lag_days FROM indicator_sources ORDER BY precedence, position")
    return {row.indicator_id: (str(row.cadence), int(row.lag_days)) for row in frame.itertuples()}


@cached_query
def indicator_sources(db: Reader) -> pd.DataFrame:
    """Every source of data/sources.yaml as the ETL stored it: indicator, kind, ref (table, KPI or file), verified;
    the one that wins first. Empty for a file built before the table existed."""
    if db.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'indicator_sources'").empty:
        return pd.DataFrame(columns=["indicator_id", "kind", "ref", "verified"])
    return db.query("SELECT indicator_id, kind, ref, verified FROM indicator_sources ORDER BY precedence DESC, position")


@cached_query
def latest_run(db: Reader) -> pd.Series:
    """The newest load: `run_id` and `loaded_at` (when it finished), NaN in an empty database."""
    return db.query("SELECT max(run_id) AS run_id, max(finished_at) AS loaded_at FROM runs").iloc[0]


# --- what the dialog deck's "since the last meeting" reports ------------------------------------------


@cached_query
def runs_since(db: Reader, after: dt.datetime) -> pd.DataFrame:
    """The successful loads from `after` on, oldest first."""
    return db.query(
        "SELECT run_id, started_at, source, status, rows, changed FROM runs WHERE started_at >= ? AND status = 'ok' ORDER BY started_at",
        [after],
    )


@cached_query
def revisions_since(db: Reader, indicator_ids: tuple[str, ...], area_codes: tuple[str, ...], after: dt.datetime) -> int:
    """How many values of these indicators and areas a load from `after` on changed."""
    frame = db.query(
        """WITH v AS (SELECT o.*, r.started_at FROM observations o JOIN runs r USING (run_id)
                      WHERE list_contains(?, o.indicator_id) AND list_contains(?, o.area_code))
           SELECT count(*) AS n FROM v new JOIN v old USING (indicator_id, area_code, period, sex)
           WHERE new.started_at >= ? AND old.started_at < ? AND new.value IS DISTINCT FROM old.value""",
        [list(indicator_ids), list(area_codes), after, after],
    )
    return int(frame["n"].iloc[0])
