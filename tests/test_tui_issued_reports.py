"""Báo cáo đã ban hành in the TUI: the list of issued reports (l on Báo cáo kỳ, or the palette),
one re-opened as it was issued — not recomputed, whatever was recorded since — and written
again byte for byte (the stored SHA-256 checked); with Pilot, and snapshots at 80×24 and 120×40.

Reports are issued through the service, as of the demo's day, with a fixed number: the list,
the re-opened report and the snapshots are the same on every run."""
from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from conftest import DEMO_DAY, make_app, plain, settle, workspace
from core.errors import DondocError
from core.services.checkins import CheckinInput, decide_completion, record_checkin
from core.services.reports import issue_report, make_report
from tui import strings as S
from tui.screens.error_dialog import ErrorDialog
from tui.screens.help import HelpScreen
from tui.screens.issued_reports import IssuedExportDialog, IssuedReportScreen, IssuedReportsScreen
from tui.screens.report_screen import ReportScreen

SIZES = [(80, 24), (120, 40)]
PERIOD_END = dt.date(2021, 8, 30)  # the period 16–30/08/2021, the last one ended on 01/09/2021


def _issue(db, target, number="25/BC-VP", fmt="docx", directive=None):
    ws = workspace(db, DEMO_DAY, "vp.ha")
    data = make_report(ws, directive=directive, period_day=PERIOD_END)
    return issue_report(ws, data, number=number, fmt=fmt, target=target), data


@pytest.fixture
def issued(sqlite_demo, tmp_path):
    """One report issued on 01/09/2021 as 25/BC-VP (.docx): (its record, its data, its file)."""
    target = tmp_path / "issued" / "25-BC-VP.docx"
    info, data = _issue(sqlite_demo, target)
    return info, data, target


async def _open_list(pilot) -> IssuedReportsScreen:
    await settle(pilot)
    await pilot.press("b")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ReportScreen)
    await pilot.press("l")
    await settle(pilot)
    assert isinstance(pilot.app.screen, IssuedReportsScreen)
    return pilot.app.screen


async def _open_issued(pilot) -> IssuedReportScreen:
    await _open_list(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, IssuedReportScreen)
    return pilot.app.screen


def _overdue_line(screen) -> str:
    figures = plain(screen.query_one("#report-figures"))
    return next(line for line in figures.splitlines() if line.strip().startswith(S.CATEGORY["overdue"]))


async def test_the_list_newest_first_and_one_reopened_as_issued(sqlite_demo, issued, tmp_path):
    info, data, _file = issued
    later, _ = _issue(sqlite_demo, tmp_path / "26.xlsx", number="26/BC-VP", fmt="xlsx", directive="1")
    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        listing = await _open_list(pilot)
        assert [r.id for r in listing.rows] == [later.id, info.id]
        assert "2 báo cáo đã ban hành" in plain(listing.query_one("#issued-count"))
        table = listing.query_one("#issued-table")
        first = [str(c) for c in table.get_row_at(0)]
        assert "26/BC-VP" in first and "01/09/2021" in first and "xlsx" in first
        second = [str(c) for c in table.get_row_at(1)]
        assert second[1:3] == ["25/BC-VP", "01/09/2021"] and S.REPORT_ALL_DIRECTIVES in second
        assert "16–30/08/2021" in second

        await pilot.press("down", "enter")
        await settle(pilot)
        view = app.screen
        assert isinstance(view, IssuedReportScreen) and view.issued_id == info.id
        banner = plain(view.query_one("#issued-banner"))
        assert "BẢN ĐÃ BAN HÀNH" in banner and "25/BC-VP" in banner and "01/09/2021" in banner
        assert "người ban hành: Nguyễn Thị Thu Hà" in banner  # vp.ha
        assert "không tính lại" in banner
        assert "16/08/2021–30/08/2021" in plain(view.query_one("#report-head"))
        assert view.data.counts == data.counts and view.data.number == "25/BC-VP"
        assert str(data.counts.overdue) in _overdue_line(view)

        # Esc goes back, one screen at a time
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is listing
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen)


