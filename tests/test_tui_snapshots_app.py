"""Snapshots of the dashboard and the app's own dialogs at 80×24 and 120×40, as of 01/09/2021.

Regenerate after a deliberate change of layout: pytest tests/test_tui_snapshots_app.py --snapshot-update
(then look at the SVGs in tests/__snapshots__/ before committing them)."""
from __future__ import annotations

import pytest

from conftest import make_app, settle

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_dashboard(snap_compare, sqlite_demo, size):
    async def ready(pilot):
        await settle(pilot)

    assert snap_compare(make_app(sqlite_demo), terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_dashboard_due_this_period_tab(snap_compare, sqlite_demo, size):
    async def ready(pilot):
        await settle(pilot)
        await pilot.press("tab")  # focus the tabs
        await pilot.press("right")
        await settle(pilot)

    assert snap_compare(make_app(sqlite_demo), terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_help(snap_compare, sqlite_demo, size):
    async def ready(pilot):
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(make_app(sqlite_demo), terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_as_of_dialog_with_an_error(snap_compare, sqlite_demo, size):
    async def ready(pilot):
        await settle(pilot)
        await pilot.press("d")
        await pilot.pause()
        pilot.app.screen.query_one("#as-of-input").value = "31/02/2021"
        await settle(pilot)

    assert snap_compare(make_app(sqlite_demo), terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_error_dialog(snap_compare, sqlite_demo, size):
    async def ready(pilot):
        from core.errors import ClosedAssignmentError

        await settle(pilot)

        def fail(ws):
            raise ClosedAssignmentError("Nhiệm vụ II.1.3 của «Sở Y tế» đã được Văn phòng xác nhận hoàn thành.")

        pilot.app.screen.load(fail, then=lambda _r: None)
        await settle(pilot)

    assert snap_compare(make_app(sqlite_demo), terminal_size=size, run_before=ready)
