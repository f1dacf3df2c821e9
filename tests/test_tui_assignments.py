"""3 Nhiệm vụ: the paged, filtered, sorted assignment list — driven with Pilot."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from textual.widgets import Input, Select, Static

from conftest import DEMO_DAY, make_app, plain, settle
from core.models import Clerk, SavedFilter
from core.services.assignments import AssignmentFilter, count_assignments, list_assignments
from core.text import sort_key
from tui.screens.assignments import AssignmentsScreen, SavedFiltersDialog, SaveFilterDialog
from tui.widgets.paged_table import PAGE_SIZE, PREFETCH


async def _open(pilot) -> AssignmentsScreen:
    await settle(pilot)
    await pilot.press("3")
    await settle(pilot)
    await pilot.pause(0.25)  # the filter bar's debounce, if anything fired
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, AssignmentsScreen)
    return screen


async def _wait_reload(pilot) -> None:
    await pilot.pause(0.3)
    await settle(pilot)


def _total(db) -> int:
    with db.session() as s:
        return count_assignments(s, AssignmentFilter(), DEMO_DAY)


def _status(screen) -> str:
    return plain(screen.query_one("#assign-status", Static))


async def test_filter_by_unit_and_category_matches_the_service(sqlite_demo):
    app = make_app(sqlite_demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot)
        assert screen.table.total == _total(sqlite_demo) and len(screen.table.rows_loaded) == PAGE_SIZE
        screen.query_one("#flt-unit", Input).focus()
        await pilot.press(*"so y te")
        screen.query_one("#flt-category", Select).value = "overdue"
        await _wait_reload(pilot)
        with sqlite_demo.session() as s:
            expected = list_assignments(s, AssignmentFilter(unit="so y te", category="overdue"), DEMO_DAY)
        shown = screen.table.rows_loaded
        assert expected and {r.id for r in shown} == {r.id for r in expected}
        assert all(r.unit_name == "Sở Y tế" and r.standing.category.value == "overdue" for r in shown)
        assert f"1/{len(expected)}" in _status(screen)
        # c clears every filter
        screen.table.focus()
        await pilot.press("c")
        await _wait_reload(pilot)
        assert screen.table.total == _total(sqlite_demo) and screen.query_one("#flt-unit", Input).value == ""


async def test_unit_input_completes_without_diacritics(sqlite_demo):
    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        field = screen.query_one("#flt-unit", Input)
        field.focus()
        await pilot.press(*"so y t")
        await settle(pilot)
        await pilot.press("right")  # accept the completion
        await _wait_reload(pilot)
        assert field.value == "Sở Y tế"
        assert {r.unit_name for r in screen.table.rows_loaded} == {"Sở Y tế"}
        field.value = "zzqq"  # an unknown unit: said beside the filters, no dialog, table kept
        await _wait_reload(pilot)
        assert app.screen is screen and field.value == "zzqq"
        assert "zzqq" in _status(screen)
        assert {r.unit_name for r in screen.table.rows_loaded} == {"Sở Y tế"}
        await pilot.press("escape")
        assert screen.table.has_focus
        await pilot.press("slash")
        assert screen.query_one("#flt-search", Input).has_focus


async def test_sorting_by_key_and_header(sqlite_demo):
    app = make_app(sqlite_demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot)
        dues = [r.standing.due for r in screen.table.rows_loaded if r.standing.due]
        assert dues == sorted(dues)
        await pilot.press("s", "s", "s", "s")  # due → category → id → directive → path
        await settle(pilot)
        assert screen.sort == "path"
        await pilot.press("s", "s")  # → task → unit
        await settle(pilot)
        assert screen.sort == "unit"
        keys = [sort_key(r.unit_name) for r in screen.table.rows_loaded]
        assert keys == sorted(keys)
        await pilot.press("S")
        await settle(pilot)
        keys = [sort_key(r.unit_name) for r in screen.table.rows_loaded]
        assert screen.descending and keys == sorted(keys, reverse=True)
        assert "Đơn vị ↓" in _status(screen)
        # a click on a header sorts by that column
        from textual.widgets import DataTable

        screen.table.post_message(DataTable.HeaderSelected(screen.table, screen.table.columns["id"].key, 0,
                                                           screen.table.columns["id"].label))
        await settle(pilot)
        assert screen.sort == "id" and [r.id for r in screen.table.rows_loaded][:3] == [1, 2, 3]


async def test_pages_load_as_the_cursor_moves_down(sqlite_demo):
    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        table = screen.table
        total = _total(sqlite_demo)
        assert total > 3 * PAGE_SIZE and len(table.rows_loaded) == PAGE_SIZE and table.row_count == PAGE_SIZE
        await pilot.press("down", "down")
        await settle(pilot)
        assert table.row_count == PAGE_SIZE  # nothing more until the end nears
        assert f"3/{total}" in _status(screen)
        table.move_cursor(row=PAGE_SIZE - 5)
        await settle(pilot)
        assert table.row_count == 2 * PAGE_SIZE
        table.move_cursor(row=table.row_count - 1)
        await settle(pilot)
        assert table.row_count == 3 * PAGE_SIZE
        while table.row_count < total:
            table.move_cursor(row=table.row_count - 1)
            await settle(pilot)
        assert table.row_count == total
        assert len({r.id for r in table.rows_loaded}) == total


def _hold_the_count(monkeypatch):
    """The list's count of every match waits until the returned event is set."""
    import threading

    import tui.screens.assignments as module

    release = threading.Event()
    counted = module.fetch_count

    def slow_count(ws, flt):
        release.wait(10)
        return counted(ws, flt)

    monkeypatch.setattr(module, "fetch_count", slow_count)
    return release