async def test_reexport_writes_the_issued_bytes_again(sqlite_demo, issued, tmp_path, monkeypatch):
    info, _data, issued_file = issued
    monkeypatch.chdir(tmp_path)
    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_issued(pilot)
        await pilot.press("e")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, IssuedExportDialog)
        field = dialog.query_one("#reexport-file")
        assert field.value == str(tmp_path / "25-BC-VP.docx")  # the issued file's name, here
        target = tmp_path / "again" / "lai.docx"
        field.value = str(target)
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot, 5)
        result = plain(dialog.query_one("#reexport-result"))
        assert str(target) in result.replace("\n", "") and "Giống hệt" in result and "SHA-256" in result
        assert target.read_bytes() == issued_file.read_bytes()
        assert hashlib.sha256(target.read_bytes()).hexdigest() == info.sha256
        assert dialog.query_one("#reexport-progress").progress == 3

        # another extension: the stored figures in another format, said plainly not identical
        other = tmp_path / "lai.md"
        field.value = str(other)
        await pilot.pause()
        assert ".docx" in plain(dialog.query_one("#reexport-note"))
        await pilot.press("ctrl+s")
        await settle(pilot, 5)
        assert "Khác định dạng" in plain(dialog.query_one("#reexport-result"))
        assert "25/BC-VP" in other.read_text(encoding="utf-8")

        # an extension no writer knows is explained beside the field; nothing is written
        field.value = str(tmp_path / "lai.pdf")
        await pilot.pause()
        assert "không hỗ trợ" in plain(dialog.query_one("#reexport-error"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not (tmp_path / "lai.pdf").exists()

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, IssuedReportScreen)


async def test_reexport_from_the_list_and_a_failure_is_one_error_dialog(sqlite_demo, issued, tmp_path):
    info, _data, issued_file = issued
    app = make_app(sqlite_demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_list(pilot)
        await pilot.press("e")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, IssuedExportDialog) and dialog.info.id == info.id
        target = tmp_path / "tu-danh-sach.docx"
        dialog.query_one("#reexport-file").value = str(target)
        await pilot.pause()
        await pilot.press("enter")  # Enter in the field writes too
        await settle(pilot, 5)
        assert target.read_bytes() == issued_file.read_bytes()

        # a folder that cannot be made (a file stands in its place): the app's one error dialog
        blocker = tmp_path / "khong-phai-thu-muc"
        blocker.write_text("x")
        dialog.query_one("#reexport-file").value = str(blocker / "x.docx")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot, 5)
        assert isinstance(app.screen, ErrorDialog)
        assert sum(isinstance(s, ErrorDialog) for s in app.screen_stack) == 1
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is dialog and not dialog.busy


async def test_figures_stay_as_issued_after_a_checkin_dated_inside_the_period(sqlite_demo, issued):
    info, data, _file = issued
    # a unit reports an overdue assignment done on 25/08 and the Office confirms it that day:
    # the period's report, made again, changes — the issued one does not
    day = dt.date(2021, 8, 25)
    ws = workspace(sqlite_demo, day)
    for row in data.overdue:
        try:
            record_checkin(ws, row.assignment_id, CheckinInput(status="done", completed_on=day, result="Xong."))
        except DondocError:  # facts after 25/08 on this one: writing back is refused
            continue
        decide_completion(ws, row.assignment_id, "confirm")
        break
    else:
        pytest.fail("no overdue assignment could be completed on 25/08")
    now = make_report(workspace(sqlite_demo, DEMO_DAY), period_day=PERIOD_END)
    assert now.counts.overdue == data.counts.overdue - 1

    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await _open_issued(pilot)
        assert view.data.counts == data.counts != now.counts
        line = _overdue_line(view)
        assert str(data.counts.overdue) in line and str(now.counts.overdue) not in line
        # another as-of date does not recompute it either
        app.set_as_of(dt.date(2021, 9, 20))
        await settle(pilot)
        assert view.data.counts == data.counts and str(data.counts.overdue) in _overdue_line(view)


async def test_the_palette_opens_the_list_and_the_keys_are_in_help(sqlite_demo, issued):
    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"bao cao da ban hanh")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, IssuedReportsScreen) and len(screen.rows) == 1

        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        rows = {(key, text) for key, text, _enabled in app.screen.rows}
        # Enter is the table's own (it opens the report: the count line says so)
        assert {("Enter", S.HELP_BUILTIN["Select"]), ("e", S.ISSUED_KEY_REEXPORT), ("Esc", S.KEY_BACK)} <= rows
        await pilot.press("escape")
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, IssuedReportsScreen)

        # the report screen's key is listed (and shown) too
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert ("l", S.ISSUED_KEY_OPEN) in {(k, t) for k, t, _e in app.screen.rows}


async def test_nothing_issued_yet(sqlite_demo):
    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_list(pilot)
        assert screen.rows == []
        assert plain(screen.query_one("#issued-count")).startswith("Chưa có báo cáo nào được ban hành")
        assert screen.check_action("open", ()) is None and screen.check_action("reexport", ()) is None
        await pilot.press("e")
        await settle(pilot)
        assert app.screen is screen


# --- snapshots ----------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_issued_list_snapshot(snap_compare, sqlite_demo, issued, tmp_path, size):
    _issue(sqlite_demo, tmp_path / "26.xlsx", number="26/BC-VP", fmt="xlsx", directive="1")

    async def ready(pilot):
        await _open_list(pilot)

    assert snap_compare(make_app(sqlite_demo), terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_issued_report_snapshot(snap_compare, sqlite_demo, issued, size):
    async def ready(pilot):
        await _open_issued(pilot)

    assert snap_compare(make_app(sqlite_demo), terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_reexport_dialog_snapshot(snap_compare, sqlite_demo, issued, tmp_path, monkeypatch, size):
    monkeypatch.chdir(tmp_path)

    async def ready(pilot):
        await _open_issued(pilot)
        await pilot.press("e")
        await settle(pilot)
        # the default file name holds the temporary folder: show a fixed one, then write it;
        # a blinking cursor would make the picture depend on the moment it is taken
        field = pilot.app.screen.query_one("#reexport-file")
        field.cursor_blink = False
        field.value = "25-BC-VP.docx"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot, 5)

    assert snap_compare(make_app(sqlite_demo), terminal_size=size, run_before=ready)
