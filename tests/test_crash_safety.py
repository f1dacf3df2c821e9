"""Crash safety: a dondoc process killed with SIGKILL at random points of an import, of a burst
of check-ins or of issuing reports leaves a consistent database (issue: "a process killed at
random points … leaves a consistent database; a test does it at many points"). Each scenario
runs on each backend (`db_url`: SQLite, and PostgreSQL when configured).

How: a worker is a separate Python process (`python -c WORKER`, as in test_concurrency.py) that
connects, plans/loads and imports everything, says "ready", waits for "go" on stdin, then does
the operation and prints a line after each completed step ("started", "ok <i> <id>", "end").
One unkilled reference run per scenario measures how long the operation takes (d); then the
worker is started again and killed at KILLS points spread over [0, 1.3·d] — one seeded
fraction per stratum, so the points are the same on every run and land before, during and
after commits whatever the machine's speed. Each scenario keeps ONE database across its kill
points: crashes accumulate, as they would for a clerk.

After every kill (and after the reference run) the parent checks:

* the database: on SQLite `PRAGMA integrity_check` is "ok" and `PRAGMA foreign_key_check`
  finds nothing; on PostgreSQL the queries work. The parent then writes (one check-in), so the
  workspace is still writable after the crash. On PostgreSQL the parent first waits until the
  server has ended the killed worker's session (its `application_name`): a COMMIT already sent
  may still be applied after the client died, and checking before that would be a race.
* import (seed 002, given a new number per kill point so each is a new directive, not an
  update of one stored before): the row counts of EVERY table moved either by nothing at all
  or by exactly what the reference import moved them (directives, tasks, deadlines,
  assignments, assignment_states, audit_log …) — all or nothing — and a stored directive has
  the reference's tasks and assignments and one audit insert per task and per assignment;
  an absent one left no audit row naming it.
* check-in burst (each check-in its own transaction, round-robin over a few open
  assignments): what the killed worker had reported done is stored, plus at most the one it
  was committing; no duplicates; exactly one audit insert per check-in row in the whole
  database (with the row's values); and assignment_states equals a full rebuild
  (`rebuild_all_states`, in a transaction rolled back).
* report issue (each one numbered, written beside its name, then moved in place, then
  committed): every issued_documents row re-exports byte-identically (`reexport_issued` says
  so) and its file is in place with the stored hash; a file may be in place without a row
  (written just before the commit) — at most the one being issued — but never a row without
  its file; numbers stay unique; one audit insert per row.

Not vacuous: at least one kill must hit a running worker, and at least one must land
mid-operation (the import after "started" and before its commit returned; a burst after ≥ 1
completed step and before the last).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select, text

from conftest import open_assignments
from core.demo import (
    FIXTURES,
    SEED_002_FILE,
    UNITS_FILE,
    add_clerks,
    load_directive,
    load_json,
    load_units,
)
from core.fact_states import rebuild_all_states
from core.state_counts import rebuild_checkin_days, stored_counts
from core.models import (
    UnitCheckinDay,
    Assignment,
    AssignmentState,
    AuditEntry,
    Base,
    Checkin,
    Directive,
    IssuedDocument,
    Task,
)
from core.services.checkins import CheckinInput, record_checkin
from core.services.reports import reexport_issued
from core.services.workspace import Workspace
from core.text import fold
from db.engine import Database

ROOT = Path(__file__).resolve().parent.parent
DAY = dt.date(2021, 9, 1)
SEED_FILE = FIXTURES / "seeds" / "002_873e37694dc3bec6.txt"  # 55 tasks, 436 assignments
KILLS = 9                 # kill points per scenario (plus the unkilled reference run)
SPAN = 1.3                # kills land in [0, SPAN × the reference run's duration]
CHECKINS = 120            # check-ins per burst
ASSIGNMENTS = 6           # the burst goes round these open assignments
REPORTS = 4               # reports issued per run
APP_NAME = f"dondoc_crash_{os.getpid()}"  # PostgreSQL: how the parent finds a worker's session

WORKER = r"""
import datetime as dt, json, sys

from core.services.workspace import Workspace
from db.engine import Database

job = json.loads(sys.argv[1])
db = Database(job["url"])
ws = Workspace(db=db, today=dt.date.fromisoformat(job["day"]), os_user=job["user"])
kind = job["kind"]

