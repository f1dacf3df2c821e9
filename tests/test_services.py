"""Core services through a Workspace: check-ins, confirmations, extensions, permissions, the
audit log, NFC at the boundary and as-of independence. Every test runs on each backend.

Most tests use the plan of 14/08/2021 without the demo's generated history (`plan_db`), so
that every fact on an assignment is one the test wrote itself.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata

import pytest
from sqlalchemy import func, select, text

from core.demo import SEED_002_FILE, UNITS_FILE, add_clerks, load_directive, load_json, load_units
from core.errors import (
    ClosedAssignmentError,
    DeadlinePhraseError,
    DocNumberError,
    DondocError,
    InvalidDateError,
    PermissionDeniedError,
    UnknownUnitError,
    ValidationError,
)
from core.models import Assignment, AuditEntry, Checkin, Clerk, Confirmation, Extension
from core.services.assignments import AssignmentFilter, list_assignments
from core.services.checkins import (
    CheckinInput,
    decide_completion,
    decide_extension,
    find_assignment,
    record_checkin,
    request_extension,
    standing_of,
)
from core.services.workspace import parse_user_date
from core.status import Category
from core.text import fold
from tests.conftest import workspace

D = dt.date
VI_LETTERS = re.compile("[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]")


@pytest.fixture
def plan_db(db):
    """Units, the demo clerks (plus "tester" as admin) and the plan of 14/08/2021; no history."""
    with db.session() as s:
        units = load_units(s, load_json(UNITS_FILE))
        add_clerks(s, units, "tester")
        load_directive(s, SEED_002_FILE)
    return db


def aid(db, task: str, unit: str) -> int:
    with db.session() as s:
        return find_assignment(s, "1", task, unit).id


def clerk_id(db, os_user: str) -> int:
    with db.session() as s:
        return s.scalar(select(Clerk.id).where(Clerk.os_user == os_user))


def counts(db) -> tuple[int, ...]:
    with db.session() as s:
        return tuple(s.scalar(select(func.count()).select_from(t))
                     for t in (Checkin, Confirmation, Extension, AuditEntry))


def sql_row(db, assignment_id: int, as_of: dt.date):
    with db.session() as s:
        rows = list_assignments(s, AssignmentFilter(), as_of)
    return next(r for r in rows if r.id == assignment_id)


def stand(db, assignment_id: int, as_of: dt.date):
    """The standing by the Python rule and by SQL; asserts they agree and returns both."""
    with db.session() as s:
        py = standing_of(s, s.get(Assignment, assignment_id), as_of)
    row = sql_row(db, assignment_id, as_of)
    assert row.standing == py, (row.standing, py)
    return py, row


def assert_vietnamese(message: str, *needles: str) -> None:
    assert VI_LETTERS.search(message.lower()), message
    for needle in needles:
        assert needle in message, (needle, message)


def refused(db, exc_type, needles, fn, *args, **kwargs) -> DondocError:
    """Call fn; it must raise exc_type with a Vietnamese message naming the input and write
    nothing at all (check-ins, decisions, extensions, audit rows)."""
    before = counts(db)
    with pytest.raises(exc_type) as info:
        fn(*args, **kwargs)
    assert isinstance(info.value, DondocError)
    assert_vietnamese(str(info.value), *needles)
    assert counts(db) == before
    return info.value


# --- the happy path -------------------------------------------------------------------------


def test_checkin_done_confirm_on_time(plan_db):
    db = plan_db
    a = aid(db, "II.1.9", "Sở Y tế")  # due 31/12/2021
    binh = clerk_id(db, "syt.binh")

    ci = record_checkin(workspace(db, "2021-08-20", "syt.binh"), a,
                        CheckinInput(status="in_progress", progress=40, result="Đã họp triển khai."))
    assert (ci.status, ci.progress, ci.reported_on, ci.completed_on, ci.clerk_id) == \
        ("in_progress", 40, D(2021, 8, 20), None, binh)
    with db.session() as s:
        stored = s.get(Checkin, ci.id)
        assert (stored.assignment_id, stored.status, stored.progress, stored.result) == \
            (a, "in_progress", 40, "Đã họp triển khai.")
    py, row = stand(db, a, D(2021, 8, 20))
    assert py.category is Category.IN_PROGRESS and not py.awaiting_confirmation
    assert (row.last_status, row.last_progress, row.last_checkin_on) == ("in_progress", 40, D(2021, 8, 20))

    done = record_checkin(workspace(db, "2021-09-01", "syt.binh"), a,
                          CheckinInput(status="Đã hoàn thành", completed_on=D(2021, 8, 30)))
    assert (done.status, done.progress, done.completed_on) == ("done", 100, D(2021, 8, 30))
    py, row = stand(db, a, D(2021, 9, 1))
    assert py.category is Category.IN_PROGRESS
    assert py.awaiting_confirmation and not py.returned
    assert row.flags == ["awaiting"]

    conf = decide_completion(workspace(db, "2021-09-02", "vp.ha"), a, "confirm")
    assert (conf.decision, conf.checkin_id, conf.decided_on) == ("confirm", done.id, D(2021, 9, 2))
    with db.session() as s:
        rows = s.scalars(select(Confirmation).where(Confirmation.assignment_id == a)).all()
        assert [(r.decision, r.checkin_id, r.clerk_id) for r in rows] == \
            [("confirm", done.id, clerk_id(db, "vp.ha"))]
    py, row = stand(db, a, D(2021, 9, 2))
    assert py.category is Category.DONE_ON_TIME
    assert py.completed_on == D(2021, 8, 30) and not py.awaiting_confirmation
    assert row.flags == []
    # the day before the confirmation it was still awaiting
    py, _ = stand(db, a, D(2021, 9, 1))
    assert py.category is Category.IN_PROGRESS and py.awaiting_confirmation


def test_done_after_due_is_done_late(plan_db):
    db = plan_db
    a = aid(db, "II.1.3", "Sở Y tế")  # due 19/08/2021
    record_checkin(workspace(db, "2021-08-25", "syt.binh"), a, CheckinInput(status="done"))
    py, _ = stand(db, a, D(2021, 8, 25))
    assert py.category is Category.OVERDUE and py.awaiting_confirmation
    decide_completion(workspace(db, "2021-08-26", "vp.ha"), a, "confirm")
    py, row = stand(db, a, D(2021, 8, 26))
    assert py.category is Category.DONE_LATE
    assert py.completed_on == D(2021, 8, 25)
    assert py.days_late(D(2021, 8, 26)) == 6
    assert row.standing.category is Category.DONE_LATE


def test_return_needs_reason_then_new_done_awaits_again(plan_db):
    db = plan_db
    a = aid(db, "II.1.7", "Sở Y tế")  # due 30/09/2021
    first = record_checkin(workspace(db, "2021-08-20", "syt.binh"), a, CheckinInput(status="done"))
    office = workspace(db, "2021-08-22", "vp.ha")
    refused(db, ValidationError, ["lý do"], decide_completion, office, a, "return", "   ")

    ret = decide_completion(office, a, "return", "Chưa kèm văn bản chứng minh kết quả.")
    assert (ret.decision, ret.checkin_id, ret.reason) == ("return", first.id, "Chưa kèm văn bản chứng minh kết quả.")
    with db.session() as s:
        stored = s.scalar(select(Confirmation).where(Confirmation.assignment_id == a))
        assert (stored.decision, stored.reason, stored.decided_on) == \
            ("return", "Chưa kèm văn bản chứng minh kết quả.", D(2021, 8, 22))
    py, row = stand(db, a, D(2021, 8, 22))
    assert py.category is Category.IN_PROGRESS
    assert py.returned and not py.awaiting_confirmation
    assert row.flags == ["returned"]

    again = record_checkin(workspace(db, "2021-08-25", "syt.binh"), a,
                           CheckinInput(status="done", result="Đã bổ sung văn bản."))
    py, row = stand(db, a, D(2021, 8, 25))
    assert py.awaiting_confirmation and not py.returned
    assert row.flags == ["awaiting"]
    conf = decide_completion(workspace(db, "2021-08-26", "vp.ha"), a, "confirm")
    assert conf.checkin_id == again.id
    py, _ = stand(db, a, D(2021, 8, 26))
    assert py.category is Category.DONE_ON_TIME and py.completed_on == D(2021, 8, 25)


# --- bad input: a Vietnamese error naming the input, and nothing written --------------------


def test_unknown_unit_in_filter(plan_db):
    db = plan_db
    before = counts(db)
    with db.session() as s, pytest.raises(UnknownUnitError) as info:
        list_assignments(s, AssignmentFilter(unit="Sở Không Tồn Tại"), D(2021, 9, 1))
    assert_vietnamese(str(info.value), "«Sở Không Tồn Tại»")
    assert info.value.suggestions and all(n in str(info.value) for n in info.value.suggestions)
    assert counts(db) == before


def test_parsers_reject_bad_text():
    with pytest.raises(InvalidDateError) as info:
        parse_user_date("31/02/2021")
    assert_vietnamese(str(info.value), "«31/02/2021»")

    from core.docnumber import parse_doc_number
    with pytest.raises(DocNumberError) as info:
        parse_doc_number("abc/xyz")
    assert_vietnamese(str(info.value), "abc/xyz")

    from core.deadlines import parse_deadline
    with pytest.raises(DeadlinePhraseError) as info:
        parse_deadline("sau khi trời mưa")
    assert_vietnamese(str(info.value), "sau khi trời mưa")


def test_bad_checkins_and_decisions_write_nothing(plan_db):
    db = plan_db
    open_a = aid(db, "II.1.9", "Sở Y tế")
    recurring = aid(db, "II.1.13-2", "Sở Y tế")
    ws = workspace(db, "2021-08-20", "syt.binh")

    refused(db, ValidationError, ["«150»"], record_checkin, ws, open_a,
            CheckinInput(status="in_progress", progress=150))
    refused(db, ValidationError, ["«xong rồi»"], record_checkin, ws, open_a, CheckinInput(status="xong rồi"))
    refused(db, ValidationError, ["II.1.13-2", "thường xuyên"], record_checkin, ws, recurring,
            CheckinInput(status="done"))
    refused(db, ValidationError, ["25/08/2021"], record_checkin, ws, open_a,
            CheckinInput(status="done", completed_on=D(2021, 8, 25)))
    refused(db, ValidationError, ["II.1.9", "Sở Y tế"], decide_completion,
            workspace(db, "2021-08-20", "vp.ha"), open_a, "confirm")

    # a later fact exists: writing at an earlier business date is refused
    record_checkin(workspace(db, "2021-08-25", "syt.binh"), open_a, CheckinInput(status="in_progress", progress=10))
    refused(db, ValidationError, ["25/08/2021", "20/08/2021"], record_checkin, ws, open_a,
            CheckinInput(status="in_progress", progress=20))

    # a confirmed assignment is closed
    record_checkin(workspace(db, "2021-08-26", "syt.binh"), open_a, CheckinInput(status="done"))
    decide_completion(workspace(db, "2021-08-27", "vp.ha"), open_a, "confirm")
    err = refused(db, ClosedAssignmentError, ["II.1.9", "Sở Y tế", "26/08/2021"], record_checkin,
                  workspace(db, "2021-08-28", "syt.binh"), open_a, CheckinInput(status="in_progress"))
    assert "xác nhận hoàn thành" in str(err)


# --- roles ----------------------------------------------------------------------------------


def test_roles(plan_db):
    db = plan_db
    syt = aid(db, "II.1.3", "Sở Y tế")
    ca = aid(db, "II.1.3", "Công an tỉnh")
    day = "2021-08-20"

    refused(db, PermissionDeniedError, ["Hoàng Anh Tuấn", "Sở Y tế"], record_checkin,
            workspace(db, day, "xem.tuan"), syt, CheckinInput(status="in_progress"))
    refused(db, PermissionDeniedError, ["Trần Văn Bình", "Công an tỉnh"], record_checkin,
            workspace(db, day, "syt.binh"), ca, CheckinInput(status="in_progress"))
    refused(db, PermissionDeniedError, ["«khach»"], record_checkin,
            workspace(db, day, "khach"), syt, CheckinInput(status="in_progress"))

    ci = record_checkin(workspace(db, day, "syt.binh"), syt, CheckinInput(status="done"))
    assert ci.assignment_id == syt and ci.clerk_id == clerk_id(db, "syt.binh")
    refused(db, PermissionDeniedError, ["Văn phòng", "Trần Văn Bình"], decide_completion,
            workspace(db, "2021-08-21", "syt.binh"), syt, "confirm")
    # the Office (and the admin) may report for any unit and confirm
    record_checkin(workspace(db, day, "vp.ha"), ca, CheckinInput(status="in_progress", progress=5))
    assert decide_completion(workspace(db, "2021-08-21", "tester"), syt, "confirm").decision == "confirm"


# --- audit ------------------------------------------------------------------------------------


def test_audit_of_insert_and_update(plan_db):
    db = plan_db
    a = aid(db, "II.1.1", "Sở Y tế")  # due 15/08/2021
    ci = record_checkin(workspace(db, "2021-08-15", "syt.binh"), a,
                        CheckinInput(status="blocked", progress=30, difficulties="Thiếu nhân lực."))
    with db.session() as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.entity == "checkins",
                                                  AuditEntry.entity_id == str(ci.id))).all()
    assert len(rows) == 1
    row = rows[0]
    assert (row.action, row.os_user, row.clerk_id, row.business_date) == \
        ("insert", "syt.binh", clerk_id(db, "syt.binh"), D(2021, 8, 15))
    assert row.before is None
    assert row.after["status"] == "blocked" and row.after["progress"] == 30
    assert row.after["difficulties"] == "Thiếu nhân lực."

    ext = request_extension(workspace(db, "2021-08-15", "syt.binh"), a, D(2021, 9, 15), "Thiếu nhân lực.")
    decide_extension(workspace(db, "2021-08-16", "vp.ha"), ext.id, grant=True, note="Đồng ý.")
    with db.session() as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.entity == "extensions",
                                                  AuditEntry.entity_id == str(ext.id))
                         .order_by(AuditEntry.id)).all()
    assert [r.action for r in rows] == ["insert", "update"]
    upd = rows[1]
    assert (upd.os_user, upd.clerk_id, upd.business_date) == ("vp.ha", clerk_id(db, "vp.ha"), D(2021, 8, 16))
    assert set(upd.before) == set(upd.after)
    assert set(upd.after) == {"status", "decided_on", "decided_by", "decision_note"}
    assert upd.before["status"] == "requested" and upd.after["status"] == "granted"
    assert upd.before["decided_on"] is None and upd.after["decided_on"] == "2021-08-16"
    assert upd.after["decided_by"] == clerk_id(db, "vp.ha")
    assert "new_due" not in upd.after and "reason" not in upd.after


# --- extensions ------------------------------------------------------------------------------


def test_extension_changes_due_from_grant_date(plan_db):
    db = plan_db
    a = aid(db, "II.1.1", "Sở Y tế")  # due 15/08/2021
    ext = request_extension(workspace(db, "2021-08-15", "syt.binh"), a, D(2021, 9, 15), "Cần thêm thời gian.")
    assert (ext.status, ext.requested_on) == ("requested", D(2021, 8, 15))
    # a request alone changes nothing
    py, _ = stand(db, a, D(2021, 8, 17))
    assert py.due == D(2021, 8, 15) and py.category is Category.OVERDUE

    granted = decide_extension(workspace(db, "2021-08-18", "vp.ha"), ext.id, grant=True)
    assert (granted.status, granted.decided_on) == ("granted", D(2021, 8, 18))
    with db.session() as s:
        stored = s.get(Extension, ext.id)
        assert (stored.status, stored.new_due, stored.decided_by) == \
            ("granted", D(2021, 9, 15), clerk_id(db, "vp.ha"))
        assert s.get(Assignment, a).deadline.due == D(2021, 8, 15)  # the original is kept

    py, _ = stand(db, a, D(2021, 8, 17))
    assert py.due == D(2021, 8, 15) and not py.extended and py.category is Category.OVERDUE
    py, row = stand(db, a, D(2021, 8, 18))
    assert py.due == D(2021, 9, 15) and py.original_due == D(2021, 8, 15) and py.extended
    assert py.category is Category.IN_PROGRESS
    assert row.standing.original_due == D(2021, 8, 15)

    refused(db, ValidationError, ["đã được xử lý"], decide_extension,
            workspace(db, "2021-08-19", "vp.ha"), ext.id, True)
    refused(db, PermissionDeniedError, ["Trần Văn Bình"], request_extension,
            workspace(db, "2021-08-19", "syt.binh"), aid(db, "II.1.3", "Công an tỉnh"), D(2021, 9, 30), "x")


# --- NFC at the boundary --------------------------------------------------------------------


def test_nfd_input_is_stored_nfc(plan_db):
    db = plan_db
    a = aid(db, "II.1.9", "Sở Y tế")
    nfd = unicodedata.normalize("NFD", "Đã hoàn thành việc rà soát")
    assert nfd != unicodedata.normalize("NFC", nfd)
    ci = record_checkin(workspace(db, "2021-08-20", "syt.binh"), a,
                        CheckinInput(status=unicodedata.normalize("NFD", "Đang thực hiện"), result=nfd))
    assert ci.status == "in_progress"
    with db.session() as s:
        raw = s.execute(text("select result from checkins where id = :i"), {"i": ci.id}).scalar_one()
    assert raw == "Đã hoàn thành việc rà soát"
    assert unicodedata.is_normalized("NFC", raw)


def test_search_and_unit_filters(plan_db):
    db = plan_db
    day = D(2021, 9, 1)
    with db.session() as s:
        hits = list_assignments(s, AssignmentFilter(search="kich ban ung pho"), day)
        assert "II.1.1" in {r.task_path for r in hits}
        for r in hits:  # every word, without diacritics, is in each hit
            assert all(w in fold(r.task_text) for w in ("kich", "ban", "ung", "pho")), r.task_path
        assert "II.1.1" not in {r.task_path for r in
                                list_assignments(s, AssignmentFilter(search="kich ban ung pho xyzzy"), day)}
        nfd_hits = list_assignments(s, AssignmentFilter(search=unicodedata.normalize("NFD", "kịch bản ứng phó")), day)
        assert {r.id for r in nfd_hits} == {r.id for r in hits}

        syt = list_assignments(s, AssignmentFilter(unit="so y te"), day)
        assert syt and {r.unit_name for r in syt} == {"Sở Y tế"}
        assert "II.1.1" in {r.task_path for r in syt}

        qs = list_assignments(s, AssignmentFilter(unit="BCHQS tỉnh"), day)
        assert qs and {r.unit_name for r in qs} == {"Bộ Chỉ huy Quân sự tỉnh"}

        districts = list_assignments(s, AssignmentFilter(unit="UBND các huyện, thị xã, thành phố"), day)
        names = {r.unit_name for r in districts}
        assert len(names) == 11
        for place in ("Đồng Xoài", "Bình Long", "Phước Long", "Chơn Thành", "Bù Đăng", "Bù Đốp",
                      "Bù Gia Mập", "Đồng Phú", "Hớn Quản", "Lộc Ninh", "Phú Riềng"):
            assert sum(place in n for n in names) == 1, place
        # every district of the group has the group's tasks, e.g. II.1.2-3
        assert {r.unit_name for r in districts if r.task_path == "II.1.2-3"} == names


# --- as-of independence ---------------------------------------------------------------------


def test_later_facts_do_not_change_an_earlier_day(plan_db):
    db = plan_db
    a = aid(db, "II.1.3", "Công an tỉnh")  # due 19/08/2021
    early = D(2021, 8, 20)
    before, before_row = stand(db, a, early)
    assert before.category is Category.OVERDUE

    record_checkin(workspace(db, "2021-09-10", "ca.long"), a,
                   CheckinInput(status="done", completed_on=D(2021, 8, 19)))
    decide_completion(workspace(db, "2021-09-12", "vp.ha"), a, "confirm")
    ext_target = aid(db, "II.1.3", "Sở Y tế")
    ext = request_extension(workspace(db, "2021-09-12", "syt.binh"), ext_target, D(2021, 10, 30), "Thiếu vật tư.")
    decide_extension(workspace(db, "2021-09-13", "vp.ha"), ext.id, grant=True)

    after, after_row = stand(db, a, early)
    assert after == before and after_row.standing == before_row.standing
    assert after_row.last_checkin_on is None
    now, _ = stand(db, a, D(2021, 9, 12))
    assert now.category is Category.DONE_ON_TIME  # the later facts did count from their date
    old_ext, _ = stand(db, ext_target, early)
    assert old_ext.due == D(2021, 8, 19) and old_ext.category is Category.OVERDUE


def test_period_starts_give_the_same_sql_in_every_process(demo_db, db_url):
    """The directives' reporting cycles come in one order (the CASE of their period starts is
    written the same by every process), whatever order string hashing gives a set."""
    import os
    import subprocess
    import sys

    code = ("import sys, datetime as dt\n"
            "from db.engine import Database\n"
            "from core.services.assignments import period_starts\n"
            "from core.status import period_start_expr\n"
            "db = Database(sys.argv[1])\n"
            "with db.session() as s:\n"
            "    day = dt.date(2021, 9, 1)\n"
            "    print(list(period_starts(s, day)), str(period_start_expr(period_starts(s, day), day)))\n"
            "db.dispose()\n")
    outputs = {subprocess.run([sys.executable, "-c", code, db_url], check=True, capture_output=True, text=True,
                              env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout
               for seed in range(1, 7)}
    assert len(outputs) == 1, outputs
    assert "semi_monthly" in next(iter(outputs)) and "weekly" in next(iter(outputs))


def test_the_directives_cycles_are_read_once_a_session_until_a_write(demo_db):
    """period_starts reads the directives' cycles once per session (the dashboard asks five
    times); a flush, or the end of a transaction, makes the next call read them again."""
    from sqlalchemy import event, select

    from core.models import Directive
    from core.services.assignments import period_starts

    day = dt.date(2021, 9, 1)
    reads = []

    def count(_conn, _cursor, statement, *_args):
        if "reporting_cycle" in statement and "DISTINCT" in statement:
            reads.append(statement)

    event.listen(demo_db.engine, "before_cursor_execute", count)
    try:
        with demo_db.session() as s:
            first = period_starts(s, day)
            assert period_starts(s, day) == first and len(reads) == 1
            directive = s.scalars(select(Directive).order_by(Directive.id)).first()
            assert "monthly@20" not in first
            directive.reporting_cycle = "monthly@20"
            s.flush()
            assert "monthly@20" in period_starts(s, day) and len(reads) == 2
            s.rollback()
            assert period_starts(s, day) == first and len(reads) == 3
    finally:
        event.remove(demo_db.engine, "before_cursor_execute", count)
