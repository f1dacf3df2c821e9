"""Issue 3's "done" scenario, by keyboard, at 80×24: find Sở Y tế's overdue assignments as of
01/09/2021, open one, record a check-in that reports it done, confirm it as the Office, and see
the dashboard counts change."""
from __future__ import annotations

from sqlalchemy import select

from conftest import make_app, plain, settle
from core.models import Checkin, Confirmation
from tui.screens.checkin_form import CheckinForm
from tui.screens.dashboard import DashboardScreen
from tui.screens.decision_form import DecisionForm
from tui.screens.error_dialog import ErrorDialog
from tui.screens.task_detail import TaskDetailScreen


def _count(status_text: str, label: str) -> int:
    line = next(line for line in status_text.splitlines() if line.strip().startswith(label))
    return int(line.split()[len(label.split())])


async def test_find_report_confirm_and_see_the_dashboard_change(sqlite_demo):
    app = make_app(sqlite_demo, user="vp.ha")  # an Office clerk
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        status = plain(app.screen.query_one("#dash-status"))
        late_before, overdue_before = _count(status, "Hoàn thành quá hạn"), _count(status, "Quá hạn")

        await pilot.press("3")
        await settle(pilot)
        await pilot.press("tab")  # the unit filter
        await pilot.press(*"so y te")
        await pilot.press("tab", "enter", "down", "enter")  # category: Quá hạn
        await settle(pilot, 6)
        table = app.screen.query_one("#assign-table")
        rows = table.rows_loaded
        assert rows and {r.unit_name for r in rows} == {"Sở Y tế"}
        assert {r.standing.category.value for r in rows} == {"overdue"}
        target = next(r for r in rows if "awaiting" not in r.flags)
        table.focus()
        table.move_cursor(row=rows.index(target))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TaskDetailScreen)

        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, CheckinForm)
        app.screen.query_one("#checkin-status").value = "done"
        await pilot.pause()
        app.screen.query_one("#checkin-result").text = "Đã hoàn thành, có văn bản kèm theo."
        await pilot.press("ctrl+s")
        await settle(pilot, 5)
        assert isinstance(app.screen, TaskDetailScreen)

        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, DecisionForm)
        await pilot.press("ctrl+s")
        await settle(pilot, 5)
        assert isinstance(app.screen, TaskDetailScreen)

        await pilot.press("1")
        await settle(pilot, 5)
        assert isinstance(app.screen, DashboardScreen) and not isinstance(app.screen, ErrorDialog)
        status = plain(app.screen.query_one("#dash-status"))
        assert _count(status, "Hoàn thành quá hạn") == late_before + 1
        assert _count(status, "Quá hạn") == overdue_before - 1

    with sqlite_demo.session() as s:
        checkin = s.scalar(select(Checkin).where(Checkin.assignment_id == target.id)
                           .order_by(Checkin.id.desc()).limit(1))
        assert checkin.status == "done" and checkin.reported_on.isoformat() == "2021-09-01"
        decision = s.scalar(select(Confirmation).where(Confirmation.checkin_id == checkin.id))
        assert decision.decision == "confirm"
