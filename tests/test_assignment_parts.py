"""The full assignment list read in parts (core.services.assignments.iter_assignments) and
written as read by `dondoc tasks`; each row's latest check-in; on each backend."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

import core.services.assignments as assignments
from core.models import Checkin
from core.services.assignments import (
    AssignmentFilter,
    iter_assignments,
    list_assignments,
    page_assignments,
)
from tests.test_cli import run, run_json

DAYS = [dt.date(2021, 8, 16), dt.date(2021, 8, 20), dt.date(2021, 9, 1), dt.date(2021, 12, 31)]


def test_each_rows_latest_checkin_is_the_last_reported_by_that_day(demo_db):
    """Against every check-in read back in Python: the latest by date, then by id (two on one
    day: the later one), and none for an assignment with nothing reported by then."""
    with demo_db.session() as s:
        first = s.execute(select(Checkin).where(Checkin.reported_on <= DAYS[1])
                          .order_by(Checkin.reported_on.desc(), Checkin.id.desc())).scalars().first()
        s.add(Checkin(assignment_id=first.assignment_id, reported_on=first.reported_on,
                      status="blocked", progress=7, result="Báo cáo thứ hai cùng ngày."))
    with demo_db.session() as s:
        checkins = s.execute(select(Checkin.assignment_id, Checkin.reported_on, Checkin.id,
                                    Checkin.status, Checkin.progress)).all()
        for day in DAYS:
            latest: dict[int, tuple] = {}
            for c in checkins:
                if c.reported_on <= day and (c.assignment_id not in latest
                                             or (c.reported_on, c.id) > latest[c.assignment_id][:2]):
                    latest[c.assignment_id] = (c.reported_on, c.id, c.status, c.progress)
            rows = list_assignments(s, AssignmentFilter(), day)
            assert rows
            for r in rows:
                want = latest.get(r.id)
                got = (r.last_checkin_on, r.last_status, r.last_progress)
                assert got == ((want[0], want[2], want[3]) if want else (None, None, None)), (day, r.id)
            if day == DAYS[1]:
                tied = next(r for r in rows if r.id == first.assignment_id)
                assert (tied.last_status, tied.last_progress) == ("blocked", 7)


def test_parts_hold_the_list_in_order(demo_db, monkeypatch):
    """Parts of at most `part_rows`, which together are the list page by page; the check-ins
    of at most one part's ids are asked for at once (PostgreSQL binds at most 65,535)."""
    asked: list[int] = []
    real = assignments._last_checkins

    def spy(s, ids, as_of):
        asked.append(len(ids))
        return real(s, ids, as_of)

    monkeypatch.setattr(assignments, "_last_checkins", spy)
    day = dt.date(2021, 9, 1)
    with demo_db.session() as s:
        for flt in (AssignmentFilter(), AssignmentFilter(category="overdue"), AssignmentFilter(unit="Sở Y tế")):
            pages = []
            while True:
                page = page_assignments(s, flt, day, sort="due", offset=len(pages), limit=40)
                pages += page
                if len(page) < 40:
                    break
            asked.clear()
            parts = list(iter_assignments(s, flt, day, part_rows=37))
            assert parts and all(0 < len(p) <= 37 for p in parts) and all(len(p) == 37 for p in parts[:-1])
            assert max(asked) <= 37
            whole = [r.id for p in parts for r in p]
            assert whole == [r.id for r in pages] == [r.id for r in list_assignments(s, flt, day)]
            assert len(set(whole)) == len(whole)
            # --limit and an offset take the same slice of that order
            sliced = [r.id for p in iter_assignments(s, flt, day, limit=50, offset=10, part_rows=16) for r in p]
            assert sliced == whole[10:60]


def test_tasks_json_is_written_part_by_part(demo_db, capsys, monkeypatch):
    """The same JSON whatever the parts: its records, then their count; none gives []."""
    args = ("--db", demo_db.url, "tasks", "--as-of", "2021-09-01", "--json")
    whole = run_json(capsys, *args)
    monkeypatch.setattr(assignments, "PART_ROWS", 9)
    parted = run_json(capsys, *args)
    assert parted == whole and parted["count"] == len(parted["assignments"]) > 9
    code, out, _err = run(capsys, *args, "--search", "khôngcótừnàynhư vậy")
    assert code == 0 and json.loads(out) == {"as_of": "2021-09-01", "assignments": [], "count": 0}
    assert list(json.loads(out)) == ["as_of", "assignments", "count"]


@pytest.mark.parametrize("bad, message", [
    (("--unit", "zzz không có"), "Không tìm thấy đơn vị «zzz không có»"),
    (("--category", "xyz"), "Nhóm tình trạng không hợp lệ: «xyz»"),
    (("--flag", "abc"), "Cờ không hợp lệ: «abc»"),
])
def test_a_bad_filter_writes_nothing_but_its_message(demo_db, capsys, bad, message):
    """The rows are written as read, but a bad filter is found before the first of them: no
    half-written JSON or table, only the message in Vietnamese."""
    for fmt in (("--json",), ()):
        code, out, err = run(capsys, "--db", demo_db.url, "tasks", "--as-of", "2021-09-01", *bad, *fmt)
        assert code != 0 and out == "" and err.startswith("Lỗi: ") and message in err, (bad, fmt)


def test_tasks_table_in_parts_lines_up(demo_db, capsys, monkeypatch):
    """At 80 columns, a list printed in parts has one header, and a part's columns are where
    the widest part's before it put them: a part of short ids and items after one of long
    ones stays lined up with it."""
    with demo_db.session() as s:
        rows = list_assignments(s, AssignmentFilter(category="overdue"), dt.date(2021, 9, 1))
    rows.sort(key=lambda r: (len(str(r.id)) + len(r.task_path), r.id))
    short, wide = rows[:6], rows[-6:]
    assert len(str(short[0].id)) + len(short[0].task_path) < len(str(wide[0].id)) + len(wide[0].task_path)

    def parts(s, flt, as_of, limit=None):
        yield from (short, wide, short)

    monkeypatch.setattr(assignments, "iter_assignments", parts)
    code, out, err = run(capsys, "--db", demo_db.url, "tasks", "--as-of", "2021-09-01")
    assert code == 0, err
    lines = out.splitlines()
    assert [i for i, line in enumerate(lines) if line.lstrip().startswith("Mã")] == [1]
    body = lines[2:-1]
    assert len(body) == 18 and lines[-1].startswith("18 phân công")
    # Where each row's task text begins (after its id and item)
    text_at = [line.index(r.task_text[:6], len(str(r.id)) + len(r.task_path))
               for line, r in zip(body, short + wide + short)]
    assert len(set(text_at[:6])) == 1 and len(set(text_at[6:])) == 1
    assert text_at[0] < text_at[6]


@pytest.mark.parametrize("fmt", ["--json", None])
def test_a_reader_that_stops_early_ends_the_command_quietly(demo_db, fmt):
    """`dondoc tasks --json | head -3`: no traceback, exit status 0."""
    env = {**os.environ, "COLUMNS": "80", "DONDOC_TODAY": "2021-09-01"}
    cmd = [sys.executable, "-c", "import sys; from tui.cli import entry; sys.exit(entry())",
           "--db", demo_db.url, "tasks", *([fmt] if fmt else [])]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                            cwd=Path(__file__).resolve().parents[1])
    first = proc.stdout.readline()
    proc.stdout.close()  # as `head` does once it has its lines
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0, err
    assert first and "Traceback" not in err and err == ""
