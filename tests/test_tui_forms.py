"""The forms (check-in, decision, extension, task edit) driven with Pilot on the demo."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from textual.widgets import Select

from conftest import make_app, settle
from core.errors import InvalidDateError
from core.models import Assignment, Checkin, Confirmation, Extension, Task, Unit
from core.services.checkins import CheckinInput, decide_completion, record_checkin, standing_of
from core.services.task_edit import load_task_for_edit, save_task_edit
from core.services.workspace import Workspace, parse_user_date
from tui import strings as S
from tui.screens.checkin_form import CheckinForm
from tui.screens.decision_form import DecisionForm
from tui.screens.extension_form import ExtensionForm
from tui.screens.task_edit_form import TaskEditForm

DAY = dt.date(2021, 9, 1)




def _assignment(db, path: str, unit: str) -> int:
    with db.session() as s:
        return s.scalar(select(Assignment.id).join(Task).join(Unit, Unit.id == Assignment.unit_id)
                        .where(Task.directive_id == 1, Task.path == path, Unit.name == unit))


def _count(db, model, **where) -> int:
    with db.session() as s:
        q = select(func.count()).select_from(model)
        for k, v in where.items():
            q = q.where(getattr(model, k) == v)
        return s.scalar(q)


async def _open(pilot, form):
    results: list = []
    await settle(pilot)
    pilot.app.push_screen(form, results.append)
    await settle(pilot)
    return results


async def _type(pilot, widget_id: str, text: str, keys: bool = False) -> None:
    """Type into a field: key by key (keys=True) or as a paste would (one Changed event)."""
    w = pilot.app.screen.query_one(f"#{widget_id}")
    w.focus()
    if keys:
        if hasattr(w, "load_text"):
            w.load_text("")
        else:
            w.value = ""
        await pilot.pause()
        await pilot.press(*text)
    elif hasattr(w, "load_text"):
        w.load_text(text)
    else:
        w.value = text
    await pilot.pause()


def _note(screen, field_id: str) -> str:
    return screen.field(field_id).note_text


# --- check-in then decision ------------------------------------------------------------------

async def test_done_checkin_then_confirmation_is_stored_and_done_late(sqlite_demo):
    aid = _assignment(sqlite_demo, "II.1.3", "Sở Y tế")
    before = _count(sqlite_demo, Checkin, assignment_id=aid)
    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        results = await _open(pilot, CheckinForm(aid))
        form = app.screen
        assert "II.1.3" in str(form.query_one("#form-header").content)
        assert "Sở Y tế" in str(form.query_one("#form-header").content)
        assert not form.field("f-completed").display
        form.query_one("#checkin-status", Select).value = "done"
        await pilot.pause()
        assert form.field("f-completed").display
        assert form.field("f-completed").value == "01/09/2021"
        await _type(pilot, "checkin-result", "Đã thiết lập 12 chốt kiểm soát")
        await _type(pilot, "checkin-reference", "45/BC-SYT")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert results == [True]
    with sqlite_demo.session() as s:
        rows = s.scalars(select(Checkin).where(Checkin.assignment_id == aid)
                         .order_by(Checkin.id.desc())).all()
        assert len(rows) == before + 1
        c = rows[0]
        assert (c.status, c.completed_on, c.reported_on, c.progress) == ("done", DAY, DAY, 100)
        assert c.result == "Đã thiết lập 12 chốt kiểm soát" and c.reference == "45/BC-SYT"

    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        results = await _open(pilot, DecisionForm(aid))
        report = str(app.screen.query_one("#decision-report").content)
        assert "01/09/2021" in report and "Đã thiết lập 12 chốt" in report
        assert S.CATEGORY["done_late"] in report
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert results == [True]
    with sqlite_demo.session() as s:
        conf = s.scalar(select(Confirmation).where(Confirmation.assignment_id == aid)
                        .order_by(Confirmation.id.desc()))
        assert conf.decision == "confirm" and conf.decided_on == DAY
        st = standing_of(s, s.get(Assignment, aid), DAY)
        assert st.category.value == "done_late" and st.completed_on == DAY


async def test_progress_out_of_range_is_explained_and_save_refused(sqlite_demo):
    aid = _assignment(sqlite_demo, "II.1.3", "Sở Y tế")
    before = _count(sqlite_demo, Checkin)
    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        results = await _open(pilot, CheckinForm(aid))
        form = app.screen
        await _type(pilot, "checkin-result", "Một phần", keys=True)
        await _type(pilot, "checkin-progress", "150", keys=True)
        assert _note(form, "f-progress") == "Tiến độ phải từ 0 đến 100"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and results == []
        assert form.form_error == S.FORM_FIX_FIELDS
        assert form.field("f-progress").value == "150" and form.field("f-result").value == "Một phần"
        # a completion date that does not exist: the message of parse_user_date
        form.query_one("#checkin-status", Select).value = "done"
        await pilot.pause()
        await _type(pilot, "checkin-completed", "31/02/2021")
        with pytest.raises(InvalidDateError) as err:
            parse_user_date("31/02/2021", S.CHECKIN_COMPLETED_ON)
        assert _note(form, "f-completed") == str(err.value)
        # fixing the value clears the message
        await _type(pilot, "checkin-progress", "80")
        assert form.field("f-progress").error is None
        await pilot.press("escape")
        await settle(pilot)
        assert results == [False]
    assert _count(sqlite_demo, Checkin) == before


async def test_permission_error_is_shown_in_the_form_with_values_kept(sqlite_demo):
    aid = _assignment(sqlite_demo, "II.1.3", "Công an tỉnh")
    before = _count(sqlite_demo, Checkin)
    app = make_app(sqlite_demo, user="syt.binh")
    async with app.run_test(size=(80, 24)) as pilot:
        results = await _open(pilot, CheckinForm(aid))
        form = app.screen
        await _type(pilot, "checkin-result", "Báo cáo nhầm đơn vị")
        await _type(pilot, "checkin-progress", "40")
        await pilot.click("#form-save-button")
        await settle(pilot)
        assert app.screen is form and results == []
        assert "không được báo cáo thay cho đơn vị «Công an tỉnh»" in form.form_error
        assert form.field("f-result").value == "Báo cáo nhầm đơn vị"
        assert form.field("f-progress").value == "40"
    assert _count(sqlite_demo, Checkin) == before


async def test_assignment_closed_meanwhile_is_shown_in_the_form(sqlite_demo):
    aid = _assignment(sqlite_demo, "II.1.3", "Sở Y tế")
    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        results = await _open(pilot, CheckinForm(aid))
        form = app.screen
        await _type(pilot, "checkin-result", "Tiếp tục rà soát")
        # another clerk reports done and the Office confirms, while this form is open
        ws = Workspace(db=sqlite_demo, today=DAY, os_user="vp.ha")
        record_checkin(ws, aid, CheckinInput(status="done"))
        decide_completion(ws, aid, "confirm")
        before = _count(sqlite_demo, Checkin)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and results == []
        assert "đã được Văn phòng xác nhận hoàn thành" in form.form_error
        assert form.field("f-result").value == "Tiếp tục rà soát"
    assert _count(sqlite_demo, Checkin) == before


async def test_return_requires_a_reason(sqlite_demo):
    aid = _assignment(sqlite_demo, "II.1.3", "Sở Y tế")
    record_checkin(Workspace(db=sqlite_demo, today=DAY, os_user="syt.binh"), aid,
                   CheckinInput(status="done", result="Đã xong"))
    before = _count(sqlite_demo, Confirmation)
    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        results = await _open(pilot, DecisionForm(aid))
        form = app.screen
        form.query_one("#decision-choice", Select).value = "return"
        await pilot.pause()
        assert _note(form, "f-reason") == S.DECISION_REASON_REQUIRED
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and _count(sqlite_demo, Confirmation) == before
        await _type(pilot, "decision-reason", "Thiếu số liệu xét nghiệm")
        assert form.field("f-reason").error is None
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert results == [True], form.form_error
    with sqlite_demo.session() as s:
        conf = s.scalar(select(Confirmation).order_by(Confirmation.id.desc()))
        assert (conf.assignment_id, conf.decision, conf.reason) == (aid, "return", "Thiếu số liệu xét nghiệm")


async def test_extension_request_then_grant(sqlite_demo):
    aid = _assignment(sqlite_demo, "II.1.3", "Sở Y tế")  # due 19/08/2021, overdue
    app = make_app(sqlite_demo, user="syt.binh")
    async with app.run_test(size=(80, 24)) as pilot:
        results = await _open(pilot, ExtensionForm(aid))
        form = app.screen
        assert not form.field("f-ext-decision").display
        await _type(pilot, "ext-new-due", "15/08/2021")
        assert "đã qua" in _note(form, "f-new-due")
        await _type(pilot, "ext-new-due", "30/09/2021")
        assert form.field("f-new-due").error is None
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and form.field("f-ext-reason").error == S.EXT_REASON_REQUIRED
        await _type(pilot, "ext-reason", "Chờ phân bổ vắc xin")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert results == [True]
    with sqlite_demo.session() as s:
        ext = s.scalar(select(Extension).where(Extension.assignment_id == aid))
        assert (ext.status, ext.new_due, ext.reason) == ("requested", dt.date(2021, 9, 30), "Chờ phân bổ vắc xin")

    app = make_app(sqlite_demo)  # tester: admin, decides
    async with app.run_test(size=(80, 24)) as pilot:
        results = await _open(pilot, ExtensionForm(aid))
        form = app.screen
        assert form.deciding and not form.field("f-new-due").display
        request = str(form.query_one("#ext-request").content)
        assert "30/09/2021" in request and "Chờ phân bổ vắc xin" in request
        await _type(pilot, "ext-note", "Đồng ý")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert results == [True]
    with sqlite_demo.session() as s:
        ext = s.scalar(select(Extension).where(Extension.assignment_id == aid))
        assert (ext.status, ext.decided_on, ext.decision_note) == ("granted", DAY, "Đồng ý")
        st = standing_of(s, s.get(Assignment, aid), DAY)
        assert st.due == dt.date(2021, 9, 30) and st.category.value == "in_progress"


# --- task edit -------------------------------------------------------------------------------

def _task_id(db, path: str) -> int:
    with db.session() as s:
        return s.scalar(select(Task.id).where(Task.directive_id == 1, Task.path == path))


async def test_task_edit_validates_units_and_deadline_as_typed_and_saves(sqlite_demo):
    tid = _task_id(sqlite_demo, "II.1.9")
    app = make_app(sqlite_demo)
    async with app.run_test(size=(120, 40)) as pilot:
        results = await _open(pilot, TaskEditForm(tid))
        form = app.screen
        assert "Sở Y tế" in form.field("f-lead").value
        await _type(pilot, "task-deadline", "trước ngày 20/9/2021")
        assert _note(form, "f-deadline") == "hạn 19/09/2021"
        await _type(pilot, "task-deadline", "thường xuyên")
        assert _note(form, "f-deadline") == S.DEADLINE_KIND["recurring"]
        await _type(pilot, "task-deadline", "ngày mai nhé")
        assert "Không hiểu thời hạn" in _note(form, "f-deadline")
        await _type(pilot, "task-coord", "Sở Tài chánh xyz")
        assert "Không tìm thấy đơn vị" in _note(form, "f-coord")
        await _type(pilot, "task-coord", "các cơ quan liên quan")
        assert "không chỉ rõ đơn vị" in _note(form, "f-coord")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and results == []
        await _type(pilot, "task-coord", "Sở Tài chính")
        assert "Sở Tài chính" in _note(form, "f-coord")
        await _type(pilot, "task-deadline", "trong tháng 10/2021")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert results == [True]
    with sqlite_demo.session() as s:
        task = s.get(Task, tid)
        assert task.deadline.due == dt.date(2021, 10, 31)
        names = {a.unit.name: a.role for a in task.assignments}
        assert names.get("Sở Tài chính") == "coordinating"


async def test_task_edit_conflict_keeps_the_typed_text(sqlite_demo):
    tid = _task_id(sqlite_demo, "II.1.3")
    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        results = await _open(pilot, TaskEditForm(tid))  # first read
        form = app.screen
        other = Workspace(db=sqlite_demo, today=DAY, os_user="vp.ha")
        theirs = load_task_for_edit(other, tid)  # second read, saved first
        save_task_edit(other, tid, text="Sửa bởi chị Hà", lead=theirs.lead, coordinating=theirs.coordinating,
                       deadline_phrase=theirs.deadline_phrase, expected_task_version=theirs.task_version,
                       expected_deadline_version=theirs.deadline_version)
        await _type(pilot, "task-text", "Nội dung tôi vừa gõ", keys=True)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and results == []
        assert "vẫn được giữ" in form.form_error and "sửa lúc" in form.form_error
        assert form.field("f-text").value == "Nội dung tôi vừa gõ"
        assert "Sửa bởi chị Hà" in str(form.query_one("#form-header").content)
        with sqlite_demo.session() as s:
            assert s.get(Task, tid).text == "Sửa bởi chị Hà"
        # having seen it, saving again writes the clerk's text
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert results == [True]
    with sqlite_demo.session() as s:
        assert s.get(Task, tid).text == "Nội dung tôi vừa gõ"


# --- snapshots -------------------------------------------------------------------------------

def _opener(form_factory):
    async def run_before(pilot):
        await settle(pilot)
        pilot.app.push_screen(form_factory(pilot.app))
        await settle(pilot)

    return run_before


def _forms(db):
    return {
        "checkin": lambda app: CheckinForm(_assignment(db, "II.1.12", "Sở Y tế")),
        "decision": lambda app: DecisionForm(_assignment(db, "II.1.12", "Sở Y tế")),
        "extension": lambda app: ExtensionForm(_assignment(db, "II.1.3", "Sở Y tế")),
        "task_edit": lambda app: TaskEditForm(_task_id(db, "II.1.3")),
    }


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("name", ["checkin", "decision", "extension", "task_edit"])
def test_form_snapshots(snap_compare, sqlite_demo, name, size):
    run_before = _opener(_forms(sqlite_demo)[name])
    assert snap_compare(make_app(sqlite_demo), terminal_size=size, run_before=run_before)
