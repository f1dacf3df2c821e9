"""Upgrading keeps every row: for each earlier schema revision, a database at that revision is
filled with the demo workspace's data (the tables and columns that revision has), upgraded to
the head, and compared row by row with the demo — on SQLite and on PostgreSQL. Tables a later
revision derives (assignment_states) must come out equal to the demo's own."""
from __future__ import annotations

import pytest
import datetime as dt

from sqlalchemy import MetaData, func, insert, select, update

from conftest import BACKENDS, fresh_pg_schema
from core.models import Base
from core.state_counts import stored_counts
from db.engine import make_engine, sqlite_url
from db.migrate import SCHEMA_HEAD, current_revision, upgrade

EARLIER = ["0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008"]
# Rebuilt by the migration that adds them, from the facts.
DERIVED = {"assignment_states", "recurring_reports", "unit_checkin_days"}
COUNTED = {"unit_count_changes", "unit_count_marks", "count_months"}  # compared by what they count


# The demo's whole span: before it starts, its months, its periods' edges, its last day.
COUNT_DAYS = [dt.date(2020, 1, 1), dt.date(2021, 3, 15), dt.date(2021, 4, 30), dt.date(2021, 6, 1),
              dt.date(2021, 8, 16), dt.date(2021, 9, 1), dt.date(2021, 12, 31), dt.date(2023, 1, 1)]


@pytest.fixture
def blank_url(request, tmp_path):
    """An empty database with no schema at all, on the backend asked for."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "old.sqlite3")
        return
    with fresh_pg_schema("dondoc_upgrade") as url:
        yield url


def _rows(conn, table, columns) -> list[tuple]:
    key = [table.c[c.name] for c in table.primary_key.columns]
    return [tuple(r) for r in conn.execute(select(*[table.c[c] for c in columns]).order_by(*key))]


def _insert(conn, table, rows: list[dict]) -> None:
    """Rows of a table that may point at itself (a unit's parent and successor): those links
    are written once every row is there."""
    own = [fk.parent.name for fk in table.foreign_keys if fk.column.table.name == table.name]
    conn.execute(insert(table), [{**r, **{c: None for c in own}} for r in rows])
    key = [c.name for c in table.primary_key.columns]
    for r in rows:
        links = {c: r[c] for c in own if r[c] is not None}
        if links:
            conn.execute(update(table).where(*[table.c[k] == r[k] for k in key]).values(**links))


@pytest.mark.parametrize("blank_url", BACKENDS, indirect=True)
@pytest.mark.parametrize("revision", EARLIER)
def test_upgrade_from_an_earlier_revision_keeps_every_row(sqlite_demo_template, blank_url, revision):
    source = make_engine(sqlite_url(sqlite_demo_template))
    target = make_engine(blank_url)
    upgrade(target, revision)
    old = MetaData()
    old.reflect(bind=target)
    copied: dict[str, list[str]] = {}
    with source.connect() as src, target.begin() as dst:
        for table in Base.metadata.sorted_tables:
            if table.name not in old.tables or table.name == "alembic_version":
                continue
            columns = [c.name for c in old.tables[table.name].columns]
            rows = [dict(zip(columns, r)) for r in _rows(src, table, columns)]
            if rows:
                _insert(dst, old.tables[table.name], rows)
            copied[table.name] = columns
    assert {"units", "directives", "tasks", "assignments", "checkins", "confirmations"} <= set(copied)

    upgrade(target)
    assert current_revision(target) == SCHEMA_HEAD
    with source.connect() as src, target.connect() as dst:
        for table in Base.metadata.sorted_tables:
            if table.name in copied:
                columns = copied[table.name]
            elif table.name in DERIVED:
                columns = [c.name for c in table.columns]
            elif table.name in COUNTED:
                assert dst.execute(select(func.count()).select_from(table)).scalar_one() > 0, table.name
                continue
            else:
                continue  # added after this revision, empty in both until used
            theirs, ours = _rows(src, table, columns), _rows(dst, table, columns)
            assert len(ours) == len(theirs) > 0 or table.name not in DERIVED, table.name
            assert ours == theirs, table.name
        for day in COUNT_DAYS:
            assert stored_counts(dst, day) == stored_counts(src, day), day
    source.dispose()
    target.dispose()
