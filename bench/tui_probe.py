"""One measurement, run as its own process by bench/run.py: the TUI from process start to the
dashboard drawn with its data (headless, 80x24); then, in the running app, the first switch to
the assignment list, End to its last row, a keystroke in its text filter, and coming back to a
section — each from the key sent to the frame that shows the result. Prints JSON.

"Drawn" is the next frame Textual composes (App._display) once the data is in the widgets;
Pilot's own waits are not used for the interactions: they wait until the whole process is
idle, the worker counting the matches in the background included."""
from __future__ import annotations

import gc
import time

START = time.perf_counter()
gc.disable()  # as `dondoc` starts (tui/cli.py:entry); the app resumes it, as it does there

import asyncio  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402


async def main(db_url: str, as_of: str) -> dict:
    # The order of `dondoc` itself (tui/cli.py): the workspace, the first screen's read
    # started, then Textual imported and the app built.
    from core.services.workspace import open_workspace
    from tui.prefetch import start_dashboard

    ws = open_workspace(db_url, as_of=as_of)
    first_screen = start_dashboard(ws)
    from textual import events
    from textual.app import App

    from tui.app import DondocApp
    from tui.screens.assignments import AssignmentsScreen
    from tui.screens.dashboard import DashboardScreen
    from tui.widgets.paged_table import PagedTable

    app = DondocApp(ws, refresh_seconds=None, prefetch=first_screen, freeze_heap=True)  # as tui.app.run
    done_at: dict[str, float] = {}  # when the data went into the widgets, per kind
    frames: list[tuple[float, object]] = []  # (time, screen) of every frame composed

    def stamped(cls, name, kind):
        original = getattr(cls, name)

        def wrapper(self, *args, **kwargs):
            result = original(self, *args, **kwargs)
            done_at[kind] = time.perf_counter()
            return result

        setattr(cls, name, wrapper)

    stamped(DashboardScreen, "show", "dashboard")
    stamped(PagedTable, "reset", "page")
    stamped(PagedTable, "set_total", "count")
    original_display = App._display

    def display(self, screen, renderable):
        original_display(self, screen, renderable)
        if renderable is not None:
            # Whether the screen shows its data: read, and no newer read on its way.
            ready = getattr(screen, "shown_stamp", None) is not None and not getattr(screen, "reading", False)
            frames.append((time.perf_counter(), screen, ready))

    App._display = display

    async def drawn(kind: str | None = None, since: float = 0.0, screen_type=None, ready=False) -> float:
        """The time of the first frame after `kind`'s data went in (and after `since`),
        showing a screen of `screen_type` if given (with its data if `ready`)."""
        for _ in range(30_000):
            after = max(done_at.get(kind, float("inf")) if kind else 0.0, since)
            for at, screen, has_data in frames:
                if (at > after and (screen_type is None or isinstance(screen, screen_type))
                        and (has_data or not ready)):
                    return at
            await asyncio.sleep(0.001)
        raise TimeoutError(kind)

    def send(key: str) -> float:
        for kind in list(done_at):
            if kind != "dashboard":
                del done_at[kind]
        frames.clear()
        # As a terminal sends it: Pilot.press would also wait for the whole process to idle.
        app._driver.send_message(events.Key(key, key if len(key) == 1 else None))
        return time.perf_counter()

    async def settled(pilot) -> None:
        await app.workers.wait_for_complete()
        await pilot.pause()

    out: dict = {}
    async with app.run_test(size=(80, 24)) as pilot:
        out["launch_to_dashboard_s"] = round(await drawn("dashboard") - START, 3)
        # The app builds the other sections in the background, one after another, once the
        # dashboard is drawn (DondocApp.prewarm_sections): a clerk who looks at the dashboard
        # this long finds every section ready. The switches below are measured after it.
        from tui.app import PREWARM

        give_up = time.perf_counter() + 300
        while not all(mode in app._screen_stacks and getattr(app.get_screen_stack(mode)[0], "shown_stamp", None) is not None
                      for mode in PREWARM):
            if time.perf_counter() > give_up:
                raise TimeoutError("sections built in the background")
            await asyncio.sleep(0.005)
        out["sections_built_after_launch_s"] = round(time.perf_counter() - START, 3)
        await settled(pilot)
        t = send("3")
        # The first frame of the list with its rows.
        out["switch_to_assignments_s"] = round(await drawn(None, t, AssignmentsScreen, ready=True) - t, 3)
        await settled(pilot)
        # End: to the last row of every assignment (its page read alone), then Home back.
        to_last = []
        for _ in range(3):
            t = send("end")
            to_last.append(await drawn("page", t) - t)
            await settled(pilot)
            send("home")
            await settled(pilot)
        out["end_to_last_page_s"] = round(sorted(to_last)[1], 3)
        # Keystrokes in the text filter: to the list drawn again, and to its count shown.
        app.screen.query_one("#flt-search").focus()
        await settled(pilot)
        to_rows, to_count = [], []
        for key in ("d", "i", "c", "h", "backspace", "h"):
            t = send(key)
            to_rows.append(await drawn("page", t) - t)
            to_count.append(await drawn("count", t) - t)
            await settled(pilot)
        out["filter_keystroke_s"] = round(sorted(to_rows)[len(to_rows) // 2], 3)
        out["filter_keystroke_to_count_s"] = round(sorted(to_count)[len(to_count) // 2], 3)
        # Coming back to sections already shown (nothing written meanwhile). The digits are
        # section keys in the table; in the filter field they would be typed into it.
        app.screen.query_one(PagedTable).focus()
        await settled(pilot)
        # The other sections, each shown for the first time.
        from tui.screens.calendar import CalendarScreen
        from tui.screens.directives import DirectivesScreen
        from tui.screens.units import UnitsScreen

        sections = {"1": DashboardScreen, "2": DirectivesScreen, "3": AssignmentsScreen,
                    "4": UnitsScreen, "5": CalendarScreen}
        firsts = []
        for key in "245":
            t = send(key)
            firsts.append(await drawn(None, t, sections[key], ready=True) - t)
            await settled(pilot)
        out["first_switch_to_other_sections_s"] = round(max(firsts), 3)  # the slowest of the three
        times = []
        for key in "1323":
            t = send(key)
            times.append(await drawn(None, t, sections[key]) - t)
            await settled(pilot)
        out["return_to_section_s"] = round(sorted(times)[len(times) // 2], 3)
    import resource

    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return out


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(sys.argv[1], sys.argv[2]))))
