"""One measurement, run by bench/run.py: the period report of the directive with the most
assignments, and the report on every directive (a few rows per unit and per list) — figures
from the database, then written to .docx and to .xlsx — in-process, median of several runs.
Prints JSON. Usage: report_probe.py DB_URL YYYY-MM-DD"""
from __future__ import annotations

import json
import statistics
import sys
import time


def main(url: str, day: str, runs: int = 3) -> dict:
    import datetime as dt

    from sqlalchemy import func, select

    from core.models import Assignment, Task
    from core.services.reports import make_report, report_bytes
    from core.services.workspace import open_workspace

    ws = open_workspace(url, as_of=day)
    with ws.session() as s:
        directive_id, assignments = s.execute(
            select(Task.directive_id, func.count(Assignment.id)).join(Assignment, Assignment.task_id == Task.id)
            .group_by(Task.directive_id).order_by(func.count(Assignment.id).desc()).limit(1)).one()
    out: dict = {}
    rows = {}
    for scope, directive in (("", directive_id), ("all_", None)):
        samples: dict[str, list[float]] = {"figures": [], "docx": [], "xlsx": []}
        for _ in range(runs):
            t0 = time.perf_counter()
            data = make_report(ws, directive=directive, period_day=dt.date.fromisoformat(day))
            t1 = time.perf_counter()
            report_bytes(data, "docx")
            t2 = time.perf_counter()
            report_bytes(data, "xlsx")
            t3 = time.perf_counter()
            samples["figures"].append(t1 - t0)
            samples["docx"].append(t2 - t0)   # figures + file, as the clerk waits for it
            samples["xlsx"].append((t3 - t2) + (t1 - t0))
            rows[scope] = sum(len(u.rows) for u in data.units)
        out |= {scope + k: {"median_s": round(statistics.median(v), 3), "min_s": round(min(v), 3),
                            "max_s": round(max(v), 3), "runs": runs} for k, v in samples.items()}
    out["assignments"] = assignments
    import resource

    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    out["rows"] = rows[""]
    out["all_rows"] = rows["all_"]
    return out


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2])))
