"""`python -m etl region new CODE`: a region's folder in data/regions/, ready for its own goal set.

Writes region.yaml (the län's name from areas.csv), an empty goal set whose comments show the format,
and an empty comments file. Until the goal set has goals, the region's pages show the standard comparison.
"""

from __future__ import annotations

from pathlib import Path

from core.regions import PROJECT_NAME
from etl.areas import read_areas

GOAL_SET_ID = "egna-mal"

REGION_YAML = """\
# The region as every page, chart and export names it. See data/README.md, "regions/<code>/region.yaml".
code: "{code}"                       # equals the folder name
name: {name}                # shown on every page; write the organisation's own name (e.g. from its annual report)
default_goal_set: {goal_set}           # the goal-set file (in goals/) shown first
# processed_by: {name}      # the "Bearbetning:" line; until set, charts and exports say "{project}"
"""

GOAL_SET_YAML = """\
# One goal set: a regional development strategy (RUS) or a nämnd's goals, as its report has them.
# The whole format, every field and a full example: data/README.md, "regions/<code>/goals/<id>.yaml".
# While `priorities` is empty the region's pages show the standard comparison with riket and the other län.
id: {goal_set}                       # equals the file name stem
name: Egna mål                        # the goal set's name as the report has it
kind: rus                             # rus | namnd
source: Ange rapporten målen kommer från   # e.g. "Region X, Regionala utvecklingsnämnden, Bokslut december 2024"
max_age_years: 1                      # an outcome may be up to this many years older than the report year
# published: 2025-02-27               # the report's decision date (YYYY-MM-DD)
# rule:                               # the report's traffic-light rule; leave out when the report states none
#   tolerance: 0.10
#   tolerance_kind: relative
#   baseline_equal_counts: false
#   source: "Bokslut december 2024, s. 3"
#   words: "Målavvikelse med mindre än 10 procent"
priorities: []
# priorities:
#   - id: "1"
#     title: Företagande och innovation
#     goals:
#       - id: "1"
#         title: Fler företagare
#         targets:
#           - indicator: foretagsamhet        # an id in data/indicators.yaml
#             target: {{kind: value, value: 14.5}}
#             target_year: 2025
#             baseline: {{value: 13.9, year: 2023}}
#             judgements:                     # what the report itself says, verbatim
#               - {{year: 2024, status: met, words: "Uppnått", source: "Årsredovisning 2024", line: 120}}
"""

COMMENTS_YAML = """\
# Analysts' comments on a value: indicator, area, period (quoted), text, author, created_at.
# See data/README.md, "regions/<code>/comments.yaml". Only text that a source actually says.
comments: []
"""


class RegionExists(ValueError):
    """The region cannot be created as asked (unknown län code, or the folder exists)."""


def new_region(data_dir: Path, code: str) -> Path:
    """Write data_dir/regions/<code>/ and return it; raises RegionExists with the reason."""
    areas = read_areas(data_dir / "areas.csv")
    lan = areas[areas["level"] == "lan"].set_index("area_code")
    if code not in lan.index:
        codes = ", ".join(f"{c} ({n})" for c, n in lan["name"].items())
        raise RegionExists(f"{code!r} is not a län code in {data_dir / 'areas.csv'}; choose one of: {codes}")
    folder = data_dir / "regions" / code
    if folder.exists():
        raise RegionExists(f"{folder} exists already; edit its files instead")
    name = str(lan.loc[code, "name"])
    (folder / "goals").mkdir(parents=True)
    (folder / "region.yaml").write_text(
        REGION_YAML.format(code=code, name=name, goal_set=GOAL_SET_ID, project=PROJECT_NAME), encoding="utf-8"
    )
    (folder / "goals" / f"{GOAL_SET_ID}.yaml").write_text(GOAL_SET_YAML.format(goal_set=GOAL_SET_ID), encoding="utf-8")
    (folder / "comments.yaml").write_text(COMMENTS_YAML, encoding="utf-8")
    return folder