async def _open_uncounted(pilot) -> AssignmentsScreen:
    """Nhiệm vụ opened, as soon as its first rows are shown (the count held back)."""
    await settle(pilot)
    await pilot.press("3")
    for _ in range(50):
        await pilot.pause(0.02)
        if isinstance(pilot.app.screen, AssignmentsScreen) and pilot.app.screen.table.rows_loaded:
            break
    return pilot.app.screen


def _listed(db) -> list[int]:
    """The ids of every assignment in the list's default order (the service's)."""
    with db.session() as s:
        return [r.id for r in list_assignments(s, AssignmentFilter(), DEMO_DAY)]


async def test_end_reads_only_the_last_page_and_home_the_first(sqlite_demo):
    """End goes to the last row of the whole list by reading its last page alone; scrolling
    up from there reads the page before; Home reads the first page again."""
    expected = _listed(sqlite_demo)
    total = len(expected)
    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        table = screen.table
        assert table.total == total > 3 * PAGE_SIZE
        await pilot.press("end")
        await settle(pilot)
        assert [r.id for r in table.rows_loaded] == expected[-PAGE_SIZE:]  # nothing in between
        assert screen.current_row().id == expected[-1]
        assert f"{total}/{total}" in _status(screen)
        # Up to near the top of that page: the page before it is read, the cursor stays put.
        await pilot.press(*["up"] * (PAGE_SIZE - PREFETCH + 1))
        await settle(pilot)
        at = total - (PAGE_SIZE - PREFETCH + 1)
        assert [r.id for r in table.rows_loaded] == expected[-2 * PAGE_SIZE:]
        assert screen.current_row().id == expected[at - 1]
        assert f"{at}/{total}" in _status(screen)
        await pilot.press("home")
        await settle(pilot)
        assert [r.id for r in table.rows_loaded] == expected[:PAGE_SIZE]
        assert screen.current_row().id == expected[0] and f"1/{total}" in _status(screen)
        await pilot.press("end", "end")  # twice: the second finds the last row already there
        await settle(pilot)
        assert screen.current_row().id == expected[-1] and table.row_count == PAGE_SIZE


async def test_end_before_the_count_goes_to_the_end_once_counted(sqlite_demo, monkeypatch):
    expected = _listed(sqlite_demo)
    release = _hold_the_count(monkeypatch)
    app = make_app(sqlite_demo, prewarm=())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_uncounted(pilot)
        assert screen.table.total is None
        await pilot.press("end")
        await pilot.pause(0.1)
        assert screen.table.start == 0 and screen.current_row().id == expected[0]  # waits for the count
        release.set()
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert screen.current_row().id == expected[-1]
        assert [r.id for r in screen.table.rows_loaded] == expected[-PAGE_SIZE:]


async def test_a_refresh_keeps_the_cursor_on_its_row(sqlite_demo):
    """Re-reading the list (after another clerk's write) keeps the clerk on the row they were
    on, also far down the list, by reading the page around it."""
    expected = _listed(sqlite_demo)
    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        table = screen.table
        for row in (PAGE_SIZE - 5, 2 * PAGE_SIZE - 5, 2 * PAGE_SIZE + 10):
            table.move_cursor(row=row)
            await settle(pilot)
        assert screen.current_row().id == expected[2 * PAGE_SIZE + 10]
        screen.refresh_data()
        await settle(pilot)
        assert table.start > 0 and screen.current_row().id == expected[2 * PAGE_SIZE + 10]
        assert f"{2 * PAGE_SIZE + 11}/{len(expected)}" in _status(screen)
        # The rows above the page read again are read again as the cursor goes up to them.
        table.move_cursor(row=0)
        await settle(pilot)
        assert [r.id for r in table.rows_loaded] == expected[table.start:table.start + len(table.rows_loaded)]
        assert screen.current_row().id == expected[table.start + table.cursor_row]


