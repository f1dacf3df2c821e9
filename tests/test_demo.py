"""The demo workspace: the seed 002 plan as hand-checked, Bình Phước's units, and a
generated history in which every category and flag occurs — the same on every build."""
from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import func, select

from core.demo import SEED_002_FILE, UNITS_FILE, build_demo
from core.models import Assignment, Checkin, Confirmation, Directive, Extension, Task, Unit, UnitGroupMember
from core.services.assignments import AssignmentFilter, category_counts, list_assignments
from core.services.units import unit_history
from core.status import Category
from db.engine import Database, sqlite_url
from db.migrate import upgrade

DEMO_DAY = dt.date(2021, 9, 1)


def test_every_category_and_flag_occurs_on_the_demo_day(demo_db):
    with demo_db.session() as s:
        counts = category_counts(s, AssignmentFilter(), DEMO_DAY)
    for key in [c.value for c in Category] + ["due_soon", "awaiting", "returned", "unreported"]:
        assert counts[key] > 0, key


def test_recurring_tasks_are_reported_in_some_periods_and_not_in_others(demo_db):
    with demo_db.session() as s:
        counts = category_counts(s, AssignmentFilter(), dt.date(2021, 8, 30))
        recurring = counts[Category.RECURRING.value]
    assert 0 < counts["unreported"] < recurring


def test_stored_plan_matches_the_hand_checked_dataset(demo_db):
    data = json.loads(SEED_002_FILE.read_text(encoding="utf-8"))
    tasks = {n["ref"]: n for n in data["nodes"] if n["kind"] == "task"}
    with demo_db.session() as s:
        d = s.scalar(select(Directive))
        assert (d.doc_type, d.issuer, d.signed_on, d.reporting_cycle) == (
            "Kế hoạch", "UBND tỉnh Bình Phước", dt.date(2021, 8, 14), "semi_monthly")
        stored = {t.path: t for t in s.scalars(select(Task).where(Task.kind == "task"))}
        assert set(stored) == set(tasks)
        for ref, task in stored.items():
            expected = tasks[ref]["deadline"]
            assert task.deadline.kind == expected["kind"], ref
            assert (task.deadline.due.isoformat() if task.deadline.due else None) == expected["due"], ref
            assert task.text == tasks[ref]["text"]
            for a in task.assignments:
                assert a.deadline_id == task.deadline_id  # assignments inherit the task's deadline


def test_group_tasks_become_one_assignment_per_district(demo_db):
    with demo_db.session() as s:
        group = s.scalar(select(Unit).where(Unit.name == "UBND các huyện, thị xã, thành phố"))
        members = set(s.scalars(select(UnitGroupMember.member_id).where(UnitGroupMember.group_id == group.id)))
        assert len(members) == 11
        task = s.scalar(select(Task).where(Task.path == "II.1.3"))
        via_group = {a.unit_id for a in task.assignments if a.via_group_id == group.id}
        assert via_group == members
        names = {a.unit.name for a in task.assignments}
        assert {"Bộ Chỉ huy Quân sự tỉnh", "Công an tỉnh", "Sở Giao thông vận tải", "Sở Y tế",
                "UBND huyện Bù Đăng"} <= names


def test_requested_units_keep_de_nghi(demo_db):
    with demo_db.session() as s:
        task = s.scalar(select(Task).where(Task.path == "II.4.4"))
        modes = {a.unit.name: a.mode for a in task.assignments}
    assert modes["Ban Tuyên giáo Tỉnh ủy"] == "de_nghi"
    assert modes["Sở Thông tin và Truyền thông"] == "giao"


def test_unit_history_keeps_the_2025_merger(demo_db):
    with demo_db.session() as s:
        old = s.scalar(select(Unit).where(Unit.name == "Sở Kế hoạch và Đầu tư"))
        chain = [u.name for u in unit_history(s, old)]
        assert chain[0] == "Sở Kế hoạch và Đầu tư" and chain[-1] == "Sở Tài chính"
        assert old.valid_to == dt.date(2025, 2, 28)
        # Past tasks keep the name they were given.
        names = set(s.scalars(select(Unit.name).join(Assignment, Assignment.unit_id == Unit.id)))
        assert "Sở Kế hoạch và Đầu tư" in names


def _dump(db: Database) -> dict:
    with db.session() as s:
        key = {a.id: (a.task.path, a.unit.key) for a in s.scalars(select(Assignment))}
        return {
            "checkins": sorted((key[c.assignment_id], c.reported_on, c.status, c.progress, c.completed_on,
                                c.result, c.difficulties, c.proposals, c.reference)
                               for c in s.scalars(select(Checkin))),
            "decisions": sorted((key[d.assignment_id], d.decided_on, d.decision, d.reason)
                                for d in s.scalars(select(Confirmation))),
            "extensions": sorted((key[e.assignment_id], e.new_due, e.status, e.decided_on)
                                 for e in s.scalars(select(Extension))),
        }


def test_the_generator_is_deterministic(demo_db, tmp_path):
    other = Database(sqlite_url(tmp_path / "again.sqlite3"))
    upgrade(other.engine)
    with other.session() as s:
        build_demo(s, os_user="someone-else")
    assert _dump(other) == _dump(demo_db)
    other.dispose()


def test_history_spans_august_to_december_2021(demo_db):
    with demo_db.session() as s:
        first, last = s.execute(select(func.min(Checkin.reported_on), func.max(Checkin.reported_on))).one()
    assert first >= dt.date(2021, 8, 14) and first.month == 8
    assert last.month == 12 and last.year == 2021


def test_sở_y_tế_has_overdue_work_on_the_demo_day(demo_db):
    with demo_db.session() as s:
        rows = list_assignments(s, AssignmentFilter(unit="Sở Y tế", category="overdue"), DEMO_DAY)
    assert rows and all(r.unit_name == "Sở Y tế" for r in rows)


def test_registry_file_loads_every_unit(demo_db):
    data = json.loads(UNITS_FILE.read_text(encoding="utf-8"))
    with demo_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Unit)) == len(data["units"]) + len(data["groups"])


def test_work_left_open_on_the_demo_day_has_nothing_dated_after_it(demo_db):
    """So a clerk trying the demo on 01/09/2021 can report, confirm or extend any overdue,
    awaiting or returned assignment; the rest of the history runs on to December."""
    from core.services.checkins import _latest_fact_date

    with demo_db.session() as s:
        rows = list_assignments(s, AssignmentFilter(), DEMO_DAY)
        open_rows = [r for r in rows if r.standing.category is Category.OVERDUE
                     or r.standing.awaiting_confirmation or r.standing.returned]
        assert open_rows
        for r in open_rows:
            latest = _latest_fact_date(s, s.get(Assignment, r.id))
            assert latest is None or latest <= DEMO_DAY, (r.task_path, r.unit_name, latest)
        later = s.scalar(select(func.count()).select_from(Checkin).where(Checkin.reported_on > DEMO_DAY))
        assert later > 0


def test_groups_expand_to_the_members_of_the_directives_time(demo_db):
    """"Các sở, ban, ngành tỉnh" in 2021 means the 2021 departments, not those made in 2025."""
    with demo_db.session() as s:
        units = set(s.scalars(select(Unit).join(Assignment, Assignment.unit_id == Unit.id)))
    assert all(u.valid_from is None or u.valid_from <= dt.date(2021, 8, 14) for u in units)
