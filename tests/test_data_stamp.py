"""Database.data_stamp: what lets a screen skip re-reading when nobody wrote. It must move after
any committed write — through this Database or another process's — and stay put otherwise."""
from __future__ import annotations

from sqlalchemy import func, select

from conftest import workspace
from core.models import Setting
from core.services.clerks import make_first_admin
from db.engine import Database


def test_the_stamp_moves_on_every_write_and_only_then(db):
    other = Database(db.url)  # another clerk's process, in effect
    try:
        first = db.data_stamp()
        assert first is not None
        with db.session() as s:  # reading changes nothing
            s.scalar(select(func.count()).select_from(Setting))
        assert db.data_stamp() == first
        make_first_admin(workspace(other, "2021-09-01"), "Nguyễn Văn Quản")  # a write elsewhere
        second = db.data_stamp()
        assert second != first
        assert db.data_stamp() == second
        with db.session() as s:  # a write through this very Database
            s.add(Setting(key="probe", value="1"))
        assert db.data_stamp() != second
    finally:
        other.dispose()


def test_a_database_in_memory_cannot_tell():
    db = Database("sqlite://")
    try:
        assert db.data_stamp() is None  # screens then always read again
    finally:
        db.dispose()