async def test_a_refresh_past_the_end_of_a_shrunken_list_shows_its_start(sqlite_demo):
    """Read again where the list no longer reaches (matches went away meanwhile), the list
    shows its first page rather than nothing."""
    expected = _listed(sqlite_demo)
    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        screen.table.start = 10 * len(expected)  # the cursor's row as far as the list once went
        screen.refresh_data()
        await settle(pilot)
        assert screen.table.start == 0 and [r.id for r in screen.table.rows_loaded] == expected[:PAGE_SIZE]
        assert f"1/{len(expected)}" in _status(screen)


async def test_a_bad_date_shows_a_message_and_keeps_the_text(sqlite_demo):
    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        before = [r.id for r in screen.table.rows_loaded]
        field = screen.query_one("#flt-due-after", Input)
        field.focus()
        await pilot.press(*"31/02/2021")
        await _wait_reload(pilot)
        assert field.value == "31/02/2021"
        assert "31/02/2021" in _status(screen) and "dd/mm/yyyy" in _status(screen)
        assert [r.id for r in screen.table.rows_loaded] == before
        field.value = ""
        await pilot.press(*"20/08/2021")
        await _wait_reload(pilot)
        assert "31/02" not in _status(screen)
        assert all(r.standing.due and r.standing.due >= dt.date(2021, 8, 20) for r in screen.table.rows_loaded)


async def test_saved_filter_round_trip(sqlite_demo):
    app = make_app(sqlite_demo, user="vp.ha")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        screen.apply_filter(AssignmentFilter(unit="Sở Y tế", category="overdue"))
        await _wait_reload(pilot)
        n = screen.table.total
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, SaveFilterDialog)
        await pilot.press("enter")  # empty name: refused, dialog stays
        await settle(pilot)
        assert "Chưa nhập tên" in plain(app.screen.query_one("#save-filter-error", Static))
        await pilot.press(*"Y tế quá hạn", "enter")
        await settle(pilot)
        assert isinstance(app.screen, AssignmentsScreen)
        with sqlite_demo.session() as s:
            clerk = s.scalar(select(Clerk).where(Clerk.os_user == "vp.ha"))
            stored = s.scalar(select(SavedFilter).where(SavedFilter.clerk_id == clerk.id))
            assert stored.name == "Y tế quá hạn"
            assert stored.filter == {"unit": "Sở Y tế", "category": "overdue"}
        await pilot.press("c")
        await _wait_reload(pilot)
        assert screen.table.total == _total(sqlite_demo)
        await pilot.press("F")
        await settle(pilot)
        assert isinstance(app.screen, SavedFiltersDialog)
        await pilot.press("enter")
        await _wait_reload(pilot)
        assert isinstance(app.screen, AssignmentsScreen)
        assert screen.table.total == n and screen.query_one("#flt-unit", Input).value == "Sở Y tế"
        assert screen.query_one("#flt-category", Select).value == "overdue"
        # F then Del deletes it
        await pilot.press("F")
        await settle(pilot)
        await pilot.press("delete")
        await settle(pilot)
        with sqlite_demo.session() as s:
            assert s.scalar(select(SavedFilter)) is None
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, AssignmentsScreen)


async def test_row_keys_open_detail_and_forms(sqlite_demo):
    from tui.screens.checkin_form import CheckinForm
    from tui.screens.decision_form import DecisionForm
    from tui.screens.extension_form import ExtensionForm
    from tui.screens.task_detail import TaskDetailScreen

    app = make_app(sqlite_demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot)
        row = screen.current_row()
        assert screen.check_action("confirm", ()) is None or "awaiting" in row.flags
        for key, cls in [("enter", TaskDetailScreen), ("n", CheckinForm), ("g", ExtensionForm)]:
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, cls), (key, [plain(w) for w in app.screen.query(Static)])
            assert getattr(app.screen, "assignment_id", row.id) == row.id
            app.pop_screen()
            await settle(pilot)
        screen.apply_filter(AssignmentFilter(flag="awaiting"))
        await _wait_reload(pilot)
        assert screen.table.total > 0
        assert screen.check_action("confirm", ()) is True
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, DecisionForm)
        assert app.screen.assignment_id == screen.current_row().id