# Warm up: connect, read, import every module the operation needs, before "ready".
if kind == "import":
    from core.services.importing import ImportChoices, UnitChoice, commit_import, plan_import
    plan = plan_import(ws, job["file"])
    choices = ImportChoices(units={p.name: UnitChoice.map_to(job["map_to"]) for p in plan.problems})
elif kind == "checkin":
    from core.services.checkins import CheckinInput, get_assignment, record_checkin, standing_of
    with ws.session() as s:
        standing_of(s, get_assignment(s, job["assignments"][0]), ws.today)
else:
    from core.services.reports import issue_report, load_report, report_bytes
    data = load_report(ws, None, dt.date.fromisoformat(job["period_day"]))
    report_bytes(data, "docx")
print("ready", flush=True)
sys.stdin.readline()

if kind == "import":
    print("started", flush=True)
    result = commit_import(ws, plan, choices)
    print(f"ok 0 {result.documents[0].directive_id}", flush=True)
elif kind == "checkin":
    ids = job["assignments"]
    for i in range(job["count"]):
        data = CheckinInput(status="in_progress", progress=i % 101, result=f"{job['tag']}-{i}")
        row = record_checkin(ws, ids[i % len(ids)], data)
        print(f"ok {i} {row.id}", flush=True)
else:
    for i in range(job["count"]):
        issued = issue_report(ws, data, number=f"{job['first_number'] + i}/BC-UBND", fmt="docx",
                              target=f"{job['folder']}/{job['tag']}-{i}.docx")
        print(f"ok {i} {issued.id}", flush=True)
print("end", flush=True)
db.dispose()
"""


# --- running and killing a worker --------------------------------------------------------------


def _worker_url(db: Database) -> str:
    if db.is_sqlite:
        return db.url
    url = db.engine.url.render_as_string(hide_password=False)
    return f"{url}{'&' if '?' in url else '?'}application_name={APP_NAME}"


class Run:
    """One worker run: what it printed, whether the kill hit it while it ran."""

    def __init__(self, lines: list[str], killed: bool, elapsed: float):
        self.lines = lines
        self.killed = killed
        self.elapsed = elapsed  # from "go" to the kill, or to its last line
        self.done = [(int(p[1]), int(p[2])) for p in (ln.split() for ln in lines) if p and p[0] == "ok"]
        self.started = "started" in lines or bool(self.done)
        self.finished = "end" in lines


def _run_worker(db: Database, job: dict, tmp_path: Path, kill_after: float | None) -> Run:
    """Start a worker, let it warm up, say go; kill it `kill_after` seconds later (None: let it
    finish). Returns once the process (and, on PostgreSQL, its server session) is gone."""
    job = dict(job, url=_worker_url(db), day=DAY.isoformat())
    err_path = tmp_path / f"worker-{job['tag']}.err"
    with open(err_path, "w") as err:
        proc = subprocess.Popen([sys.executable, "-c", WORKER, json.dumps(job)], cwd=ROOT, text=True,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err,
                                env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        first = proc.stdout.readline().strip()
        assert first == "ready", err_path.read_text()[-3000:]
        proc.stdin.write("go\n")
        proc.stdin.flush()
        go = time.monotonic()
        if kill_after is None:
            lines = []
            while not lines or lines[-1] not in ("end", ""):
                lines.append(proc.stdout.readline().strip())
            elapsed = time.monotonic() - go  # to its last line, not to the interpreter's exit
            out = "\n".join(lines) + proc.stdout.read()
            proc.wait(timeout=120)
            assert proc.returncode == 0, err_path.read_text()[-3000:]
            killed = False
        else:
            time.sleep(max(0.0, kill_after - (time.monotonic() - go)))
            killed = proc.poll() is None
            proc.kill()
            elapsed = time.monotonic() - go
            proc.wait(timeout=30)
            out = proc.stdout.read()
            if not killed:  # it had finished before the kill: it must have finished well
                assert proc.returncode == 0, err_path.read_text()[-3000:]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdin.close()
        proc.stdout.close()
    _wait_server_sessions_gone(db)
    return Run(out.split("\n"), killed, elapsed)


def _wait_server_sessions_gone(db: Database) -> None:
    if db.is_sqlite:
        return  # the process is gone: its locks went with it
    deadline = time.monotonic() + 30
    while True:
        with db.engine.connect() as conn:
            left = conn.execute(text("select count(*) from pg_stat_activity where application_name = :n"),
                                {"n": APP_NAME}).scalar()
        if not left:
            return
        assert time.monotonic() < deadline, "the killed worker's PostgreSQL session did not end"
        time.sleep(0.05)


def _kill_points(seed: int, duration: float) -> list[float]:
    """KILLS delays over [0, SPAN·duration]: one seeded point in each equal stratum."""
    rng = random.Random(seed)
    width = SPAN / KILLS
    return [(k + rng.random()) * width * duration for k in range(KILLS)]


# --- invariants --------------------------------------------------------------------------------


def _check_database(db: Database) -> None:
    with db.engine.connect() as conn:
        if db.is_sqlite:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalars().all() == ["ok"]
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        for table in Base.metadata.sorted_tables:  # every table is readable
            conn.execute(select(func.count()).select_from(table)).scalar_one()


def _check_writable(db: Database, assignment_id: int, tag: str) -> None:
    ws = Workspace(db=db, today=DAY, os_user="tester")
    row = record_checkin(ws, assignment_id, CheckinInput(status="in_progress", progress=50, result=f"parent-{tag}"))
    assert row.id is not None


def _counts(db: Database) -> dict[str, int]:
    with db.engine.connect() as conn:
        return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in Base.metadata.sorted_tables}


def _state_rows(conn) -> list[tuple]:
    table = AssignmentState.__table__
    return [tuple(r) for r in conn.execute(select(table).order_by(*table.primary_key.columns, table.c.valid_from))]


# The stored counts (core/state_counts.py) are kept in rows that depend on the order of the
# writes; what they count is compared, on these days, not their rows.
COUNT_TABLES = {"unit_count_changes", "unit_count_marks", "count_months"}
COUNT_DAYS = [DAY - dt.timedelta(days=400), DAY - dt.timedelta(days=20), DAY, DAY + dt.timedelta(days=45)]


def _check_states_match_rebuild(db: Database) -> None:
    """assignment_states and the stored counts equal a full rebuild's."""
    with db.engine.connect() as conn:
        stored = _state_rows(conn)
        counted = [stored_counts(conn, day) for day in COUNT_DAYS]
        days = _checkin_day_rows(conn)
        rebuild_all_states(conn)
        rebuild_checkin_days(conn)
        rebuilt = _state_rows(conn)
        recounted = [stored_counts(conn, day) for day in COUNT_DAYS]
        redays = _checkin_day_rows(conn)
        conn.rollback()
    assert len(stored) == len(rebuilt)
    assert stored == rebuilt, next((a, b) for a, b in zip(stored, rebuilt) if a != b)
    assert counted == recounted
    assert days == redays


