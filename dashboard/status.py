"""Target status: the regions' own traffic-light rule, and the roll-up of many statuses.

The rule (as in the regions' annual reports): *met* when the outcome reaches the target in the
indicator's good direction; *partly met* when it misses by at most the tolerance; *not met* beyond;
*no data* when there is no outcome (or no target value to compare with).

Choices for the awkward cases:
- The miss is measured in the indicator's own unit: ``target - outcome`` when higher is better,
  ``outcome - target`` when lower is better. A negative miss means the target is beaten.
- A relative tolerance is a share of the target's *magnitude*, ``tolerance * abs(target)``, so a
  negative target behaves like a positive one: a target of −5 % change that the outcome beats at
  −96 % is met; −4,6 % misses by 0,4 points, 8 % of 5, and is partly met.
- A target of zero has no magnitude, so a relative tolerance allows no miss at all: any outcome on
  the wrong side of zero is not met. Give such targets ``tolerance_kind="points"``.
- Exactly at the tolerance is still partly met (compared with a tiny allowance for float rounding,
  so 27 against 30 with 10 % is partly met, as the report said).
- ``strict=True`` is for targets phrased "more/fewer than the baseline": equalling the baseline is not
  yet met, only partly met (unless the goal set's rule says equalling it counts).

Targets with a time. A target's due values are its milestones and, last, the target itself at its target
year (a span such as "2015/2016" is due in its later year). For report year Y a target is read once, by
`phase`:

| Y                                   | reading                                                          |
|-------------------------------------|------------------------------------------------------------------|
| the target has no year              | judged by the rule against its value, every year                 |
| a due year                          | judged by the rule against the value due in Y                    |
| after the final due year            | judged against the final value with Y's outcome (still in force) |
| before the first due year           | a progress signal toward the first due value                     |
| between two due years               | a progress signal toward the next due value, with the last       |
|                                     | milestone's own judgement shown beside it                        |

A progress signal (`Progress`) is the trajectory method's category (dashboard.trajectory, Open SDG's CAGR
ratio) folded into three: on track (target reached already, or R ≥ 0,95), not on track (0 ≤ R < 0,95) and
moving away (R < 0); it cannot be assessed with fewer than two values. Its words, arrows and outlined
badges differ from the filled final statuses, and roll-ups count judged targets and progress signals apart.
A judgement that the report itself published for a target and year (recorded in the goal file) is the
status the roll-up counts; the rule's own result is kept beside it, so a page can show where they differ.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from core.enums import Direction, ToleranceKind

_EPSILON = 1e-9


class Status(StrEnum):
    MET = "met"
    PARTLY_MET = "partly_met"
    NOT_MET = "not_met"
    NO_DATA = "no_data"


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def assess(
    outcome: float | None,
    target: float | None,
    direction: Direction,
    *,
    tolerance: float = 0.10,
    tolerance_kind: ToleranceKind = "relative",
    strict: bool = False,
) -> Status:
    """Judge one outcome against its target (see the module docstring for edge cases)."""
    if direction not in Direction.values():
        raise ValueError(f"direction must be 'higher' or 'lower', got {direction!r}")
    if tolerance_kind not in ToleranceKind.values():
        raise ValueError(f"tolerance_kind must be 'relative' or 'points', got {tolerance_kind!r}")
    if tolerance < 0:
        raise ValueError(f"tolerance must not be negative, got {tolerance!r}")
    if _missing(outcome) or _missing(target):
        return Status.NO_DATA
    miss = (target - outcome) if direction == "higher" else (outcome - target)
    scale = max(1.0, abs(target), abs(outcome))
    if miss < -_EPSILON * scale or (not strict and miss <= _EPSILON * scale):
        return Status.MET
    allowed = tolerance * abs(target) if tolerance_kind == "relative" else tolerance
    if miss <= allowed + _EPSILON * scale:
        return Status.PARTLY_MET
    return Status.NOT_MET


@dataclass(frozen=True)
class RollUp:
    """Counts and whole-percent shares of the measured statuses (shares sum to 100 when any is measured)."""

    met: int
    partly_met: int
    not_met: int
    no_data: int
    met_share: int
    partly_met_share: int
    not_met_share: int

    @property
    def measured(self) -> int:
        return self.met + self.partly_met + self.not_met

    @property
    def total(self) -> int:
        return self.measured + self.no_data

    def count(self, status: Status) -> int:
        return {
            Status.MET: self.met,
            Status.PARTLY_MET: self.partly_met,
            Status.NOT_MET: self.not_met,
            Status.NO_DATA: self.no_data,
        }[status]

    def share(self, status: Status) -> int | None:
        """Share of the measured in whole percent; None for no_data, which is not part of the shares."""
        return {Status.MET: self.met_share, Status.PARTLY_MET: self.partly_met_share, Status.NOT_MET: self.not_met_share}.get(
            status
        )


def whole_percents(counts: list[int]) -> list[int]:
    """Whole percents of `counts` that sum to 100 (largest remainder; ties go to the earlier count)."""
    total = sum(counts)
    if total == 0:
        return [0] * len(counts)
    exact = [100 * c / total for c in counts]
    shares = [math.floor(x) for x in exact]
    order = sorted(range(len(counts)), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in order[: 100 - sum(shares)]:
        shares[i] += 1
    return shares


def roll_up(statuses: Iterable[Status]) -> RollUp:
    """Count statuses; shares are of the measured ones (met + partly met + not met)."""
    items = list(statuses)
    met, partly, not_met = (sum(1 for s in items if s is k) for k in (Status.MET, Status.PARTLY_MET, Status.NOT_MET))
    no_data = sum(1 for s in items if s is Status.NO_DATA)
    shares = whole_percents([met, partly, not_met])
    return RollUp(met, partly, not_met, no_data, *shares)


class Progress(StrEnum):
    """A signal toward a value that is not yet due: never a final status."""

    ON_TRACK = "on_track"
    NOT_ON_TRACK = "not_on_track"
    MOVING_AWAY = "moving_away"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Due:
    """A value due in a year; `label` is the report's wording of the year ("2015/2016")."""

    year: int
    value: float | None
    label: str
    final: bool


@dataclass(frozen=True)
class Phase:
    """How a target is read in a report year: judged against `due`, or a progress signal toward it.

    `due` is None for a target without a year (judged against its value every year); `previous` is the
    last milestone already due when Y lies between two due years.
    """

    judged: bool
    due: Due | None
    previous: Due | None = None


def phase(year: int, due: Sequence[Due]) -> Phase:
    """Which reading a target gets in report `year` (the table in the module docstring)."""
    if not due:
        return Phase(True, None)
    ordered = sorted(due, key=lambda d: d.year)
    for d in ordered:
        if d.year == year:
            return Phase(True, d)
    if year > ordered[-1].year:
        return Phase(True, ordered[-1])
    upcoming = next(d for d in ordered if d.year > year)
    before = [d for d in ordered if d.year < year]
    return Phase(False, upcoming, before[-1] if before else None)


@dataclass(frozen=True)
class ProgressCount:
    """Progress signals counted apart from judged targets."""

    on_track: int
    not_on_track: int
    moving_away: int
    unknown: int

    @property
    def total(self) -> int:
        return self.on_track + self.not_on_track + self.moving_away + self.unknown

    def count(self, progress: Progress) -> int:
        return getattr(self, progress.name.lower())


def count_progress(signals: Iterable[Progress]) -> ProgressCount:
    items = list(signals)
    return ProgressCount(*(sum(1 for s in items if s is p) for p in Progress))