async def test_viewer_cannot_check_in_or_confirm(sqlite_demo):
    app = make_app(sqlite_demo, user="xem.tuan")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        assert screen.current_row() is not None
        assert screen.check_action("checkin", ()) is None
        assert screen.check_action("confirm", ()) is None
        assert screen.check_action("extension", ()) is None


async def test_rows_are_drawn_before_the_count_comes(sqlite_demo, monkeypatch):
    """The page is shown as soon as it is read; the count of every match follows it."""
    release = _hold_the_count(monkeypatch)
    app = make_app(sqlite_demo, prewarm=())  # the list is read on the switch, not before
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_uncounted(pilot)
        assert len(screen.table.rows_loaded) == PAGE_SIZE and screen.table.total is None
        assert "1/…" in _status(screen)
        release.set()
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert screen.table.total == _total(sqlite_demo)
        assert f"1/{_total(sqlite_demo)}" in _status(screen)


async def test_drill_in_from_another_screen_and_a_short_list_needs_no_count(sqlite_demo, monkeypatch):
    import tui.screens.assignments as module

    calls = []
    monkeypatch.setattr(module, "fetch_count", lambda ws, flt: calls.append(flt) or 0)
    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.switch_mode("assignments")
        app.screen.apply_filter(AssignmentFilter(unit="SYT", category="overdue"))
        await _wait_reload(pilot)
        with sqlite_demo.session() as s:
            n = len(list_assignments(s, AssignmentFilter(unit="SYT", category="overdue"), DEMO_DAY))
        assert 0 < n < PAGE_SIZE
        assert app.screen.table.total == n and f"1/{n}" in _status(app.screen)
        assert [f for f in calls if f.unit == "SYT"] == []  # the last page carries its count


async def test_a_keystroke_applies_at_once_and_a_burst_once_more_at_its_end(sqlite_demo, monkeypatch):
    import tui.widgets.filter_bar as bar_module
    from tui.widgets.filter_bar import FilterBar

    DEBOUNCE = 0.6  # longer than the test's steps take, so its timer fires only when waited for
    monkeypatch.setattr(bar_module, "DEBOUNCE", DEBOUNCE)
    clock = [1000.0]
    monkeypatch.setattr(bar_module, "monotonic", lambda: clock[0])
    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        bar = screen.query_one(FilterBar)
        applied = []
        reload = screen._reload
        monkeypatch.setattr(screen, "_reload", lambda *a: (applied.append(screen.flt.search), reload(*a)))
        # A key after a pause: applied when its change arrives, no timer.
        screen.query_one("#flt-search", Input).value = "b"
        await settle(pilot)
        assert bar._timer is None and applied == ["b"]
        # Keys that follow within DEBOUNCE wait for the burst's end, and apply once.
        clock[0] += DEBOUNCE / 5
        screen.query_one("#flt-search", Input).value = "bá"
        await settle(pilot)
        clock[0] += DEBOUNCE / 5
        screen.query_one("#flt-search", Input).value = "báo"
        await settle(pilot)
        assert bar._timer is not None and applied == ["b"]
        await pilot.pause(DEBOUNCE * 2)
        await settle(pilot)
        assert applied == ["b", "báo"] and bar._timer is None
        await app.workers.wait_for_complete()
        await settle(pilot)
        with sqlite_demo.session() as s:
            n = count_assignments(s, AssignmentFilter(search="báo"), DEMO_DAY)
        assert screen.table.total == n and screen.flt.search == "báo"


async def test_a_drill_in_reads_the_list_once(sqlite_demo, monkeypatch):
    import tui.screens.assignments as module

    pages = []
    fetch = module.fetch_page
    monkeypatch.setattr(module, "fetch_page", lambda ws, flt, *a: pages.append(flt) or fetch(ws, flt, *a))
    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.switch_mode("assignments")
        await _wait_reload(pilot)
        pages.clear()
        app.screen.apply_filter(AssignmentFilter(unit="SYT", category="overdue"))
        await _wait_reload(pilot)
        await pilot.pause(0.2)  # the filter bar's changes (its widgets were set) have all come
        await settle(pilot)
        assert pages == [AssignmentFilter(unit="SYT", category="overdue")]


# --- snapshots -------------------------------------------------------------------------------

async def _to_assignments(pilot) -> None:
    await settle(pilot)
    await pilot.press("3")
    await settle(pilot)
    await pilot.pause(0.25)
    await settle(pilot)


