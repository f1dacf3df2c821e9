"""Engines and short-lived sessions. Nothing here is module-level state: callers make a
Database for a URL and open one session per user action.

SQLite is the embedded default (WAL, foreign keys, busy timeout); PostgreSQL is the shared
server. Both go through the same code.
"""
from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Hashable, Iterator
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from core.errors import ConflictError, DatabaseError

T = TypeVar("T")
ENV_URL = "DONDOC_DATABASE_URL"
BUSY_TIMEOUT_MS = 30_000


def data_dir() -> Path:
    """The user data directory (platformdirs), e.g. ~/.local/share/dondoc."""
    from platformdirs import user_data_dir

    return Path(os.environ.get("DONDOC_DATA_DIR") or user_data_dir("dondoc", appauthor=False))


def cache_dir() -> Path:
    """The user cache directory (platformdirs), e.g. ~/.cache/dondoc: what can be rebuilt."""
    from platformdirs import user_cache_dir

    return Path(os.environ.get("DONDOC_CACHE_DIR") or user_cache_dir("dondoc", appauthor=False))


def default_database_path() -> Path:
    return data_dir() / "dondoc.sqlite3"


def demo_database_path() -> Path:
    return data_dir() / "demo.sqlite3"


def sqlite_url(path: Path | str) -> str:
    return f"sqlite:///{Path(path).expanduser().resolve()}"


def resolve_url(url: str | None = None) -> str:
    """`--db URL` first, then DONDOC_DATABASE_URL, then the default SQLite file.

    A bare file path is taken as a SQLite file; "postgresql://" uses psycopg 3."""
    raw = (url or os.environ.get(ENV_URL) or "").strip()
    if not raw:
        return sqlite_url(default_database_path())
    if "://" not in raw:
        return sqlite_url(raw)
    if raw.startswith(("postgresql://", "postgres://")):
        raw = "postgresql+psycopg://" + raw.split("://", 1)[1]
    try:
        make_url(raw)
    except ArgumentError as exc:
        raise DatabaseError(f"Địa chỉ cơ sở dữ liệu không hợp lệ: «{raw}» ({exc}).") from exc
    return raw


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # Take transaction control from the driver so BEGIN is emitted by us (below).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


# Set while a write service runs (core.services.write_service): its SQLite transactions begin
# IMMEDIATE — they take the write lock at the start, waiting up to the busy timeout. A deferred
# transaction that reads and then writes is refused at once ("database is locked") if another
# clerk committed in between; reads stay deferred so they never wait for writers.
WRITE_INTENT: ContextVar[bool] = ContextVar("dondoc_write_intent", default=False)


def _sqlite_begin(conn) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("dondoc_write") else "BEGIN")


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine for `url` (already resolved). SQLite files and their folder are created."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:":
            Path(u.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, echo=echo, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True)


