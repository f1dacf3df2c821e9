"""One measurement, run as its own process by bench/run.py: the service calls behind the TUI's
interactions on a workspace (the page query of a filter keystroke, the last page, a unit's
overdue list, the dashboard), timed in-process, median of several runs. Prints JSON."""
from __future__ import annotations

import json
import statistics
import sys
import time


def main(url: str, unit: str = "Sở Y tế", runs: int = 5) -> dict:
    from core.services.assignments import AssignmentFilter, load_page
    from core.services.dashboard import load_dashboard
    from core.services.scorecards import load_scorecards
    from core.services.workspace import open_workspace

    from tui.widgets.paged_table import PAGE_SIZE  # the rows the TUI asks for at a time

    ws = open_workspace(url)
    first = load_page(ws, AssignmentFilter(), "due", False, 0, PAGE_SIZE)
    total = first.total or 0
    cases = {
        "first_page_all_by_due": lambda: load_page(ws, AssignmentFilter(), "due", False, 0, PAGE_SIZE),
        "last_page_all_by_due": lambda: load_page(ws, AssignmentFilter(), "due", False,
                                                  max(total - PAGE_SIZE, 0), PAGE_SIZE, total),
        "first_page_text_search": lambda: load_page(ws, AssignmentFilter(search="dịch bệnh"), "due", False, 0, PAGE_SIZE),
        "first_page_one_unit_overdue": lambda: load_page(
            ws, AssignmentFilter(unit=unit, category="overdue"), "due", False, 0, PAGE_SIZE),
        "dashboard_all": lambda: load_dashboard(ws, None),
        "dashboard_first_view": lambda: load_dashboard(ws, None, ("overdue",)),  # what the TUI reads first
        "units_scorecards": lambda: load_scorecards(ws),
    }
    out = {"assignments": total}
    for name, call in cases.items():
        call()  # warm the page cache: a clerk's second keystroke, not the first read from disk
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            call()
            times.append(time.perf_counter() - t)
        out[name] = {"median_s": round(statistics.median(times), 3), "min_s": round(min(times), 3),
                     "max_s": round(max(times), 3), "runs": runs}
    return out


if __name__ == "__main__":
    print(json.dumps(main(*sys.argv[1:3])))