async def _to_saved_filters(pilot) -> None:
    await _to_assignments(pilot)
    await pilot.press("f")
    await settle(pilot)


def test_snapshot_assignments_80x24(snap_compare, sqlite_demo):
    assert snap_compare(make_app(sqlite_demo), terminal_size=(80, 24), run_before=_to_assignments)


def test_snapshot_assignments_120x40(snap_compare, sqlite_demo):
    assert snap_compare(make_app(sqlite_demo), terminal_size=(120, 40), run_before=_to_assignments)


def test_snapshot_save_filter_80x24(snap_compare, sqlite_demo):
    assert snap_compare(make_app(sqlite_demo), terminal_size=(80, 24), run_before=_to_saved_filters)


def test_snapshot_save_filter_120x40(snap_compare, sqlite_demo):
    assert snap_compare(make_app(sqlite_demo), terminal_size=(120, 40), run_before=_to_saved_filters)


async def _to_saved_filter_list(pilot) -> None:
    await _to_assignments(pilot)
    await pilot.press("F")
    await settle(pilot)


def test_snapshot_saved_filter_list_80x24(snap_compare, sqlite_demo):
    assert snap_compare(make_app(sqlite_demo), terminal_size=(80, 24), run_before=_to_saved_filter_list)


def test_snapshot_saved_filter_list_120x40(snap_compare, sqlite_demo):
    assert snap_compare(make_app(sqlite_demo), terminal_size=(120, 40), run_before=_to_saved_filter_list)


def test_short_directive_titles():
    from tui.screens.assignments import short_directive

    assert short_directive("Kế hoạch ngày 14/08/2021") == "KH 14/08/21"
    assert short_directive("Quyết định 855/QĐ-UBND") == "QĐ 855"


async def test_the_list_is_built_while_the_dashboard_is_shown(sqlite_demo, monkeypatch):
    """The first switch to Nhiệm vụ shows rows read while the clerk looked at the dashboard:
    no read on the switch, and the dashboard kept its focus and its keys meanwhile."""
    import tui.screens.assignments as module
    from tui.screens.dashboard import DashboardScreen

    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dashboard = app.screen
        assert isinstance(dashboard, DashboardScreen)
        assert app.focused is not None and app.focused.screen is dashboard
        (listed,) = app.get_screen_stack("assignments")
        assert isinstance(listed, AssignmentsScreen) and len(listed.table.rows_loaded) == PAGE_SIZE
        assert listed.table.total == _total(sqlite_demo)

        reads = []
        monkeypatch.setattr(module, "fetch_page", lambda *args, **kw: reads.append(args))
        await pilot.press("3")
        await settle(pilot)
        assert app.screen is listed and reads == []
        assert f"1/{_total(sqlite_demo)}" in _status(listed)
        assert app.focused is not None and app.focused.screen is listed


async def test_a_list_built_in_advance_follows_a_new_as_of_date(sqlite_demo):
    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        (listed,) = app.get_screen_stack("assignments")
        assert listed.as_of == DEMO_DAY
        later = DEMO_DAY + dt.timedelta(days=40)
        app.set_as_of(later)
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        assert app.screen is listed and listed.as_of == later
        with sqlite_demo.session() as s:
            expected = list_assignments(s, AssignmentFilter(), later, limit=PAGE_SIZE)
        assert [r.id for r in listed.table.rows_loaded] == [r.id for r in expected]
        assert [r.standing.category for r in listed.table.rows_loaded] == [r.standing.category for r in expected]


async def test_without_prewarming_the_first_switch_builds_and_reads_the_list(sqlite_demo):
    app = make_app(sqlite_demo, prewarm=())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        with pytest.raises(KeyError):  # not built before the switch
            app.get_screen_stack("assignments")
        screen = await _open(pilot)
        assert len(screen.table.rows_loaded) == PAGE_SIZE


async def test_the_status_line_groups_thousands(sqlite_demo):
    """Positions and counts read as Vietnamese writes them (150.032, not 150032)."""
    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        screen.table.total, screen.table.start = 150_032, 149_972  # as after End in a province
        screen._show_status()
        assert _status(screen).startswith("149.973/150.032 ")


async def test_a_page_holding_a_row_already_shown_adds_it_once(sqlite_demo):
    """A write between two page reads can move a row already shown into the next page: it is
    not added twice (a DataTable refuses a key it holds)."""
    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        table = screen.table
        shown = list(table.rows_loaded)
        table.append(len(shown), [shown[-1], shown[0]], more=True)
        await settle(pilot)
        assert [r.id for r in table.rows_loaded] == [r.id for r in shown] and table.row_count == len(shown)
