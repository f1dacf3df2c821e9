"""Read models of the directives section and the assignment timeline, on both backends."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from conftest import workspace
from core.models import Assignment, Task, Unit
from core.services.assignments import AssignmentFilter, category_counts
from core.services.checkins import CheckinInput, record_checkin
from core.services.directive_views import (
    load_directive_detail,
    load_directive_list,
    load_task_view,
    share_on_time,
)
from core.services.timeline import audit_entries, load_timeline, timeline_of

DAY = dt.date(2021, 9, 1)
CATS = ("done_on_time", "done_late", "in_progress", "overdue", "recurring")


def _ids(db, path: str, unit: str) -> tuple[int, int]:
    with db.session() as s:
        return s.execute(select(Task.id, Assignment.id).join(Assignment, Assignment.task_id == Task.id)
                         .join(Unit, Unit.id == Assignment.unit_id)
                         .where(Task.directive_id == 1, Task.path == path, Unit.name == unit)).one()


def test_list_share_on_time_equals_category_counts(demo_db):
    for day in (dt.date(2021, 8, 20), DAY, dt.date(2021, 9, 30)):
        ws = workspace(demo_db, day)
        [row] = [r for r in load_directive_list(ws) if r.id == 1]
        with demo_db.session() as s:
            counts = category_counts(s, AssignmentFilter(directive="1"), day)
        assert row.counts == {c: counts[c] for c in CATS}
        done = counts["done_on_time"]
        total = sum(counts[c] for c in CATS) - counts["recurring"]
        assert row.share_on_time == done / total
        assert row.tasks == 55 and row.number_text is None and row.signed_on == dt.date(2021, 8, 14)
    assert share_on_time({c: 0 for c in CATS}) is None


def test_detail_tree_counts_add_up_and_II_1_3_has_15_lead_assignments(demo_db):
    ws = workspace(demo_db, DAY)
    d = load_directive_detail(ws, 1)
    with demo_db.session() as s:
        counts = category_counts(s, AssignmentFilter(directive="1"), DAY)
    assert d.counts == {c: counts[c] for c in CATS}
    assert sum(sum(n.counts.values()) for n in d.nodes) == sum(d.counts.values())
    assert d.cycle_name and "15 và 30" in d.cycle_name
    assert any("05-NQ/TU" in r for r in d.parent_refs)
    node = next(n for n in d.nodes if n.path == "II.1.3")
    assert node.is_task and node.deadline_phrase == "Trước ngày 20/8/2021" and node.due == dt.date(2021, 8, 19)
    assert sum(node.counts.values()) == 15
    sections = [n for n in d.nodes if not n.is_task]
    assert all(sum(n.counts.values()) == 0 for n in sections)
    tv = load_task_view(ws, node.id)
    assert len(tv.assignments) == 15 and all(a.role == "lead" and a.mode == "giao" for a in tv.assignments)
    by_cat = {}
    for a in tv.assignments:
        by_cat[a.standing.category.value] = by_cat.get(a.standing.category.value, 0) + 1
    assert {k: v for k, v in node.counts.items() if v} == by_cat


def _reported_early_confirmed_late(db) -> tuple[int, int, dt.date, dt.date]:
    """An assignment of the plan with a check-in on or before DAY and a confirmation after it:
    (task id, assignment id, that check-in's day, the confirmation's day)."""
    from core.models import Checkin, Confirmation

    with db.session() as s:
        return s.execute(
            select(Task.id, Assignment.id, Checkin.reported_on, Confirmation.decided_on)
            .join(Assignment, Assignment.task_id == Task.id)
            .join(Checkin, Checkin.assignment_id == Assignment.id)
            .join(Confirmation, Confirmation.assignment_id == Assignment.id)
            .where(Task.directive_id == 1, Checkin.reported_on <= DAY, Confirmation.decided_on > DAY,
                   Confirmation.decided_on <= dt.date(2021, 9, 30))
            .order_by(Assignment.id, Checkin.reported_on, Confirmation.decided_on)).first()


def test_timeline_hides_facts_after_the_as_of_date(demo_db):
    task_id, aid, reported, confirmed = _reported_early_confirmed_late(demo_db)
    early = timeline_of_ws(demo_db, DAY, task_id, aid)
    kinds = [(e.on, e.kind) for e in early.entries]
    assert (reported, "checkin") in kinds
    assert all(e.on <= DAY for e in early.entries)
    assert (confirmed, "confirm") not in kinds
    late = timeline_of_ws(demo_db, dt.date(2021, 9, 30), task_id, aid)
    late_kinds = [(e.on, e.kind) for e in late.entries]
    assert (reported, "checkin") in late_kinds and (confirmed, "confirm") in late_kinds
    shown_later = [e for e in late.entries if e.on > DAY]
    assert early.hidden - late.hidden == len(late.entries) - len(early.entries) == len(shown_later) > 0
    dates = [e.on for e in late.entries]
    assert dates == sorted(dates)


def timeline_of_ws(db, day, task_id, aid):
    return load_timeline(workspace(db, day), task_id, aid)


def test_timeline_shows_extensions_and_returns(demo_db):
    with demo_db.session() as s:
        from core.models import Confirmation, Extension

        ext = s.scalars(select(Extension).where(Extension.status == "granted")).first()
        ret = s.scalars(select(Confirmation).where(Confirmation.decision == "return")).first()
        pairs = [(ext.assignment_id, s.get(Assignment, ext.assignment_id).task_id, ext.new_due),
                 (ret.assignment_id, s.get(Assignment, ret.assignment_id).task_id, None)]
    (eid, etask, new_due), (rid, rtask, _) = pairs
    tl = timeline_of_ws(demo_db, dt.date(2021, 12, 31), etask, eid)
    granted = [e for e in tl.entries if e.kind == "extension_granted"]
    assert granted and granted[0].new_due == new_due and granted[0].original_due is not None
    assert any(e.kind == "extension_requested" for e in tl.entries)
    tl = timeline_of_ws(demo_db, dt.date(2021, 12, 31), rtask, rid)
    returned = [e for e in tl.entries if e.kind == "return"]
    assert returned and returned[0].reason


def test_audit_entries_follow_the_assignment_and_its_new_checkin(demo_db):
    task_id, aid = _ids(demo_db, "II.1.3", "Sở Y tế")
    ws = workspace(demo_db, DAY, user="syt.binh")
    before = load_timeline(ws, task_id, aid)
    with demo_db.session() as s:
        rows = audit_entries(s, aid, task_id)
        entities = {(r.entity, r.entity_id) for r in rows}
    assert ("assignments", str(aid)) in entities and ("tasks", str(task_id)) in entities
    assert any(e == "checkins" for e, _i in entities)
    # a check-in written on a date after every existing fact shows up as of that date, not before
    with demo_db.session() as s:
        from core.models import Checkin
        last = max(c.reported_on for c in s.scalars(select(Checkin).where(Checkin.assignment_id == aid)))
    day = max(last, DAY) + dt.timedelta(days=1)
    ws_later = workspace(demo_db, day, user="syt.binh")
    record_checkin(ws_later, aid, CheckinInput(status="in_progress", progress=60, result="Đã lập thêm 2 chốt."))
    with demo_db.session() as s:
        now = timeline_of(s, task_id, aid, day)
        with_inserts = timeline_of(s, task_id, aid, day, include_fact_inserts=True)
    new = [e for e in now.entries if e.kind == "checkin" and e.on == day]
    assert new and new[0].result == "Đã lập thêm 2 chốt." and new[0].clerk == "Trần Văn Bình"
    audit_new = [e for e in with_inserts.entries if e.kind == "audit" and e.entity == "checkins" and e.on == day]
    assert audit_new and audit_new[0].action == "insert"
    assert load_timeline(ws, task_id, aid).hidden == before.hidden + 1  # hidden as of the earlier day
