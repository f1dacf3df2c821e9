"""The App: sections, header, as-of date, help, palette, errors — driven with Pilot."""
from __future__ import annotations

import datetime as dt
import re

from textual.widgets import Static

from conftest import make_app, plain, settle
from tui.screens.dashboard import DashboardScreen
from tui.widgets.assignment_table import AssignmentTable
from tui.widgets.header import AppHeader


def _header_text(app) -> str:
    return plain(app.screen.query_one(AppHeader))


async def test_dashboard_shows_counts_and_overdue_as_of_the_demo_day(sqlite_demo):
    from core.services.assignments import AssignmentFilter, category_counts

    with sqlite_demo.session() as s:
        overdue = category_counts(s, AssignmentFilter(), dt.date(2021, 9, 1))["overdue"]
    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        header = _header_text(app)
        assert "01/09/2021" in header and "Quản trị (tester)" in header
        status = plain(app.screen.query_one("#dash-status", Static))
        assert re.search(rf"Quá hạn\s+{overdue}\b", status), status
        table = app.screen.query_one("#list-overdue", AssignmentTable)
        assert table.row_count == overdue > 0
        row = table.current_row()
        assert row.standing.category.value == "overdue"


async def test_the_period_line_fits_80_columns_on_a_report_day(sqlite_demo):
    """On the 30th the line says it is the report day; the previous period is shown only
    where it fits, and comes back when the window is widened."""
    app = make_app(sqlite_demo, today=dt.date(2021, 8, 30))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        line = plain(app.screen.query_one("#dash-period", Static)).strip()
        assert line == "Kỳ báo cáo 16/08–30/08/2021 · hôm nay là ngày báo cáo"
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        line = plain(app.screen.query_one("#dash-period", Static)).strip()
        assert line.endswith(" · kỳ trước 31/07–15/08/2021"), line


async def test_as_of_key_changes_the_date_everywhere(sqlite_demo):
    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await pilot.pause()
        field = app.screen.query_one("#as-of-input")
        field.value = ""
        await pilot.press(*"20/08/2021", "enter")
        await settle(pilot)
        assert app.ws.today == dt.date(2021, 8, 20)
        assert "20/08/2021" in _header_text(app)
        overdue = app.screen.query_one("#list-overdue", AssignmentTable)
        assert all(r.standing.due < dt.date(2021, 8, 20) for r in overdue.rows_by_id.values())


async def test_as_of_rejects_an_impossible_date_and_keeps_what_was_typed(sqlite_demo):
    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await pilot.pause()
        field = app.screen.query_one("#as-of-input")
        field.value = ""
        await pilot.press(*"31/02/2021", "enter")
        await pilot.pause()
        error = plain(app.screen.query_one("#as-of-error", Static))
        assert "31/02/2021" in error
        assert field.value == "31/02/2021"
        assert app.ws.today == dt.date(2021, 9, 1)


async def test_digits_switch_sections_and_help_lists_the_keys(sqlite_demo):
    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key, mode in [("2", "directives"), ("3", "assignments"), ("4", "units"), ("5", "calendar"),
                          ("1", "dashboard")]:
            await pilot.press(key)
            await settle(pilot)
            assert app.current_mode == mode
        await pilot.press("question_mark")
        await pilot.pause()
        from tui.screens.help import HelpScreen

        assert isinstance(app.screen, HelpScreen)
        descriptions = {d for _k, d, _e in app.screen.rows}
        assert {"Báo cáo tiến độ", "Xác nhận", "Đổi ngày xem"} <= descriptions
        await pilot.press("escape")
        assert isinstance(app.screen, DashboardScreen)


async def test_worker_errors_become_one_readable_dialog(sqlite_demo):
    from core.errors import ValidationError
    from tui.screens.error_dialog import ErrorDialog

    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)

        def boom(ws):
            raise ValidationError("Tiến độ phải từ 0 đến 100 (%), không phải «150». [bold]x[/]")

        app.screen.load(boom, then=lambda _r: None)
        await settle(pilot)
        assert isinstance(app.screen, ErrorDialog)
        shown = plain(app.screen.query_one("#error-message", Static))
        assert "«150»" in shown and "[bold]x[/]" in shown  # shown literally
        await pilot.press("escape")
        assert isinstance(app.screen, DashboardScreen)


