"""Numbers as a Swedish reader expects them."""

import pytest

from dashboard.format import number, period_label, with_unit


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (14.8, 1, "14,8"),
        (10300000, 0, "10\u2009300\u2009000"),
        (2876759, 0, "2\u2009876\u2009759"),
        (0.232, 3, "0,232"),
        (-96, 0, "\u221296"),
        (-0.04, 1, "0,0"),
        (None, 1, "–"),
        (float("nan"), 1, "–"),
    ],
)
def test_number(value, decimals, expected):
    assert number(value, decimals) == expected


def test_with_unit():
    assert with_unit(14.8, "%", 1) == "14,8 %"
    assert with_unit(439, "antal", 0) == "439"
    assert with_unit(None, "%", 1) == "–"


@pytest.mark.parametrize(("period", "label"), [("2016", "2016"), ("2016-10", "okt 2016"), ("2023K4", "kv 4 2023")])
def test_period_label(period, label):
    assert period_label(period) == label
