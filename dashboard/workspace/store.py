"""The workspace store: the one home of its SQL. Versioned records, saved with optimistic versioning.

A save names the version it edits; if another save got there first, it is refused with that change
(`Conflict`) and nothing is written. Each save is one transaction, so a crash leaves the old version or
the new one. The store's version (the newest change's id) keys the app's caches.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, create_engine, event, exc, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dashboard.workspace.models import Meta, RecordVersion

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
KINDS = ("judgement", "comment", "target")
SEED_AUTHOR = "målfilerna"  # the author of the versions loaded from the goal files
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def workspace_url(db_path: Path) -> str:
    """`LAGET_WORKSPACE_URL`, or a SQLite file beside the DuckDB file (laget.duckdb → laget.workspace.sqlite)."""
    url = os.environ.get("LAGET_WORKSPACE_URL")
    if url:
        return url.replace("postgresql://", "postgresql+psycopg://", 1) if url.startswith("postgresql://") else url
    return f"sqlite:///{db_path.with_suffix('.workspace.sqlite')}"


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def end_of_day(day: dt.date) -> dt.datetime:
    """The first moment after `day` in Sweden, in UTC (the store's times are UTC)."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), STOCKHOLM).astimezone(dt.UTC)


@dataclass(frozen=True)
class Version:
    """One stored version of a record."""

    id: int
    kind: str
    record_id: str
    version: int
    region_code: str
    data: dict[str, Any]
    deleted: bool
    author: str
    note: str
    created_at: dt.datetime

    @classmethod
    def of(cls, row: RecordVersion) -> Version:
        created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=dt.UTC)
        return cls(
            row.id,
            row.kind,
            row.record_id,
            row.version,
            row.region_code,
            dict(row.data),
            row.deleted,
            row.author,
            row.note,
            created,
        )


class Conflict(Exception):
    """Another save changed the record after the version this save started from."""

    def __init__(self, current: Version | None, previous: Version | None):
        super().__init__(f"record changed: now version {current.version if current else 0}")
        self.current = current  # the other save, the record as it is now
        self.previous = previous  # what it was before that change


