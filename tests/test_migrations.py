"""The schema comes from Alembic migrations only, and they match the models exactly."""
from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from core.models import Base
from db.engine import Database, make_engine, sqlite_url
from db.migrate import SCHEMA_HEAD, current_revision, ensure_schema, head_revision, upgrade


def test_schema_head_constant_is_the_real_head():
    assert SCHEMA_HEAD == head_revision()


@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based index",
                            "ignore:Skipped unsupported reflection of expression-based index")
def test_migrated_schema_matches_the_models(db):
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, Base.metadata)
        # Alembic cannot compare an index on an expression on SQLite: every index's columns
        # (None for an expression) are compared here, on both backends.
        for table in Base.metadata.sorted_tables:
            for index in table.indexes:
                expected = [getattr(e, "name", None) for e in index.expressions]
                assert _index_columns(conn, table.name, index.name) == expected, index.name
    assert diff == []
    assert current_revision(db.engine) == SCHEMA_HEAD


def _index_columns(conn, table: str, name: str) -> list[str | None]:
    if conn.dialect.name == "sqlite":
        return [r[2] for r in conn.exec_driver_sql(f'pragma index_info("{name}")')]
    found = [ix for ix in inspect(conn).get_indexes(table) if ix["name"] == name]
    assert found, name
    return list(found[0]["column_names"])


def test_first_use_creates_the_schema_and_a_second_is_a_no_op(tmp_path):
    engine = make_engine(sqlite_url(tmp_path / "new" / "ws.sqlite3"))
    assert current_revision(engine) is None
    assert ensure_schema(engine) is True
    assert set(inspect(engine).get_table_names()) >= {t.name for t in Base.metadata.sorted_tables}
    assert ensure_schema(engine) is False
    upgrade(engine)  # idempotent
    assert current_revision(engine) == SCHEMA_HEAD
    engine.dispose()


def test_sqlite_runs_with_wal_foreign_keys_and_busy_timeout(tmp_path):
    database = Database(str(tmp_path / "ws.sqlite3"))
    with database.engine.connect() as conn:
        assert conn.exec_driver_sql("pragma journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("pragma foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("pragma busy_timeout").scalar() >= 5000
    database.dispose()
