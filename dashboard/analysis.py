"""A drafted analysis for every measure of a goal set: Swedish sentences written from the data alone.

For one target and report year the draft says, in this order: the outcome and its change since the year
before; the change since the baseline; the outcome against the target (judged) or, for a target not yet
due, the pace needed to reach it and the pace so far; and the outcome against riket where riket is known.
The analysts' own comments on the outcome's year come first; the draft is always shown as a draft.

The thresholds behind the words (changes and gaps are compared after rounding to the indicator's decimals):

- "oförändrat" / "i nivå med": the difference rounds to 0 at the indicator's decimals.
- "marginell": the change is at most `MARGINAL` (2 %) of the earlier value.
- "kraftig": the change is at least `SHARP` (25 %) of the earlier value.
  Both words need an earlier value above 0 (a share of a negative or zero value says nothing).
- Percentages change in procentenheter; other units in their own unit, with the relative change in brackets.
- A pace is the difference divided by the years between, shown with one decimal more than the indicator.
- Riket is compared only for rates, not for totals (`TOTAL_UNITS`: a län's sum is no match for riket's).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from core.enums import RIKET
from dashboard import fulfilment, queries
from dashboard.db import Database
from dashboard.format import MINUS, number, period_label, with_unit
from dashboard.indicator_view import TOTAL_UNITS
from dashboard.labels import PROGRESS_LABELS, label_for
from dashboard.status import Status
from dashboard.workspace import read as workspace

DRAFT_LABEL = "Förslag till analys"
DRAFT_NOTE = "Utkast skrivet automatiskt från siffrorna; granska och skriv om innan det används."
MARGINAL = 0.02
SHARP = 0.25


@dataclass(frozen=True)
class Analysis:
    """The analysts' own comments on the outcome's year (first) and the drafted sentences."""

    comments: tuple[str, ...]
    draft: tuple[str, ...]

    @property
    def draft_text(self) -> str:
        return " ".join(self.draft)


def _rounds_to_zero(value: float, decimals: int) -> bool:
    return round(abs(value), decimals) == 0


def amount(r: fulfilment.TargetResult, value: float, decimals: int | None = None) -> str:
    """A difference without its sign: "0,3 procentenheter", "1 procentenhet", "23", "0,7 milj."."""
    d = r.decimals if decimals is None else decimals
    if r.unit == "%":
        text = number(abs(value), d)
        return f"{text} procentenhet" if text == "1" else f"{text} procentenheter"
    return with_unit(abs(value), r.unit, d)


def _relative(earlier: float, later: float) -> str:
    """ "+3,1 %", "−12 %": the relative change, one decimal below 10 %."""
    share = (later - earlier) / abs(earlier) * 100
    text = number(abs(share), 1 if abs(share) < 10 else 0)
    return ("+" if share > 0 else MINUS if share < 0 else "") + text + " %"


def change_phrase(r: fulfilment.TargetResult, earlier: float, later: float) -> tuple[str, str]:
    """The change and, for a target, its direction: ("en kraftig minskning med 120 (−30 %)", ", bort från målet")."""
    diff = later - earlier
    if _rounds_to_zero(diff, r.decimals):
        return "oförändrat", ""
    share = abs(diff) / earlier if earlier > 0 else None
    size = "marginell " if share is not None and share <= MARGINAL else "kraftig " if share is not None and share >= SHARP else ""
    text = f"en {size}{'ökning' if diff > 0 else 'minskning'} med {amount(r, diff)}"
    if r.unit != "%" and earlier != 0:
        text += f" ({_relative(earlier, later)})"
    if not r.has_target:
        return text, ""
    better = diff > 0 if r.direction == "higher" else diff < 0
    return text, ", i målets riktning" if better else ", bort från målet"


def previous_point(r: fulfilment.TargetResult) -> tuple[str, float] | None:
    """The same period a year before the outcome ("2015" for "2016", "2015-10" for "2016-10"), if there is a value."""
    if r.outcome_period is None:
        return None
    wanted = f"{int(r.outcome_period[:4]) - 1}{r.outcome_period[4:]}"
    return next(((p, v) for p, v in r.series if p == wanted), None)


def _outcome_sentence(r: fulfilment.TargetResult, year: int) -> str:
    if r.outcome is None or r.outcome_period is None:
        if not r.series:
            return f"Utfall för {year} saknas, och serien har inga värden ännu."
        period, value = r.series[-1]
        return f"Utfall för {year} saknas; det senaste värdet är {r.fmt(value)} ({period_label(period)})."
    head = f"Utfallet {period_label(r.outcome_period)} är {r.fmt(r.outcome)}"
    before = previous_point(r)
    if before is None:
        return f"{head}; ett jämförbart värde för året innan saknas."
    period, value = before
    change, toward = change_phrase(r, value, r.outcome)
    return f"{head}, {change} jämfört med {period_label(period)} ({r.fmt(value)}){toward}."


def _baseline_sentence(r: fulfilment.TargetResult) -> str | None:
    if r.baseline_value is None or r.outcome is None or r.outcome_period is None:
        return None
    outcome_year = int(r.outcome_period[:4])
    if r.baseline_year is not None and r.baseline_year >= outcome_year:
        return None
    before = previous_point(r)
    if before is not None and r.baseline_year == int(before[0][:4]) and math.isclose(before[1], r.baseline_value):
        return None  # the year before is the baseline: said already
    when = f" {r.baseline_year}" if r.baseline_year else ""
    change, toward = change_phrase(r, r.baseline_value, r.outcome)
    return f"Jämfört med utgångsvärdet{when} ({r.fmt(r.baseline_value)}) är det {change}{toward}."


def _side(r: fulfilment.TargetResult, gap: float, what: str) -> str:
    """ "ligger 0,3 procentenheter över målvärdet" or "är i nivå med riket"."""
    if _rounds_to_zero(gap, r.decimals):
        return f"är i nivå med {what}"
    return f"ligger {amount(r, gap)} {'över' if gap > 0 else 'under'} {what}"


def _judged_sentence(r: fulfilment.TargetResult, year: int) -> str:
    if not r.has_target:
        return "Målet har inget målvärde att jämföra med."
    word = label_for(r.status).word.lower()
    whose = " enligt rapportens egen bedömning" if r.recorded is not None else ""
    if r.status is Status.NO_DATA or r.outcome is None or r.target_value is None:
        why = "utfall saknas" if r.outcome is None else (r.note or "målvärdet saknas").lower()
        return f"Målet – {_lower_first(r.target_text)} – kan inte bedömas för {year}: {why}."
    what = {"baseline": "utgångsvärdet", "riket": "riket"}.get(r.target_kind, "målvärdet")
    side = _side(r, r.outcome - r.target_value, what)
    return f"Målet – {_lower_first(r.target_text)} – är {word}{whose}: utfallet {side} ({r.fmt(r.target_value)})."


def _lower_first(text: str) -> str:
    """ "Högre än utgångsvärdet …" → "högre än utgångsvärdet …" (inside a sentence)."""
    return text[:1].lower() + text[1:]


def _start_point(r: fulfilment.TargetResult) -> tuple[int, float] | None:
    """Where the pace so far is measured from: the baseline with its year, else the first value of the series."""
    if r.outcome_period is None:
        return None
    outcome_year = int(r.outcome_period[:4])
    if r.baseline_value is not None and r.baseline_year is not None and r.baseline_year < outcome_year:
        return r.baseline_year, r.baseline_value
    first = next(((int(p[:4]), v) for p, v in r.series if int(p[:4]) < outcome_year), None)
    return first


def _pace_sentences(r: fulfilment.TargetResult) -> list[str]:
    """For a target not yet due: the pace needed to reach it, the pace so far, and the progress signal."""
    due = r.due
    if due is None or r.target_value is None or r.outcome is None or r.outcome_period is None:
        return [
            f"Målet – {_lower_first(r.target_text)} – är ännu inte förfallet, och takten kan inte bedömas utan utfall och målvärde."
        ]
    outcome_year = int(r.outcome_period[:4])
    sign = "≥" if r.direction == "higher" else "≤"
    goal = f"{sign} {r.fmt(r.target_value)} till {due.year}"
    left = r.target_value - r.outcome
    reached = left <= 0 if r.direction == "higher" else left >= 0
    years = due.year - outcome_year
    if reached:
        sentences = [f"Målet – {goal} – är ännu inte förfallet, och utfallet når redan målvärdet."]
    elif years <= 0:
        sentences = [f"Målet – {goal} – är ännu inte förfallet; utfallet {_side(r, -left, 'målvärdet')}."]
    else:
        verb = "öka" if left > 0 else "minska"
        pace = amount(r, left / years, r.decimals + 1)
        sentences = [f"Målet är {goal}; för att nå dit behöver utfallet {verb} med {pace} per år till {due.year}."]
    start = _start_point(r)
    if start is not None and start[0] < outcome_year:
        so_far = (r.outcome - start[1]) / (outcome_year - start[0])
        if _rounds_to_zero(so_far, r.decimals + 1):
            sentences.append(f"Sedan {start[0]} har utfallet i stort sett stått still.")
        else:
            verb = "ökat" if so_far > 0 else "minskat"
            sentences.append(f"Sedan {start[0]} har det {verb} med i snitt {amount(r, so_far, r.decimals + 1)} per år.")
    if r.progress is not None:
        sentences.append(f"Framstegssignal: {PROGRESS_LABELS[r.progress].word.lower()}.")
    return sentences


def _riket_sentence(r: fulfilment.TargetResult, riket: float | None) -> str | None:
    if riket is None or r.outcome is None or r.outcome_period is None or r.unit in TOTAL_UNITS or r.target_kind == "riket":
        return None
    gap = r.outcome - riket
    text = f"{r.area_name} {_side(r, gap, 'riket')} ({r.fmt(riket)} {period_label(r.outcome_period)})"
    if _rounds_to_zero(gap, r.decimals):
        return text + "."
    better = gap > 0 if r.direction == "higher" else gap < 0
    return text + (", vilket är bättre än riket." if better else ", vilket är sämre än riket.")


def draft(r: fulfilment.TargetResult, year: int, riket: float | None) -> tuple[str, ...]:
    """The drafted sentences for one target in report year `year`; `riket` is riket's value of the outcome's period."""
    sentences = [_outcome_sentence(r, year), _baseline_sentence(r)]
    sentences += _pace_sentences(r) if r.progress is not None else [_judged_sentence(r, year)]
    sentences.append(_riket_sentence(r, riket))
    return tuple(s for s in sentences if s)


def own_comments(comments, r: fulfilment.TargetResult) -> tuple[str, ...]:
    """The analysts' comments (from `workspace.comments_for`) on this target's area and outcome year, with author."""
    year = (r.outcome_period or "")[:4]
    mine = comments[
        (comments["indicator_id"] == r.indicator_id)
        & (comments["area_code"] == r.area_code)
        & (comments["period"].str[:4] == year)
    ]
    return tuple(f"{c.text} ({c.author})" for c in mine.itertuples())


def riket_values(
    db: Database, results: list[fulfilment.TargetResult], per: dt.date | None = None
) -> dict[tuple[str, str, str], float]:
    """Riket's value per (indicator, sex, period) for these targets, as published by `per`."""
    indicators = tuple(sorted({r.indicator_id for r in results}))
    obs = (
        queries.observations_for(db, indicators, (RIKET,))
        if per is None
        else queries.observations_as_of(db, indicators, (RIKET,), per)
    )
    return {
        (str(i), str(s), str(p)): float(v)
        for i, s, p, v in zip(obs["indicator_id"], obs["sex"], obs["period"], obs["value"], strict=True)
        if not math.isnan(v)
    }


def analyses(db: Database, results: list[fulfilment.TargetResult], year: int, per: dt.date | None = None) -> list[Analysis]:
    """One analysis per target, in the order given."""
    if not results:
        return []
    riket = riket_values(db, results, per)
    comments = workspace.comments_for(
        db, tuple(sorted({r.indicator_id for r in results})), tuple(sorted({r.area_code for r in results})), per
    )
    return [
        Analysis(own_comments(comments, r), draft(r, year, riket.get((r.indicator_id, r.sex, r.outcome_period or ""))))
        for r in results
    ]