async def test_unknown_os_user_sees_a_read_only_dashboard(sqlite_demo):
    app = make_app(sqlite_demo, user="stranger")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "stranger (chưa đăng ký)" in _header_text(app)
        assert app.screen.check_action("checkin", ()) is None  # greyed out


async def test_another_clerks_check_in_appears_without_a_restart(sqlite_demo):
    """The refresh timer picks up what another clerk recorded meanwhile."""
    from conftest import workspace
    from core.services.checkins import CheckinInput, record_checkin, standing_of
    from core.models import Assignment
    from tui.app import DondocApp
    from core.services.workspace import Workspace

    ws = Workspace(db=sqlite_demo, today=dt.date(2021, 9, 1), os_user="tester", today_source="option")
    app = DondocApp(ws, refresh_seconds=1.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        target = next(r for r in app.screen.query_one("#list-overdue", AssignmentTable).rows_by_id.values()
                      if "awaiting" not in r.flags and r.unit_name == "Sở Y tế")
        from textual.widgets import TabbedContent

        app.screen.query_one("#dash-tabs", TabbedContent).active = "tab-awaiting"  # read when opened
        await settle(pilot)
        before = set(app.screen.query_one("#list-awaiting", AssignmentTable).rows_by_id)
        assert before  # the demo has completions awaiting the Office on this day
        # Another clerk, in another process in real life: the Sở Y tế clerk reports it done.
        record_checkin(workspace(sqlite_demo, "2021-09-01", "syt.binh"), target.id,
                       CheckinInput(status="done", result="Đã hoàn thành"))
        import asyncio

        after = before
        for _ in range(150):  # up to 30 s (a loaded CI machine) for the timer and the worker
            await asyncio.sleep(0.2)
            after = set(app.screen.query_one("#list-awaiting", AssignmentTable).rows_by_id)
            if after != before:
                break
        assert after - before == {target.id}


async def test_the_refresh_timer_reads_again_only_after_a_write(sqlite_demo, monkeypatch):
    """Coming back to a section or the timer costs one tiny query when nobody wrote: the
    dashboard's figures (a scan of every assignment at province scale) are not read again."""
    import asyncio

    import tui.screens.dashboard as dashboard_screen
    from conftest import workspace
    from core.services.checkins import CheckinInput, record_checkin
    from core.services.workspace import Workspace
    from tui.app import DondocApp

    reads = []
    real = dashboard_screen.load_dashboard

    def counting(*args, **kwargs):
        reads.append(args[1:])
        return real(*args, **kwargs)

    monkeypatch.setattr(dashboard_screen, "load_dashboard", counting)
    ws = Workspace(db=sqlite_demo, today=dt.date(2021, 9, 1), os_user="tester", today_source="option")
    app = DondocApp(ws, refresh_seconds=0.3)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await asyncio.sleep(1.5)  # five ticks of the timer
        await pilot.press("3", "1")  # away and back
        await settle(pilot)
        assert len(reads) == 1
        target = next(iter(app.screen.query_one("#list-overdue", AssignmentTable).rows_by_id.values()))
        record_checkin(workspace(sqlite_demo, "2021-09-01", "vp.ha"), target.id,
                       CheckinInput(status="in_progress", progress=40, result="Đang làm"))
        for _ in range(100):
            await asyncio.sleep(0.2)
            if len(reads) > 1:
                break
        assert len(reads) == 2


async def test_a_dashboard_tab_reads_its_list_when_opened(sqlite_demo):
    from textual.widgets import TabbedContent

    from conftest import workspace
    from core.services.dashboard import load_dashboard

    expected = load_dashboard(workspace(sqlite_demo, dt.date(2021, 9, 1)))
    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.screen.data.due_soon is None  # not read before it is opened
        assert list(app.screen.query_one("#list-overdue", AssignmentTable).rows_by_id) == [
            r.id for r in expected.overdue]
        app.screen.query_one("#dash-tabs", TabbedContent).active = "tab-due_soon"
        await settle(pilot)
        assert expected.due_soon
        assert list(app.screen.query_one("#list-due_soon", AssignmentTable).rows_by_id) == [
            r.id for r in expected.due_soon]


async def test_each_section_reads_its_data_once_when_first_shown(sqlite_demo, monkeypatch):
    """Textual calls the on_mount of every class in the MRO by itself: a handler that also
    called super() read the screen's data two or three times (the Units section three
    scorecard scans at province scale)."""
    import tui.screens.assignments, tui.screens.calendar, tui.screens.directives, tui.screens.units  # noqa: F401,E401
    from tui.base import DataScreen

    calls: dict[str, int] = {}
    screens = {}
    for cls in _all_subclasses(DataScreen):
        if "refresh_data" in vars(cls):
            def counted(self, _real=vars(cls)["refresh_data"]):
                calls[type(self).__name__] = calls.get(type(self).__name__, 0) + 1
                return _real(self)

            monkeypatch.setattr(cls, "refresh_data", counted)
    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key in "2345":
            await pilot.press(key)
            await settle(pilot)
            screens[key] = type(app.screen).__name__
    assert set(screens.values()) == {"DirectivesScreen", "AssignmentsScreen", "UnitsScreen", "CalendarScreen"}
    assert {name: calls.get(name) for name in [*screens.values(), "DashboardScreen"]} == {
        name: 1 for name in [*screens.values(), "DashboardScreen"]}


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


async def test_the_dashboard_takes_what_was_read_while_the_app_started(sqlite_demo, monkeypatch):
    """`dondoc` starts reading the dashboard before importing Textual (tui/prefetch.py); the
    dashboard shows that answer instead of reading again — and a write made meanwhile is still
    noticed, because the answer carries the stamp read before it."""
    from core.services.dashboard import load_dashboard
    from core.services.workspace import Workspace
    from tui.app import DondocApp
    from tui.prefetch import start_dashboard

    ws = Workspace(db=sqlite_demo, today=dt.date(2021, 9, 1), os_user="tester", today_source="option")
    first = start_dashboard(ws)
    stamp, prefetched = first.future.result(timeout=60)
    reads = []
    real_load = DashboardScreen.load
    monkeypatch.setattr(DashboardScreen, "load",
                        lambda self, fn, *a, **k: reads.append(fn) or real_load(self, fn, *a, **k))
    app = DondocApp(ws, refresh_seconds=None, prefetch=first)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert load_dashboard not in reads
        assert app.screen.data is prefetched and app.screen.shown_stamp == stamp
        assert list(app.screen.query_one("#list-overdue", AssignmentTable).rows_by_id) == [
            r.id for r in prefetched.overdue]
        assert first.take(*first.key) is None  # taken once
        await pilot.press("r")  # a later refresh reads for itself
        await settle(pilot)
        assert reads.count(load_dashboard) == 1


def _failing_once(monkeypatch, module, name: str) -> list:
    """`module.name` raises a database error the first time it is called; the list returned
    grows by one item per call."""
    from core.errors import DatabaseError

    real = getattr(module, name)
    calls: list = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise DatabaseError("Không kết nối được cơ sở dữ liệu (thử).")
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, flaky)
    return calls


