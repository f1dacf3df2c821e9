"""One measurement, run as its own process by bench/run.py: the service calls behind the TUI's
interactions on a workspace (the page query of a filter keystroke, the last page, a unit's
overdue list, the dashboard), timed in-process, median of several runs. Prints JSON."""
from __future__ import annotations

import json
import statistics
import sys
import time


def main(url: str, unit: str = "Sở Y tế", runs: int = 5) -> dict:
    from core.services.assignments import AssignmentFilter, count_matching, load_page
    from core.services.dashboard import load_dashboard
    from core.services.scorecards import load_scorecards
    from core.services.workspace import open_workspace

    from tui.widgets.paged_table import PAGE_SIZE  # the rows the TUI asks for at a time

    ws = open_workspace(url)
    total = count_matching(ws, AssignmentFilter())

    def first_page(**flt):  # as the TUI reads it: the rows first, the count afterwards
        return load_page(ws, AssignmentFilter(**flt), "due", False, 0, PAGE_SIZE, count=False)

    cases = {
        "first_page_all_by_due": lambda: first_page(),
        "count_all": lambda: count_matching(ws, AssignmentFilter()),
        "last_page_all_by_due": lambda: load_page(ws, AssignmentFilter(), "due", False,
                                                  max(total - PAGE_SIZE, 0), PAGE_SIZE, total),
        "first_page_text_search": lambda: first_page(search="dịch bệnh"),
        "first_page_one_letter_search": lambda: first_page(search="d"),
        "count_one_letter_search": lambda: count_matching(ws, AssignmentFilter(search="d")),
        "first_page_one_unit_overdue": lambda: first_page(unit=unit, category="overdue"),
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
