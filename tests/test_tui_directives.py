"""Section 2 "Văn bản": the list, a directive's task tree, and a task's detail — with Pilot."""
from __future__ import annotations

import datetime as dt

from textual.widgets import DataTable, Static, Tree

from sqlalchemy import select

from conftest import make_app, plain, settle, workspace
from core.models import Assignment, Task, Unit
from core.services.assignments import AssignmentFilter, list_assignments
from core.services.directive_views import load_directive_list
from tui.screens.directive_detail import DirectiveDetailScreen
from tui.screens.directives import DirectivesScreen
from tui.screens.task_detail import TaskDetailScreen

DAY = dt.date(2021, 9, 1)
DISTRICTS = ["Đồng Xoài", "Bình Long", "Phước Long", "Chơn Thành", "Bù Đăng", "Bù Đốp", "Bù Gia Mập",
             "Đồng Phú", "Hớn Quản", "Lộc Ninh", "Phú Riềng"]


def _cells(table: DataTable, column: int = 0) -> list[str]:
    out = []
    for i in range(table.row_count):
        cell = table.get_row_at(i)[column]
        out.append(cell.plain if hasattr(cell, "plain") else str(cell))
    return out


async def _open_list(pilot):
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)


async def _open_directive(pilot):
    await _open_list(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def _walk_to(pilot, path: str):
    tree = pilot.app.screen.query_one("#dd-tree", Tree)
    tree.focus()
    await pilot.pause()
    for _ in range(80):
        node = tree.cursor_node
        if node is not None and node.data is not None and node.data.path == path:
            break
        await pilot.press("down")
    await settle(pilot)
    assert tree.cursor_node.data.path == path


async def _open_task(pilot, path: str = "II.1.3"):
    await _open_directive(pilot)
    await _walk_to(pilot, path)
    await pilot.press("enter")
    await settle(pilot)


def list_assignments_of(db, path: str):
    with db.session() as s:
        return [r for r in list_assignments(s, AssignmentFilter(directive="1"), DAY) if r.task_path == path]


def _assignment_id(db, path: str, unit_name: str) -> int:
    with db.session() as s:
        return s.query(Assignment.id).join(Task).join(Unit, Unit.id == Assignment.unit_id).filter(
            Task.directive_id == 1, Task.path == path, Unit.name == unit_name).scalar()


async def test_list_shows_the_demo_directive_with_tasks_and_share(sqlite_demo):
    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_list(pilot)
        assert isinstance(app.screen, DirectivesScreen)
        table = app.screen.query_one("#dir-table", DataTable)
        assert table.row_count == 1
        row = [c.plain if hasattr(c, "plain") else c for c in table.get_row_at(0)]
        assert row[0] == "—" and row[1] == "Kế hoạch" and row[2] == "14/08/2021"
        [summary] = [r for r in load_directive_list(workspace(sqlite_demo, DAY)) if r.id == 1]
        assert row[-2] == "55" and row[-1] == f"{summary.share_on_time * 100:.0f}%"
        assert "1 văn bản" in plain(app.screen.query_one("#dir-count", Static))


async def test_directive_detail_walks_the_tree_to_II_1_3_and_shows_its_districts(sqlite_demo):
    app = make_app(sqlite_demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_directive(pilot)
        assert isinstance(app.screen, DirectiveDetailScreen)
        info = plain(app.screen.query_one("#dd-info", Static))
        assert "Kế hoạch (không số) ngày 14/08/2021" in info
        assert "UBND tỉnh Bình Phước" in info and "Trần Tuệ Hiền" in info
        assert "ngày 15 và 30 hàng tháng" in info and "05-NQ/TU" in info
        await _walk_to(pilot, "II.1.3")
        label = app.screen.query_one("#dd-tree", Tree).cursor_node.label.plain
        overdue = sum(1 for r in list_assignments_of(sqlite_demo, "II.1.3") if r.standing.category.value == "overdue")
        assert "Trước ngày 20/8/2021" in label and f"Q{overdue}" in label
        table = app.screen.query_one("#dd-assignments", DataTable)
        units = _cells(table)
        assert table.row_count == 15
        for district in DISTRICTS:
            assert any(district in u for u in units), district
        roles = _cells(table, 1)
        assert all(r.startswith("chủ trì") and "giao" in r for r in roles), roles


def _reported_early_confirmed_in_september(db):
    """An assignment of the plan with a check-in on or before the demo's day and a
    confirmation later in September: (task path, unit, assignment id, task id, check-in day,
    its reference, the clerk's name, confirmation day)."""
    from core.models import Checkin, Clerk, Confirmation

    with db.session() as s:
        return s.execute(
            select(Task.path, Unit.name, Assignment.id, Task.id, Checkin.reported_on, Checkin.reference,
                   Clerk.display_name, Confirmation.decided_on)
            .join(Assignment, Assignment.task_id == Task.id).join(Unit, Unit.id == Assignment.unit_id)
            .join(Checkin, Checkin.assignment_id == Assignment.id).join(Clerk, Clerk.id == Checkin.clerk_id)
            .join(Confirmation, Confirmation.assignment_id == Assignment.id)
            .where(Task.directive_id == 1, Checkin.reported_on <= DAY,
                   Confirmation.decided_on > DAY, Confirmation.decided_on <= dt.date(2021, 9, 30))
            .order_by(Task.position, Assignment.id, Checkin.reported_on)).first()


async def test_enter_on_a_task_opens_its_detail_with_timeline_and_hides_later_facts(sqlite_demo):
    path, unit, aid, _task_id, reported, reference, clerk, confirmed = _reported_early_confirmed_in_september(sqlite_demo)
    app = make_app(sqlite_demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_task(pilot, path)
        screen = app.screen
        assert isinstance(screen, TaskDetailScreen)
        info = plain(screen.query_one("#td-info", Static))
        assert path in info
        # the check-in before the demo's day is shown; the confirmation after it is hidden
        table = screen.query_one("#td-assignments", DataTable)
        keys = [table.coordinate_to_cell_key((i, 0)).row_key.value for i in range(table.row_count)]
        table.move_cursor(row=keys.index(str(aid)))
        await settle(pilot)
        assert screen.assignment_id == aid
        timeline = plain(screen.query_one("#td-timeline", Static))
        assert f"{reported:%d/%m/%Y}" in timeline and "Báo cáo tiến độ" in timeline
        assert reference in timeline and clerk in timeline
        assert f"{confirmed:%d/%m/%Y}" not in timeline and "Xác nhận hoàn thành" not in timeline
        assert "mục sau ngày xem 01/09/2021" in timeline
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DirectiveDetailScreen)


async def test_ii_1_3_shows_the_deadline_as_written_and_as_read(sqlite_demo):
    app = make_app(sqlite_demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_task(pilot, "II.1.3")
        info = plain(app.screen.query_one("#td-info", Static))
        assert "II.1.3" in info and "Tiếp tục tổ chức hiệu quả các Chốt" in info
        assert "«Trước ngày 20/8/2021» → hạn 19/08/2021" in info


async def test_task_detail_preselects_the_assignment_passed_in_and_later_date_shows_more(sqlite_demo):
    _path, unit, aid, task_id, _reported, _ref, _clerk, confirmed = _reported_early_confirmed_in_september(sqlite_demo)
    app = make_app(sqlite_demo, today=dt.date(2021, 9, 30))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(TaskDetailScreen(task_id, assignment_id=aid))
        await settle(pilot)
        screen = app.screen
        assert screen.current_assignment().unit_name == unit
        timeline = plain(screen.query_one("#td-timeline", Static))
        assert f"{confirmed:%d/%m/%Y}" in timeline and "Xác nhận hoàn thành" in timeline


async def test_keys_on_task_detail_by_role(sqlite_demo):
    for user, allowed in [("xem.tuan", set()), ("syt.binh", {"checkin", "extension"}),
                          ("vp.ha", {"checkin", "extension", "edit"})]:
        app = make_app(sqlite_demo, user=user)
        with sqlite_demo.session() as s:
            row = list_assignments(s, AssignmentFilter(unit="Sở Y tế", category="overdue"), DAY)[0]
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            app.push_screen(TaskDetailScreen(row.task_id, assignment_id=row.id))
            await settle(pilot)
            screen = app.screen
            got = {a for a in ("checkin", "decide", "extension", "edit") if screen.check_action(a, ())}
            assert got == allowed, user
            await pilot.press("x")  # never allowed here: an overdue assignment is not awaiting
            await pilot.pause()
            assert app.screen is screen


async def test_unit_clerk_cannot_report_for_another_unit(sqlite_demo):
    app = make_app(sqlite_demo, user="syt.binh")
    ca = _assignment_id(sqlite_demo, "II.1.3", "Công an tỉnh")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(TaskDetailScreen(12, assignment_id=ca))
        await settle(pilot)
        assert app.screen.check_action("checkin", ()) is None
        assert app.screen.check_action("extension", ()) is None


async def test_office_keys_open_the_forms_and_escape_closes_them(sqlite_demo):
    from tui.screens.checkin_form import CheckinForm
    from tui.screens.extension_form import ExtensionForm
    from tui.screens.task_edit_form import TaskEditForm

    app = make_app(sqlite_demo, user="vp.ha")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_task(pilot)
        screen = app.screen
        for key, form in [("n", CheckinForm), ("g", ExtensionForm), ("e", TaskEditForm)]:
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, form), key
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is screen


async def test_decision_key_for_an_awaiting_assignment(sqlite_demo):
    from core.services.directive_views import load_task_view
    from core.services.workspace import Workspace
    from tui.screens.decision_form import DecisionForm

    ws = Workspace(db=sqlite_demo, today=dt.date(2021, 9, 1), os_user="vp.ha")
    with sqlite_demo.session() as s:
        task_ids = [t for (t,) in s.query(Task.id).filter(Task.directive_id == 1, Task.kind == "task")]
    target = None
    for tid in task_ids:
        view = load_task_view(ws, tid)
        hit = next((a for a in view.assignments if "awaiting" in a.flags), None)
        if hit:
            target = (tid, hit.id)
            break
    assert target is not None
    app = make_app(sqlite_demo, user="vp.ha")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(TaskDetailScreen(*target))
        await settle(pilot)
        screen = app.screen
        assert screen.check_action("decide", ()) is True
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, DecisionForm)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen


async def test_a_jumps_to_assignments_filtered_on_the_directive(sqlite_demo, monkeypatch):
    seen = []
    from tui.screens import assignments

    monkeypatch.setattr(assignments.AssignmentsScreen, "apply_filter",
                        lambda self, flt: seen.append(flt), raising=False)
    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_directive(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert app.current_mode == "assignments"
        assert seen and seen[-1].directive == "1"


async def test_list_a_and_escape_from_detail(sqlite_demo, monkeypatch):
    seen = []
    from tui.screens import assignments

    monkeypatch.setattr(assignments.AssignmentsScreen, "apply_filter",
                        lambda self, flt: seen.append(flt), raising=False)
    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_directive(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DirectivesScreen)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert app.current_mode == "assignments" and seen[-1].directive == "1"


# --- snapshots -------------------------------------------------------------------------------


def _snap(run):
    async def before(pilot):
        await run(pilot)
        await settle(pilot)
    return before


async def _task_detail_ca(pilot):
    await _open_task(pilot)


def test_snapshot_list_80(snap_compare, sqlite_demo):
    assert snap_compare(make_app(sqlite_demo), terminal_size=(80, 24), run_before=_snap(_open_list))


def test_snapshot_list_120(snap_compare, sqlite_demo):
    assert snap_compare(make_app(sqlite_demo), terminal_size=(120, 40), run_before=_snap(_open_list))


async def _detail_at_II_1_3(pilot):
    await _open_directive(pilot)
    await _walk_to(pilot, "II.1.3")


def test_snapshot_detail_80(snap_compare, sqlite_demo):
    assert snap_compare(make_app(sqlite_demo), terminal_size=(80, 24), run_before=_snap(_detail_at_II_1_3))


def test_snapshot_detail_120(snap_compare, sqlite_demo):
    assert snap_compare(make_app(sqlite_demo), terminal_size=(120, 40), run_before=_snap(_detail_at_II_1_3))


def test_snapshot_task_detail_80(snap_compare, sqlite_demo):
    assert snap_compare(make_app(sqlite_demo), terminal_size=(80, 24), run_before=_snap(_task_detail_ca))


def test_snapshot_task_detail_120(snap_compare, sqlite_demo):
    assert snap_compare(make_app(sqlite_demo), terminal_size=(120, 40), run_before=_snap(_task_detail_ca))