async def test_a_screen_whose_first_read_failed_reads_again_when_shown_again(sqlite_demo, monkeypatch):
    """Nothing shown yet because the first read failed (the server was down, say): closing the
    error dialog shows the screen again, and it reads again — it does not wait for a write
    (its data stamp is not the thing that is missing)."""
    import tui.screens.dashboard as dashboard_screen

    calls = _failing_once(monkeypatch, dashboard_screen, "load_dashboard")
    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not isinstance(app.screen, DashboardScreen)  # the error dialog
        assert len(calls) == 1
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert len(calls) == 2 and app.screen.data is not None


async def test_away_at_once_with_the_timer_ticking_shows_no_error(sqlite_demo):
    """The refresh timer could tick between a new screen's compose and its mount: the screen
    read its page before its columns were laid out ("More values provided than there are
    columns" in an error dialog when a clerk pressed 3 then 1 quickly)."""
    import asyncio

    from tui.app import DondocApp
    from tui.screens.dashboard import DashboardScreen

    for _ in range(6):
        app = DondocApp(make_app(sqlite_demo).ws, refresh_seconds=0.01)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("3", "1")
            # settle, not workers.wait_for_complete: with the timer at 10 ms a tick can cancel
            # the previous tick's check while it is being waited for (WorkerCancelled).
            await settle(pilot)
            await asyncio.sleep(0.1)
            await settle(pilot)
            assert isinstance(app.screen, DashboardScreen), type(app.screen).__name__


