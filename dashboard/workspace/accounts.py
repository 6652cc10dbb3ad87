"""Users, their roles and regions, logins and sessions, all in the workspace store.

Passwords are hashed with argon2id (argon2-cffi). Failed logins are counted per user name and per
address in the store, so every worker agrees: each failure answers more slowly, and past a limit the
login is refused for a while.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select, update

from dashboard.workspace.models import LoginFailure, LoginSession, User
from dashboard.workspace.store import Workspace, now

ROLES = ("analytiker", "administratör")
MIN_PASSWORD = 10
SESSION_HOURS = 12
FAILURE_WINDOW = dt.timedelta(minutes=15)
MAX_FAILURES_USER = 5  # within the window, per user name
MAX_FAILURES_ADDRESS = 20  # within the window, per address
HASHER = PasswordHasher()  # argon2id with the library's recommended cost


class AccountError(ValueError):
    """A command on users that cannot be done; the message is Swedish and says why."""


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    regions: tuple[str, ...]
    active: bool

    def may_edit(self, region_code: str | None) -> bool:
        """Administrators edit every region, analysts their own."""
        if not self.active:
            return False
        return self.role == "administratör" or (self.role == "analytiker" and region_code in self.regions)

    @classmethod
    def of(cls, user: User) -> Account:
        return cls(user.name, user.role, tuple(r for r in user.regions.split(",") if r), user.active)


def password_problem(password: str) -> str | None:
    if len(password) < MIN_PASSWORD:
        return f"Lösenordet måste ha minst {MIN_PASSWORD} tecken."
    return None


def add_user(ws: Workspace, name: str, password: str, role: str, regions: list[str]) -> Account:
    if role not in ROLES:
        raise AccountError(f"Okänd roll ”{role}”: välj {' eller '.join(ROLES)}.")
    if role == "analytiker" and not regions:
        raise AccountError("En analytiker behöver minst en region (--region 23).")
    if not name.strip() or len(name) > 80:
        raise AccountError("Ange ett användarnamn (högst 80 tecken).")
    if problem := password_problem(password):
        raise AccountError(problem)
    with ws.session() as s, s.begin():
        if s.scalar(select(User).where(User.name == name)) is not None:
            raise AccountError(f"Användaren ”{name}” finns redan.")
        user = User(
            name=name, password_hash=HASHER.hash(password), role=role, regions=",".join(regions), active=True, created_at=now()
        )
        s.add(user)
    return Account.of(user)


def list_users(ws: Workspace) -> list[Account]:
    with ws.session() as s:
        return [Account.of(u) for u in s.scalars(select(User).order_by(User.name))]


def disable_user(ws: Workspace, name: str) -> None:
    """Disable the account and end its sessions."""
    with ws.session() as s, s.begin():
        user = _user(s, name)
        user.active = False
        s.execute(update(LoginSession).where(LoginSession.user_id == user.id).values(ended=True))


def set_password(ws: Workspace, name: str, password: str) -> None:
    if problem := password_problem(password):
        raise AccountError(problem)
    with ws.session() as s, s.begin():
        user = _user(s, name)
        user.password_hash = HASHER.hash(password)
        s.execute(update(LoginSession).where(LoginSession.user_id == user.id).values(ended=True))


def _user(s, name: str) -> User:
    user = s.scalar(select(User).where(User.name == name))
    if user is None:
        raise AccountError(f"Det finns ingen användare ”{name}”.")
    return user


def recent_failures(ws: Workspace, name: str, address: str) -> tuple[int, int]:
    """Failed logins within the window for this user name and for this address."""
    since = now() - FAILURE_WINDOW
    with ws.session() as s:
        by_user = s.scalar(select(func.count()).where(LoginFailure.username == name, LoginFailure.at >= since))
        by_address = s.scalar(select(func.count()).where(LoginFailure.address == address, LoginFailure.at >= since))
    return int(by_user or 0), int(by_address or 0)


def throttled(ws: Workspace, name: str, address: str) -> str | None:
    """A Swedish sentence when logins for this user or from this address are stopped for now, else None."""
    by_user, by_address = recent_failures(ws, name, address)
    minutes = int(FAILURE_WINDOW.total_seconds() // 60)
    if by_user >= MAX_FAILURES_USER:
        return f"För många misslyckade inloggningar för användaren. Försök igen om {minutes} minuter."
    if by_address >= MAX_FAILURES_ADDRESS:
        return f"För många misslyckade inloggningar från din adress. Försök igen om {minutes} minuter."
    return None


def authenticate(ws: Workspace, name: str, password: str, address: str) -> Account | None:
    """The account when name and password match an active user; a failure is recorded."""
    with ws.session() as s, s.begin():
        user = s.scalar(select(User).where(User.name == name))
        ok = False
        if user is not None and user.active:
            try:
                ok = HASHER.verify(user.password_hash, password)
            except (VerificationError, InvalidHashError):
                ok = False
        else:
            HASHER.hash(password)  # as slow as a real check, so a missing name is not told apart by time
        if ok:
            s.execute(delete(LoginFailure).where(LoginFailure.username == name, LoginFailure.address == address))
            if HASHER.check_needs_rehash(user.password_hash):
                user.password_hash = HASHER.hash(password)
            return Account.of(user)
        s.add(LoginFailure(username=name[:80], address=address[:64], at=now()))
        return None


def start_session(ws: Workspace, name: str) -> str:
    """A new session for the user; returns the token for the cookie (the store keeps only its hash)."""
    token = secrets.token_urlsafe(32)
    with ws.session() as s, s.begin():
        user = _user(s, name)
        start = now()
        s.add(
            LoginSession(
                token_hash=_digest(token),
                user_id=user.id,
                created_at=start,
                expires_at=start + dt.timedelta(hours=SESSION_HOURS),
                ended=False,
            )
        )
    return token


def session_account(ws: Workspace, token: str) -> Account | None:
    """The active user of a live session, or None."""
    with ws.session() as s:
        row = s.get(LoginSession, _digest(token))
        if row is None or row.ended:
            return None
        expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=dt.UTC)
        if expires < now():
            return None
        user = s.get(User, row.user_id)
        return Account.of(user) if user is not None and user.active else None


def end_session(ws: Workspace, token: str) -> None:
    with ws.session() as s, s.begin():
        s.execute(update(LoginSession).where(LoginSession.token_hash == _digest(token)).values(ended=True))


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
