"""The fixed code lists of the data model, each code with its Swedish label.

The ETL's validation and the schema's CHECK constraints take their value lists from here, the app its words.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self

RIKET = "00"  # the area code of the whole country


class LabelledEnum(StrEnum):
    """A code stored as text, with the word a Swedish reader sees."""

    label: str

    def __new__(cls, value: str, label: str) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def values(cls) -> tuple[str, ...]:
        """The codes in declaration order, as plain strings (for validation messages and SQL)."""
        return tuple(m.value for m in cls)


class Sex(LabelledEnum):
    TOTAL = "T", "totalt"
    WOMEN = "K", "kvinnor"
    MEN = "M", "män"


class Direction(LabelledEnum):
    """Which way is better for an indicator."""

    HIGHER = "higher", "Högre är bättre"
    LOWER = "lower", "Lägre är bättre"


class TargetKind(LabelledEnum):
    """What a goal's target is: a number, as good as riket, better than the baseline, or no target at all."""

    VALUE = "value", "Målvärde"
    RIKET = "riket", "Som riket"
    BASELINE = "baseline", "Bättre än utgångsvärdet"
    NONE = "none", "Inget målvärde"


class ToleranceKind(LabelledEnum):
    """How a target's tolerance for "partly met" is measured."""

    RELATIVE = "relative", "andel av målvärdet"
    POINTS = "points", "i indikatorns enhet"


class Flag(LabelledEnum):
    """A mark on an observation from its source (no flag is stored as NULL)."""

    APPROXIMATE = "ca", "ungefärligt"
    PRELIMINARY = "p", "preliminärt"

    @property
    def short(self) -> str:
        """The brief mark after a value in a table: "(ca)", "(prel.)"."""
        return {"ca": "ca", "p": "prel."}[self.value]


class AreaLevel(LabelledEnum):
    RIKET = "riket", "riket"
    LAN = "lan", "län"
    KOMMUN = "kommun", "kommun"
