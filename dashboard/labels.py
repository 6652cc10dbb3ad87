"""Status glyphs, words and colours: the one place pages, exports and reports take them from."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.status import Status


@dataclass(frozen=True)
class StatusLabel:
    glyph: str
    word: str
    short: str
    css: str  # class suffix; colours live in assets/laget.css (Okabe–Ito, colour-blind safe)
    colour: str


STATUS_LABELS: dict[Status, StatusLabel] = {
    Status.MET: StatusLabel("✓", "Uppnått", "uppnådda", "met", "#009E73"),
    Status.PARTLY_MET: StatusLabel("◐", "Delvis uppnått", "delvis", "partly", "#E69F00"),
    Status.NOT_MET: StatusLabel("✕", "Ej uppnått", "ej uppnådda", "not-met", "#D55E00"),
    Status.NO_DATA: StatusLabel("–", "Data saknas", "saknar data", "no-data", "#8C8C8C"),
}
NO_TARGET = StatusLabel("○", "Inget målvärde", "utan målvärde", "no-target", "#56B4E9")

SEX_LABELS = {"T": "", "K": "kvinnor", "M": "män"}


def label_for(status: Status | None) -> StatusLabel:
    return NO_TARGET if status is None else STATUS_LABELS[status]
