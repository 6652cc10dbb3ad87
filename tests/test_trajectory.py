"""The trajectory toward a target: Open SDG's CAGR ratio method, its thresholds and edge cases."""

from __future__ import annotations

import math

import pytest

from dashboard.trajectory import Trajectory, assess_trajectory, growth, period_time


def test_growth_is_the_compound_annual_rate():
    assert growth(121, 100, 2017, 2015) == pytest.approx(0.10)
    assert growth(81, 100, 2017, 2015) == pytest.approx(-0.10)


def test_period_time_handles_years_months_and_quarters():
    assert period_time("2016") == 2016.0
    assert period_time("2023-01") == 2023.0
    assert period_time("2023-11") == pytest.approx(2023 + 10 / 12)
    assert period_time("2023K4") == 2023.75


def test_ratio_of_observed_to_required_growth():
    # 100 → 110.25 in two years: 5 % a year. Target 200 by 2025 from 2015: 7.177 % a year needed.
    result = assess_trajectory([(2015, 100), (2016, 105), (2017, 110.25)], "higher", target=200, target_time=2025)
    required = 2 ** (1 / 10) - 1
    assert result.observed_growth == pytest.approx(0.05)
    assert result.required_growth == pytest.approx(required)
    assert result.progress_value == pytest.approx(0.05 / required)
    assert result.category is Trajectory.MODERATE  # 0.697


@pytest.mark.parametrize(
    ("latest", "expected"),
    [
        (2 ** (2 / 10) * 100 * 0.999, Trajectory.ON_TRACK),  # just under the required pace: R ≈ 0.99
        (100 * (1 + 0.95 * (2**0.1 - 1)) ** 2, Trajectory.ON_TRACK),  # R = 0.95 exactly
        (100 * (1 + 0.94 * (2**0.1 - 1)) ** 2, Trajectory.MODERATE),
        (100 * (1 + 0.60 * (2**0.1 - 1)) ** 2, Trajectory.MODERATE),  # R = 0.60 exactly
        (100 * (1 + 0.59 * (2**0.1 - 1)) ** 2, Trajectory.LIMITED),
        (100.0, Trajectory.LIMITED),  # R = 0: standing still
        (99.0, Trajectory.MOVING_AWAY),
    ],
)
def test_thresholds_for_a_target(latest: float, expected: Trajectory):
    result = assess_trajectory([(2015, 100), (2017, latest)], "higher", target=200, target_time=2025)
    assert result.category is expected, result.progress_value


def test_lower_is_better_turns_the_sign():
    # unemployment 10 → 9 in 2 years, target 5 by 2025: falling is progress
    result = assess_trajectory([(2015, 10), (2017, 9)], "lower", target=5, target_time=2025)
    assert result.progress_value == pytest.approx((0.9**0.5 - 1) * -1 / abs(0.5**0.1 - 1))
    assert result.progress_value > 0
    rising = assess_trajectory([(2015, 10), (2017, 11)], "lower", target=5, target_time=2025)
    assert rising.category is Trajectory.MOVING_AWAY


def test_target_reached_wins_over_the_growth():
    result = assess_trajectory([(2015, 100), (2016, 300), (2017, 210)], "higher", target=200, target_time=2025)
    assert result.category is Trajectory.TARGET_REACHED
    lower = assess_trajectory([(2015, 5), (2017, 4)], "lower", target=4, target_time=2020)
    assert lower.category is Trajectory.TARGET_REACHED  # exactly at the target counts
    assert lower.label.word == "Målet nått"


def test_a_single_point_is_not_assessable_unless_the_target_is_reached():
    one = assess_trajectory([(2017, 90)], "higher", target=200, target_time=2025)
    assert one.category is Trajectory.NOT_AVAILABLE
    assert one.reason
    assert assess_trajectory([], "higher").category is Trajectory.NOT_AVAILABLE
    assert assess_trajectory([(2017, 250)], "higher", target=200, target_time=2025).category is Trajectory.TARGET_REACHED


