"""Login, logout and the edit forms: plain Flask routes with server-rendered forms (no script needed).

    /logga-in, /logga-ut                               log in and out (POST with a CSRF token)
    /redigera/bedomning?mal=<goal_key>&pos=0&ar=2016   record a judgement for a target and year
    /redigera/kommentar?id=… | ?indikator=…&omrade=…&period=…   add or edit a comment
    /redigera/mal?mal=<goal_key>&pos=0                 edit a target's kind, value, years and milestones
    /historik?typ=bedomning|kommentar|malvarde&id=…             every version; POST /historik/aterstall restores one

Sessions live in Flask's signed cookie (HttpOnly, SameSite=Lax, Secure over https), which holds only a
token whose hash the store knows. Every POST carries Flask-WTF's CSRF token. A write by someone without
the right role or region answers 403 with a Swedish sentence.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import flask
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFError, CSRFProtect

from dashboard.urls import href, route_prefix
from dashboard.workspace import accounts
from dashboard.workspace.accounts import Account
from dashboard.workspace.secret import secret_key
from dashboard.workspace.store import STOCKHOLM, Workspace

WORKSPACE_KEY = "LAGET_WORKSPACE"
LOGIN_DELAY_KEY = "LAGET_LOGIN_DELAY"  # seconds of wait per recent failure (tests set 0)
bp = flask.Blueprint("workspace", __name__, template_folder=str(Path(__file__).parent / "templates"))
csrf = CSRFProtect()


class _SessionInterface(SecureCookieSessionInterface):
    """The cookie is Secure whenever the request came over https."""

    def get_cookie_secure(self, app: flask.Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or (flask.has_request_context() and flask.request.is_secure))


def register_workspace(server: flask.Flask, ws: Workspace) -> None:
    server.config[WORKSPACE_KEY] = ws
    server.config.setdefault(LOGIN_DELAY_KEY, 0.5)
    server.secret_key = secret_key()
    server.config.update(
        SESSION_COOKIE_NAME="laget_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=accounts.SESSION_HOURS),
        WTF_CSRF_CHECK_DEFAULT=False,  # checked in each write route (Dash's own callbacks write nothing)
        WTF_CSRF_TIME_LIMIT=accounts.SESSION_HOURS * 3600,
    )
    server.session_interface = _SessionInterface()
    csrf.init_app(server)
    server.register_blueprint(bp, url_prefix=route_prefix() or None)
    from dashboard.workspace import forms, target_form  # noqa: F401  (their routes use this module's helpers)

    server.register_blueprint(forms.bp, url_prefix=route_prefix() or None)
    server.jinja_env.filters["local_time"] = local_time


def workspace() -> Workspace:
    return flask.current_app.config[WORKSPACE_KEY]


def current_account() -> Account | None:
    """The logged-in user of this request, or None (also outside a request or without a workspace)."""
    if not flask.has_request_context() or WORKSPACE_KEY not in flask.current_app.config:
        return None
    if "laget_account" not in flask.g:
        token = flask.session.get("sid")
        flask.g.laget_account = accounts.session_account(workspace(), token) if token else None
    return flask.g.laget_account


def refuse(text: str, status: int = 403) -> flask.Response:
    return flask.make_response(flask.render_template("message.html", title="Ändringen är inte tillåten", text=text), status)


def require_editor(region_code: str) -> Account | flask.Response:
    """The logged-in user when they may edit this region; else a 403 (a POST) or the way to log in (a GET)."""
    account = current_account()
    if account is None:
        if flask.request.method == "GET":
            return flask.redirect(flask.url_for("workspace.login", next=flask.request.full_path))
        return refuse("Du måste vara inloggad som analytiker för regionen för att ändra. Inget sparades.")
    if not account.may_edit(region_code):
        return refuse(
            f"Ditt konto ({account.name}, {account.role}) får inte ändra uppgifter för region {region_code}. Inget sparades."
        )
    if flask.request.method == "POST":
        csrf.protect()
    return account


def safe_next(target: str | None) -> str:
    """Only an address on this site: a path, never another host."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return href("/")


def local_time(moment: dt.datetime) -> str:
    return moment.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M:%S")


@bp.app_errorhandler(CSRFError)
def _csrf_error(error: CSRFError) -> flask.Response:
    text = "Formuläret saknar en giltig säkerhetskod (CSRF). Ladda om sidan och försök igen. Inget sparades."
    return flask.make_response(flask.render_template("message.html", title="Formuläret kunde inte tas emot", text=text), 400)


@bp.route("/logga-in", methods=["GET", "POST"])
def login() -> flask.Response | str:
    target = safe_next(flask.request.values.get("next"))
    if flask.request.method == "GET":
        return flask.render_template("login.html", next=target, error=None, name="")
    csrf.protect()
    ws, address = workspace(), flask.request.remote_addr or "okänd"
    name, password = flask.request.form.get("name", "").strip(), flask.request.form.get("password", "")
    stop = accounts.throttled(ws, name, address)
    if stop:
        return flask.make_response(flask.render_template("login.html", next=target, error=stop, name=name), 429)
    account = accounts.authenticate(ws, name, password, address)
    if account is None:
        failures = max(accounts.recent_failures(ws, name, address))
        time.sleep(min(flask.current_app.config[LOGIN_DELAY_KEY] * failures, 5.0))  # each failure answers later
        error = "Fel användarnamn eller lösenord, eller så är kontot avstängt."
        return flask.make_response(flask.render_template("login.html", next=target, error=error, name=name), 401)
    flask.session.clear()  # a new session id and CSRF secret after login
    flask.session["sid"] = accounts.start_session(ws, account.name)
    flask.session.permanent = True
    return flask.redirect(target)


@bp.route("/logga-ut", methods=["GET", "POST"])
def logout() -> flask.Response | str:
    if flask.request.method == "GET":
        return flask.render_template("logout.html", account=current_account())
    csrf.protect()
    token = flask.session.get("sid")
    if token:
        accounts.end_session(workspace(), token)
    flask.session.clear()
    return flask.redirect(href("/"))
