"""The goal-fulfilment report: what a region's annual report needs, as a model and as an xlsx workbook.

A summary per priority (met / partly met / not met / measured, with shares, against the year before) and
one table per priority in the regions' own shape: Mål och målvärde | Utgångsvärde | Utfall | Status |
Kommentar. Status words, glyphs and colours come from `dashboard.labels`; judgements from
`dashboard.fulfilment`, so the report never disagrees with the pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from core.regions import PROJECT_NAME
from dashboard import fulfilment, queries
from dashboard.analysis import own_comments
from dashboard.db import Database
from dashboard.exports.data import number_format, save, write_header, write_table
from dashboard.format import number, period_label
from dashboard.goal_summary import GoalSetSummary, Tally, summarise
from dashboard.labels import PROGRESS_LABELS, SEX_LABELS, STATUS_LABELS, StatusLabel, label_for, reading_label
from dashboard.status import Progress, RollUp, Status
from dashboard.view_state import GoalView
from dashboard.workspace import read as workspace

TABLE_COLUMNS = ["Mål och målvärde", "Utgångsvärde", "Utfall", "Status", "Kommentar"]
SUMMARY_STATUSES = (Status.MET, Status.PARTLY_MET, Status.NOT_MET)


@dataclass(frozen=True)
class ReportRow:
    goal_text: str  # "Mål 1 Fler arbetstillfällen …"
    target_text: str  # "Andel företagsamma, Jämtlands län: ≥ 14,5 % till 2020"
    baseline: str
    result: fulfilment.TargetResult
    comment: str

    @property
    def label(self) -> StatusLabel:
        return reading_label(self.result.status, self.result.progress)

    @property
    def status_text(self) -> str:
        """ "✓ Uppnått", "↗ I fas mot målet 2020", with the report's own words where it judged the target."""
        r = self.result
        text = f"{self.label.glyph} {self.label.word}"
        if r.progress is not None and r.due is not None:
            text += f" {r.due.label}"
        if r.previous is not None and r.previous_status is not None:
            before = label_for(r.previous_status)
            text += f"\nDelmål {r.previous.label}: {before.glyph} {before.word}"
        if r.recorded is not None:
            text += f"\nRapporten: ”{r.recorded.words}”"
            if r.disagrees:
                computed = label_for(r.computed_status)
                text += f" (regeln ger {computed.glyph} {computed.word})"
        return text

    @property
    def outcome_text(self) -> str:
        if self.result.outcome is None:
            return "–"
        return f"{self.result.fmt(self.result.outcome)} ({period_label(self.result.outcome_period or '')})"


@dataclass(frozen=True)
class PrioritySection:
    number: str
    title: str
    now: RollUp
    before: RollUp
    rows: list[ReportRow]
    tally: Tally


@dataclass(frozen=True)
class Report:
    region_name: str
    goal_set_name: str
    goal_set_source: str
    year: int
    sections: list[PrioritySection]
    total_now: RollUp
    total_before: RollUp
    summary: GoalSetSummary
    per_text: str | None = None
    processed_by: str = PROJECT_NAME

    @property
    def title(self) -> str:
        return f"Måluppfyllelse {self.year} – {self.goal_set_name}"


def _comment(comments, result: fulfilment.TargetResult) -> str:
    """The analysts' comments on the outcome's year, and a note when the outcome is missing or old."""
    return " ".join([*own_comments(comments, result), *([result.note] if result.note else [])])


def _row(goal, result: fulfilment.TargetResult, comments) -> ReportRow:
    who = SEX_LABELS.get(result.sex, "")
    name = result.label + (f", {who}" if who and who not in result.label.lower() else "")
    baseline = "–"
    if result.baseline_value is not None:
        baseline = number(result.baseline_value, result.decimals) + (f" ({result.baseline_year})" if result.baseline_year else "")
    title = f"Mål {goal.goal_id}" + ("" if goal.title_missing else f" {goal.title}")
    return ReportRow(title, f"{name}, {result.area_name}: {result.target_text}", baseline, result, _comment(comments, result))


