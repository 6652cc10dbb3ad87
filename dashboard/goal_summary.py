"""A goal set's summary for a report year: per priority the judged targets' roll-up against the year before,
the progress signals of targets not yet due (counted apart), and the counts the report itself published.

Built once per database version and drawn by the overview, the goal pages and the report exports alike.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

import pandas as pd

from dashboard import fulfilment, queries
from dashboard.db import Database, cached_query
from dashboard.status import ProgressCount, RollUp, count_progress, roll_up


@dataclass(frozen=True)
class PublishedRollUp:
    """A roll-up the goal set's report printed, with where it says so."""

    met: int
    partly_met: int
    not_met: int
    measured: int | None
    source: str
    words: str | None
    line: int | None
    note: str | None = None

    @property
    def citation(self) -> str:
        return f"{self.source}, rad {self.line}" if self.line else self.source

    def differs_from(self, computed: RollUp) -> bool:
        counts = (self.met, self.partly_met, self.not_met)
        if counts != (computed.met, computed.partly_met, computed.not_met):
            return True
        return self.measured is not None and self.measured != computed.measured


@dataclass(frozen=True)
class Tally:
    """One year's reading of a group of targets."""

    judged: RollUp
    progress: ProgressCount
    recorded: int  # statuses taken from the report's own judgement
    published: PublishedRollUp | None


@dataclass(frozen=True)
class PrioritySummary:
    priority: str
    title: str
    goal_keys: tuple[str, ...]
    now: Tally
    before: Tally


@dataclass(frozen=True)
class GoalSetSummary:
    region_code: str
    goal_set: str
    year: int
    priorities: tuple[PrioritySummary, ...]
    now: Tally
    before: Tally
    results: dict[str, tuple[fulfilment.TargetResult, ...]]  # by goal key, for the report year
    rule_source: str | None  # None: the report states no rule, the default 10 % applies
    rule_words: str | None

    @property
    def rule_text(self) -> str:
        if self.rule_source is None:
            return (
                "Rapporten anger inte sin bedömningsregel; här gäller standardregeln: uppnått när målet nås, "
                "delvis uppnått vid högst 10 % avvikelse, ej uppnått vid större avvikelse."
            )
        quoted = f"”{self.rule_words}” " if self.rule_words else ""
        return f"Bedömningsregel enligt rapporten: {quoted}({self.rule_source})."


def _published(counts: pd.DataFrame, year: int, priority: str | None) -> PublishedRollUp | None:
    rows = counts[(counts["year"] == year) & (counts["priority"].isna() if priority is None else counts["priority"] == priority)]
    if rows.empty:
        return None
    r = rows.iloc[0]
    measured = None if pd.isna(r["measured"]) else int(r["measured"])
    line = None if pd.isna(r["line"]) else int(r["line"])
    words = None if pd.isna(r["words"]) else str(r["words"])
    note = None if pd.isna(r["note"]) else str(r["note"])
    return PublishedRollUp(int(r["met"]), int(r["partly_met"]), int(r["not_met"]), measured, str(r["source"]), words, line, note)


def _tally(results: list[fulfilment.TargetResult], published: PublishedRollUp | None) -> Tally:
    return Tally(
        roll_up(r.status for r in results if r.status),
        count_progress(r.progress for r in results if r.progress is not None),
        sum(1 for r in results if r.recorded is not None and r.status is not None),
        published,
    )


def _by_goal(results: list[fulfilment.TargetResult]) -> dict[str, list[fulfilment.TargetResult]]:
    grouped: dict[str, list[fulfilment.TargetResult]] = defaultdict(list)
    for r in results:
        grouped[r.goal_key].append(r)
    return grouped


@cached_query
def summarise(db: Database, region_code: str, goal_set: str, year: int, per: dt.date | None = None) -> GoalSetSummary:
    """The summary of `goal_set` for `year` against `year - 1`, on the figures as published by `per`."""
    now = _by_goal(fulfilment.evaluate(db, region_code, goal_set, year, per))
    before = _by_goal(fulfilment.evaluate(db, region_code, goal_set, year - 1, per))
    counts = queries.published_counts(db, region_code, goal_set)
    goals = queries.goals(db, region_code, goal_set)
    priorities = []
    for (priority, title), prio_goals in goals.groupby(["priority", "priority_title"], sort=False):
        keys = tuple(prio_goals["goal_key"])
        priorities.append(
            PrioritySummary(
                str(priority),
                str(title),
                keys,
                _tally([r for k in keys for r in now[k]], _published(counts, year, str(priority))),
                _tally([r for k in keys for r in before[k]], _published(counts, year - 1, str(priority))),
            )
        )
    sets = queries.goal_sets(db, region_code)
    row = sets.loc[sets["goal_set"] == goal_set]
    rule_source = None if row.empty or pd.isna(row["rule_source"].iloc[0]) else str(row["rule_source"].iloc[0])
    rule_words = None if row.empty or pd.isna(row["rule_words"].iloc[0]) else str(row["rule_words"].iloc[0])
    return GoalSetSummary(
        region_code,
        goal_set,
        year,
        tuple(priorities),
        _tally([r for rs in now.values() for r in rs], _published(counts, year, None)),
        _tally([r for rs in before.values() for r in rs], _published(counts, year - 1, None)),
        {k: tuple(v) for k, v in now.items()},
        rule_source,
        rule_words,
    )