class Database:
    """One workspace database: an engine and a factory of short-lived sessions."""

    def __init__(self, url: str | None = None, *, engine: Engine | None = None):
        self.url = resolve_url(url) if engine is None else str(engine.url)
        self.engine = engine or make_engine(self.url)
        self._factory = sessionmaker(self.engine, expire_on_commit=False)
        self._stamp_lock = threading.Lock()
        self._stamp_conn: sqlite3.Connection | None = None

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def connections_share_data(self) -> bool:
        """Whether a second connection sees what this database holds (not so for SQLite in
        memory: each connection has its own), so work can be split across sessions."""
        if not self.is_sqlite:
            return True
        path = self.engine.url.database
        return bool(path) and path != ":memory:" and "mode=memory" not in path

    @property
    def location(self) -> str:
        """What to tell a clerk: the file for SQLite, the URL without password otherwise."""
        u = self.engine.url
        if u.get_backend_name() == "sqlite":
            return str(u.database)
        return u.render_as_string(hide_password=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any error."""
        try:
            session = self._factory()
        except OperationalError as exc:  # pragma: no cover - connection set-up
            raise DatabaseError(f"Không kết nối được cơ sở dữ liệu {self.location}: {exc}") from exc
        try:
            if WRITE_INTENT.get() and self.engine.dialect.name == "sqlite":
                session.connection(execution_options={"dondoc_write": True})  # BEGIN IMMEDIATE
            yield session
            session.commit()
        except StaleDataError as exc:
            # A versioned row changed after this transaction checked its version (on
            # PostgreSQL two saves can both pass the check; the second UPDATE finds no row).
            session.rollback()
            raise ConflictError(
                "Bản ghi vừa được một cán bộ khác sửa cùng lúc; hãy xem lại — "
                "nội dung bạn nhập vẫn được giữ.") from exc
        except OperationalError as exc:
            session.rollback()
            raise DatabaseError(
                f"Lỗi cơ sở dữ liệu {self.location}: {exc.orig}. Không có gì được ghi."
            ) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def read_alongside(self, s: Session, read: Callable[..., T], *args) -> Iterator[Callable[[], T]]:
        """Runs `read(session, *args)` in a session of its own, in a thread, while the block
        reads in `s`: two long statements on two cores (the drivers let go of the interpreter
        while the database works). Yields a function that waits for its result. It reads
        committed data only, so `s` must hold no writes of its own; where connections do not
        share data (SQLite in memory) it runs in `s`, when its result is asked for."""
        if not self.connections_share_data:
            with read_in_turn(s, read, *args) as result:
                yield result
            return
        from concurrent.futures import ThreadPoolExecutor

        def in_own_session() -> T:
            with self.session() as own:
                return read(own, *args)

        with ThreadPoolExecutor(max_workers=1) as pool:
            yield pool.submit(in_own_session).result

    def data_stamp(self) -> Hashable | None:
        """A value that differs after anyone commits a write to the workspace (it may also
        differ without one; None: cannot tell). Screens compare it to skip re-reading on
        resume and on the refresh timer when nothing changed.

        SQLite: `PRAGMA data_version` of one connection kept for this alone — it counts the
        commits of every other connection, in this process or another. PostgreSQL: the
        current snapshot (xmin:xmax:in-progress ids) moves whenever a writing transaction
        starts or ends, in any database of the server."""
        if not self.is_sqlite:
            with self.engine.connect() as conn:
                return conn.execute(text("select pg_current_snapshot()::text")).scalar()
        path = self.engine.url.database
        if not path or path == ":memory:" or path.startswith("file:"):
            return None
        with self._stamp_lock:
            if self._stamp_conn is None:
                # Autocommit (never holds a read transaction open), usable from any worker
                # thread; it only ever runs this pragma.
                self._stamp_conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                                   check_same_thread=False)
            return self._stamp_conn.execute("pragma data_version").fetchone()[0]

    def dispose(self) -> None:
        with self._stamp_lock:
            if self._stamp_conn is not None:
                self._stamp_conn.close()
                self._stamp_conn = None
        self.engine.dispose()


# How a service runs a read beside its own session: Database.read_alongside, or read_in_turn.
Alongside = Callable[..., AbstractContextManager[Callable[[], T]]]


@contextmanager
def read_in_turn(s: Session, read: Callable[..., T], *args) -> Iterator[Callable[[], T]]:
    """`Database.read_alongside` without a second session: `read(s, *args)` when its result
    is asked for."""
    yield lambda: read(s, *args)


def remove_sqlite_file(path: Path) -> None:
    """A SQLite file and its WAL side files."""
    for suffix in ("", "-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.unlink()


def build_sqlite_file(path: Path, build):
    """Build a new SQLite workspace beside `path` (migrated first), then move it in place, so
    only a complete workspace ever appears under its real name. Returns what `build(db)` returns."""
    from db.migrate import upgrade

    tmp = path.with_name(path.name + ".new")
    remove_sqlite_file(tmp)
    db = Database(sqlite_url(tmp))
    try:
        upgrade(db.engine)
        result = build(db)
    except BaseException:
        db.dispose()
        remove_sqlite_file(tmp)  # no half-built file left beside the real one
        raise
    finally:
        db.dispose()
    remove_sqlite_file(path)
    tmp.replace(path)
    return result
