"""The DuckDB schema (described table by table in docs/data-model.md): tables, the `latest` view and schema version."""

from core.enums import AreaLevel, Direction, LabelledEnum, Sex, TargetKind, ToleranceKind

SCHEMA_VERSION = 3


def one_of(codes: type[LabelledEnum]) -> str:
    """The SQL list of an enum's codes, for a CHECK constraint: `'T', 'K', 'M'`."""
    return ", ".join(f"'{code}'" for code in codes.values())


# The newest vintage of each observation. While a build writes, `latest` is this view; when the build
# is done it becomes a table sorted by indicator, area and period (etl.load.materialise_latest), so readers
# get zone-map pruning and no window per query, and the ETL reads this query instead.
LATEST_SQL = """
SELECT indicator_id, area_code, period, sex, value, flag, source, run_id, published
FROM observations
QUALIFY row_number() OVER (
    PARTITION BY indicator_id, area_code, period, sex ORDER BY run_id DESC
) = 1"""

# What the app shows of data/sources.yaml: per source of an indicator its cadence, lag and table id, so the
# app needs only the database file. IF NOT EXISTS: a refresh adds it to a file built before it existed.
INDICATOR_SOURCES_DDL = """
CREATE TABLE IF NOT EXISTS indicator_sources (
    source_id    VARCHAR PRIMARY KEY,  -- the entry's id (runs.source of its loads)
    indicator_id VARCHAR NOT NULL,
    position     INTEGER NOT NULL,     -- order in sources.yaml
    kind         VARCHAR NOT NULL,     -- scb_v2, scb_v1, kolada, excel, … (etl.sources.spec.KINDS)
    ref          VARCHAR NOT NULL,     -- table id, PxWeb path, KPI or file
    cadence      VARCHAR NOT NULL,
    lag_days     INTEGER NOT NULL,     -- days from a period's end to its publication
    verified     BOOLEAN NOT NULL,
    precedence   INTEGER NOT NULL,     -- of two sources of one indicator, the higher wins
    source_text  VARCHAR               -- the publisher as the "Källa:" line names it; NULL: the default
);"""

# Every län is a region: those with a folder in data/regions/ as configured, the others with the län's
# name, no goal set (NULL) and the project as processor. Re-created on every write of the configuration.
REGIONS_DDL = """CREATE TABLE regions (
    region_code      VARCHAR PRIMARY KEY,
    name             VARCHAR NOT NULL,
    default_goal_set VARCHAR,
    processed_by     VARCHAR NOT NULL,
    configured       BOOLEAN NOT NULL
);"""

