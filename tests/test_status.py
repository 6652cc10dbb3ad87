"""The traffic-light rule and its roll-up, as a table of cases."""

import math

import pytest

from dashboard.status import Status, assess, roll_up, whole_percents

M, P, N, D = Status.MET, Status.PARTLY_MET, Status.NOT_MET, Status.NO_DATA


@pytest.mark.parametrize(
    ("outcome", "target", "direction", "kwargs", "expected"),
    [
        # higher is better
        (14.8, 14.5, "higher", {}, M),
        (14.5, 14.5, "higher", {}, M),  # reaching the target is meeting it
        (416, 439, "higher", {}, P),  # exportföretag RUN-2016: 5,2 % short
        (39.3, 40, "higher", {}, P),
        (8.6, 17, "higher", {}, N),  # utomnordiskt födda RUN-2016
        (27, 30, "higher", {}, P),  # exactly 10 % short is still partly met (ANA-2021 "delvis uppfyllt")
        (26.99, 30, "higher", {}, N),  # just beyond 10 %
        (35263, 70000, "higher", {}, N),
        (40470, 0, "higher", {}, M),  # ekonomi i balans: target zero, beaten
        (0, 0, "higher", {}, M),
        (-1, 0, "higher", {}, N),  # zero target: a relative tolerance allows no miss
        (-1, 0, "higher", {"tolerance": 2, "tolerance_kind": "points"}, P),
        # lower is better
        (3.18, 6.2, "lower", {}, M),
        (3.7, 3.5, "lower", {}, P),  # sjukfrånvaro naturbruk ANA-2021
        (3.86, 3.5, "lower", {}, N),
        (0.232, 0.488, "lower", {}, M),
        (-96, -5, "lower", {}, M),  # flyg: −5 % change target, −96 % outcome
        (-4.6, -5, "lower", {}, P),  # misses by 0,4 of |−5| → 8 %
        (-4.4, -5, "lower", {}, N),  # misses by 12 %
        (292, 270, "lower", {}, P),  # restid 292 min against under 270: 8,1 % over
        (3.82, 2.4, "lower", {}, N),
        # percentage points
        (57, 60, "higher", {"tolerance": 3, "tolerance_kind": "points"}, P),
        (56.9, 60, "higher", {"tolerance": 3, "tolerance_kind": "points"}, N),
        # strict: "more than the baseline"
        (14.5, 14.5, "higher", {"strict": True}, P),
        (14.6, 14.5, "higher", {"strict": True}, M),
        (10.3, 10, "higher", {"strict": True}, M),
        # no data
        (None, 14.5, "higher", {}, D),
        (math.nan, 14.5, "higher", {}, D),
        (14.5, None, "higher", {}, D),
    ],
)
def test_assess(outcome, target, direction, kwargs, expected):
    assert assess(outcome, target, direction, **kwargs) is expected


def test_status_values_are_the_agreed_strings():
    assert [s.value for s in Status] == ["met", "partly_met", "not_met", "no_data"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"direction": "up"}, "direction"),
        ({"tolerance_kind": "percent"}, "tolerance_kind"),
        ({"tolerance": -0.1}, "tolerance"),
    ],
)
def test_assess_rejects_bad_arguments(kwargs, message):
    args = {"direction": "higher"} | kwargs
    direction = args.pop("direction")
    with pytest.raises(ValueError, match=message):
        assess(1.0, 2.0, direction, **args)


def test_roll_up_counts_and_shares_sum_to_100():
    # Region Jönköpings län, ANA 2020: 4 met, 2 partly, 5 not → 36 %, 18 %, 46 % as the report printed
    result = roll_up([M] * 4 + [P] * 2 + [N] * 5 + [D])
    assert (result.met, result.partly_met, result.not_met, result.no_data) == (4, 2, 5, 1)
    assert result.measured == 11
    assert (result.met_share, result.partly_met_share, result.not_met_share) == (36, 18, 46)


@pytest.mark.parametrize("counts", [[1, 1, 1], [4, 1, 4], [0, 0, 7], [2, 3, 0], [1, 0, 0], [333, 333, 334]])
def test_whole_percents_always_sum_to_100(counts):
    shares = whole_percents(counts)
    assert sum(shares) == 100
    assert all(abs(s - 100 * c / sum(counts)) < 1 for s, c in zip(shares, counts, strict=True))


def test_roll_up_of_nothing_measured():
    result = roll_up([D, D])
    assert result.measured == 0 and result.no_data == 2
    assert (result.met_share, result.partly_met_share, result.not_met_share) == (0, 0, 0)
