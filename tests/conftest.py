"""Shared fixtures. Every database test runs on SQLite and, when DONDOC_TEST_POSTGRES_URL is
set, on PostgreSQL too (`db` is parametrised by backend).

The schema is built once per run by the real Alembic migrations: SQLite tests copy a
migrated template file; PostgreSQL tests share one schema of their own, emptied before each
test.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text

from core.models import Base
from core.services.workspace import Workspace
from db.engine import Database, make_engine, sqlite_url
from db.migrate import upgrade

PG_URL = os.environ.get("DONDOC_TEST_POSTGRES_URL", "").strip()
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


def pg_url_with_schema(schema: str) -> str:
    url = PG_URL
    if url.startswith(("postgresql://", "postgres://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options={quote(f'-csearch_path={schema}')}"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = make_engine(sqlite_url(path))
    upgrade(engine)
    engine.dispose()
    return str(path)


@pytest.fixture(scope="session")
def pg_schema_url():
    if not PG_URL:
        yield None
        return
    schema = f"dondoc_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(pg_url_with_schema("public"))
    with admin.begin() as conn:
        conn.execute(text(f'create schema "{schema}"'))
    url = pg_url_with_schema(schema)
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    yield url
    with admin.begin() as conn:
        conn.execute(text(f'drop schema "{schema}" cascade'))
    admin.dispose()


@contextmanager
def fresh_pg_schema(prefix: str) -> Iterator[str]:
    """The URL of a new, empty PostgreSQL schema (no tables), dropped afterwards."""
    schema = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(pg_url_with_schema("public"))
    with admin.begin() as conn:
        conn.execute(text(f'create schema "{schema}"'))
    try:
        yield pg_url_with_schema(schema)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'drop schema "{schema}" cascade'))
        admin.dispose()


def _empty_pg(url: str) -> None:
    engine = make_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"truncate {tables} restart identity cascade"))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path, sqlite_template, pg_schema_url) -> str:
    """The URL of an empty, migrated workspace database on each backend."""
    if request.param == "sqlite":
        path = tmp_path / "workspace.sqlite3"
        shutil.copy(sqlite_template, path)
        return sqlite_url(path)
    _empty_pg(pg_schema_url)
    return pg_schema_url


@pytest.fixture
def db(db_url):
    database = Database(db_url)
    yield database
    database.dispose()


@pytest.fixture
def demo_db(db):
    """The demo workspace (units, seed 002, clerks, generated history) on each backend."""
    from core.demo import build_demo

    build_demo(db, os_user="tester")
    return db


def open_assignments(db: Database, day: dt.date, count: int, *, skip_recurring: bool = False) -> list[int]:
    """The first `count` assignments (by id) given by `day` and not done on it: where check-ins
    can still be recorded."""
    from sqlalchemy import select

    from core.models import Assignment
    from core.services.checkins import standing_of
    from core.status import Category

    picked: list[int] = []
    with db.session() as s:
        for a in s.scalars(select(Assignment).order_by(Assignment.id)):
            if a.assigned_on > day or (skip_recurring and a.deadline.kind == "recurring"):
                continue
            if standing_of(s, a, day).category in (Category.DONE_ON_TIME, Category.DONE_LATE):
                continue
            picked.append(a.id)
            if len(picked) == count:
                break
    assert len(picked) == count
    return picked


def workspace(db: Database, today: dt.date | str, user: str = "tester") -> Workspace:
    if isinstance(today, str):
        today = dt.date.fromisoformat(today)
    return Workspace(db=db, today=today, os_user=user)


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path, monkeypatch):
    """No test reads or writes the clerk's real data directory or inherits their settings."""
    monkeypatch.setenv("DONDOC_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DONDOC_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("DONDOC_DATABASE_URL", raising=False)
    monkeypatch.delenv("DONDOC_TODAY", raising=False)


# --- the TUI ---------------------------------------------------------------------------------

DEMO_DAY = dt.date(2021, 9, 1)


@pytest.fixture(scope="session")
def sqlite_demo_template(tmp_path_factory, sqlite_template) -> str:
    """The demo built once per run (it is deterministic); tests get a copy."""
    from core.demo import build_demo

    path = tmp_path_factory.mktemp("demo-template") / "demo.sqlite3"
    shutil.copy(sqlite_template, path)
    database = Database(sqlite_url(path))
    build_demo(database, os_user="tester")
    with database.engine.connect() as conn:
        conn.exec_driver_sql("pragma wal_checkpoint(truncate)")
    database.dispose()
    return str(path)


@pytest.fixture
def sqlite_demo(tmp_path, sqlite_demo_template):
    """The demo workspace on SQLite only (for TUI tests and snapshots)."""
    path = tmp_path / "demo.sqlite3"
    shutil.copy(sqlite_demo_template, path)
    database = Database(sqlite_url(path))
    yield database
    database.dispose()


def make_app(db: Database, user: str = "tester", today: dt.date = DEMO_DAY,
             prewarm: tuple[str, ...] | None = None):
    """The TUI on a workspace as of `today`, without the refresh timer (tests drive it); the
    sections are built in the background as in `dondoc`, unless `prewarm` says which (`()`:
    none, the first switch to a section builds it)."""
    from tui.app import PREWARM, DondocApp

    ws = Workspace(db=db, today=today, os_user=user, today_source="option")
    return DondocApp(ws, refresh_seconds=None, prewarm=PREWARM if prewarm is None else prewarm)


async def settle(pilot, times: int = 3) -> None:
    """Let workers finish and the screen update."""
    from textual.worker import WorkerCancelled, WorkerFailed

    for _ in range(times):
        try:
            await pilot.app.workers.wait_for_complete()
        except (WorkerFailed, WorkerCancelled):  # failures become the error dialog; tests look at that
            pass
        await pilot.pause()


def plain(widget) -> str:
    """What a Static shows, as plain text (rich renderables rendered at the widget's width)."""
    from rich.console import Console

    content = widget.content
    if isinstance(content, str):
        return content
    console = Console(width=max(widget.size.width, 40), record=True, file=open("/dev/null", "w"))
    console.print(content)
    return console.export_text()
