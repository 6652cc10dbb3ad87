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
  yet met, only partly met.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

Direction = Literal["higher", "lower"]
ToleranceKind = Literal["relative", "points"]

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
    if direction not in ("higher", "lower"):
        raise ValueError(f"direction must be 'higher' or 'lower', got {direction!r}")
    if tolerance_kind not in ("relative", "points"):
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