def test_missing_values_are_skipped():
    result = assess_trajectory([(2015, 100), (2016, math.nan), (2017, 121)], "higher")
    assert result.observed_growth == pytest.approx(0.10)


def test_base_time_picks_the_first_value_from_that_year_on():
    series = [(2010, 50), (2014, 80), (2016, 100), (2018, 121)]
    result = assess_trajectory(series, "higher", base_time=2015)
    assert (result.base_time, result.base_value) == (2016, 100)
    assert result.observed_growth == pytest.approx(0.10)
    assert assess_trajectory(series, "higher", base_time=2018).category is Trajectory.NOT_AVAILABLE


def test_a_base_of_zero_is_replaced_as_published():
    result = assess_trajectory([(2015, 0), (2017, 0.004)], "higher", target=1, target_time=2025)
    assert result.observed_growth == pytest.approx(growth(0.004, 0.001, 2017, 2015))
    assert result.required_growth == pytest.approx(growth(1, 0.001, 2025, 2015))
    assert result.category is not Trajectory.NOT_AVAILABLE


def test_a_target_of_zero_is_replaced_as_published():
    # CO2 down to zero: 10 → 5 in five years; required 10 → 0.001 in 15 years
    result = assess_trajectory([(2015, 10), (2020, 5)], "lower", target=0, target_time=2030)
    required = growth(0.001, 10, 2030, 2015)
    assert result.required_growth == pytest.approx(required)
    assert result.progress_value == pytest.approx(-growth(5, 10, 2020, 2015) / abs(required))
    assert result.category is Trajectory.LIMITED  # 0.129/0.459 ≈ 0.28


def test_a_fall_to_zero_is_a_fall_of_one_hundred_percent():
    result = assess_trajectory([(2015, 10), (2020, 0)], "lower")
    assert result.observed_growth == -1.0
    assert result.category is Trajectory.ON_TRACK


def test_values_of_different_signs_cannot_be_assessed():
    result = assess_trajectory([(2015, -2), (2017, 3)], "higher", target=5, target_time=2025)
    assert result.category is Trajectory.NOT_AVAILABLE
    assert "tecken" in result.reason


def test_negative_base_flips_the_sign():
    # net migration −100 → −50 (improving, higher is better): growth is −29 % a year, but progress is positive
    result = assess_trajectory([(2015, -100), (2017, -50)], "higher")
    assert result.observed_growth < 0
    assert result.progress_value > 0
    assert result.category is Trajectory.ON_TRACK


def test_target_equal_to_base_and_moving_away():
    result = assess_trajectory([(2015, 10), (2017, 9)], "higher", target=10, target_time=2020)
    assert result.category is Trajectory.MOVING_AWAY


def test_target_year_not_after_base_is_not_assessable():
    result = assess_trajectory([(2015, 10), (2017, 11)], "higher", target=20, target_time=2015)
    assert result.category is Trajectory.NOT_AVAILABLE


@pytest.mark.parametrize(
    ("rate", "expected"),
    [(0.02, Trajectory.ON_TRACK), (0.015, Trajectory.ON_TRACK), (0.01, Trajectory.MODERATE), (0.004, Trajectory.LIMITED)],
)
def test_thresholds_without_a_target(rate: float, expected: Trajectory):
    result = assess_trajectory([(2015, 100), (2016, 100 * (1 + rate))], "higher")
    assert result.method == "trend"
    assert result.category is expected
    assert assess_trajectory([(2015, 100), (2016, 100 * (1 + rate))], "lower").category is Trajectory.MOVING_AWAY


def test_monthly_series_use_fractional_years():
    series = [(period_time("2020-01"), 100.0), (period_time("2021-07"), 100 * 1.1**1.5)]
    assert assess_trajectory(series, "higher").observed_growth == pytest.approx(0.10)


def test_bad_direction_is_refused():
    with pytest.raises(ValueError, match="direction"):
        assess_trajectory([(2015, 1), (2016, 2)], "up")  # type: ignore[arg-type]
