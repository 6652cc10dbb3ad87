"""An indicator of the catalogue (data/indicators.yaml, the `indicators` table): what is measured and how it reads."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Indicator:
    indicator_id: str
    name: str
    unit: str
    direction: str
    decimals: int
    frequency: str
    source: str
    description: str = ""
    source_ref: str = ""
