"""One measurement, run as its own process by bench/run.py: the TUI from process start to the
dashboard drawn with its data (headless, 80x24), and optionally a keystroke in the
assignment filter to the table redrawn. Prints JSON."""
from __future__ import annotations

import time

START = time.perf_counter()

import asyncio  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402


async def main(db_url: str, as_of: str) -> dict:
    import datetime as dt

    # The order of `dondoc` itself (tui/cli.py): the workspace, the first screen's read
    # started, then Textual imported and the app built.
    from core.services.workspace import open_workspace
    from tui.prefetch import start_dashboard

    ws = open_workspace(db_url, as_of=as_of)
    first_screen = start_dashboard(ws)
    from tui.app import DondocApp
    from tui.screens.dashboard import DashboardScreen

    app = DondocApp(ws, refresh_seconds=None, prefetch=first_screen)
    drawn = asyncio.Event()
    original = DashboardScreen.show

    def show(self, data):
        original(self, data)
        drawn.set()

    DashboardScreen.show = show
    out: dict = {}
    async with app.run_test(size=(80, 24)) as pilot:
        await asyncio.wait_for(drawn.wait(), 60)
        await pilot.pause()
        out["launch_to_dashboard_s"] = round(time.perf_counter() - START, 3)
        t = time.perf_counter()
        await pilot.press("3")
        await app.workers.wait_for_complete()
        await pilot.pause()
        out["switch_to_assignments_s"] = round(time.perf_counter() - t, 3)
        # A keystroke in the text filter until the table is filled again (includes the
        # filter bar's 150 ms debounce, which is part of what the clerk waits for).
        from tui.widgets.paged_table import PagedTable

        reloaded = asyncio.Event()
        original_reset = PagedTable.reset

        def reset(self, *args, **kwargs):
            original_reset(self, *args, **kwargs)
            reloaded.set()

        PagedTable.reset = reset
        app.screen.query_one("#flt-search").focus()
        await pilot.pause()
        times = []
        for ch in "dich":
            reloaded.clear()
            t = time.perf_counter()
            await pilot.press(ch)
            await asyncio.wait_for(reloaded.wait(), 30)
            await pilot.pause()
            times.append(time.perf_counter() - t)
        out["filter_keystroke_s"] = round(sorted(times)[len(times) // 2], 3)
        # Coming back to sections already shown (nothing written meanwhile).
        await pilot.press("2")
        await app.workers.wait_for_complete()
        await pilot.pause()
        times = []
        for key in "1323":
            t = time.perf_counter()
            await pilot.press(key)
            await app.workers.wait_for_complete()
            await pilot.pause()
            times.append(time.perf_counter() - t)
        out["return_to_section_s"] = round(sorted(times)[len(times) // 2], 3)
    import resource

    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    _ = dt
    return out


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(sys.argv[1], sys.argv[2]))))
