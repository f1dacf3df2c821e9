"""Many clerks at once (issue 6), on each backend: 16 processes record check-ins on the same
few assignments while other processes edit the same task with version checks.

Asserted: no error other than the expected edit conflicts (on SQLite never «database is
locked»), exactly PROCS × PER_PROC new check-ins, each once, one audit insert per check-in,
and no lost update — every successful edit moved the task's version by one and the task
holds the text of the last of them.

Each worker is a separate Python process (`python -c WORKER`) with its own engine, started
together behind a barrier (each warms up, says "ready", then waits for "go" on stdin).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from conftest import open_assignments
from core.demo import SEED_002_FILE, UNITS_FILE, add_clerks, load_directive, load_json, load_units
from core.models import Assignment, AuditEntry, Checkin, Task

ROOT = Path(__file__).resolve().parent.parent
DAY = dt.date(2021, 9, 1)       # one business date for every writer (history stays in order)
PROCS = 16                      # check-in processes
# The figure is 300 per process: it passes on SQLite, but one check-in costs ~14 ms
# of CPU (~17 ms on PostgreSQL) and writes on one assignment take turns, so 16×300 takes
# ~110 s on SQLite on a 2-core machine. The default keeps each backend under a minute on a
# busy 2-core machine; DONDOC_CONCURRENCY_PER_PROC=300 runs the full figure.
PER_PROC = int(os.environ.get("DONDOC_CONCURRENCY_PER_PROC", "40"))
ASSIGNMENTS = 8                 # the check-ins contend on these few assignments
EDITORS = 3                     # extra processes editing one task
EDITS = 25                      # edit attempts per editor
CLERKS = ["vp.ha", "vp.nam", "tester"]  # office clerks and the administrator

WORKER = r"""
import datetime as dt, json, random, sys, time, traceback

from core.errors import ConflictError
from core.services.checkins import CheckinInput, record_checkin
from core.services.task_edit import load_task_for_edit, save_task_edit
from core.services.workspace import Workspace
from db.engine import Database

job = json.loads(sys.argv[1])
db = Database(job["url"])
ws = Workspace(db=db, today=dt.date.fromisoformat(job["day"]), os_user=job["user"])
load_task_for_edit(ws, job["task"])  # connect and import everything before the start
print("ready", flush=True)
sys.stdin.readline()

out = {"errors": [], "ok": 0, "conflicts": 0, "edits": []}
def failed(exc):
    out["errors"].append(f"{type(exc).__name__}: {exc}"[:500])
    if len(out["errors"]) <= 2:
        traceback.print_exc()

proc = job["proc"]
if job["kind"] == "checkin":
    ids = job["assignments"]
    for i in range(job["count"]):
        data = CheckinInput(status="in_progress", progress=i % 101, result=f"p{proc}-{i}")
        try:
            record_checkin(ws, ids[(proc + i) % len(ids)], data)
            out["ok"] += 1
        except Exception as exc:
            failed(exc)
else:
    rng = random.Random(proc)
    for i in range(job["count"]):
        try:
            data = load_task_for_edit(ws, job["task"])
            time.sleep(rng.uniform(0, 0.03))  # the clerk types; another may save meanwhile
            text = f"Nội dung sửa bởi e{proc}-{i}"
            res = save_task_edit(ws, data.task_id, text=text, lead=data.lead,
                                 coordinating=data.coordinating, deadline_phrase=data.deadline_phrase,
                                 expected_task_version=data.task_version,
                                 expected_deadline_version=data.deadline_version)
            out["ok"] += 1
            out["edits"].append([text, data.task_version, res.task_version])
        except ConflictError as exc:
            out["conflicts"] += 1
            if "vẫn được giữ" not in str(exc):
                failed(exc)
        except Exception as exc:
            failed(exc)
