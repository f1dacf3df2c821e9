"""4 Đơn vị, the unit detail, 5 Lịch and the day list — driven with Pilot, plus snapshots."""
from __future__ import annotations

import datetime as dt


from textual.widgets import DataTable, Input, Static

from conftest import DEMO_DAY, make_app, plain, settle
from core.services.assignments import AssignmentFilter, count_assignments, list_assignments
from tui.screens.calendar import CalendarScreen
from tui.screens.day_detail import DayDetailScreen
from tui.screens.unit_detail import UnitDetailScreen
from tui.screens.units import UnitsScreen
from tui.widgets.assignment_table import AssignmentTable




def _cell(table: DataTable, row_key: str, col: str) -> str:
    value = table.get_cell(row_key, col)
    return getattr(value, "plain", str(value))


async def _search(pilot, text: str) -> None:
    await pilot.press("slash")
    await pilot.pause()
    await pilot.press(*text)
    await settle(pilot)
    await pilot.press("enter")  # back to the table
    await pilot.pause()


async def test_units_scorecard_sort_search_and_open(sqlite_demo):
    with sqlite_demo.session() as s:
        yte_overdue = len(list_assignments(s, AssignmentFilter(unit="Sở Y tế", category="overdue"), DEMO_DAY))
    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, UnitsScreen)
        table = screen.query_one("#units-table", DataTable)
        yte = next(c for c in screen.rows if c.name == "Sở Y tế")
        assert _cell(table, str(yte.unit_id), "overdue") == str(yte_overdue)
        assert screen.rows[0].overdue == max(c.overdue for c in screen.rows)
        assert "quá hạn nhiều nhất" in plain(screen.query_one("#units-title", Static))
        # s cycles the sort
        await pilot.press("s")
        await pilot.pause()
        assert screen.sort == "name"
        assert [c.sort_key for c in screen.rows] == sorted(c.sort_key for c in screen.rows)
        assert "tên A–Z" in plain(screen.query_one("#units-title", Static))
        for _ in range(3):
            await pilot.press("s")
        assert screen.sort == "overdue"
        # / searches by abbreviation, without diacritics
        await _search(pilot, "bchqs")
        assert [c.name for c in screen.rows] == ["Bộ Chỉ huy Quân sự tỉnh"]
        assert table.row_count == 1
        assert "bchqs" in plain(screen.query_one("#units-title", Static))
        # enter opens the unit
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, UnitDetailScreen)
        assert "Bộ Chỉ huy Quân sự tỉnh" in plain(app.screen.query_one("#unit-info", Static))
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        # escape clears the search
        await pilot.press("escape")
        await settle(pilot)
        assert screen.query_one("#units-search", Input).value == "" and len(screen.rows) > 40
        screen.apply_filter(AssignmentFilter(unit="so y te"))
        await settle(pilot)
        assert [c.name for c in screen.rows] == ["Sở Y tế"]


async def test_unit_detail_history_keys_and_jump(sqlite_demo):
    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        await _search(pilot, "ke hoach va dau")
        await pilot.press("enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, UnitDetailScreen)
        info = plain(detail.query_one("#unit-info", Static))
        assert "Sở Kế hoạch và Đầu tư → Sở Tài chính (01/03/2025)" in info
        assert "Sở KH&ĐT" in info and "đến 28/02/2025" in info and "Các sở, ban, ngành tỉnh" in info
        table = detail.query_one("#unit-assignments", AssignmentTable)
        assert table.row_count == detail.data.scorecard.total > 0
        row = table.current_row()
        # n opens the check-in form for the selected assignment
        await pilot.press("n")
        await pilot.pause()
        from tui.screens.checkin_form import CheckinForm

        assert isinstance(app.screen, CheckinForm)
        app.screen.dismiss(False)
        await settle(pilot)
        # enter opens the task
        await pilot.press("enter")
        await pilot.pause()
        from tui.screens.task_detail import TaskDetailScreen

        assert isinstance(app.screen, TaskDetailScreen)
        app.pop_screen()
        await settle(pilot)
        assert app.screen is detail and row is not None
        # a jumps to the assignments section
        await pilot.press("a")
        await settle(pilot)
        assert app.current_mode == "assignments"


async def test_unit_detail_read_only_for_a_viewer(sqlite_demo):
    app = make_app(sqlite_demo, user="xem.tuan")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, UnitDetailScreen)
        assert detail.check_action("checkin", ()) is None
        assert detail.check_action("open", ()) is True
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is detail


