"""The workspace's tables. Changes to them go through a migration in migrations/versions/."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class User(Base):
    """An analyst or administrator; there is no default account."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))  # analytiker | administratör
    regions: Mapped[str] = mapped_column(String(200), default="")  # region codes, comma-separated
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class LoginSession(Base):
    """A logged-in browser: the cookie carries the token, the store only its hash."""

    __tablename__ = "login_sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    ended: Mapped[bool] = mapped_column(Boolean, default=False)


class LoginFailure(Base):
    """One failed login, counted per user name and per address to slow and stop guessing."""

    __tablename__ = "login_failures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)


class RecordVersion(Base):
    """One version of a judgement, comment or target; append-only, the newest is the current one.

    `data` is the record after the change (the version before holds what it was); `deleted` marks a version
    that removes the record. Two saves naming the same base version collide on the unique key.
    """

    __tablename__ = "record_versions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(20))  # judgement | comment | target
    record_id: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer)
    region_code: Mapped[str] = mapped_column(String(10))
    data: Mapped[dict] = mapped_column(JSON)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    author: Mapped[str] = mapped_column(String(80))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    __table_args__ = (
        UniqueConstraint("kind", "record_id", "version", name="uq_record_version"),
        Index("ix_record_versions_kind_region", "kind", "region_code"),
    )


class Meta(Base):
    """Facts about the workspace itself, e.g. when it was seeded from the goal files."""

    __tablename__ = "workspace_meta"
    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
