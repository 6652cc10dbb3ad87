"""The fixed code lists: codes, Swedish labels, and that the schema's CHECKs enforce them."""

from __future__ import annotations

import duckdb
import pytest

from core.enums import RIKET, AreaLevel, Direction, Flag, Sex, TargetKind, ToleranceKind
from etl.schema import DDL

LABELS = [
    (Sex, {"T": "totalt", "K": "kvinnor", "M": "män"}),
    (Direction, {"higher": "Högre är bättre", "lower": "Lägre är bättre"}),
    (TargetKind, {"value": "Målvärde", "riket": "Som riket", "baseline": "Bättre än utgångsvärdet", "none": "Inget målvärde"}),
    (ToleranceKind, {"relative": "andel av målvärdet", "points": "i indikatorns enhet"}),
    (Flag, {"ca": "ungefärligt", "p": "preliminärt"}),
    (AreaLevel, {"riket": "riket", "lan": "län", "kommun": "kommun"}),
]


@pytest.mark.parametrize(("enum", "labels"), LABELS)
def test_codes_and_labels(enum, labels):
    assert enum.values() == tuple(labels)
    assert {m.value: m.label for m in enum} == labels
    for code in labels:
        assert enum(code) == code  # a member is its code, so it compares and hashes as the stored text
        assert {code: 1}[enum(code)] == 1


def test_riket_and_flag_marks():
    assert RIKET == "00"
    assert [f" ({f.short})" for f in Flag] == [" (ca)", " (prel.)"]


@pytest.mark.parametrize(
    ("sql", "allowed"),
    [
        ("INSERT INTO areas (area_code, name, level) VALUES ('{0}', 'X', '{0}')", AreaLevel),
        (
            "INSERT INTO indicators (indicator_id, name, unit, direction, decimals, frequency, source) VALUES ('{0}', 'X', '%', '{0}', 1, 'yearly', 'S')",
            Direction,
        ),
        (
            "INSERT INTO observations (indicator_id, area_code, period, sex, value, source, run_id) VALUES ('x', '00', '2016', '{0}', 1.0, 'S', 1)",
            Sex,
        ),
    ],
)
def test_the_schema_checks_take_their_lists_from_the_enums(sql, allowed):
    con = duckdb.connect()
    con.execute(DDL)
    for code in allowed.values():
        con.execute(sql.format(code))
    with pytest.raises(duckdb.ConstraintException):
        con.execute(sql.format("other"))