def _checkin_day_rows(conn) -> list[tuple]:
    t = UnitCheckinDay.__table__
    return [tuple(r) for r in conn.execute(select(t).order_by(t.c.unit_id, t.c.day))]


def _check_one_audit_insert_per_checkin(db: Database) -> None:
    with db.session() as s:
        rows = {str(c.id): c.result for c in s.scalars(select(Checkin))}
        audit = s.execute(select(AuditEntry.entity_id, AuditEntry.after).where(
            AuditEntry.entity == "checkins", AuditEntry.action == "insert")).all()
    assert Counter(a.entity_id for a in audit) == Counter(rows.keys())
    assert {a.entity_id: a.after["result"] for a in audit} == rows


def _open_assignments(db: Database) -> list[int]:
    return open_assignments(db, DAY, ASSIGNMENTS, skip_recurring=True)


def _seed_002_workspace(db: Database) -> None:
    with db.session() as s:
        s.info["actor"] = {"os_user": "tester", "business_date": dt.date(2021, 8, 14)}
        units = load_units(s, load_json(UNITS_FILE))
        add_clerks(s, units, "tester")
        load_directive(s, SEED_002_FILE)


def _not_vacuous(runs: list[Run], mid_way) -> None:
    killed = [r for r in runs if r.killed]
    assert killed, "no kill hit a running worker"
    assert any(mid_way(r) for r in killed), [(r.elapsed, len(r.done), r.finished) for r in runs]


# --- the scenarios -----------------------------------------------------------------------------


