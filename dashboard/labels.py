"""Status glyphs, words and colours: the one place pages, exports and reports take them from."""

from __future__ import annotations

from dataclasses import dataclass

from core.enums import Sex
from dashboard.status import Progress, Status


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

# Progress toward a value not yet due: arrows, outlined badges and words that never read as a final status.
PROGRESS_LABELS: dict[Progress, StatusLabel] = {
    Progress.ON_TRACK: StatusLabel("↗", "I fas mot målet", "i fas", "progress-on", "#0072B2"),
    Progress.NOT_ON_TRACK: StatusLabel("→", "Inte i fas mot målet", "inte i fas", "progress-off", "#A0527F"),
    Progress.MOVING_AWAY: StatusLabel("↘", "Går från målet", "går från målet", "progress-away", "#7A3A6B"),
    Progress.UNKNOWN: StatusLabel("…", "Framsteg kan inte bedömas", "kan inte bedömas", "progress-unknown", "#595959"),
}

SEX_LABELS = {s.value: "" if s is Sex.TOTAL else s.label for s in Sex}  # what a target's name adds


def label_for(status: Status | None) -> StatusLabel:
    return NO_TARGET if status is None else STATUS_LABELS[status]


def reading_label(status: Status | None, progress: Progress | None) -> StatusLabel:
    """The label of a target's reading: its progress signal when not yet due, else its status."""
    return PROGRESS_LABELS[progress] if progress is not None else label_for(status)