def build_report(db: Database, view: GoalView) -> Report:
    """The report for the view's region, goal set and year (the view must have a year)."""
    assert view.year is not None
    summary = summarise(db, view.region_code, view.goal_set, view.year, view.per)
    now = [r for rs in summary.results.values() for r in rs]
    indicators, areas = tuple(sorted({r.indicator_id for r in now})), tuple(sorted({r.area_code for r in now}))
    comments = workspace.comments_for(db, indicators, areas, view.per)
    goals = queries.goals(db, view.region_code, view.goal_set)
    sections = []
    for prio in summary.priorities:
        prio_goals = goals[goals["goal_key"].isin(prio.goal_keys)]
        rows = [_row(g, r, comments) for g in prio_goals.itertuples() for r in summary.results.get(g.goal_key, ())]
        sections.append(PrioritySection(prio.priority, prio.title, prio.now.judged, prio.before.judged, rows, prio.now))
    sets = queries.goal_sets(db, view.region_code)
    source = str(sets.loc[sets["goal_set"] == view.goal_set, "source"].iloc[0])
    return Report(
        view.region_name,
        view.goal_set_name,
        source,
        view.year,
        sections,
        summary.now.judged,
        summary.before.judged,
        summary,
        view.per_text,
        str(region["processed_by"]) if (region := queries.region_row(db, view.region_code)) is not None else PROJECT_NAME,
    )


def tally_notes(tally: Tally) -> list[str]:
    """Sentences for what the counts leave out: progress signals, the report's own judgements and counts."""
    notes = []
    if tally.progress.total:
        parts = ", ".join(f"{tally.progress.count(p)} {PROGRESS_LABELS[p].short}" for p in Progress if tally.progress.count(p))
        notes.append(f"Ännu inte förfallna mål (framstegssignaler, inte bedömda): {parts}.")
    if tally.recorded:
        notes.append(f"{tally.recorded} av bedömningarna är rapportens egna.")
    if (p := tally.published) is not None:
        measured = f" av {p.measured} mätta" if p.measured is not None else ""
        text = f"Rapporten redovisar {p.met} uppnådda, {p.partly_met} delvis, {p.not_met} ej uppnådda{measured} ({p.citation})."
        if p.differs_from(tally.judged):
            text += " Verktygets räkning ovan skiljer sig." + (f" {p.note}" if p.note else "")
        notes.append(text)
    return notes


def summary_rows(report: Report) -> list[tuple[str, int, RollUp]]:
    """(priority label, year, roll-up) for each priority and year, then the whole goal set."""
    rows = []
    for s in report.sections:
        rows += [(f"{s.number} {s.title}", report.year, s.now), ("", report.year - 1, s.before)]
    rows += [("Alla prioriteringar", report.year, report.total_now), ("", report.year - 1, report.total_before)]
    return rows


SUMMARY_COLUMNS = [
    "Prioritering",
    "År",
    *[h for s in SUMMARY_STATUSES for h in (f"{STATUS_LABELS[s].glyph} {STATUS_LABELS[s].word}", "Andel")],
    "Mätta",
    f"{STATUS_LABELS[Status.NO_DATA].glyph} {STATUS_LABELS[Status.NO_DATA].word}",
]


def summary_values(rollup: RollUp) -> list[int | None]:
    """Counts and whole-percent shares in SUMMARY_COLUMNS' order (after priority and year); no shares when nothing is measured."""
    values: list[int | None] = []
    for status in SUMMARY_STATUSES:
        values += [rollup.count(status), rollup.share(status) if rollup.measured else None]
    return [*values, rollup.measured, rollup.no_data]


def fill_for(status: Status | None) -> PatternFill:
    return PatternFill("solid", fgColor=label_for(status).colour.lstrip("#"))


def text_colour(status: Status | None) -> str:
    """White on the darker status colours (green, red), dark on orange, grey and blue (contrast)."""
    return "FFFFFF" if status in (Status.MET, Status.NOT_MET) else "1D1D1D"


def font_for(status: Status | None) -> Font:
    return Font(bold=True, color=text_colour(status))


