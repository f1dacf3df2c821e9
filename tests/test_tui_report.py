"""Báo cáo kỳ in the TUI: opened from the dashboard (b) or the palette, the figures the files
are written from, periods with ← →, export and issue with a progress bar — with Pilot, and
snapshots at 80×24 and 120×40."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from docx import Document
from sqlalchemy import func, select

from conftest import make_app, plain, settle, workspace
from core.models import IssuedDocument
from core.services.dashboard import load_dashboard
from tui.screens.error_dialog import ErrorDialog
from tui.screens.report_export_dialog import ReportExportDialog
from tui.screens.report_screen import ReportScreen

SIZES = [(80, 24), (120, 40)]


async def _open_report(pilot) -> ReportScreen:
    await settle(pilot)
    await pilot.press("b")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ReportScreen)
    return pilot.app.screen


async def test_the_last_ended_period_with_the_dashboards_figures_and_periods_by_arrow(sqlite_demo):
    # as of 01/09/2021 the last period that has ended is 16–30/08
    dashboard = load_dashboard(workspace(sqlite_demo, dt.date(2021, 8, 30)))
    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_report(pilot)
        assert (screen.data.period.start, screen.data.period.end) == (dt.date(2021, 8, 16), dt.date(2021, 8, 30))
        assert "16/08/2021–30/08/2021" in plain(screen.query_one("#report-head"))
        figures = plain(screen.query_one("#report-figures"))
        overdue_line = next(line for line in figures.splitlines() if line.strip().startswith("Quá hạn"))
        assert re.search(rf"│\s+{dashboard.counts['overdue']}\s+│", overdue_line), overdue_line
        assert screen.data.counts.overdue == dashboard.counts["overdue"]
        await pilot.press("left")
        await settle(pilot)
        assert screen.data.period.end == dt.date(2021, 8, 15)
        await pilot.press("right", "right")
        await settle(pilot)
        assert screen.data.period.end == dt.date(2021, 9, 15)
        units = plain(screen.query_one("#report-units"))
        assert "Sở Y tế" in units and "Quá hạn" in units


async def test_export_writes_the_file_and_issuing_stores_it(sqlite_demo, tmp_path):
    app = make_app(sqlite_demo, user="vp.ha")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_report(pilot)
        await pilot.press("e")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ReportExportDialog)
        dialog.query_one("#export-format").value = "xlsx"
        await pilot.pause()
        assert dialog.query_one("#export-file").value.endswith(".xlsx")
        target = tmp_path / "bc.docx"
        dialog.query_one("#export-format").value = "docx"
        dialog.query_one("#export-file").value = str(target)
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot, 5)
        assert target.exists() and "Đã ghi báo cáo" in plain(dialog.query_one("#export-result"))
        assert "BÁO CÁO" in "\n".join(p.text for p in Document(str(target)).paragraphs)

        # a badly written number is explained beside the field and nothing is written
        dialog.query_one("#export-number").value = "hai mươi"
        await pilot.pause()
        assert "không đúng dạng" in plain(dialog.query_one("#export-error"))
        issued = tmp_path / "25-BC-VP.docx"
        dialog.query_one("#export-file").value = str(issued)
        dialog.query_one("#export-number").value = "25/BC-VP"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot, 5)
        assert "Đã ban hành báo cáo số 25/BC-VP" in plain(dialog.query_one("#export-result"))
        # the same number again: the core refuses, one error dialog
        await pilot.press("ctrl+s")
        await settle(pilot, 5)
        assert isinstance(app.screen, ErrorDialog)
        assert "đã dùng" in plain(app.screen.query_one("#error-message"))
        assert sum(isinstance(s, ErrorDialog) for s in app.screen_stack) == 1
        assert screen.data.directive_id is None
    with sqlite_demo.session() as s:
        assert s.scalar(select(func.count()).select_from(IssuedDocument)) == 1


async def test_a_viewer_may_export_but_not_issue(sqlite_demo):
    app = make_app(sqlite_demo, user="xem.tuan")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_report(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ReportExportDialog)
        assert not app.screen.query("#export-number")


async def test_the_palette_opens_the_report(sqlite_demo):
    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"bao cao ky")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_report_snapshot(snap_compare, sqlite_demo, size):
    async def ready(pilot):
        await _open_report(pilot)

    assert snap_compare(make_app(sqlite_demo), terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_report_export_dialog_snapshot(snap_compare, sqlite_demo, size, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    async def ready(pilot):
        await _open_report(pilot)
        await pilot.press("e")
        await settle(pilot)
        # the default file name holds the temporary folder: show a fixed one
        pilot.app.screen.query_one("#export-file").value = "bao-cao-20210830.docx"
        await pilot.pause()

    assert snap_compare(make_app(sqlite_demo, user="vp.ha"), terminal_size=size, run_before=ready)
