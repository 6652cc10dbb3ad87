"""Trajectory toward a target: Open SDG's published progress measure (the CAGR ratio method).

Observed compound annual growth from the base year, ``CAGR_o = (y_t / y_0) ** (1 / (t - t_0)) - 1``.
With a quantitative target ``y_T`` for the year ``t_T`` the growth required is
``CAGR_r = (y_T / y_0) ** (1 / (t_T - t_0)) - 1`` and the progress value is
``R = s * d * CAGR_o / |CAGR_r|`` (``d`` = +1 when higher is better, −1 when lower; ``s`` = −1 when
the base value is negative). Categories (Open SDG / Statistics Canada):

- target reached: the latest value meets the target (checked first, whatever the growth);
- R ≥ 0,95 on track; 0,60 ≤ R < 0,95 moderate progress; 0 ≤ R < 0,60 limited; R < 0 moving away.

Without a target the observed growth itself is judged, ``s * d * CAGR_o``: ≥ 1,5 % a year on track,
0,5–1,5 % moderate, 0–0,5 % limited, below 0 moving away.

Edge cases, as the published implementation (sdg-build's ProgressMeasure) treats them:
- fewer than two points, or a base year not before the latest: not assessable;
- a base value or target of zero is replaced by 0,001 (the growth formula divides by the base);
- base and latest value of different signs: not assessable (growth is undefined);
- a target equal to the base value needs no growth; then any move the wrong way is moving away and
  anything else is on track (the published formula would divide by zero);
- a target year not after the base year: not assessable with a target.

Time is in (fractional) years, so monthly series (``2023-11`` → 2023 + 10/12) work the same way.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from core.enums import Direction
from core.period import Period
from dashboard.status import Progress

ZERO_SUBSTITUTE = 0.001
RATIO_THRESHOLDS = (0.95, 0.60, 0.0)
GROWTH_THRESHOLDS = (0.015, 0.005, 0.0)
_EPSILON = 1e-9


class Trajectory(StrEnum):
    TARGET_REACHED = "target_reached"
    ON_TRACK = "on_track"
    MODERATE = "moderate"
    LIMITED = "limited"
    MOVING_AWAY = "moving_away"
    NOT_AVAILABLE = "not_available"


@dataclass(frozen=True)
class TrajectoryLabel:
    glyph: str
    word: str
    css: str


TRAJECTORY_LABELS: dict[Trajectory, TrajectoryLabel] = {
    Trajectory.TARGET_REACHED: TrajectoryLabel("★", "Målet nått", "met"),
    Trajectory.ON_TRACK: TrajectoryLabel("⇈", "I fas mot målet", "met"),
    Trajectory.MODERATE: TrajectoryLabel("↑", "Framsteg, men takten behöver öka", "partly"),
    Trajectory.LIMITED: TrajectoryLabel("→", "Begränsade framsteg", "not-met"),
    Trajectory.MOVING_AWAY: TrajectoryLabel("↓", "Går åt fel håll", "not-met"),
    Trajectory.NOT_AVAILABLE: TrajectoryLabel("–", "Kan inte bedömas", "no-data"),
}
TRAJECTORY_LABELS_NO_TARGET: dict[Trajectory, TrajectoryLabel] = {
    **TRAJECTORY_LABELS,
    Trajectory.ON_TRACK: TrajectoryLabel("⇈", "Tydlig förbättring", "met"),
    Trajectory.MODERATE: TrajectoryLabel("↑", "Måttlig förbättring", "partly"),
    Trajectory.LIMITED: TrajectoryLabel("→", "Liten förbättring", "not-met"),
    Trajectory.MOVING_AWAY: TrajectoryLabel("↓", "Försämring", "not-met"),
}


@dataclass(frozen=True)
class TrajectoryResult:
    """The category and every number behind it (so a page can show its working)."""

    category: Trajectory
    method: Literal["target", "trend"]
    base_time: float | None = None
    base_value: float | None = None
    current_time: float | None = None
    current_value: float | None = None
    observed_growth: float | None = None
    required_growth: float | None = None
    progress_value: float | None = None
    reason: str | None = None  # why it could not be assessed (Swedish)

    @property
    def label(self) -> TrajectoryLabel:
        return (TRAJECTORY_LABELS if self.method == "target" else TRAJECTORY_LABELS_NO_TARGET)[self.category]


def period_time(period: str) -> float:
    """`2016` → 2016.0; `2023-11` → 2023 + 10/12; `2023K4` → 2023.75 (start of the period, in years)."""
    return Period.parse(period).time


def growth(current: float, base: float, t: float, t0: float) -> float:
    """Compound annual growth rate from (t0, base) to (t, current)."""
    return (current / base) ** (1 / (t - t0)) - 1


def _category(value: float, thresholds: tuple[float, float, float]) -> Trajectory:
    """Place `value` among the thresholds; exactly on a threshold counts as reaching it (float rounding aside)."""
    high, medium, low = (t - _EPSILON for t in thresholds)
    if value >= high:
        return Trajectory.ON_TRACK
    if value >= medium:
        return Trajectory.MODERATE
    if value >= low:
        return Trajectory.LIMITED
    return Trajectory.MOVING_AWAY


def assess_trajectory(
    series: Sequence[tuple[float, float]],
    direction: Direction,
    *,
    target: float | None = None,
    target_time: float | None = None,
    base_time: float | None = None,
) -> TrajectoryResult:
    """Judge `series` ((time in years, value) pairs) toward `target` by `target_time` (see module docstring).

    The base is the value at `base_time`, or the first value after it when that time has no value;
    without `base_time` the first value of the series.
    """
    if direction not in ("higher", "lower"):
        raise ValueError(f"direction must be 'higher' or 'lower', got {direction!r}")
    method: Literal["target", "trend"] = "trend" if target is None else "target"
    points = sorted((float(t), float(v)) for t, v in series if v is not None and not math.isnan(v))
    if not points:
        return TrajectoryResult(Trajectory.NOT_AVAILABLE, method, reason="Inga värden")
    current_time, current = points[-1]
    sign_d = 1 if direction == "higher" else -1
    reached = target is not None and (current >= target if direction == "higher" else current <= target)
    candidates = [p for p in points if base_time is None or p[0] >= base_time]
    base_t, base = candidates[0] if candidates else points[-1]
    common = {"base_time": base_t, "base_value": base, "current_time": current_time, "current_value": current}
    if reached:
        return TrajectoryResult(Trajectory.TARGET_REACHED, method, **common)
    if len(points) < 2 or current_time - base_t <= 0:
        return TrajectoryResult(Trajectory.NOT_AVAILABLE, method, **common, reason="Minst två värden behövs efter basåret")
    if base == 0:
        base = ZERO_SUBSTITUTE
    if (base > 0 > current) or (base < 0 < current):
        return TrajectoryResult(
            Trajectory.NOT_AVAILABLE, method, **common, reason="Basvärdet och senaste värdet har olika tecken"
        )
    sign = -1 if base < 0 else 1
    observed = growth(current, base, current_time, base_t)  # a fall to 0 is −100 %, well defined
    if target is None:
        value = sign * sign_d * observed
        return TrajectoryResult(
            _category(value, GROWTH_THRESHOLDS), method, **common, observed_growth=observed, progress_value=value
        )
    if target_time is None or target_time <= base_t:
        reason = "Målet har inget målår" if target_time is None else "Målåret ligger inte efter basåret"
        return TrajectoryResult(Trajectory.NOT_AVAILABLE, method, **common, observed_growth=observed, reason=reason)
    goal = ZERO_SUBSTITUTE if target == 0 else target
    if (base > 0 > goal) or (base < 0 < goal):
        return TrajectoryResult(
            Trajectory.NOT_AVAILABLE, method, **common, observed_growth=observed, reason="Basvärdet och målet har olika tecken"
        )
    required = growth(goal, base, target_time, base_t)
    if required == 0:
        value = math.copysign(math.inf, sign * sign_d * observed) if observed else 0.0
        category = Trajectory.MOVING_AWAY if value < 0 else Trajectory.ON_TRACK
        return TrajectoryResult(category, method, **common, observed_growth=observed, required_growth=0.0, progress_value=value)
    value = sign * sign_d * observed / abs(required)
    return TrajectoryResult(
        _category(value, RATIO_THRESHOLDS),
        method,
        **common,
        observed_growth=observed,
        required_growth=required,
        progress_value=value,
    )


_PROGRESS = {
    Trajectory.TARGET_REACHED: Progress.ON_TRACK,
    Trajectory.ON_TRACK: Progress.ON_TRACK,
    Trajectory.MODERATE: Progress.NOT_ON_TRACK,
    Trajectory.LIMITED: Progress.NOT_ON_TRACK,
    Trajectory.MOVING_AWAY: Progress.MOVING_AWAY,
    Trajectory.NOT_AVAILABLE: Progress.UNKNOWN,
}


def as_progress(result: TrajectoryResult) -> Progress:
    """The trajectory folded into the three progress signals of a target not yet due."""
    return _PROGRESS[result.category]
