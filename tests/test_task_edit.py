"""core.services.task_edit on both backends: versions, deadline replaced, units added and
removed, refusal to drop a unit with history, audit rows."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from conftest import workspace
from core.errors import ConflictError, PermissionDeniedError, UnknownUnitError, ValidationError
from core.models import Assignment, AuditEntry, Deadline, Task, Unit
from core.services.checkins import CheckinInput, record_checkin
from core.services.task_edit import load_task_for_edit, save_task_edit, split_unit_names
from core.services.units import resolver

DAY = dt.date(2021, 9, 1)


def _task(db, path: str) -> Task:
    with db.session() as s:
        t = s.scalar(select(Task).where(Task.directive_id == 1, Task.path == path))
        return t.id


def _save(ws, data, **changes):
    values = dict(text=data.text, lead=data.lead, coordinating=data.coordinating,
                  deadline_phrase=data.deadline_phrase, expected_task_version=data.task_version,
                  expected_deadline_version=data.deadline_version)
    values.update(changes)
    return save_task_edit(ws, data.task_id, **values)


def _units(db, task_id):
    with db.session() as s:
        rows = s.execute(select(Unit.name, Assignment.role, Assignment.deadline_id)
                         .join(Unit, Unit.id == Assignment.unit_id)
                         .where(Assignment.task_id == task_id)).all()
        return {name: (role, dl) for name, role, dl in rows}


def _load_returns_values_and_versions(demo_db):
    ws = workspace(demo_db, DAY)
    data = load_task_for_edit(ws, _task(demo_db, "II.1.3"))
    assert data.path == "II.1.3" and data.text
    assert "Sở Y tế" in data.lead
    assert data.task_version >= 1 and data.deadline_version >= 1
    assert data.units  # the unit list, for validation as typed


def _text_edit_bumps_version_and_is_audited(demo_db):
    ws = workspace(demo_db, DAY)
    tid = _task(demo_db, "II.1.3")
    data = load_task_for_edit(ws, tid)
    result = _save(ws, data, text=data.text + " (đã sửa)")
    assert result.task_version == data.task_version + 1
    assert not result.deadline_replaced and not result.added and not result.removed
    with demo_db.session() as s:
        assert s.get(Task, tid).text.endswith("(đã sửa)")
        audit = s.scalars(select(AuditEntry).where(AuditEntry.entity == "tasks",
                                                   AuditEntry.entity_id == str(tid))).all()
        assert any(a.action == "update" and "text" in (a.after or {}) and a.os_user == "tester" for a in audit)


def _second_save_from_an_old_read_is_a_conflict(demo_db):
    ws = workspace(demo_db, DAY)
    other = workspace(demo_db, DAY, user="vp.ha")
    tid = _task(demo_db, "II.1.3")
    mine = load_task_for_edit(ws, tid)
    theirs = load_task_for_edit(other, tid)
    _save(other, theirs, text="Nội dung của chị Hà")
    with pytest.raises(ConflictError) as err:
        _save(ws, mine, text="Nội dung của tôi")
    assert "sửa lúc" in str(err.value) and "vẫn được giữ" in str(err.value)
    with demo_db.session() as s:
        assert s.get(Task, tid).text == "Nội dung của chị Hà"


def test_deadline_phrase_change_makes_a_new_row_followed_by_shared_assignments(demo_db):
    ws = workspace(demo_db, DAY)
    tid = _task(demo_db, "II.1.9")
    with demo_db.session() as s:
        task = s.get(Task, tid)
        old_id = task.deadline_id
        # one assignment gets its own deadline: it must keep it
        own = Deadline(kind="date", due=dt.date(2021, 10, 15), phrase="ngày 15/10/2021")
        s.add(own)
        s.flush()
        keeper = task.assignments[-1]
        keeper.deadline_id = own.id
        keeper_id, own_id = keeper.id, own.id
        shared = [a.id for a in task.assignments if a.id != keeper_id]
    data = load_task_for_edit(ws, tid)
    result = _save(ws, data, deadline_phrase="trước ngày 20/9/2021")
    assert result.deadline_replaced
    with demo_db.session() as s:
        task = s.get(Task, tid)
        assert task.deadline_id != old_id
        assert task.deadline.due == dt.date(2021, 9, 19) and task.deadline.kind == "date"
        assert task.deadline.phrase == "trước ngày 20/9/2021"
        assert s.get(Deadline, old_id) is not None  # the old row is kept for history
        for aid in shared:
            assert s.get(Assignment, aid).deadline_id == task.deadline_id
        assert s.get(Assignment, keeper_id).deadline_id == own_id
        assert s.scalar(select(AuditEntry).where(AuditEntry.entity == "deadlines",
                                                 AuditEntry.action == "insert",
                                                 AuditEntry.entity_id == str(task.deadline_id)))


def _units_added_and_removed_groups_expand(demo_db):
    ws = workspace(demo_db, DAY)
    tid = _task(demo_db, "II.1.9")
    data = load_task_for_edit(ws, tid)
    before = _units(demo_db, tid)
    assert "Sở Tài chính" not in before
    coord = data.coordinating
    result = _save(ws, data, coordinating="; ".join(filter(None, [coord, "Sở Tài chính",
                                                                   "UBND các huyện, thị xã, thành phố"])))
    after = _units(demo_db, tid)
    assert after["Sở Tài chính"][0] == "coordinating" and "Sở Tài chính" in result.added
    assert "UBND huyện Bù Đăng" in after
    with demo_db.session() as s:
        task = s.get(Task, tid)
        grouped = [a for a in task.assignments if a.via_group_id is not None]
        assert len(grouped) >= 11
        assert all(a.deadline_id == task.deadline_id for a in grouped)
    # the group is named once when the task is read again; then both are removed again
    again = load_task_for_edit(ws, tid)
    assert "UBND các huyện, thị xã, thành phố" in again.coordinating
    result = _save(ws, again, coordinating=coord)
    assert "Sở Tài chính" in result.removed and len(result.removed) >= 12
    assert _units(demo_db, tid) == before
    with demo_db.session() as s:
        assert s.scalar(select(AuditEntry).where(AuditEntry.entity == "assignments",
                                                 AuditEntry.action == "delete"))
        assert s.scalar(select(AuditEntry).where(AuditEntry.entity == "assignments",
                                                 AuditEntry.action == "insert",
                                                 AuditEntry.os_user == "tester"))


def _a_unit_with_check_ins_cannot_be_removed(demo_db):
    ws = workspace(demo_db, DAY)
    tid = _task(demo_db, "II.1.9")
    with demo_db.session() as s:
        a = s.scalar(select(Assignment).join(Unit, Unit.id == Assignment.unit_id)
                     .where(Assignment.task_id == tid, Unit.name == "Sở Y tế"))
        aid = a.id
    record_checkin(ws, aid, CheckinInput(status="in_progress", progress=30, result="Đang làm"))
    data = load_task_for_edit(ws, tid)
    lead = "; ".join(n for n in split_unit_names(data.lead) if n != "Sở Y tế")
    coord = "; ".join(n for n in split_unit_names(data.coordinating) if n != "Sở Y tế")
    with pytest.raises(ValidationError) as err:
        _save(ws, data, lead=lead or "Sở Tài chính", coordinating=coord, text=data.text + " x")
    assert "Sở Y tế" in str(err.value)
    with demo_db.session() as s:  # nothing written: one transaction
        assert s.get(Assignment, aid) is not None
        assert not s.get(Task, tid).text.endswith(" x")


def _unknown_unit_and_permission_are_refused(demo_db):
    ws = workspace(demo_db, DAY)
    tid = _task(demo_db, "II.1.9")
    data = load_task_for_edit(ws, tid)
    with pytest.raises(UnknownUnitError) as err:
        _save(ws, data, coordinating="Sở Y tê; Sở Không Tồn Tại")
    assert "Sở Không Tồn Tại" in str(err.value)
    with pytest.raises(PermissionDeniedError):
        _save(workspace(demo_db, DAY, user="syt.binh"), data, text="x")


def _split_keeps_commas_inside_a_unit_name(demo_db):
    with demo_db.session() as s:
        r = resolver(s)
    names = split_unit_names("Sở Y tế, UBND các huyện, thị xã, thành phố; Công an tỉnh", r)
    assert names == ["Sở Y tế", "UBND các huyện, thị xã, thành phố", "Công an tỉnh"]


# Each demo build takes seconds: the checks above run in three tests per backend.
def test_versions_text_audit_conflict_and_refusals(demo_db):
    _load_returns_values_and_versions(demo_db)
    _text_edit_bumps_version_and_is_audited(demo_db)
    _second_save_from_an_old_read_is_a_conflict(demo_db)
    _unknown_unit_and_permission_are_refused(demo_db)


def test_units_added_removed_and_units_with_history_kept(demo_db):
    _split_keeps_commas_inside_a_unit_name(demo_db)
    _units_added_and_removed_groups_expand(demo_db)
    _a_unit_with_check_ins_cannot_be_removed(demo_db)