def test_import_killed_at_many_points_is_all_or_nothing(db, tmp_path):
    with db.session() as s:
        s.info["actor"] = {"os_user": "tester", "business_date": dt.date(2021, 8, 14)}
        units = load_units(s, load_json(UNITS_FILE))
        add_clerks(s, units, "tester")
        map_to = units["mttq_huyen"].id  # the clerk's decision for the one unknown name (demo_imports.json)
    source = SEED_FILE.read_text(encoding="utf-8")

    def job(n: int) -> dict:
        path = tmp_path / f"kh-{n}.txt"
        path.write_text(f"Số: {n}/KH-UBND\n{source}", encoding="utf-8")
        return dict(kind="import", tag=f"import-{n}", user="vp.ha", file=str(path), map_to=map_to)

    def stored(n: int):
        """The directive numbered n: its tasks, assignments and the audit inserts naming them."""
        with db.session() as s:
            d = s.scalar(select(Directive).where(Directive.number == n, Directive.number_text.is_not(None)))
            audit = s.execute(select(AuditEntry.entity, AuditEntry.after).where(AuditEntry.action == "insert",
                              AuditEntry.entity.in_(["directives", "tasks", "assignments"]))).all()
            named = [a for a in audit if a.entity == "directives" and a.after.get("number") == n]
            if d is None:
                return None, named
            task_ids = set(s.scalars(select(Task.id).where(Task.directive_id == d.id)))
            assignment_ids = set(s.scalars(select(Assignment.id).where(Assignment.task_id.in_(task_ids))))
            audited_tasks = [a for a in audit if a.entity == "tasks" and a.after.get("directive_id") == d.id]
            audited_assignments = [a for a in audit if a.entity == "assignments"
                                   and a.after.get("task_id") in task_ids]
            return (len(task_ids), len(assignment_ids), len(audited_tasks), len(audited_assignments)), named

    # the reference: an import nobody kills
    before = _counts(db)
    ref_run = _run_worker(db, job(1000), tmp_path, None)
    ref_delta = {k: v - before[k] for k, v in _counts(db).items() if k not in COUNT_TABLES}
    reference, named = stored(1000)
    assert ref_run.finished and reference is not None and len(named) == 1
    tasks, assignments, audited_tasks, audited_assignments = reference
    assert tasks >= 55 and assignments >= 400 and (audited_tasks, audited_assignments) == (tasks, assignments)
    assert ref_delta["assignments"] == assignments and ref_delta["audit_log"] > tasks + assignments
    _check_database(db)
    with db.session() as s:
        some_assignment = s.scalar(select(Assignment.id).order_by(Assignment.id).limit(1))
    _check_writable(db, some_assignment, "import-ref")

    runs, outcomes = [], []
    for k, delay in enumerate(_kill_points(1001, ref_run.elapsed)):
        n = 1001 + k
        before = _counts(db)
        run = _run_worker(db, job(n), tmp_path, delay)
        runs.append(run)
        _check_database(db)
        delta = {key: v - before[key] for key, v in _counts(db).items() if key not in COUNT_TABLES}
        found, named = stored(n)
        _check_states_match_rebuild(db)
        if found is None:  # nothing at all
            assert delta == dict.fromkeys(delta, 0), (n, delta)
            assert named == [], n
            assert not run.done, (n, run.lines)  # it said it had imported: the import must be there
            outcomes.append("absent")
        else:              # everything, exactly as the reference
            assert found == reference, (n, found, reference)
            assert delta == ref_delta, (n, delta, ref_delta)
            assert len(named) == 1
            outcomes.append("complete")
        _check_writable(db, some_assignment, f"import-{n}")

    print(f"\n{db.engine.dialect.name}: import {ref_run.elapsed:.2f} s; kills at "
          f"{[round(r.elapsed, 2) for r in runs]} -> {outcomes}")
    _not_vacuous(runs, lambda r: r.started and not r.done)
    assert "absent" in outcomes


