"""The edit forms and the history: judgements, comments (and targets, in target_form) saved as new versions of the workspace's records."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

import flask

from core.enums import TargetKind
from core.judgements import STATUS_LABELS, comment_problems, judgement_problems, year_problem
from dashboard import fulfilment
from dashboard.context import get_db
from dashboard.indicator_view import indicator_exists
from dashboard.workspace import read
from dashboard.workspace.store import Conflict, Version
from dashboard.workspace.web import current_account, require_editor, safe_next, workspace

bp = flask.Blueprint("forms", __name__)
KINDS = {"bedomning": "judgement", "kommentar": "comment", "malvarde": "target"}
SLUGS = {v: k for k, v in KINDS.items()}
FIELDS = {
    "judgement": [("status", "Status"), ("words", "Rapportens ord"), ("reason", "Motivering"), ("source", "Källa")],
    "comment": [("period", "Period"), ("text", "Kommentar"), ("author", "Skribent")],
    "target": [
        ("target_kind", "Måltyp"),
        ("target_value", "Målvärde"),
        ("target_year", "Målår"),
        ("milestones", "Delmål"),
        ("baseline_value", "Utgångsvärde"),
        ("baseline_year", "Utgångsår"),
    ],
}


def number_text(value: float | None) -> str:
    """A stored number as a form shows it: 14,8; 15."""
    if value is None:
        return ""
    text = repr(float(value))
    return (text[:-2] if text.endswith(".0") else text).replace(".", ",")


def shown(field: str, value: Any) -> str:
    """A stored value as the page shows it."""
    if field == "status":
        return STATUS_LABELS.get(value, value or "–")
    if field == "target_kind":
        return TargetKind(value).label if value in TargetKind.values() else str(value or "–")
    if field == "milestones":
        return "; ".join(f"{m['written']}: {shown('value', m['value'])}" for m in value) if value else "–"
    if isinstance(value, float):
        return number_text(value)
    return "–" if value in (None, "") else str(value)


def change_text(kind: str, before: Version | None, after: Version) -> list[tuple[str, str, str]]:
    """(field, before, after) for each field the version changed."""
    old = before.data if before and not before.deleted else {}
    new = {} if after.deleted else after.data
    return [(label, shown(f, old.get(f)), shown(f, new.get(f))) for f, label in FIELDS[kind] if old.get(f) != new.get(f)]


def message(title: str, text: str, status: int) -> flask.Response:
    return flask.make_response(flask.render_template("message.html", title=title, text=text), status)


def _target(goal_key: str, position: str, year: str) -> fulfilment.TargetResult | flask.Response:
    """The target judged, as the goal page shows it; a Swedish 400/404 when the address names none."""
    if year_problem(year) or not position.isdigit() or goal_key.count("/") != 2:
        return message("Adressen är fel", "Parametrarna mal, pos och ar måste ange ett mål, ett mätetal och ett år.", 400)
    region_code, goal_set, _ = goal_key.split("/")
    for result in fulfilment.evaluate(get_db(), region_code, goal_set, int(year)):
        if result.goal_key == goal_key and result.position == int(position):
            return result
    return message("Målet finns inte", f"Det finns inget mätetal {position} i målet {goal_key}.", 404)


@bp.route("/redigera/bedomning", methods=["GET", "POST"])
def judgement() -> flask.Response | str:
    args = flask.request.values
    goal_key, position, year = args.get("mal", ""), args.get("pos", ""), args.get("ar", "")
    target = _target(goal_key, position, year)
    if isinstance(target, flask.Response):
        return target
    region_code = goal_key.split("/")[0]
    account = require_editor(region_code)
    if isinstance(account, flask.Response):
        return account
    ws, record_id = workspace(), read.judgement_id(goal_key, int(position), int(year))
    back = safe_next(args.get("tillbaka"))
    current = ws.latest("judgement", record_id)
    page = {"target": target, "year": year, "record_id": record_id, "back": back, "statuses": STATUS_LABELS}
    if flask.request.method == "GET":
        values = current.data if current and not current.deleted else {}
        return flask.render_template("judgement.html", **page, values=values, base=current.version if current else 0)
    form = flask.request.form
    values = {f: form.get(f, "").strip() for f in ("status", "words", "reason", "source")}
    base = int(form.get("base", "0") or 0)
    deleting = form.get("action") == "delete"
    problems = {} if deleting else judgement_problems(values["status"], values["words"], values["source"], values["reason"])
    if problems:
        return flask.make_response(
            flask.render_template("judgement.html", **page, values=values, base=base, problems=problems), 422
        )
    data = {**(current.data if current else {}), "goal_key": goal_key, "position": int(position), "year": int(year), **values}
    data.setdefault("line", None)
    try:
        ws.save("judgement", record_id, region_code, data, base, account.name, deleted=deleting)
    except Conflict as clash:
        conflict = {"current": clash.current, "changes": change_text("judgement", clash.previous, clash.current)}
        page.update(values=values, base=clash.current.version if clash.current else 0, conflict=conflict)
        return flask.make_response(flask.render_template("judgement.html", **page), 409)
    return flask.redirect(back, 303)


@bp.route("/redigera/kommentar", methods=["GET", "POST"])
def comment() -> flask.Response | str:
    args, ws, db = flask.request.values, workspace(), get_db()
    record_id = args.get("id", "")
    current = ws.latest("comment", record_id) if record_id else None
    if record_id and current is None:
        return message("Kommentaren finns inte", f"Det finns ingen kommentar med id ”{record_id}”.", 404)
    if current is not None:
        indicator_id, area_code, region_code = current.data["indicator_id"], current.data["area_code"], current.region_code
    else:
        indicator_id, area_code = args.get("indikator", ""), args.get("omrade", "")
        if not indicator_exists(db, indicator_id) or not (area_code.isdigit() and len(area_code) in (2, 4)):
            return message("Adressen är fel", "Parametrarna indikator och omrade måste ange en indikator och ett område.", 400)
        region_code = read.comment_region(area_code)
    account = require_editor(region_code)
    if isinstance(account, flask.Response):
        return account
    page = {"indicator_id": indicator_id, "area_code": area_code, "record_id": record_id, "back": safe_next(args.get("tillbaka"))}
    if flask.request.method == "GET":
        values = current.data if current and not current.deleted else {"period": args.get("period", "")}
        return flask.render_template("comment.html", **page, values=values, base=current.version if current else 0)
    form = flask.request.form
    values = {"text": form.get("text", "").strip(), "period": form.get("period", "").strip()}
    base, deleting = int(form.get("base", "0") or 0), form.get("action") == "delete"
    problems = {} if deleting else comment_problems(values["text"], values["period"])
    if problems:
        return flask.make_response(
            flask.render_template("comment.html", **page, values=values, base=base, problems=problems), 422
        )
    record_id = record_id or f"c-{secrets.token_hex(8)}"
    created = current.data["created_at"] if current else dt.date.today().isoformat()
    data = {"indicator_id": indicator_id, "area_code": area_code, **values, "author": account.name, "created_at": created}
    try:
        ws.save("comment", record_id, region_code, data, base, account.name, deleted=deleting)
    except Conflict as clash:
        conflict = {"current": clash.current, "changes": change_text("comment", clash.previous, clash.current)}
        page.update(values=values, base=clash.current.version if clash.current else 0, conflict=conflict, record_id=record_id)
        return flask.make_response(flask.render_template("comment.html", **page), 409)
    return flask.redirect(page["back"], 303)


@bp.route("/historik")
def history() -> flask.Response | str:
    slug, record_id = flask.request.args.get("typ", ""), flask.request.args.get("id", "")
    kind = KINDS.get(slug)
    versions = workspace().history(kind, record_id) if kind else []
    if not versions:
        return message("Historiken finns inte", "Ange typ=bedomning eller typ=kommentar och ett id som finns.", 404)
    rows = [(v, change_text(kind, versions[i - 1] if i else None, v)) for i, v in enumerate(versions)]
    account = current_account()
    may_restore = account is not None and account.may_edit(versions[-1].region_code)
    back = safe_next(flask.request.args.get("tillbaka"))
    return flask.render_template(
        "history.html",
        slug=slug,
        record_id=record_id,
        rows=list(reversed(rows)),
        latest=versions[-1],
        may_restore=may_restore,
        back=back,
    )


@bp.route("/historik/aterstall", methods=["POST"])
def restore() -> flask.Response:
    form = flask.request.form
    kind, record_id = KINDS.get(form.get("typ", "")), form.get("id", "")
    latest = workspace().latest(kind, record_id) if kind else None
    if latest is None:
        return message("Historiken finns inte", "Ange typ=bedomning eller typ=kommentar och ett id som finns.", 404)
    account = require_editor(latest.region_code)
    if isinstance(account, flask.Response):
        return account
    wanted = form.get("version", "")
    chosen = workspace().at(kind, record_id, int(wanted)) if wanted.isdigit() else None
    if chosen is None:
        return message("Versionen finns inte", f"Det finns ingen version ”{wanted}” av posten.", 400)
    base = int(form.get("base", "0") or 0)
    try:
        workspace().save(
            kind,
            record_id,
            latest.region_code,
            chosen.data,
            base,
            account.name,
            f"Återställd till version {chosen.version}",
            chosen.deleted,
        )
    except Conflict as clash:
        text = f"Någon annan ({clash.current.author}) sparade version {clash.current.version} under tiden. Inget återställdes; ladda om historiken."
        return message("Posten har ändrats", text, 409)
    return flask.redirect(flask.url_for("forms.history", typ=form.get("typ"), id=record_id, tillbaka=form.get("tillbaka")), 303)