db.dispose()
print(json.dumps(out), flush=True)
"""


def _open_assignments(db) -> tuple[list[int], int]:
    """ASSIGNMENTS assignments open for check-ins on DAY (not done), and the task of the first."""
    picked = open_assignments(db, DAY, ASSIGNMENTS)
    with db.session() as s:
        return picked, s.get(Assignment, picked[0]).task_id


def _run_workers(jobs: list[dict], tmp_path: Path) -> list[dict]:
    procs = []
    for n, job in enumerate(jobs):
        err = open(tmp_path / f"worker{n}.err", "w")
        procs.append((subprocess.Popen(
            [sys.executable, "-c", WORKER, json.dumps(job)], cwd=ROOT, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err), err))
    try:
        for p, _ in procs:
            assert p.stdout.readline().strip() == "ready", (tmp_path / "worker0.err").read_text()
        for p, _ in procs:  # the barrier: every worker starts writing at once
            p.stdin.write("go\n")
            p.stdin.flush()
        results = []
        for n, (p, err) in enumerate(procs):
            line = p.stdout.readline()
            p.wait(timeout=300)
            err.close()
            assert p.returncode == 0 and line, (tmp_path / f"worker{n}.err").read_text()[-3000:]
            results.append(json.loads(line))
        return results
    finally:
        for p, err in procs:
            if p.poll() is None:
                p.kill()
            err.close()


def test_many_clerks_at_once(db, tmp_path):
    with db.session() as s:
        s.info["actor"] = {"os_user": "tester", "business_date": dt.date(2021, 8, 14)}
        units = load_units(s, load_json(UNITS_FILE))
        add_clerks(s, units, "tester")
        load_directive(s, SEED_002_FILE)
    assignment_ids, task_id = _open_assignments(db)
    with db.session() as s:
        checkins_before = s.scalar(select(func.count()).select_from(Checkin))
        start_version = s.get(Task, task_id).version

    jobs = [dict(kind="checkin", proc=p, count=PER_PROC, user=CLERKS[p % len(CLERKS)])
            for p in range(PROCS)]
    jobs += [dict(kind="edit", proc=PROCS + e, count=EDITS, user=CLERKS[e % len(CLERKS)])
             for e in range(EDITORS)]
    for job in jobs:
        job.update(url=db.url, day=DAY.isoformat(), task=task_id, assignments=assignment_ids)
    db.dispose()  # the workers are the only clients while they run

    started = time.monotonic()
    results = _run_workers(jobs, tmp_path)
    elapsed = time.monotonic() - started
    print(f"\n{db.engine.dialect.name}: {PROCS}×{PER_PROC} check-ins and "
          f"{EDITORS}×{EDITS} edits in {elapsed:.1f} s")

    errors = [e for r in results for e in r["errors"]]
    assert errors == [], errors[:5]
    assert not any("locked" in e for e in errors)
    checkin_results, edit_results = results[:PROCS], results[PROCS:]
    assert [r["ok"] for r in checkin_results] == [PER_PROC] * PROCS

    total = PROCS * PER_PROC
    with db.session() as s:
        rows = s.execute(select(Checkin.id, Checkin.result)
                         .where(Checkin.result.like("p%-%"))).all()
        assert s.scalar(select(func.count()).select_from(Checkin)) == checkins_before + total
        assert len(rows) == total
        results_seen = [r.result for r in rows]
        assert len(set(results_seen)) == total  # no duplicates
        assert set(results_seen) == {f"p{p}-{i}" for p in range(PROCS) for i in range(PER_PROC)}
        audited = s.scalars(select(AuditEntry.entity_id).where(
            AuditEntry.entity == "checkins", AuditEntry.action == "insert")).all()
        new_ids = {str(r.id) for r in rows}
        assert sorted(a for a in audited if a in new_ids) == sorted(new_ids)  # one insert each
        task = s.get(Task, task_id)
        final_text, final_version = task.text, task.version

    # No lost update: each successful save read version v and left v + 1, so the successes
    # form one unbroken chain from the start version, and the task holds the last one's text.
    edits = sorted((e for r in edit_results for e in r["edits"]), key=lambda e: e[1])
    assert edits, "no edit succeeded"
    assert [(e[1], e[2]) for e in edits] == [(start_version + k, start_version + k + 1)
                                             for k in range(len(edits))]
    assert final_version == start_version + len(edits)
    assert final_text == edits[-1][0]
    conflicts = sum(r["conflicts"] for r in edit_results)
    assert conflicts + len(edits) == EDITORS * EDITS
    assert conflicts > 0  # the editors really did collide, and the losers were told