def test_a_screen_not_mounted_yet_is_not_refreshed(monkeypatch):
    from tui.screens.assignments import AssignmentsScreen

    screen = AssignmentsScreen()
    calls = []
    monkeypatch.setattr(screen, "refresh_data", lambda: calls.append(1))
    screen.refresh_if_changed()
    assert calls == []


async def test_the_sections_are_built_in_the_background_once_the_dashboard_is_drawn(sqlite_demo, monkeypatch):
    """Each section reads its first data while the dashboard is shown, one after another; the
    clerk's first switch to each then reads nothing (only the tiny check of the data stamp),
    and the dashboard keeps its focus meanwhile."""
    from tui.app import PREWARM
    from tui.base import WorkerMixin

    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, times=6)
        dashboard = app.screen
        assert isinstance(dashboard, DashboardScreen) and app.focused.screen is dashboard
        built = {mode: app.get_screen_stack(mode)[0] for mode in PREWARM}
        assert all(s.shown_stamp is not None and not s.reading for s in built.values())

        reads = []
        real_load = WorkerMixin.load
        monkeypatch.setattr(WorkerMixin, "load",
                            lambda self, fn, *a, **k: reads.append(fn.__name__) or real_load(self, fn, *a, **k))
        for key, mode in zip("2345", ("directives", "assignments", "units", "calendar")):
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is built[mode]
        assert reads == []


def _collectable(obj) -> bool:
    """Whether the collector looks at `obj` (gc.get_objects leaves frozen objects out)."""
    import gc

    return any(o is obj for o in gc.get_objects())


async def test_what_start_up_built_is_frozen_once_every_section_is_built(sqlite_demo):
    """As `dondoc` runs the app (tui/cli.py:entry, tui.app.run): the collector, paused while it
    starts, runs again once the dashboard is drawn; what start-up built is frozen out of later
    collections once every section is built — once: a screen opened later stays collectable.
    Tests' apps (freeze_heap off) freeze nothing."""
    import gc

    from tui.app import PREWARM

    async with make_app(sqlite_demo).run_test(size=(80, 24)) as pilot:
        await settle(pilot, times=6)
        assert gc.get_freeze_count() == 0
    app = make_app(sqlite_demo)
    app.freeze_heap = True
    gc.disable()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot, times=6)
            assert gc.isenabled() and all(mode in app._screen_stacks for mode in PREWARM)
            directives = app.get_screen_stack("directives")[0]
            assert gc.get_freeze_count() > 0 and not _collectable(directives)
            await pilot.press("2")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            detail = app.screen
            assert detail is not directives and detail.shown_stamp is not None  # a detail, read
            assert _collectable(detail)
    finally:
        gc.enable()
        gc.unfreeze()


async def test_the_collector_resumes_even_when_the_dashboard_cannot_be_read(sqlite_demo, monkeypatch):
    """The start-up pause of the collector ends at the latest COLLECTOR_PAUSE_MAX_SECONDS after
    the app starts, when the dashboard's first read fails (the error dialog is shown)."""
    import gc

    import tui.app as app_module
    import tui.screens.dashboard as dashboard_screen
    from tui.screens.error_dialog import ErrorDialog

    monkeypatch.setattr(app_module, "COLLECTOR_PAUSE_MAX_SECONDS", 2.0)
    _failing_once(monkeypatch, dashboard_screen, "load_dashboard")
    app = make_app(sqlite_demo, prewarm=())
    gc.disable()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert not gc.isenabled() and isinstance(app.screen, ErrorDialog)
            await pilot.pause(2.5)
            assert gc.isenabled()
    finally:
        gc.enable()


async def test_a_section_built_in_the_background_keeps_its_failure_until_opened(sqlite_demo, monkeypatch):
    """A background read that fails shows no dialog over the dashboard; the section reads again
    when the clerk opens it."""
    import tui.screens.units as units_screen
    from tui.screens.units import UnitsScreen

    calls = _failing_once(monkeypatch, units_screen, "load_scorecards")
    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, times=6)
        assert isinstance(app.screen, DashboardScreen) and len(calls) == 1  # no error dialog
        await pilot.press("4")
        await settle(pilot)
        assert isinstance(app.screen, UnitsScreen) and len(calls) == 2
        assert app.screen.shown_stamp is not None