def test_checkin_burst_killed_at_many_points_keeps_every_checkin_once(db, tmp_path):
    _seed_002_workspace(db)
    ids = _open_assignments(db)

    def job(tag: str) -> dict:
        return dict(kind="checkin", tag=tag, user="tester", assignments=ids, count=CHECKINS)

    def check(run: Run, tag: str) -> None:
        _check_database(db)
        with db.session() as s:
            results = s.scalars(select(Checkin.result).where(Checkin.result.like(f"{tag}-%"))).all()
        assert len(results) == len(set(results)), tag  # no duplicates
        stored = sorted(int(r.rsplit("-", 1)[1]) for r in results)
        reported = [i for i, _id in run.done]
        assert reported == list(range(len(reported))), tag
        # every reported check-in is there, plus at most the one being committed when killed
        assert stored in (reported, reported + [len(reported)]), (tag, reported[-3:], stored[-3:])
        _check_one_audit_insert_per_checkin(db)
        _check_states_match_rebuild(db)
        _check_writable(db, ids[0], tag)

    ref_run = _run_worker(db, job("ref"), tmp_path, None)
    assert ref_run.finished and len(ref_run.done) == CHECKINS
    check(ref_run, "ref")

    runs = []
    for k, delay in enumerate(_kill_points(2001, ref_run.elapsed)):
        run = _run_worker(db, job(f"kill{k}"), tmp_path, delay)
        runs.append(run)
        check(run, f"kill{k}")

    print(f"\n{db.engine.dialect.name}: {CHECKINS} check-ins in {ref_run.elapsed:.2f} s; killed after "
          f"{[len(r.done) for r in runs]}")
    _not_vacuous(runs, lambda r: 1 <= len(r.done) < CHECKINS)


def test_report_issue_killed_at_many_points_keeps_rows_and_files_identical(db, tmp_path):
    _seed_002_workspace(db)
    ids = _open_assignments(db)
    folder = tmp_path / "issued"
    folder.mkdir()
    ws = Workspace(db=db, today=DAY, os_user="vp.ha")
    checked: set[int] = set()

    def job(k: int) -> dict:
        return dict(kind="report", tag=f"r{k}", user="vp.ha", period_day=DAY.isoformat(),
                    count=REPORTS, first_number=100 * k + 1, folder=str(folder))

    def check(run: Run, k: int) -> None:
        _check_database(db)
        with db.session() as s:
            rows = s.scalars(select(IssuedDocument).order_by(IssuedDocument.id)).all()
            audited = s.scalars(select(AuditEntry.entity_id).where(
                AuditEntry.entity == "issued_documents", AuditEntry.action == "insert")).all()
        assert Counter(audited) == Counter(str(r.id) for r in rows)
        assert len({fold(r.number) for r in rows}) == len(rows)  # numbers stay unique
        for row in rows:  # never a row without its file, as issued
            path = folder / row.file_name
            assert path.exists(), (row.id, row.file_name)
            assert hashlib.sha256(path.read_bytes()).hexdigest() == row.sha256, row.file_name
        for row in rows:  # each row re-exports identically (checked once: rows never change)
            if row.id in checked:
                continue
            copy = tmp_path / "reexport" / f"{row.id}.docx"
            out, same = reexport_issued(ws, row.id, copy)
            assert same and out.read_bytes() == (folder / row.file_name).read_bytes(), row.file_name
            checked.add(row.id)
        mine = sorted(int(r.file_name.removesuffix(".docx").split("-")[1]) for r in rows
                      if r.file_name.startswith(f"r{k}-"))
        reported = [i for i, _id in run.done]
        assert reported == list(range(len(reported)))
        assert set(_id for _i, _id in run.done) <= {r.id for r in rows}
        assert mine in (reported, reported + [len(reported)]), (k, reported, mine)
        files = sorted(int(p.name.removesuffix(".docx").split("-")[1]) for p in folder.glob(f"r{k}-*.docx"))
        # a file without a row: at most the one being committed when the worker was killed
        assert files in (mine, mine + [len(mine)]), (k, mine, files)
        _check_writable(db, ids[k % len(ids)], f"report-{k}")

    ref_run = _run_worker(db, job(0), tmp_path, None)
    assert ref_run.finished and len(ref_run.done) == REPORTS
    check(ref_run, 0)

    runs = []
    for k, delay in enumerate(_kill_points(3001, ref_run.elapsed), start=1):
        run = _run_worker(db, job(k), tmp_path, delay)
        runs.append(run)
        check(run, k)

    print(f"\n{db.engine.dialect.name}: {REPORTS} reports in {ref_run.elapsed:.2f} s; killed after "
          f"{[len(r.done) for r in runs]}")
    _not_vacuous(runs, lambda r: 1 <= len(r.done) < REPORTS)
