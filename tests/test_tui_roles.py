"""Roles in the TUI (issue 6): each role sees everything and can only do what it is allowed —
the keys for the rest are greyed out and do nothing (core's own refusal, shown in a form that
a stale screen still opened, is tested in test_tui_forms.py). Driven with Pilot on the demo: xem.tuan (viewer), syt.binh (Sở Y tế's clerk), vp.ha
(Office), and an OS user without a clerk record or with a disabled one."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update

from conftest import make_app, settle
from core.models import Assignment, Checkin, Clerk, Confirmation, Extension, Task, Unit
from core.services.checkins import CheckinInput, record_checkin
from tests.conftest import workspace
from tui import strings as S
from tui.screens.checkin_form import CheckinForm
from tui.screens.task_detail import TaskDetailScreen

WRITES = (Checkin, Confirmation, Extension)


def _writes(db) -> tuple[int, ...]:
    with db.session() as s:
        return tuple(s.scalar(select(func.count()).select_from(m)) for m in WRITES)


def _assignment(db, path: str, unit: str) -> int:
    with db.session() as s:
        return s.scalar(select(Assignment.id).join(Task).join(Unit, Unit.id == Assignment.unit_id)
                        .where(Task.directive_id == 1, Task.path == path, Unit.name == unit))


def _header_text(app) -> str:
    from tui.widgets.header import AppHeader

    return " ".join(str(h.render()) for h in app.screen.query(AppHeader))


async def _assignments_on(pilot, unit_name: str):
    """Section 3 with its cursor on the first row of `unit_name`."""
    await pilot.press("3")
    await settle(pilot, 6)
    screen = pilot.app.screen
    table = screen.query_one("#assign-table")
    for _ in range(400):
        row = screen.current_row()
        if row is not None and row.unit_name == unit_name:
            return screen, row
        await pilot.press("down")
    raise AssertionError(f"no row of {unit_name} in the first rows")


async def _press_and_expect_nothing(pilot, keys: str, db, before) -> None:
    screen = pilot.app.screen
    for key in keys:
        await pilot.press(key)
        await settle(pilot)
        assert pilot.app.screen is screen, f"«{key}» opened {type(pilot.app.screen).__name__}"
    assert _writes(db) == before


async def test_a_viewer_reads_everything_and_every_write_key_is_greyed_out(sqlite_demo):
    app = make_app(sqlite_demo, user="xem.tuan")
    before = _writes(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Hoàng Anh Tuấn" in _header_text(app)
        assert app.screen.check_action("checkin", ()) is None
        screen, row = await _assignments_on(pilot, "Sở Y tế")
        for action in ("checkin", "extension", "confirm"):
            assert screen.check_action(action, ()) is None, action
        await _press_and_expect_nothing(pilot, "nxg", sqlite_demo, before)
        # The task detail: readable, nothing writable.
        await pilot.press("enter")
        await settle(pilot, 6)
        assert isinstance(app.screen, TaskDetailScreen)
        for action in ("checkin", "decide", "extension", "edit"):
            assert app.screen.check_action(action, ()) is None, action
        await _press_and_expect_nothing(pilot, "nxge", sqlite_demo, before)


async def test_a_unit_clerk_reports_for_its_own_unit_only_and_never_confirms(sqlite_demo):
    app = make_app(sqlite_demo, user="syt.binh")
    before = _writes(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Trần Văn Bình" in _header_text(app)
        screen, own = await _assignments_on(pilot, "Sở Y tế")
        assert screen.check_action("checkin", ()) and screen.check_action("extension", ())
        assert screen.check_action("confirm", ()) is None  # the Office's
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, CheckinForm)  # its own unit: the form opens
        await pilot.press("escape")
        await settle(pilot)
        screen, other = await _assignments_on(pilot, "Sở Tài chính")
        for action in ("checkin", "extension", "confirm"):
            assert screen.check_action(action, ()) is None, action
        await _press_and_expect_nothing(pilot, "nxg", sqlite_demo, before)


async def test_the_office_confirms_what_a_unit_reported(sqlite_demo):
    aid = _assignment(sqlite_demo, "II.1.3", "Sở Y tế")
    record_checkin(workspace(sqlite_demo, "2021-09-01", "syt.binh"), aid,
                   CheckinInput(status="done", result="Đã hoàn thành"))
    for user, allowed in (("vp.ha", True), ("syt.binh", False)):
        app = make_app(sqlite_demo, user=user)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            app.push_screen(TaskDetailScreen(_task_of(sqlite_demo, aid), assignment_id=aid))
            await settle(pilot, 6)
            assert bool(app.screen.check_action("decide", ())) is allowed, user
            assert bool(app.screen.check_action("edit", ())) is allowed, user


def _task_of(db, aid: int) -> int:
    with db.session() as s:
        return s.get(Assignment, aid).task_id


async def test_an_unregistered_or_disabled_user_is_told_why_nothing_can_be_written(sqlite_demo):
    with sqlite_demo.session() as s:
        s.execute(update(Clerk).where(Clerk.os_user == "vp.nam").values(active=False))
    for user, header, reason in (
        ("stranger", "stranger (chưa đăng ký)", "chưa được đăng ký là cán bộ"),
        ("vp.nam", S.HEADER_DISABLED_CLERK.format(name="Lê Hoài Nam"), "đã bị khóa"),
    ):
        app = make_app(sqlite_demo, user=user)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot, 6)
            assert header in _header_text(app)
            assert app.clerk_role is None and app.screen.check_action("checkin", ()) is None
            notices = [str(n.message) for n in app._notifications]
            assert any(reason in n and "chỉ xem được" in n for n in notices), notices