def sheet_name(number: str, title: str, taken: set[str]) -> str:
    """Excel allows 31 characters and no []:*?/\\ in a sheet name."""
    base = re.sub(r"[\[\]:*?/\\]", " ", f"{number} {title}")[:31].strip()
    name, i = base, 2
    while name in taken:
        name = f"{base[:28]} {i}"
        i += 1
    taken.add(name)
    return name


def to_xlsx(report: Report) -> bytes:
    """The workbook: a summary sheet, then one sheet per priority in the regions' table shape."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Sammanfattning"
    info = [
        report.region_name,
        f"Utfall {report.year} jämfört med {report.year - 1}. Andelar av mätta mål (uppnådda + delvis + ej uppnådda).",
        f"Mål: {report.goal_set_source}. Bearbetning: {report.processed_by}.",
        *([report.per_text] if report.per_text else []),
    ]
    first = write_header(ws, report.title, info)
    rows = [[label, year, *summary_values(r)] for label, year, r in summary_rows(report)]
    write_table(ws, first, SUMMARY_COLUMNS, rows, [48, 7, 12, 8, 16, 8, 14, 8, 8, 14])
    for offset, status in enumerate(SUMMARY_STATUSES):
        head = ws.cell(row=first, column=3 + 2 * offset)
        head.fill, head.font = fill_for(status), font_for(status)
        for r in range(first + 1, first + 1 + len(rows)):
            ws.cell(row=r, column=4 + 2 * offset).number_format = '0" %"'
    for r in range(first + 1, first + 1 + len(rows)):
        bold = (
            ws.cell(row=r, column=1).value == "Alla prioriteringar" or ws.cell(row=r - 1, column=1).value == "Alla prioriteringar"
        )
        if ws.cell(row=r, column=1).value or bold:
            for c in range(1, len(SUMMARY_COLUMNS) + 1):
                ws.cell(row=r, column=c).border = Border(top=Side(style="thin", color="999999"))
        if bold:
            for c in range(1, len(SUMMARY_COLUMNS) + 1):
                ws.cell(row=r, column=c).font = Font(bold=True)
    for offset, note in enumerate((report.summary.rule_text, *tally_notes(report.summary.now)), start=2):
        ws.cell(row=first + len(rows) + offset, column=1, value=note).alignment = Alignment(wrap_text=False)
    taken = {ws.title}
    for section in report.sections:
        _priority_sheet(wb.create_sheet(sheet_name(section.number, section.title, taken)), report, section)
    return save(wb)


def _priority_sheet(ws, report: Report, section: PrioritySection) -> None:
    counts = ", ".join(f"{section.now.count(s)} {STATUS_LABELS[s].short}" for s in (*SUMMARY_STATUSES, Status.NO_DATA))
    first = write_header(
        ws,
        f"{section.number} {section.title}",
        [f"{report.region_name} – {report.goal_set_name}", f"Utfall {report.year}: {counts}."],
    )
    rows = [
        [
            f"{row.goal_text}\n{row.target_text}",
            row.baseline,
            row.result.outcome,
            row.status_text,
            row.comment,
        ]
        for row in section.rows
    ]
    write_table(ws, first, TABLE_COLUMNS, rows, [60, 14, 20, 18, 60])
    for offset, note in enumerate(tally_notes(section.tally), start=2):
        ws.cell(row=first + len(rows) + offset, column=1, value=note)
    for i, row in enumerate(section.rows, start=first + 1):
        for c in range(1, len(TABLE_COLUMNS) + 1):
            ws.cell(row=i, column=c).alignment = Alignment(vertical="top", wrap_text=True)
        outcome = ws.cell(row=i, column=3)
        if row.result.outcome is None:
            outcome.value = "–"
        else:
            period = period_label(row.result.outcome_period or "")
            outcome.number_format = number_format(row.result.decimals, row.result.unit).replace(' "%"', "") + (
                f'" % ({period})"' if row.result.unit == "%" else f'" ({period})"'
            )
        status = ws.cell(row=i, column=4)
        if row.result.progress is None:
            status.fill, status.font = fill_for(row.result.status), font_for(row.result.status)
        else:
            status.font = Font(bold=True, color=row.label.colour.lstrip("#"))
