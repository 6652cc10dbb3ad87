"""The target form: an analyst edits a target's kind, value, year, milestones and baseline as a new workspace version.

The values are checked with the goal files' rules (`core.targets`); a wrong value is named at its field
and nothing is saved. A deleted version returns the target to the goal file's values.
"""

from __future__ import annotations

import math

import flask
import pandas as pd

from core.enums import TargetKind
from core.targets import as_year, due_year, milestone_breaks, needs_value, years_break
from dashboard import fulfilment
from dashboard.context import get_db
from dashboard.workspace import read
from dashboard.workspace.forms import bp, change_text, message, number_text
from dashboard.workspace.store import Conflict
from dashboard.workspace.web import require_editor, safe_next, workspace

SPARE_ROWS = 2  # empty milestone rows offered for new milestones
KIND_LABELS = {k.value: k.label for k in TargetKind}
FIELDS = ("target_kind", "target_value", "target_year", "baseline_value", "baseline_year")


def _number(text: str) -> float | None:
    """A number written as 14,8 or 14.8 (spaces allowed), else None."""
    try:
        value = float(text.replace("\u00a0", "").replace(" ", "").replace(",", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _year(text: str) -> int | None:
    return as_year(int(text)) if text.isdigit() else None


def check(values: dict[str, str], rows: list[dict[str, str]]) -> tuple[dict, dict[str, str]]:
    """The target's data to store, and the problems as {field: Swedish sentence} (empty when valid)."""
    problems: dict[str, str] = {}
    kind = values["target_kind"]
    if kind not in KIND_LABELS:
        problems["target_kind"] = "Välj en måltyp: " + ", ".join(KIND_LABELS.values()) + "."
    numbers = {}
    for field, what in (("target_value", "målvärdet"), ("baseline_value", "utgångsvärdet")):
        text = values[field]
        numbers[field] = _number(text) if text else None
        if text and numbers[field] is None:
            problems[field] = f"Ange {what} som ett tal (till exempel 14,8), inte ”{text}”."
    if needs_value(kind) and not values["target_value"]:
        problems["target_value"] = "Måltypen Målvärde behöver ett målvärde."
    if kind == "baseline" and not values["baseline_value"]:
        problems["baseline_value"] = "Måltypen Bättre än utgångsvärdet behöver ett utgångsvärde."
    years = {}
    for field in ("target_year", "baseline_year"):
        text = values[field]
        years[field] = _year(text) if text else None
        if text and years[field] is None:
            problems[field] = f"Ange ett år mellan 1900 och 2100, inte ”{text}”."
    if values["baseline_year"] and not values["baseline_value"]:
        problems.setdefault("baseline_value", "Ange utgångsvärdet för utgångsåret.")
    target_year = years["target_year"]
    if years_break(target_year, years["baseline_year"]):
        problems["target_year"] = f"Målåret {target_year} ligger före utgångsåret {years['baseline_year']}."
    milestones, previous = [], None
    for i, row in enumerate(rows):
        if not any(row.values()):
            continue
        year, written = due_year(int(row["year"]) if row["year"].isdigit() else row["year"])
        value = _number(row["value"]) if row["value"] else None
        if year is None:
            problems[f"ms-{i}-year"] = f"Ange ett år eller ett intervall som 2015/2016, inte ”{row['year']}”."
        if row["value"] and value is None:
            problems[f"ms-{i}-value"] = f"Ange värdet som ett tal (till exempel 14,8), inte ”{row['value']}”."
        elif needs_value(kind) and value is None:
            problems[f"ms-{i}-value"] = "Ett delmål för måltypen Målvärde behöver ett värde."
        if year is None:
            continue
        broken = milestone_breaks(year, previous, target_year)
        if "order" in broken:
            problems[f"ms-{i}-year"] = f"Delmålen ska stå i årsordning: {year} kommer efter {previous}."
        if "target_year" in broken:
            problems[f"ms-{i}-year"] = f"Ett delmål ska infalla före målåret {target_year}, inte {year}."
        milestones.append({"year": year, "written": written, "value": value, "label": row["label"] or written})
        previous = year
    if milestones and target_year is None:
        problems.setdefault("target_year", "Delmål behöver ett målår.")
    keep_value = numbers["target_value"] if needs_value(kind) else None
    data = {"target_kind": kind, "target_value": keep_value, "target_year": target_year, **{"milestones": milestones}}
    data.update(baseline_value=numbers["baseline_value"], baseline_year=years["baseline_year"])
    return data, problems


def _given(value: object) -> float | None:
    """A value read from the goal files or the workspace: None when missing (None or NaN)."""
    return None if value is None or pd.isna(value) else float(value)


def _shown_values(t, due: tuple) -> tuple[dict[str, str], list[dict[str, str]]]:
    """The target as it is now (the workspace's newest version or the goal file's), as form text."""
    values = {
        "target_kind": t.target_kind,
        "target_value": number_text(_given(t.target_value)),
        "target_year": "" if _given(t.target_year) is None else str(int(t.target_year)),
        "baseline_value": number_text(_given(t.baseline_value)),
        "baseline_year": "" if _given(t.baseline_year) is None else str(int(t.baseline_year)),
    }
    rows = []
    for d in due:
        if d.final:
            continue
        written = d.label if due_year(d.label)[0] == d.year else str(d.year)
        rows.append({"year": written, "value": number_text(d.value), "label": "" if d.label == written else d.label})
    return values, rows


@bp.route("/redigera/mal", methods=["GET", "POST"])
def target() -> flask.Response | str:
    args = flask.request.values
    goal_key, position = args.get("mal", ""), args.get("pos", "")
    if not position.isdigit() or goal_key.count("/") != 2:
        return message("Adressen är fel", "Parametrarna mal och pos måste ange ett mål och ett mätetal.", 400)
    region_code, goal_set, _ = goal_key.split("/")
    db = get_db()
    found = [
        t for t in fulfilment.target_rows(db, region_code, goal_set) if t.goal_key == goal_key and t.position == int(position)
    ]
    if not found:
        return message("Målet finns inte", f"Det finns inget mätetal {position} i målet {goal_key}.", 404)
    account = require_editor(region_code)
    if isinstance(account, flask.Response):
        return account
    ws, record_id, back = workspace(), read.target_id(goal_key, int(position)), safe_next(args.get("tillbaka"))
    current = ws.latest("target", record_id)
    page = {"target": found[0], "record_id": record_id, "back": back, "kinds": KIND_LABELS}
    if flask.request.method == "GET":
        values, rows = _shown_values(
            found[0], fulfilment.due_by_target(db, region_code, goal_set).get((goal_key, int(position)), ())
        )
        rows += [{"year": "", "value": "", "label": ""}] * SPARE_ROWS
        return flask.render_template("target.html", **page, values=values, rows=rows, base=current.version if current else 0)
    form = flask.request.form
    values = {f: form.get(f, "").strip() for f in FIELDS}
    count = min(int(form.get("rows", "0") or 0) if form.get("rows", "").isdigit() else 0, 50)
    rows = [{p: form.get(f"ms-{i}-{p}", "").strip() for p in ("year", "value", "label")} for i in range(count)]
    base = int(form.get("base", "0")) if form.get("base", "0").isdigit() else 0
    deleting = form.get("action") == "delete"
    data, problems = check(values, rows)
    if problems and not deleting:
        page.update(values=values, rows=rows, base=base, problems=problems)
        return flask.make_response(flask.render_template("target.html", **page), 422)
    data = {"goal_key": goal_key, "position": int(position), **data}
    try:
        ws.save("target", record_id, region_code, data, base, account.name, deleted=deleting)
    except Conflict as clash:
        conflict = {"current": clash.current, "changes": change_text("target", clash.previous, clash.current)}
        page.update(values=values, rows=rows, base=clash.current.version if clash.current else 0, conflict=conflict)
        return flask.make_response(flask.render_template("target.html", **page), 409)
    return flask.redirect(back, 303)