class Workspace:
    """The store behind one URL (SQLite or PostgreSQL)."""

    def __init__(self, url: str):
        self.url = url
        self.engine: Engine = _engine(url)
        self._seeded = False

    def is_seeded(self) -> bool:
        """Whether the goal files were loaded once (remembered in-process once true)."""
        if not self._seeded:
            with self.session() as s:
                self._seeded = s.get(Meta, "seeded_at") is not None
        return self._seeded

    def migrate(self) -> None:
        """Bring the schema to the newest migration (idempotent)."""
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    def version(self) -> int:
        """The newest change's id (0 for an empty store): changes whenever any record does."""
        with self.engine.connect() as con:
            return int(con.execute(select(func.coalesce(func.max(RecordVersion.id), 0))).scalar_one())

    def current(self, kind: str, region_code: str | None = None, per: dt.date | None = None) -> list[Version]:
        """The newest version of every record of `kind` (in a region), deleted ones left out.

        With `per`, each record as it was at the end of that day (Swedish time): the newest version created by
        then. The goal files' versions count as in force from the start, as the files were before the workspace.
        """
        newest = select(func.max(RecordVersion.id)).where(RecordVersion.kind == kind).group_by(RecordVersion.record_id)
        if region_code is not None:
            newest = newest.where(RecordVersion.region_code == region_code)
        if per is not None:
            newest = newest.where(or_(RecordVersion.created_at < end_of_day(per), RecordVersion.author == SEED_AUTHOR))
        with self.session() as s:
            rows = s.scalars(select(RecordVersion).where(RecordVersion.id.in_(newest)).order_by(RecordVersion.id))
            return [Version.of(r) for r in rows if not r.deleted]

    def history(self, kind: str, record_id: str) -> list[Version]:
        """Every version of one record, oldest first."""
        with self.session() as s:
            rows = s.scalars(
                select(RecordVersion)
                .where(RecordVersion.kind == kind, RecordVersion.record_id == record_id)
                .order_by(RecordVersion.version)
            )
            return [Version.of(r) for r in rows]

    def latest(self, kind: str, record_id: str) -> Version | None:
        with self.session() as s:
            return _latest(s, kind, record_id)

    def save(
        self,
        kind: str,
        record_id: str,
        region_code: str,
        data: dict[str, Any],
        base_version: int,
        author: str,
        note: str = "",
        deleted: bool = False,
    ) -> Version:
        """Store `data` as the version after `base_version` (0 for a new record); `Conflict` if that is not the newest."""
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}")
        try:
            with self.session() as s, s.begin():
                current = _latest(s, kind, record_id)
                if (current.version if current else 0) != base_version:
                    raise Conflict(current, _at(s, kind, record_id, current.version - 1) if current else None)
                row = RecordVersion(
                    kind=kind,
                    record_id=record_id,
                    version=base_version + 1,
                    region_code=region_code,
                    data=data,
                    deleted=deleted,
                    author=author,
                    note=note,
                    created_at=now(),
                )
                s.add(row)
                s.flush()
                saved = Version.of(row)
        except IntegrityError:  # a concurrent save inserted the same version between our read and write
            current = self.latest(kind, record_id)
            raise Conflict(current, self.at(kind, record_id, current.version - 1) if current else None) from None
        return saved

    def at(self, kind: str, record_id: str, version: int) -> Version | None:
        with self.session() as s:
            return _at(s, kind, record_id, version)

    def seed(self, judgements: list[tuple[str, str, dict]], comments: list[tuple[str, str, dict]]) -> bool:
        """Load (record_id, region_code, data) as version 1 of each record, once: False when already seeded."""
        try:
            return self._seed(judgements, comments)
        except IntegrityError:  # another process or thread seeded it at the same moment; its transaction won whole
            self._seeded = True
            return False

    def _seed(self, judgements: list[tuple[str, str, dict]], comments: list[tuple[str, str, dict]]) -> bool:
        with self.session() as s, s.begin():
            if s.get(Meta, "seeded_at") is not None:
                self._seeded = True
                return False
            s.add(Meta(key="seeded_at", value=now().isoformat()))
            s.flush()  # claims the seed first: a second seeder waits here, then fails on the key
            for kind, rows in (("judgement", judgements), ("comment", comments)):
                for record_id, region_code, data in rows:
                    s.add(
                        RecordVersion(
                            kind=kind,
                            record_id=record_id,
                            version=1,
                            region_code=region_code,
                            data=data,
                            author=SEED_AUTHOR,
                            note="Inläst från målfilerna",
                            created_at=now(),
                        )
                    )
        self._seeded = True
        return True


def _latest(s: Session, kind: str, record_id: str) -> Version | None:
    row = s.scalars(
        select(RecordVersion)
        .where(RecordVersion.kind == kind, RecordVersion.record_id == record_id)
        .order_by(RecordVersion.version.desc())
        .limit(1)
    ).first()
    return Version.of(row) if row else None


def _per_process(engine: Engine) -> Engine:
    """Never use a connection made by another process: gunicorn's preload opens one in the master before it forks
    the workers, and two processes on one socket corrupt each other's transactions (SQLAlchemy's pooling recipe)."""

    @event.listens_for(engine, "connect")
    def _owner(_dbapi_connection: Any, record: Any) -> None:
        record.info["pid"] = os.getpid()

    @event.listens_for(engine, "checkout")
    def _check(_dbapi_connection: Any, record: Any, proxy: Any) -> None:
        if record.info.get("pid") != os.getpid():
            record.dbapi_connection = proxy.dbapi_connection = None  # left to its own process, not closed from here
            raise exc.DisconnectionError(f"connection made by process {record.info.get('pid')}, not {os.getpid()}")

    return engine


def _at(s: Session, kind: str, record_id: str, version: int) -> Version | None:
    row = s.scalars(
        select(RecordVersion).where(
            RecordVersion.kind == kind, RecordVersion.record_id == record_id, RecordVersion.version == version
        )
    ).first()
    return Version.of(row) if row else None


def _engine(url: str) -> Engine:
    if not url.startswith("sqlite"):
        return _per_process(create_engine(url, pool_pre_ping=True))
    engine = _per_process(create_engine(url, connect_args={"timeout": 30}))

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        """WAL lets readers go on during a save; synchronous FULL makes a committed save survive a crash."""
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return engine