async def test_calendar_month_grid_navigation_and_day(sqlite_demo):
    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        cal = app.screen
        assert isinstance(cal, CalendarScreen)
        assert cal.selected == DEMO_DAY and cal.data.month == 9
        assert "Tháng 9/2021" in plain(cal.query_one("#cal-title", Static))
        assert cal.check_action("today", ()) is None
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert (cal.data.year, cal.data.month) == (2021, 8)
        assert "Tháng 8/2021" in plain(cal.query_one("#cal-title", Static))
        grid = plain(cal.query_one("#cal-grid", Static))
        assert "T2" in grid and "CN" in grid and "◆" in grid
        day19 = dt.date(2021, 8, 19)
        with sqlite_demo.session() as s:
            due19 = count_assignments(s, AssignmentFilter(due_after=day19, due_before=day19), DEMO_DAY)
            overdue19 = count_assignments(s, AssignmentFilter(due_after=day19, due_before=day19,
                                                              category="overdue"), DEMO_DAY)
        assert cal.data.days[day19].due == due19 and cal.data.days[day19].overdue == overdue19
        assert f"{due19} ▲{overdue19}" in grid
        assert sorted(d.day for d in cal.data.reports) == [15, 30]
        # arrows move the selected day: 01/08 → 19/08
        await pilot.press("down", "down", "right", "right", "right", "right")
        await pilot.pause()
        assert cal.selected == dt.date(2021, 8, 19)
        line = plain(cal.query_one("#cal-day", Static))
        assert "19/08/2021" in line and f"{due19} việc đến hạn" in line
        await pilot.press("enter")
        await settle(pilot)
        day = app.screen
        assert isinstance(day, DayDetailScreen)
        table = day.query_one("#day-list", AssignmentTable)
        assert table.row_count == due19
        assert "Không phải ngày báo cáo" in plain(day.query_one("#day-info", Static))
        await pilot.press("enter")
        await pilot.pause()
        from tui.screens.task_detail import TaskDetailScreen

        assert isinstance(app.screen, TaskDetailScreen)
        app.pop_screen()
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        from tui.screens.checkin_form import CheckinForm

        assert isinstance(app.screen, CheckinForm)
        app.screen.dismiss(False)
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is cal
        # the 15th is a report date
        await pilot.press("left", "left", "left", "left")
        await pilot.pause()
        assert cal.selected == dt.date(2021, 8, 15)
        assert "ngày báo cáo" in plain(cal.query_one("#cal-day", Static))
        await pilot.press("enter")
        await settle(pilot)
        assert "Là ngày báo cáo" in plain(app.screen.query_one("#day-info", Static))
        await pilot.press("escape")
        await settle(pilot)
        # ] and pagedown go forward, t comes back to the as-of month
        await pilot.press("right_square_bracket", "pagedown")
        await settle(pilot)
        assert (cal.data.year, cal.data.month) == (2021, 10)
        await pilot.press("pageup")
        await settle(pilot)
        assert cal.data.month == 9
        await pilot.press("right_square_bracket")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert cal.selected == DEMO_DAY and cal.data.month == 9
        cal.apply_filter(AssignmentFilter(due_after=dt.date(2022, 2, 1)))
        await settle(pilot)
        assert (cal.data.year, cal.data.month) == (2022, 2)
        assert sorted(d.day for d in cal.data.reports) == [15, 28]


# --- snapshots ------------------------------------------------------------------------------


async def _units(pilot):
    await pilot.press("4")
    await settle(pilot)


async def _unit_detail(pilot):
    await _units(pilot)
    await _search(pilot, "ke hoach va dau")
    await pilot.press("enter")
    await settle(pilot)


async def _yte_detail(pilot):
    await _units(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def _calendar(pilot):
    await pilot.press("5")
    await settle(pilot)
    await pilot.press("left_square_bracket")
    await settle(pilot)
    await pilot.press("down", "down", "right", "right", "right", "right")  # 19/08/2021
    await settle(pilot)


async def _day(pilot):
    await _calendar(pilot)
    await pilot.press("enter")
    await settle(pilot)


def test_snapshot_units_80x24(snap_compare, sqlite_demo):
    assert snap_compare(make_app(sqlite_demo), terminal_size=(80, 24), run_before=_units)


def test_snapshot_units_120x40(snap_compare, sqlite_demo):
    assert snap_compare(make_app(sqlite_demo), terminal_size=(120, 40), run_before=_units)


def test_snapshot_unit_detail_80x24(snap_compare, sqlite_demo):
    assert snap_compare(make_app(sqlite_demo), terminal_size=(80, 24), run_before=_yte_detail)


def test_snapshot_unit_detail_history_120x40(snap_compare, sqlite_demo):
    assert snap_compare(make_app(sqlite_demo), terminal_size=(120, 40), run_before=_unit_detail)


def test_snapshot_calendar_80x24(snap_compare, sqlite_demo):
    assert snap_compare(make_app(sqlite_demo), terminal_size=(80, 24), run_before=_calendar)


def test_snapshot_calendar_120x40(snap_compare, sqlite_demo):
    assert snap_compare(make_app(sqlite_demo), terminal_size=(120, 40), run_before=_calendar)


def test_snapshot_day_80x24(snap_compare, sqlite_demo):
    assert snap_compare(make_app(sqlite_demo), terminal_size=(80, 24), run_before=_day)