DDL = f"""
CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);

CREATE TABLE areas (
    area_code   VARCHAR PRIMARY KEY,
    name        VARCHAR NOT NULL,
    level       VARCHAR NOT NULL CHECK (level IN ({one_of(AreaLevel)})),
    parent_code VARCHAR
);

{REGIONS_DDL}

CREATE TABLE indicators (
    indicator_id VARCHAR PRIMARY KEY,
    name         VARCHAR NOT NULL,
    unit         VARCHAR NOT NULL,
    direction    VARCHAR NOT NULL CHECK (direction IN ({one_of(Direction)})),
    decimals     INTEGER NOT NULL,
    frequency    VARCHAR NOT NULL,
    source       VARCHAR NOT NULL,
    source_ref   VARCHAR,
    description  VARCHAR
);

CREATE TABLE runs (
    run_id      INTEGER PRIMARY KEY,
    started_at  TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    source      VARCHAR NOT NULL,
    status      VARCHAR NOT NULL,
    rows        INTEGER NOT NULL DEFAULT 0,
    changed     INTEGER NOT NULL DEFAULT 0,
    message     VARCHAR
);

CREATE TABLE observations (
    indicator_id VARCHAR NOT NULL,
    area_code    VARCHAR NOT NULL,
    period       VARCHAR NOT NULL,
    sex          VARCHAR NOT NULL CHECK (sex IN ({one_of(Sex)})),
    value        DOUBLE,
    flag         VARCHAR,
    source       VARCHAR NOT NULL,
    run_id       INTEGER NOT NULL,
    published    DATE            -- when the source published the row (a report's decision date); NULL: at load
);

CREATE VIEW latest AS {LATEST_SQL};

CREATE TABLE goal_sets (
    region_code   VARCHAR NOT NULL,
    goal_set      VARCHAR NOT NULL,
    name          VARCHAR NOT NULL,
    kind          VARCHAR NOT NULL,
    source        VARCHAR,
    max_age_years INTEGER NOT NULL,
    published     DATE,                -- the report's decision date
    tolerance     DOUBLE NOT NULL,     -- the goal set's rule
    tolerance_kind VARCHAR NOT NULL CHECK (tolerance_kind IN ('relative', 'points')),
    baseline_equal_counts BOOLEAN NOT NULL,
    rule_source   VARCHAR,             -- where the report states the rule; NULL: not stated, the default applies
    rule_words    VARCHAR,
    PRIMARY KEY (region_code, goal_set)
);

CREATE TABLE goals (
    goal_key       VARCHAR PRIMARY KEY,
    goal_id        VARCHAR NOT NULL,
    region_code    VARCHAR NOT NULL,
    goal_set       VARCHAR NOT NULL,
    priority       VARCHAR NOT NULL,
    priority_title VARCHAR NOT NULL,
    position       INTEGER NOT NULL,
    title          VARCHAR NOT NULL,
    title_missing  BOOLEAN NOT NULL,
    description    VARCHAR
);

CREATE TABLE targets (
    goal_key       VARCHAR NOT NULL,
    position       INTEGER NOT NULL,
    indicator_id   VARCHAR NOT NULL,
    area_code      VARCHAR NOT NULL,
    sex            VARCHAR NOT NULL,
    label          VARCHAR,
    target_kind    VARCHAR NOT NULL CHECK (target_kind IN ({one_of(TargetKind)})),
    target_value   DOUBLE,
    comparator     VARCHAR NOT NULL CHECK (comparator IN ('>=', '<=')),
    target_year    INTEGER,
    baseline_value DOUBLE,
    baseline_year  INTEGER,
    tolerance      DOUBLE,             -- NULL: the goal set's rule
    tolerance_kind VARCHAR CHECK (tolerance_kind IN ({one_of(ToleranceKind)})),
    unsourced      VARCHAR             -- what no source gives of the target's value or year
);

-- Every due value of a target, oldest first; the final one is the target itself at its target year.
CREATE TABLE milestones (
    goal_key  VARCHAR NOT NULL,
    position  INTEGER NOT NULL,
    due_year  INTEGER NOT NULL,
    value     DOUBLE,
    label     VARCHAR NOT NULL,
    final     BOOLEAN NOT NULL
);

-- What a report published for a target and year, in its own words.
CREATE TABLE judgements (
    goal_key  VARCHAR NOT NULL,
    position  INTEGER NOT NULL,
    year      INTEGER NOT NULL,
    status    VARCHAR NOT NULL CHECK (status IN ('met', 'partly_met', 'not_met', 'no_data')),
    words     VARCHAR NOT NULL,
    source    VARCHAR NOT NULL,
    line      INTEGER
);

-- The roll-ups a report printed, for a goal set (priority NULL) or one priority.
CREATE TABLE published_counts (
    region_code VARCHAR NOT NULL,
    goal_set    VARCHAR NOT NULL,
    priority    VARCHAR,
    year        INTEGER NOT NULL,
    met         INTEGER NOT NULL,
    partly_met  INTEGER NOT NULL,
    not_met     INTEGER NOT NULL,
    measured    INTEGER,
    source      VARCHAR NOT NULL,
    words       VARCHAR,
    line        INTEGER,
    note        VARCHAR      -- why the tool's count can differ from the report's
);

CREATE TABLE comments (
    indicator_id VARCHAR NOT NULL,
    area_code    VARCHAR NOT NULL,
    period       VARCHAR NOT NULL,
    text         VARCHAR NOT NULL,
    author       VARCHAR NOT NULL,
    created_at   DATE
);
{INDICATOR_SOURCES_DDL}
"""
